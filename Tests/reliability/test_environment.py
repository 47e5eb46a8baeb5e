"""Concurrency and environment (issue #6, item 5): two runs at once, a stale lock after SIGKILL, a read-only
and a full data directory (tmpfs; skipped when mount is not allowed), a missing cache directory, and the
clock around midnight UTC. Each: a clear message, a documented non-zero status where it is an error, and no
damage: the outputs a reader uses equal those before the run, or those of a clean build from the cache.
Known bugs are asserted only with OHLCV_KNOWN_BUGS=1 (docs/reliability.md)."""
import os
import shutil
import signal
import subprocess

import pytest

from conftest import DAY, NEXT, Env, assert_same, clean_build, testkit

KNOWN_BUGS = os.environ.get("OHLCV_KNOWN_BUGS") == "1"


def lock_held(env):
    return testkit.lock_is_held(os.path.join(env.data, "locks", "run.lock"))


def wait_for_lock(env, proc):
    testkit.wait_until(lambda: lock_held(env), "the first run to take the lock", alive=lambda: proc.poll() is None)


def test_second_make_exits_75_while_the_lock_is_held(built):
    before = built.outputs()
    # Held for as long as the run takes, so its "busy" is certain; that it gave up instead of waiting for the
    # lock is shown by its returning at all while the lock is still held.
    with testkit.holding_lock(os.path.join(built.data, "locks", "run.lock")):
        r = built.make("all", LOCK_WAIT=1)
    # make itself can only exit 2 when a recipe fails; the recipe's 75 shows as "Error 75" (see
    # docs/reliability.md: cron sees 2 for "busy" as for any error).
    assert r.returncode == 2 and "Error 75" in r.stderr, r.stderr
    assert "busy: another run holds" in r.stderr and "status 75" in r.stderr
    assert_same(built.outputs(), before, "busy run")


def test_two_make_all_at_once_one_runs_one_says_busy(built, server, tmp_path):
    server.at(DAY + "T10:00:00Z")
    # The first run's growing-day requests wait at the server until released: it holds the lock until then.
    server.control({"faults": [{"match": "BID?from=", "kind": "hold", "times": -1}]})
    first = built.start("all")
    try:
        wait_for_lock(built, first)
        second = built.make("all", LOCK_WAIT=1)
        server.control({"reset": True})
        server.release()
        out, err = first.communicate(timeout=testkit.HANG_LIMIT)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert second.returncode == 2 and "Error 75" in second.stderr, second.stderr
    assert "busy" in second.stderr
    assert first.returncode == 0, err
    assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after the first run")


def test_stale_lock_after_sigkill_does_not_block_the_next_run(built, server, tmp_path):
    server.at(DAY + "T10:00:00Z")
    # The victim's growing-day requests wait at the server: it is certainly mid-run when it is killed.
    server.control({"faults": [{"match": "BID?from=", "kind": "hold", "times": -1}]})
    victim = built.start("all")
    try:
        wait_for_lock(built, victim)
        server.wait_held(1, alive=lambda: victim.poll() is None)
    finally:
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
    server.at(DAY + "T10:00:00Z")
    # The group's other members die a moment after its leader; the lock goes with the last of them.
    testkit.wait_until(lambda: not lock_held(built), "the killed run's lock to be released")
    r = built.make("all", LOCK_WAIT=2)
    assert r.returncode == 0, r.stderr
    assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after the SIGKILLed run")
    assert built.temps() == []


