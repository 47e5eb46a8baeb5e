"""A newcomer's first two commands: the first two lines of README.md's first ```sh block, run as written in a
fresh clone of this repository's HEAD (committed files only), never reaching the internet.

Line 1 installs packages and runs `make demo`. `sudo` and `apt-get` are replaced by shims, first on PATH, that
record their arguments; the apt-get shim succeeds only when every package it is asked to install is already
installed here (`dpkg -s`), so a package name this machine lacks, or shell syntax that breaks, fails the test.
`make demo` then runs for real against its replay server on 127.0.0.1. The line runs twice in the same clone:
under bash with sudo on PATH (as a user with sudo), then, when the tests run as root, under sh with no sudo
anywhere on PATH (the README says root needs none). Line 2 must be exactly `make test` (not run here: this
suite is part of it).

The tools: a newcomer's clone builds them (swift build -c release, 1 to 4 minutes on 2 cores). When
NEWCOMER_TOOLS names a directory of built tools (make test gives its debug tools) and this working tree's Swift
sources are exactly HEAD's (so those tools were built from what the clone holds), the line runs with BIN and
NO_BUILD=1 in its environment instead; the README's text is run unchanged either way. Otherwise the clone
builds its own, and the demo must say so first.
"""
import decimal
import filecmp
import os
import re
import shutil
import stat
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests"))
import testkit  # noqa: E402

CANDLE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(-?[0-9.e-]+),(-?[0-9.e-]+),(-?[0-9.e-]+),(-?[0-9.e-]+),([0-9.e-]+)$")
HEADER = "time,open,high,low,close,volume"
BUILD_LINE = "demo: building the tools (swift build -c release"

APT_GET_SHIM = r"""#!/bin/sh
# apt-get as the README calls it, recorded, never reaching the network: install succeeds only for packages
# this machine already has.
echo "apt-get $*" >> "$NEWCOMER_RECORD"
command=""
missing=""
for word in "$@"; do
    case $word in
        -*) ;;
        *) if [ -z "$command" ]; then command=$word
           elif [ "$command" = install ] && ! dpkg -s "$word" >/dev/null 2>&1; then missing="$missing $word"; fi ;;
    esac
done
case $command in
    update) exit 0 ;;
    install)
        if [ -n "$missing" ]; then echo "apt-get shim: not installed on this machine:$missing" >&2; exit 100; fi
        exit 0 ;;
    *) echo "apt-get shim: unexpected command '$command'" >&2; exit 100 ;;
esac
"""

SUDO_SHIM = r"""#!/bin/sh
echo "sudo $*" >> "$NEWCOMER_RECORD"
exec "$@"
"""


def readme_commands(root):
    """The lines of the first ```sh block of root/README.md."""
    text = open(os.path.join(root, "README.md")).read()
    m = re.search(r"^```sh\n(.*?)^```", text, re.S | re.M)
    assert m, "README.md has no ```sh block"
    return m.group(1).splitlines()


