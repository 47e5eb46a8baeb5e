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
#   make demo             the whole thing against a local replay server, in demo/ (never touches the internet)
#   make test-fetch       pytest integration tests of ohlcv-fetch (binary from FETCH_TEST_BIN)
#   make bench-fetch      cold-fetch benchmark against the local replay server
PYTHON          ?= python3
RECHECK_DAYS    ?= 7
LOCK_WAIT       ?= 10
FETCH_TEST_BIN  ?= $(BIN)
DEMO_DIR        ?= demo
DEMO_SYMBOLS    ?= EUR-USD BTC-USD
DEMO_START      ?= 2026-06-15
DEMO_TODAY      ?= 2026-07-13
DEMO_RATE       ?= 20
DEMO_GOAL       ?= all
SHARED_FIXTURES ?= ../shared/fixtures

.PHONY: _rebuild-weekly _fetch-recheck _accept-held _list-held list-held demo test-fetch bench-fetch instruments

# Read-only, no plan and no lock: the catalogue as cached under CACHE_DIR/instruments (asked again after 7
# days, or with REFRESH=1), else the server, else the shipped snapshot.
QUERY ?=
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
	  --base-url $(BASE_URL) --rate $(RATE) --recheck-days $(RECHECK_DAYS) $(SELECTED)

# Held-back answers (docs/fetch.md): fetch never writes a re-fetched day that would remove candles over the day
# it has; it keeps it in $(DATA_DIR)/held, outside the cache that the pipeline's rules glob. Accepting is the
# user's explicit decision, so it takes DAY (a YYYY-MM-DD, or all) and no default. Without SYMBOL, every symbol
# of symbols.txt is searched. accept-held is in the Makefile's WRITING_TARGETS: it runs this under the run lock.
_accept-held:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --held-dir $(DATA_DIR)/held \
	  --accept-held '$(DAY)' $(SELECTED)
	@$(MAKE) --no-print-directory _pipeline

# Read-only: no lock.
list-held: | build
	$(call with_plan,list-held)

_list-held:
	@$(BIN)/ohlcv-fetch --cache-dir $(CACHE_DIR) --temp-dir $(DATA_DIR)/temp --held-dir $(DATA_DIR)/held \
	  --list-held $(SELECTED)

test-fetch:
	OHLCV_BIN_DIR=$(abspath $(FETCH_TEST_BIN)) $(PYTHON) -m pytest -q Tests/fetch

bench-fetch:
	BIN=$(BIN) bench/fetch_bench.sh

