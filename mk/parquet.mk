# mk/parquet.mk — Parquet export and CSV extracts (SPEC §8, §9). Included by the main Makefile, which
# defines BIN (built tools), DATA_DIR (default data), SYMBOLS (file-name forms, e.g. EUR-USD), TIMEFRAMES
# (5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y), LOCK_WAIT, the `build` target and the per-symbol functions
# timeframes_of / decimals_of. Settings below can be overridden in config.mk.
# Both targets take data/locks/run.lock, as `make` does, so they never read a CSV that a run is rewriting.
#
#   data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv
#     ─parquet─► data/parquet/timeframe=TF/symbol=SYM/year=YYYY/part-0.parquet   (only changed years rewritten)
#     ─csv────► data/extract/extract.csv (FORMAT=csv) or data/extract/SYM_TF.csv (FORMAT=mt4)

PARQUET_DIR         ?= $(DATA_DIR)/parquet
PARQUET_COMPRESSION ?= snappy
PARQUET_TIMEFRAMES  ?=
# Timeframes of one symbol: PARQUET_TIMEFRAMES if set, else 1m plus the symbol's configured timeframes.
parquet_timeframes_of = $(or $(PARQUET_TIMEFRAMES),1m $(or $(call timeframes_of,$1),$(TIMEFRAMES)))
parquet_decimals_of   = $(or $(call decimals_of,$1),8)
EXTRACT_DIR         ?= $(DATA_DIR)/extract
FORMAT              ?= csv
AFTER               ?=
UNTIL               ?=
SKIP_OPEN           ?= 0
EXTRACT_SYMBOLS     ?= $(SYMBOLS)
EXTRACT_TIMEFRAMES  ?= $(or $(PARQUET_TIMEFRAMES),1m $(TIMEFRAMES))

# The CSV of one series: $(call series_csv,TF,SYM)
series_csv = $(if $(filter 1m,$1),$(DATA_DIR)/aggregate/1m/$2.csv,$(DATA_DIR)/resample/$1/$2.csv)

# One process per series (symbol × timeframe); each writes all its year partitions in one pass and
# skips the years whose source bytes did not change. Phony per-series targets so that make -j2 works.
PARQUET_SERIES := $(foreach s,$(SYMBOLS),$(foreach t,$(call parquet_timeframes_of,$s),parquet@$t@$s))
.PHONY: parquet _parquet csv _csv parquet-test parquet-bench $(PARQUET_SERIES)

parquet:
	@mkdir -p $(DATA_DIR)/locks
	@flock -w $(or $(LOCK_WAIT),10) -E 75 $(DATA_DIR)/locks/run.lock $(MAKE) --no-print-directory _parquet \
	  || { s=$$?; if [ $$s = 75 ]; then echo "parquet: busy: another run holds $(DATA_DIR)/locks/run.lock (status 75)" >&2; fi; exit $$s; }

_parquet: $(PARQUET_SERIES)

$(PARQUET_SERIES): parquet@%: | build
	@tf='$(word 1,$(subst @, ,$*))'; sym='$(word 2,$(subst @, ,$*))'; \
	src="$(call series_csv,$(word 1,$(subst @, ,$*)),$(word 2,$(subst @, ,$*)))"; \
	if [ ! -f "$$src" ]; then echo "ABORT! Critical error in parquet: $$sym: $$src: no such input (run make first)" >&2; exit 66; fi; \
	$(BIN)/ohlcv-parquet --hive-root '$(PARQUET_DIR)' --timeframe "$$tf" --symbol "$$sym" --input "$$src" \
	  --compression '$(PARQUET_COMPRESSION)' --decimals $(call parquet_decimals_of,$(word 2,$(subst @, ,$*)))

# Extracts: EXTRACT_SYMBOLS × EXTRACT_TIMEFRAMES × [AFTER, UNTIL), each series found by binary search.
#   FORMAT=csv: one file $(EXTRACT_DIR)/extract.csv, header symbol,timeframe,time,open,high,low,close,volume,
#               sorted by (symbol, timeframe, time) in byte (C locale) order.
#   FORMAT=mt4: one file per series $(EXTRACT_DIR)/SYM_TF.csv, no header, YYYY.MM.DD,HH:MM:SS,o,h,l,c,v.
#   SKIP_OPEN=1 leaves out each series' last candle (the one that may still be open).
# An unknown FORMAT, a missing series, AFTER/UNTIL that do not parse or UNTIL <= AFTER, and a selection
# without rows are errors; nothing is left half-written (temp file + rename).
EXTRACT_ARGS = $(if $(AFTER),--after '$(AFTER)') $(if $(UNTIL),--until '$(UNTIL)') $(if $(filter 1,$(SKIP_OPEN)),--skip-open)
csv:
	@mkdir -p $(DATA_DIR)/locks
	@flock -w $(or $(LOCK_WAIT),10) -E 75 $(DATA_DIR)/locks/run.lock $(MAKE) --no-print-directory _csv \
	  || { s=$$?; if [ $$s = 75 ]; then echo "csv: busy: another run holds $(DATA_DIR)/locks/run.lock (status 75)" >&2; fi; exit $$s; }

