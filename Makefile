# ohlcv: the pipeline, as make rules over the files it writes (README.md has every target and setting).
#
#   make [all]                 fetch, then transform → aggregate → resample every symbol of symbols.txt
#   make SYMBOL=EURUSD         the same for one symbol, in any spelling of a listed instrument
#   make pipeline              transform → aggregate → resample only (no downloads)
#   make rebuild-weekly        re-check the last 7 days for corrections
#   make rebuild-full          rebuild every derived file from the cache
#   make parquet / make csv    the Hive tree / extracts
#   make check-config          check every setting and symbols.txt, run nothing
#   make instruments [QUERY=gold]  search the instrument catalogue (code, description, pip value, first minute)
#   make verify [FROM=… TO=…]  compare our 1h/1d candles with Dukascopy's own (REPAIR=1 re-fetches what differs)
#   make list-held / accept-held  re-checked days held back because candles would disappear
#   make report                one HTML page (data/report/index.html) and a summary: coverage, rows, verify
#   make demo / test / bench   offline demo / every test suite / benchmarks
#   make install / uninstall   the tools to PREFIX/bin (~/.local, or /usr/local for root) / remove them
#
# Below: the settings, the diagram, then one rule per arrow, in the diagram's order (the build of the tools is
# mk/build.mk's; every other mk/*.mk adds the targets named in its first line).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.SECONDEXPANSION:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules

# ---- Settings: defaults here; override on the command line or in config.mk (git-ignored, see
# ---- config.mk.example). Every variable is documented in README.md; ohlcv-config checks them all.
CONFIG_FILE   ?= config.mk
-include $(CONFIG_FILE)
CACHE_DIR     ?= cache
DATA_DIR      ?= data
SYMBOLS_FILE  ?= symbols.txt
SYMBOL        ?=
START_DATE    ?= 2005-01-01
TIMEFRAMES    ?= 5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y
DECIMALS      ?= 8
TIME_SHIFT_MS ?= 0
NY_CLOSE_SYMBOLS ?=
# The sides of the quote built for every symbol: BID, ASK or both (SIDES_<SYM> for one symbol). Each side is a
# series of its own; a BID series is named as its symbol, an ASK series SYM@ASK (README: "Both sides").
SIDES         ?= BID
BASE_URL      ?= https://jetta.dukascopy.com
RATE          ?= 5
LOCK_WAIT     ?= 10
CONFIGURATION ?= release
BIN           ?= .build/$(CONFIGURATION)
BUILD_PROGRESS ?=
# The instrument catalogue shipped with the suite: fetch's answer when the server's cannot be had.
CATALOGUE_SNAPSHOT ?= catalogue/instruments.tsv

STAMP_DIR   := $(DATA_DIR)/stamp
# Stamps and settings files are checkpoints: make must never delete them as intermediates.
.PRECIOUS: $(STAMP_DIR)/%.config $(STAMP_DIR)/%.done

# ---- The pipeline, one arrow per stage; the rules below follow it.
#   symbols.txt, config.mk ─ohlcv-config─► the plan (checked settings, one spelling per symbol)
# Every arrow below runs once per series: SYM is a BID series (EUR-USD) or an ASK one (EUR-USD@ASK).
#   ohlcv-fetch ──► cache/YYYY/MM/SYM_YYYYMMDD.json  (+ data/temp/SYM_today.json, still growing)
#   ohlcv-transform ──► data/transform/1m/YYYY/MM/SYM_YYYYMMDD.csv  (+ data/temp/SYM_today.csv)
#   ohlcv-aggregate ──► data/aggregate/1m/SYM.csv + index/SYM.idx
#   ohlcv-resample  ──► data/resample/TF/SYM.csv  + index/SYM.idx   (5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y, cascaded)
#   ohlcv-parquet   ──► data/parquet/timeframe=TF/symbol=SYM/side=BID|ASK/year=YYYY/part-0.parquet   (make parquet)

.PHONY: all pipeline fetch build check-config rebuild-full help FORCE bench parquet csv demo crashtest fuzz

