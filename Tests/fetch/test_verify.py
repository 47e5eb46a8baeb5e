"""make verify (issue #11 item 4) against tools/replay_server.py: our 1h/1d candles against Dukascopy's own.

The replay server builds its hourly and daily candles from its own minute days (and serves the real recorded
ones for BTC-USD when ../shared/fixtures is there), so a clean history must verify, and every hole that a
test puts into our cache, or every candle it changes on the server's side, must be listed.
"""
import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
import replay_server

from conftest import ROOT, SHARED, bin_path, expect, gen_days, need_shared, testkit

EPOCH = dt.date(1970, 1, 1)


class History:
    """A test's cache/ and data/, built by make from day files written straight into the cache (no fetch),
    and `make verify` against a replay server."""

    def __init__(self, tmp, server, symbols, today):
        self.dir, self.server, self.today = str(tmp), server, today
        self.cache = os.path.join(self.dir, "cache")
        self.data = os.path.join(self.dir, "data")
        self.symbols_file = os.path.join(self.dir, "symbols.txt")
        with open(self.symbols_file, "w") as f:
            f.write("".join(s + "\n" for s in symbols))

    def write_days(self, sym, first, last, side="BID"):
        """The generator's days of `sym` (its ask side, named SYM@ASK, with side="ASK") into the cache."""
        d = dt.date.fromisoformat(first)
        while d <= dt.date.fromisoformat(last):
            bid = gen_days.day_payload(sym, d)
            path = gen_days.cache_path(self.cache, sym if side == "BID" else sym + "@" + side, d)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(bid if side == "BID" else gen_days.ask_payload(bid, sym))
            d += dt.timedelta(days=1)

    def make(self, target, *settings):
        env = testkit.clean_environment()
        env["OHLCV_TODAY"] = self.today
        cmd = ["make", "-s", "--no-print-directory", target, "NO_BUILD=1", "BIN=" + os.path.dirname(bin_path("ohlcv-verify")),
               "CACHE_DIR=" + self.cache, "DATA_DIR=" + self.data, "SYMBOLS_FILE=" + self.symbols_file,
               "CONFIG_FILE=" + os.path.join(self.dir, "none.mk"), "BASE_URL=" + self.server.url, "RATE=200",
               "START_DATE=2005-01-01", *settings]
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=testkit.HANG_LIMIT)
        p.text_out, p.text_err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        return p

    def result(self, sym):
        with open(os.path.join(self.data, "verify", sym + ".txt")) as f:
            return dict(line.rstrip("\n").split("=", 1) for line in f)


def hour_path(sym, year, month):
    return "/v1/candles/hour/%s/BID/%d/%d" % (sym, year, month)


def reference_hours(server, sym, year, month):
    """UTC hour starts (ms) of the server's hourly candles for a month, decoded independently of the tool."""
    return [r[0] for r in replay_server.minute_rows(server.get(hour_path(sym, year, month)))[1]]


@pytest.fixture
def history(tmp_path, server_factory):
    def make(symbols, today, now=None, fixtures=False):
        server = server_factory(now=now or today + "T09:00:00Z", fixtures=fixtures)
        return History(tmp_path, server, symbols, today)
    return make


def test_verify_passes_on_real_btc_against_real_dukascopy_candles(history):
    """Dukascopy's real hourly (Feb 2023) and daily (2023) answers, served verbatim, against our candles built
    from the 19 real minute days: every hour and day agrees, in 2 requests (one month, one year)."""
    shared = need_shared()
    h = history(["BTC-USD"], "2023-02-21", fixtures=True)
    shutil.copytree(os.path.join(shared, "btc-usd-2023-02", "cache"), h.cache)
    expect(h.make("pipeline"), 0)
    p = h.make("verify")
    expect(p, 0)
    r = h.result("BTC-USD")
    # 19 days × 24 hours, less our last (open) candle, 19 February 23:00; 19 days less the open one.
    assert (r["result"], r["hours_compared"], r["hours_differing"]) == ("pass", "455", "0")
    assert (r["days_compared"], r["days_differing"], r["first_day"], r["last_day"]) == ("18", "0", "2023-02-01", "2023-02-19")
    paths = [e["path"] for e in h.server.data_requests()]
    assert sorted(paths) == ["/v1/candles/day/BTC-USD/BID/2023", "/v1/candles/hour/BTC-USD/BID/2023/2"]
    assert "PASS" in p.text_err


