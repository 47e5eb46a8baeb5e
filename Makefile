# ohlcv: the pipeline, as make rules over the files it writes (SPEC §1, §3.2).
#
#   ohlcv-fetch ──► cache/YYYY/MM/SYM_YYYYMMDD.json  (+ data/temp/SYM_today.json, still growing)
#   ohlcv-transform ──► data/transform/1m/YYYY/MM/SYM_YYYYMMDD.csv  (+ data/temp/SYM_today.csv)
#   ohlcv-aggregate ──► data/aggregate/1m/SYM.csv + index/SYM.idx
#   ohlcv-resample  ──► data/resample/TF/SYM.csv  + index/SYM.idx   (5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y, cascaded)
#
# One rule per symbol: its target, data/stamp/SYM.done, depends on the symbol's payloads, so make's `$?`
# hands the three stages exactly the days that changed since the last successful run, in one process each.
# The stamp carries the time its run *started*, so a payload written while the run was under way is newer
# than it and is picked up by the next run.
# The tools keep their own indexes and redo only what changed; an interrupted run is simply run again.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.SECONDEXPANSION:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules
# Stamps and settings files are checkpoints: make must never delete them as intermediates.
.PRECIOUS: $(DATA_DIR)/stamp/%.config $(DATA_DIR)/stamp/%.done

# ---- Settings: defaults here; override on the command line or in config.mk (git-ignored, see
# ---- config.mk.example). Every variable is documented in README.md.
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
BASE_URL      ?= https://jetta.dukascopy.com
RATE          ?= 5
LOCK_WAIT     ?= 10
CONFIGURATION ?= release
BIN           ?= .build/$(CONFIGURATION)

# ---- Derived values.
SYMBOLS_ALL := $(shell sed -e 's/\#.*//' -e 's/[[:space:]]//g' -e '/^$$/d' -e 's\#/\#-\#g' $(SYMBOLS_FILE) 2>/dev/null)
SYMBOLS     := $(if $(SYMBOL),$(subst /,-,$(SYMBOL)),$(SYMBOLS_ALL))
STAMP_DIR   := $(DATA_DIR)/stamp
TOOLS       := $(addprefix $(BIN)/ohlcv-,fetch transform aggregate resample parquet)
# Per-symbol settings: TIMEFRAMES_EUR-USD, DECIMALS_EUR-USD, ALIGNMENT_EUR-USD (utc, ny-close or a shift in ms),
# and NY_CLOSE_SYMBOLS as a shorthand for ALIGNMENT_SYM = ny-close.
timeframes_of = $(or $(TIMEFRAMES_$(1)),$(TIMEFRAMES))
decimals_of   = $(or $(DECIMALS_$(1)),$(DECIMALS))
alignment_of  = $(or $(ALIGNMENT_$(1)),$(if $(filter $(1),$(NY_CLOSE_SYMBOLS)),ny-close,$(TIME_SHIFT_MS)))
settings_of   = --decimals $(call decimals_of,$(1)) --alignment $(call alignment_of,$(1))
config_of     = decimals=$(call decimals_of,$(1)) alignment=$(call alignment_of,$(1)) timeframes=$(call timeframes_of,$(1))
empty :=
space := $(empty) $(empty)
define newline


endef

.PHONY: all pipeline fetch build check-config rebuild-full test help FORCE bench parquet csv demo crashtest fuzz

# ---- The hourly job: one run at a time, under data/locks/run.lock.
all:
	@mkdir -p $(DATA_DIR)/locks
	@flock -w $(LOCK_WAIT) -E 75 $(DATA_DIR)/locks/run.lock sh -c '$(MAKE) --no-print-directory fetch && $(MAKE) --no-print-directory pipeline' \
	  || { s=$$?; if [ $$s = 75 ]; then echo "ohlcv: busy: another run holds $(DATA_DIR)/locks/run.lock; this run did nothing (status 75)" >&2; fi; exit $$s; }

fetch: | build check-config
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --start $(START_DATE) \
	  --base-url $(BASE_URL) --rate $(RATE) $(SYMBOLS)

pipeline: $(SYMBOLS:%=$(STAMP_DIR)/%.done)

# Settings are checked before anything runs: config.mk's names, symbols.txt's lines, each symbol's timeframes.
check-config: | build
	@tools/check_config.sh $(CONFIG_FILE)
	@$(BIN)/ohlcv-fetch --list-symbols $(SYMBOLS_FILE) >/dev/null
	@$(foreach l,$(sort $(foreach s,$(SYMBOLS),$(subst $(space),:,$(call timeframes_of,$(s))))),\
	  $(BIN)/ohlcv-resample --plan --symbol $(firstword $(foreach s,$(SYMBOLS),$(if $(filter $(l),$(subst $(space),:,$(call timeframes_of,$(s)))),$(s)))) \
	    --input - --output-dir - --timeframes "$(subst :, ,$(l))" >/dev/null;)

