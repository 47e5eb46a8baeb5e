# mk/parquet.mk — Parquet export and CSV extracts (SPEC §8, §9). Included by the main Makefile, which
# defines BIN (built tools), DATA_DIR, SELECTED and the plan's per-symbol values (plan.parquet.SYM,
# decimals_of, plan.extract, plan.folder.TF). Settings below can be overridden in config.mk.
# Both targets take data/locks/run.lock, as `make` does, so they never read a CSV that a run is rewriting.
#
#   data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv
#     ─parquet─► data/parquet/timeframe=TF/symbol=SYM/year=YYYY/part-0.parquet   (only changed years rewritten;
#                months are timeframe=1mo so that no folder differs from another only by letter case)
#     ─csv────► data/extract/extract.csv (FORMAT=csv) or data/extract/SYM_TF.csv (FORMAT=mt4)

PARQUET_DIR         ?= $(DATA_DIR)/parquet
PARQUET_COMPRESSION ?= snappy
# The timeframes written, for every symbol: 1m and each symbol's own timeframes when empty.
PARQUET_TIMEFRAMES  ?=
EXTRACT_DIR         ?= $(DATA_DIR)/extract
FORMAT              ?= csv
AFTER               ?=
UNTIL               ?=
SKIP_OPEN           ?= 0
# What make csv extracts (ohlcv-config resolves both into plan.extract): the run's symbols when empty, and
# each symbol's Parquet timeframes when empty. A timeframe that is not configured is refused.
EXTRACT_SYMBOLS     ?=
EXTRACT_TIMEFRAMES  ?=

# The CSV of one series: $(call series_csv,TF,SYM)
series_csv = $(if $(filter 1m,$1),$(DATA_DIR)/aggregate/1m/$2.csv,$(DATA_DIR)/resample/$1/$2.csv)

# One process per series (symbol × timeframe); each writes all its year partitions in one pass and
# skips the years whose source bytes did not change. Phony per-series targets so that make -j2 works.
# parquet and csv themselves are in the Makefile's WRITING_TARGETS: they run _parquet / _csv under the lock.
PARQUET_SERIES := $(foreach s,$(SELECTED),$(foreach t,$(plan.parquet.$s),parquet@$t@$s))
.PHONY: _parquet _csv parquet-test parquet-bench $(PARQUET_SERIES)

_parquet: $(PARQUET_SERIES)

$(PARQUET_SERIES): parquet@%:
	@tf='$(word 1,$(subst @, ,$*))'; sym='$(word 2,$(subst @, ,$*))'; \
	src="$(call series_csv,$(word 1,$(subst @, ,$*)),$(word 2,$(subst @, ,$*)))"; \
	if [ ! -f "$$src" ]; then echo "ABORT! Critical error in parquet: $$sym: $$src: no such input (run make first)" >&2; exit 66; fi; \
	$(BIN)/ohlcv-parquet --hive-root '$(PARQUET_DIR)' --timeframe "$$tf" --symbol "$$sym" --input "$$src" \
	  --compression '$(PARQUET_COMPRESSION)' --decimals $(call decimals_of,$(word 2,$(subst @, ,$*)))

