#!/usr/bin/env bash
# Replays fuzz/regressions/* through the tools in $OHLCV_BIN_DIR (default .build/release): error, never trap.
set -euo pipefail
cd "$(dirname "$0")/.."
OHLCV_BIN_DIR=${OHLCV_BIN_DIR:-$PWD/.build/release} exec "${PYTHON:-python3}" -m pytest -q Tests/reliability/test_fuzz_regressions.py
