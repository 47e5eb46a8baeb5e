# mk/parquet.mk — Parquet export (behaviour §9; text extracts are mk/extract.mk's). Included by the main Makefile,
# which defines BIN (built tools), DATA_DIR, SERIES (the run's series: EUR-USD, EUR-USD@ASK, …), symbol_of and
# the plan's per-symbol values (plan.parquet.SYM, decimals_of). Settings below can be overridden in config.mk.
# make parquet takes data/locks/run.lock, as `make` does, so it never reads a CSV that a run is rewriting.
#
#   data/aggregate/1m/SERIES.csv, data/resample/TF/SERIES.csv           (SERIES: EUR-USD or EUR-USD@ASK)
#     ─parquet─► data/parquet/timeframe=TF/symbol=SYM/side=BID|ASK/year=YYYY/part-0.parquet
#                (only changed years rewritten; months are timeframe=1mo so that no folder differs from another
#                only by letter case; data/parquet/_ohlcv_parquet_layout marks the layout). A tree written
#                before sides (no side= level) is moved under side=BID/ by ohlcv-config --tidy, under the lock,
#                before any series is written here.

PARQUET_DIR         ?= $(DATA_DIR)/parquet
PARQUET_COMPRESSION ?= snappy
# The timeframes written, for every symbol: 1m and each symbol's own timeframes when empty.
PARQUET_TIMEFRAMES  ?=

# The CSV of one series: $(call series_csv,TF,SERIES) (mk/extract.mk uses it too)
series_csv = $(if $(filter 1m,$1),$(DATA_DIR)/aggregate/1m/$2.csv,$(DATA_DIR)/resample/$1/$2.csv)

# One process per series (symbol × side × timeframe); each writes all its year partitions in one pass and
# skips the years whose source bytes did not change. Phony per-series targets so that make -j2 works; they
# are named parquet/TF/SERIES: `/` is in no timeframe and no series name (`@` is in EUR-USD@ASK).
# parquet itself is in the Makefile's WRITING_TARGETS: it runs _parquet under the lock.
PARQUET_SERIES := $(foreach s,$(SERIES),$(foreach t,$(plan.parquet.$(call symbol_of,$s)),parquet/$t/$s))
.PHONY: _parquet parquet-test parquet-bench $(PARQUET_SERIES)

_parquet: $(PARQUET_SERIES)

# $* is TF/SERIES; ohlcv-parquet takes the series name and writes its symbol= and side= folders.
parquet_tf = $(word 1,$(subst /, ,$*))
parquet_series = $(word 2,$(subst /, ,$*))
$(PARQUET_SERIES): parquet/%:
	@src="$(call series_csv,$(parquet_tf),$(parquet_series))"; \
	if [ ! -f "$$src" ]; then $(call abort,parquet,$(parquet_series),$$src,no such input (run make first),EX_NOINPUT); fi; \
	$(BIN)/ohlcv-parquet --hive-root '$(PARQUET_DIR)' --timeframe '$(parquet_tf)' --symbol '$(parquet_series)' --input "$$src" \
	  --compression '$(PARQUET_COMPRESSION)' --decimals $(call decimals_of,$(parquet_series))

# Interop tests (pyarrow, DuckDB, polars, ../shared/parquet/check_file.py) against the built tool.
parquet-test:
	@py=$$(tools/parquet_venv.sh | tail -1); OHLCV_BIN_DIR='$(BIN)' "$$py" -m pytest -q Tests/parquet

# ohlcv-parquet vs DuckDB on a CSV: make parquet-bench [BENCH_CSV=file.csv]
parquet-bench:
	@OHLCV_BIN_DIR='$(BIN)' bench/parquet_bench.sh $(BENCH_CSV)
