# mk/verify.mk — make verify: our hourly and daily candles against Dukascopy's own (docs/verify.md). Included by
# the main Makefile, which defines BIN, CACHE_DIR, DATA_DIR, BASE_URL, RATE, START_DATE, SELECTED and the plan's
# decimals_of / alignment_of, and lists verify among WRITING_TARGETS: make verify runs _verify under
# data/locks/run.lock, because it writes cache/reference/ and data/verify/ (and, with REPAIR=1, the cache and
# every derived file).
#
#   data/resample/1h/SYM.csv, 1d/SYM.csv + /v1/candles/hour|day/CODE/SIDE/… ─ohlcv-verify─► data/verify/SYM.txt
#   (SYM a series: EUR-USD, or EUR-USD@ASK compared with Dukascopy's ask candles)
#
#   make verify [SYMBOL=…] [FROM=YYYY-MM-DD] [TO=YYYY-MM-DD]   compare; status 65 when any candle differs
#   make verify REPAIR=1   then re-fetch exactly the differing days (the rebuild-weekly path: a day that would
#                          lose candles is held back, not written), run the pipeline, and verify again

# First and last UTC day compared (both included); empty: from our first candle, up to our open one.
FROM   ?=
TO     ?=
# 1: re-fetch the days that differ, rebuild, verify again.
REPAIR ?= 0
VERIFY_DIR = $(DATA_DIR)/verify

.PHONY: _verify

# Every series (each side of each symbol) is verified even when one differs; `fails` collects those that did
# (status 65), and repair.list names their days by series (`EUR-USD@ASK 2026-07-08`), as fetch reads them. Any other
# status (no input, server unreachable) stops the run at once.
verify_each = fails=(); \
  verify_one() { $(BIN)/ohlcv-verify --symbol "$$1" --decimals "$$2" --alignment "$$3" --data-dir '$(DATA_DIR)' \
    --cache-dir '$(CACHE_DIR)' --from '$(FROM)' --to '$(TO)' --base-url '$(BASE_URL)' --rate '$(RATE)' \
    || { st=$$?; [ $$st -eq 65 ] || exit $$st; fails+=("$$1"); }; }; \
  $(foreach s,$(SERIES),verify_one '$s' '$(call decimals_of,$s)' '$(call alignment_of,$s)';)

_verify:
	@$(verify_each) \
	if [ $${#fails[@]} -gt 0 ] && [ '$(REPAIR)' = 1 ]; then \
	  list='$(VERIFY_DIR)/repair.list'; \
	  for s in "$${fails[@]}"; do \
	    sed -n 's/^differing_days=//p' "$(VERIFY_DIR)/$$s.txt" | tr ' ' '\n' | sed "/^$$/d; s/^/$$s /"; \
	  done > "$$list.tmp"; mv "$$list.tmp" "$$list"; \
	  echo "verify: REPAIR=1: re-fetching the $$(wc -l < "$$list") differing days listed in $$list" >&2; \
	  $(BIN)/ohlcv-fetch --cache-dir '$(CACHE_DIR)' --temp-dir '$(DATA_DIR)/temp' --held-dir '$(DATA_DIR)/held' \
	    --start '$(START_DATE)' --base-url '$(BASE_URL)' --rate '$(RATE)' --recheck-list "$$list" $(SERIES); \
	  $(MAKE) --no-print-directory _pipeline; \
	  echo "verify: REPAIR=1: verifying again" >&2; \
	  $(verify_each) \
	fi; \
	[ $${#fails[@]} -eq 0 ] || exit 65
