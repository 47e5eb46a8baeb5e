# mk/install.mk: `make install` / `make uninstall`. Included by the main Makefile.
#
#   make install [PREFIX=DIR]     build the release tools (or take BIN's) and copy them to DIR/bin (default: ~/.local for a
#                                 user, /usr/local for root); says whether DIR/bin is on PATH
#   make uninstall [PREFIX=DIR]   remove exactly the tools install put there (and DIR/bin if it is left empty)
#
# The make targets keep working with installed tools: `make all BIN=~/.local/bin` (or any target) runs the
# tools in BIN as they are and never calls swift build, so a checkout needs no .build/ once the tools are
# installed. The tools have no data files beside them; they load the Swift runtime of the toolchain that built
# them (by its absolute path), so they run on machines with that toolchain installed.
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
# Every executable of the package: one folder Sources/ohlcv-NAME per tool.
INSTALLED_TOOLS := $(sort $(notdir $(wildcard Sources/ohlcv-*)))

.PHONY: install uninstall

install: | build
	@if ! err=$$(mkdir -p '$(PREFIX)/bin' 2>&1); then \
	  $(call abort,install,,$(PREFIX)/bin,cannot create: $${err##*: } (PREFIX=DIR picks another place),EX_IOERR); fi
	@for t in $(INSTALLED_TOOLS); do \
	  if ! err=$$(install -m 0755 '$(BIN)'/$$t '$(PREFIX)/bin/'.$$t.tmp 2>&1 && mv -f '$(PREFIX)/bin/'.$$t.tmp '$(PREFIX)/bin/'$$t 2>&1); then \
	    rm -f '$(PREFIX)/bin/'.$$t.tmp; \
	    $(call abort,install,,$(PREFIX)/bin/$$t,cannot write: $${err##*: } (PREFIX=DIR picks another place),EX_IOERR); fi; \
	done
	@echo "install: $(words $(INSTALLED_TOOLS)) tools in $(PREFIX)/bin: $(INSTALLED_TOOLS)"
	@case ":$$PATH:" in *:'$(abspath $(PREFIX)/bin)':*) ;; \
	  *) echo "install: $(PREFIX)/bin is not on your PATH; add it: export PATH=\"$(abspath $(PREFIX)/bin):\$$PATH\"" ;; esac
	@echo "install: to run make's targets with these tools (no swift build): make all BIN=$(PREFIX)/bin"

uninstall:
	@n=0; for t in $(INSTALLED_TOOLS); do \
	  if [ -e '$(PREFIX)/bin/'$$t ]; then rm -f '$(PREFIX)/bin/'$$t || exit 74; n=$$((n+1)); fi; \
	done; \
	rmdir '$(PREFIX)/bin' 2>/dev/null || true; \
	echo "uninstall: removed $$n tools from $(PREFIX)/bin (your data, cache and config are untouched)"
