"""make csv (mk/extract.mk), driven through the project's Makefile as a user runs it. Expected rows are built
here from the series CSVs with Python string and datetime operations."""
import datetime, os
import pytest
from test_parquet_make import make, tree  # noqa: F401  (tree is a fixture)


def body(path):
    return open(path).read().splitlines()[1:]


def mt4(row):
    return row[0:4] + '.' + row[5:7] + '.' + row[8:10] + ',' + row[11:]


def success_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith('csv: ') and ' rows' in l and 'no rows' not in l]


def test_make_csv_extract_sorted_with_symbol_and_timeframe(tree):
    p = make(tree, 'csv', 'AFTER=2026-07-10 10:00:00', 'UNTIL=2026-07-10 12:00:00', 'EXTRACT_TIMEFRAMES=1h 30m 1m')
    assert p.returncode == 0, p.stderr
    lines = open(tree / 'data/extract/extract.csv').read().splitlines()
    assert lines[0] == 'symbol,timeframe,time,open,high,low,close,volume'
    rows = lines[1:]
    assert rows == sorted(rows, key=lambda l: l.encode())
    keys = [tuple(l.split(',')[:2]) for l in rows]
    assert sorted(set(keys)) == [(s, t) for s in ('EUR-USD', 'GBP-USD') for t in ('1h', '1m', '30m')]
    hours = [l for l in rows if l.startswith('EUR-USD,1h,')]
    src = [l for l in body(tree / 'data/resample/1h/EUR-USD.csv') if '10:00:00' <= l[11:19] < '12:00:00']
    assert hours == ['EUR-USD,1h,' + l for l in src] and len(hours) == 2
    assert success_lines(p.stderr) == ['csv: %s: %d rows of 6 series' % (tree / 'data/extract/extract.csv', len(rows))], p.stderr


@pytest.mark.parametrize('symbol', ['SYMBOL=EURUSD', 'SYMBOL=eur/usd', 'SYMBOLS=EUR-USD'])
def test_one_timeframe_of_one_symbol_in_any_spelling(tree, symbol):
    """The old README's `make csv SYMBOLS=… TIMEFRAMES=1h` wrote 1m too: now EXTRACT_TIMEFRAMES=1h gives 1h alone."""
    p = make(tree, 'csv', symbol, 'EXTRACT_TIMEFRAMES=1h')
    assert p.returncode == 0, p.stderr
    rows = body(tree / 'data/extract/extract.csv')
    src = body(tree / 'data/resample/1h/EUR-USD.csv')
    assert len(rows) == len(src) > 0
    assert rows == ['EUR-USD,1h,' + l for l in src]


