"""Issue 11 items 1-3: the instrument catalogue, the check before any day, the first-data start and the
schedule's judgement of empty and short days, against the replay server's /v1/instruments endpoints."""
import json
import os

from conftest import ROOT, days, expect

SNAPSHOT = os.path.join(ROOT, "catalogue", "instruments.tsv")


def instrument_requests(server):
    return [e for e in server.data_requests() if e["path"].startswith("/v1/instruments")]


def day_requests(server):
    return [e for e in server.data_requests() if e["path"].startswith("/v1/candles/")]


def test_instruments_lists_matches_and_caches_the_catalogue(work):
    p = work.run("--instruments", "--cache-dir", work.cache, "jpy")
    expect(p, 0)
    rows = [line.split() for line in p.text_out.splitlines()[1:]]
    assert [r[0] for r in rows] == ["USD-JPY"]
    assert rows[0][-2:] == ["0.01", "2000-01-01"]          # the generated answer's pip value and history start
    assert os.path.exists(os.path.join(work.cache, "instruments", "catalogue.tsv"))
    assert len(instrument_requests(work.server)) == 1
    # Within 7 days the cached copy answers: no request; --refresh asks again.
    expect(work.run("--instruments", "--cache-dir", work.cache, "usd"), 0)
    assert len(instrument_requests(work.server)) == 1
    expect(work.run("--instruments", "--cache-dir", work.cache, "--refresh"), 0)
    assert len(instrument_requests(work.server)) == 2


def test_instruments_falls_back_to_the_snapshot_without_a_server(work):
    work.server.control(faults=[{"match": "/v1/instruments", "kind": "status", "status": 503, "times": -1}])
    p = work.run("--instruments", "--retries", "0", "--catalogue-snapshot", SNAPSHOT, "gold")
    expect(p, 0)
    assert "XAU-USD" in [line.split()[0] for line in p.text_out.splitlines()[1:]]
    assert "the shipped snapshot" in p.text_err


def test_a_list_of_another_shape_is_a_clear_error(work):
    for kind in ("reshape", "malformed"):
        work.server.control(faults=[{"match": "/v1/instruments", "kind": kind}])
        p = work.run("--instruments", "--retries", "0", "--refresh", "--cache-dir", work.cache)
        expect(p, 65)
        lines = p.text_err.strip().splitlines()
        assert lines[-1].startswith("ABORT! Critical error in fetch: ") and "/v1/instruments" in lines[-1]
        assert (kind != "reshape") or "expected an array of instrument objects" in lines[-1]


def test_an_unknown_symbol_stops_the_run_before_any_day_naming_its_line(work, tmp_path):
    symbols = tmp_path / "symbols.txt"
    symbols.write_text("EUR-USD\n# gold\nXAU-USDX\n")
    p = work.batch("EUR-USD", "XAU-USDX", start="2026-07-01", today="2026-07-13",
                   extra=("--check-instruments", "--symbols-file", str(symbols)))
    expect(p, 69)
    last = p.text_err.strip().splitlines()[-1]
    assert last.startswith("ABORT! Critical error in fetch: XAU-USDX: %s:3: unknown instrument XAU-USDX" % symbols)
    assert day_requests(work.server) == []
    assert not os.path.exists(os.path.join(work.cache, "2026"))


def test_metadata_missing_falls_back_and_malformed_metadata_is_a_clear_error(work):
    work.server.control(faults=[{"match": "/v1/instruments/XAU-USD", "kind": "status", "status": 404}])
    p = work.batch("XAU-USD", start="2026-07-10", today="2026-07-13", extra=("--check-instruments", "--retries", "0"))
    expect(p, 0)
    assert "XAU-USD: no instrument metadata" in p.text_err
    for kind in ("malformed", "reshape"):
        work.server.control(reset=True)
        work.server.control(faults=[{"match": "/v1/instruments/XAU-USD", "kind": kind}])
        p = work.batch("XAU-USD", start="2026-07-10", today="2026-07-13",
                       extra=("--check-instruments", "--refresh", "--retries", "0"))
        expect(p, 65)
        assert p.text_err.strip().splitlines()[-1].startswith("ABORT! Critical error in fetch: XAU-USD: ")
        assert day_requests(work.server) == []


def test_first_run_starts_where_the_data_starts(server_factory, tmp_path):
    """A BTC-like instrument whose history starts in 2017, with START_DATE 2005: the days before are never
    asked for (the figures of the issue's closing note)."""
    from conftest import Work
    server = server_factory(now="2018-01-01T10:00:00Z", fixtures=False,
                            extra=("--gen-symbols", "BTC-USD", "--gen-start", "2017-05-07"))
    counts = {}
    for check in (False, True):
        (tmp_path / ("check" if check else "plain")).mkdir()
        work = Work(tmp_path / ("check" if check else "plain"), server)
        server.control(reset=True)
        p = work.batch("BTC-USD", start="2005-01-01", today="2018-01-01",
                       extra=(("--check-instruments",) if check else ()) + ("--rate", "1000", "--concurrency", "8"))
        expect(p, 0)
        counts[check] = len(day_requests(server))
        if check:
            assert "its data starts on 2017-05-07" in p.text_err
            assert not os.path.exists(work.cache_file("BTC-USD", "2017-05-06"))
            assert os.path.exists(work.cache_file("BTC-USD", "2017-05-07"))
    assert counts[False] == len(days("2005-01-01", "2018-01-01"))
    assert counts[True] == len(days("2017-05-07", "2018-01-01"))
    print("BTC-like from 2005: %d day requests without the check, %d with it" % (counts[False], counts[True]))


def test_symbol_start_overrides_the_first_data(work):
    p = work.batch("BTC-USD", start="2026-07-01", today="2026-07-13",
                   extra=("--check-instruments", "--symbol-start", "BTCUSD=2026-07-10"))
    expect(p, 0)
    asked = sorted(e["path"] for e in day_requests(work.server) if "?" not in e["path"])
    assert asked == ["/v1/candles/minute/BTC-USD/BID/2026/7/%d" % d for d in (10, 11, 12)], asked
    assert not os.path.exists(work.cache_file("BTC-USD", "2026-07-09"))


def test_the_schedule_judges_empty_and_short_days(work):
    """XAU-USD (generated FX): a Saturday is closed by the schedule and cached empty without doubt; an empty
    Wednesday, and a Tuesday cut in half, are suspicious: re-fetched, not cached while young, reported."""
    work.server.control(faults=[
        {"match": "XAU-USD/BID/2026/7/8", "kind": "empty", "times": -1},
        {"match": "XAU-USD/BID/2026/7/7", "kind": "partial", "times": -1},
    ])
    p = work.batch("XAU-USD", start="2026-07-06", today="2026-07-13", extra=("--check-instruments",))
    expect(p, 0)
    assert os.path.exists(work.cache_file("XAU-USD", "2026-07-11"))
    assert json.load(open(work.cache_file("XAU-USD", "2026-07-11")))["times"] == []
    for d in ("2026-07-07", "2026-07-08"):
        assert not os.path.exists(work.cache_file("XAU-USD", d)), d
    assert "XAU-USD 2026-07-08: empty on a day its trading schedule says is open (suspicious)" in p.text_err
    assert "XAU-USD 2026-07-07: shorter than the trading schedule says" in p.text_err
    asked = [e["path"] for e in day_requests(work.server)]
    assert asked.count("/v1/candles/minute/XAU-USD/BID/2026/7/7") == 3
    assert asked.count("/v1/candles/minute/XAU-USD/BID/2026/7/11") == 1