class Tmpfs:
    def __init__(self, path, size):
        self.path = path
        os.makedirs(path, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", path], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip("cannot mount a tmpfs here (%s): run as root with CAP_SYS_ADMIN" % r.stderr.strip())

    def remount(self, opts):
        subprocess.run(["mount", "-o", "remount," + opts, self.path], check=True)

    def close(self):
        subprocess.run(["umount", "-l", self.path])


def move_data_onto(built, mnt):
    shutil.copytree(built.data, os.path.join(mnt, "data"), symlinks=True, dirs_exist_ok=True)
    shutil.rmtree(built.data)
    os.symlink(os.path.join(mnt, "data"), built.data)


def test_read_only_data_directory(built, server, tmp_path):
    fs = Tmpfs(str(tmp_path / "ro"), "64m")
    try:
        move_data_onto(built, fs.path)
        before = built.outputs()
        fs.remount("ro")
        server.at(DAY + "T10:00:00Z")
        r = built.make("all")
        print("read-only: status %d: %s" % (r.returncode, r.stderr.strip().splitlines()[:2]))
        assert r.returncode != 0
        assert "Read-only file system" in r.stderr or "read-only" in r.stderr.lower(), r.stderr
        assert "ABORT! Critical error in " in r.stderr or "flock" in r.stderr, r.stderr
        assert_same(built.outputs(), before, "read-only data dir")
        fs.remount("rw")
        r = built.make("all")
        assert r.returncode == 0, r.stderr
        assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after remounting read-write")
    finally:
        fs.close()


@pytest.mark.parametrize("free_kb", [4, 48, 160, 600])
def test_full_data_directory(built, server, tmp_path, free_kb):
    fs = Tmpfs(str(tmp_path / "full"), "32m")
    try:
        move_data_onto(built, fs.path)
        before = built.outputs()
        st = os.statvfs(fs.path)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(fs.path, "filler"), "wb") as f:
            f.write(b"\0" * max(0, free - free_kb * 1024))
        server.at(NEXT + "T00:30:00Z")                       # midnight: a new cached day and a new growing day
        r = built.make("all", today=NEXT)
        print("full disk, %d KB free: status %d: %s" % (free_kb, r.returncode, [l for l in r.stderr.splitlines() if "ABORT" in l][:1]))
        if r.returncode != 0:
            assert "No space left on device" in r.stderr, r.stderr
            assert "ABORT! Critical error in " in r.stderr, r.stderr
            assert r.returncode == 2 and "Error 74" in r.stderr, r.stderr
            abort = [l for l in r.stderr.splitlines() if "ABORT" in l][0]
            if True:   # behaviour §7: the message names symbol and file (fixed: aggregate's ENOSPC names both)
                assert ("EUR-USD" in abort or "BTC-USD" in abort) and "/" in abort, abort
            got = built.outputs()
            # No reader sees a damaged file: every output is as before, or (a stage that completed) as a
            # clean build of the cache that is now on disk would have it.
            clean = clean_build(built, str(tmp_path))
            for k, v in got.items():
                assert v == before.get(k) or v == clean.get(k), "%s is neither the old file nor the clean build's" % k
        os.remove(os.path.join(fs.path, "filler"))
        r = built.make("all", today=NEXT)
        assert r.returncode == 0, r.stderr
        assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after space was freed")
        assert built.temps() == [], "temp files left after the disk-full run: %s" % built.temps()
    finally:
        fs.close()


def test_missing_cache_directory_pipeline_changes_nothing(built):
    before = built.outputs()
    shutil.rmtree(built.cache)
    r = built.make("pipeline")
    assert r.returncode == 0, r.stderr
    assert_same(built.outputs(), before, "pipeline without a cache")


def test_missing_cache_directory_make_all_refetches_to_the_same_bytes(built, tmp_path):
    before = built.outputs()
    shutil.rmtree(built.cache)
    r = built.make("all")
    assert r.returncode == 0, r.stderr
    assert_same(built.outputs(), before, "make all after the cache vanished")


def test_missing_cache_directory_rebuild_full_refuses(built):
    before = built.outputs()
    shutil.rmtree(built.cache)
    r = built.make("rebuild-full")
    assert r.returncode != 0, "rebuild-full without a cache must refuse, not wipe: %s" % r.stderr
    assert_same(built.outputs(), before, "rebuild-full without a cache")


def test_clock_just_before_and_after_midnight(built, server, tmp_path):
    server.at(DAY + "T23:59:30Z")
    r = built.make("all", today=DAY)
    assert r.returncode == 0, r.stderr
    server.at(NEXT + "T00:00:30Z")
    r = built.make("all", today=NEXT)
    assert r.returncode == 0, r.stderr
    assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after midnight")
    temp = sorted(os.listdir(os.path.join(built.data, "temp")))
    assert not any(DAY.replace("-", "") in n for n in temp), "yesterday's growing files stayed: %s" % temp


def test_machine_clock_past_midnight_before_the_server(built, server, tmp_path):
    # The machine says it is already tomorrow; the server still says 23:59:50 (clock skew): "too late" for
    # tomorrow's open day. The run must not fail hard or damage anything; the next run catches up.
    server.at(DAY + "T23:59:50Z")
    before = built.outputs()
    r = built.make("all", today=NEXT)
    print("skewed clock: status %d: %s" % (r.returncode, r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else ""))
    assert r.returncode in (0, 2), r.stderr
    if r.returncode == 2:
        assert any("Error %d" % s in r.stderr for s in (69, 75)), r.stderr
    if r.returncode != 0:
        assert "ABORT! Critical error in fetch" in r.stderr, r.stderr
        assert_same(built.outputs(), before, "skewed clock")
    server.at(NEXT + "T00:05:00Z")
    r = built.make("all", today=NEXT)
    assert r.returncode == 0, r.stderr
    assert_same(built.outputs(), clean_build(built, str(tmp_path)), "after the clocks agree")