# transform → aggregate → resample for one symbol, fed only the payloads newer than its stamp. The rule depends
# on the cache's month directories, not on its 7,300 day files per symbol: fetch replaces a payload by renaming
# it into place, which changes its directory's time, so make stats 240 directories instead of every day file,
# and only the changed months are searched for newer payloads.
CACHE_MONTHS := $(wildcard $(CACHE_DIR)/[0-9][0-9][0-9][0-9]/[0-9][0-9]/)
changed_payloads = $(if $(wildcard $@),$(foreach d,$(filter %/,$?),find $(d) -maxdepth 1 -name '$*_*.json' -newer $@;),\
  $(if $(wildcard $(CACHE_DIR)),find $(CACHE_DIR) -name '$*_*.json';)) printf '%s\n' $(filter %.json,$?)
$(STAMP_DIR)/%.done: $(CACHE_MONTHS) $$(wildcard $(DATA_DIR)/temp/$$*_*.json) $(STAMP_DIR)/%.config | build check-config
	@{ $(changed_payloads); } | sort > $(STAMP_DIR)/$*.changed
	@touch $(STAMP_DIR)/$*.started
	@$(BIN)/ohlcv-transform --symbol $* $(call settings_of,$*) --output-dir $(DATA_DIR)/transform/1m \
	  --temp-dir $(DATA_DIR)/temp --files-from $(STAMP_DIR)/$*.changed
	@$(BIN)/ohlcv-aggregate --symbol $* $(call settings_of,$*) --output $(DATA_DIR)/aggregate/1m/$*.csv \
	  --transform-dir $(DATA_DIR)/transform/1m --temp-dir $(DATA_DIR)/temp --changed-from $(STAMP_DIR)/$*.changed
	@$(BIN)/ohlcv-resample --symbol $* $(call settings_of,$*) --timeframes "$(call timeframes_of,$*)" \
	  --input $(DATA_DIR)/aggregate/1m/$*.csv --output-dir $(DATA_DIR)/resample
	@mv $(STAMP_DIR)/$*.started $@

# Rewritten only when a symbol's settings change, so that a change reruns its stages (which then refuse
# files built under another alignment, and build newly added timeframes).
$(STAMP_DIR)/%.config: FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != '$(call config_of,$*)' ]; then echo '$(call config_of,$*)' > $@; fi

# Every derived file of the chosen symbols, rebuilt from the cache: no downloads.
rebuild-full:
	@mkdir -p $(DATA_DIR)/locks
	@flock -w $(LOCK_WAIT) -E 75 $(DATA_DIR)/locks/run.lock $(MAKE) --no-print-directory _rebuild-full

.PHONY: _rebuild-full
_rebuild-full:
	@for s in $(SYMBOLS); do \
	  if [ -z "$$(find $(CACHE_DIR) -name "$${s}_*.json" -print -quit 2>/dev/null)" ]; then \
	    echo "ABORT! Critical error in rebuild-full: $$s: no cached payload of $$s in $(CACHE_DIR); nothing was deleted" >&2; exit 66; fi; \
	done
	@for s in $(SYMBOLS); do \
	  if [ -d $(DATA_DIR)/transform/1m ]; then find $(DATA_DIR)/transform/1m -name "$${s}_*.csv" -delete; fi; \
	  rm -f $(DATA_DIR)/transform/1m/index/$$s.settings $(DATA_DIR)/temp/$${s}_*.csv $(DATA_DIR)/aggregate/1m/$$s.csv $(DATA_DIR)/aggregate/1m/index/$$s.idx \
	        $(DATA_DIR)/resample/*/$$s.csv $(DATA_DIR)/resample/*/index/$$s.idx $(STAMP_DIR)/$$s.*; \
	done
	@$(MAKE) --no-print-directory pipeline

# ---- Building the tools (SwiftPM decides what is out of date).
# SwiftPM is asked only when a source is newer than the tools: asking costs 0.2 s even when nothing changed.
SOURCES := $(shell find Sources -name '*.swift' 2>/dev/null) Package.swift
# Only the default tool directory is built here; a BIN of your own (or NO_BUILD=1) is used as it is.
build: $(if $(NO_BUILD),,$(if $(filter .build/$(CONFIGURATION),$(BIN)),$(BIN)/.built))
$(BIN)/.built: $(SOURCES)
	@out=$$(swift build -c $(CONFIGURATION) 2>&1) || { echo "$$out" >&2; echo "ABORT! Critical error in build: swift build failed" >&2; exit 1; }
	@touch $@

-include mk/*.mk

help:
	@sed -n '1,12p' Makefile; echo; echo "Targets: all pipeline fetch rebuild-full rebuild-weekly parquet csv demo test bench"
