# mk/reliability.mk — the reliability proofs (issue #6, docs/reliability.md). Included by the main Makefile.
#
#   make crashtest         SIGKILL realistic histories (cold, hourly, midnight, backfill, parquet) at ≥ 500
#                          points over every stage; every CSV/Parquet must equal a clean build (~25 min); then
#                          every kill point of CrashRecoveryTests (591, OHLCV_CRASH_EXHAUSTIVE=1, ~8 min)
#   make crashtest-quick   the harness with one sampled fault point per stage and step (CRASHTEST_QUICK_POINTS
#                          random SIGKILLs besides), ~30 s; make test runs it. Seed: CRASHTEST_SEED, else
#                          OHLCV_SEED, else 2
#   make fuzz              libFuzzer on the JSON decoder, CSV reader and index reader, FUZZ_SECONDS each
#   make fuzz-replay       replays fuzz/regressions/* through RELIABILITY_BIN (e.g. .build/release): no trap allowed
#   make test-reliability  pytest Tests/reliability (concurrency, lock, read-only, full disk, midnight)
#
# The crash harness needs debug tools (OHLCV_FAULT kill points): RELIABILITY_BIN, default .build/debug,
# built here with `swift build` unless NO_BUILD=1. CRASHTEST_SEED (or OHLCV_SEED) fixes the seed (printed on
# every run). Both parts of make crashtest run even when the first fails.

PYTHON            ?= python3
RELIABILITY_BIN   ?= .build/debug
CRASHTEST_POINTS  ?= 350
CRASHTEST_SEED    ?=
CRASHTEST_ARGS    ?=
FUZZ_SECONDS      ?= 60
FUZZ_DIR          ?= .build/fuzz

.PHONY: crashtest crashtest-quick fuzz fuzz-build fuzz-replay test-reliability reliability-bin

reliability-bin:
	@if [ -z "$(NO_BUILD)" ]; then out=$$(swift build 2>&1) || { echo "$$out" >&2; exit 1; }; fi

crashtest: reliability-bin
	@status=0; \
	$(PYTHON) tools/crashtest.py --bin '$(RELIABILITY_BIN)' --points $(CRASHTEST_POINTS) \
	  $(if $(CRASHTEST_SEED),--seed $(CRASHTEST_SEED)) $(CRASHTEST_ARGS) || status=1; \
	OHLCV_CRASH_EXHAUSTIVE=1 OHLCV_BIN_DIR='$(abspath $(RELIABILITY_BIN))' swift test --parallel --filter CrashRecoveryTests \
	  || status=1; \
	exit $$status

# For make test: OHLCV_FAULT points only, one sampled N per stage and step, ~30 s; the seed is make test's.
# CRASHTEST_QUICK_POINTS=7 adds random process-group SIGKILLs. make test leaves them out: where such a kill
# lands depends on how fast the machine runs, so a seed cannot replay it.
CRASHTEST_QUICK_POINTS ?= 0
crashtest-quick: reliability-bin
	$(PYTHON) tools/crashtest.py --quick --bin '$(RELIABILITY_BIN)' --points $(CRASHTEST_QUICK_POINTS) \
	  --seed $(or $(CRASHTEST_SEED),$(OHLCV_SEED),2) $(CRASHTEST_ARGS)

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_DIR='$(FUZZ_DIR)' fuzz/run.sh

fuzz-build:
	FUZZ_DIR='$(FUZZ_DIR)' fuzz/run.sh --build-only

fuzz-replay:
	OHLCV_BIN_DIR='$(abspath $(RELIABILITY_BIN))' fuzz/replay.sh

test-reliability:
	OHLCV_BIN_DIR='$(abspath $(RELIABILITY_BIN))' $(PYTHON) -m pytest -q Tests/reliability
