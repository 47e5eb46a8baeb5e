"""Both sides in one Hive tree (layout 2: timeframe=TF/symbol=SYM/side=BID|ASK/year=YYYY), selected by a column,
and the migration of a tree written before sides (Tests/fixtures/upgrade/tree-4090e33.tar.xz) by make parquet."""
import decimal, glob, os, re, subprocess, tarfile
import duckdb, polars as pl, pyarrow.dataset as ds
import pytest
from conftest import REPO, bin_dir, csv_rows, run

UPGRADE = os.path.join(REPO, 'Tests', 'fixtures', 'upgrade', 'tree-4090e33.tar.xz')
TODAY = '2026-07-13'                                   # the day the fixture was built (its README)
MARKER = '_ohlcv_parquet_layout'
# Ask minus bid, in each symbol's price steps (EUR-USD 1e-5, BTC-USD 0.1).
SPREAD = {'EUR-USD': decimal.Decimal('0.00012'), 'BTC-USD': decimal.Decimal('4.5')}


def make(tree, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith('OHLCV_') and k not in ('MAKEFLAGS', 'MAKELEVEL', 'MFLAGS')}
    env['OHLCV_TODAY'] = TODAY
    env.update(env_extra or {})
    return subprocess.run(['make', '--no-print-directory', '-f', os.path.join(REPO, 'Makefile'), '-C', REPO,
                           'BIN=%s' % bin_dir(), 'NO_BUILD=1', 'DATA_DIR=%s' % (tree / 'data'), 'CACHE_DIR=%s' % (tree / 'cache'),
                           'SYMBOLS_FILE=%s' % (tree / 'symbols.txt'), 'CONFIG_FILE=%s' % (tree / 'config.mk'),
                           'LOCK_WAIT=1', *args],
                          capture_output=True, text=True, env=env)


@pytest.fixture
def old_tree(tmp_path):
    """The cache and data (with a layout-1 Parquet tree) that main wrote before sides."""
    with tarfile.open(UPGRADE) as t:
        t.extractall(tmp_path, filter='tar')
    (tmp_path / 'symbols.txt').write_text('EUR-USD\nBTC-USD\n')
    return tmp_path


def snapshot(root):
    """{path below root: (inode, mtime_ns, bytes)} of every file."""
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            st = os.stat(p)
            out[os.path.relpath(p, root)] = (st.st_ino, st.st_mtime_ns, open(p, 'rb').read())
    return out


def moved(rel):
    """A layout-1 path's layout-2 place: timeframe=TF/symbol=SYM/X → timeframe=TF/symbol=SYM/side=BID/X."""
    tf, sym, rest = rel.split('/', 2)
    return '/'.join([tf, sym, 'side=BID', rest])


def duck_rows(root, columns):
    return sorted(duckdb.connect().execute(
        "SELECT %s, strftime(time, '%%Y-%%m-%%d %%H:%%M:%%S') AS t, open, high, low, close, volume "
        "FROM read_parquet('%s/**/*.parquet', hive_partitioning=true)" % (columns, root)).fetchall())


def clean_run(tree, scratch):
    """{path below the root: bytes} of the tree (partitions, states, layout marker) that ohlcv-parquet writes
    from scratch into `scratch` for the series of `tree`'s (layout 2) Parquet tree, from the same CSV files."""
    out = {}
    root = tree / 'data' / 'parquet'
    for state in sorted(root.glob('timeframe=*/symbol=*/side=*/_ohlcv_parquet_state')):
        tf, sym, side = [part.split('=', 1)[1] for part in state.relative_to(root).parts[:3]]
        csv_tf = tf[:-2] + 'M' if tf.endswith('mo') else tf
        csv = tree / 'data' / ('aggregate' if tf == '1m' else 'resample') / csv_tf / (sym + ('' if side == 'BID' else '@' + side) + '.csv')
        p = run(os.path.join(bin_dir(), 'ohlcv-parquet'), '--hive-root', str(scratch), '--timeframe', csv_tf,
                '--symbol', sym, '--side', side, '--input', str(csv))
        assert p.returncode == 0, p.stderr
    for f, v in snapshot(scratch).items():
        out[f] = v[2]
    return out