def cut_cached_day(h, symbol, day, minutes):
    """Cuts a cached day of `symbol` to its first `minutes` candles (a short day in our cache); returns the
    whole day's bytes."""
    path = gen_days.cache_path(h.cache, symbol, day)
    with open(path, "rb") as f:
        whole = f.read()
    with open(path, "wb") as f:
        f.write(replay_server.cut_day(whole, minutes))
    return whole


def test_verify_finds_a_short_day_and_a_changed_candle_and_lists_both_candles(history):
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30")
    # A short day in our cache: 10 June (a Wednesday) keeps only its first 300 minutes.
    whole = cut_cached_day(h, "EUR-USD", dt.date(2026, 6, 10), 300)
    expect(h.make("pipeline"), 0)
    # A changed candle on the server's side: its 17 June 10:00 hour.
    h.server.fault(hour_path("EUR-USD", 2026, 6), "candle_differs", at="2026-06-17T10:00:00Z", field="high", by=7, times=-1)
    p = h.make("verify")
    expect(p, 2)      # make's status when a recipe fails; the tool's own (65) is in the line below
    assert "make[1]: *** [mk/verify.mk" in p.text_err and "Error 65" in p.text_err
    r = h.result("EUR-USD")
    assert r["result"] == "fail"
    assert r["differing_days"] == "2026-06-10 2026-06-17"
    lines = p.text_out.splitlines()
    changed = [l for l in lines if " 2026-06-17 10:00:00 UTC: prices differ: " in l]
    assert len(changed) == 1 and changed[0].endswith("day %s" % gen_days.cache_path(h.cache, "EUR-USD", dt.date(2026, 6, 17)))
    assert re.search(r"ours 2026-06-17 10:00:00,[0-9.,]+; Dukascopy 2026-06-17 10:00:00,[0-9.,]+;", changed[0])
    # Every server hour of 10 June after the cut (the last minute kept is the 300th) is missing in ours,
    # counted from the server's own answer.
    minutes = replay_server.minute_rows(replay_server.cut_day(whole, 300))[1]
    cut_hour = minutes[-1][0] // 3600000 * 3600000
    day_ms = (dt.date(2026, 6, 10) - EPOCH).days * 86400000
    expected_missing = [t for t in reference_hours(h.server, "EUR-USD", 2026, 6) if cut_hour < t < day_ms + 86400000]
    missing = [l for l in lines if l.startswith("EUR-USD hour 2026-06-10") and ": missing in ours: ours none; " in l]
    assert len(missing) == len(expected_missing) > 10
    assert r["hours_differing"] == str(len(missing) + 1 + 1)   # + the changed hour + the cut (short) hour
    assert any(l.startswith("EUR-USD day 2026-06-10 00:00:00 UTC: ") for l in lines)
    assert "ABORT! Critical error in verify: EUR-USD:" in p.text_err


def test_repair_refetches_exactly_the_differing_days_and_verifies_again(history):
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30")
    whole = cut_cached_day(h, "EUR-USD", dt.date(2026, 6, 10), 300)
    expect(h.make("pipeline"), 0)
    p = h.make("verify", "REPAIR=1")
    expect(p, 0)
    assert h.result("EUR-USD")["result"] == "pass"
    with open(gen_days.cache_path(h.cache, "EUR-USD", dt.date(2026, 6, 10)), "rb") as f:
        assert f.read() == whole
    minute = [e["path"] for e in h.server.data_requests() if "/candles/minute/" in e["path"]]
    assert minute == ["/v1/candles/minute/EUR-USD/BID/2026/6/10"]


def test_repair_keeps_the_guard_against_shrinking_days(history):
    """A differing day that the server now sends with fewer candles is held back, not written: verify still
    fails and says so."""
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30")
    expect(h.make("pipeline"), 0)
    h.server.fault(hour_path("EUR-USD", 2026, 6), "candle_differs", at="2026-06-17T10:00:00Z", times=-1)
    h.server.fault("/minute/EUR-USD/BID/2026/6/17", "partial", keep=100, times=-1)
    cached = open(gen_days.cache_path(h.cache, "EUR-USD", dt.date(2026, 6, 17)), "rb").read()
    p = h.make("verify", "REPAIR=1")
    expect(p, 2)
    assert "Error 65" in p.text_err
    assert "HELD BACK" in p.text_err
    assert open(gen_days.cache_path(h.cache, "EUR-USD", dt.date(2026, 6, 17)), "rb").read() == cached


