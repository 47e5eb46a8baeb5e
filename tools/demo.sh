#!/usr/bin/env bash
# The offline demo behind `make demo` (mk/demo.mk passes the settings below in the environment).
#
# Builds the tools (saying so first, with progress), starts tools/replay_server.py on a free 127.0.0.1 port,
# and in a throwaway DEMO_DIR runs the job as a user would meet it: a cold `make DEMO_GOAL`, the same an hour
# later, after midnight, a backfilled correction found by `make rebuild-weekly`, and `make rebuild-full`, whose
# files must equal the incremental ones, then `make verify` and `make report`. After each step: what the fetch did, how many
# files each folder got, and the candles of the first symbol's 1h and 1d files that the step added or rewrote.
#
# Environment: MAKE PYTHON BIN CONFIGURATION DEMO_DIR DEMO_SYMBOLS DEMO_START DEMO_TODAY DEMO_RATE DEMO_GOAL
#   DEMO_SERVER_ARGS SHARED_FIXTURES, and ALL_SYMBOLS_FILE ALL_START_DATE ALL_RATE (make all's settings, for
#   the closing estimate). Writes DEMO_DIR/replay.pid and DEMO_DIR/replay.port while the server runs.
# Exit: 0; a step's status after its output when it fails; 130 on SIGINT/SIGTERM, after stopping the server,
#   with the single line "demo: interrupted; the replay server is stopped".
set -euo pipefail

: "${MAKE:=make}" "${PYTHON:=python3}" "${CONFIGURATION:=release}" "${BIN:=.build/$CONFIGURATION}"
: "${DEMO_DIR:=demo}" "${DEMO_SYMBOLS:=EUR-USD BTC-USD}" "${DEMO_START:=2026-06-15}" "${DEMO_TODAY:=2026-07-13}"
: "${DEMO_RATE:=20}" "${DEMO_GOAL:=all}" "${DEMO_SERVER_ARGS:=}" "${SHARED_FIXTURES:=../shared/fixtures}"
: "${ALL_SYMBOLS_FILE:=symbols.txt}" "${ALL_START_DATE:=2005-01-01}" "${ALL_RATE:=5}"

# The demo's own stderr, for the interrupt line: a trap runs within the redirections of the command it
# interrupted (a step's log).
exec {demo_stderr}>&2
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
    rm -f "$DEMO_DIR/replay.pid"
}
interrupted() {
    trap '' INT TERM
    stop_server
    echo "demo: interrupted; the replay server is stopped" >&"$demo_stderr"
    exit 130
}
trap stop_server EXIT
trap interrupted INT TERM

# 1. The tools. The build rule says so and shows progress only when it has something to build.
# Its stderr is kept aside so that Ctrl-C during the build shows only this script's line, not make's.
mkdir -p "$DEMO_DIR"
if ! { "$MAKE" --no-print-directory --silent build BUILD_PROGRESS=demo; } 2>"$DEMO_DIR/build.err"; then
    # SwiftPM's messages and the ABORT line, without make's own "*** [target] Error" lines.
    grep -v '^make\(\[[0-9]*\]\)\{0,1\}: \*\*\*' "$DEMO_DIR/build.err" >&2
    exit 1
fi

# 2. A fresh demo folder and the replay server. The server prints its port once it listens: reading that line
# is the wait.
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
printf '%s\n' $DEMO_SYMBOLS >"$DEMO_DIR/symbols.txt"
sym=${DEMO_SYMBOLS%% *}
# The demo's own settings (never the user's config.mk): the first symbol is built on both sides of the quote.
printf '# make demo: %s is built on both sides, BID (%s) and ASK (%s@ASK).\nSIDES_%s = BID ASK\n' \
    "$sym" "$sym" "$sym" "$sym" >"$DEMO_DIR/config.mk"
source="generated days"
fixtures=()
if [ -d "$SHARED_FIXTURES/jetta" ]; then
    fixtures=(--fixtures "$SHARED_FIXTURES")
    source="the days recorded in $SHARED_FIXTURES and generated days for the rest"
fi
# shellcheck disable=SC2086  # DEMO_SERVER_ARGS is a list of options
coproc SERVER { exec "$PYTHON" tools/replay_server.py --port 0 --print-port --port-file "$DEMO_DIR/replay.port" \
    "${fixtures[@]}" --now "${DEMO_TODAY}T09:00:00Z" --freeze --log "$DEMO_DIR/replay.log" --max-seconds 900 \
    $DEMO_SERVER_ARGS 2>>"$DEMO_DIR/replay.err"; }