def write_shim(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def prebuilt_tools():
    """NEWCOMER_TOOLS when those tools were built from exactly the Swift sources of HEAD, else None."""
    tools = os.environ.get("NEWCOMER_TOOLS")
    if not tools:
        return None
    tools = os.path.abspath(os.path.join(ROOT, tools))
    if not os.path.exists(os.path.join(tools, "ohlcv-fetch")):
        pytest.fail("NEWCOMER_TOOLS=%s has no ohlcv-fetch" % tools)
    changed = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift"],
                             capture_output=True, text=True, check=True).stdout
    return None if changed.strip() else tools


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A fresh clone of HEAD, as a newcomer gets it."""
    where = tmp_path_factory.mktemp("newcomer") / "ohlcv"
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", ROOT, str(where)], check=True)
    subprocess.run(["git", "-C", str(where), "checkout", "--quiet", "--detach", head], check=True)
    return where


def run_line(clone, tmp_path, shell, with_sudo):
    """Runs README line 1 with `shell` in `clone`; returns (status, output, recorded shim calls)."""
    shims = tmp_path / "shims"
    shims.mkdir()
    write_shim(str(shims), "apt-get", APT_GET_SHIM)
    if with_sudo:
        write_shim(str(shims), "sudo", SUDO_SHIM)
    record = tmp_path / "record"
    record.write_text("")
    env = testkit.clean_environment(PATH="%s:%s" % (shims, os.environ["PATH"]), NEWCOMER_RECORD=record)
    for name in ("BIN", "NO_BUILD", "CONFIGURATION", "DEMO_DIR"):
        env.pop(name, None)
    tools = prebuilt_tools()
    if tools:
        env.update(BIN=tools, NO_BUILD="1")
    p = subprocess.run([shell, "-c", readme_commands(clone)[0]], cwd=str(clone), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=2 * testkit.HANG_LIMIT)
    return p.returncode, p.stdout, record.read_text().splitlines(), tools


def shown_candles(output, label):
    """The header and rows the demo printed under "<label>, the last 3 of N candles"."""
    lines = output.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(label + ", the last 3 of ")]
    assert starts, "the demo shows no %s candles:\n%s" % (label, output)
    return [line.strip() for line in lines[starts[0] + 1: starts[0] + 5]]


def check_demo(clone, status, output, built_here):
    assert status == 0, output
    assert "Traceback" not in output and "ABORT!" not in output, output
    if built_here:
        # The first thing a newcomer sees during the long, silent part.
        first = output.splitlines()[0] if output else ""
        assert first.startswith(BUILD_LINE), output
        assert os.path.exists(os.path.join(clone, ".build", "release", "ohlcv-fetch"))
    # Real rows, shown after the cold run: the header, then three candles in time order, low <= open,close <= high.
    for label in ("EUR-USD 1h", "EUR-USD 1d"):
        shown = shown_candles(output, label)
        assert shown[0] == HEADER, output
        rows = [CANDLE.match(line) for line in shown[1:]]
        assert all(rows), "not candles: %s" % shown
        assert [r.group(1) for r in rows] == sorted(r.group(1) for r in rows)
        for r in rows:
            o, h, l, c = (decimal.Decimal(r.group(i)) for i in range(2, 6))
            assert l <= min(o, c) and max(o, c) <= h, r.group(0)
    # Both sides of EUR-USD, joined: three rows whose spreads are exactly ask - bid, the ask above the bid.
    lines = output.splitlines()
    at = [i for i, line in enumerate(lines) if line.strip().startswith("EUR-USD 1h, bid and ask joined, the last 3 finished hours")]
    assert at, "the demo shows no joined bid/ask rows:\n" + output
    header = lines[at[0] + 1].strip().split(",")
    assert header[:3] == ["symbol", "timeframe", "time"] and header[-2:] == ["spread_open", "spread_close"], header
    for line in lines[at[0] + 2: at[0] + 5]:
        row = dict(zip(header, line.strip().split(",")))
        assert len(row) == len(header) and row["symbol"] == "EUR-USD" and row["timeframe"] == "1h", line
        d = {k: decimal.Decimal(v) for k, v in row.items() if k not in ("symbol", "timeframe", "time")}
        assert d["spread_open"] == d["ask_open"] - d["bid_open"] and d["spread_close"] == d["ask_close"] - d["bid_close"], line
        assert all(d["ask_" + f] > d["bid_" + f] for f in ("open", "high", "low", "close")), line
    # The rebuild equals the clean build: the demo says so, and the files say so.
    assert re.search(r"identical: all [1-9]\d* CSV files", output), output
    demo = os.path.join(clone, "demo")
    incremental = [os.path.relpath(os.path.join(d, f), os.path.join(demo, "incremental"))
                   for d, _, files in os.walk(os.path.join(demo, "incremental")) for f in files if f.endswith(".csv")]
    assert incremental
    match, mismatch, errors = filecmp.cmpfiles(os.path.join(demo, "incremental"), os.path.join(demo, "data"),
                                               incremental, shallow=False)
    assert (mismatch, errors) == ([], []), (mismatch, errors)
    for command in ("make all", "make csv", "make parquet"):
        assert re.search(r"^\s+%s\s" % command, output, re.M), "the demo does not end with %s:\n%s" % (command, output)


def test_the_first_two_readme_lines_are_the_install_and_demo_line_then_make_test(clone):
    lines = readme_commands(clone)
    assert len(lines) >= 2
    assert "make demo" in lines[0] and "apt-get" in lines[0]
    assert lines[1].split("#", 1)[0].strip() == "make test"


def test_the_apt_get_shim_accepts_installed_packages_and_refuses_others(tmp_path):
    write_shim(str(tmp_path), "apt-get", APT_GET_SHIM)
    env = dict(os.environ, NEWCOMER_RECORD=str(tmp_path / "record"))
    ok = subprocess.run([str(tmp_path / "apt-get"), "install", "-y", "make"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([str(tmp_path / "apt-get"), "install", "-y", "make", "ohlcv-no-such-package"], env=env,
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "ohlcv-no-such-package" in bad.stderr


def test_line_one_as_a_user_with_sudo_installs_builds_and_runs_the_demo(clone, tmp_path):
    status, output, calls, tools = run_line(clone, tmp_path, "bash", with_sudo=True)
    check_demo(str(clone), status, output, built_here=tools is None)
    # sudo ran apt-get update, then apt-get install -y with packages.
    sudo = [c for c in calls if c.startswith("sudo ")]
    apt = [c for c in calls if c.startswith("apt-get ")]
    assert [c.split()[1] for c in sudo] == ["apt-get", "apt-get"], calls
    assert apt[0] == "apt-get update" and apt[1].startswith("apt-get install -y ") and len(apt[1].split()) > 3, calls


def test_line_one_as_root_without_sudo(clone, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("not running as root")
    if shutil.which("sudo"):
        pytest.skip("a real sudo is on PATH (%s): cannot run without one" % shutil.which("sudo"))
    status, output, calls, tools = run_line(clone, tmp_path, "sh", with_sudo=False)
    # The clone may already hold the tools (the test above built them): then nothing is built again.
    check_demo(str(clone), status, output, built_here=False)
    assert calls[0] == "apt-get update" and calls[1].startswith("apt-get install -y "), calls
    assert not any(c.startswith("sudo ") for c in calls)
