#!/usr/bin/env bash
# Builds the tools as the Makefile's build rule does, but says so and shows that the build is alive: the rule
# runs this instead of its silent build when BUILD_PROGRESS is set (make demo sets BUILD_PROGRESS=demo).
#
# Usage: tools/build_progress.sh LABEL CONFIGURATION
#   First line: "LABEL: building the tools (swift build -c CONFIGURATION; ...)…". Then, on a terminal,
#   SwiftPM's own "[n/m] step" line rewritten in place; otherwise (a log, a pipe) one line every 10 s with
#   the time so far and the step SwiftPM is at. On success a last line with the time taken.
#   On failure: SwiftPM's last 40 lines on stderr, then the ABORT line; status 1.
#
# SwiftPM's output always goes to a pipe, never to the terminal: on a terminal SwiftPM adds colour flags
# to every compile command, and the next build without a terminal (make all from cron) would then
# recompile everything.
set -uo pipefail
label=$1 conf=$2
echo "$label: building the tools (swift build -c $conf; 1 to 3 minutes the first time on 2 cores)…"

log=$(mktemp "${TMPDIR:-/tmp}/ohlcv-build.XXXXXX")
trap 'rm -f "$log"' EXIT
terminal=false
[ -t 1 ] && terminal=true

started=$SECONDS next=$((SECONDS + 10)) step="starting" status=""
# The build's status arrives as the pipe's last line, so that one read loop sees both output and end.
exec 3< <(swift build -c "$conf" 2>&1; echo "__build_status $?")
while :; do
    if IFS= read -r -t 10 line <&3; then
        case $line in
            "__build_status "*) status=${line#__build_status }; break ;;
        esac
        printf '%s\n' "$line" >>"$log"
        if [[ $line =~ ^\[[0-9]+/[0-9]+\] ]]; then
            step=$line
            $terminal && printf '\r\033[K  %s' "${step:0:$(( ${COLUMNS:-100} - 3 ))}"
        fi
    elif [ $? -le 128 ]; then
        status=1   # the pipe ended without a status: the build was killed
        break
    fi
    if ! $terminal && [ $SECONDS -ge $next ]; then
        echo "  $((SECONDS - started)) s: $step"
        next=$((SECONDS + 10))
    fi
done
$terminal && printf '\r\033[K'
if [ "$status" != 0 ]; then
    tail -n 40 "$log" >&2
    echo "ABORT! Critical error in build: swift build failed" >&2
    exit 1
fi
echo "$label: tools built in $((SECONDS - started)) s"