EXTRACT_SERIES = $(foreach s,$(sort $(EXTRACT_SYMBOLS)),$(foreach t,$(sort $(EXTRACT_TIMEFRAMES)),$s@$t))
extract_sym = $(word 1,$(subst @, ,$1))
extract_tf  = $(word 2,$(subst @, ,$1))
extract_src = $(call series_csv,$(call extract_tf,$1),$(call extract_sym,$1))
# $(call extract_cmd,SYM@TF,FORMAT): one tool call, reading that series with that symbol's decimals.
extract_cmd = $(BIN)/ohlcv-parquet --extract $2 --symbol '$(call extract_sym,$1)' --timeframe '$(call extract_tf,$1)' \
  --decimals $(call parquet_decimals_of,$(call extract_sym,$1)) $(EXTRACT_ARGS)
range_text  = [$(or $(AFTER),start), $(or $(UNTIL),end))

_csv: | build
	@case '$(FORMAT)' in csv|mt4) ;; *) echo "csv: FORMAT must be csv or mt4, not '$(FORMAT)'" >&2; exit 64;; esac
	@case '$(SKIP_OPEN)' in 0|1) ;; *) echo "csv: SKIP_OPEN must be 0 or 1, not '$(SKIP_OPEN)'" >&2; exit 64;; esac
	@if [ -n '$(AFTER)' ] && [ -n '$(UNTIL)' ] && [ ! '$(AFTER)' \< '$(UNTIL)' ]; then \
	  echo "csv: UNTIL ($(UNTIL)) must be later than AFTER ($(AFTER)): the range is [AFTER, UNTIL)" >&2; exit 64; fi
	@[ -n '$(strip $(EXTRACT_SYMBOLS))' ] || { echo "csv: no symbols selected (EXTRACT_SYMBOLS/SYMBOLS is empty)" >&2; exit 64; }
	@[ -n '$(strip $(EXTRACT_TIMEFRAMES))' ] || { echo "csv: no timeframes selected (EXTRACT_TIMEFRAMES is empty)" >&2; exit 64; }
	@$(foreach x,$(EXTRACT_SERIES),[ -f '$(call extract_src,$x)' ] || { echo "csv: $(call extract_src,$x): no such input (symbol $(call extract_sym,$x), timeframe $(call extract_tf,$x); run make first)" >&2; exit 66; };)
	@mkdir -p '$(EXTRACT_DIR)'
ifeq ($(FORMAT),csv)
	@out='$(EXTRACT_DIR)/extract.csv'; tmp="$$out.tmp"; trap 'rm -f "$$tmp"' EXIT; \
	printf 'symbol,timeframe,time,open,high,low,close,volume\n' > "$$tmp"; \
	$(foreach x,$(EXTRACT_SERIES),$(call extract_cmd,$x,csv) '$(call extract_src,$x)' >> "$$tmp";) \
	rows=$$(($$(wc -l < "$$tmp") - 1)); \
	if [ "$$rows" -le 0 ]; then echo "csv: no rows in $(range_text) for $(sort $(EXTRACT_SYMBOLS)) × $(sort $(EXTRACT_TIMEFRAMES))" >&2; exit 65; fi; \
	mv "$$tmp" "$$out"; trap - EXIT; echo "csv: $$out: $$rows rows" >&2
else
	@$(foreach x,$(EXTRACT_SERIES),out='$(EXTRACT_DIR)/$(call extract_sym,$x)_$(call extract_tf,$x).csv'; \
	  $(call extract_cmd,$x,mt4) -o "$$out.tmp" '$(call extract_src,$x)'; \
	  if [ ! -s "$$out.tmp" ]; then rm -f "$$out.tmp"; echo "csv: no rows in $(range_text) for $(call extract_sym,$x) $(call extract_tf,$x)" >&2; exit 65; fi; \
	  mv "$$out.tmp" "$$out"; echo "csv: $$out: $$(wc -l < "$$out") rows" >&2;)
endif

# Interop tests (pyarrow, DuckDB, polars, ../shared/parquet/check_file.py) against the built tool.
parquet-test:
	@py=$$(tools/parquet_venv.sh | tail -1); OHLCV_BIN_DIR='$(BIN)' "$$py" -m pytest -q Tests/parquet

# ohlcv-parquet vs DuckDB on a CSV: make parquet-bench [BENCH_CSV=file.csv]
parquet-bench:
	@OHLCV_BIN_DIR='$(BIN)' bench/parquet_bench.sh $(BENCH_CSV)
