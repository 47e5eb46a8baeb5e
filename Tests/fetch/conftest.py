"""Integration tests of the ohlcv-fetch binary against tools/replay_server.py on 127.0.0.1.

The binary comes from $OHLCV_BIN_DIR (default .build/debug). Tests that need the real payloads in
../shared/fixtures skip with a message when that folder is absent.
"""
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
# The shared real payloads: $OHLCV_FIXTURES if set (a missing folder there makes those tests skip), else
# ../shared/fixtures next to the repository.
SHARED = os.environ.get("OHLCV_FIXTURES") or os.path.normpath(os.path.join(ROOT, "..", "shared", "fixtures"))
sys.path.insert(0, TOOLS)
import gen_days  # noqa: E402


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


class Replay:
    """A running replay server and helpers to steer it."""

    def __init__(self, tmp, now, fixtures=True, extra=()):
        self.port_file = os.path.join(tmp, "replay.port")
        self.log_file = os.path.join(tmp, "replay.log")
        args = [sys.executable, os.path.join(TOOLS, "replay_server.py"), "--port", "0",
                "--port-file", self.port_file, "--now", now, "--freeze", "--log", self.log_file,
                "--max-seconds", "600"]
        if fixtures and os.path.isdir(SHARED):
            args += ["--fixtures", SHARED]
        args += list(extra)
        self.proc = subprocess.Popen(args, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not os.path.exists(self.port_file):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("replay server did not start")
            time.sleep(0.02)
        self.port = int(open(self.port_file).read())
        self.url = "http://127.0.0.1:%d" % self.port

    def control(self, **body):
        req = urllib.request.Request(self.url + "/_control", data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.load(r)

    def fault(self, match, kind, **extra):
        self.control(faults=[dict(match=match, kind=kind, **extra)])

    def get(self, path):
        req = urllib.request.Request(self.url + path, headers={"Referer": "https://www.dukascopy.com/"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read()

    def day(self, sym, day):
        d = dt.date.fromisoformat(day)
        return self.get("/v1/candles/minute/%s/BID/%d/%d/%d" % (sym, d.year, d.month, d.day))

    def open_day(self, sym, day):
        d = dt.date.fromisoformat(day)
        return self.get("/v1/candles/minute/%s/BID?from=%d" % (sym, (d - dt.date(1970, 1, 1)).days * 86400000))

    def log(self):
        with urllib.request.urlopen(self.url + "/_log", timeout=5) as r:
            return [json.loads(line) for line in r.read().decode().splitlines()]

    def data_requests(self):
        return [e for e in self.log() if e["path"].startswith("/v1/")]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Work:
    """A test's directory: cache/, data/temp/, and a way to run ohlcv-fetch in it."""

    def __init__(self, tmp, server):
        self.dir = str(tmp)
        self.cache = os.path.join(self.dir, "cache")
        self.temp = os.path.join(self.dir, "data", "temp")
        self.server = server

    def run(self, *args, today=None, env=None, timeout=120):
        e = {k: v for k, v in os.environ.items() if not k.startswith("OHLCV_")}
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
