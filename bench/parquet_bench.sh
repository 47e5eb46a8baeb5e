#!/usr/bin/env bash
# Bench ohlcv-parquet against DuckDB on a CSV:  bench/parquet_bench.sh FILE.csv [--runs N]
# Builds the release binary if needed, sets up the venv (tools/parquet_venv.sh), prints a markdown table.
# Without FILE it generates a 1M-row FX-like CSV in bench/work/ first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$("$root/tools/parquet_venv.sh" | tail -1)"
bin="${OHLCV_BIN_DIR:-}"
if [ -z "$bin" ]; then
    scratch="${SCRATCH_PATH:-$root/.build}"
    swift build -c release --package-path "$root" --scratch-path "$scratch" --product ohlcv-parquet >&2
    bin="$scratch/release"
fi
if [ $# -eq 0 ] || [[ "$1" == -* ]]; then
    mkdir -p "$root/bench/work"
    csv="$root/bench/work/fx-1m-rows.csv"
    [ -f "$csv" ] || "$py" "$root/bench/gen_ohlcv_csv.py" 1000000 "$csv"
    set -- "$csv" "$@"
fi
exec "$py" "$root/bench/parquet_bench.py" "$@" --bin "$bin"
