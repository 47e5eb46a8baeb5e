"""Issue #9 item 3: a re-fetch never deletes data on its own.

A re-fetched finished day (a `--recheck-days` day, or yesterday's final answer at the midnight rollover) that lacks
candles of the day we hold is held back in data/held/, the day on disk stays, and the report gives changed, added
and removed candles separately. Only `ohlcv-fetch --accept-held` / `make accept-held` takes such a day.
Driven through the tool and through make, against tools/replay_server.py on 127.0.0.1 (generated EUR-USD).
"""
import datetime as dt
import filecmp
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, Work, bin_path, expect, gen_days

SYM = "EUR-USD"
START = "2026-07-13"          # Monday
TODAY = "2026-07-16"          # Thursday; the server's frozen clock is 10:00 UTC that day
NOW = TODAY + "T10:00:00Z"


def hist(day):
    d = dt.date.fromisoformat(day)
    return "%s/BID/%d/%d/%d" % (SYM, d.year, d.month, d.day)


def candles(payload_bytes):
    """Minutes with candles in a payload, from the JSON itself (rows of volume 0 are no candle)."""
    j = json.loads(payload_bytes, parse_float=str, parse_int=str)
    t, minutes = 0, []
    for delta, volume in zip(j["times"], j["volumes"]):
        t += int(delta)
        if float(volume) != 0:
            minutes.append(t)
    return minutes


def generated(day, **kw):
    return gen_days.day_payload(SYM, dt.date.fromisoformat(day), **kw)


def held_file(w, day):
    return os.path.join(w.dir, "data", "held", day[:4], day[5:7], "%s_%s.json" % (SYM, day.replace("-", "")))


def read(path):
    with open(path, "rb") as f:
        return f.read()


@pytest.fixture
def w(server_factory, tmp_path):
    return Work(tmp_path, server_factory(now=NOW, fixtures=False, extra=["--gen-symbols", SYM]))


def recheck(w, today=TODAY):
    return w.batch(SYM, start=START, today=today, extra=["--recheck-days", "7", "--rate", "50"])


def cold(w, today=TODAY):
    expect(w.batch(SYM, start=START, today=today, extra=["--rate", "50"]), 0)


# --- the tool -------------------------------------------------------------------------------------------------

def test_a_recheck_that_lost_the_afternoon_is_held_back_with_its_counts(w):
    cold(w)
    before = w.snapshot()
    n = len(candles(read(w.cache_file(SYM, "2026-07-14"))))
    w.server.fault(hist("2026-07-14"), "partial", times=-1)
    p = recheck(w)
    expect(p, 0)
    k = n // 2
    assert ("fetch: HELD BACK: EUR-USD 2026-07-14: the server now sends %d candles where the cache has %d candles "
            "(0 changed, 0 added, %d removed); kept the cached day" % (k, n, n - k)) in p.text_err
    assert "make accept-held SYMBOL=EUR-USD DAY=2026-07-14" in p.text_err
    assert p.text_out == ""                                  # nothing replaced
    assert w.snapshot() == before                            # cache and temp: bytes and mtimes
    assert candles(read(held_file(w, "2026-07-14"))) == candles(generated("2026-07-14"))[:k]
    assert "0 rechecked days changed (2 unchanged, 1 held back)" in p.text_err
    assert "1 held-back day awaiting `make accept-held`" in p.text_err


def test_an_empty_recheck_answer_is_held_back_by_the_same_rule(w):
    cold(w)
    before = w.snapshot()
    n = len(candles(read(w.cache_file(SYM, "2026-07-15"))))
    w.server.fault(hist("2026-07-15"), "empty", times=-1)
    p = recheck(w)
    expect(p, 0)
    assert ("HELD BACK: EUR-USD 2026-07-15: the server now sends an empty day where the cache has %d candles "
            "(0 changed, 0 added, %d removed); kept the cached day" % (n, n)) in p.text_err
    assert w.snapshot() == before
    assert read(held_file(w, "2026-07-15")) == gen_days.empty_payload(SYM, dt.date(2026, 7, 15))


