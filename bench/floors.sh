#!/usr/bin/env bash
# The I/O floors of BENCHMARKS.md: how long reading a stage's input and writing its output take with no work
# in between (cat and cp, each output made durable as the tools make theirs), on the files of one built symbol.
# A stage can approach its floor, not pass it.
#
# Usage: bench/floors.sh CACHE DATA SYM   (DATA: a data dir that `make pipeline` built from CACHE)
# Prints one line per floor, each the median of 3 runs, wall and CPU (user + sys) of the commands.
set -euo pipefail
cache=$1 data=$2 sym=$3
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ohlcv-floors.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
m1=$data/aggregate/1m/$sym.csv
timed() {   # timed LABEL CMD: the median of 3 runs of CMD (bash -c; $run is 1, 2, 3), as "LABEL: wall s (CPU s)"
  local label=$1; shift
  python3 - "$label" "$@" <<'PY'
import os, resource, statistics, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2]
walls, cpus = [], []
for run in range(1, 4):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(["bash", "-c", cmd], check=True, env=dict(os.environ, run=str(run)))
    walls.append(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
print("%s: %.3f s wall (CPU %.3f s)" % (label, statistics.median(walls), statistics.median(cpus)))
PY
}
json_list=$scratch/json.list
find "$cache" -name "${sym}_*.json" | sort > "$json_list"
csv_list=$scratch/csv.list
(cd "$data/transform/1m" && find . -name "${sym}_*.csv" | sort) > "$csv_list"
echo "floors: $(wc -l < "$json_list") JSON days ($(xargs cat < "$json_list" | wc -c) bytes), 1-minute file $(stat -c %s "$m1") bytes"
timed "read the JSON days (cat)" "xargs cat < '$json_list' > /dev/null"
timed "read the 1-minute file (cat)" "cat '$m1' > /dev/null"
timed "count its lines (wc -l)" "wc -l < '$m1' > /dev/null"
# Every run writes new files into a directory of its own, and nothing is deleted before the end: ext4 creates
# files slowly for minutes after many deletions, as the cold runs of bench/run.sh avoid too.
# The day CSVs written as transform writes them: one new file each, then one syncfs (AtomicBatch's flush).
timed "write the day CSVs (one file per day) and sync" \
  "mkdir -p '$scratch/t\$run'; cd '$data/transform/1m' && xargs cp --parents -t '$scratch/t\$run' < '$csv_list' && sync -f '$scratch/t\$run'"
timed "write the 1-minute file and fsync" "cat '$m1' > '$scratch/1m-\$run.csv' && sync '$scratch/1m-\$run.csv'"
timed "write the 5m file and fsync" "cat '$data/resample/5m/$sym.csv' > '$scratch/5m-\$run.csv' && sync '$scratch/5m-\$run.csv'"
timed "write the ten resampled files and fsync" \
  "mkdir -p '$scratch/r\$run'; for f in '$data'/resample/*/'$sym'.csv; do cat \"\$f\" > '$scratch/r\$run/'\$(basename \$(dirname \"\$f\")).csv; done && sync '$scratch/r\$run'/*.csv"
