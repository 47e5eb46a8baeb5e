#!/usr/bin/env bash
# The hourly cron run at scale (issue #3, #14 item 5): `make all` for SYMBOLS_N symbols with YEARS-year
# histories, against the local replay server (127.0.0.1 only), after a complete build. Each timed run is one
# simulated hour later than the one before, so every symbol's growing day has 60 new minutes to fetch,
# transform, aggregate and resample, as it has in cron. The rate cap is raised to RATE (default 1000, the
# most the settings allow: 26 requests cost 26 ms of pacing) so that our own work is what is timed.
#
# Usage: bench/hourly_all.sh [SYMBOLS_N=26] [YEARS=20]
#   BIN=.build/release   the tools
#   RATE=1000            requests per second for the timed runs
#   RUNS=3               timed runs of `make all` as the cron line runs it, then RUNS more with MAKEFLAGS=-j2
#   BENCH_LOG=FILE       also append each run's wall, CPU and peak RSS (bench/measure.py) as labels
#                        hourly:cron and hourly:j2, for bench/report.py
#   BENCH_WORK=DIR       where the generated cache (kept, made once) and the data (made anew each time) go
# Every timed run must grow every symbol's 1-minute file, or the script stops: a run that fetched nothing
# would time nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-26}; years=${2:-20}
BIN=${BIN:-.build/release}
RATE=${RATE:-1000}
RUNS=${RUNS:-3}
work=${BENCH_WORK:-bench/work/hourly-$n-$years}
today=2025-01-15
start=$(( 2025 - years ))-01-01
letters=(AUD CAD CHF CZK DKK EUR GBP HKD HUF JPY MXN NOK NZD PLN SEK SGD TRY USD ZAR CNH ILS INR KRW THB TWD XAU XAG)
symbols=()
for ((i = 0; i < n; i++)); do symbols+=("${letters[$i]}-USD"); done
for i in "${!symbols[@]}"; do [ "${symbols[$i]}" != "USD-USD" ] || symbols[$i]=EUR-JPY; done

mkdir -p "$work"
# About 64 MB per symbol and year (7 MB of JSON, 57 MB of derived CSVs): 33 GB at 26 x 20. The disk is shared,
# so the run refuses to start rather than fill it.
need_mb=$(( n * years * 64 + 2048 ))
free_mb=$(( $(df --output=avail -k "$work" | tail -1) / 1024 ))
if (( free_mb < need_mb )); then
  echo "hourly: needs about $need_mb MB free in $work, has $free_mb MB; nothing was run" >&2; exit 1
fi
printf '%s\n' "${symbols[@]}" > "$work/symbols.txt"
if [ ! -f "$work/.generated" ]; then
  echo "hourly: generating $n symbols x $years years (once)..." >&2
  python3 tools/gen_days.py --symbols "$(IFS=,; echo "${symbols[*]}")" --start "$start" --end 2025-01-14 \
    --out "$work/cache" --jobs 2 >&2
  touch "$work/.generated"
fi
# The data is built anew each time: the server's clock starts again at 09:00, and a growing day that a
# previous run took further would otherwise shrink.
rm -rf "$work/data"
port_file=$work/replay.port; rm -f "$port_file"
python3 tools/replay_server.py --port 0 --port-file "$port_file" --gen-symbols "$(IFS=,; echo "${symbols[*]}")" \
  --now ${today}T09:00:00Z --freeze --log "$work/replay.log" --max-seconds 3600 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$port_file")"
args=(--no-print-directory all NO_BUILD=1 BIN="$BIN" CACHE_DIR="$work/cache" DATA_DIR="$work/data"
      SYMBOLS_FILE="$work/symbols.txt" START_DATE="$start" BASE_URL="$url")
ctl() { python3 tools/replay_server.py --port-file "$port_file" --send "$1" >/dev/null; }
sizes() { for s in "${symbols[@]}"; do stat -c %s "$work/data/aggregate/1m/$s.csv"; done; }

echo "hourly: cold build of $n symbols x $years years (untimed)..." >&2
OHLCV_TODAY=$today MAKEFLAGS=-j2 make "${args[@]}" RATE=1000 >/dev/null 2>"$work/cold.err" \
  || { cat "$work/cold.err" >&2; exit 1; }
hour=9
for mode in cron j2; do
  for ((i = 1; i <= RUNS; i++)); do
    hour=$((hour + 1))
    ctl "{\"now\":\"${today}T$(printf %02d $hour):00:00Z\"}"
    before=$(sizes)
    flags=; [ $mode = cron ] || flags=-j2
    log=${BENCH_LOG:-$work/hourly.jsonl}
    OHLCV_TODAY=$today MAKEFLAGS=$flags python3 bench/measure.py --log "$log" --label "hourly:$mode" --stdout /dev/null \
      -- make "${args[@]}" RATE="$RATE" 2>"$work/hourly.err" || { cat "$work/hourly.err" >&2; exit 1; }
    grown=$(paste <(echo "$before") <(sizes) | awk '$2 > $1' | wc -l)
    if [ "$grown" -ne "$n" ]; then
      echo "hourly: the run at ${hour}:00 grew $grown of $n symbols' 1-minute files; nothing is timed" >&2; exit 1
    fi
    tail -n 1 "$log" | python3 -c 'import json, sys; r = json.load(sys.stdin); print("hourly make all (%s): %d symbols x %d years, RATE=%s, %02d:00: %.3f s wall, CPU %.3f s" % (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), r["wall"], r["user"] + r["sys"]))' \
      "$mode" "$n" "$years" "$RATE" "$hour"
  done
done
