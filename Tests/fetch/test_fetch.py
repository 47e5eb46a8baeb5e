import datetime as dt
import glob
import json
import os
import re
import signal
import subprocess
import time

import pytest

from conftest import Work, bin_path, days, expect, need_shared, gen_days, testkit

TODAY = "2026-07-13"          # a Monday; the replay server's frozen clock is 10:00 UTC that day
START = "2026-06-29"


def hist_path(day):
    d = dt.date.fromisoformat(day)
    return "/v1/candles/minute/%%s/BID/%d/%d/%d" % (d.year, d.month, d.day)


def no_tmp_files(w):
    left = glob.glob(os.path.join(w.dir, "**", "*.tmp"), recursive=True)
    assert not left, "temp files left behind: %s" % left


# --- filter mode --------------------------------------------------------------------------------------------

def test_filter_mode_writes_the_real_payload_byte_for_byte(work):
    shared = need_shared()
    p = work.run("EUR-USD", "2026-07-10", today=TODAY)
    expect(p, 0)
    assert p.stdout == open(os.path.join(shared, "jetta", "candles-minute-EUR-USD-BID-2026-7-10.json"), "rb").read()
    p = work.run("BTC/USD", "2023-02-07", today=TODAY)
    expect(p, 0)
    assert p.stdout == open(os.path.join(shared, "btc-usd-2023-02/cache/2023/02/BTC-USD_20230207.json"), "rb").read()


def test_filter_mode_today_uses_the_open_day_url(work):
    p = work.run("EURUSD", TODAY, today=TODAY)
    expect(p, 0)
    assert p.stdout == work.server.open_day("EUR-USD", TODAY)
    assert work.server.data_requests()[-1]["path"].endswith("BID?from=%d" % (1783900800000))


def test_filter_mode_writes_nothing_when_the_payload_is_bad(work):
    work.server.fault("2026/7/8", "malformed", times=-1)
    p = work.run("--retries", "1", "EUR-USD", "2026-07-08", today=TODAY)
    expect(p, 65)
    assert p.stdout == b""
    assert "ABORT! Critical error in fetch: EUR-USD" in p.text_err and "malformed JSON" in p.text_err


def test_proxy_environment_is_ignored_for_a_loopback_base(work):
    p = work.run("--retries", "0", "EUR-USD", "2026-07-08", today=TODAY,
                 env={"http_proxy": "http://127.0.0.1:1", "HTTP_PROXY": "http://127.0.0.1:1",
                      "all_proxy": "http://127.0.0.1:1"})
    expect(p, 0)
    assert p.stdout == work.server.day("EUR-USD", "2026-07-08")


def test_requests_carry_browser_like_headers(work):
    expect(work.run("EUR-USD", "2026-07-08", today=TODAY), 0)
    e = work.server.data_requests()[-1]
    assert e["referer"] == "https://www.dukascopy.com/"
    assert e["ua"].startswith("ohlcv-fetch/1.0.0")


# --- batch mode: cold run, later runs, midnight -------------------------------------------------------------

