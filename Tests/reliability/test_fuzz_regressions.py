"""Replays fuzz/regressions/* (inputs that crashed, trapped or hung a fuzz target, plus hand-made extremes)
through the built tools: each must end with a status and a message, never a signal or a Swift runtime trap.
Run against the release tools as well: OHLCV_BIN_DIR=.build/release (make fuzz-replay)."""
import glob
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, bin_dir, testkit

REGRESSIONS = sorted(glob.glob(os.path.join(ROOT, "fuzz", "regressions", "*")))
OK_STATUSES = {0, 64, 65, 66, 74, 78}


def run(args, cwd):
    # A hang shows as a timeout; the limit is the harness's hang limit, not a speed requirement.
    r = subprocess.run(args, cwd=cwd, capture_output=True, timeout=testkit.HANG_LIMIT)
    err = r.stderr.decode(errors="replace")
    assert r.returncode in OK_STATUSES, "%s: status %d (a signal or trap?)\n%s" % (args, r.returncode, err[-2000:])
    assert "Fatal error" not in err and "Illegal instruction" not in err, err[-2000:]
    if r.returncode != 0:
        assert "ABORT! Critical error in " in err or "Usage" in err or "usage" in err, err[-2000:]
    return r


@pytest.mark.parametrize("path", REGRESSIONS, ids=[os.path.basename(p) for p in REGRESSIONS])
def test_regression_input_is_an_error_not_a_trap(path, tmp_path):
    b = bin_dir()
    kind = os.path.basename(path).split("-")[0]
    if kind == "json":
        run([os.path.join(b, "ohlcv-transform"), path], str(tmp_path))
        run([os.path.join(b, "ohlcv-transform"), "--decimals", "2", path], str(tmp_path))
    elif kind == "csv":
        run([os.path.join(b, "ohlcv-resample"), "--timeframe", "1h", path], str(tmp_path))
        run([os.path.join(b, "ohlcv-aggregate"), path], str(tmp_path))
        run([os.path.join(b, "ohlcv-parquet"), "-o", str(tmp_path / "out.parquet"), path], str(tmp_path))
    elif kind == "index":
        # As the index of an aggregate file and of a resample source.
        agg = tmp_path / "data/aggregate/1m"
        os.makedirs(agg / "index")
        (agg / "EUR-USD.csv").write_text("time,open,high,low,close,volume\n2024-03-04 00:00:00,1.0,1.0,1.0,1.0,1.0\n")
        shutil.copy(path, agg / "index" / "EUR-USD.idx")
        changed = tmp_path / "changed.txt"
        changed.write_text("data/transform/1m/2024/03/EUR-USD_20240304.csv\n")
        run([os.path.join(b, "ohlcv-aggregate"), "--symbol", "EUR-USD", "--output", str(agg / "EUR-USD.csv"),
             "--transform-dir", str(tmp_path / "data/transform/1m"), "--changed-from", str(changed)], str(tmp_path))
        run([os.path.join(b, "ohlcv-resample"), "--symbol", "EUR-USD", "--input", str(agg / "EUR-USD.csv"),
             "--output-dir", str(tmp_path / "data/resample")], str(tmp_path))
    else:
        pytest.fail("unknown regression kind %s (name files json-*, csv-*, index-*)" % kind)