def test_make_csv_mt4_skip_open(tree):
    p = make(tree, 'csv', 'FORMAT=mt4', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=4h', 'SKIP_OPEN=1')
    assert p.returncode == 0, p.stderr
    src = body(tree / 'data/resample/4h/EUR-USD.csv')
    assert open(tree / 'data/extract/EUR-USD_4h.csv').read().splitlines() == [mt4(l) for l in src[:-1]]
    assert os.listdir(tree / 'data/extract') == ['EUR-USD_4h.csv']         # no leftovers of the run
    assert success_lines(p.stderr) == ['csv: %s: %d rows in 1 MT4 files' % (tree / 'data/extract', len(src) - 1)], p.stderr


def test_mt4_weekly_rows_carry_their_sunday_and_hh_mm(tree):
    p = make(tree, 'csv', 'FORMAT=mt4', 'SYMBOL=GBP-USD', 'EXTRACT_TIMEFRAMES=1W 1d', 'MT4_TIME=hh:mm')
    assert p.returncode == 0, p.stderr
    weeks = body(tree / 'data/resample/1W/GBP-USD.csv')
    got = open(tree / 'data/extract/GBP-USD_1W.csv').read().splitlines()
    assert len(got) == len(weeks) > 0
    for row, line in zip(weeks, got):
        monday = datetime.datetime.strptime(row[:19], '%Y-%m-%d %H:%M:%S')
        assert monday.weekday() == 0
        sunday = (monday - datetime.timedelta(days=1)).date()
        assert line == '%s,00:00,%s' % (sunday.strftime('%Y.%m.%d'), row[20:])
    days = body(tree / 'data/resample/1d/GBP-USD.csv')
    assert open(tree / 'data/extract/GBP-USD_1d.csv').read().splitlines() == [mt4(l)[:16] + l[19:] for l in days]


@pytest.mark.parametrize('fmt', ['csv', 'mt4'])
def test_a_series_without_rows_is_named_and_the_others_are_written(tree, fmt):
    """Every selected series is tried; an empty one is named on stderr; for mt4 its older file is removed."""
    hours = tree / 'data/resample/1h/GBP-USD.csv'
    lines = open(hours).read().splitlines(keepends=True)
    hours.write_text(lines[0] + ''.join(l for l in lines[1:] if l < '2026-07-10 10'))      # ends before 10:00
    (tree / 'data/extract').mkdir(parents=True)
    stale = tree / 'data/extract/GBP-USD_1h.csv'
    stale.write_text('2026.07.09,00:00:00,1,1,1,1,1\n')
    p = make(tree, 'csv', 'FORMAT=' + fmt, 'AFTER=2026-07-10 10:00:00', 'EXTRACT_TIMEFRAMES=1h 4h')
    assert p.returncode == 0, p.stderr
    assert 'csv: GBP-USD 1h: no rows in [2026-07-10 10:00:00, end)' in p.stderr, p.stderr
    assert 'ABORT' not in p.stderr and len(success_lines(p.stderr)) == 1, p.stderr
    want = {(s, t): [l for l in body(tree / 'data/resample' / t / (s + '.csv')) if l[:19] >= '2026-07-10 10:00:00']
            for s in ('EUR-USD', 'GBP-USD') for t in ('1h', '4h')}
    assert want[('GBP-USD', '1h')] == [] and all(want[k] for k in want if k != ('GBP-USD', '1h'))
    if fmt == 'csv':
        rows = body(tree / 'data/extract/extract.csv')
        assert rows == ['%s,%s,%s' % (s, t, l) for (s, t) in sorted(want) for l in want[(s, t)]]
    else:
        assert not stale.exists()
        assert sorted(os.listdir(tree / 'data/extract')) == ['EUR-USD_1h.csv', 'EUR-USD_4h.csv', 'GBP-USD_4h.csv']
        for (s, t), rows in want.items():
            if rows:
                assert open(tree / 'data/extract' / ('%s_%s.csv' % (s, t))).read().splitlines() == [mt4(l) for l in rows]


@pytest.mark.parametrize('fmt', ['csv', 'mt4'])
def test_a_selection_without_any_row_fails_and_changes_nothing(tree, fmt):
    (tree / 'data/extract').mkdir(parents=True)
    before = {'extract.csv': 'old\n', 'EUR-USD_1h.csv': 'old\n'}
    for name, text in before.items():
        (tree / 'data/extract' / name).write_text(text)
    p = make(tree, 'csv', 'FORMAT=' + fmt, 'AFTER=2030-01-01', 'EXTRACT_TIMEFRAMES=1h 1d')
    assert p.returncode == 2
    assert 'ABORT! Critical error in csv: no rows in [2030-01-01, end) in any of the 4 selected series; no extract was changed' in p.stderr
    assert 'csv: EUR-USD 1h: no rows' in p.stderr and 'csv: GBP-USD 1d: no rows' in p.stderr, p.stderr
    assert {n: open(tree / 'data/extract' / n).read() for n in os.listdir(tree / 'data/extract')} == before


@pytest.mark.parametrize('args,message', [
    (['FORMAT=xlsx'], "bad setting FORMAT = 'xlsx' (from the command line): expected csv or mt4"),
    (['MT4_TIME=HH:MM'], "bad setting MT4_TIME = 'HH:MM' (from the command line): expected hh:mm:ss or hh:mm"),
    (['AFTER=2026-07-11', 'UNTIL=2026-07-10'], "bad setting UNTIL = '2026-07-10' (from the command line): it must be later than AFTER (2026-07-11)"),
    (['SYMBOL=XAU-USD'], "bad setting SYMBOL = 'XAU-USD' (from the command line): 'XAU-USD' is not in"),
    (['EXTRACT_TIMEFRAMES=2h'], "bad setting EXTRACT_TIMEFRAMES = '2h' (from the command line): 2h is not a configured timeframe of EUR-USD"),
    (['SKIP_OPEN=yes'], "bad setting SKIP_OPEN = 'yes' (from the command line): expected 0 or 1"),
    (['AFTER=yesterday'], "bad setting AFTER = 'yesterday' (from the command line): expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS'"),
    (['SYMBOL=EUR-USD', 'SYMBOLS=EUR-USD'], "bad setting SYMBOLS = 'EUR-USD' (from the command line): SYMBOL='EUR-USD' is also given, "
                                            "and SYMBOLS is its synonym; give only one of the two"),
    (['EXTRACT_SYMBOLS=EUR-USD'], "unknown setting 'EXTRACT_SYMBOLS' on the command line; it was retired: make csv extracts "
                                  "the symbols chosen with SYMBOL="),
    (['TIMEFRAMES=1h'], "bad setting TIMEFRAMES = '1h' (from the command line): make csv builds nothing and selects timeframes "
                        "with EXTRACT_TIMEFRAMES"),
    (['TIMEFRAMES=1h', 'EXTRACT_TIMEFRAMES=1h'], "bad setting TIMEFRAMES = '1h' (from the command line): make csv builds nothing"),
])
def test_make_csv_settings_are_checked_before_anything_runs(tree, args, message):
    before = sorted(os.listdir(tree / 'data/resample'))
    p = make(tree, 'csv', *args)
    assert p.returncode == 2 and 'Error 78' in p.stderr, p.stderr
    assert 'ABORT! Critical error in config: ' in p.stderr and message in p.stderr, p.stderr
    assert not (tree / 'data/extract').exists()
    assert sorted(os.listdir(tree / 'data/resample')) == before


def test_a_missing_series_is_named(tree):
    os.remove(tree / 'data/resample/4h/GBP-USD.csv')
    p = make(tree, 'csv', 'EXTRACT_TIMEFRAMES=4h')
    assert p.returncode == 2 and 'Error 66' in p.stderr
    assert ('ABORT! Critical error in csv: GBP-USD: %s: no such input (timeframe 4h; run make first)'
            % (tree / 'data/resample/4h/GBP-USD.csv')) in p.stderr, p.stderr
    assert os.listdir(tree / 'data/extract') == []
