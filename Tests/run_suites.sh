#!/usr/bin/env bash
# Runs test suites side by side and reports each: the engine of `make test` (mk/test.mk defines the suites).
#
# Usage: Tests/run_suites.sh RUNS_DIR JOBS SUITE...
#   Each SUITE runs as `make test-suite-SUITE` with its own TMPDIR (RUNS_DIR/SUITE/tmp), so that suites running
#   at once never share a scratch directory; its output goes to RUNS_DIR/SUITE/log. At most JOBS suites run at
#   once. Every suite runs to its end whatever the others do. A suite's scratch directory is removed when it
#   passes and kept when it fails. Ends with one line per suite and, as the very last line,
#   `suites: N passed, N failed`; the exit status is 1 when any suite failed.
set -uo pipefail

runs=$1 jobs=$2
shift 2
suites=("$@")
make=${MAKE:-make}
mkdir -p "$runs"

# One suite's closing line from its own runner: pytest's "N passed ...", XCTest's "Executed N tests ...", the
# crash harness's "crashtest: PASS/FAIL ...", whichever comes last.
closing_line() {
    local xunit=$(dirname "$1")/xunit.xml
    if [ -f "$xunit" ]; then
        sed -n -E 's/.*<testsuite [^>]*errors="([0-9]+)" tests="([0-9]+)" failures="([0-9]+)".*/\2 tests, \3 failures, \1 errors (xunit.xml)/p' "$xunit" | head -n 1
        return
    fi
    grep -a -E '(^=* ?[0-9]+ (passed|failed|error)|Executed [0-9]+ tests?|^crashtest: (PASS|FAIL)|Test run with [0-9]+ tests)' "$1" \
        | grep -a -v 'Test run with 0 tests' | tail -n 1 | sed -e 's/^=* *//' -e 's/ *=*$//' | cut -c1-150
}

run_suite() {
    local s=$1 dir=$runs/$1
    rm -rf "$dir"
    mkdir -p "$dir/tmp"
    local started=$SECONDS
    TMPDIR=$dir/tmp "$make" --no-print-directory "test-suite-$s" >"$dir/log" 2>&1 </dev/null
    local status=$?
    local took=$((SECONDS - started))
    echo "$status $took" >"$dir/result"
    if [ "$status" = 0 ]; then
        rm -rf "$dir/tmp"
        printf 'test: %s passed in %d s\n' "$s" "$took"
    else
        # The last lines of a failed suite, in one write so that suites ending together do not interleave.
        printf 'test: %s FAILED (status %d) in %d s; log %s, scratch files kept in %s\n%s\n' "$s" "$status" "$took" \
            "$dir/log" "$dir/tmp" "$(tail -n 60 "$dir/log" | sed "s/^/  $s | /")"
    fi
}

echo "test: running ${suites[*]} (at most $jobs at once); logs in $runs"
for s in "${suites[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_suite "$s" &
done
wait

passed=0 failed=0
echo "test: summary"
for s in "${suites[@]}"; do
    read -r status took <"$runs/$s/result" 2>/dev/null || { status=missing; took=0; }
    if [ "$status" = 0 ]; then verdict=PASS; passed=$((passed + 1)); else verdict=FAIL; failed=$((failed + 1)); fi
    printf '  %-12s %s %5d s  %s\n' "$s" "$verdict" "$took" "$(closing_line "$runs/$s/log" 2>/dev/null)"
done
echo "test: ${SECONDS} s for the suites${OHLCV_SEED:+, seed $OHLCV_SEED}; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]
