"""make parquet (mk/parquet.mk), driven through the project's Makefile as a user runs them (make csv: test_extract_make.py)."""
import os, shutil, subprocess, sys
import duckdb
import pytest
from conftest import FIXTURES, HEADER, REPO, bin_dir, random_csv
sys.path.insert(0, os.path.join(REPO, 'Tests'))
import testkit  # noqa: E402

TIMEFRAMES = '5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y'          # the Makefile's default, which the tests use


@pytest.fixture
def tree(tmp_path, shared):
    (tmp_path / 'symbols.txt').write_text('EUR-USD\nGBP-USD\n')
    for sym in ('EUR-USD', 'GBP-USD'):
        for tf in ['1m'] + TIMEFRAMES.split():
            d = tmp_path / 'data' / ('aggregate' if tf == '1m' else 'resample') / tf
            d.mkdir(parents=True, exist_ok=True)
            shutil.copy(os.path.join(FIXTURES, tf + '.csv'), d / (sym + '.csv'))
    return tmp_path


def make(tree, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith('OHLCV_') and k not in ('MAKEFLAGS', 'MAKELEVEL', 'MFLAGS')}
    return subprocess.run(['make', '--no-print-directory', '-f', os.path.join(REPO, 'Makefile'), '-C', REPO,
                           'BIN=%s' % bin_dir(), 'NO_BUILD=1', 'DATA_DIR=%s' % (tree / 'data'), 'CACHE_DIR=%s' % (tree / 'cache'),
                           'SYMBOLS_FILE=%s' % (tree / 'symbols.txt'), 'CONFIG_FILE=%s' % (tree / 'config.mk'),
                           'LOCK_WAIT=1', *args],
                          capture_output=True, text=True, env=env)


def test_make_parquet_builds_every_series_then_rewrites_only_what_changed(tree):
    p = make(tree, '-j2', 'parquet')
    assert p.returncode == 0, p.stderr
    # Not on a terminal: one summary line for the whole run, not one per series.
    assert p.stderr.count('\n') == 1 and ': 22 series, 22 partition files rewritten\n' in p.stderr, p.stderr
    files = sorted(os.path.relpath(os.path.join(d, f), tree / 'data' / 'parquet')
                   for d, _, fs in os.walk(tree / 'data' / 'parquet') for f in fs if f.endswith('.parquet'))
    assert len(files) == 22 and 'timeframe=1m/symbol=EUR-USD/side=BID/year=2026/part-0.parquet' in files
    n = duckdb.connect().execute("SELECT count(*) FROM read_parquet('%s/data/parquet/**/*.parquet', hive_partitioning=true) "
                                 "WHERE symbol = 'GBP-USD' AND timeframe = '1h'" % tree).fetchone()[0]
    assert n == open(os.path.join(FIXTURES, '1h.csv')).read().count('\n') - 1
    before = {f: os.stat(tree / 'data' / 'parquet' / f).st_mtime_ns for f in files}
    p = make(tree, 'parquet')
    assert p.returncode == 0 and p.stderr.count('\n') == 1, p.stderr
    assert ': 22 series, 0 partition files rewritten (all up to date)\n' in p.stderr, p.stderr
    with open(tree / 'data/resample/1h/EUR-USD.csv', 'a') as f:
        f.write('2026-07-10 21:00:00,1.1,1.2,1.0,1.1,7.0\n')
    p = make(tree, 'parquet')
    assert p.returncode == 0 and ': 22 series, 1 partition file rewritten\n' in p.stderr, p.stderr
    after = {f: os.stat(tree / 'data' / 'parquet' / f).st_mtime_ns for f in files}
    assert [f for f in files if after[f] != before[f]] == ['timeframe=1h/symbol=EUR-USD/side=BID/year=2026/part-0.parquet']


def test_make_parquet_names_a_missing_series(tree):
    os.remove(tree / 'data/resample/4h/GBP-USD.csv')
    p = make(tree, 'parquet')
    assert p.returncode != 0
    assert 'GBP-USD: %s: no such input (run make first)' % (tree / 'data/resample/4h/GBP-USD.csv') in p.stderr


