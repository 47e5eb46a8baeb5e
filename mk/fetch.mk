# mk/fetch.mk: the fetch stage's extra targets, included by the main Makefile.
#
# The main Makefile defines BIN, CACHE_DIR, DATA_DIR, SELECTED, START_DATE, BASE_URL, RATE, LOCK_WAIT and the
# targets all / fetch / pipeline. `fetch` runs ONE ohlcv-fetch for all symbols, so its in-process rate cap is
# the whole machine's request rate (the run lock keeps a second make from fetching at the same time).
#
#   make rebuild-weekly   re-fetch the last 7 UTC days of every symbol, replace the days that are only corrected
#                         or extended, hold back (in $(DATA_DIR)/held) those that would lose candles, rebuild
#   make list-held        the held-back days, each compared with the cached (or growing) day it would replace
#   make accept-held SYMBOL=EUR-USD DAY=2026-07-13 (or DAY=all)
#                         move held-back answers into the cache under the run lock, then run the pipeline
#   make instruments [QUERY=gold] [REFRESH=1]
#                         the instruments whose code or description contains QUERY (read-only, no lock)
#   make test-fetch       pytest integration tests of ohlcv-fetch (binary from FETCH_TEST_BIN)
#   make bench-fetch      cold-fetch benchmark against the local replay server
PYTHON          ?= python3
RECHECK_DAYS    ?= 7
LOCK_WAIT       ?= 10
FETCH_TEST_BIN  ?= $(BIN)

.PHONY: _rebuild-weekly _fetch-recheck _accept-held _list-held list-held test-fetch bench-fetch instruments

# Read-only, no plan and no lock: the catalogue as cached under CACHE_DIR/instruments (asked again after 7
# days, or with REFRESH=1), else the server, else the shipped snapshot.
QUERY ?=
REFRESH ?=
instruments: | build
	@$(BIN)/ohlcv-fetch --instruments --cache-dir $(CACHE_DIR) --catalogue-snapshot $(CATALOGUE_SNAPSHOT) \
	  --base-url $(BASE_URL) --rate $(RATE) $(if $(REFRESH),--refresh) $(if $(QUERY),-- $(call quote,$(QUERY)))

# rebuild-weekly itself is in the Makefile's WRITING_TARGETS: it runs this under the run lock.
_rebuild-weekly:
	@$(MAKE) --no-print-directory _fetch-recheck
	@$(MAKE) --no-print-directory _pipeline

_fetch-recheck:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --held-dir $(DATA_DIR)/held \
	  --start $(START_DATE) --check-instruments --symbols-file $(call quote,$(SYMBOLS_FILE)) \
	  --catalogue-snapshot $(CATALOGUE_SNAPSHOT) $(symbol_starts) \
	  --base-url $(BASE_URL) --rate $(RATE) --recheck-days $(RECHECK_DAYS) $(SERIES)

# Held-back answers (docs/fetch.md): fetch never writes a re-fetched day that would remove candles over the day
# it has; it keeps it in $(DATA_DIR)/held, outside the cache that the pipeline's rules glob. Accepting is the
# user's explicit decision, so it takes DAY (a YYYY-MM-DD, or all) and no default. Without SYMBOL, every symbol
# of symbols.txt is searched. accept-held is in the Makefile's WRITING_TARGETS: it runs this under the run lock.
_accept-held:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --held-dir $(DATA_DIR)/held \
	  --accept-held '$(DAY)' $(SERIES)
	@$(MAKE) --no-print-directory _pipeline

# Read-only: no lock.
list-held: | build
	$(call with_plan,list-held)

_list-held:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --held-dir $(DATA_DIR)/held \
	  --list-held $(SERIES)

test-fetch:
	OHLCV_BIN_DIR=$(abspath $(FETCH_TEST_BIN)) $(PYTHON) -m pytest -q Tests/fetch

bench-fetch:
	BIN=$(BIN) bench/fetch_bench.sh
