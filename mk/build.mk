# mk/build.mk: `build`, the tools that every rule runs, built by SwiftPM (which decides what is out of date).
# Included by the main Makefile, which defines BIN, CONFIGURATION, BUILD_PROGRESS and abort; every target that
# runs a tool has `| build` as its order-only prerequisite.
#
#   Sources/**/*.swift, Package.swift ─swift build─► $(BIN)/ohlcv-*   (only when BIN is .build/$(CONFIGURATION))

# SwiftPM is asked only when a source is newer than the tools: asking costs 0.2 s even when nothing changed.
SOURCES := $(shell find Sources -name '*.swift' 2>/dev/null) Package.swift
# Only the default tool directory is built here; a BIN of your own (or NO_BUILD=1) is used as it is.
# Silent unless it fails (cron mails any output); BUILD_PROGRESS=LABEL says so and shows progress (make demo).
# Tools built here are there when swift build succeeds; BIN of your own (or NO_BUILD=1) must hold them.
build: $(if $(NO_BUILD),,$(if $(filter .build/$(CONFIGURATION),$(BIN)),$(BIN)/.built))
	@$(if $(and $(filter .build/$(CONFIGURATION),$(BIN)),$(if $(NO_BUILD),,built)),:,[ -x $(BIN)/ohlcv-config ]) || $(call abort,build,,$(BIN)/ohlcv-config,no such tool (BIN=$(BIN); make install PREFIX=… puts the tools in PREFIX/bin; leave BIN unset to build them here),EX_NOINPUT)
$(BIN)/.built: $(SOURCES)
	@$(if $(BUILD_PROGRESS),tools/build_progress.sh '$(BUILD_PROGRESS)' $(CONFIGURATION),out=$$(swift build -c $(CONFIGURATION) 2>&1) || { echo "$$out" >&2; $(call abort,build,,,swift build failed,FAILED); })
	@touch $@
