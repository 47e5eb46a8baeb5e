# ---- Benchmark (issues #2, #14): `make bench`, or `make bench BENCH_YEARS=2` for a quick run. See BENCHMARKS.md.
# Builds the tools into .build-bench, generates the synthetic cache once (bench/work/, git-ignored), makes the
# baselines' venv (bench/.venv: DuckDB, polars, pandas from PyPI) and writes bench/work/run-<N>y/report.md.
BENCH_YEARS ?= 20
BENCH_SYMBOL ?= EUR-USD
BENCH_RUNS ?= 5
BENCH_BASE_RUNS ?= 3
BENCH_PANDAS_RUNS ?= 1
BENCH_BIN ?= .build-bench/release
BENCH_PERF ?= 0
BENCH_HOURLY ?= 1
bench:
	BENCH_YEARS=$(BENCH_YEARS) BENCH_SYMBOL=$(BENCH_SYMBOL) BENCH_RUNS=$(BENCH_RUNS) BENCH_BASE_RUNS=$(BENCH_BASE_RUNS) \
	  BENCH_PANDAS_RUNS=$(BENCH_PANDAS_RUNS) BENCH_BIN=$(BENCH_BIN) BENCH_PERF=$(BENCH_PERF) BENCH_HOURLY=$(BENCH_HOURLY) bash bench/run.sh
