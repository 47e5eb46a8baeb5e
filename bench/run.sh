#!/usr/bin/env bash
# `make bench`: measures the tools against the targets of issue #2, each next to its baseline from the same
# run, and writes bench/work/run-<N>y/report.md (and prints it). See BENCHMARKS.md.
#
# Settings (environment or make variables):
#   BENCH_YEARS=20        history length of the generated cache (ends 2024-12-31); 2 for a quick run
#   BENCH_SYMBOL=EUR-USD  the symbol (FX profile of tools/gen_days.py: ~7.4 M 1-minute rows in 20 years)
#   BENCH_RUNS=5          runs of each cheap measurement (the median is reported)
#   BENCH_BASE_RUNS=3     runs of DuckDB and polars, and of the cascade and the cold transform+aggregate
#   BENCH_PANDAS_RUNS=1   runs of pandas (slowest); 0 skips it
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
meta cpu "\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\""; meta cores "$(nproc)"
meta mem_gb "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
meta load_start "\"$(cut -d' ' -f1 /proc/loadavg)\""; meta kernel "\"$(uname -r)\""; meta date "\"$(date -u '+%Y-%m-%d %H:%M UTC')\""
meta swift "\"$(swift --version 2>/dev/null | head -1 | sed 's/"/\\"/g')\""
meta libs "\"$("$PY" -c 'import duckdb, polars, pandas, sys; print("Python %s, DuckDB %s, polars %s, pandas %s" % (sys.version.split()[0], duckdb.__version__, polars.__version__, pandas.__version__))')\""

# ---- 3 (and 5). Cold transform + aggregate (+ the cascade) through make, fresh DATA_DIR each run. BIN is a
# directory of wrappers that record each tool's rusage as make calls it, so per-stage CPU and peak RSS are
# the real tools'; make's own wall time is measured around it.
TBIN=$RUN/tbin; mkdir -p "$TBIN"
for t in transform aggregate resample; do
  printf '#!/bin/sh\nexec python3 %q --log %q --label "${BENCH_LABEL:-cold}:%s" -- %q "$@"\n' \
    "$ROOT/bench/measure.py" "$LOG" "$t" "$ROOT/$BIN/ohlcv-$t" > "$TBIN/ohlcv-$t"
  chmod +x "$TBIN/ohlcv-$t"
done
ln -sf "$ROOT/$BIN/ohlcv-fetch" "$TBIN/ohlcv-fetch"      # make's settings check asks it about symbols.txt
touch "$TBIN/.built"
# Each run gets a new DATA_DIR and none is deleted until the end: ext4 makes file creation slower for a
# few minutes after many deletions (recently_deleted() in inode allocation), which a real first run never sees.
for ((i = 1; i <= BASE_RUNS; i++)); do
  say "cold make pipeline of $YEARS years ($json_files day files), run $i/$BASE_RUNS"
  DATA=$RUN/data-$i
  "${MEASURE[@]}" --label cold:make -- make --no-print-directory -f "$ROOT/Makefile" pipeline SYMBOL="$SYM" \
    CACHE_DIR="$CACHE" DATA_DIR="$DATA" BIN="$TBIN"
done
M1=$DATA/aggregate/1m/$SYM.csv
meta m1_rows "$(($(wc -l < "$M1") - 1))"; meta m1_bytes "$(stat -c %s "$M1")"

# The pandas way of doing transform + aggregate (JSON days -> one 1-minute CSV), checked against ours.
if ((PANDAS_RUNS > 0)); then
  say "pandas pipeline baseline for transform + aggregate ($PANDAS_RUNS run(s))"
  for ((i = 1; i <= PANDAS_RUNS; i++)); do
    "${MEASURE[@]}" --label cold:pandas -- "$PY" bench/baselines.py pandas-pipeline "$CACHE" "$RUN/out/pandas-1m.csv" \
      --symbol "$SYM" --log "$LOG" --label cold:pandas:inproc
  done
  "$PY" bench/baselines.py check "$M1" "$RUN/out/pandas-1m.csv" --sample-every 997 2>> "$RUN/guard.txt"
  rm -f "$RUN/out/pandas-1m.csv"
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

meta load_end "\"$(cut -d' ' -f1 /proc/loadavg)\""
python3 bench/report.py "$LOG" > "$RUN/report.md"
cat "$RUN/report.md"
for ((i = 1; i < BASE_RUNS; i++)); do rm -rf "$RUN/data-$i"; done   # keeps the last cold DATA_DIR
rm -rf "$WORK/trash" "$RUN/profile" "$RUN/cascade"
