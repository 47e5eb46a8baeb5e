"""Both sides of the quote (issue #12) in ohlcv-fetch and tools/replay_server.py.

The replay server's ASK must be a realistic, consistent counterpart of its BID (ask above bid at every price of
every minute, a per-minute spread, its own hour and day candles aggregating its own minutes), and every path of
the fetch tool that a BID series takes, an ASK series takes too, with its own files: the main BID tests run
for both sides here (cold fetch, growing day and midnight, recheck and held days, a bad payload, the failed
days line), plus the per-side counts of the estimate and the summary.
"""
import datetime as dt
import json
import os
import re
from decimal import Decimal

import pytest
import replay_server

from conftest import SHARED, Work, days, expect, gen_days, need_shared, series_name

TODAY = "2026-07-13"          # a Monday; the replay server's frozen clock is 10:00 UTC that day
START = "2026-07-06"
SIDES = ("BID", "ASK")


def rows(payload):
    """{utc ms: (open, high, low, close in multiplier steps, exact volume)} and the multiplier of a minute
    payload, decoded here from the JSON (not with the server's own decoder), zero-volume rows kept."""
    raw = json.loads(payload, parse_float=Decimal)
    m = Decimal(raw["multiplier"])
    out = {}
    if raw["open"] is None:
        return m, out
    price = [raw[k] / m for k in ("open", "high", "low", "close")]
    assert all(p == int(p) for p in price)
    price = [int(p) for p in price]
    t = 0
    for i, delta in enumerate(raw["times"]):
        t += delta
        if i:
            price = [p + raw[k][i] for p, k in zip(price, ("opens", "highs", "lows", "closes"))]
        out[raw["timestamp"] + t * raw["shift"]] = (*price, Decimal(str(raw["volumes"][i])))
    return m, out


def bucketed(candles, length_ms):
    """Candles of `length_ms` bins from shorter ones, aggregated here: first open, max high, min low, last close,
    volume summed (zero-volume candles are no candle)."""
    out = {}
    for t in sorted(candles):
        o, h, l, c, v = candles[t]
        if v == 0:
            continue
        start = t - t % length_ms
        if start in out:
            o0, h0, l0, _c, v0 = out[start]
            out[start] = (o0, max(h0, h), min(l0, l), c, v0 + v)
        else:
            out[start] = (o, h, l, c, v)
    return out


def hourly(minutes):
    return bucketed(minutes, 3600000)


def hist(series, day):
    code, _, side = series.partition("@")
    d = dt.date.fromisoformat(day)
    return "%s/%s/%d/%d/%d" % (code, side or "BID", d.year, d.month, d.day)


@pytest.fixture
def gen_work(tmp_path, server_factory):
    return Work(tmp_path, server_factory(fixtures=False, extra=["--gen-symbols", "EUR-USD,BTC-USD,USD-JPY,XAU-USD"]))


# --- the replay server's ask side -----------------------------------------------------------------------------

# The spread the server documents, in price: FX 1-3 pips (doubled in the rollover hours), crypto 3-12 basis
# points of the day's first open, metals 1-4 basis points (doubled in the rollover hours).
PIP = {"EUR-USD": Decimal("0.0001"), "USD-JPY": Decimal("0.01")}


def spread_bounds(sym, first_open):
    if sym in PIP:
        return PIP[sym] * 1, PIP[sym] * 3 * 2
    lo_bp, hi_bp = (3, 12) if sym == "BTC-USD" else (1, 4 * 2)
    return first_open * lo_bp / 10000, first_open * hi_bp / 10000