# The demo: a replay server on 127.0.0.1 (free port) serving generated days (and the real fixtures when
# ../shared is there), a throwaway $(DEMO_DIR)/, a cold `make $(DEMO_GOAL)`, then "an hour later", then "after
# midnight", then a backfill found by rebuild-weekly. The server is stopped on every exit path.
demo:
	@set -e; \
	rm -rf $(DEMO_DIR); mkdir -p $(DEMO_DIR); printf '%s\n' $(DEMO_SYMBOLS) > $(DEMO_DIR)/symbols.txt; \
	fixtures=""; if [ -d "$(SHARED_FIXTURES)/jetta" ]; then fixtures="--fixtures $(SHARED_FIXTURES)"; fi; \
	$(PYTHON) tools/replay_server.py --port 0 --port-file $(DEMO_DIR)/replay.port $$fixtures \
	  --now $(DEMO_TODAY)T09:00:00Z --freeze --log $(DEMO_DIR)/replay.log --max-seconds 900 2>/dev/null & \
	server=$$!; \
	trap 'kill $$server 2>/dev/null || true; wait $$server 2>/dev/null || true' EXIT INT TERM; \
	i=0; while [ ! -s $(DEMO_DIR)/replay.port ]; do i=$$((i+1)); [ $$i -lt 100 ] || { echo "demo: replay server did not start"; exit 1; }; sleep 0.1; done; \
	url="http://127.0.0.1:$$(cat $(DEMO_DIR)/replay.port)"; \
	ctl() { $(PYTHON) tools/replay_server.py --port-file $(DEMO_DIR)/replay.port --send "$$1" >/dev/null; }; \
	requests() { grep -c '"/v1/' $(DEMO_DIR)/replay.log || true; }; \
	run() { $(MAKE) --no-print-directory $$1 CACHE_DIR=$(DEMO_DIR)/cache DATA_DIR=$(DEMO_DIR)/data \
	  SYMBOLS_FILE=$(DEMO_DIR)/symbols.txt START_DATE=$(DEMO_START) BASE_URL=$$url RATE=$(DEMO_RATE); }; \
	changed() { find $(DEMO_DIR)/cache $(DEMO_DIR)/data -type f -newer $(DEMO_DIR)/stamp 2>/dev/null | sort | sed 's/^/    /' || true; }; \
	echo "== demo: replay server at $$url, symbols $(DEMO_SYMBOLS), $(DEMO_START) .. $(DEMO_TODAY) 09:00 UTC"; \
	echo "== 1. cold build: make $(DEMO_GOAL)"; touch $(DEMO_DIR)/stamp; \
	OHLCV_TODAY=$(DEMO_TODAY) run $(DEMO_GOAL); \
	echo "   $$(find $(DEMO_DIR)/cache -name '*.json' | wc -l) days cached, growing days: $$(ls $(DEMO_DIR)/data/temp | tr '\n' ' ')"; \
	echo "   server saw $$(requests) data requests"; \
	echo "== 2. an hour later (server clock 10:00): incremental make $(DEMO_GOAL)"; \
	ctl '{"now":"$(DEMO_TODAY)T10:00:00Z"}'; sleep 1; touch $(DEMO_DIR)/stamp; before=$$(requests); \
	OHLCV_TODAY=$(DEMO_TODAY) run $(DEMO_GOAL); \
	echo "   $$(( $$(requests) - before )) data requests; files written:"; changed; \
	next=$$($(PYTHON) -c 'import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=1))' $(DEMO_TODAY)); \
	echo "== 3. after midnight (server clock $$next 00:30): yesterday's growing day becomes a cached day"; \
	ctl "{\"now\":\"$${next}T00:30:00Z\"}"; sleep 1; touch $(DEMO_DIR)/stamp; before=$$(requests); \
	OHLCV_TODAY=$$next run $(DEMO_GOAL); \
	echo "   $$(( $$(requests) - before )) data requests; files written:"; changed; \
	echo "== 4. a backfilled correction on $(DEMO_TODAY), found by make rebuild-weekly"; \
	ctl "{\"faults\":[{\"match\":\"$(firstword $(DEMO_SYMBOLS))/BID/$$(echo $(DEMO_TODAY) | awk -F- '{print $$1"/"$$2+0"/"$$3+0}')\",\"kind\":\"revise\",\"candles\":3}]}"; \
	sleep 1; touch $(DEMO_DIR)/stamp; \
	OHLCV_TODAY=$$next run rebuild-weekly; \
	echo "   files written:"; changed; \
	if [ "$(DEMO_GOAL)" = all ]; then \
	  echo "== 5. the core promise: a clean rebuild from the cache (make rebuild-full) gives the same bytes"; \
	  rm -rf $(DEMO_DIR)/incremental; mkdir -p $(DEMO_DIR)/incremental; \
	  cp -a $(DEMO_DIR)/data/transform $(DEMO_DIR)/data/aggregate $(DEMO_DIR)/data/resample $(DEMO_DIR)/incremental/; \
	  OHLCV_TODAY=$$next run rebuild-full >/dev/null; \
	  for d in transform aggregate resample; do diff -r -x index $(DEMO_DIR)/incremental/$$d $(DEMO_DIR)/data/$$d; done; \
	  echo "   identical: $$(find $(DEMO_DIR)/incremental -name '*.csv' | wc -l) CSV files under transform/, aggregate/, resample/"; \
	  echo "   (index files record run history: $$(for d in aggregate resample; do diff -rq $(DEMO_DIR)/incremental/$$d $(DEMO_DIR)/data/$$d; done | wc -l) of them differ from the clean rebuild's)"; \
	fi; \
	echo "== demo done: everything is in $(DEMO_DIR)/ (request log: $(DEMO_DIR)/replay.log)"
