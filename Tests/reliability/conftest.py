"""Concurrency and environment tests (issue #6): the real tools and Makefile, a replay server on 127.0.0.1.

The tools come from $OHLCV_BIN_DIR (default .build/debug). One built state (EUR-USD and BTC-USD, 2026-07-08 ..
2026-07-15 09:00 UTC) is made once per session and copied (mtimes kept) for each test.
"""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests"))
import testkit  # noqa: E402
SYMBOLS = "EUR-USD BTC-USD"
START = "2026-07-08"
DAY = "2026-07-15"
NEXT = "2026-07-16"


def bin_dir():
    d = os.environ.get("OHLCV_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
    d = d if os.path.isabs(d) else os.path.join(ROOT, d)
    if not os.path.exists(os.path.join(d, "ohlcv-fetch")):
        pytest.fail("%s/ohlcv-fetch not found: build first or set OHLCV_BIN_DIR" % d)
    return d


class Server(testkit.ReplayServer):
    """The replay server of the whole session: generated EUR-USD and BTC-USD, clock frozen at DAY 09:00."""

    def __init__(self, tmp):
        self.port_file = os.path.join(tmp, "replay.port")
        super().__init__(["--port-file", self.port_file, "--now", DAY + "T09:00:00Z", "--freeze",
                          "--gen-symbols", "EUR-USD,BTC-USD", "--max-seconds", str(2 * testkit.HANG_LIMIT)])

    def at(self, now):
        """Clears faults and releases held requests, then sets the frozen clock to `now`."""
        self.control({"reset": True})
        self.release()
        self.control({"now": now, "freeze": True})


class Env:
    """A data/cache directory pair and make run in it."""

    def __init__(self, path, server):
        self.path, self.server = path, server
        self.cache, self.data = os.path.join(path, "cache"), os.path.join(path, "data")

    def cmd(self, goal, **vars):
        v = {"BIN": bin_dir(), "NO_BUILD": "1", "CACHE_DIR": self.cache, "DATA_DIR": self.data, "SYMBOLS": SYMBOLS,
             "START_DATE": START, "BASE_URL": self.server.url, "RATE": "1000", "LOCK_WAIT": "2"}
        v.update({k: str(x) for k, x in vars.items()})
        return ["make", "--no-print-directory", "-f", os.path.join(ROOT, "Makefile"), "-C", ROOT] + \
            ["%s=%s" % kv for kv in sorted(v.items())] + [goal]

    @staticmethod
    def env(today):
        return testkit.clean_environment(OHLCV_TODAY=today)

    def make(self, goal="all", today=DAY, timeout=testkit.HANG_LIMIT, **vars):
        return subprocess.run(self.cmd(goal, **vars), env=self.env(today), capture_output=True, text=True, timeout=timeout)

    def start(self, goal="all", today=DAY, **vars):
        return subprocess.Popen(self.cmd(goal, **vars), env=self.env(today), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)

    def outputs(self, parquet=False):
        """Relative path → bytes of every data file a reader uses (no indexes, stamps, locks)."""
        out = {}
        for root, _, names in os.walk(self.data):
            for n in names:
                rel = os.path.relpath(os.path.join(root, n), self.data)
                parts = rel.split("/")
                if parts[0] in ("stamp", "locks") or "index" in parts or n.startswith("_ohlcv"):
                    continue
                if n.endswith(".parquet") and not parquet:
                    continue
                out[rel] = open(os.path.join(root, n), "rb").read()
        return out

    def temps(self):
        return [os.path.join(r, n) for d in (self.cache, self.data) for r, _, ns in os.walk(d) for n in ns if n.endswith(".tmp")]


def clean_build(env, tmp, goal="pipeline"):
    """The outputs of a fresh build from env's cache (and growing-day payloads)."""
    c = Env(os.path.join(tmp, "clean"), env.server)
    shutil.rmtree(c.path, ignore_errors=True)
    shutil.copytree(env.cache, c.cache)
    os.makedirs(os.path.join(c.data, "temp"))
    for n in os.listdir(os.path.join(env.data, "temp")):
        if n.endswith(".json"):
            shutil.copy2(os.path.join(env.data, "temp", n), os.path.join(c.data, "temp", n))
    r = c.make(goal)
    assert r.returncode == 0, r.stderr
    return c.outputs()


def assert_same(got, expected, what):
    assert sorted(got) == sorted(expected), "%s: different files: only here %s, only there %s" % (
        what, sorted(set(got) - set(expected))[:5], sorted(set(expected) - set(got))[:5])
    diff = [k for k in expected if got[k] != expected[k]]
    assert not diff, "%s: files differ: %s" % (what, diff[:5])


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    s = Server(str(tmp_path_factory.mktemp("replay")))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def pristine(server, tmp_path_factory):
    e = Env(str(tmp_path_factory.mktemp("pristine")), server)
    server.at(DAY + "T09:00:00Z")
    r = e.make("all")
    assert r.returncode == 0, r.stderr
    return e


@pytest.fixture
def built(pristine, server, tmp_path):
    """A copy of the built state (mtimes kept), the server back at its clock."""
    server.at(DAY + "T09:00:00Z")
    path = os.path.join(str(tmp_path), "w")
    shutil.copytree(pristine.path, path, symlinks=True)
    return Env(path, server)