@pytest.mark.parametrize("sym", ["EUR-USD", "USD-JPY", "XAU-USD", "BTC-USD"])
def test_replay_ask_is_bid_plus_a_per_minute_spread_on_all_four_prices(gen_work, sym):
    server = gen_work.server
    spreads = set()
    for day in days("2026-07-01", "2026-07-12") + [TODAY]:
        get = server.open_day if day == TODAY else server.day
        m, bid = rows(get(sym, day))
        _, ask = rows(get(sym + "@ASK", day))
        assert sorted(ask) == sorted(bid), day                       # same minutes
        for t, b in bid.items():
            a = ask[t]
            s = a[0] - b[0]
            assert s >= 1, (day, t)
            assert [x - y for x, y in zip(a[:4], b[:4])] == [s] * 4, (day, t)
            assert a[4] == b[4]                                      # the volume is BID's
            assert a[1] >= max(a[0], a[3]) and a[2] <= min(a[0], a[3])    # the ask candle is whole
            spreads.add(s)
        if bid:
            first_open = bid[min(bid)][0] * m
            lo, hi = spread_bounds(sym, first_open)
            day_spreads = [(ask[t][0] - bid[t][0]) * m for t in bid]
            # within the documented range, give or take the rounding to whole steps
            assert min(day_spreads) >= max(m, lo - m) and max(day_spreads) <= hi + m, (day, min(day_spreads), max(day_spreads))
    assert len(spreads) >= 3, spreads                               # it varies from minute to minute


def test_replay_ask_of_a_growing_day_is_a_prefix_of_the_final_ask_day(gen_work):
    _, growing = rows(gen_work.server.open_day("EUR-USD@ASK", TODAY))
    gen_work.server.control(now="2026-07-14T00:10:00Z")
    _, final = rows(gen_work.server.day("EUR-USD@ASK", TODAY))
    assert growing and len(final) > len(growing)
    assert all(final[t] == growing[t] for t in growing)


def test_replay_ask_of_the_real_recorded_days(work):
    need_shared()
    for sym, day in (("EUR-USD", "2026-07-10"), ("BTC-USD", "2023-02-19"), ("EUR-USD", "2026-07-11")):
        _, bid = rows(work.server.day(sym, day))
        _, ask = rows(work.server.day(sym + "@ASK", day))
        assert sorted(ask) == sorted(bid)
        assert all(ask[t][0] > bid[t][0] and ask[t][4] == bid[t][4] for t in bid)


def test_replay_bid_answers_are_what_they_were(work):
    """BID is served as before the ask side: generated days as gen_days.day_payload writes them, recorded days
    and recorded hour candles verbatim."""
    for day in ("2026-07-08", "2026-07-12"):
        assert work.server.day("EUR-USD", day) == gen_days.day_payload("EUR-USD", dt.date.fromisoformat(day))
    if os.path.isdir(os.path.join(SHARED, "jetta")):
        jetta = os.path.join(SHARED, "jetta")
        assert work.server.day("EUR-USD", "2026-07-10") == open(os.path.join(jetta, "candles-minute-EUR-USD-BID-2026-7-10.json"), "rb").read()
        assert (work.server.get("/v1/candles/hour/BTC-USD/BID/2023/2")
                == open(os.path.join(jetta, "candles-hour-BTC-USD-BID-2023-2.json"), "rb").read())


@pytest.mark.parametrize("sym,year,month", [("EUR-USD", 2026, 6), ("BTC-USD", 2026, 7)])
def test_replay_ask_hour_candles_aggregate_its_ask_minutes(gen_work, sym, year, month):
    server = gen_work.server
    minutes = {}
    for day in days("%d-%02d-01" % (year, month), "%d-%02d-%02d" % (year, month, 30 if month == 6 else 12)):
        m, r = rows(server.day(sym + "@ASK", day))
        minutes.update(r)
    ref_m, ref = rows(server.get("/v1/candles/hour/%s/ASK/%d/%d" % (sym, year, month)))
    assert ref_m == m
    mine = hourly(minutes)
    assert sorted(ref) == sorted(mine)
    for t, (o, h, l, c, v) in mine.items():
        assert ref[t][:4] == (o, h, l, c), t
        assert ref[t][4] == v.quantize(Decimal("0.000001")), t
    # and they differ from the BID hours: the ask side is really served
    _, bid_ref = rows(server.get("/v1/candles/hour/%s/BID/%d/%d" % (sym, year, month)))
    assert all(ref[t][2] > bid_ref[t][2] for t in ref)


