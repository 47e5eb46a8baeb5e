#!/usr/bin/env bash
# Create (or reuse) the Python venv used by the Parquet interop tests and the bench script.
# Usage: tools/parquet_venv.sh [--spark] [VENV_DIR]     (default: .venv at the repository root)
#   --spark also installs pyspark (~500 MB; needs Java 17) for the optional Spark test.
# Idempotent: when every package already imports, it does nothing and returns in well under a second.
# Prints the venv's python path on stdout as its last line.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(pyarrow duckdb polars pandas numpy pytest)
modules="pyarrow, duckdb, polars, pandas, numpy, pytest"
if [ "${1:-}" = "--spark" ]; then
    packages+=(pyspark)
    modules+=", pyspark"
    shift
fi
venv="${1:-${OHLCV_VENV:-$root/.venv}}"

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import $modules" 2>/dev/null; then
    echo "$venv/bin/python"
    exit 0
fi

echo "parquet_venv: setting up $venv (${packages[*]} from PyPI)" >&2
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
"$venv/bin/python" -c "import $modules"
echo "$venv/bin/python"
