"""Helpers shared by the Python suites (Tests/fetch, Tests/reliability, Tests/parquet).

A test never sleeps to let something happen and never asserts on how long something took: it waits for the
condition it needs (wait_until), takes the run lock itself (holding_lock) instead of starting a process and
hoping it has taken it, and reads the replay server's log only once the server says every connection has
ended (ReplayServer.log). The only clock left is HANG_LIMIT, which turns a hang into a failure; it is far
above anything a loaded 2-core machine needs, so it never decides a passing test.

Import with:  sys.path.insert(0, <repository>/Tests); import testkit
"""
import contextlib
import fcntl
import json
import os
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "tools")
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)
import replay_server  # noqa: E402

# Seconds after which a wait, a child process or a request to the replay server is declared hung.
HANG_LIMIT = 600


def wait_until(condition, what, alive=None, poll=0.02):
    """Calls `condition()` until it returns something truthy, and returns that. Fails (AssertionError naming
    `what`) when `alive()` returns False first (the process that should bring the condition about has ended),
    or after HANG_LIMIT seconds."""
    deadline = time.monotonic() + HANG_LIMIT
    while True:
        value = condition()
        if value:
            return value
        if alive is not None and not alive():
            # One last look: the condition may have come true just before the process ended.
            value = condition()
            if value:
                return value
            raise AssertionError("gave up waiting for %s: the process ended first" % what)
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting for %s after %d s (hung?)" % (what, HANG_LIMIT))
        time.sleep(poll)


def lock_is_held(path):
    """True if some other open file description holds an flock on `path` (as `flock -n` would fail)."""
    if not os.path.exists(path):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)           # closing drops the probe's own lock, if it got one
    return False


@contextlib.contextmanager
def holding_lock(path):
    """Holds an exclusive flock on `path` (created if missing) for the body: when the body starts the lock is
    held, so the body need not wait for anything. flock locks belong to the open file, so a make started by the
    body conflicts with this one although it is the same user and the lock is taken in this process."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def clean_environment(**extra):
    """os.environ without OHLCV_* (a developer's settings must not leak into a test) and without make's
    MAKEFLAGS/MAKELEVEL/MFLAGS (`make test` runs the suites under make), plus `extra`."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith("OHLCV_") and k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    e.update({k: str(v) for k, v in extra.items()})
    return e


class ReplayServer:
    """tools/replay_server.py in a child process on 127.0.0.1 (a free port), ready when the constructor
    returns. `options` are its command-line options (--now, --freeze, --fixtures, --gen-symbols, --log ...)."""

    def __init__(self, options, stderr=subprocess.DEVNULL):
        self.proc, self.port = replay_server.start(list(options), stderr=stderr)
        self.url = "http://127.0.0.1:%d" % self.port

    def _open(self, req):
        with urllib.request.urlopen(req, timeout=HANG_LIMIT) as r:
            return r.read()

    def post_control(self, body):
        """POST /_control with the dict `body`; returns the server's JSON answer."""
        req = urllib.request.Request(self.url + "/_control", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        return json.loads(self._open(req))

    # Suites may redefine control() with their own signature; the helpers here call post_control().
    control = post_control

    def fault(self, match, kind, **extra):
        self.post_control({"faults": [dict(match=match, kind=kind, **extra)]})

    def release(self):
        """Lets every request held by a "hold" fault go on."""
        self.post_control({"release": True})

    def status(self):
        """{"open": connections being served, "held": requests held, "logged": log entries}."""
        return json.loads(self._open(self.url + "/_status"))

    def wait_held(self, n=1, alive=None):
        """Waits until at least `n` requests are held by "hold" faults."""
        wait_until(lambda: self.status()["held"] >= n, "%d held request(s) at the replay server" % n, alive=alive)

    def get(self, path):
        """A request as the real site's pages make it (with the Referer the server checks); returns the body."""
        return self._open(urllib.request.Request(self.url + path, headers={"Referer": "https://www.dukascopy.com/"}))

    def log(self):
        """Every logged request, in the order the requests arrived. Waits first until no other connection is
        open (held ones aside), so that the answers a finished client was given, or gave up on, are all in."""
        text = self._open(self.url + "/_log?settled=1").decode()
        entries = [json.loads(line) for line in text.splitlines()]
        return sorted(entries, key=lambda e: e["mono"])

    def data_requests(self):
        return [e for e in self.log() if e["path"].startswith("/v1/")]

    def stop(self):
        replay_server.stop(self.proc)
