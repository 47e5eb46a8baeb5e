#!/bin/sh
# Checks a make override file (config.mk) before a run: every setting it assigns must be one the Makefile
# defines (a `NAME ?= default` line in Makefile or mk/*.mk) or a per-symbol TIMEFRAMES_SYM / DECIMALS_SYM /
# ALIGNMENT_SYM.
# A misspelled setting would otherwise be silently ignored. Prints `FILE:LINE: …` and exits 78 on the first
# bad line. Usage: tools/check_config.sh config.mk
set -eu
file=${1:-config.mk}
[ -f "$file" ] || exit 0
root=$(dirname "$0")/..
known=$(sed -n 's/^\([A-Z_][A-Z0-9_]*\)[[:space:]]*?=.*/\1/p' "$root/Makefile" "$root"/mk/*.mk 2>/dev/null | sort -u | tr '\n' ' ')
awk -v known=" $known " -v file="$file" '
  { sub(/\r$/, "") }
  /^[[:space:]]*(#|$)/ { next }
  /^[[:space:]]*(export[[:space:]]+)?[A-Za-z_][A-Za-z0-9_.-]*[[:space:]]*(\?=|:=|::=|\+=|=)/ {
    line = $0; sub(/^[[:space:]]*(export[[:space:]]+)?/, "", line)
    name = line; sub(/[[:space:]]*(\?=|:=|::=|\+=|=).*$/, "", name)
    if (index(known, " " name " ") > 0) next
    if (name ~ /^(TIMEFRAMES|DECIMALS|ALIGNMENT)_[A-Z0-9][A-Z0-9.-]*$/) next
    printf "ABORT! Critical error in config: %s:%d: unknown setting '\''%s'\'' (see the settings in README.md)\n", file, NR, name > "/dev/stderr"
    exit 78
  }
  { printf "ABORT! Critical error in config: %s:%d: not a setting: '\''%s'\'' (expected NAME = value)\n", file, NR, $0 > "/dev/stderr"; exit 78 }
' "$file"
