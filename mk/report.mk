# mk/report.mk — make report: one self-contained HTML page on the history (docs/report.md). Included by the
# main Makefile, which defines BIN, DATA_DIR, CACHE_DIR and the plan (plan.series, timeframes_of), and lists
# report among WRITING_TARGETS: it runs _report under data/locks/run.lock, so it never reads a cache payload or
# CSV that a run is rewriting. It writes only its page (atomically) and prints one summary block per series
# (EUR-USD, EUR-USD@ASK: each side is a series of its own).
#
#   cache/YYYY/MM/SYM_*.json, cache/instruments/CODE.json, data/aggregate/1m/SYM.csv, data/resample/TF/SYM.csv,
#   data/verify/SYM.txt  ─ohlcv-report─►  data/report/index.html  (+ the summary on stdout)

REPORT_FILE ?= $(DATA_DIR)/report/index.html

.PHONY: report _report
report_space := $(subst ,, )
report_series = $(foreach s,$(SERIES),'$(s)=$(subst $(report_space),$(comma),$(strip $(call timeframes_of,$(s))))')

_report:
	@$(BIN)/ohlcv-report --data-dir '$(DATA_DIR)' --cache-dir '$(CACHE_DIR)' --output '$(REPORT_FILE)' $(report_series)
