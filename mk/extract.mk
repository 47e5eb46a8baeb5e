# mk/extract.mk — make csv: text extracts of the series CSVs with ohlcv-extract (docs/extract.md). Included by
# the main Makefile, which defines BIN (built tools), DATA_DIR and the plan's per-symbol values (plan.extract,
# plan.folder.TF, decimals_of; series_csv is in mk/parquet.mk), and lists csv among WRITING_TARGETS: make csv
# runs _csv under data/locks/run.lock, so it never reads a CSV that a run is rewriting. It builds nothing.
#
#   data/aggregate/1m/SERIES.csv, data/resample/TF/SERIES.csv (SERIES: SYM for BID, SYM@ASK for ASK)
#     ─ohlcv-extract─► data/extract/extract.csv, extract@ASK.csv (FORMAT=csv), data/extract/SYM_TF.csv,
#                      SYM@ASK_TF.csv (FORMAT=mt4), data/extract/bidask.csv (FORMAT=bidask: BID and ASK joined)

EXTRACT_DIR        ?= $(DATA_DIR)/extract
# csv, mt4 or bidask (one row per time present on both sides of a symbol).
FORMAT             ?= csv
# The side a csv or mt4 extract reads: BID or ASK. It must be built for every selected symbol (SIDES,
# SIDES_<SYM>); FORMAT=bidask reads both and needs both.
EXTRACT_SIDE       ?= BID
AFTER              ?=
UNTIL              ?=
SKIP_OPEN          ?= 0
# How MT4 rows write the time of day: hh:mm:ss or hh:mm.
MT4_TIME           ?= hh:mm:ss
# The timeframes extracted for each symbol chosen with SYMBOL= (all listed symbols when empty): each symbol's
# Parquet timeframes when empty. A timeframe that is not configured for a symbol is refused (ohlcv-config).
EXTRACT_TIMEFRAMES ?=

.PHONY: _csv

# One ohlcv-extract per series (plan.extract: symbol × timeframe), run and committed by tools/extract.sh: each
# into $(EXTRACT_DIR)/.partial/, all committed only when every series was read without error, so that a failed
# run changes no extract.
#   FORMAT=csv:    one file $(EXTRACT_DIR)/extract.csv (EXTRACT_SIDE=ASK: extract@ASK.csv), header
#                  symbol,timeframe,time,open,high,low,close,volume, rows sorted by (symbol, timeframe, time) in
#                  byte (C locale) order. The symbol field is the symbol alone; the file name says the side.
#   FORMAT=mt4:    one file per series $(EXTRACT_DIR)/SYM_TF.csv (EXTRACT_SIDE=ASK: SYM@ASK_TF.csv; months written
#                  1mo), no header.
#   FORMAT=bidask: one file $(EXTRACT_DIR)/bidask.csv with its header (docs/extract.md), sorted as csv; the
#                  candles of one side only are counted per series on stderr and totalled in the summary line.
# Every selected series is tried. One with no rows in [AFTER, UNTIL) is named on stderr and, for mt4, has no
# file: an older one is removed, so that no stale extract is left. Only a selection without any row fails (65).
comma := ,
# Sorted as "SYM,TF" so that the series come in the order of the rows' own first two fields.
EXTRACT_SERIES = $(sort $(subst @,$(comma),$(plan.extract)))
extract_sym = $(word 1,$(subst $(comma), ,$1))
extract_tf  = $(word 2,$(subst $(comma), ,$1))
# The mark of the series a csv or mt4 extract reads: empty for BID, @ASK (plan.extract_side: EXTRACT_SIDE as
# ohlcv-config read it, in any letter case).
EXTRACT_MARK = $(if $(filter bidask,$(FORMAT)),,$(if $(filter ASK,$(plan.extract_side)),@ASK))
# $(call extract_words,SYM,TF): the six words tools/extract.sh takes per series: SYM TF PART SOURCE DECIMALS
# ASKSOURCE. PART is the series' file name, SOURCE the series read (the BID one for bidask), ASKSOURCE the ASK
# series (bidask only, else empty).
extract_words = '$(call extract_sym,$1)' '$(call extract_tf,$1)' \
  '$(call extract_sym,$1)$(EXTRACT_MARK)_$(plan.folder.$(call extract_tf,$1)).csv' \
  '$(call series_csv,$(call extract_tf,$1),$(call extract_sym,$1)$(EXTRACT_MARK))' '$(call decimals_of,$(call extract_sym,$1))' \
  '$(if $(filter bidask,$(FORMAT)),$(call series_csv,$(call extract_tf,$1),$(call extract_sym,$1)@ASK))'
EXTRACT_FILE = $(if $(filter bidask,$(FORMAT)),bidask.csv,extract$(EXTRACT_MARK).csv)

# FORMAT, EXTRACT_SIDE, SKIP_OPEN, MT4_TIME, AFTER and UNTIL were checked by ohlcv-config before the lock (exit 78),
# and so were the sides: EXTRACT_SIDE (or both, for bidask) is built for every selected symbol.
_csv:
	@tools/extract.sh --tool '$(BIN)/ohlcv-extract' --dir '$(EXTRACT_DIR)' --format '$(FORMAT)' --file '$(EXTRACT_FILE)' \
	  $(if $(AFTER),--after '$(AFTER)') $(if $(UNTIL),--until '$(UNTIL)') $(if $(filter 1,$(SKIP_OPEN)),--skip-open) \
	  $(if $(filter mt4,$(FORMAT)),--mt4-time '$(MT4_TIME)') -- $(foreach x,$(EXTRACT_SERIES),$(call extract_words,$x))