server_pid=$SERVER_PID
echo "$server_pid" >"$DEMO_DIR/replay.pid"
port=""
read -r port <&"${SERVER[0]}" || true
if [ -z "$port" ]; then
    cat "$DEMO_DIR/replay.err" >&2
    echo "demo: the replay server did not start (its messages above)" >&2
    exit 1
fi
url="http://127.0.0.1:$port"

ctl() { "$PYTHON" tools/replay_server.py --port-file "$DEMO_DIR/replay.port" --send "$1" >/dev/null; }
# Candle requests answered so far (instrument metadata not counted: fetch counts it apart); settled=1 waits
# until every answer a finished client had is logged.
requests() {
    "$PYTHON" tools/replay_server.py --port-file "$DEMO_DIR/replay.port" --get '/_log?settled=1' | grep -c '"/v1/candles/' || true
}

# A step's make, its output kept aside and shown after it (indented) so that an interrupted step adds no
# lines of its own. A step that fails shows its output and stops the demo with its status.
run() {
    local status=0
    # In braces, so that bash's own note of a make killed by SIGTERM ("Terminated") goes to the log too.
    { "$MAKE" --no-print-directory "$@" CACHE_DIR="$DEMO_DIR/cache" DATA_DIR="$DEMO_DIR/data" \
        SYMBOLS_FILE="$DEMO_DIR/symbols.txt" CONFIG_FILE="$DEMO_DIR/config.mk" START_DATE="$DEMO_START" \
        BASE_URL="$url" RATE="$DEMO_RATE"; \
    } >"$DEMO_DIR/step.log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        cat "$DEMO_DIR/step.log" >&2
        echo "demo: make $* failed (status $status); its output is above" >&2
        exit "$status"
    fi
    sed 's/^/   /' "$DEMO_DIR/step.log"
}

# Every file under cache/ and data/ with its checksum, to tell afterwards which ones a step wrote or removed.
snapshot() {
    (cd "$DEMO_DIR" && find cache data -type f ! -path 'data/locks/*' -print0 2>/dev/null | sort -z | xargs -0r cksum) \
        >"$DEMO_DIR/.snapshot.$1" || true
}

