"""What ohlcv-fetch tells its user: the estimate before the first request, the failure summary that names the
failed days, and a progress line that a ^C (SIGINT) or SIGTERM ends with a newline (issue #10)."""
import datetime as dt
import glob
import math
import os
import pty
import re
import select
import signal
import subprocess

import pytest

from conftest import bin_path, days, expect, testkit

TODAY = "2026-07-13"          # a Monday; the replay server's frozen clock is 10:00 UTC that day


def human_duration(seconds):
    """The estimate's duration, as documented in docs/fetch.md: `45 s`, `4 min 50 s`, `1 h 17 min`."""
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        m, s = divmod(seconds, 60)
        return "%d min" % m if s == 0 else "%d min %d s" % (m, s)
    minutes = (seconds + 30) // 60
    h, m = divmod(minutes, 60)
    return "%d h" % h if m == 0 else "%d h %d min" % (h, m)


def start_batch(work, *symbols, start, today=TODAY, extra=()):
    """ohlcv-fetch in batch mode as a child process, stdout and stderr to files in the work dir."""
    e = testkit.clean_environment(OHLCV_BASE_URL=work.server.url, OHLCV_TODAY=today)
    err = open(os.path.join(work.dir, "fetch.stderr"), "wb")
    cmd = [bin_path("ohlcv-fetch"), "--cache-dir", work.cache, "--temp-dir", work.temp, "--start", start]
    proc = subprocess.Popen(cmd + [str(a) for a in extra] + list(symbols), cwd=work.dir, env=e,
                            stdout=subprocess.DEVNULL, stderr=err)
    err.close()
    return proc


def stderr_of(work):
    return open(os.path.join(work.dir, "fetch.stderr"), "rb").read().decode(errors="replace")


def estimate_while_held(work, *symbols, start, extra=()):
    """Holds every request at the server, starts a batch run, and returns its stderr once the first request
    has arrived: whatever it says was said before any request was answered. The run is then stopped."""
    work.server.fault("/v1/", "hold", times=-1)
    proc = start_batch(work, *symbols, start=start, extra=extra)
    try:
        work.server.wait_held(1, alive=lambda: proc.poll() is None)
        return stderr_of(work)
    finally:
        proc.terminate()
        proc.wait()
        work.server.control(reset=True)
        work.server.release()


def test_the_estimate_is_printed_before_the_first_request(work):
    err = estimate_while_held(work, "EUR-USD", "BTC-USD", start="2020-01-01")
    requests = 2 * len(days("2020-01-01", TODAY))             # every finished day and today, per symbol
    assert requests == 2 * 2386
    expected = "fetch: 2 symbols, {0:,} days to fetch: {0:,} requests, about {1} at 5 requests/s".format(
        requests, human_duration(math.ceil(requests / 5)))
    assert err.splitlines() == [expected], err


def test_the_estimate_counts_neither_cached_days_nor_anything_when_the_run_is_short(work):
    expect(work.batch("EUR-USD", start="2026-06-29", today=TODAY, extra=["--rate", "50"]), 0)
    for day in ("2026-07-01", "2026-07-02", "2026-07-08"):
        os.remove(work.cache_file("EUR-USD", day))
    err = estimate_while_held(work, "EUR-USD", start="2026-06-29", extra=["--rate", "0.25"])
    assert err.splitlines() == ["fetch: 1 symbol, 4 days to fetch: 4 requests, about 16 s at 0.25 requests/s"], err
    # An hourly run: the growing day alone, far under 10 s at the default cap.
    p = work.batch("EUR-USD", start="2026-06-29", today=TODAY)
    expect(p, 0)
    assert p.text_err.splitlines()[0] == "fetch: 1 symbol, 4 requests", p.text_err
    p = work.batch("EUR-USD", start="2026-06-29", today=TODAY)
    expect(p, 0)
    assert p.text_err.splitlines()[0] == "fetch: 1 symbol, 1 request", p.text_err