@pytest.mark.parametrize("settings", [["TIME_SHIFT_MS=3600000"], ["NY_CLOSE_SYMBOLS=EUR-USD"]])
def test_hours_verify_under_whole_hour_alignments(history, settings):
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30")
    expect(h.make("pipeline", *settings), 0)
    p = h.make("verify", *settings)
    expect(p, 0)
    r = h.result("EUR-USD")
    assert r["result"] == "pass" and int(r["hours_compared"]) > 400
    assert r["days_compared"] == "-" and "days not compared" in r["note"]
    h.server.fault(hour_path("EUR-USD", 2026, 6), "candle_differs", at="2026-06-17T10:00:00Z", field="low", by=-3, times=-1)
    p = h.make("verify", *settings)
    expect(p, 2)
    assert "Error 65" in p.text_err
    assert h.result("EUR-USD")["differing_days"] == "2026-06-17"
    assert len([l for l in p.text_out.splitlines() if "2026-06-17 10:00:00 UTC: prices differ" in l]) == 1


def test_a_sub_hour_shift_is_said_to_be_incomparable(history):
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-05")
    expect(h.make("pipeline", "TIME_SHIFT_MS=1800000"), 0)
    p = h.make("verify", "TIME_SHIFT_MS=1800000")
    expect(p, 0)
    assert h.result("EUR-USD")["result"] == "incomparable"
    assert "part of an hour" in p.text_err
    assert h.server.data_requests() == []


def test_a_year_costs_13_requests_and_a_finished_year_none_again(history):
    h = history(["EUR-USD"], "2025-01-05")
    h.write_days("EUR-USD", "2024-01-01", "2024-12-31")
    expect(h.make("pipeline"), 0)
    expect(h.make("verify"), 0)
    paths = [e["path"] for e in h.server.data_requests()]
    assert sorted(paths) == sorted([hour_path("EUR-USD", 2024, m) for m in range(1, 13)] + ["/v1/candles/day/EUR-USD/BID/2024"])
    expect(h.make("verify", "FROM=2024-03-01", "TO=2024-03-31"), 0)
    assert len(h.server.data_requests()) == 13
    assert h.result("EUR-USD")["first_day"] == "2024-03-01"


def test_each_side_is_verified_against_its_own_candles_and_repaired_alone(history):
    """Issue #12: with SIDES = BID ASK, EUR-USD@ASK is compared with Dukascopy's ask candles (the replay server
    builds them from its ask minutes), in its own result and reference files; a short ask day fails only the
    ask series, and REPAIR=1 re-fetches only that side's day."""
    h = history(["EUR-USD"], "2026-07-02")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30")
    h.write_days("EUR-USD", "2026-06-01", "2026-06-30", side="ASK")
    whole = cut_cached_day(h, "EUR-USD@ASK", dt.date(2026, 6, 10), 300)
    expect(h.make("pipeline", "SIDES=BID ASK"), 0)

    p = h.make("verify", "SIDES=BID ASK")
    expect(p, 2)
    assert h.result("EUR-USD")["result"] == "pass"
    ask = h.result("EUR-USD@ASK")
    assert (ask["result"], ask["differing_days"]) == ("fail", "2026-06-10")
    assert "ABORT! Critical error in verify: EUR-USD@ASK:" in p.text_err
    assert any(l.startswith("EUR-USD@ASK hour 2026-06-10") for l in p.text_out.splitlines())
    # The same periods asked for on each side, each under its own side's path.
    paths = [e["path"] for e in h.server.data_requests()]
    bid = sorted(x for x in paths if "/EUR-USD/BID/" in x)
    ask = sorted(x for x in paths if "/EUR-USD/ASK/" in x)
    assert len(bid) + len(ask) == len(paths) and "/v1/candles/hour/EUR-USD/ASK/2026/6" in ask
    assert [x.replace("/ASK/", "/BID/") for x in ask] == bid
    assert os.path.exists(os.path.join(h.cache, "reference", "hour", "EUR-USD@ASK", "2026-06.json"))

    p = h.make("verify", "SIDES=BID ASK", "REPAIR=1")
    expect(p, 0)
    assert h.result("EUR-USD@ASK")["result"] == "pass"
    with open(gen_days.cache_path(h.cache, "EUR-USD@ASK", dt.date(2026, 6, 10)), "rb") as f:
        assert f.read() == whole
    minute = [e["path"] for e in h.server.data_requests() if "/candles/minute/" in e["path"]]
    assert minute == ["/v1/candles/minute/EUR-USD/ASK/2026/6/10"]