def test_make_parquet_moves_a_tree_built_before_sides_and_rewrites_it_once_as_a_clean_run(old_tree, tmp_path):
    root = old_tree / 'data' / 'parquet'
    before = snapshot(root)
    assert len([f for f in before if f.endswith('.parquet')]) == 22 and MARKER not in before
    rows_before = duck_rows(root, 'timeframe, symbol, year')
    assert len(rows_before) > 1000
    p = make(old_tree, 'parquet')
    assert p.returncode == 0, p.stderr
    assert 'tidy: moved 22 Parquet series of %s to layout 2' % root in p.stderr, p.stderr
    # The move itself rewrites nothing, but the tree was written before the writer bounded a row group's
    # held-back pages by default (ParquetWriterOptions.rowGroupBytes): the settings its states record
    # differ, so every partition is rewritten once. These series are dictionary-encoded and never reach the
    # bound, so the partitions' bytes do not change; the states gain the new setting.
    assert ': 22 series, 22 partition files rewritten\n' in p.stderr, p.stderr
    after = snapshot(root)
    assert sorted(after) == sorted([moved(f) for f in before] + [MARKER])
    for f, v in before.items():
        if f.endswith('.parquet'):
            assert after[moved(f)][2] == v[2], f
    assert {f: v[2] for f, v in after.items()} == clean_run(old_tree, tmp_path / 'clean')
    assert after[MARKER][2] == b'ohlcv-parquet-layout 2\n'
    # Readers see the same rows, each with side = 'BID'.
    assert duck_rows(root, 'timeframe, symbol, year, side') == sorted(r[:3] + ('BID',) + r[3:] for r in rows_before)
    table = ds.dataset(str(root), format='parquet', partitioning='hive').to_table()
    assert table.num_rows == len(rows_before) and set(table.column('side').to_pylist()) == {'BID'}
    df = pl.scan_parquet(str(root) + '/**/*.parquet', hive_partitioning=True).collect()
    assert df.height == len(rows_before) and set(df['side'].unique()) == {'BID'}
    # A rerun moves nothing, writes nothing, says only its summary.
    p = make(old_tree, 'parquet')
    assert p.returncode == 0 and p.stderr.count('\n') == 1 and ' 0 partition files rewritten' in p.stderr, p.stderr
    assert snapshot(root) == after


def test_ohlcv_parquet_refuses_a_tree_in_the_old_layout(tool, old_tree):
    """Only make parquet (under the run lock) migrates; the tool alone must not mix the two layouts."""
    root = old_tree / 'data' / 'parquet'
    before = snapshot(root)
    p = run(tool, '--hive-root', str(root), '--timeframe', '1h', '--symbol', 'EUR-USD@ASK',
            '--input', str(old_tree / 'data/resample/1h/EUR-USD.csv'))
    assert p.returncode == 64 and 'in the old layout' in p.stderr and 'make parquet moves it' in p.stderr, p.stderr
    assert snapshot(root) == before


def fault_injection_available(tmp_path):
    src = tmp_path / 'probe.csv'
    src.write_text('time,open,high,low,close,volume\n')
    p = subprocess.run([os.path.join(bin_dir(), 'ohlcv-parquet'), '-o', str(tmp_path / 'probe.parquet'), str(src)],
                       env={**os.environ, 'OHLCV_FAULT': 'kill:write:1'}, capture_output=True)
    return p.returncode == -9


