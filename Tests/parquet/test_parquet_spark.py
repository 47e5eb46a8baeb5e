"""Spark reads single files and the Hive tree (behaviour §9). Needs pyspark and Java: install with
`tools/parquet_venv.sh --spark`; skipped otherwise."""
import datetime, os, subprocess, sys
import pytest
from conftest import CHECKER, random_csv, run

pyspark = pytest.importorskip('pyspark', reason='pyspark not installed (tools/parquet_venv.sh --spark)')


def test_spark_checker_and_hive_tree(tool, shared, tmp_path):
    text = random_csv(20_000, seed=31, start=datetime.datetime(2020, 12, 30))
    src = tmp_path / 'S.csv'
    src.write_text(text)
    out = str(tmp_path / 's.parquet')
    assert run(tool, '-o', out, '--row-group-rows', '6000', str(src)).returncode == 0
    p = subprocess.run([sys.executable, CHECKER, out, '--spark', '--expect-rows', '20000'], capture_output=True,
                       text=True, cwd=os.path.dirname(CHECKER), timeout=600)
    assert p.returncode == 0 and 'readers agree: pyarrow, duckdb, polars, spark' in p.stdout, p.stdout + p.stderr
    root = str(tmp_path / 'tree')
    assert run(tool, '--hive-root', root, '--timeframe', '1m', '--symbol', 'S', '--input', str(src)).returncode == 0
    sys.path.insert(0, os.path.dirname(CHECKER))
    import readers
    df = readers.spark().read.parquet(root)
    assert dict((f.name, f.dataType.simpleString()) for f in df.schema)['time'] == 'timestamp_ntz'
    years = sorted((r[0], r[1]) for r in df.groupBy('year').count().collect())
    want = {}
    for line in text.splitlines()[1:]:
        want[int(line[:4])] = want.get(int(line[:4]), 0) + 1
    assert years == sorted(want.items())
