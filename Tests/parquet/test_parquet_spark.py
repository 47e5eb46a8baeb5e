"""Spark reads single files and the Hive tree (behaviour §9). Needs pyspark and Java: install with
`tools/parquet_venv.sh --spark`; skipped otherwise."""
import datetime, os, subprocess, sys
import pytest
from conftest import CHECKER, COLUMNS, csv_rows, random_csv, run

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


def test_spark_reads_both_sides_as_one_table_and_skips_the_marker(tool, shared, tmp_path):
    """Layout 2: a BID and an ASK series of one symbol under one root (with _ohlcv_parquet_layout and the
    _ohlcv_parquet_state files, which Spark must skip); side is a column, and WHERE side = 'ASK' gives the ASK
    CSV's rows exactly."""
    bid_text = random_csv(3_000, seed=41, start=datetime.datetime(2020, 12, 31, 20, 0), decimals=5)
    lines = bid_text.splitlines(keepends=True)
    ask_lines = [lines[0]]
    for line in lines[1:]:                      # ask = bid + 0.00012 on each price, same volume
        f = line.rstrip('\n').split(',')
        ask_lines.append(','.join([f[0]] + [repr(round(float(x) + 0.00012, 5)) for x in f[1:5]] + [f[5]]) + '\n')
    ask_text = ''.join(ask_lines)
    root = str(tmp_path / 'tree')
    for name, text in (('EUR-USD', bid_text), ('EUR-USD@ASK', ask_text)):
        src = tmp_path / (name + '.csv')
        src.write_text(text)
        p = run(tool, '--hive-root', root, '--timeframe', '1m', '--symbol', name, '--input', str(src))
        assert p.returncode == 0, p.stderr
    assert os.path.isfile(os.path.join(root, '_ohlcv_parquet_layout'))
    sys.path.insert(0, os.path.dirname(CHECKER))
    import readers
    df = readers.spark().read.parquet(root)
    assert {f.name for f in df.schema} >= {'time', 'open', 'timeframe', 'symbol', 'side', 'year'}
    assert sorted((r[0], r[1]) for r in df.groupBy('side').count().collect()) == [('ASK', 3000), ('BID', 3000)]
    for side, text in (('ASK', ask_text), ('BID', bid_text)):
        got = df.where(df.side == side).orderBy('time').select('time', *COLUMNS).collect()
        assert [(r[0].strftime('%Y-%m-%d %H:%M:%S'), list(r[1:])) for r in got] == csv_rows(text), side
