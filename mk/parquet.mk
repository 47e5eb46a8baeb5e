# mk/parquet.mk — Parquet export and CSV extracts (SPEC §8, §9). Included by the main Makefile, which
# defines BIN (built tools), DATA_DIR (default data), SYMBOLS (file-name forms, e.g. EUR-USD) and
# TIMEFRAMES (5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y). Settings below can be overridden in config.mk.
#
#   data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv
#     ─parquet─► data/parquet/timeframe=TF/symbol=SYM/year=YYYY/part-0.parquet   (only changed years rewritten)
#     ─csv────► data/extract/extract.csv (FORMAT=csv) or data/extract/SYM_TF.csv (FORMAT=mt4)

PARQUET_DIR         ?= $(DATA_DIR)/parquet
PARQUET_COMPRESSION ?= snappy
PARQUET_TIMEFRAMES  ?= 1m $(TIMEFRAMES)
EXTRACT_DIR         ?= $(DATA_DIR)/extract
FORMAT              ?= csv
AFTER               ?=
UNTIL               ?=
SKIP_OPEN           ?= 0
EXTRACT_SYMBOLS     ?= $(SYMBOLS)
EXTRACT_TIMEFRAMES  ?= $(PARQUET_TIMEFRAMES)

# The CSV of one series: $(call series_csv,TF,SYM)
series_csv = $(if $(filter 1m,$1),$(DATA_DIR)/aggregate/1m/$2.csv,$(DATA_DIR)/resample/$1/$2.csv)

# One process per series (symbol × timeframe); each writes all its year partitions in one pass and
# skips the years whose source bytes did not change. Phony per-series targets so that make -j2 works.
PARQUET_SERIES := $(foreach s,$(SYMBOLS),$(foreach t,$(PARQUET_TIMEFRAMES),parquet@$t@$s))
.PHONY: parquet csv parquet-test parquet-bench $(PARQUET_SERIES)

parquet: $(PARQUET_SERIES)

$(PARQUET_SERIES): parquet@%:
	@tf='$(word 1,$(subst @, ,$*))'; sym='$(word 2,$(subst @, ,$*))'; \
	src="$(call series_csv,$(word 1,$(subst @, ,$*)),$(word 2,$(subst @, ,$*)))"; \
	if [ ! -f "$$src" ]; then echo "ABORT! Critical error in parquet: $$sym: $$src: no such input (run make first)" >&2; exit 66; fi; \
	$(BIN)/ohlcv-parquet --hive-root '$(PARQUET_DIR)' --timeframe "$$tf" --symbol "$$sym" --input "$$src" \
	  --compression '$(PARQUET_COMPRESSION)'

