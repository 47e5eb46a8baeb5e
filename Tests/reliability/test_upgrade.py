"""Issue #12: an existing BID tree, built by the release before sides existed (Tests/fixtures/upgrade, made by
commit 4090e33 against the replay server), goes through today's `make all` untouched, and gains an ask side
that equals a clean build when SIDES adds one."""
import os
import tarfile

import pytest

from conftest import Env, assert_same, testkit

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "upgrade",
                       "tree-4090e33.tar.xz")
# The fixture's own run (its README): these settings and this frozen clock.
NOW = "2026-07-13T10:30:00Z"
TODAY = "2026-07-13"
SETTINGS = dict(SYMBOLS="EUR-USD BTC-USD", START_DATE="2026-07-10")


class OldTreeServer(testkit.ReplayServer):
    def __init__(self, tmp):
        super().__init__(["--port-file", os.path.join(tmp, "replay.port"), "--now", NOW, "--freeze",
                          "--gen-start", "2026-07-01", "--max-seconds", str(2 * testkit.HANG_LIMIT)])


@pytest.fixture(scope="module")
def old_server(tmp_path_factory):
    s = OldTreeServer(str(tmp_path_factory.mktemp("replay-upgrade")))
    yield s
    s.stop()


def unpack(path, server):
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(path)          # file times kept: make decides from them
    return Env(path, server)


def files(env, keep=lambda rel: True):
    """Every file under cache/ and data/ (but the lock and make's changed-payload lists), relative path → bytes."""
    out = {}
    for top in (env.cache, env.data):
        for root, _, names in os.walk(top):
            for n in names:
                rel = os.path.relpath(os.path.join(root, n), env.path)
                if rel.startswith("data/locks/") or n.endswith(".changed") or not keep(rel):
                    continue
                with open(os.path.join(root, n), "rb") as f:
                    out[rel] = f.read()
    return out


def bid(rel):
    return "@ASK" not in rel and not rel.startswith("data/parquet/")


def test_make_all_over_an_old_tree_changes_no_file(old_server, tmp_path):
    env = unpack(str(tmp_path / "w"), old_server)
    before = files(env, bid)
    assert len(before) > 60
    r = env.make("all", today=TODAY, **SETTINGS)
    assert r.returncode == 0, r.stderr
    after = files(env, bid)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed == [], "today's make all changed files of an old BID tree: %s" % changed[:8]


def test_adding_the_ask_side_to_an_old_tree_builds_the_clean_ask_and_leaves_the_bid(old_server, tmp_path):
    env = unpack(str(tmp_path / "w"), old_server)
    before = files(env, bid)
    r = env.make("all", today=TODAY, SIDES="BID ASK", **SETTINGS)
    assert r.returncode == 0, r.stderr
    assert "ASK" in r.stderr, "the fetch summary counts the ask side's requests: " + r.stderr
    after = files(env, bid)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed == [], "adding ASK changed BID files: %s" % changed[:8]
    served = env.outputs()
    assert "aggregate/1m/EUR-USD@ASK.csv" in served and "resample/1d/BTC-USD@ASK.csv" in served

    # A clean build of both sides in an empty folder, from the same server.
    clean = Env(str(tmp_path / "clean"), old_server)
    r = clean.make("all", today=TODAY, SIDES="BID ASK", **SETTINGS)
    assert r.returncode == 0, r.stderr
    assert_same(served, clean.outputs(), "old tree + ASK vs a clean build of both sides")
