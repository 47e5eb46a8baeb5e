#!/usr/bin/env bash
# tools/abort.sh STAGE SUBJECT FILE PROBLEM STATUS: the one line with which make's recipes and the tools/ scripts
# stop, in the shape the Swift tools print theirs (ToolMain), so that cron logs and tests read one shape:
#
#   ABORT! Critical error in STAGE: SUBJECT: FILE: PROBLEM
#
# on stderr; an empty SUBJECT or FILE is left out with its ": ". Then exits with STATUS, a sysexits(3) name,
# as the tools choose theirs (their --help lists them):
#   EX_USAGE     64  the selection asks for nothing (make csv with an empty SYMBOL × EXTRACT_TIMEFRAMES)
#   EX_DATAERR   65  the input was read but holds nothing to write (make csv: no row in the range)
#   EX_NOINPUT   66  an input is missing: a tool, a series CSV, a symbol's cached payloads
#   EX_IOERR     74  a file or folder cannot be created or written (the run lock, PREFIX/bin)
#   EX_TEMPFAIL  75  another run holds the run lock; the next try may work (cron's next hour)
#   FAILED        1  a step that says no more than that it failed (swift build)
# In a recipe: `$(call abort,STAGE,SUBJECT,FILE,PROBLEM,STATUS)` (Makefile), which also ends the recipe's shell;
# a script stops with `tools/abort.sh …; exit $?`, or lets `set -e` stop it.
set -u
if [ $# -ne 5 ]; then
    echo "usage: tools/abort.sh STAGE SUBJECT FILE PROBLEM STATUS (got $# arguments)" >&2
    exit 64
fi
case $5 in
    EX_USAGE) status=64 ;;
    EX_DATAERR) status=65 ;;
    EX_NOINPUT) status=66 ;;
    EX_IOERR) status=74 ;;
    EX_TEMPFAIL) status=75 ;;
    FAILED) status=1 ;;
    *) echo "tools/abort.sh: unknown status '$5' (EX_USAGE EX_DATAERR EX_NOINPUT EX_IOERR EX_TEMPFAIL FAILED)" >&2
       exit 64 ;;
esac
printf 'ABORT! Critical error in %s: %s%s%s\n' "$1" "${2:+$2: }" "${3:+$3: }" "$4" >&2
exit "$status"