def test_replay_ask_day_candles_aggregate_its_ask_minutes(gen_work):
    server = gen_work.server
    minutes = {}
    for day in days("2026-01-01", "2026-07-12"):
        minutes.update(rows(server.day("BTC-USD@ASK", day))[1])
    _, ref = rows(server.get("/v1/candles/day/BTC-USD/ASK/2026"))
    daily = bucketed(hourly(minutes), 86400000)
    assert sorted(ref) == sorted(daily)
    assert all(ref[t][:4] == daily[t][:4] for t in daily)


# --- ohlcv-fetch, both sides ----------------------------------------------------------------------------------

def test_filter_mode_fetches_the_ask_day_by_option_or_series_name(work):
    for args in (["--side", "ASK", "EUR-USD"], ["--side", "ask", "EURUSD"], ["EUR-USD@ASK"]):
        p = work.run(*args, "2026-07-08", today=TODAY)
        expect(p, 0)
        assert p.stdout == work.server.day("EUR-USD@ASK", "2026-07-08")
        assert work.server.data_requests()[-1]["path"] == "/v1/candles/minute/EUR-USD/ASK/2026/7/8"
    p = work.run("--side", "ASK", "EUR-USD", TODAY, today=TODAY)
    expect(p, 0)
    assert p.stdout == work.server.open_day("EUR-USD@ASK", TODAY)
    assert work.server.data_requests()[-1]["path"] == "/v1/candles/minute/EUR-USD/ASK?from=1783900800000"