# Extracts: plan.extract (symbol × timeframe) × [AFTER, UNTIL), each series found by binary search.
#   FORMAT=csv: one file $(EXTRACT_DIR)/extract.csv, header symbol,timeframe,time,open,high,low,close,volume,
#               sorted by (symbol, timeframe, time) in byte (C locale) order.
#   FORMAT=mt4: one file per series $(EXTRACT_DIR)/SYM_TF.csv (TF case-safe: 1M is written 1mo), no header,
#               YYYY.MM.DD,HH:MM:SS,o,h,l,c,v.
#   SKIP_OPEN=1 leaves out each series' last candle (the one that may still be open).
# An unknown FORMAT, AFTER/UNTIL that do not parse or UNTIL <= AFTER (ohlcv-config), a missing series and a
# selection without rows are errors; nothing is left half-written (temp file + rename).
EXTRACT_ARGS = $(if $(AFTER),--after '$(AFTER)') $(if $(UNTIL),--until '$(UNTIL)') $(if $(filter 1,$(SKIP_OPEN)),--skip-open)
EXTRACT_SERIES = $(sort $(plan.extract))
extract_sym = $(word 1,$(subst @, ,$1))
extract_tf  = $(word 2,$(subst @, ,$1))
extract_src = $(call series_csv,$(call extract_tf,$1),$(call extract_sym,$1))
# $(call extract_cmd,SYM@TF,FORMAT): one tool call, reading that series with that symbol's decimals.
extract_cmd = $(BIN)/ohlcv-parquet --extract $2 --symbol '$(call extract_sym,$1)' --timeframe '$(call extract_tf,$1)' \
  --decimals $(call decimals_of,$(call extract_sym,$1)) $(EXTRACT_ARGS)
range_text  = [$(or $(AFTER),start), $(or $(UNTIL),end))

# FORMAT, SKIP_OPEN, AFTER and UNTIL were checked by ohlcv-config before the lock (exit 78).
_csv:
	@[ -n '$(strip $(EXTRACT_SERIES))' ] || { echo "ABORT! Critical error in csv: nothing selected (EXTRACT_SYMBOLS × EXTRACT_TIMEFRAMES is empty)" >&2; exit 64; }
	@$(foreach x,$(EXTRACT_SERIES),[ -f '$(call extract_src,$x)' ] || { echo "ABORT! Critical error in csv: $(call extract_sym,$x): $(call extract_src,$x): no such input (timeframe $(call extract_tf,$x); run make first)" >&2; exit 66; };)
	@mkdir -p '$(EXTRACT_DIR)'
ifeq ($(FORMAT),csv)
	@out='$(EXTRACT_DIR)/extract.csv'; tmp="$$out.tmp"; trap 'rm -f "$$tmp"' EXIT; \
	printf 'symbol,timeframe,time,open,high,low,close,volume\n' > "$$tmp"; \
	$(foreach x,$(EXTRACT_SERIES),$(call extract_cmd,$x,csv) '$(call extract_src,$x)' >> "$$tmp";) \
	rows=$$(($$(wc -l < "$$tmp") - 1)); \
	if [ "$$rows" -le 0 ]; then echo "ABORT! Critical error in csv: no rows in $(range_text) for $(EXTRACT_SERIES)" >&2; exit 65; fi; \
	mv "$$tmp" "$$out"; trap - EXIT; echo "csv: $$out: $$rows rows" >&2
else
	@$(foreach x,$(EXTRACT_SERIES),out='$(EXTRACT_DIR)/$(call extract_sym,$x)_$(plan.folder.$(call extract_tf,$x)).csv'; \
	  $(call extract_cmd,$x,mt4) -o "$$out.tmp" '$(call extract_src,$x)'; \
	  if [ ! -s "$$out.tmp" ]; then rm -f "$$out.tmp"; echo "ABORT! Critical error in csv: $(call extract_sym,$x): no rows in $(range_text) for timeframe $(call extract_tf,$x)" >&2; exit 65; fi; \
	  mv "$$out.tmp" "$$out"; echo "csv: $$out: $$(wc -l < "$$out") rows" >&2;)
endif

# Interop tests (pyarrow, DuckDB, polars, ../shared/parquet/check_file.py) against the built tool.
parquet-test:
	@py=$$(tools/parquet_venv.sh | tail -1); OHLCV_BIN_DIR='$(BIN)' "$$py" -m pytest -q Tests/parquet

# ohlcv-parquet vs DuckDB on a CSV: make parquet-bench [BENCH_CSV=file.csv]
parquet-bench:
	@OHLCV_BIN_DIR='$(BIN)' bench/parquet_bench.sh $(BENCH_CSV)
