#!/usr/bin/env bash
# Builds the tools as the Makefile's build rule does, but says so and shows that the build is alive: the rule
# runs this instead of its silent build when BUILD_PROGRESS is set (make demo sets BUILD_PROGRESS=demo).
#
# Usage: tools/build_progress.sh LABEL CONFIGURATION
#   First line: "LABEL: building the tools (swift build -c CONFIGURATION; ...)…". Then the time so far and
#   the "[n/m] step" SwiftPM is at: on a terminal one line rewritten in place at each step and every 10 s;
#   otherwise (a log, a pipe) a new line every 10 s. On success a last line with the time taken.
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
terminal=false width=100
if [ -t 1 ]; then
    terminal=true
    width=${COLUMNS:-$(tput cols 2>/dev/null || echo 100)}
    # Ctrl-C: clear the progress line, so that what comes next starts a clean line.
    trap 'printf "\r\033[K"; trap - INT; kill -INT $$' INT
    trap 'printf "\r\033[K"; trap - TERM; kill -TERM $$' TERM
fi

started=$SECONDS next=$((SECONDS + 10)) step="starting" status=""
# The build's status arrives as the pipe's last line, so that one read loop sees both output and end.
exec 3< <(swift build -c "$conf" 2>&1; echo "__build_status $?")
while :; do
    if IFS= read -r -t 10 line <&3; then
        case $line in
            "__build_status "*) status=${line#__build_status }; break ;;
        esac
        printf '%s\n' "$line" >>"$log"
        [[ $line =~ ^\[[0-9]+/[0-9]+\] ]] && step=$line
    elif [ $? -le 128 ]; then
        status=1   # the pipe ended without a status: the build was killed
        break
    fi
    if $terminal; then
        # SwiftPM's step and the time so far, rewritten in place, also while one long step runs.
        line=$(printf '  %3d s  %s' "$((SECONDS - started))" "$step")
        printf '\r\033[K%s' "${line:0:$((width - 1))}"
    elif [ $SECONDS -ge $next ]; then
        echo "  $((SECONDS - started)) s: $step"
        next=$((SECONDS + 10))
    fi
done
$terminal && printf '\r\033[K'
if [ "$status" != 0 ]; then
    tail -n 40 "$log" >&2
    "$(dirname "$0")/abort.sh" build '' '' 'swift build failed' FAILED || exit
fi
echo "$label: tools built in $((SECONDS - started)) s"