def test_a_failure_names_the_day_and_what_the_server_did_then_the_abort_line(work):
    work.server.fault("EUR-USD/BID/2026/7/8", "status", status=503, times=-1)
    p = work.batch("EUR-USD", start="2026-07-06", today=TODAY, extra=["--retries", "1", "--concurrency", "1"])
    expect(p, 75)
    lines = p.text_err.splitlines()
    # One worker takes the days in order: 7/6 and 7/7 are cached, 7/8 fails, 7/9 to 7/12 and today are not asked.
    assert re.fullmatch(r"fetch: 1 symbol, 2 days fetched, .*, 1 failed, 5 not attempted, .*", lines[-3]), lines
    assert lines[-2] == "fetch: failed: EUR-USD 2026-07-08 (gave up after 2 attempts: 503 ×2)", lines
    assert lines[-1].startswith("ABORT! Critical error in fetch: EUR-USD: gave up on "), lines
    assert sorted(os.listdir(os.path.join(work.cache, "2026", "07"))) == ["EUR-USD_20260706.json", "EUR-USD_20260707.json"]


def test_every_failed_day_of_every_symbol_is_named(work):
    # Two instruments the server does not know. Each worker's first request is held, so that all four planned
    # requests (yesterday and today of each) are in flight before any answer comes: then each fails, and the
    # run stops with four failures, not one.
    work.server.fault("/v1/", "hold", times=4)
    proc = start_batch(work, "XYZ-ABC", "ABC-XYZ", start="2026-07-12", extra=["--concurrency", "4"])
    try:
        work.server.wait_held(4, alive=lambda: proc.poll() is None)
        work.server.release()
        assert proc.wait(timeout=testkit.HANG_LIMIT) == 69
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = stderr_of(work).splitlines()
    reason = "HTTP 400 (unknown instrument or bad date?)"
    assert lines[-2] == "fetch: failed: " + ", ".join("%s %s (%s)" % (s, d, reason) for s, d in [
        ("ABC-XYZ", "2026-07-12"), ("ABC-XYZ", TODAY), ("XYZ-ABC", "2026-07-12"), ("XYZ-ABC", TODAY)]), lines
    assert ", 4 failed, " in lines[-3] and "not attempted" not in lines[-3], lines
    assert lines[-1].startswith("ABORT! Critical error in fetch: ") and "server answered 400" in lines[-1], lines


def read_pty(fd, until=None):
    """Reads the pseudo-terminal until `until` (bytes) has appeared, or until the child has closed it."""
    out = b""
    while until is None or until not in out:
        ready, _, _ = select.select([fd], [], [], testkit.HANG_LIMIT)
        assert ready, "no output for %d s: %r" % (testkit.HANG_LIMIT, out[-500:])
        try:
            chunk = os.read(fd, 4096)
        except OSError:                  # EIO: every copy of the other side is closed, the child has ended
            chunk = b""
        if not chunk:
            assert until is None, "the output ended before %r: %r" % (until, out[-500:])
            return out
        out += chunk
    return out


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_progress_line_ends_the_line_and_exits_128_plus_the_signal(work, sig):
    # One worker; 7/10 is held, so the run is certainly still going, with progress drawn, when the signal comes.
    work.server.fault("EUR-USD/BID/2026/7/10", "hold", times=-1)
    e = testkit.clean_environment(OHLCV_BASE_URL=work.server.url, OHLCV_TODAY=TODAY, TERM="xterm")
    master, slave = pty.openpty()
    proc = subprocess.Popen([bin_path("ohlcv-fetch"), "--cache-dir", work.cache, "--temp-dir", work.temp,
                             "--start", "2026-07-01", "--concurrency", "1", "--rate", "50", "EUR-USD"],
                            cwd=work.dir, env=e, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    try:
        out = read_pty(master, until=b"ETA")
        work.server.wait_held(1, alive=lambda: proc.poll() is None)
        proc.send_signal(sig)
        out += read_pty(master)
        status = proc.wait(timeout=testkit.HANG_LIMIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        work.server.release()
    assert status == 128 + sig, (status, out[-500:])
    assert re.search(rb"fetch: EUR-USD  \d+/13 days  \d+%  [\d.]+ req/s  ETA \d+ s[^\n]*\r?\n$", out), out[-500:]
    # What was cached is whole: the signal stops the run between renames, never inside a file.
    cached = glob.glob(os.path.join(work.cache, "*", "*", "*.json"))
    assert cached
    for path in cached:
        day = re.search(r"_(\d{8})\.json$", path).group(1)
        assert open(path, "rb").read() == work.server.day("EUR-USD", dt.datetime.strptime(day, "%Y%m%d").date().isoformat())