def test_a_migration_killed_at_any_rename_is_finished_by_the_next_run(tmp_path):
    """SIGKILL before the Nth rename of ohlcv-config --tidy (the migration's year folders, states, then the
    marker), for every N: each file is at its old or its new place, never both, never lost; the next run
    finishes the move, and the tree equals that of an uninterrupted migration."""
    if not fault_injection_available(tmp_path):
        pytest.skip('fault injection needs a debug build (OHLCV_FAULT)')
    n = 1
    clean = None
    while True:
        tree = tmp_path / ('t%d' % n)
        tree.mkdir()
        with tarfile.open(UPGRADE) as t:
            t.extractall(tree, filter='tar')
        (tree / 'symbols.txt').write_text('EUR-USD\nBTC-USD\n')
        root = tree / 'data' / 'parquet'
        before = snapshot(root)
        killed = make(tree, 'parquet', env_extra={'OHLCV_FAULT': 'kill:rename:%d:config' % n})
        mid = snapshot(root)
        for f, v in before.items():
            assert (f in mid) != (moved(f) in mid), 'killed before rename #%d: %s is in both places or none' % (n, f)
            if killed.returncode != 0:
                assert mid.get(f, mid.get(moved(f))) == v, 'killed before rename #%d: %s changed' % (n, f)
        p = make(tree, 'parquet')
        assert p.returncode == 0, 'killed before rename #%d: %s' % (n, p.stderr)
        # The tree predates the default row-group byte bound: whichever run first gets past the move rewrites
        # every partition once (a settings change; the same bytes for these dictionary-encoded series).
        rewrites = 22 if killed.returncode != 0 else 0
        assert ' %d partition files rewritten' % rewrites in p.stderr, 'killed before rename #%d: %s' % (n, p.stderr)
        after = snapshot(root)
        assert sorted(after) == sorted([moved(f) for f in before] + [MARKER]), 'killed before rename #%d' % n
        assert all(after[moved(f)][2] == v[2] for f, v in before.items() if f.endswith('.parquet')), 'killed before rename #%d' % n
        if clean is None:
            clean = clean_run(tree, tmp_path / 'clean')
        assert {f: v[2] for f, v in after.items()} == clean, 'killed before rename #%d' % n
        if killed.returncode == 0:
            break
        n += 1
    assert n > 22                                       # one rename per series at least was interrupted


def with_spread(text, spread):
    """A Jetta day payload with `spread` added to its base prices: every minute's ask is its bid + spread. A day
    without candles (its base prices null) stays as it is."""
    for key in ('open', 'high', 'low', 'close'):
        m = re.search(r'"%s":([0-9.Ee+-]+)' % key, text)
        if m is None:
            assert '"%s":null' % key in text
            continue
        price = decimal.Decimal(m.group(1)) + spread
        text = text[:m.start(1)] + str(price) + text[m.end(1):]
    return text


def add_ask_cache(tree):
    """ASK day files beside every cached BID day, as the JSON API serves them under /ASK/."""
    days = sorted(glob.glob(str(tree / 'cache/[0-9]*/[0-9]*/*_*.json')))
    for path in days:
        name = os.path.basename(path)
        sym, day = name[:-5].split('_')
        if '@' in sym:
            continue
        ask = os.path.join(os.path.dirname(path), '%s@ASK_%s.json' % (sym, day))
        open(ask, 'w').write(with_spread(open(path).read(), SPREAD[sym]))
    return days


