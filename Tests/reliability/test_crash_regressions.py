"""Kill points the crash harness found that do not recover (docs/reliability.md, findings 1 and 2), replayed
deterministically with OHLCV_FAULT. They failed before the index recorded a checksum of its open rows;
now every one must recover. Each takes ~10 s (the harness replays the history up to the step, then the one kill point)."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, bin_dir, testkit

KNOWN = [
    # hourly-2, resample killed before the fsync of the 4h CSV whose open candle it had rewritten in place (same
    # length): the rerun sees "unchanged", keeps the generation, and 8h/1d/1W/1M/1Y keep a stale open candle.
    ("stale-downstream", "hourly-2", "kill:any:31:resample"),
    # hourly-2, resample killed after rewriting the 1d open candle one byte shorter: the rerun keeps generation 2
    # with a new length, 1W takes the full-rebuild path, and SeriesFile.rewind traps (preconditionFailure):
    # every later run crashes the same way.
    ("trap-forever", "hourly-2", "kill:any:46:resample"),
]


@pytest.mark.parametrize("name,step,fault", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_kill_point_recovers(name, step, fault, tmp_path):
    d = bin_dir()
    if os.path.basename(os.path.normpath(d)) != "debug":
        pytest.skip("needs debug tools (OHLCV_FAULT)")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tools/crashtest.py"), "--bin", d, "--seed", "20261125",
                        "--only", step, "--fault", fault, "--work", str(tmp_path / "ct")],
                       capture_output=True, text=True, timeout=testkit.HANG_LIMIT)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
