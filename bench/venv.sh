#!/usr/bin/env bash
# Makes bench/.venv with the baselines (DuckDB, polars, pandas) from PyPI, once; prints its python.
# BENCH_PYTHON picks the interpreter that creates it (default python3, 3.11 here).
set -euo pipefail
cd "$(dirname "$0")"
venv=.venv
if ! "$venv/bin/python" -c 'import duckdb, polars, pandas' 2>/dev/null; then
  "${BENCH_PYTHON:-python3}" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet duckdb polars pandas >&2
fi
echo "$PWD/$venv/bin/python"
