# mk/demo.mk: `make demo`, the whole job offline (tools/demo.sh). Included by the main Makefile.
#
#   make demo   builds the tools (saying so, with progress), starts tools/replay_server.py on a free 127.0.0.1
#               port (the real fixtures when $(SHARED_FIXTURES) is there, else generated days), and in a
#               throwaway $(DEMO_DIR)/ runs: a cold make $(DEMO_GOAL), "an hour later", "after midnight", a
#               backfill found by make rebuild-weekly, make rebuild-full compared with the incremental
#               files, and make report (the page it writes is named at the end). The first symbol is built on
#               both sides (its own $(DEMO_DIR)/config.mk: SIDES_SYM = BID ASK), and a few of its hours are
#               shown joined (make csv FORMAT=bidask), with the spread. After each step: the fetch
#               line, files written per folder, and the candles of one symbol's 1h and 1d files that the step
#               added or rewrote. Ends with the next commands.
#               Ctrl-C: the server is stopped, one line, status 130.
#
#   DEMO_DIR DEMO_SYMBOLS DEMO_START DEMO_TODAY DEMO_RATE   where, which instruments, which days, how fast
#   DEMO_GOAL        all, or fetch (no pipeline, no candles to show)
#   DEMO_SERVER_ARGS more replay_server.py options, e.g. --fault-plan FILE (the tests hold requests with it)
#   NO_BUILD=1 BIN=… run the demo with tools built elsewhere
DEMO_DIR         ?= demo
DEMO_SYMBOLS     ?= EUR-USD BTC-USD
DEMO_START       ?= 2026-06-15
DEMO_TODAY       ?= 2026-07-13
DEMO_RATE        ?= 20
DEMO_GOAL        ?= all
DEMO_SERVER_ARGS ?=
SHARED_FIXTURES  ?= ../shared/fixtures
PYTHON           ?= python3

.PHONY: demo

# On Ctrl-C the terminal signals make too, and make reports a recipe that failed meanwhile ("*** [demo]
# Error 130") before it dies of the signal itself (status 130). tools/demo.sh has said what happened, so the
# recipe ends quietly when this shell saw the signal as well; make's own death still gives the 130. A signal
# sent to tools/demo.sh alone keeps its status 130 as make's error.
demo:
	@trap 'signalled=1' INT TERM; \
	MAKE='$(MAKE)' PYTHON='$(PYTHON)' BIN='$(BIN)' CONFIGURATION='$(CONFIGURATION)' \
	DEMO_DIR='$(DEMO_DIR)' DEMO_SYMBOLS='$(DEMO_SYMBOLS)' DEMO_START='$(DEMO_START)' DEMO_TODAY='$(DEMO_TODAY)' \
	DEMO_RATE='$(DEMO_RATE)' DEMO_GOAL='$(DEMO_GOAL)' DEMO_SERVER_ARGS='$(DEMO_SERVER_ARGS)' \
	SHARED_FIXTURES='$(SHARED_FIXTURES)' \
	ALL_SYMBOLS_FILE='$(SYMBOLS_FILE)' ALL_START_DATE='$(START_DATE)' ALL_RATE='$(RATE)' \
	  tools/demo.sh || { status=$$?; [ "$$status" = 130 ] && [ -n "$${signalled-}" ] && exit 0; exit $$status; }
