#!/usr/bin/env bash
# `make bench`: measures the tools against the targets of issues #2 and #14, each next to its baseline from the
# same run, and writes bench/work/run-<N>y/report.md (and prints it). See BENCHMARKS.md. Every correctness
# guard runs before the figure it protects is timed; a guard that fails stops the bench.
#
# Settings (environment or make variables):
#   BENCH_YEARS=20        history length of the generated caches (end 2024-12-31); 2 for a quick run
#   BENCH_SYMBOL=EUR-USD  the symbol (FX profile of tools/gen_days.py: ~7.4 M 1-minute rows in 20 years)
#   BENCH_RUNS=5          runs of each cheap measurement (the median is reported)
#   BENCH_BASE_RUNS=3     runs of DuckDB and polars, the cascade, the cold rebuild-full, Parquet and hourly make all
#   BENCH_PANDAS_RUNS=1   runs of pandas (slowest): the 5m resample and the whole-job pipeline; 0 skips them
#   BENCH_HOURLY=1        the hourly `make all` of 26 symbols x BENCH_YEARS years (bench/hourly_all.sh); 0 skips it
#   BENCH_BIN=.build-bench/release   the tools; built here with --scratch-path .build-bench unless BENCH_BUILD=0
#   BENCH_PERF=1          also record perf profiles of the hot tools (bench/work/run-<N>y/perf-*.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES   # the pipeline's make runs as cron would start it

YEARS=${BENCH_YEARS:-20}
SYM=${BENCH_SYMBOL:-EUR-USD}
RUNS=${BENCH_RUNS:-5}
BASE_RUNS=${BENCH_BASE_RUNS:-3}
PANDAS_RUNS=${BENCH_PANDAS_RUNS:-1}
BIN=${BENCH_BIN:-.build-bench/release}
WORK=$ROOT/bench/work
RUN=$WORK/run-${YEARS}y
LOG=$RUN/results.jsonl
MEASURE=(python3 "$ROOT/bench/measure.py" --log "$LOG")
TIMEFRAMES="5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y"

say() { printf 'bench: %s\n' "$*" >&2; }
meta() { printf '{"meta": "%s", "value": %s}\n' "$1" "$2" >> "$LOG"; }
pipeline() {   # pipeline CACHE DATA BIN: the hourly job's pipeline step for one symbol, as make runs it
  make --no-print-directory -f "$ROOT/Makefile" pipeline SYMBOL="$SYM" CACHE_DIR="$1" DATA_DIR="$2" BIN="$3"
}

# ---- Tools, baselines' venv, generated caches.
if [[ ${BENCH_BUILD:-1} == 1 ]]; then
  say "building the tools (swift build -c release --scratch-path .build-bench)"
  swift build -c release --scratch-path .build-bench >&2
fi
touch "$BIN/.built"                 # the Makefile's build step: tools are newer than Sources
PY=$(bash bench/venv.sh)
if [[ -e $RUN ]]; then mkdir -p "$WORK/trash"; mv "$RUN" "$WORK/trash/run-$$-$RANDOM"; fi   # deleted at the end
# For up to 5 minutes after many files are deleted, ext4 allocates inodes slowly (it skips recently freed ones:
# recently_deleted() shows up in the kernel profile), which a real first run never sees: one cold rebuild took
# 8.6 s right after the previous bench's clean-up and 4.8 s once it had passed. So a run that follows another
# within 5 minutes waits out the rest; .deleted records when the last clean-up ended.
if [[ -e $WORK/.deleted ]]; then
  wait_s=$((300 - ($(date +%s) - $(stat -c %Y "$WORK/.deleted"))))
  if ((wait_s > 0)); then say "waiting $wait_s s: the last bench deleted many files less than 5 minutes ago"; sleep "$wait_s"; fi
fi
mkdir -p "$RUN/out"

cache_for() {   # cache_for YEARS: a generated cache of the last YEARS years up to 2024-12-31 (made once)
  local dir=$WORK/cache-$SYM-$1y
  if [[ ! -e $dir/.complete ]]; then
    say "generating $1 years of $SYM day payloads into $dir"
    python3 tools/gen_days.py --symbols "$SYM" --start "$((2025 - $1))-01-01" --end 2024-12-31 --out "$dir" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}
