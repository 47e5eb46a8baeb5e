"""mk/parquet.mk driven through a throwaway Makefile that defines what the main Makefile defines."""
import os, shutil, subprocess, sys
import duckdb
import pytest
from conftest import FIXTURES, HEADER, REPO, bin_dir, random_csv
sys.path.insert(0, os.path.join(REPO, 'Tests'))
import testkit  # noqa: E402

TIMEFRAMES = '5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y'


@pytest.fixture
def tree(tmp_path, shared):
    (tmp_path / 'Makefile').write_text(
        'SHELL := /bin/bash\n.SHELLFLAGS := -eu -o pipefail -c\nBIN := %s\nDATA_DIR ?= data\nSYMBOLS ?= EUR-USD GBP-USD\n'
        'TIMEFRAMES ?= %s\nLOCK_WAIT ?= 1\ntimeframes_of = $(or $(TIMEFRAMES_$(1)),$(TIMEFRAMES))\n'
        'decimals_of = $(or $(DECIMALS_$(1)),8)\n.PHONY: build\nbuild: ;\ninclude %s/mk/parquet.mk\n'
        % (bin_dir(), TIMEFRAMES, REPO))
    for sym in ('EUR-USD', 'GBP-USD'):
        for tf in ['1m'] + TIMEFRAMES.split():
            d = tmp_path / 'data' / ('aggregate' if tf == '1m' else 'resample') / tf
            d.mkdir(parents=True, exist_ok=True)
            shutil.copy(os.path.join(FIXTURES, tf + '.csv'), d / (sym + '.csv'))
    return tmp_path


def make(tree, *args):
    return subprocess.run(['make', '--no-print-directory', '-C', str(tree), *args], capture_output=True, text=True)


def test_make_parquet_builds_every_series_then_rewrites_only_what_changed(tree):
    p = make(tree, '-j2', 'parquet')
    assert p.returncode == 0, p.stderr
    assert p.stderr.count('1 of 1 year partitions rewritten') == 22
    files = sorted(os.path.relpath(os.path.join(d, f), tree / 'data' / 'parquet')
                   for d, _, fs in os.walk(tree / 'data' / 'parquet') for f in fs if f.endswith('.parquet'))
    assert len(files) == 22 and 'timeframe=1m/symbol=EUR-USD/year=2026/part-0.parquet' in files
    n = duckdb.connect().execute("SELECT count(*) FROM read_parquet('%s/data/parquet/**/*.parquet', hive_partitioning=true) "
                                 "WHERE symbol = 'GBP-USD' AND timeframe = '1h'" % tree).fetchone()[0]
    assert n == open(os.path.join(FIXTURES, '1h.csv')).read().count('\n') - 1
    p = make(tree, 'parquet')
    assert p.returncode == 0 and p.stderr.count('0 of 1 year partitions rewritten (0 rows)') == 22, p.stderr
    with open(tree / 'data/resample/1h/EUR-USD.csv', 'a') as f:
        f.write('2026-07-10 21:00:00,1.1,1.2,1.0,1.1,7.0\n')
    p = make(tree, 'parquet')
    assert p.stderr.count('1 of 1 year partitions rewritten') == 1 and 'EUR-USD 1h: 1 of 1' in p.stderr, p.stderr


def test_make_parquet_names_a_missing_series(tree):
    os.remove(tree / 'data/resample/4h/GBP-USD.csv')
    p = make(tree, 'parquet')
    assert p.returncode != 0
    assert 'GBP-USD: data/resample/4h/GBP-USD.csv: no such input (run make first)' in p.stderr


def test_make_csv_extract_sorted_with_symbol_and_timeframe(tree):
    p = make(tree, 'csv', 'AFTER=2026-07-10 10:00:00', 'UNTIL=2026-07-10 12:00:00', 'EXTRACT_TIMEFRAMES=1h 30m 1m')
    assert p.returncode == 0, p.stderr
    lines = open(tree / 'data/extract/extract.csv').read().splitlines()
    assert lines[0] == 'symbol,timeframe,time,open,high,low,close,volume'
    body = lines[1:]
    assert body == sorted(body, key=lambda l: l.split(',')[:3])
    keys = [tuple(l.split(',')[:2]) for l in body]
    assert sorted(set(keys)) == [(s, t) for s in ('EUR-USD', 'GBP-USD') for t in ('1h', '1m', '30m')]
    hours = [l for l in body if l.startswith('EUR-USD,1h,')]
    src = [l for l in open(tree / 'data/resample/1h/EUR-USD.csv').read().splitlines()[1:] if '10:00:00' <= l[11:19] < '12:00:00']
    assert hours == ['EUR-USD,1h,' + l for l in src] and len(hours) == 2


def test_make_csv_mt4_skip_open(tree):
    p = make(tree, 'csv', 'FORMAT=mt4', 'EXTRACT_SYMBOLS=EUR-USD', 'EXTRACT_TIMEFRAMES=4h', 'SKIP_OPEN=1')
    assert p.returncode == 0, p.stderr
    src = open(tree / 'data/resample/4h/EUR-USD.csv').read().splitlines()[1:]
    got = open(tree / 'data/extract/EUR-USD_4h.csv').read().splitlines()
    assert got == [l[0:4] + '.' + l[5:7] + '.' + l[8:10] + ',' + l[11:] for l in src[:-1]]


@pytest.mark.parametrize('args,status,message', [
    (['FORMAT=xlsx'], 2, "FORMAT must be csv or mt4, not 'xlsx'"),
    (['AFTER=2026-07-11', 'UNTIL=2026-07-10'], 2, 'UNTIL (2026-07-10) must be later than AFTER (2026-07-11)'),
    (['AFTER=2030-01-01'], 2, 'csv: no rows in [2030-01-01, end)'),
    (['EXTRACT_SYMBOLS=XAU-USD'], 2, 'no such input (symbol XAU-USD'),
    (['SKIP_OPEN=yes'], 2, "SKIP_OPEN must be 0 or 1, not 'yes'"),
    (['AFTER=yesterday'], 2, "--after must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not 'yesterday'"),
])
def test_make_csv_errors_say_why_and_leave_no_file(tree, args, status, message):
    p = make(tree, 'csv', *args)
    assert p.returncode == status
    assert message in p.stderr, p.stderr
    assert not os.path.exists(tree / 'data/extract/extract.csv')
    assert not os.path.exists(tree / 'data/extract/extract.csv.tmp')


def test_per_symbol_timeframes_and_the_run_lock(tree):
    p = make(tree, 'parquet', 'TIMEFRAMES_GBP-USD=1h 1d')
    assert p.returncode == 0, p.stderr
    assert p.stderr.count('GBP-USD') == 3 and p.stderr.count('EUR-USD') == 11      # 1m + 1h + 1d for GBP-USD
    with testkit.holding_lock(str(tree / 'data' / 'locks' / 'run.lock')):
        p = make(tree, 'parquet')
    assert p.returncode == 2 and 'parquet: busy: another run holds data/locks/run.lock (status 75)' in p.stderr, p.stderr