# "written: cache/ 2, data/temp/ 4, …": files new or changed since snapshot $1, counted per folder (a day
# folder counts as its tree's top, an index with its CSVs, every timeframe of resample/ together).
folders_written() {
    snapshot after
    awk '
        function folder(p) {
            if (p ~ /^data\/resample\//) { split(p, part, "/"); tf[part[3]] = 1; return "data/resample/" }
            sub(/\/index\/[^\/]*$/, "/x", p)
            if (match(p, /\/[0-9][0-9][0-9][0-9]\//)) return substr(p, 1, RSTART)
            sub(/[^\/]*$/, "", p)
            return p
        }
        FILENAME == ARGV[1] { before[$3] = $1 " " $2; next }
        { seen[$3] = 1
          if (before[$3] != $1 " " $2) { f = folder($3); if (!(f in n)) order[++k] = f; n[f]++ } }
        END {
            for (p in before) if (!(p in seen)) { f = folder(p); if (!(f in gone)) gorder[++g] = f; gone[f]++ }
            line = ""
            for (i = 1; i <= k; i++) {
                f = order[i]; t = 0; for (x in tf) t++
                line = line (i > 1 ? ", " : "") f " " n[f] (f == "data/resample/" ? " (" t " timeframes)" : "")
            }
            print "   files written: " (k ? line : "none")
            if (g) { line = ""; for (i = 1; i <= g; i++) line = line (i > 1 ? ", " : "") gorder[i] " " gone[gorder[i]]
                     print "   files removed: " line }
        }' "$DEMO_DIR/.snapshot.$1" "$DEMO_DIR/.snapshot.after"
}

# The first symbol's 1h and 1d candles: after the cold build its last rows; after a later step the rows it
# rewrote (was/now) and added (new), the middle of a long list elided.
show_candles() {
    local tf file
    for tf in 1h 1d; do
        file=$DEMO_DIR/data/resample/$tf/$sym.csv
        [ -f "$file" ] || continue
        if [ "$1" = last ]; then
            echo "   $sym $tf, the last 3 of $(($(wc -l <"$file") - 1)) candles ($file):"
            { head -n 1 "$file"; tail -n 3 "$file"; } | sed 's/^/         /'
        else
            awk -F, -v label="$sym $tf" -v file="$file" '
                FNR == 1 { header = $0; next }
                FILENAME == ARGV[1] { old[$1] = $0; next }
                { key = $1; seen[key] = 1
                  if (!(key in old)) { out[++n] = "     new " $0; added++ }
                  else if (old[key] != $0) { out[++n] = "     was " old[key]; out[++n] = "     now " $0; rewritten++ } }
                END {
                    for (k in old) if (!(k in seen)) removed++
                    s = (rewritten + 0) " rewritten, " (added + 0) " added" (removed ? ", " removed " removed" : "")
                    if (!n) { print "   " label ": no candle changed (" file ")"; exit }
                    print "   " label ": " s " (" file "):"
                    print "         " header
                    for (i = 1; i <= n; i++) {
                        if (n > 10 && i == 5) { print "     …   (" n - 8 " lines more)"; i = n - 4; continue }
                        print out[i]
                    }
                }' "$DEMO_DIR/.before/$tf.csv" "$file"
        fi
    done
}

step_started=0
step() {   # step TITLE: the heading, and the state to compare the step's results with
    echo "== $1"
    snapshot before
    mkdir -p "$DEMO_DIR/.before"
    for tf in 1h 1d; do
        cp "$DEMO_DIR/data/resample/$tf/$sym.csv" "$DEMO_DIR/.before/$tf.csv" 2>/dev/null || : >"$DEMO_DIR/.before/$tf.csv"
    done
    step_started=$(requests)
}
step_done() {
    echo "   $(( $(requests) - step_started )) candle requests to the server"
    folders_written before
    [ "$DEMO_GOAL" = all ] && show_candles "${1:-changes}"
    return 0
}

next_day=$(date -u -d "$DEMO_TODAY + 1 day" +%F)
demo_started=$SECONDS
echo "demo: a replay server on $url answers as Dukascopy's API would, with $source"
echo "demo: symbols $DEMO_SYMBOLS from $DEMO_START, the server's clock at $DEMO_TODAY 09:00 UTC, files in $DEMO_DIR/"
echo "demo: $sym is built on both sides of the quote (SIDES_$sym = BID ASK in $DEMO_DIR/config.mk): $sym and $sym@ASK"

step "1. cold build: make $DEMO_GOAL downloads every day since $DEMO_START and builds every timeframe"
OHLCV_TODAY=$DEMO_TODAY run "$DEMO_GOAL"
step_done last
if [ "$DEMO_GOAL" = all ]; then
    echo "   (a last row is the candle still open: the next run rewrites it)"
    # Both sides, joined by time: make csv FORMAT=bidask, its last finished hours.
    OHLCV_TODAY=$DEMO_TODAY run csv FORMAT=bidask SYMBOL="$sym" EXTRACT_TIMEFRAMES=1h SKIP_OPEN=1
    joined=$DEMO_DIR/data/extract/bidask.csv
    echo "   $sym 1h, bid and ask joined, the last 3 finished hours ($joined; spread = ask - bid):"
    { head -n 1 "$joined"; tail -n 3 "$joined"; } | sed 's/^/         /'
    echo "   (the replay server's ask repeats the bid's volumes; Dukascopy's own ask volumes differ)"
fi

step "2. an hour later (server clock 10:00): make $DEMO_GOAL again fetches only today's growing day"
ctl "{\"now\":\"${DEMO_TODAY}T10:00:00Z\"}"
OHLCV_TODAY=$DEMO_TODAY run "$DEMO_GOAL"
step_done

step "3. after midnight (server clock $next_day 00:30): yesterday's growing day becomes a cached day"
ctl "{\"now\":\"${next_day}T00:30:00Z\"}"
OHLCV_TODAY=$next_day run "$DEMO_GOAL"
step_done

step "4. the server corrects 3 candles of $sym on $DEMO_TODAY: make rebuild-weekly finds and propagates them"
IFS=- read -r y m d <<<"$DEMO_TODAY"
ctl "{\"faults\":[{\"match\":\"$sym/BID/$y/$((10#$m))/$((10#$d))\",\"kind\":\"revise\",\"candles\":3}]}"
OHLCV_TODAY=$next_day run rebuild-weekly
step_done

if [ "$DEMO_GOAL" = all ]; then
    echo "== 5. the core promise: a clean rebuild from the cache (make rebuild-full) gives the same bytes"
    rm -rf "$DEMO_DIR/incremental"
    mkdir -p "$DEMO_DIR/incremental"
    cp -a "$DEMO_DIR/data/transform" "$DEMO_DIR/data/aggregate" "$DEMO_DIR/data/resample" "$DEMO_DIR/incremental/"
    OHLCV_TODAY=$next_day run rebuild-full >/dev/null
    for d in transform aggregate resample; do
        diff -r -x index "$DEMO_DIR/incremental/$d" "$DEMO_DIR/data/$d" || {
            echo "demo: the clean rebuild differs from the incremental files (diff above)" >&2; exit 1; }
    done
    echo "   identical: all $(find "$DEMO_DIR/incremental" -name '*.csv' | wc -l) CSV files under transform/, aggregate/, resample/ equal the incremental ones"
    echo "   (the index files differ: they record each file's run history)"
fi
echo "== 6. make verify: our 1h and 1d candles against the server's own hourly and daily candles"
OHLCV_TODAY=$next_day run verify
echo "== 7. make report: one page on each symbol's days, rows and last verify result"
OHLCV_TODAY=$next_day run report
stop_server

# The closing estimate for the real job: one request per symbol and day since START_DATE, at RATE per second.
estimate=""
# Each symbol starts at the later of START_DATE and its first data (the shipped catalogue snapshot, as
# ohlcv-fetch does when it cannot ask the server). The symbols are ohlcv-fetch's own reading of the list (one
# file-name form a line); a list it refuses gets no estimate, as make all would refuse it too.
if [ -r "$ALL_SYMBOLS_FILE" ] && date -u -d "$ALL_START_DATE" +%s >/dev/null 2>&1 &&
   symbols=$("$BIN/ohlcv-fetch" --list-symbols "$ALL_SYMBOLS_FILE" 2>/dev/null); then
    estimate=$(printf '%s\n' "$symbols" | awk -v r="$ALL_RATE" -v f="$ALL_SYMBOLS_FILE" -v from="$ALL_START_DATE" -v today="$(date -u +%F)" '
        function days(d,   c) { c = "date -u -d " d " +%s"; c | getline t; close(c); return int(t / 86400) }
        FNR == NR { if ($0 !~ /^#/) first[$1] = $4; next }
        { start = from; if (($1 in first) && first[$1] > start) start = first[$1]
          n += days(today) - days(start) + 1; s++ }
        END { m = int(n / r / 60 + 0.5); t = sprintf("%d", n)
              while (t ~ /[0-9][0-9][0-9][0-9]/) { sub(/[0-9][0-9][0-9]($|,)/, ",&", t) }
              printf "%d symbols of %s from %s (or their first data): about %s requests, about %d minutes at RATE=%s", s, f, from, t, m, r }
    ' FS='\t' catalogue/instruments.tsv FS=' ' -)
fi
cat <<EOF
== demo done in $((SECONDS - demo_started)) s; everything is in $DEMO_DIR/ (rm -rf $DEMO_DIR when done):
   $DEMO_DIR/cache/YYYY/MM/SYM_YYYYMMDD.json   the server's answers, one per symbol and day
   $DEMO_DIR/data/resample/TF/SYM.csv         the candles of each timeframe (1m: $DEMO_DIR/data/aggregate/1m/SYM.csv)
   $DEMO_DIR/replay.log                       every request the server answered
   $DEMO_DIR/data/report/index.html           the report page: open it in a browser (file://$(cd "$DEMO_DIR" && pwd)/data/report/index.html)
   The demo's own files, with the targets that only read the cache (csv, parquet, report, pipeline, rebuild-full;
   not all or fetch: they would download from Dukascopy since START_DATE): add its folders and settings, e.g.
     make csv SYMBOL=$sym EXTRACT_TIMEFRAMES=1h CACHE_DIR=$DEMO_DIR/cache DATA_DIR=$DEMO_DIR/data SYMBOLS_FILE=$DEMO_DIR/symbols.txt CONFIG_FILE=$DEMO_DIR/config.mk
   ($DEMO_DIR's days are generated, with the real Dukascopy days of ../shared/fixtures spliced in where present,
   so prices jump where the two meet, and a recorded growing day may run past the server's clock.)
   Next, for real (downloads from Dukascopy, into cache/ and data/ here):
   make all        ${estimate:-every symbol of symbols.txt since START_DATE}
                   (START_DATE=… or a shorter symbols.txt starts quicker); run it again, or hourly from cron,
                   and it fetches only what is new
   make csv        one extract CSV of the data (SYMBOL=… EXTRACT_TIMEFRAMES=… AFTER=… UNTIL=…; FORMAT=mt4 for MetaTrader;
                   FORMAT=bidask SYMBOL=… joins the bid and ask of symbols built with SIDES = BID ASK in config.mk)
   make parquet    the Parquet tree under data/parquet/, for DuckDB, polars, pyarrow
   make report     data/report/index.html: coverage per day, rows per timeframe, the last verify result
EOF