CACHE=$(cache_for "$YEARS")
json_bytes=$(find "$CACHE" -name "${SYM}_*.json" -printf '%s\n' | awk '{s += $1} END {print s}')
json_files=$(find "$CACHE" -name "${SYM}_*.json" | wc -l)
meta years "$YEARS"; meta symbol "\"$SYM\""; meta json_bytes "$json_bytes"; meta json_files "$json_files"
# The CPU as /proc/cpuinfo names it; a virtual machine often hides the exact model behind a generic name, so
# family/model/stepping and the vector extensions that the profiles depend on come with it.
cpu_model=$(awk -F': *' '/^model name/ {n = $2} /^cpu family/ {f = $2} /^model[[:space:]]*:/ {m = $2}
  /^stepping/ {s = $2} /^flags/ {for (i = 1; i <= split($2, a, " "); i++) if (a[i] ~ /^(avx2|avx512f|avx512bw)$/) x = x " " a[i]}
  /^$/ {exit} END {printf "%s (family %s, model %s, stepping %s;%s)", n, f, m, s, x}' /proc/cpuinfo)
meta cpu "\"${cpu_model//\"/\\\"}\""; meta cores "$(nproc)"
meta mem_gb "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
meta load_start "\"$(cut -d' ' -f1 /proc/loadavg)\""; meta kernel "\"$(uname -r)\""; meta date "\"$(date -u '+%Y-%m-%d %H:%M UTC')\""
meta swift "\"$(swift --version 2>/dev/null | head -1 | sed 's/"/\\"/g')\""
meta libs "\"$("$PY" -c 'import duckdb, polars, pandas, sys; print("Python %s, DuckDB %s, polars %s, pandas %s" % (sys.version.split()[0], duckdb.__version__, polars.__version__, pandas.__version__))')\""

# ---- 3 (and 5). A cold `make rebuild-full SYMBOL=X` (transform + aggregate + cascade), fresh DATA_DIR each
# run, timed as a user runs it. Then the same through wrappers (BIN below) that record each tool's rusage as
# make calls it, for per-stage CPU and peak RSS; those make walls include the wrappers' Python start-up and
# are not the headline.
TBIN=$RUN/tbin; mkdir -p "$TBIN"
for t in transform aggregate resample; do
  printf '#!/bin/sh\nexec python3 %q --log %q --label "${BENCH_LABEL:-cold}:%s" -- %q "$@"\n' \
    "$ROOT/bench/measure.py" "$LOG" "$t" "$ROOT/$BIN/ohlcv-$t" > "$TBIN/ohlcv-$t"
  chmod +x "$TBIN/ohlcv-$t"
done
for t in fetch config; do ln -sf "$ROOT/$BIN/ohlcv-$t" "$TBIN/ohlcv-$t"; done   # make's plan and settings check
touch "$TBIN/.built"
# Each run gets a new DATA_DIR and none is deleted until the end: ext4 makes file creation slower for a
# few minutes after many deletions (recently_deleted() in inode allocation), which a real first run never sees.
for ((i = 1; i <= BASE_RUNS; i++)); do
  say "cold make rebuild-full of $YEARS years ($json_files day files), run $i/$BASE_RUNS"
  "${MEASURE[@]}" --label cold:rebuild-full -- make --no-print-directory -f "$ROOT/Makefile" rebuild-full \
    SYMBOL="$SYM" CACHE_DIR="$CACHE" DATA_DIR="$RUN/full-$i" BIN="$BIN"
done
for ((i = 1; i <= BASE_RUNS; i++)); do
  say "cold make pipeline through the recording wrappers, run $i/$BASE_RUNS"
  DATA=$RUN/data-$i
  "${MEASURE[@]}" --label cold:make -- make --no-print-directory -f "$ROOT/Makefile" pipeline SYMBOL="$SYM" \
    CACHE_DIR="$CACHE" DATA_DIR="$DATA" BIN="$TBIN"
done
M1=$DATA/aggregate/1m/$SYM.csv
meta m1_rows "$(($(wc -l < "$M1") - 1))"; meta m1_bytes "$(stat -c %s "$M1")"
for f in aggregate/1m/$SYM.csv $(for tf in $TIMEFRAMES; do echo "resample/$tf/$SYM.csv"; done); do
  cmp "$RUN/full-1/$f" "$DATA/$f"    # guard: rebuild-full built what the pipeline builds
done

# The whole job the pandas way (JSON days -> 1-minute CSV -> the 10-timeframe cascade). Guard first, before
# it is timed: on the 2-year history, every candle of its 11 files must equal ours as exact decimals.
if ((PANDAS_RUNS > 0)); then
  say "guard: the pandas whole-job pipeline against ours on the 2-year history"
  if ((YEARS == 2)); then G=$DATA; else
    G=$RUN/guard-2y; pipeline "$(cache_for 2)" "$G" "$BIN" >&2
  fi
  "$PY" bench/baselines.py pandas-full "$(cache_for 2)" "$RUN/out/pandas-guard" --symbol "$SYM"
  "$PY" bench/baselines.py check-full "$G" "$RUN/out/pandas-guard" --symbol "$SYM" 2>> "$RUN/guard.txt"
  rm -rf "$RUN/out/pandas-guard"
  say "pandas whole-job pipeline on $YEARS years ($PANDAS_RUNS run(s))"
  for ((i = 1; i <= PANDAS_RUNS; i++)); do
    "${MEASURE[@]}" --label cold:pandas-full -- "$PY" bench/baselines.py pandas-full "$CACHE" "$RUN/out/pandas" \
      --symbol "$SYM" --log "$LOG" --label cold:pandas-full:inproc
  done
  # The timed run's own output, at full scale: every time, values on a sample of rows.
  "$PY" bench/baselines.py check "$M1" "$RUN/out/pandas/1m.csv" --sample-every 997 2>> "$RUN/guard.txt"
  for tf in $TIMEFRAMES; do
    "$PY" bench/baselines.py check "$DATA/resample/$tf/$SYM.csv" "$RUN/out/pandas/$tf.csv" --sample-every 97 2>> "$RUN/guard.txt"
  done
  rm -rf "$RUN/out/pandas"
fi

# ---- 1. Resample 1m -> 5m in filter mode, against wc -l, DuckDB, polars and pandas.
# Guard first: our 5m output must equal the cascade's 5m file byte for byte, and DuckDB's and polars'
# values as decimals, before anything is timed.
say "guard: checking our 5m output against the cascade, DuckDB and polars"
"$BIN/ohlcv-resample" --timeframe 5m "$M1" > "$RUN/out/ours-5m.csv"
cmp "$RUN/out/ours-5m.csv" "$DATA/resample/5m/$SYM.csv"
"$PY" bench/baselines.py duckdb "$M1" "$RUN/out/duckdb-5m.csv"
"$PY" bench/baselines.py polars "$M1" "$RUN/out/polars-5m.csv"
"$PY" bench/baselines.py check "$RUN/out/ours-5m.csv" "$RUN/out/duckdb-5m.csv" 2>> "$RUN/guard.txt"
"$PY" bench/baselines.py check "$RUN/out/ours-5m.csv" "$RUN/out/polars-5m.csv" 2>> "$RUN/guard.txt"
if ((PANDAS_RUNS > 0)); then
  "${MEASURE[@]}" --label r5m:pandas -- "$PY" bench/baselines.py pandas "$M1" "$RUN/out/pandas-5m.csv" \
    --log "$LOG" --label r5m:pandas:inproc
  "$PY" bench/baselines.py check "$RUN/out/ours-5m.csv" "$RUN/out/pandas-5m.csv" 2>> "$RUN/guard.txt"
fi
cat "$RUN/guard.txt" >&2
meta m5_rows "$(($(wc -l < "$RUN/out/ours-5m.csv") - 1))"

say "timing 1m -> 5m: ours and wc -l ($RUNS runs), DuckDB and polars ($BASE_RUNS runs)"
for ((i = 1; i <= RUNS; i++)); do
  "${MEASURE[@]}" --label r5m:ours --stdout "$RUN/out/ours-5m.csv" -- "$BIN/ohlcv-resample" --timeframe 5m "$M1"
  "${MEASURE[@]}" --label r5m:wc --stdout /dev/null -- wc -l "$M1"
  "${MEASURE[@]}" --label r5m:cat --stdout /dev/null -- cat "$M1"
done
for ((i = 1; i <= BASE_RUNS; i++)); do
  for lib in duckdb polars; do
    "${MEASURE[@]}" --label "r5m:$lib" -- "$PY" bench/baselines.py "$lib" "$M1" "$RUN/out/$lib-5m.csv" \
      --log "$LOG" --label "r5m:$lib:inproc"
  done
done
for ((i = 2; i <= PANDAS_RUNS; i++)); do
  "${MEASURE[@]}" --label r5m:pandas -- "$PY" bench/baselines.py pandas "$M1" "$RUN/out/pandas-5m.csv" \
    --log "$LOG" --label r5m:pandas:inproc
done

# ---- 2. The full 10-timeframe cascade, file mode, fresh output directory each run (as make calls it).
say "timing the fresh 10-timeframe cascade ($BASE_RUNS runs)"
for ((i = 1; i <= BASE_RUNS; i++)); do
  rm -rf "$RUN/cascade"
  "${MEASURE[@]}" --label cascade:ours -- "$BIN/ohlcv-resample" --symbol "$SYM" --decimals 8 --alignment 0 \
    --timeframes "$TIMEFRAMES" --input "$M1" --output-dir "$RUN/cascade"
done
for tf in $TIMEFRAMES; do cmp "$RUN/cascade/$tf/$SYM.csv" "$DATA/resample/$tf/$SYM.csv"; done

# ---- Parquet: ohlcv-parquet on the 1-minute file against DuckDB's COPY ... TO parquet, and its peak RSS in
# each of its modes: a named file (-o, the file searched and read once), a pipe (stdin, not seekable:
# `cat FILE |`, whose CPU is counted with ours) and the Hive tree (every year of the series, fresh root).
# Guard first: DuckDB must read back exactly the CSV's rows from each mode's output.
say "guard: ohlcv-parquet's file, pipe and Hive outputs against the 1-minute CSV"
PQ=$RUN/parquet; mkdir -p "$PQ"
pq_pipe() { bash -c 'cat "$1" | exec "$2" -o "$3" -' _ "$M1" "$BIN/ohlcv-parquet" "$1"; }
"$BIN/ohlcv-parquet" -o "$PQ/file.parquet" "$M1"
pq_pipe "$PQ/pipe.parquet"
cmp "$PQ/file.parquet" "$PQ/pipe.parquet"
"$BIN/ohlcv-parquet" --hive-root "$PQ/hive-0" --timeframe 1m --symbol "$SYM" --input "$M1"
"$PY" bench/baselines.py check-parquet "$M1" "$PQ/file.parquet" 2>> "$RUN/guard.txt"
"$PY" bench/baselines.py check-parquet "$M1" $(find "$PQ/hive-0" -name '*.parquet' | sort) 2>> "$RUN/guard.txt"
meta parquet_years "$(find "$PQ/hive-0" -name '*.parquet' | wc -l)"
meta parquet_bytes "$(stat -c %s "$PQ/file.parquet")"
say "timing ohlcv-parquet (file, pipe, Hive) and DuckDB COPY TO parquet ($BASE_RUNS runs each)"
for ((i = 1; i <= BASE_RUNS; i++)); do
  "${MEASURE[@]}" --label pq:file -- "$BIN/ohlcv-parquet" -o "$PQ/file.parquet" "$M1"
  "${MEASURE[@]}" --label pq:pipe -- bash -c 'cat "$1" | exec "$2" -o "$3" -' _ "$M1" "$BIN/ohlcv-parquet" "$PQ/pipe.parquet"
  "${MEASURE[@]}" --label pq:hive -- "$BIN/ohlcv-parquet" --hive-root "$PQ/hive-$i" --timeframe 1m --symbol "$SYM" \
    --input "$M1"
  "${MEASURE[@]}" --label pq:duckdb -- "$PY" bench/baselines.py duckdb-parquet "$M1" "$PQ/duckdb.parquet" \
    --log "$LOG" --label pq:duckdb:inproc
done
meta duckdb_parquet_bytes "$(stat -c %s "$PQ/duckdb.parquet")"
rm -rf "$PQ"

# ---- 4. Incremental runs of the whole `make pipeline SYMBOL=X`: one new day, then hourly growth of today.
# Each history gets its own cache (hard links of the generated one) and data; new days are weekdays of
# January 2025, each run adding the next one.
weekdays_after() {   # weekdays_after N: the first N weekdays from 2025-01-02 on
  local k=0 n=0 d
  while ((n < $1)); do
    d=$(date -u -d "2025-01-02 + $k day" +%F); k=$((k + 1))
    if (($(date -u -d "$d" +%u) <= 5)); then echo "$d"; n=$((n + 1)); fi
  done
}
incr_years=2; ((YEARS > 2)) && incr_years="2 $YEARS"
for H in $incr_years; do
  src=$(cache_for "$H")
  ic=$RUN/incr-$H/cache; id=$RUN/incr-$H/data
  mkdir -p "$RUN/incr-$H"; cp -al "$src" "$ic"
  say "incremental, $H-year history: building it (untimed)"
  pipeline "$ic" "$id" "$BIN" >&2
  for ((i = 1; i <= RUNS; i++)); do
    "${MEASURE[@]}" --label "incr:$H:noop" -- make --no-print-directory -f "$ROOT/Makefile" pipeline \
      SYMBOL="$SYM" CACHE_DIR="$ic" DATA_DIR="$id" BIN="$BIN"
  done
  days=($(weekdays_after $((2 * RUNS + 1))))
  for ((i = 0; i < RUNS; i++)); do
    python3 tools/gen_days.py --symbols "$SYM" --start "${days[i]}" --end "${days[i]}" --out "$ic" --jobs 1 2> /dev/null
    "${MEASURE[@]}" --label "incr:$H:newday" -- make --no-print-directory -f "$ROOT/Makefile" pipeline \
      SYMBOL="$SYM" CACHE_DIR="$ic" DATA_DIR="$id" BIN="$BIN"
  done
  # The same again through the recording wrappers, for each tool's share (make's wall here includes the
  # wrappers' Python start-up, so it is not reported; the tools' own figures are).
  for ((i = RUNS; i < 2 * RUNS; i++)); do
    python3 tools/gen_days.py --symbols "$SYM" --start "${days[i]}" --end "${days[i]}" --out "$ic" --jobs 1 2> /dev/null
    BENCH_LABEL="incr:$H:newday" make --no-print-directory -f "$ROOT/Makefile" pipeline \
      SYMBOL="$SYM" CACHE_DIR="$ic" DATA_DIR="$id" BIN="$TBIN"
  done
  today=${days[2 * RUNS]}
  for ((i = 1; i <= RUNS; i++)); do
    python3 bench/grow_day.py "$SYM" "$today" $((540 + 60 * i)) "$id/temp"
    "${MEASURE[@]}" --label "incr:$H:hourly" -- make --no-print-directory -f "$ROOT/Makefile" pipeline \
      SYMBOL="$SYM" CACHE_DIR="$ic" DATA_DIR="$id" BIN="$BIN"
  done
  if ((H == 2)); then   # guard: the incremental result equals a clean build from the same inputs
    mkdir -p "$RUN/incr-2/clean/temp"; cp "$id/temp/${SYM}_"*.json "$RUN/incr-2/clean/temp/"
    pipeline "$ic" "$RUN/incr-2/clean" "$BIN" >&2
    for f in aggregate/1m/$SYM.csv $(for tf in $TIMEFRAMES; do echo "resample/$tf/$SYM.csv"; done); do
      cmp "$id/$f" "$RUN/incr-2/clean/$f"
    done
    echo "bench guard: 2-year history after $RUNS new days and $RUNS hourly runs = clean rebuild (11 files)" \
      | tee -a "$RUN/guard.txt" >&2
  fi
done

# ---- The hourly `make all` of 26 symbols with YEARS-year histories against the local replay server, rate cap
# raised (bench/hourly_all.sh: its generated cache is kept in bench/work/hourly-26-<N>/, its data rebuilt).
if [[ ${BENCH_HOURLY:-1} == 1 ]]; then
  say "hourly make all: 26 symbols x $YEARS years against the local replay server (cold build untimed)"
  BIN=$BIN RATE=1000 RUNS=$BASE_RUNS BENCH_LOG=$LOG BENCH_WORK=$WORK/hourly-26-${YEARS}y \
    bash bench/hourly_all.sh 26 "$YEARS" >&2
fi

# ---- 5. Peak RSS of each tool on the full files (from the runs above) is in the log; the report picks it.

# ---- Profiles (BENCH_PERF=1): flat perf profiles of each tool on the full files, and the transform's syscalls.
flat() {   # flat NAME CMD...: perf record CMD, keep the flat, demangled profile in $RUN/perf-NAME.txt
  local name=$1; shift
  perf record -q -o "$RUN/perf.data" -- "$@" > /dev/null 2>&1
  perf report -i "$RUN/perf.data" --no-children --stdio -g none --percent-limit 0.5 --sort dso,symbol 2> /dev/null \
    | grep '%' | { swift demangle --simplified 2> /dev/null || cat; } | sed -e 's/[[:space:]]*-[[:space:]]*-[[:space:]]*$//' -e 's/ *$//' > "$RUN/perf-$name.txt" || true
  rm -f "$RUN/perf.data"
}
if [[ ${BENCH_PERF:-0} == 1 ]] && command -v perf > /dev/null; then
  say "profiling: perf record of each tool on the full files; strace -c of a cold transform"
  find "$CACHE" -name "${SYM}_*.json" | sort > "$RUN/all-days.txt"
  P=$RUN/profile; mkdir -p "$P"
  flat transform "$BIN/ohlcv-transform" --symbol "$SYM" --decimals 8 --alignment 0 --output-dir "$P/transform" \
    --files-from "$RUN/all-days.txt"
  flat aggregate "$BIN/ohlcv-aggregate" --symbol "$SYM" --decimals 8 --alignment 0 --output "$P/aggregate/$SYM.csv" \
    --transform-dir "$P/transform" --temp-dir "$P/temp" --changed-from "$RUN/all-days.txt"
  flat r5m "$BIN/ohlcv-resample" --timeframe 5m "$M1"
  flat cascade "$BIN/ohlcv-resample" --symbol "$SYM" --decimals 8 --alignment 0 --timeframes "$TIMEFRAMES" \
    --input "$P/aggregate/$SYM.csv" --output-dir "$P/resample"
  if command -v strace > /dev/null; then
    strace -c -f -o "$RUN/strace-transform.txt" "$BIN/ohlcv-transform" --symbol "$SYM" --decimals 8 --alignment 0 \
      --output-dir "$P/transform2" --files-from "$RUN/all-days.txt"
  fi
fi

# ---- The I/O floors: reading each stage's input and writing its output with cat and cp alone (last, since it
# deletes thousands of files, which would slow the file creation of any timing after it).
say "I/O floors (bench/floors.sh)"
bash bench/floors.sh "$CACHE" "$RUN/data-$BASE_RUNS" "$SYM" > "$RUN/floors.txt"

meta load_end "\"$(cut -d' ' -f1 /proc/loadavg)\""
python3 bench/report.py "$LOG" > "$RUN/report.md"
{ echo; echo "I/O floors (bench/floors.sh: cat and cp alone, median of 3, on this run's files):"; echo
  sed 's/^/- /' "$RUN/floors.txt"; } >> "$RUN/report.md"
cat "$RUN/report.md"
for ((i = 1; i < BASE_RUNS; i++)); do rm -rf "$RUN/data-$i"; done   # keeps the last cold DATA_DIR
# Deleted only now: every timing above creates files, and ext4 creates them slowly for minutes after mass
# deletions. The hourly tree holds 26 symbols' derived files, about 1 GB per symbol at 20 years.
rm -rf "$WORK/trash" "$RUN/profile" "$RUN/cascade" "$RUN"/full-* "$RUN/guard-2y" "$WORK/hourly-26-${YEARS}y/data"
touch "$WORK/.deleted"
