"""The build rule as make demo uses it (BUILD_PROGRESS=demo, tools/build_progress.sh) and as make all uses it.

Runs `make build` in a copy of the Makefile, mk/ and tools/ with a stand-in `swift` first on PATH that prints
SwiftPM's kind of lines and succeeds or fails as told, so the rule's output is checked without a real build
(the newcomer test builds for real when it has to).
"""
import os
import pty
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests"))
import testkit  # noqa: E402

FAKE_SWIFT = r"""#!/bin/sh
# swift build, as far as the build rule can tell: SwiftPM's lines, then $FAKE_SWIFT_STATUS.
echo "swift $*" >> "$FAKE_SWIFT_RECORD"
echo "Building for production..."
echo "[1/3] Compiling OHLCVCore ASCII.swift"
echo "[2/3] Compiling ohlcv_fetch main.swift"
if [ "$FAKE_SWIFT_STATUS" != 0 ]; then echo "main.swift:1:1: error: cannot find 'x' in scope" >&2; exit "$FAKE_SWIFT_STATUS"; fi
mkdir -p .build/release
echo "[3/3] Linking ohlcv-fetch"
echo "Build complete! (0.01s)"
"""


@pytest.fixture
def tree(tmp_path):
    """A copy of the build's files with one source, and a PATH whose swift is the stand-in."""
    work = tmp_path / "ohlcv"
    work.mkdir()
    shutil.copy(os.path.join(ROOT, "Makefile"), work)
    shutil.copytree(os.path.join(ROOT, "mk"), work / "mk")
    shutil.copytree(os.path.join(ROOT, "tools"), work / "tools")
    (work / "Sources" / "ohlcv-fetch").mkdir(parents=True)
    (work / "Sources" / "ohlcv-fetch" / "main.swift").write_text("print(1)\n")
    (work / "Package.swift").write_text("// stand-in\n")
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "swift").write_text(FAKE_SWIFT)
    os.chmod(fake / "swift", 0o755)
    return work, fake, tmp_path / "swift-calls"


def make_build(tree, status, *args, stdout=subprocess.PIPE):
    work, fake, record = tree
    env = testkit.clean_environment(PATH="%s:%s" % (fake, os.environ["PATH"]), FAKE_SWIFT_STATUS=status,
                                    FAKE_SWIFT_RECORD=record)
    return subprocess.run(["make", "--no-print-directory", "--silent", "build", *args], cwd=str(work), env=env,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=testkit.HANG_LIMIT)


def test_make_demo_s_build_says_so_first_and_when_it_is_done(tree):
    p = make_build(tree, 0, "BUILD_PROGRESS=demo")
    lines = p.stdout.splitlines()
    assert p.returncode == 0, p.stderr
    assert lines[0] == "demo: building the tools (swift build -c release; 1 to 3 minutes the first time on 2 cores)…"
    assert lines[-1].startswith("demo: tools built in ") and lines[-1].endswith(" s"), lines
    assert p.stderr == ""
    assert open(tree[2]).read().split() == ["swift", "build", "-c", "release"]
    assert (tree[0] / ".build" / "release" / ".built").exists()
    # Nothing to build: nothing said, swift not asked.
    again = make_build(tree, 0, "BUILD_PROGRESS=demo")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert len(open(tree[2]).read().splitlines()) == 1


def test_make_all_s_build_stays_silent(tree):
    p = make_build(tree, 0)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    assert (tree[0] / ".build" / "release" / ".built").exists()


@pytest.mark.parametrize("progress", [[], ["BUILD_PROGRESS=demo"]], ids=["silent", "progress"])
def test_a_failed_build_shows_swift_s_messages_then_the_abort_line(tree, progress):
    p = make_build(tree, 1, *progress)
    assert p.returncode != 0
    err = [line for line in p.stderr.splitlines() if not line.startswith("make")]
    assert "main.swift:1:1: error: cannot find 'x' in scope" in err
    assert err[-1] == "ABORT! Critical error in build: swift build failed", p.stderr
    assert not (tree[0] / ".build" / "release" / ".built").exists()


def test_on_a_terminal_swiftpm_s_step_is_rewritten_in_place(tree):
    # SwiftPM itself writes to a pipe even then (on a terminal it would add colour flags to every compile
    # command, and the next silent build would recompile everything), so the [n/m] line comes from the script.
    master, slave = pty.openpty()
    try:
        p = make_build(tree, 0, "BUILD_PROGRESS=demo", stdout=slave)
    finally:
        os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:        # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert p.returncode == 0, p.stderr
    text = shown.decode()
    assert re.search(r"\r\x1b\[K +\d+ s  \[1/3\] Compiling OHLCVCore ASCII.swift\r", text), repr(text)
    assert re.search(r"\r\x1b\[K +\d+ s  \[3/3\] Linking ohlcv-fetch\r", text), repr(text)
    # The step line is cleared before the closing line.
    assert re.search(r"\r\x1b\[Kdemo: tools built in \d+ s\r?\n$", text), repr(text)