# ---- symbols.txt, config.mk ─ohlcv-config─► the plan. ohlcv-config checks symbols.txt, config.mk and every setting below (with make's word for
# where each value came from, so an error names config.mk:LINE or the command line), resolves every spelling
# of a symbol to the one listed, and writes the run's plan, which the inner make includes: plan.selected (the
# symbols of this run), plan.series (their series: one per side, EUR-USD and EUR-USD@ASK), plan.sides.SYM,
# plan.timeframes.SYM, plan.decimals.SYM, plan.alignment.SYM, plan.parquet.SYM, plan.extract. make and every
# tool so see the same symbols, in one spelling. The per-symbol values serve each of the symbol's series.
CHECKED_SETTINGS = SYMBOL SYMBOLS START_DATE TIMEFRAMES DECIMALS TIME_SHIFT_MS NY_CLOSE_SYMBOLS RATE LOCK_WAIT \
  RECHECK_DAYS PARQUET_TIMEFRAMES PARQUET_COMPRESSION BASE_URL EXTRACT_TIMEFRAMES EXTRACT_SIDE FORMAT SKIP_OPEN MT4_TIME \
  AFTER UNTIL FROM TO REPAIR SIDES \
  $(filter TIMEFRAMES_% DECIMALS_% ALIGNMENT_% START_DATE_% SIDES_%,$(.VARIABLES))