def test_both_sides_in_one_tree_are_one_table_and_a_column_selects_the_side(old_tree):
    """make pipeline, then make parquet, with SIDES = BID ASK: the old BID series are moved, the ASK ones written
    beside them; every reader sees one table with a side column whose rows equal each side's CSV."""
    add_ask_cache(old_tree)
    p = make(old_tree, 'pipeline', 'SIDES=BID ASK')
    assert p.returncode == 0, p.stderr
    for sym in SPREAD:
        assert (old_tree / 'data/resample/1h' / (sym + '@ASK.csv')).exists()
    p = make(old_tree, '-j2', 'parquet', 'SIDES=BID ASK')
    assert p.returncode == 0, p.stderr
    # 22 new ASK partitions, and the 22 old BID ones rewritten once: the tree predates the default row-group
    # byte bound, a settings change for every series.
    assert ': 44 series, 44 partition files rewritten\n' in p.stderr, p.stderr
    root = str(old_tree / 'data' / 'parquet')
    assert os.path.isfile(os.path.join(root, 'timeframe=1h/symbol=EUR-USD/side=ASK/year=2026/part-0.parquet'))
    assert os.path.isfile(os.path.join(root, 'timeframe=1h/symbol=EUR-USD/side=ASK/_ohlcv_parquet_state'))
    con = duckdb.connect()
    glob_ = "read_parquet('%s/**/*.parquet', hive_partitioning=true)" % root
    assert con.execute('SELECT DISTINCT side FROM %s ORDER BY 1' % glob_).fetchall() == [('ASK',), ('BID',)]
    for sym in SPREAD:
        for side, csv in (('BID', sym), ('ASK', sym + '@ASK')):
            for tf in ('1m', '1h', '1mo'):
                src = old_tree / 'data' / ('aggregate' if tf == '1m' else 'resample') / ('1M' if tf == '1mo' else tf) / (csv + '.csv')
                got = con.execute("SELECT strftime(time, '%%Y-%%m-%%d %%H:%%M:%%S'), open, high, low, close, volume FROM %s "
                                  "WHERE symbol = ? AND side = ? AND timeframe = ? ORDER BY time" % glob_, [sym, side, tf]).fetchall()
                assert [(r[0], list(r[1:])) for r in got] == csv_rows(src.read_text()), (sym, side, tf)
    # The spread is what the ASK cache was made with, on every hour both sides have.
    spreads = con.execute("SELECT DISTINCT b.symbol, round(a.close - b.close, 6) FROM %s a JOIN %s b USING (timeframe, symbol, time) "
                          "WHERE a.side = 'ASK' AND b.side = 'BID' AND timeframe = '1h'" % (glob_, glob_)).fetchall()
    assert sorted(spreads) == sorted((s, float(v)) for s, v in SPREAD.items())
    table = ds.dataset(root, format='parquet', partitioning='hive').to_table()
    assert table.num_rows == con.execute('SELECT count(*) FROM %s' % glob_).fetchone()[0]
    ask = ds.dataset(root, format='parquet', partitioning='hive').to_table(filter=ds.field('side') == 'ASK')
    assert ask.num_rows == con.execute("SELECT count(*) FROM %s WHERE side = 'ASK'" % glob_).fetchone()[0] > 0
    df = pl.scan_parquet(root + '/**/*.parquet', hive_partitioning=True).filter(pl.col('side') == 'ASK').collect()
    assert df.height == ask.num_rows and set(df['side'].unique()) == {'ASK'}
    # A rerun rewrites nothing on either side.
    p = make(old_tree, 'parquet', 'SIDES=BID ASK')
    assert p.returncode == 0 and ': 44 series, 0 partition files rewritten (all up to date)\n' in p.stderr, p.stderr


def test_a_side_dropped_from_sides_moves_only_its_parquet_series(old_tree):
    """tidy retires a side that SIDES no longer names: only side=ASK/ folders move, the BID series stay."""
    add_ask_cache(old_tree)
    assert make(old_tree, 'pipeline', 'SIDES=BID ASK').returncode == 0
    assert make(old_tree, 'parquet', 'SIDES=BID ASK').returncode == 0
    root = old_tree / 'data' / 'parquet'
    bid = {f: v for f, v in snapshot(root).items() if '/side=BID/' in f}
    p = make(old_tree, 'parquet', 'SIDES=BID')
    assert p.returncode == 0, p.stderr
    assert 'tidy: EUR-USD@ASK: ASK is no longer among the sides of EUR-USD (SIDES)' in p.stderr, p.stderr
    left = snapshot(root)
    assert not [f for f in left if 'side=ASK' in f]
    assert {f: v for f, v in left.items() if '/side=BID/' in f} == bid
    retired = glob.glob(str(old_tree / 'data/retired/*/EUR-USD@ASK/parquet/timeframe=1h/symbol=EUR-USD/side=ASK/year=2026/part-0.parquet'))
    assert len(retired) == 1
