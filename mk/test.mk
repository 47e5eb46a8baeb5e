# mk/test.mk: `make test`, every suite. Included by the main Makefile.

.PHONY: test
# OHLCV_BIN_DIR tells the tests where the built tools are.
# The Swift suites (unit, tools, pipeline, crash), then the Python interop suites (fetch against the local
# replay server; Parquet against pyarrow, DuckDB and polars), in a venv that tools/parquet_venv.sh makes.
test:
	swift build --build-tests
	OHLCV_BIN_DIR=$$(swift build --show-bin-path) swift test
	py=$$(tools/parquet_venv.sh | tail -1); bin=$$(swift build --show-bin-path); \
	  $(MAKE) --no-print-directory test-fetch FETCH_TEST_BIN=$$bin PYTHON=$$py && \
	  $(MAKE) --no-print-directory parquet-test BIN=$$bin && \
	  $(MAKE) --no-print-directory crashtest-quick test-reliability RELIABILITY_BIN=$$bin NO_BUILD=1 PYTHON=$$py