quote = '$(subst ','\'',$1)'
CONFIG_ARGS = --symbols-file $(call quote,$(SYMBOLS_FILE)) --config-file $(call quote,$(CONFIG_FILE)) \
  $(foreach f,Makefile $(wildcard mk/*.mk),--makefile $f) \
  $(foreach v,$(sort $(CHECKED_SETTINGS)),$(if $(filter undefined automatic,$(origin $v)),,\
    --setting $(call quote,$v=$(strip $($v))) --origin $(call quote,$v=$(origin $v)))) \
  $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $v)),--command-line $(call quote,$v)))
ifdef OHLCV_PLAN
include $(OHLCV_PLAN)
endif
SELECTED       = $(plan.selected)
SERIES         = $(plan.series)
# $(call symbol_of,SERIES): EUR-USD@ASK → EUR-USD (a BID series is its symbol's name).
symbol_of      = $(firstword $(subst @, ,$(1)))
timeframes_of  = $(plan.timeframes.$(call symbol_of,$(1)))
decimals_of    = $(plan.decimals.$(call symbol_of,$(1)))
alignment_of   = $(plan.alignment.$(call symbol_of,$(1)))
settings_of    = --decimals $(call decimals_of,$(1)) --alignment $(call alignment_of,$(1))
stamp_text_of  = decimals=$(call decimals_of,$(1)) alignment=$(call alignment_of,$(1)) timeframes=$(call timeframes_of,$(1))

# ---- One run at a time. Every target that writes data runs as `make _TARGET` inside run_locked:
#   1. ohlcv-config checks every setting and writes the plan; a bad setting stops here, before anything runs;
#   2. the run takes data/locks/run.lock (flock), waiting at most LOCK_WAIT seconds, else it stops with
#      status 75 and the busy line (cron's next run tries again);
#   3. ohlcv-config --tidy removes what an interrupted run left and puts away what the settings no longer
#      produce (a removed timeframe's files, a removed symbol's files; never the cache); csv and report, which
#      build nothing, only remove leftovers;
#   4. the inner make does the work; on success the run prints its one-line summary (for cron logs) and is
#      marked finished.
# The lock is held on fd 9 by this shell and every process it starts, and dies with them (no stale lock).
# The recipe starts with `+` so that the inner make shares make's job slots (`make -j2 parquet`).
# $(call abort,STAGE,SUBJECT,FILE,PROBLEM,STATUS): the shell words that print the one ABORT line and end the
# recipe with STATUS, a sysexits name (tools/abort.sh lists them). SUBJECT, FILE and PROBLEM may hold shell
# expansions ($$s); an empty SUBJECT or FILE is left out.
abort = { tools/abort.sh '$(1)' "$(2)" "$(3)" "$(4)" $(5) || exit; }
WRITING_TARGETS := all pipeline fetch rebuild-full rebuild-weekly parquet csv accept-held verify report
# $(call write_plan,OPTIONS): the shell words that check the settings and leave the plan in "$plan".
write_plan = plan=$$(mktemp "$${TMPDIR:-/tmp}/ohlcv-plan.XXXXXX"); trap 'rm -f "$$plan"' EXIT; \
  $(BIN)/ohlcv-config $(1) $(CONFIG_ARGS) > "$$plan"
define run_locked
+@$(call write_plan,--target $(1)); \
if ! err=$$( { mkdir -p '$(DATA_DIR)/locks' && : >> '$(DATA_DIR)/locks/run.lock'; } 2>&1 ); then \
  $(call abort,$(1),,$(DATA_DIR)/locks/run.lock,cannot open the run lock: $${err##*: },EX_IOERR); fi; \
{ flock -w '$(LOCK_WAIT)' 9 || $(call abort,$(1),,$(DATA_DIR)/locks/run.lock,busy: another run holds the lock; waited LOCK_WAIT=$(LOCK_WAIT) s; this run did nothing (status 75),EX_TEMPFAIL); \
  $(BIN)/ohlcv-config --tidy $(if $(filter csv report,$(1)),--leftovers-only) --data-dir '$(DATA_DIR)' --cache-dir '$(CACHE_DIR)' \
    --parquet-dir '$(PARQUET_DIR)' $(CONFIG_ARGS); \
  $(MAKE) --no-print-directory _$(1) OHLCV_PLAN="$$plan"; \
  $(BIN)/ohlcv-config --finish --data-dir '$(DATA_DIR)' --target $(1) --plan "$$plan" --parquet-dir '$(PARQUET_DIR)'; \
} 9>'$(DATA_DIR)/locks/run.lock'
endef
$(WRITING_TARGETS): | build
	$(call run_locked,$@)

# A target that only reads: the plan, and no lock.
define with_plan
+@$(call write_plan,); \
$(MAKE) --no-print-directory _$(1) OHLCV_PLAN="$$plan"
endef

# Every setting, checked without running anything: config.mk's names and lines, symbols.txt's lines,
# each symbol's timeframes (they must nest), decimals, alignment, and the rest. ohlcv-config names the run's
# symbols (and series) as the plan has them.
check-config: | build
	@$(BIN)/ohlcv-config --check $(CONFIG_ARGS)

# ---- ohlcv-fetch ──► cache/YYYY/MM/SYM_YYYYMMDD.json
.PHONY: _all _fetch _pipeline _rebuild-full
# The hourly job: fetch, then the pipeline (a second make, so that it sees the month directories fetch made).
_all:
	@$(MAKE) --no-print-directory _fetch
	@$(MAKE) --no-print-directory _pipeline

# Before any day, fetch checks every symbol against the instrument metadata (unknown ones stop the run, naming
# their line of SYMBOLS_FILE) and starts each at the later of START_DATE and its first data (START_DATE_<SYM>
# overrides); make pipeline asks nothing.
symbol_starts = $(foreach s,$(SELECTED),$(if $(plan.start.$(s)),--symbol-start $(s)=$(plan.start.$(s))))
_fetch:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --start $(START_DATE) \
	  --check-instruments --symbols-file $(call quote,$(SYMBOLS_FILE)) --catalogue-snapshot $(CATALOGUE_SNAPSHOT) \
	  $(symbol_starts) --base-url $(BASE_URL) --rate $(RATE) $(SERIES)

# ---- ohlcv-transform ──► ohlcv-aggregate ──► ohlcv-resample: data/transform, data/aggregate, data/resample
_pipeline: $(SERIES:%=$(STAMP_DIR)/%.done)

# The three stages for one series, fed only the payloads newer than its stamp. The rule depends
# on the cache's month directories, not on its 7,300 day files per symbol: fetch replaces a payload by renaming
# it into place, which changes its directory's time, so make stats 240 directories instead of every day file,
# and only the changed months are searched for newer payloads. The stamp carries the time its run *started*,
# so a payload written while the run was under way is newer than it and is picked up by the next run.
# On a symbol's first build (no stamp), transform refuses to build empty files from an empty cache.
CACHE_MONTHS := $(wildcard $(CACHE_DIR)/[0-9][0-9][0-9][0-9]/[0-9][0-9]/)
changed_payloads = $(if $(wildcard $@),$(foreach d,$(filter %/,$?),find $(d) -maxdepth 1 -name '$*_*.json' -newer $@;),\
  $(if $(wildcard $(CACHE_DIR)),find $(CACHE_DIR) -name '$*_*.json';)) printf '%s\n' $(filter %.json,$?)
$(STAMP_DIR)/%.done: $(CACHE_MONTHS) $$(wildcard $(DATA_DIR)/temp/$$*_*.json) $(STAMP_DIR)/%.config
	@{ $(changed_payloads); } | sort > $(STAMP_DIR)/$*.changed
	@touch $(STAMP_DIR)/$*.started; trap 'rm -f $(STAMP_DIR)/$*.started' ERR; \
	$(BIN)/ohlcv-transform --symbol $* $(call settings_of,$*) --output-dir $(DATA_DIR)/transform/1m \
	  --temp-dir $(DATA_DIR)/temp --files-from $(STAMP_DIR)/$*.changed $(if $(wildcard $@),,--first-run $(CACHE_DIR)); \
	$(BIN)/ohlcv-aggregate --symbol $* $(call settings_of,$*) --output $(DATA_DIR)/aggregate/1m/$*.csv \
	  --transform-dir $(DATA_DIR)/transform/1m --temp-dir $(DATA_DIR)/temp --changed-from $(STAMP_DIR)/$*.changed; \
	$(BIN)/ohlcv-resample --symbol $* $(call settings_of,$*) --timeframes "$(call timeframes_of,$*)" \
	  --input $(DATA_DIR)/aggregate/1m/$*.csv --output-dir $(DATA_DIR)/resample; \
	mv $(STAMP_DIR)/$*.started $@

# Rewritten only when a symbol's settings change, so that a change reruns its stages (which then refuse
# files built under another alignment, and build newly added timeframes).
$(STAMP_DIR)/%.config: FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != '$(call stamp_text_of,$*)' ]; then echo '$(call stamp_text_of,$*)' > $@; fi

# ---- ohlcv-parquet ──► data/parquet/…: mk/parquet.mk's rules (make parquet). make csv's text extracts are
# mk/extract.mk's, every other target's its own mk/*.mk's.

# ---- make rebuild-full: every arrow after fetch again, for every derived file of the chosen symbols' series,
# rebuilt from the cache: no downloads. Refused, before anything is deleted, for a series with nothing cached.
_rebuild-full:
	@for s in $(SERIES); do \
	  if [ -z "$$(find $(CACHE_DIR) -name "$${s}_*.json" -print -quit 2>/dev/null)" ]; then \
	    $(call abort,rebuild-full,$$s,$(CACHE_DIR),no cached payload of $$s; nothing was deleted (make all downloads it),EX_NOINPUT); fi; \
	done
	@for s in $(SERIES); do \
	  if [ -d $(DATA_DIR)/transform/1m ]; then find $(DATA_DIR)/transform/1m -name "$${s}_*.csv" -delete; fi; \
	  rm -f $(DATA_DIR)/transform/1m/index/$$s.settings $(DATA_DIR)/temp/$${s}_*.csv $(DATA_DIR)/aggregate/1m/$$s.csv $(DATA_DIR)/aggregate/1m/index/$$s.idx \
	        $(DATA_DIR)/resample/*/$$s.csv $(DATA_DIR)/resample/*/index/$$s.idx $(STAMP_DIR)/$$s.*; \
	done
	@$(MAKE) --no-print-directory _pipeline

-include mk/*.mk

help:
	@sed -n '1,/^# Below:/p' Makefile | sed '$$d'; echo; echo "Targets: all pipeline fetch rebuild-full rebuild-weekly list-held accept-held parquet csv verify report instruments check-config demo test bench crashtest fuzz install uninstall"; echo "Every target and setting: README.md; what the suite promises: docs/behaviour.md"
