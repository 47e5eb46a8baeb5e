# mk/test.mk: `make test`, every suite, on both cores. Included by the main Makefile.
#
# Builds the debug tools and tests once, makes the Python venv (tools/parquet_venv.sh), then runs the suites
# side by side (Tests/run_suites.sh), each to its end whatever the others do. Closes with one line per suite
# and `suites: N passed, N failed`; the status is non-zero when any suite failed.
#
#   swift        swift test --parallel: unit, tool and pipeline tests, with a seeded sample of crash kill points
#   fetch        pytest Tests/fetch: ohlcv-fetch against the local replay server
#   parquet      pytest Tests/parquet: our Parquet files read by pyarrow, DuckDB, polars, check_file.py
#   reliability  pytest Tests/reliability: two runs at once, stale locks, read-only and full disks, midnight
#   crash-quick  tools/crashtest.py --quick: sampled fault points over a realistic make history
#   report       pytest Tests/report: make report over a generated history, rendered by headless Chromium
#   newcomer     pytest Tests/newcomer: the README's first two lines in a fresh clone of HEAD (make demo for
#                real, sudo and apt-get shimmed), Ctrl-C during make demo, the build rule's progress
#
# The samples are seeded with one seed per run, printed first: `make test OHLCV_SEED=N` replays a run (and
# OHLCV_SEED=N with any one suite's command). The exhaustive kill-point sweeps are `make crashtest`'s.
#   TEST_SUITES  the suites to run, e.g. make test TEST_SUITES="fetch parquet"
#   TEST_JOBS    how many run at once (default: all; they wait on servers and timeouts as much as on the CPU)
#   TEST_RUNS    where each suite's log and, if it fails, its scratch files go (SUITE/log, SUITE/tmp)
#   NEWCOMER_TOOLS  tools the newcomer's clone runs its demo with (BIN, NO_BUILD=1 in its environment; the
#                README line runs unchanged), used only when the working tree's Swift sources are HEAD's: by
#                default the suites' debug tools. Empty (make test NEWCOMER_TOOLS=): the clone builds its own
#                with swift build -c release, as a newcomer's does: 2 to 7 minutes more on 2 cores.

TEST_SUITES ?= swift fetch parquet reliability report crash-quick newcomer
TEST_JOBS   ?= $(words $(TEST_SUITES))
TEST_RUNS   ?= $(CURDIR)/.build/test-runs
OHLCV_SEED  ?=
NEWCOMER_TOOLS ?= $(TEST_BIN)

.PHONY: test test-suite-swift test-suite-fetch test-suite-parquet test-suite-reliability test-suite-report test-suite-crash-quick \
  test-suite-newcomer

test:
	@seed='$(OHLCV_SEED)'; [ -n "$$seed" ] || seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
	echo "test: seed $$seed (make test OHLCV_SEED=$$seed replays the seeded samples); load $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	if ! out=$$(swift build --build-tests 2>&1); then \
	  echo "$$out" | tail -n 40; echo "test: swift build --build-tests failed; no suite ran"; \
	  echo "suites: 0 passed, $(words $(TEST_SUITES)) failed"; exit 1; fi; \
	if ! py=$$(tools/parquet_venv.sh | tail -n 1); then \
	  echo "test: tools/parquet_venv.sh failed; no suite ran"; echo "suites: 0 passed, $(words $(TEST_SUITES)) failed"; exit 1; fi; \
	echo "test: build and venv ready after $$SECONDS s"; \
	OHLCV_SEED=$$seed TEST_BIN=$$(swift build --show-bin-path) TEST_PYTHON=$$py \
	  Tests/run_suites.sh '$(TEST_RUNS)' $(TEST_JOBS) $(TEST_SUITES)

# One target per suite, run by Tests/run_suites.sh with TEST_BIN (debug tools), TEST_PYTHON (the venv's
# python) and OHLCV_SEED in the environment, and TMPDIR set to the suite's own scratch directory.
# Under --parallel each test is a process of its own, whose output is shown only if it fails; the per-test
# times are in the xUnit file beside the suite's log.
test-suite-swift:
	OHLCV_BIN_DIR='$(TEST_BIN)' swift test --skip-build --parallel --xunit-output "$$TMPDIR/../xunit.xml"

# The pytest suites as make test-fetch, parquet-test and test-reliability run them, plus the slowest tests'
# times, and without pytest's cache (suites running at once would share its directory in the source tree).
TEST_PYTEST = OHLCV_BIN_DIR='$(TEST_BIN)' '$(TEST_PYTHON)' -m pytest -q -p no:cacheprovider --durations=5

test-suite-fetch:
	$(TEST_PYTEST) Tests/fetch

test-suite-parquet:
	$(TEST_PYTEST) Tests/parquet

test-suite-reliability:
	$(TEST_PYTEST) Tests/reliability

test-suite-report:
	$(TEST_PYTEST) Tests/report

test-suite-newcomer:
	NEWCOMER_TOOLS='$(NEWCOMER_TOOLS)' $(TEST_PYTEST) Tests/newcomer

test-suite-crash-quick:
	$(MAKE) --no-print-directory crashtest-quick RELIABILITY_BIN='$(TEST_BIN)' NO_BUILD=1 PYTHON='$(TEST_PYTHON)'