def test_cold_fetch_caches_every_finished_day_and_the_growing_day(work):
    p = work.batch("EUR-USD", "BTC-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    for sym in ("EUR-USD", "BTC-USD"):
        for day in days(START, "2026-07-12"):
            path = work.cache_file(sym, day)
            assert open(path, "rb").read() == work.server.day(sym, day), path
        assert open(work.temp_file(sym, TODAY), "rb").read() == work.server.open_day(sym, TODAY)
        assert not os.path.exists(work.cache_file(sym, TODAY))
    assert re.search(r"fetch: 2 symbols, 28 days fetched, 2 growing days updated \(0 unchanged\), 0 failed", p.text_err)
    no_tmp_files(work)


def test_second_run_asks_only_for_the_growing_day_and_touches_nothing(work):
    expect(work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    work.age()
    before = work.snapshot()
    n = len(work.server.data_requests())
    p = work.batch("EUR-USD", start=START, today=TODAY)
    expect(p, 0)
    new = work.server.data_requests()[n:]
    assert [e["path"] for e in new] == ["/v1/candles/minute/EUR-USD/BID?from=1783900800000"]
    assert work.snapshot() == before          # same bytes, same mtimes (growing day unchanged too)
    assert "0 days fetched, 0 growing days updated (1 unchanged)" in p.text_err


def test_an_hour_later_only_the_growing_day_is_rewritten(work):
    expect(work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    work.age()
    before = work.snapshot()
    work.server.control(now="2026-07-13T11:00:00Z")
    expect(work.batch("EUR-USD", start=START, today=TODAY), 0)
    after = work.snapshot()
    grow = os.path.relpath(work.temp_file("EUR-USD", TODAY), work.dir)
    assert after[grow][0] != before[grow][0] and after[grow][1] != before[grow][1]
    assert after[grow][0] == work.server.open_day("EUR-USD", TODAY)
    assert len(json.loads(after[grow][0])["times"]) > len(json.loads(before[grow][0])["times"])
    del after[grow], before[grow]
    assert after == before


def test_midnight_rollover_replaces_the_growing_day_by_the_final_day(work):
    expect(work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    # transform would have written the growing day's CSV
    open(work.temp_file("EUR-USD", TODAY, "csv"), "w").write("time,open,high,low,close,volume\n")
    work.server.control(now="2026-07-14T00:10:00Z")
    p = work.batch("EUR-USD", start=START, today="2026-07-14")
    expect(p, 0)
    assert open(work.cache_file("EUR-USD", TODAY), "rb").read() == work.server.day("EUR-USD", TODAY)
    assert not os.path.exists(work.temp_file("EUR-USD", TODAY))
    assert not os.path.exists(work.temp_file("EUR-USD", TODAY, "csv"))
    assert open(work.temp_file("EUR-USD", "2026-07-14"), "rb").read() == work.server.open_day("EUR-USD", "2026-07-14")


def test_yesterday_too_late_stays_a_growing_day_until_published(work):
    expect(work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    work.server.control(now="2026-07-14T00:01:00Z")
    work.server.fault("EUR-USD/BID/2026/7/13", "too_late")
    p = work.batch("EUR-USD", start=START, today="2026-07-14")
    expect(p, 0)
    assert "2026-07-13: not published yet" in p.text_err
    assert not os.path.exists(work.cache_file("EUR-USD", TODAY))
    assert os.path.exists(work.temp_file("EUR-USD", TODAY))       # kept as the growing day
    p = work.batch("EUR-USD", start=START, today="2026-07-14")
    expect(p, 0)
    assert os.path.exists(work.cache_file("EUR-USD", TODAY))
    assert not os.path.exists(work.temp_file("EUR-USD", TODAY))


def test_too_late_for_an_older_day_is_fatal_and_caches_nothing_of_it(work):
    work.server.fault("EUR-USD/BID/2026/7/8", "too_late", times=-1)
    p = work.batch("EUR-USD", start=START, today=TODAY, extra=["--concurrency", "1"])
    expect(p, 69)
    assert "From time is too late" in p.text_err and "2026-07-08" in p.text_err
    assert not os.path.exists(work.cache_file("EUR-USD", "2026-07-08"))
    no_tmp_files(work)


def test_unknown_instrument_is_fatal(work):
    p = work.batch("XYZ-ABC", start=START, today=TODAY)
    expect(p, 69)
    assert "ABORT! Critical error in fetch: XYZ-ABC: server answered 400" in p.text_err
    assert "Instrument not found" in p.text_err
    assert not os.path.exists(work.cache)


# --- faults -------------------------------------------------------------------------------------------------

# A timeout the tool must hit: the "slow" answer never comes (the server waits far longer, and stops waiting
# when the client hangs up), while a good answer from 127.0.0.1 comes in milliseconds even on a loaded machine.
# 5 s leaves a good answer a wide margin; it is not a measurement.
TIMEOUT = 5
NEVER = 3600

TRANSIENT = [
    ("status", {"status": 500}, 500),
    ("status", {"status": 503, "retry_after": "1"}, 503),
    ("429", {"retry_after": "1"}, 429),
    ("202", {}, 202),
    ("reset", {}, "reset"),
    ("truncate", {}, "truncated"),
    ("malformed", {}, 200),
    ("slow", {"delay": NEVER}, "client-gone"),
]


@pytest.mark.parametrize("kind,extra,logged", TRANSIENT, ids=[k + str(e.get("status", "")) for k, e, _l in TRANSIENT])
def test_a_transient_fault_is_retried_and_the_day_cached_correctly(work, kind, extra, logged):
    work.server.fault("EUR-USD/BID/2026/7/8", kind, times=2, **extra)
    p = work.batch("EUR-USD", start="2026-07-06", today=TODAY,
                   extra=["--timeout", TIMEOUT] if kind == "slow" else [])
    expect(p, 0)
    assert open(work.cache_file("EUR-USD", "2026-07-08"), "rb").read() == work.server.day("EUR-USD", "2026-07-08")
    # The log is read once every connection has ended and is in arrival order, so a given-up slow answer is in
    # it and comes before the retry that replaced it.
    hits = [e["status"] for e in work.server.data_requests() if e["path"].endswith("/2026/7/8")]
    assert hits == [logged, logged, 200, 200], hits        # two faulty answers, the good one, our oracle fetch
    # libcurl itself re-sends a request whose reused keep-alive connection is reset before any answer, as often
    # as the connection was reused (none, one or both of the resets, depending on timing): the resets it took
    # are not the tool's retries. Every other fault is retried by the tool itself, twice.
    retries = re.search(r"\((\d+) retries\)", p.text_err)
    assert retries, p.text_err
    assert int(retries.group(1)) == 2 or (kind == "reset" and int(retries.group(1)) in (0, 1)), p.text_err
    no_tmp_files(work)


PERSISTENT = [
    ("status", {"status": 500}, 75, "500"),
    ("202", {}, 75, "202 with an empty body (bot challenge)"),
    ("reset", {}, 75, "Connection reset"),
    ("truncate", {}, 75, ""),
    ("slow", {"delay": NEVER}, 75, "no complete answer within %d s" % TIMEOUT),
    ("malformed", {}, 65, "malformed JSON"),
    ("429", {"retry_after": "3600"}, 75, "asked to wait 3600 s"),
]


@pytest.mark.parametrize("kind,extra,code,message", PERSISTENT, ids=[k + str(c) for k, _e, c, _m in PERSISTENT])
def test_a_persistent_fault_fails_cleanly_leaving_existing_files_untouched(work, kind, extra, code, message):
    expect(work.batch("EUR-USD", start="2026-07-06", today="2026-07-08"), 0)
    before = work.snapshot()
    work.server.fault("EUR-USD/BID/2026/7/8", kind, times=-1, **extra)
    p = work.batch("EUR-USD", start="2026-07-06", today=TODAY,
                   extra=["--retries", "2", "--timeout", TIMEOUT, "--concurrency", "1"])
    expect(p, code)
    assert message in p.text_err
    assert p.text_err.startswith("ABORT! Critical error in fetch: EUR-USD:") or "\nABORT! Critical error in fetch: EUR-USD:" in p.text_err
    assert not os.path.exists(work.cache_file("EUR-USD", "2026-07-08"))
    after = work.snapshot()
    for path, value in before.items():
        assert after.get(path) == value, "%s changed" % path
    for path in after:
        if path not in before:            # anything new is a complete, correct day
            day = re.search(r"_(\d{8})\.json$", path).group(1)
            iso = "%s-%s-%s" % (day[:4], day[4:6], day[6:])
            assert after[path][0] == work.server.day("EUR-USD", iso)
    no_tmp_files(work)


def test_redirects_are_never_followed(work):
    work.server.fault("EUR-USD/BID/2026/7/8", "status", status=302, times=-1,
                      location=work.server.url + "/v1/candles/minute/EUR-USD/BID/2026/7/9")
    p = work.run("EUR-USD", "2026-07-08", today=TODAY)
    expect(p, 69)
    assert "server answered 302" in p.text_err
    assert [e["path"] for e in work.server.data_requests()] == ["/v1/candles/minute/EUR-USD/BID/2026/7/8"]


# The exact waits (backoff with equal jitter, Retry-After) are JettaClientTests', with an injected clock. Here
# the real tool against a real server shows that it really waits, with bounds that only causality sets: the
# server logs a request's arrival before it answers, and the tool sends the retry at least the wait after that
# answer, so the gap between two arrivals is never shorter than the wait, however loaded the machine. (An
# upper bound would measure the machine, not the tool.)

def test_retry_after_is_honoured(work):
    work.server.fault("EUR-USD/BID/2026/7/8", "429", retry_after="2")
    expect(work.run("EUR-USD", "2026-07-08", today=TODAY), 0)
    hits = [e for e in work.server.data_requests() if e["path"].endswith("/2026/7/8")]
    assert [e["status"] for e in hits] == [429, 200], hits
    assert hits[1]["mono"] - hits[0]["mono"] >= 2


def test_backoff_waits_between_retries(work):
    work.server.fault("EUR-USD/BID/2026/7/8", "status", status=500, times=3)
    expect(work.run("EUR-USD", "2026-07-08", today=TODAY), 0)
    hits = [e for e in work.server.data_requests() if e["path"].endswith("/2026/7/8")]
    assert [e["status"] for e in hits] == [500, 500, 500, 200], hits
    t = [e["mono"] for e in hits]
    gaps = [b - a for a, b in zip(t, t[1:])]
    # equal jitter: retry n waits at least half of 0.5 s × 2^(n-1)
    assert gaps[0] >= 0.25 and gaps[1] >= 0.5 and gaps[2] >= 1.0, gaps


# --- rate cap -----------------------------------------------------------------------------------------------

def test_rate_cap_holds_across_all_workers_and_symbols(work):
    rate = 10.0
    # The server logs time.monotonic(), CLOCK_MONOTONIC, the clock of this process and of the tool's limiter.
    launched = time.monotonic()
    p = work.batch("EUR-USD", "BTC-USD", "GBP-USD", start="2026-06-20", today=TODAY,
                   extra=["--rate", rate, "--concurrency", "8"])
    expect(p, 0)
    t = sorted(e["mono"] for e in work.server.data_requests())
    assert len(t) == 3 * 24
    # The limiter gives out start slots 1/rate apart from its first one, which is after `launched`; a request
    # reaches the server after its slot. Of the first k+1 arrivals at least one had slot k or later, so the
    # (k+1)-th arrival is at least k/rate after the launch. Load can only delay arrivals, never advance them,
    # so this holds on any machine; eight workers each with their own cap would break it by a factor of eight.
    # (Windows between two arrivals are not bounded here: a delayed arrival shortens the gap to the next one.
    # RateLimiterTests checks every window on an injected clock.)
    early = [(k, t[k] - launched) for k in range(len(t)) if t[k] - launched < k / rate - 1e-6]
    assert not early, "arrivals ahead of the cap (k, seconds after launch): %s" % early[:5]


# --- backfill and empty days ---------------------------------------------------------------------------------

def test_recheck_days_replaces_only_changed_days_and_reports_them(work):
    expect(work.batch("EUR-USD", "BTC-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    before = work.snapshot()
    work.server.fault("EUR-USD/BID/2026/7/9", "revise", candles=3)
    work.server.fault("BTC-USD/BID/2026/7/12", "revise", candles=1)
    work.server.fault("EUR-USD/BID/2026/6/30", "revise", candles=5)      # outside the window: not seen
    p = work.batch("EUR-USD", "BTC-USD", start=START, today=TODAY, extra=["--recheck-days", "7", "--rate", "50"])
    expect(p, 0)
    assert sorted(p.text_out.splitlines()) == ["BTC-USD 2026-07-12: 1 changed, 0 added, 0 removed; replaced",
                                              "EUR-USD 2026-07-09: 3 changed, 0 added, 0 removed; replaced"]
    rechecked = [e["path"] for e in work.server.data_requests() if "from=" not in e["path"]]
    assert sum("/2026/7/6" in x or "/2026/7/12" in x for x in rechecked[-14:]) >= 2
    after = work.snapshot()
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {"cache/2026/07/EUR-USD_20260709.json", "cache/2026/07/BTC-USD_20260712.json"}
    assert open(work.cache_file("EUR-USD", "2026-07-09"), "rb").read() == work.server.day("EUR-USD", "2026-07-09")
    assert "2 rechecked days changed" in p.text_err


def test_recheck_keeps_the_cached_day_when_the_server_sends_an_empty_one(work):
    expect(work.batch("BTC-USD", start=START, today=TODAY, extra=["--rate", "50"]), 0)
    before = work.snapshot()
    work.server.fault("BTC-USD/BID/2026/7/9", "empty", times=-1)
    p = work.batch("BTC-USD", start=START, today=TODAY, extra=["--recheck-days", "7", "--rate", "50"])
    expect(p, 0)
    assert "BTC-USD 2026-07-09: the server now sends an empty day" in p.text_err
    assert work.snapshot() == before


def test_an_empty_weekday_is_not_cached_as_final_and_is_rechecked(work):
    work.server.fault("BTC-USD/BID/2026/7/8", "empty", times=-1)      # a Wednesday; BTC trades every day
    p = work.batch("BTC-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    assert "BTC-USD 2026-07-08: empty on a weekday the symbol trades (suspicious); not cached" in p.text_err
    assert not os.path.exists(work.cache_file("BTC-USD", "2026-07-08"))
    assert os.path.exists(work.cache_file("BTC-USD", "2026-07-07"))
    work.server.control(reset=True)
    p = work.batch("BTC-USD", start=START, today=TODAY)
    expect(p, 0)
    assert open(work.cache_file("BTC-USD", "2026-07-08"), "rb").read() == work.server.day("BTC-USD", "2026-07-08")


def test_an_empty_glitch_cured_by_refetch_is_cached_with_its_candles(work):
    work.server.fault("BTC-USD/BID/2026/7/8", "empty", times=1)
    p = work.batch("BTC-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    assert "came back empty at first" in p.text_err
    assert open(work.cache_file("BTC-USD", "2026-07-08"), "rb").read() == work.server.day("BTC-USD", "2026-07-08")


def test_an_old_weekday_that_stays_empty_is_accepted_as_a_holiday(work):
    work.server.fault("EUR-USD/BID/2026/6/17", "empty", times=-1)
    p = work.batch("EUR-USD", start="2026-06-01", today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    assert "EUR-USD 2026-06-17: empty on a weekday the symbol trades, 3 times; cached as a holiday" in p.text_err
    assert json.load(open(work.cache_file("EUR-USD", "2026-06-17")))["times"] == []


def test_weekends_are_cached_as_valid_empty_days(work):
    p = work.batch("EUR-USD", start=START, today=TODAY, extra=["--rate", "50"])
    expect(p, 0)
    for sat in ("2026-07-04", "2026-07-11"):
        assert json.load(open(work.cache_file("EUR-USD", sat)))["times"] == []
    assert "suspicious" not in p.text_err


# --- crash safety and CLI -----------------------------------------------------------------------------------

def test_sigkill_mid_run_leaves_only_complete_days(work):
    # Every answer takes a while, so that answers are being written when the kill comes; one day is held
    # until the kill, so that the kill certainly lands mid-run, after a few days were cached.
    # (The server takes the first fault that matches, so the hold goes first.)
    work.server.fault("EUR-USD/BID/2026/5/8", "hold", times=-1)
    work.server.fault("/BID/", "slow", delay=0.3, times=-1)
    e = testkit.clean_environment(OHLCV_BASE_URL=work.server.url, OHLCV_TODAY=TODAY)
    proc = subprocess.Popen([bin_path("ohlcv-fetch"), "--cache-dir", work.cache, "--temp-dir", work.temp,
                             "--start", "2026-05-01", "--rate", "50", "EUR-USD", "BTC-USD"],
                            env=e, stderr=subprocess.DEVNULL)
    try:
        work.server.wait_held(1, alive=lambda: proc.poll() is None)
        testkit.wait_until(lambda: glob.glob(os.path.join(work.cache, "*", "*", "*.json")), "a cached day",
                           alive=lambda: proc.poll() is None)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    work.server.control(reset=True)
    work.server.release()
    for path in glob.glob(os.path.join(work.cache, "*", "*", "*.json")):
        sym, day = re.search(r"([A-Z-]+)_(\d{8})\.json$", path).groups()
        assert open(path, "rb").read() == work.server.day(sym, "%s-%s-%s" % (day[:4], day[4:6], day[6:]))
    expect(work.batch("EUR-USD", "BTC-USD", start="2026-05-01", today=TODAY, extra=["--rate", "50"]), 0)
    assert len(glob.glob(os.path.join(work.cache, "*", "*", "*.json"))) == 2 * len(days("2026-05-01", "2026-07-12"))
    no_tmp_files(work)


def test_help_lists_every_flag_default_and_exit_status(work):
    p = work.run("--help")
    expect(p, 0)
    for flag in ("--cache-dir", "--temp-dir", "--start", "--today", "--base-url", "--rate", "--concurrency",
                 "--timeout", "--retries", "--recheck-days"):
        assert flag in p.text_out, flag
    for default in ("(default 5)", "(default 4)", "(default 20)", "(default 0;"):
        assert default in p.text_out
    assert "75  temporary failure" in p.text_out and "69  the server refused" in p.text_out


@pytest.mark.parametrize("args", [["EUR-USD"], ["eur-usd", "2026-07-01"], ["EUR-USD", "2026-13-01"],
                                  ["--cache-dir", "c", "--temp-dir", "t", "EUR-USD"],
                                  ["--rate", "0", "EUR-USD", "2026-07-01"], ["EUR-USD", "2026-07-14"]])
def test_bad_command_lines_exit_64(work, args):
    p = work.run(*args, today=TODAY)
    expect(p, 64)
    assert work.server.data_requests() == []


def test_stale_temp_files_of_a_killed_run_are_removed_unread(work):
    os.makedirs(work.temp, exist_ok=True)
    stale = work.temp_file("EUR-USD", TODAY) + ".tmp"
    open(stale, "w").write('{"half a')
    other = work.temp_file("BTC-USD", TODAY) + ".tmp"          # another symbol's: not ours to judge
    open(other, "w").write("x")
    expect(work.batch("EUR-USD", start="2026-07-10", today=TODAY), 0)
    assert not os.path.exists(stale)
    assert os.path.exists(other)


def test_progress_is_drawn_on_a_terminal_and_a_summary_line_otherwise(work):
    import shutil
    if not shutil.which("script"):
        pytest.skip("needs script(1) for a pseudo-terminal")
    e = testkit.clean_environment(OHLCV_BASE_URL=work.server.url, OHLCV_TODAY=TODAY, TERM="xterm")
    cmd = "%s --cache-dir %s --temp-dir %s --start 2026-06-01 --rate 20 EUR-USD" % (
        bin_path("ohlcv-fetch"), work.cache, work.temp)
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], env=e, capture_output=True, timeout=testkit.HANG_LIMIT)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out
    assert re.search(r"fetch: EUR-USD  \d+/43 days  \d+%  [\d.]+ req/s  ETA \d+ s", out), out
    assert "fetch: 1 symbol, 42 days fetched" in out
    p = work.batch("EUR-USD", start="2026-05-25", today=TODAY)          # not a terminal: estimate and summary
    expect(p, 0)
    assert p.text_err.count("\n") == 2 and "ETA" not in p.text_err and "\r" not in p.text_err
