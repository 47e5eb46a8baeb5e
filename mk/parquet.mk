# mk/parquet.mk — Parquet export (behaviour §9; text extracts are mk/extract.mk's). Included by the main Makefile,
# which defines BIN (built tools), DATA_DIR, SELECTED and the plan's per-symbol values (plan.parquet.SYM,
# decimals_of). Settings below can be overridden in config.mk.
# make parquet takes data/locks/run.lock, as `make` does, so it never reads a CSV that a run is rewriting.
#
#   data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv
#     ─parquet─► data/parquet/timeframe=TF/symbol=SYM/year=YYYY/part-0.parquet   (only changed years rewritten;
#                months are timeframe=1mo so that no folder differs from another only by letter case)

PARQUET_DIR         ?= $(DATA_DIR)/parquet
PARQUET_COMPRESSION ?= snappy
# The timeframes written, for every symbol: 1m and each symbol's own timeframes when empty.
PARQUET_TIMEFRAMES  ?=

# The CSV of one series: $(call series_csv,TF,SYM) (mk/extract.mk uses it too)
series_csv = $(if $(filter 1m,$1),$(DATA_DIR)/aggregate/1m/$2.csv,$(DATA_DIR)/resample/$1/$2.csv)

# One process per series (symbol × timeframe); each writes all its year partitions in one pass and
# skips the years whose source bytes did not change. Phony per-series targets so that make -j2 works.
# parquet itself is in the Makefile's WRITING_TARGETS: it runs _parquet under the lock.
PARQUET_SERIES := $(foreach s,$(SELECTED),$(foreach t,$(plan.parquet.$s),parquet@$t@$s))
.PHONY: _parquet parquet-test parquet-bench $(PARQUET_SERIES)

_parquet: $(PARQUET_SERIES)

$(PARQUET_SERIES): parquet@%:
	@tf='$(word 1,$(subst @, ,$*))'; sym='$(word 2,$(subst @, ,$*))'; \
	src="$(call series_csv,$(word 1,$(subst @, ,$*)),$(word 2,$(subst @, ,$*)))"; \
	if [ ! -f "$$src" ]; then echo "ABORT! Critical error in parquet: $$sym: $$src: no such input (run make first)" >&2; exit 66; fi; \
	$(BIN)/ohlcv-parquet --hive-root '$(PARQUET_DIR)' --timeframe "$$tf" --symbol "$$sym" --input "$$src" \
	  --compression '$(PARQUET_COMPRESSION)' --decimals $(call decimals_of,$(word 2,$(subst @, ,$*)))

# Interop tests (pyarrow, DuckDB, polars, ../shared/parquet/check_file.py) against the built tool.
parquet-test:
	@py=$$(tools/parquet_venv.sh | tail -1); OHLCV_BIN_DIR='$(BIN)' "$$py" -m pytest -q Tests/parquet

# ohlcv-parquet vs DuckDB on a CSV: make parquet-bench [BENCH_CSV=file.csv]
parquet-bench:
	@OHLCV_BIN_DIR='$(BIN)' bench/parquet_bench.sh $(BENCH_CSV)
