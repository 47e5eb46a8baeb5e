#!/usr/bin/env bash
# tools/extract.sh: make csv's assembly of many ohlcv-extract runs into one commit (mk/extract.mk, docs/extract.md).
#
#   tools/extract.sh --tool PATH --dir EXTRACT_DIR --format csv|mt4|bidask --file NAME [--after T] [--until T]
#                    [--skip-open] [--mt4-time hh:mm:ss|hh:mm] -- [SYM TF PART SOURCE DECIMALS ASKSOURCE]...
#
# Six words per series, in the order the rows are to come: the symbol and timeframe written in the rows, PART
# the series' own file name (mt4's output file), SOURCE the series CSV read (the BID one for bidask), DECIMALS
# its decimal places, ASKSOURCE the ASK series CSV for bidask ('' otherwise). NAME is the one file csv and bidask
# write in EXTRACT_DIR. Every series is extracted into EXTRACT_DIR/.partial/ first; the extract is committed
# (renamed into place) only when every series was read without error, so that a failed run changes no extract.
# The header of csv and bidask is the tool's own (--header): its text lives in ohlcv-extract alone.
#
# stderr: one line per series with no row in the range, then the one-line summary; or one ABORT line:
#   64 nothing selected, 66 a SOURCE is missing, 65 no row in any series; ohlcv-extract's status and line
#   when it fails.
set -eu -o pipefail
abort() { "$(dirname "$0")/abort.sh" "$@" || exit; }

tool='' dir='' format='' file='' after='' until=''
options=()
while [ $# -gt 0 ]; do
    case $1 in
        --tool) tool=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --format) format=$2; shift 2 ;;
        --file) file=$2; shift 2 ;;
        --after) after=$2; options+=(--after "$2"); shift 2 ;;
        --until) until=$2; options+=(--until "$2"); shift 2 ;;
        --skip-open) options+=(--skip-open); shift ;;
        --mt4-time) options+=(--mt4-time "$2"); shift 2 ;;
        --) shift; break ;;
        *) echo "tools/extract.sh: unknown option '$1'" >&2; exit 64 ;;
    esac
done
range="[${after:-start}, ${until:-end})"
[ $# -gt 0 ] || abort csv '' '' "nothing selected (SYMBOL × EXTRACT_TIMEFRAMES is empty)" EX_USAGE
series=$(($# / 6))
# csv and bidask parts start with the tool's header, which the assembly writes once.
header=0
[ "$format" = mt4 ] || header=1

parts="$dir/.partial"
rm -rf "$parts"; mkdir -p "$parts"; trap 'rm -rf "$parts"' EXIT
rows=0; kept=(); empty=(); bid_only=0; ask_only=0
while [ $# -ge 6 ]; do
    sym=$1 tf=$2 part=$3 source=$4 decimals=$5 ask=$6
    shift 6
    for f in "$source" ${ask:+"$ask"}; do
        [ -f "$f" ] || abort csv "$sym" "$f" "no such input (timeframe $tf; run make first)" EX_NOINPUT
    done
    args=(--format "$format" "${options[@]+"${options[@]}"}" --symbol "$sym" --timeframe "$tf" --decimals "$decimals"
          -o "$parts/$part")
    [ "$header" = 0 ] || args+=(--header)
    if [ -n "$ask" ]; then
        "$tool" "${args[@]}" --ask "$ask" --counts "$parts/$part.counts" "$source" || exit $?
        read -r _ b a < "$parts/$part.counts"; bid_only=$((bid_only + b)); ask_only=$((ask_only + a))
    else
        "$tool" "${args[@]}" "$source" || exit $?
    fi
    n=$(($(wc -l < "$parts/$part") - header))
    if [ "$n" -gt 0 ]; then kept+=("$part"); rows=$((rows + n))
    else empty+=("$part"); echo "csv: $sym $tf: no rows in $range" >&2; fi
done
if [ "$rows" -eq 0 ]; then
    abort csv '' '' "no rows in $range in any of the $series selected series; no extract was changed" EX_DATAERR
fi
if [ "$format" != mt4 ]; then
    out="$dir/$file"
    { head -n 1 "$parts/${kept[0]}"; for f in "${kept[@]}"; do tail -n +2 "$parts/$f"; done; } > "$parts/$file"
    sync "$parts/$file"; mv "$parts/$file" "$out"
    summary="csv: $out: $rows rows of ${#kept[@]} series"
    [ "$format" != bidask ] || summary+="; one side only: $bid_only on BID and $ask_only on ASK"
    echo "$summary" >&2
else
    for f in "${kept[@]}"; do mv "$parts/$f" "$dir/$f"; done
    for f in ${empty[@]+"${empty[@]}"}; do rm -f "$dir/$f"; done
    echo "csv: $dir: $rows rows in ${#kept[@]} MT4 files" >&2
fi
