"""Issue #9 item 1: one identity per instrument, through `make all` against the replay server.

Every accepted spelling of an instrument in symbols.txt, and in SYMBOL=, downloads each URL once, under the
instrument's API code, into files named after the list's line (`/` replaced by `-`); a list that names one
instrument twice is refused before a single request.
"""
import os
import subprocess

import pytest

from conftest import ROOT, bin_path

START, TODAY = "2026-07-13", "2026-07-16"


def make(tmp, server, listed, goal="all", **vars):
    with open(os.path.join(tmp, "symbols.txt"), "w") as f:
        f.write("# FX\n" + "".join(s + "\n" for s in listed))
    v = {"BIN": os.path.dirname(bin_path("ohlcv-fetch")), "NO_BUILD": "1", "CACHE_DIR": os.path.join(tmp, "cache"),
         "DATA_DIR": os.path.join(tmp, "data"), "SYMBOLS_FILE": os.path.join(tmp, "symbols.txt"),
         "CONFIG_FILE": os.path.join(tmp, "config.mk"), "START_DATE": START, "BASE_URL": server.url, "RATE": "50"}
    v.update(vars)
    env = {k: x for k, x in os.environ.items() if not k.startswith("OHLCV_") and k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["OHLCV_TODAY"] = TODAY
    return subprocess.run(["make", "--no-print-directory", "-f", os.path.join(ROOT, "Makefile"), "-C", ROOT]
                          + ["%s=%s" % kv for kv in sorted(v.items())] + [goal],
                          env=env, capture_output=True, text=True, timeout=300)


def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


@pytest.fixture
def server(server_factory):
    return server_factory(now=TODAY + "T10:00:00Z", fixtures=False, extra=["--gen-symbols", "EUR-USD"])


@pytest.mark.parametrize("listed", ["EUR/USD", "EUR-USD", "EURUSD"])
@pytest.mark.parametrize("selected", [None, "EURUSD", "eur/usd", "EUR-USD"])
def test_every_spelling_fetches_each_url_once_into_one_series(tmp_path, server, listed, selected):
    name = listed.replace("/", "-")
    before = len(server.data_requests())
    p = make(str(tmp_path), server, [listed], **({"SYMBOL": selected} if selected else {}))
    assert p.returncode == 0, p.stderr
    paths = [e["path"] for e in server.data_requests()[before:]]
    # make checks the instrument first (issue 11): its metadata URL uses the code too.
    assert paths and all("/EUR-USD/BID" in path or path == "/v1/instruments/EUR-USD" for path in paths), paths
    assert len(paths) == len(set(paths)), "a URL was fetched twice: %s" % paths
    cached = [f for f in files(tmp_path / "cache") if not f.startswith("instruments/")]
    assert cached == ["2026/07/%s_202607%d.json" % (name, d) for d in (13, 14, 15)], cached
    data = files(tmp_path / "data")
    assert "aggregate/1m/%s.csv" % name in data and "resample/1M/%s.csv" % name in data
    assert all(os.path.basename(f).startswith((name, "run.")) or f.startswith(("locks/", "stamp/" + name)) for f in data), data
    rows = open(tmp_path / "data" / "aggregate" / "1m" / (name + ".csv")).read().count("\n") - 1
    assert rows > 3 * 1000, rows


@pytest.mark.parametrize("spellings", [["EURUSD", "EUR-USD"], ["EUR/USD", "EURUSD"], ["EUR-USD", "EUR/USD"]])
def test_one_instrument_listed_twice_is_refused_before_any_request(tmp_path, server, spellings):
    before = len(server.data_requests())
    p = make(str(tmp_path), server, [spellings[0], "BTC-USD", spellings[1]])
    assert p.returncode == 2, p.stderr
    assert "symbols.txt:4: line 4 '%s' and line 2 '%s' name the same instrument, EUR-USD" % (
        spellings[1], spellings[0].replace("/", "-")) in p.stderr, p.stderr
    assert len(server.data_requests()) == before
    assert not os.path.exists(tmp_path / "cache")


def test_a_symbol_that_is_not_listed_fetches_nothing(tmp_path, server):
    before = len(server.data_requests())
    p = make(str(tmp_path), server, ["EUR-USD"], SYMBOL="GBPUSD")
    assert p.returncode == 2 and "'GBPUSD' is not in" in p.stderr, p.stderr
    assert len(server.data_requests()) == before and not os.path.exists(tmp_path / "cache")
