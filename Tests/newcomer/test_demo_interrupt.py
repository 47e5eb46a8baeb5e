"""Ctrl-C during `make demo` ends quietly: one line, the replay server stopped, a non-zero status.

The demo runs from this working tree with the suite's tools (OHLCV_BIN_DIR, default .build/debug; NO_BUILD=1)
in its own process group, as a terminal runs it, and in a temporary DEMO_DIR. The replay server holds every
data request (a "hold" fault through DEMO_SERVER_ARGS), so the cold run is certainly under way, waiting on the
server, when the signal comes: the test reads the demo's output up to the step's heading, then waits for the
server to report a held request, then signals the whole group, as Ctrl-C does.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests"))
import testkit  # noqa: E402

INTERRUPTED = "demo: interrupted; the replay server is stopped"


def bin_dir():
    d = os.environ.get("OHLCV_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
    d = d if os.path.isabs(d) else os.path.join(ROOT, d)
    if not os.path.exists(os.path.join(d, "ohlcv-fetch")):
        pytest.fail("%s/ohlcv-fetch not found: build first or set OHLCV_BIN_DIR" % d)
    return d


def held_requests(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/_status" % port, timeout=testkit.HANG_LIMIT) as r:
        return json.loads(r.read())["held"]


def port_accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=10).close()
        return True
    except ConnectionRefusedError:
        return False


def process_exists(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_cold_run_stops_the_server_and_says_one_line(tmp_path, sig):
    demo_dir = tmp_path / "demo"
    plan = tmp_path / "hold.json"
    plan.write_text(json.dumps([{"match": "/v1/", "kind": "hold", "times": -1}]))
    cmd = ["make", "--no-print-directory", "-C", ROOT, "demo", "NO_BUILD=1", "BIN=" + bin_dir(),
           "DEMO_DIR=%s" % demo_dir, "DEMO_SERVER_ARGS=--fault-plan %s" % plan]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env=testkit.clean_environment())
    try:
        before = []
        for line in proc.stdout:
            before.append(line.rstrip("\n"))
            if line.startswith("== 1. "):
                break
        assert before and before[-1].startswith("== 1. "), "the demo ended before its first run:\n" + "\n".join(before)
        # Written before the heading, so both are there now.
        pid = int((demo_dir / "replay.pid").read_text())
        port = int((demo_dir / "replay.port").read_text())
        testkit.wait_until(lambda: held_requests(port) >= 1, "a data request of the cold run held at the server",
                           alive=lambda: proc.poll() is None)
        os.killpg(proc.pid, sig)
        after = proc.stdout.read().splitlines()
        status = proc.wait(timeout=testkit.HANG_LIMIT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    output = "\n".join(before + after)
    assert "Traceback" not in output, output
    # make dies of the signal after its recipe has ended (a shell shows 128 + the signal's number).
    assert status in (-sig, 128 + sig), "status %s\n%s" % (status, output)
    assert after == [INTERRUPTED], output
    assert not process_exists(pid), "the replay server (pid %d) is still running" % pid
    assert not port_accepts(port), "port %d still accepts connections" % port
    assert not (demo_dir / "replay.pid").exists()