# Extracts: EXTRACT_SYMBOLS × EXTRACT_TIMEFRAMES × [AFTER, UNTIL), each series found by binary search.
#   FORMAT=csv: one file $(EXTRACT_DIR)/extract.csv, header symbol,timeframe,time,open,high,low,close,volume,
#               sorted by (symbol, timeframe, time) in byte (C locale) order.
#   FORMAT=mt4: one file per series $(EXTRACT_DIR)/SYM_TF.csv, no header, YYYY.MM.DD,HH:MM:SS,o,h,l,c,v.
#   SKIP_OPEN=1 leaves out each series' last candle (the one that may still be open).
# An unknown FORMAT, a missing series, AFTER/UNTIL that do not parse or UNTIL <= AFTER, and a selection
# without rows are errors; nothing is left half-written (temp file + rename).
EXTRACT_ARGS = $(if $(AFTER),--after '$(AFTER)') $(if $(UNTIL),--until '$(UNTIL)') $(if $(filter 1,$(SKIP_OPEN)),--skip-open)
csv:
	@case '$(FORMAT)' in csv|mt4) ;; *) echo "csv: FORMAT must be csv or mt4, not '$(FORMAT)'" >&2; exit 64;; esac; \
	case '$(SKIP_OPEN)' in 0|1) ;; *) echo "csv: SKIP_OPEN must be 0 or 1, not '$(SKIP_OPEN)'" >&2; exit 64;; esac; \
	if [ -n '$(AFTER)' ] && [ -n '$(UNTIL)' ] && [ ! '$(AFTER)' \< '$(UNTIL)' ]; then \
	  echo "csv: UNTIL ($(UNTIL)) must be later than AFTER ($(AFTER)): the range is [AFTER, UNTIL)" >&2; exit 64; fi; \
	[ -n '$(strip $(EXTRACT_SYMBOLS))' ] || { echo "csv: no symbols selected (EXTRACT_SYMBOLS/SYMBOLS is empty)" >&2; exit 64; }; \
	[ -n '$(strip $(EXTRACT_TIMEFRAMES))' ] || { echo "csv: no timeframes selected (EXTRACT_TIMEFRAMES is empty)" >&2; exit 64; }; \
	mkdir -p '$(EXTRACT_DIR)'; \
	for sym in $(sort $(EXTRACT_SYMBOLS)); do for tf in $(sort $(EXTRACT_TIMEFRAMES)); do \
	  if [ "$$tf" = 1m ]; then src='$(DATA_DIR)'/aggregate/1m/$$sym.csv; else src='$(DATA_DIR)'/resample/$$tf/$$sym.csv; fi; \
	  [ -f "$$src" ] || { echo "csv: $$src: no such input (symbol $$sym, timeframe $$tf; run make first)" >&2; exit 66; }; \
	done; done; \
	if [ '$(FORMAT)' = csv ]; then \
	  out='$(EXTRACT_DIR)/extract.csv'; tmp="$$out.tmp"; header=--header; \
	  trap 'rm -f "$$tmp"' EXIT; : > "$$tmp"; \
	  for sym in $(sort $(EXTRACT_SYMBOLS)); do for tf in $(sort $(EXTRACT_TIMEFRAMES)); do \
	    if [ "$$tf" = 1m ]; then src='$(DATA_DIR)'/aggregate/1m/$$sym.csv; else src='$(DATA_DIR)'/resample/$$tf/$$sym.csv; fi; \
	    $(BIN)/ohlcv-parquet --extract csv $$header --symbol "$$sym" --timeframe "$$tf" $(EXTRACT_ARGS) "$$src" >> "$$tmp"; \
	    header=; \
	  done; done; \
	  rows=$$(($$(wc -l < "$$tmp") - 1)); \
	  if [ "$$rows" -le 0 ]; then echo "csv: no rows in [$(or $(AFTER),start), $(or $(UNTIL),end)) for $(sort $(EXTRACT_SYMBOLS)) × $(sort $(EXTRACT_TIMEFRAMES))" >&2; exit 65; fi; \
	  mv "$$tmp" "$$out"; trap - EXIT; echo "csv: $$out: $$rows rows" >&2; \
	else \
	  for sym in $(sort $(EXTRACT_SYMBOLS)); do for tf in $(sort $(EXTRACT_TIMEFRAMES)); do \
	    if [ "$$tf" = 1m ]; then src='$(DATA_DIR)'/aggregate/1m/$$sym.csv; else src='$(DATA_DIR)'/resample/$$tf/$$sym.csv; fi; \
	    out='$(EXTRACT_DIR)'/$${sym}_$$tf.csv; \
	    $(BIN)/ohlcv-parquet --extract mt4 --symbol "$$sym" --timeframe "$$tf" $(EXTRACT_ARGS) -o "$$out.tmp" "$$src"; \
	    if [ ! -s "$$out.tmp" ]; then rm -f "$$out.tmp"; echo "csv: no rows in [$(or $(AFTER),start), $(or $(UNTIL),end)) for $$sym $$tf" >&2; exit 65; fi; \
	    mv "$$out.tmp" "$$out"; echo "csv: $$out: $$(wc -l < "$$out") rows" >&2; \
	  done; done; \
	fi

# Interop tests (pyarrow, DuckDB, polars, ../shared/parquet/check_file.py) against the built tool.
parquet-test:
	@py=$$(tools/parquet_venv.sh | tail -1); OHLCV_BIN_DIR='$(BIN)' "$$py" -m pytest -q Tests/parquet

# ohlcv-parquet vs DuckDB on a CSV: make parquet-bench [BENCH_CSV=file.csv]
parquet-bench:
	@OHLCV_BIN_DIR='$(BIN)' bench/parquet_bench.sh $(BENCH_CSV)
