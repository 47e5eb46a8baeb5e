# mk/extract.mk — make csv: text extracts of the series CSVs with ohlcv-extract (docs/extract.md). Included by
# the main Makefile, which defines BIN (built tools), DATA_DIR and the plan's per-symbol values (plan.extract,
# plan.folder.TF, decimals_of; series_csv is in mk/parquet.mk), and lists csv among WRITING_TARGETS: make csv
# runs _csv under data/locks/run.lock, so it never reads a CSV that a run is rewriting. It builds nothing.
#
#   data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv
#     ─ohlcv-extract─► data/extract/extract.csv (FORMAT=csv) or data/extract/SYM_TF.csv (FORMAT=mt4)

EXTRACT_DIR        ?= $(DATA_DIR)/extract
FORMAT             ?= csv
AFTER              ?=
UNTIL              ?=
SKIP_OPEN          ?= 0
# How MT4 rows write the time of day: hh:mm:ss or hh:mm.
MT4_TIME           ?= hh:mm:ss
# The timeframes extracted for each symbol chosen with SYMBOL= (all listed symbols when empty): each symbol's
# Parquet timeframes when empty. A timeframe that is not configured for a symbol is refused (ohlcv-config).
EXTRACT_TIMEFRAMES ?=

.PHONY: _csv

# One ohlcv-extract per series (plan.extract: symbol × timeframe), each into $(EXTRACT_DIR)/.partial/ and
# committed only when every series was read without error, so that a failed run changes no extract.
#   FORMAT=csv: one file $(EXTRACT_DIR)/extract.csv, header symbol,timeframe,time,open,high,low,close,volume,
#               rows sorted by (symbol, timeframe, time) in byte (C locale) order.
#   FORMAT=mt4: one file per series $(EXTRACT_DIR)/SYM_TF.csv (months written 1mo), no header.
# Every selected series is tried. One with no rows in [AFTER, UNTIL) is named on stderr and, for mt4, has no
# file: an older one is removed, so that no stale extract is left. Only a selection without any row fails (65).
comma := ,
# Sorted as "SYM,TF" so that the series come in the order of the rows' own first two fields.
EXTRACT_SERIES = $(sort $(subst @,$(comma),$(plan.extract)))
extract_sym = $(word 1,$(subst $(comma), ,$1))
extract_tf  = $(word 2,$(subst $(comma), ,$1))
EXTRACT_ARGS = --format '$(FORMAT)' $(if $(AFTER),--after '$(AFTER)') $(if $(UNTIL),--until '$(UNTIL)') \
  $(if $(filter 1,$(SKIP_OPEN)),--skip-open) $(if $(filter mt4,$(FORMAT)),--mt4-time '$(MT4_TIME)')
range_text  = [$(or $(AFTER),start), $(or $(UNTIL),end))
# $(call extract_one,SYM,TF): the shell words `one SYM TF NAME SOURCE DECIMALS`; NAME is the file's name.
extract_one = one '$(call extract_sym,$1)' '$(call extract_tf,$1)' '$(call extract_sym,$1)_$(plan.folder.$(call extract_tf,$1)).csv' \
  '$(call series_csv,$(call extract_tf,$1),$(call extract_sym,$1))' '$(call decimals_of,$(call extract_sym,$1))';

# FORMAT, SKIP_OPEN, MT4_TIME, AFTER and UNTIL were checked by ohlcv-config before the lock (exit 78).
_csv:
	@[ -n '$(strip $(EXTRACT_SERIES))' ] || { echo "ABORT! Critical error in csv: nothing selected (SYMBOL × EXTRACT_TIMEFRAMES is empty)" >&2; exit 64; }
	@parts='$(EXTRACT_DIR)/.partial'; rm -rf "$$parts"; mkdir -p "$$parts"; trap 'rm -rf "$$parts"' EXIT; \
	rows=0; kept=(); empty=(); \
	one() { \
	  [ -f "$$4" ] || { echo "ABORT! Critical error in csv: $$1: $$4: no such input (timeframe $$2; run make first)" >&2; exit 66; }; \
	  $(BIN)/ohlcv-extract $(EXTRACT_ARGS) --symbol "$$1" --timeframe "$$2" --decimals "$$5" -o "$$parts/$$3" "$$4" || exit $$?; \
	  if [ -s "$$parts/$$3" ]; then kept+=("$$3"); rows=$$((rows + $$(wc -l < "$$parts/$$3"))); \
	  else empty+=("$$3"); echo "csv: $$1 $$2: no rows in $(range_text)" >&2; fi; }; \
	$(foreach x,$(EXTRACT_SERIES),$(call extract_one,$x)) \
	if [ "$$rows" -eq 0 ]; then \
	  echo "ABORT! Critical error in csv: no rows in $(range_text) in any of the $(words $(EXTRACT_SERIES)) selected series; no extract was changed" >&2; exit 65; fi; \
	if [ '$(FORMAT)' = csv ]; then \
	  { printf 'symbol,timeframe,time,open,high,low,close,volume\n'; (cd "$$parts" && cat "$${kept[@]}"); } > "$$parts/extract.csv"; \
	  sync "$$parts/extract.csv"; mv "$$parts/extract.csv" '$(EXTRACT_DIR)/extract.csv'; \
	  echo "csv: $(EXTRACT_DIR)/extract.csv: $$rows rows of $${#kept[@]} series" >&2; \
	else \
	  for f in "$${kept[@]}"; do mv "$$parts/$$f" "$(EXTRACT_DIR)/$$f"; done; \
	  for f in $${empty[@]+"$${empty[@]}"}; do rm -f "$(EXTRACT_DIR)/$$f"; done; \
	  echo "csv: $(EXTRACT_DIR): $$rows rows in $${#kept[@]} MT4 files" >&2; \
	fi