def test_a_day_that_only_gains_candles_or_only_changes_prices_is_replaced_with_separate_counts(w):
    # 07-14 is first cached from a short answer (a missing day has nothing to protect), 07-13 as it is.
    w.server.fault(hist("2026-07-14"), "partial", times=1)
    cold(w)
    full = candles(generated("2026-07-14"))
    assert len(candles(read(w.cache_file(SYM, "2026-07-14")))) == len(full) // 2
    w.server.fault(hist("2026-07-13"), "revise", candles=4)      # 4 candles get another volume
    p = recheck(w)
    expect(p, 0)
    assert sorted(p.text_out.splitlines()) == [
        "EUR-USD 2026-07-13: 4 changed, 0 added, 0 removed; replaced",
        "EUR-USD 2026-07-14: 0 changed, %d added, 0 removed; replaced" % (len(full) - len(full) // 2)]
    assert read(w.cache_file(SYM, "2026-07-13")) == generated("2026-07-13", revision=4)
    assert read(w.cache_file(SYM, "2026-07-14")) == generated("2026-07-14")
    assert "HELD BACK" not in p.text_err and not os.path.exists(os.path.join(w.dir, "data", "held"))


def test_list_and_accept_move_the_held_answer_into_the_cache(w):
    cold(w)
    n = len(candles(read(w.cache_file(SYM, "2026-07-14"))))
    w.server.fault(hist("2026-07-14"), "partial", times=-1)
    expect(recheck(w), 0)
    held = read(held_file(w, "2026-07-14"))
    layout = ["--cache-dir", w.cache, "--temp-dir", w.temp]
    p = w.run(*layout, "--list-held", SYM)
    expect(p, 0)
    assert p.text_out == "EUR-USD 2026-07-14: %d candles where the cache has %d (0 changed, 0 added, %d removed); %s\n" % (
        n // 2, n, n - n // 2, held_file(w, "2026-07-14"))
    # A day that is not held is an error, and changes nothing.
    p = w.run(*layout, "--accept-held", "2026-07-13", SYM)
    expect(p, 66)
    assert p.text_err.startswith("ABORT! Critical error in fetch: ") and len(p.text_err.splitlines()) == 1
    assert os.path.exists(held_file(w, "2026-07-14"))
    p = w.run(*layout, "--accept-held", "2026-07-14", SYM)
    expect(p, 0)
    assert p.text_out.startswith("EUR-USD 2026-07-14: 0 changed, 0 added, %d removed; accepted" % (n - n // 2))
    assert read(w.cache_file(SYM, "2026-07-14")) == held
    assert not os.path.exists(held_file(w, "2026-07-14"))
    assert not [f for f in os.listdir(os.path.dirname(w.cache_file(SYM, "2026-07-14"))) if f.endswith(".tmp")]
    p = w.run(*layout, "--list-held", SYM)
    expect(p, 0)
    assert p.text_out == "" and "no held-back days" in p.text_err
    # Accepted means accepted: the next recheck compares with the accepted day, finds the same, reports nothing.
    p = recheck(w)
    expect(p, 0)
    assert p.text_out == "" and "HELD BACK" not in p.text_err


def test_a_later_answer_that_removes_nothing_drops_the_held_one(w):
    cold(w)
    w.server.fault(hist("2026-07-14"), "partial", times=1)
    expect(recheck(w), 0)
    assert os.path.exists(held_file(w, "2026-07-14"))
    before = w.snapshot()
    p = recheck(w)                                           # the server sends the whole day again
    expect(p, 0)
    assert "EUR-USD 2026-07-14: the server sends the cached day again; dropped the held-back answer" in p.text_err
    assert not os.path.exists(held_file(w, "2026-07-14"))
    assert w.snapshot() == before
    assert "awaiting" not in p.text_err


def midnight_setup(w):
    """A run at 23:00 of TODAY (growing day up to 22:59), then the server's clock at 00:10 the next day."""
    w.server.control(now=TODAY + "T23:00:00Z")
    cold(w)
    growing = read(w.temp_file(SYM, TODAY))
    assert len(candles(growing)) > len(candles(generated(TODAY))) // 2       # else the test proves nothing
    w.server.control(now="2026-07-17T00:10:00Z")
    return growing


@pytest.mark.parametrize("kind", ["partial", "empty"])
def test_midnight_rollover_holds_back_a_final_day_shorter_than_the_growing_day(w, kind):
    growing = midnight_setup(w)
    g = len(candles(growing))
    w.server.fault(hist(TODAY), kind, times=2)
    sends = "%d candles" % (len(candles(generated(TODAY))) // 2) if kind == "partial" else "an empty day"
    for _ in range(2):                                       # held again on every run while the server says so
        p = w.batch(SYM, start=START, today="2026-07-17")
        expect(p, 0)
        assert ("HELD BACK: EUR-USD %s: the server now sends %s where the growing day has %d candles (0 changed, 0 added, "
                % (TODAY, sends, g)) in p.text_err
        assert "kept the growing day" in p.text_err
        assert not os.path.exists(w.cache_file(SYM, TODAY))
        assert read(w.temp_file(SYM, TODAY)) == growing
        assert os.path.exists(held_file(w, TODAY))
        assert "1 held-back day awaiting `make accept-held`" in p.text_err
    # The server sends the whole final day: cached, growing files and the held answer gone.
    p = w.batch(SYM, start=START, today="2026-07-17")
    expect(p, 0)
    assert read(w.cache_file(SYM, TODAY)) == generated(TODAY)
    assert not os.path.exists(w.temp_file(SYM, TODAY))
    assert not os.path.exists(held_file(w, TODAY))
    assert "supersedes the held-back one" in p.text_err and "awaiting" not in p.text_err


def test_midnight_rollover_with_a_complete_final_day_holds_nothing(w):
    midnight_setup(w)
    p = w.batch(SYM, start=START, today="2026-07-17")
    expect(p, 0)
    assert read(w.cache_file(SYM, TODAY)) == generated(TODAY)
    assert "HELD BACK" not in p.text_err and not os.path.exists(os.path.join(w.dir, "data", "held"))


# --- make, as a user runs it ----------------------------------------------------------------------------------

class Make:
    def __init__(self, w, data="data", cache="cache"):
        self.w, self.data, self.cache = w, os.path.join(w.dir, data), os.path.join(w.dir, cache)

    def __call__(self, goal, today=TODAY, **vars):
        v = {"BIN": os.path.dirname(bin_path("ohlcv-fetch")), "NO_BUILD": "1", "CACHE_DIR": self.cache,
             "DATA_DIR": self.data, "SYMBOL": SYM, "START_DATE": START, "BASE_URL": self.w.server.url, "RATE": "50",
             "LOCK_WAIT": "5"}
        v.update(vars)
        env = {k: x for k, x in os.environ.items()
               if not k.startswith("OHLCV_") and k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
        env["OHLCV_TODAY"] = today
        cmd = ["make", "--no-print-directory", "-f", os.path.join(ROOT, "Makefile"), "-C", ROOT] + \
            ["%s=%s" % kv for kv in sorted(v.items())] + [goal]
        p = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
        p.text_out, p.text_err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        return p

    def rows(self, path, day):
        with open(os.path.join(self.data, path)) as f:
            return [line for line in f if line.startswith(day)]


def derived_equal_to_a_clean_build(m, tmp_path):
    """aggregate/ and resample/ CSVs equal `make pipeline` over a copy of the cache (and of today's growing
    payload) in a fresh directory."""
    fresh = Make(m.w, data=str(tmp_path / "clean" / "data"), cache=str(tmp_path / "clean" / "cache"))
    shutil.copytree(m.cache, fresh.cache)
    os.makedirs(os.path.join(fresh.data, "temp"))
    for name in os.listdir(os.path.join(m.data, "temp")):
        if name.endswith(".json"):
            shutil.copy(os.path.join(m.data, "temp", name), os.path.join(fresh.data, "temp", name))
    expect(fresh("pipeline"), 0)
    for sub in ("aggregate", "resample"):
        cmp = filecmp.dircmp(os.path.join(m.data, sub), os.path.join(fresh.data, sub), ignore=["index"])
        stack = [cmp]
        while stack:
            c = stack.pop()
            assert not c.diff_files and not c.left_only and not c.right_only, (sub, c.diff_files, c.left_only, c.right_only)
            # dircmp compares by stat signature first; compare the bytes too
            for f in c.common_files:
                assert read(os.path.join(c.left, f)) == read(os.path.join(c.right, f)), f
            stack += c.subdirs.values()


def test_make_rebuild_weekly_keeps_the_days_and_make_accept_held_propagates_one(w, tmp_path):
    m = Make(w)
    expect(m("all"), 0)
    n14 = len(candles(read(w.cache_file(SYM, "2026-07-14"))))
    agg = read(os.path.join(m.data, "aggregate/1m/EUR-USD.csv"))
    daily = read(os.path.join(m.data, "resample/1d/EUR-USD.csv"))
    assert len(m.rows("aggregate/1m/EUR-USD.csv", "2026-07-14")) == n14
    w.server.fault(hist("2026-07-14"), "partial", times=-1)
    w.server.fault(hist("2026-07-15"), "empty", times=-1)

    p = m("rebuild-weekly")
    expect(p, 0)
    held = [line for line in p.text_err.splitlines() if line.startswith("fetch: HELD BACK: ")]
    assert len(held) == 2, p.text_err
    assert "EUR-USD 2026-07-14: the server now sends %d candles where the cache has %d candles (0 changed, 0 added, %d removed)" % (
        n14 // 2, n14, n14 - n14 // 2) in held[0] + held[1]
    assert "2 held-back days awaiting `make accept-held`" in p.text_err
    assert read(os.path.join(m.data, "aggregate/1m/EUR-USD.csv")) == agg
    assert read(os.path.join(m.data, "resample/1d/EUR-USD.csv")) == daily

    p = m("list-held")
    expect(p, 0)
    assert [line.split(":")[0] for line in p.text_out.splitlines()] == ["EUR-USD 2026-07-14", "EUR-USD 2026-07-15"]

    # Accepting needs the day: without DAY nothing moves.
    p = m("accept-held")
    assert p.returncode != 0 and "--accept-held takes a day" in p.text_err
    assert read(os.path.join(m.data, "aggregate/1m/EUR-USD.csv")) == agg

    p = m("accept-held", DAY="2026-07-14")
    expect(p, 0)
    assert "EUR-USD 2026-07-14: 0 changed, 0 added, %d removed; accepted" % (n14 - n14 // 2) in p.text_out
    assert len(m.rows("aggregate/1m/EUR-USD.csv", "2026-07-14")) == n14 // 2
    assert read(os.path.join(m.data, "resample/1d/EUR-USD.csv")) != daily
    derived_equal_to_a_clean_build(m, tmp_path)
    assert os.path.exists(held_file(w, "2026-07-15"))

    # The hourly job keeps reminding about the day still held.
    p = m("all")
    expect(p, 0)
    assert "1 held-back day awaiting `make accept-held`" in p.text_err


def test_make_all_at_midnight_keeps_the_growing_day_when_the_final_day_is_short(w, tmp_path):
    m = Make(w)
    w.server.control(now=TODAY + "T23:00:00Z")
    expect(m("all"), 0)
    g = len(m.rows("aggregate/1m/EUR-USD.csv", TODAY))
    agg = read(os.path.join(m.data, "aggregate/1m/EUR-USD.csv"))
    assert g == len(candles(read(w.temp_file(SYM, TODAY))))
    w.server.control(now="2026-07-17T00:10:00Z")
    w.server.fault(hist(TODAY), "partial", times=-1)
    p = m("all", today="2026-07-17")
    expect(p, 0)
    assert "HELD BACK: EUR-USD %s: the server now sends %d candles where the growing day has %d candles" % (
        TODAY, len(candles(generated(TODAY))) // 2, g) in p.text_err
    assert not os.path.exists(w.cache_file(SYM, TODAY))
    assert len(m.rows("aggregate/1m/EUR-USD.csv", TODAY)) == g
    assert read(os.path.join(m.data, "aggregate/1m/EUR-USD.csv")).startswith(agg[: agg.index(TODAY.encode())])
    # The user accepts the short day: it becomes the cached day and the pipeline rebuilds from it.
    p = m("accept-held", DAY=TODAY, today="2026-07-17")
    expect(p, 0)
    assert candles(read(w.cache_file(SYM, TODAY))) == candles(generated(TODAY))[: len(candles(generated(TODAY))) // 2]
    assert not os.path.exists(held_file(w, TODAY))
    assert not os.path.exists(w.temp_file(SYM, TODAY)) and not os.path.exists(w.temp_file(SYM, TODAY, "csv"))
    assert len(m.rows("aggregate/1m/EUR-USD.csv", TODAY)) == len(candles(generated(TODAY))) // 2
    derived_equal_to_a_clean_build(m, tmp_path)
