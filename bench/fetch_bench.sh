#!/usr/bin/env bash
# Cold-fetch benchmark of ohlcv-fetch against the local replay server (127.0.0.1 only).
#   bench/fetch_bench.sh [RATE...]        default rates: 5 (short range) then 50 and 100 (2 symbols × 2 years)
# Env: BIN (dir of ohlcv-fetch, default .build/release), SYMBOLS (default "EUR-USD BTC-USD"),
#      START/TODAY (default 2023-01-01 / 2025-01-01), CONCURRENCY (default 4), WORK (default bench/work/fetch).
# Prints, per run: requests, wall time, achieved req/s, the ideal time requests/rate, and the overhead.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release}
SYMBOLS=${SYMBOLS:-"EUR-USD BTC-USD"}
START=${START:-2023-02-01}
TODAY=${TODAY:-2025-02-01}
CONCURRENCY=${CONCURRENCY:-4}
WORK=${WORK:-bench/work/fetch}
RATES=("$@")
[ ${#RATES[@]} -gt 0 ] || RATES=(50 100)

rm -rf "$WORK"; mkdir -p "$WORK"
python3 tools/replay_server.py --port 0 --port-file "$WORK/port" --now "${TODAY}T09:00:00Z" --freeze \
  --max-seconds 3600 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$WORK/port")"
nsym=$(wc -w <<<"$SYMBOLS")

run() {   # run RATE START
  local rate=$1 start=$2 out="$WORK/run-$1"
  rm -rf "$out"
  local t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" "$BIN/ohlcv-fetch" --cache-dir "$out/cache" --temp-dir "$out/temp" \
    --start "$start" --today "$TODAY" --base-url "$url" --rate "$rate" --concurrency "$CONCURRENCY" $SYMBOLS \
    2>"$WORK/stderr"
  local t1=$(date +%s.%N)
  local days=$(( ( $(date -d "$TODAY" +%s) - $(date -d "$start" +%s) ) / 86400 ))
  local req=$(tail -1 "$WORK/stderr" | sed -E 's/.* ([0-9]+) requests.*/\1/')
  read -r user sys rss <"$WORK/time"
  python3 - "$rate" "$req" "$t0" "$t1" "$user" "$sys" "$rss" "$nsym" "$days" <<'PY'
import sys
rate, req, t0, t1, user, sys_, rss, nsym, days = sys.argv[1:]
rate, req, wall, nsym = float(rate), int(req), float(t1) - float(t0), int(nsym)
ideal = (req - 1) / rate
print(f"rate {rate:6.1f}: {nsym} symbols x {days} days, {req} requests in {wall:7.2f} s "
      f"({req / wall:6.2f} req/s); ideal {ideal:7.2f} s; overhead {100 * (wall - ideal) / ideal:+5.1f}%; "
      f"cpu {float(user) + float(sys_):.2f} s; max RSS {int(rss) // 1024} MiB")
print(f"           at the default 5 req/s the same fetch takes {req / 5:7.1f} s; "
      f"20 years x {nsym} symbols: {nsym * 7305 / 5 / 60:5.1f} min")
PY
  tail -1 "$WORK/stderr" | sed 's/^/           /'
}

for r in "${RATES[@]}"; do run "$r" "$START"; done
# A short run at the default rate, to show the cap itself holds: 60 days.
run 5 "$(date -d "$TODAY - 60 days" +%F)"