def test_per_symbol_timeframes_and_the_run_lock(tree):
    p = make(tree, 'parquet', 'TIMEFRAMES_GBP-USD=1h 1d')
    assert p.returncode == 0, p.stderr
    # 1m + 1h + 1d for GBP-USD; its other timeframes' CSVs are put away, as a clean build has none.
    series = sorted(os.path.relpath(d, tree / 'data' / 'parquet') for d, _, fs in os.walk(tree / 'data' / 'parquet')
                    if any(f.endswith('.parquet') for f in fs))
    assert [s for s in series if 'GBP-USD' in s] == ['timeframe=1d/symbol=GBP-USD/side=BID/year=2026', 'timeframe=1h/symbol=GBP-USD/side=BID/year=2026',
                                                     'timeframe=1m/symbol=GBP-USD/side=BID/year=2026'], series
    assert len([s for s in series if 'EUR-USD' in s]) == 11 and ': 14 series, 14 partition files rewritten' in p.stderr, p.stderr
    assert p.stderr.count('tidy: GBP-USD: timeframe ') == 8 and not (tree / 'data/resample/4h/GBP-USD.csv').exists()
    lock = tree / 'data' / 'locks' / 'run.lock'
    with testkit.holding_lock(str(lock)):
        p = make(tree, 'parquet')
    assert p.returncode == 2 and 'ABORT! Critical error in parquet: %s: busy: another run holds the lock; waited LOCK_WAIT=1 s; ' \
        'this run did nothing (status 75)' % lock in p.stderr, p.stderr


def case_folded_clashes(root):
    """Paths below root that differ only by letter case: one would overwrite the other on macOS or Windows."""
    seen, clashes = {}, []
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.relpath(os.path.join(d, name), root)
            if path.lower() in seen and seen[path.lower()] != path:
                clashes.append((seen[path.lower()], path))
            seen[path.lower()] = path
    return clashes


def test_no_two_paths_differ_only_by_letter_case(tree):
    """1m (minutes) and 1M (months) are two series: the hive tree writes months as timeframe=1mo, the MT4
    extracts as SYM_1mo.csv, so that no path overwrites another on a disk that ignores case."""
    assert make(tree, 'parquet').returncode == 0
    assert make(tree, 'csv', 'FORMAT=mt4').returncode == 0
    assert make(tree, 'csv').returncode == 0
    assert case_folded_clashes(tree / 'data') == []
    assert (tree / 'data/parquet/timeframe=1mo/symbol=EUR-USD').is_dir()
    assert (tree / 'data/parquet/timeframe=1m/symbol=EUR-USD').is_dir()
    got = open(tree / 'data/extract/EUR-USD_1mo.csv').read().splitlines()
    src = open(tree / 'data/resample/1M/EUR-USD.csv').read().splitlines()[1:]
    assert got == [l[0:4] + '.' + l[5:7] + '.' + l[8:10] + ',' + l[11:] for l in src]
    months = duckdb.connect().execute("SELECT count(*) FROM read_parquet('%s/data/parquet/**/*.parquet', hive_partitioning=true) "
                                      "WHERE symbol = 'EUR-USD' AND timeframe = '1mo'" % tree).fetchone()[0]
    assert months == len(src)


def test_a_tree_written_with_timeframe_1M_is_replaced(tree):
    """A Hive tree from before months were named 1mo: its timeframe=1M series are removed, 1mo written."""
    assert make(tree, 'parquet').returncode == 0
    os.rename(tree / 'data/parquet/timeframe=1mo', tree / 'data/parquet/timeframe=1M')
    p = make(tree, 'parquet')
    assert p.returncode == 0, p.stderr
    assert not (tree / 'data/parquet/timeframe=1M').exists()
    assert (tree / 'data/parquet/timeframe=1mo/symbol=GBP-USD').is_dir()
    assert case_folded_clashes(tree / 'data') == []


def test_a_removed_timeframe_is_neither_served_nor_extracted(tree):
    """After TIMEFRAMES drops 4h, the next run removes its CSV and Parquet series, and make csv refuses it
    (behaviour §6: what is served equals a clean build under the new settings)."""
    assert make(tree, 'parquet').returncode == 0
    fewer = TIMEFRAMES.replace('4h ', '')
    p = make(tree, 'parquet', 'TIMEFRAMES=' + fewer)
    assert p.returncode == 0, p.stderr
    for sym in ('EUR-USD', 'GBP-USD'):
        assert not (tree / 'data/resample/4h' / (sym + '.csv')).exists()
        assert not (tree / 'data/parquet/timeframe=4h' / ('symbol=' + sym)).exists()
    tfs = duckdb.connect().execute("SELECT DISTINCT timeframe FROM read_parquet('%s/data/parquet/**/*.parquet', hive_partitioning=true) "
                                   "ORDER BY 1" % tree).fetchall()
    assert sorted(t for (t,) in tfs) == sorted(['1m'] + [t if t != '1M' else '1mo' for t in fewer.split()])
    (tree / 'config.mk').write_text('TIMEFRAMES = %s\n' % fewer)
    p = make(tree, 'csv', 'EXTRACT_TIMEFRAMES=4h')
    assert p.returncode == 2 and "EXTRACT_TIMEFRAMES = '4h'" in p.stderr and 'not a configured timeframe' in p.stderr, p.stderr
