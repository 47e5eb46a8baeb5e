#!/usr/bin/env bash
# The hourly cron run at scale (issue #3): `make all` for SYMBOLS_N symbols with YEARS-year histories, against
# the local replay server (127.0.0.1 only), one simulated hour after a complete build. Reports the wall time
# of the whole `make all` (fetch of every symbol's growing day + transform/aggregate/resample), at the default
# rate cap and at a high one, next to the ideal requests/rate.
# Usage: bench/hourly_all.sh [SYMBOLS_N=26] [YEARS=20]      (BIN=.build/release by default)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-26}; years=${2:-20}
BIN=${BIN:-.build/release}
work=${BENCH_WORK:-bench/work/hourly-$n-$years}
today=2025-01-15
start=$(( 2025 - years ))-01-01
letters=(AUD CAD CHF CZK DKK EUR GBP HKD HUF JPY MXN NOK NZD PLN SEK SGD TRY USD ZAR CNH ILS INR KRW THB TWD XAU XAG)
symbols=()
for ((i = 0; i < n; i++)); do symbols+=("${letters[$i]}-USD"); done
[ "${symbols[0]}" != "USD-USD" ] || symbols[0]=EUR-JPY

mkdir -p "$work"
printf '%s\n' "${symbols[@]}" > "$work/symbols.txt"
if [ ! -f "$work/.generated" ]; then
  echo "hourly: generating $n symbols x $years years (once)..." >&2
  python3 tools/gen_days.py --symbols "$(IFS=,; echo "${symbols[*]}")" --start "$start" --end 2025-01-14 \
    --out "$work/cache" --jobs 2 >&2
  touch "$work/.generated"
fi
port_file=$work/replay.port; rm -f "$port_file"
python3 tools/replay_server.py --port 0 --port-file "$port_file" --gen-symbols "$(IFS=,; echo "${symbols[*]}")" \
  --now ${today}T09:00:00Z --freeze --log "$work/replay.log" --max-seconds 1800 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$port_file")"
run() { make --no-print-directory all NO_BUILD=1 BIN="$BIN" CACHE_DIR="$work/cache" DATA_DIR="$work/data" \
          SYMBOLS_FILE="$work/symbols.txt" START_DATE="$start" BASE_URL="$url" "$@"; }
ctl() { python3 tools/replay_server.py --port-file "$port_file" --send "$1" >/dev/null; }

if [ ! -f "$work/data/.built" ]; then
  echo "hourly: cold build (once)..." >&2
  OHLCV_TODAY=$today run RATE=200 MAKEFLAGS=-j2 >/dev/null 2>"$work/cold.err" || { cat "$work/cold.err" >&2; exit 1; }
  touch "$work/data/.built"
fi
for hour in 10 11 12; do
  for rate in 5 100; do
    ctl "{\"now\":\"${today}T${hour}:0${rate:0:1}:00Z\"}"
    t0=$(date +%s.%N)
    OHLCV_TODAY=$today run RATE=$rate MAKEFLAGS=-j2 >/dev/null 2>"$work/hourly.err" || { cat "$work/hourly.err" >&2; exit 1; }
    t1=$(date +%s.%N)
    printf 'hourly make all: %d symbols x %d years, RATE=%s: %.2f s wall (ideal requests/rate = %.2f s)\n' \
      "$n" "$years" "$rate" "$(echo "$t1 - $t0" | bc)" "$(echo "$n / $rate" | bc -l)"
  done
done
