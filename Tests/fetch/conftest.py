"""Integration tests of the ohlcv-fetch binary against tools/replay_server.py on 127.0.0.1.

The binary comes from $OHLCV_BIN_DIR (default .build/debug). Tests that need the real payloads in
../shared/fixtures skip with a message when that folder is absent.
"""
import datetime as dt
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
# The shared real payloads: $OHLCV_FIXTURES if set (a missing folder there makes those tests skip), else
# ../shared/fixtures next to the repository.
SHARED = os.environ.get("OHLCV_FIXTURES") or os.path.normpath(os.path.join(ROOT, "..", "shared", "fixtures"))
sys.path.insert(0, TOOLS)
sys.path.insert(0, os.path.join(ROOT, "Tests"))
import gen_days  # noqa: E402
import testkit  # noqa: E402


def bin_path(name):
    d = os.environ.get("OHLCV_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
    p = os.path.join(d if os.path.isabs(d) else os.path.join(ROOT, d), name)
    if not os.path.exists(p):
        pytest.fail("%s not found: build first or set OHLCV_BIN_DIR" % p)
    return p


def need_shared():
    if not os.path.isdir(os.path.join(SHARED, "jetta")):
        pytest.skip("needs the real payloads in ../shared/fixtures (absent here)")
    return SHARED


class Replay(testkit.ReplayServer):
    """A running replay server and helpers to steer it (testkit.ReplayServer with this suite's options:
    frozen clock `now`, the shared fixtures when present, a request log in `tmp`)."""

    def __init__(self, tmp, now, fixtures=True, extra=()):
        self.port_file = os.path.join(tmp, "replay.port")
        self.log_file = os.path.join(tmp, "replay.log")
        options = ["--port-file", self.port_file, "--now", now, "--freeze", "--log", self.log_file,
                   "--max-seconds", str(testkit.HANG_LIMIT)]
        if fixtures and os.path.isdir(SHARED):
            options += ["--fixtures", SHARED]
        super().__init__(options + list(extra))

    def control(self, **body):
        return self.post_control(body)

    def day(self, sym, day):
        """The server's finished day of `sym`, a series name: `EUR-USD` (BID) or `EUR-USD@ASK`."""
        code, side = split_series(sym)
        d = dt.date.fromisoformat(day)
        return self.get("/v1/candles/minute/%s/%s/%d/%d/%d" % (code, side, d.year, d.month, d.day))

    def open_day(self, sym, day):
        code, side = split_series(sym)
        d = dt.date.fromisoformat(day)
        return self.get("/v1/candles/minute/%s/%s?from=%d" % (code, side, (d - dt.date(1970, 1, 1)).days * 86400000))


def split_series(name):
    """`EUR-USD` -> ("EUR-USD", "BID"); `EUR-USD@ASK` -> ("EUR-USD", "ASK")."""
    code, _, side = name.partition("@")
    return code, side or "BID"


def series_name(sym, side):
    """The file name of a series, as ohlcv-fetch writes it: the symbol for BID, `SYM@ASK` for ASK."""
    return sym if side == "BID" else "%s@%s" % (sym, side)


class Work:
    """A test's directory: cache/, data/temp/, and a way to run ohlcv-fetch in it."""

    def __init__(self, tmp, server):
        self.dir = str(tmp)
        self.cache = os.path.join(self.dir, "cache")
        self.temp = os.path.join(self.dir, "data", "temp")
        self.server = server

    def run(self, *args, today=None, env=None, timeout=testkit.HANG_LIMIT):
        e = testkit.clean_environment()
        e["OHLCV_BASE_URL"] = self.server.url
        for k in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            e.pop(k, None)
        if today:
            e["OHLCV_TODAY"] = today
        e.update(env or {})
        cmd = [bin_path("ohlcv-fetch")] + [str(a) for a in args]
        p = subprocess.run(cmd, cwd=self.dir, env=e, capture_output=True, timeout=timeout)
        p.text_out = p.stdout.decode(errors="replace")
        p.text_err = p.stderr.decode(errors="replace")
        return p

    def batch(self, *symbols, start, today, extra=()):
        return self.run("--cache-dir", self.cache, "--temp-dir", self.temp, "--start", start, *extra, *symbols,
                        today=today)

    def cache_file(self, sym, day):
        d = dt.date.fromisoformat(day)
        return gen_days.cache_path(self.cache, sym, d)

    def temp_file(self, sym, day, ext="json"):
        return os.path.join(self.temp, "%s_%s.%s" % (sym, day.replace("-", ""), ext))

    def age(self):
        """Sets the mtime of every file under cache/ and data/temp/ to 2001-09-09, so that a file the next run
        rewrites has a different mtime however fast the run (no sleep needed to see a rewrite)."""
        for base in (self.cache, self.temp):
            for root, _d, files in os.walk(base):
                for f in files:
                    os.utime(os.path.join(root, f), (1_000_000_000, 1_000_000_000))

    def snapshot(self):
        """path -> (bytes, mtime_ns) of every file under the work dir's cache and data."""
        out = {}
        for base in (self.cache, self.temp):
            for root, _d, files in os.walk(base):
                for f in files:
                    p = os.path.join(root, f)
                    out[os.path.relpath(p, self.dir)] = (open(p, "rb").read(), os.stat(p).st_mtime_ns)
        return out


def expect(p, code):
    assert p.returncode == code, "exit %d, expected %d\nstdout: %s\nstderr: %s" % (
        p.returncode, code, p.text_out[-2000:], p.text_err[-3000:])


@pytest.fixture
def server_factory(tmp_path):
    started = []

    def make(now="2026-07-13T10:00:00Z", **kw):
        s = Replay(str(tmp_path), now, **kw)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()


@pytest.fixture
def work(tmp_path, server_factory):
    return Work(tmp_path, server_factory())


def days(start, end):
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]