@pytest.mark.parametrize("side", SIDES)
def test_cold_fetch_caches_the_sides_days_under_its_own_names(work, side):
    p = work.batch("--side", side, "EUR-USD", "BTC-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    other = "ASK" if side == "BID" else "BID"
    for sym in ("EUR-USD", "BTC-USD"):
        series = series_name(sym, side)
        for day in days(START, "2026-07-12"):
            assert open(work.cache_file(series, day), "rb").read() == work.server.day(series, day), (series, day)
            assert not os.path.exists(work.cache_file(series_name(sym, other), day))
        assert open(work.temp_file(series, TODAY), "rb").read() == work.server.open_day(series, TODAY)
    assert {e["path"].split("/")[5].split("?")[0] for e in work.server.data_requests()} == {side}
    assert re.search(r"fetch: 2 symbols, .*14 days fetched, 2 growing days updated \(0 unchanged\), 0 failed", p.text_err)


def test_both_sides_in_one_run_count_series_and_requests_per_side(work):
    p = work.batch("--side", "BID", "--side", "ASK", "EUR-USD", "BTC-USD@ASK", start=START, today=TODAY,
                   extra=["--rate", "50"])
    expect(p, 0)
    per_series = len(days(START, TODAY))
    assert ("fetch: 2 symbols, 3 series (BID 1, ASK 2), %d requests (BID %d, ASK %d)\n"
            % (3 * per_series, per_series, 2 * per_series)) in p.text_err
    sent = [e["path"] for e in work.server.data_requests()]
    bid = sum("/BID/" in x or "/BID?" in x for x in sent)
    ask = sum("/ASK/" in x or "/ASK?" in x for x in sent)
    assert bid + ask == len(sent)
    summary = [line for line in p.text_err.splitlines() if "days fetched" in line][-1]
    assert summary.startswith("fetch: 2 symbols, 3 series (BID 1, ASK 2), %d days fetched, " % (3 * (per_series - 1)))
    assert ", %d requests (BID %d, ASK %d; 0 retries), " % (len(sent), bid, ask) in summary
    for series in ("EUR-USD", "EUR-USD@ASK", "BTC-USD@ASK"):
        assert open(work.cache_file(series, "2026-07-08"), "rb").read() == work.server.day(series, "2026-07-08")
    assert not os.path.exists(work.cache_file("BTC-USD", "2026-07-08"))


def test_a_bid_only_run_keeps_its_lines(work):
    p = work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    assert "fetch: 1 symbol, %d requests\n" % len(days(START, TODAY)) in p.text_err
    assert "series" not in p.text_err and "BID" not in p.text_err


@pytest.mark.parametrize("side", SIDES)
def test_the_growing_day_and_the_midnight_rollover_per_side(work, side):
    series = series_name("EUR-USD", side)
    expect(work.batch("--side", side, "EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    open(work.temp_file(series, TODAY, "csv"), "w").write("time,open,high,low,close,volume\n")
    work.server.control(now="2026-07-14T00:10:00Z")
    expect(work.batch("--side", side, "EUR-USD", start=START, today="2026-07-14"), 0)
    assert open(work.cache_file(series, TODAY), "rb").read() == work.server.day(series, TODAY)
    assert not os.path.exists(work.temp_file(series, TODAY))
    assert not os.path.exists(work.temp_file(series, TODAY, "csv"))
    assert open(work.temp_file(series, "2026-07-14"), "rb").read() == work.server.open_day(series, "2026-07-14")


@pytest.mark.parametrize("side", SIDES)
def test_recheck_replaces_a_revised_day_and_holds_back_a_short_one_of_that_side_only(work, side):
    series = series_name("EUR-USD", side)
    other = series_name("EUR-USD", "ASK" if side == "BID" else "BID")
    both = ["--side", "BID", "--side", "ASK"]
    expect(work.batch(*both, "EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    work.age()
    before = work.snapshot()
    work.server.fault(hist(series, "2026-07-09"), "revise", candles=3)
    work.server.fault(hist(series, "2026-07-10"), "partial", times=-1)
    p = work.batch(*both, "EUR-USD", start=START, today=TODAY, extra=["--recheck-days", "7", "--rate", "50"])
    expect(p, 0)
    assert p.text_out == "%s 2026-07-09: 3 changed, 0 added, 0 removed; replaced\n" % series
    assert open(work.cache_file(series, "2026-07-09"), "rb").read() == work.server.day(series, "2026-07-09")
    assert "fetch: HELD BACK: %s 2026-07-10: " % series in p.text_err
    held = os.path.join(work.dir, "data", "held", "2026", "07", "%s_20260710.json" % series)
    assert os.path.exists(held)
    after = work.snapshot()
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {os.path.relpath(work.cache_file(series, "2026-07-09"), work.dir)}     # the other side untouched
    layout = ["--cache-dir", work.cache, "--temp-dir", work.temp]
    listed = work.run(*layout, "--list-held", *both, "EUR-USD", today=TODAY)
    expect(listed, 0)
    assert listed.text_out.startswith("%s 2026-07-10: " % series) and listed.text_out.count("\n") == 1
    accepted = work.run(*layout, "--accept-held", "2026-07-10", series, today=TODAY)
    expect(accepted, 0)
    assert accepted.text_out.startswith("%s 2026-07-10: " % series)
    assert not os.path.exists(held)
    assert open(work.cache_file(other, "2026-07-10"), "rb").read() == before[os.path.relpath(work.cache_file(other, "2026-07-10"), work.dir)][0]


def test_a_recheck_list_names_series(work):
    both = ["--side", "BID", "--side", "ASK"]
    expect(work.batch(*both, "EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    listed = os.path.join(work.dir, "recheck.txt")
    open(listed, "w").write("EUR-USD@ASK 2026-07-08\nEURUSD@ask 2026-07-09\n")
    n = len(work.server.data_requests())
    p = work.batch(*both, "EUR-USD", start=START, today=TODAY, extra=["--recheck-list", listed])
    expect(p, 0)
    # The two days are fetched concurrently: which request comes first is not part of the promise.
    assert sorted(e["path"] for e in work.server.data_requests()[n:]) == [
        "/v1/candles/minute/EUR-USD/ASK/2026/7/8", "/v1/candles/minute/EUR-USD/ASK/2026/7/9"]


@pytest.mark.parametrize("side", SIDES)
def test_a_bad_payload_stops_the_run_the_same_way_on_either_side(work, side):
    series = series_name("EUR-USD", side)
    work.server.fault(hist(series, "2026-07-08"), "malformed", times=-1)
    p = work.batch("--side", "BID", "--side", "ASK", "EUR-USD", start=START, today=TODAY,
                   extra=["--rate", "50", "--retries", "1", "--concurrency", "1"])
    expect(p, 65)
    assert not os.path.exists(work.cache_file(series, "2026-07-08"))
    lines = p.text_err.rstrip("\n").split("\n")
    assert lines[-1].startswith("ABORT! Critical error in fetch: %s: " % series), lines[-1]
    assert "malformed JSON" in lines[-1]
    assert lines[-2].startswith("fetch: failed: %s 2026-07-08 (invalid body, 2 attempts: " % series), lines[-2]
    assert re.search(r", 1 failed, \d+ not attempted, ", lines[-3]), lines[-3]


def test_the_instrument_check_and_the_symbol_start_serve_both_sides(server_factory, tmp_path):
    """One metadata request per symbol, whatever its sides; its first data day and --symbol-start apply to both
    sides; the summary counts the metadata request apart from either side's."""
    server = server_factory(now="2017-05-12T10:00:00Z", fixtures=False,
                            extra=("--gen-symbols", "BTC-USD,EUR-USD", "--gen-start", "2017-05-07"))
    work = Work(tmp_path, server)
    p = work.batch("--side", "BID", "--side", "ASK", "BTC-USD", "EUR-USD", start="2017-05-01", today="2017-05-12",
                   extra=("--check-instruments", "--refresh", "--symbol-start", "EUR-USD=2017-05-10", "--rate", "100"))
    expect(p, 0)
    sent = [e["path"] for e in server.data_requests()]
    metadata = [x for x in sent if x.startswith("/v1/instruments")]
    assert sorted(metadata) == ["/v1/instruments/BTC-USD", "/v1/instruments/EUR-USD"]
    minute = [x for x in sent if x.startswith("/v1/candles/minute/")]
    for sym, first in (("BTC-USD", "2017-05-07"), ("EUR-USD", "2017-05-10")):
        for side in SIDES:
            asked = sorted(x for x in minute if x.startswith("/v1/candles/minute/%s/%s" % (sym, side)))
            assert len(asked) == len(days(first, "2017-05-12")), (sym, side, asked)
            assert not os.path.exists(work.cache_file(series_name(sym, side), "2017-05-06"))
            assert os.path.exists(work.cache_file(series_name(sym, side), first))
    bid = sum("/BID" in x for x in minute)
    summary = [line for line in p.text_err.splitlines() if "days fetched" in line][-1]
    assert ", %d requests (BID %d, ASK %d, metadata 2; 0 retries), " % (len(sent), bid, len(minute) - bid) in summary


def test_an_existing_bid_tree_gains_its_ask_series_and_keeps_every_bid_file(server_factory, tmp_path):
    """The cache and data/temp of a tree built before sides existed (Tests/fixtures/upgrade): the same run
    with ASK added writes the ASK days next to the BID ones and leaves every BID file as it was (bytes and
    mtime), asking the server only for BID's growing days."""
    import subprocess
    import tarfile
    from conftest import ROOT
    archive = os.path.join(ROOT, "Tests", "fixtures", "upgrade", "tree-4090e33.tar.xz")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    server = server_factory(now="2026-07-13T10:30:00Z", fixtures=False, extra=("--gen-start", "2026-07-01"))
    work = Work(tmp_path, server)
    before = work.snapshot()
    assert any(k.startswith("cache/") for k in before)
    p = work.batch("--side", "BID", "--side", "ASK", "EUR-USD", "BTC-USD", start="2026-07-10", today="2026-07-13",
                   extra=("--rate", "100"))
    expect(p, 0)
    after = work.snapshot()
    assert {k: after[k] for k in before} == before
    new = sorted(k for k in after if k not in before)
    assert new and all("@ASK_" in k for k in new), new
    for sym in ("EUR-USD", "BTC-USD"):
        for day in days("2026-07-10", "2026-07-12"):
            assert open(work.cache_file(sym + "@ASK", day), "rb").read() == server.day(sym + "@ASK", day)
    bid_asked = [e["path"] for e in server.data_requests() if "/BID" in e["path"]]
    assert sorted(bid_asked) == ["/v1/candles/minute/BTC-USD/BID?from=1783900800000",
                                 "/v1/candles/minute/EUR-USD/BID?from=1783900800000"]
