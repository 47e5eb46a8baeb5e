"""The joined bid/ask extract (ohlcv-extract --format bidask, make csv FORMAT=bidask) and the side of csv/mt4
extracts (make csv EXTRACT_SIDE=ASK). Expected rows are computed here with Python's Decimal from the two series' text:
the spreads are exact differences, compared as numbers, and every other field is compared as text."""
import json, os, shutil
from decimal import Decimal
import pytest
from conftest import FIXTURES, HEADER, random_csv, run, through_fifo
from test_parquet_make import TIMEFRAMES, make

SPREAD = Decimal('0.00012')


def rows_of(text):
    return text.splitlines()[1:]


def ask_text(bid_text, spread=SPREAD, drop=()):
    """An ASK series for a BID one: every price plus `spread`, volumes kept, the rows at indexes `drop` left out."""
    out = [HEADER]
    for i, row in enumerate(rows_of(bid_text)):
        if i in drop:
            continue
        f = row.split(',')
        out.append(','.join([f[0]] + [repr(float(Decimal(x) + spread)) for x in f[1:5]] + [f[5]]) + '\n')
    return ''.join(out)


def expected_join(symbol, tf, bid_rows, ask_rows):
    """(joined rows as lists of fields, bid-only count, ask-only count), with Decimal spreads."""
    asks = {r[:19]: r.split(',') for r in ask_rows}
    bids = {r[:19] for r in bid_rows}
    joined = []
    for r in bid_rows:
        b = r.split(',')
        a = asks.get(b[0])
        if a is None:
            continue
        joined.append([symbol, tf, b[0]] + b[1:5] + a[1:5] + [b[5], a[5],
                      Decimal(a[1]) - Decimal(b[1]), Decimal(a[4]) - Decimal(b[4])])
    return joined, len(bid_rows) - len(joined), sum(1 for r in ask_rows if r[:19] not in bids)


def parsed(text):
    """Our rows with the two spread fields as Decimal, so that 2e-05 and 0.00002 compare equal."""
    out = []
    for line in text.splitlines():
        f = line.split(',')
        assert len(f) == 15, line
        out.append(f[:13] + [Decimal(f[13]), Decimal(f[14])])
    return out


HEADER_BIDASK = ('symbol,timeframe,time,bid_open,bid_high,bid_low,bid_close,ask_open,ask_high,ask_low,ask_close,'
                 'bid_volume,ask_volume,spread_open,spread_close')


@pytest.fixture
def pair(tmp_path):
    """A random BID series and an ASK one whose spread varies by row, with rows dropped from each side."""
    bid = random_csv(3000, seed=5, decimals=5)
    lines = bid.splitlines(keepends=True)
    ask = [HEADER]
    for i, row in enumerate(lines[1:]):
        if i % 97 == 3:
            continue                                        # a BID-only time
        f = row.rstrip('\n').split(',')
        spread = Decimal(i % 7) / 100000
        ask.append(','.join([f[0]] + [repr(float(Decimal(x) + spread)) for x in f[1:5]] + [f[5]]) + '\n')
    bid_kept = [l for i, l in enumerate(lines[1:]) if i % 101 != 50]     # ASK-only times
    b, a = tmp_path / 'EUR-USD.csv', tmp_path / 'EUR-USD@ASK.csv'
    b.write_text(HEADER + ''.join(bid_kept))
    a.write_text(''.join(ask))
    return str(b), str(a)


def tool_join(extract_tool, bid, ask, *args):
    return run(extract_tool, '--format', 'bidask', '--symbol', 'EUR-USD', '--timeframe', '1m', '--decimals', '8',
               '--ask', ask, *args, bid)


def test_join_equals_the_decimal_join_and_counts_one_side_rows(extract_tool, pair, tmp_path):
    bid, ask = pair
    counts = tmp_path / 'counts'
    p = tool_join(extract_tool, bid, ask, '--header', '--counts', str(counts))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    assert lines[0] == HEADER_BIDASK
    want, bid_only, ask_only = expected_join('EUR-USD', '1m', rows_of(open(bid).read()), rows_of(open(ask).read()))
    assert bid_only > 0 and ask_only > 0 and len(want) > 2500
    assert parsed('\n'.join(lines[1:])) == want
    assert counts.read_text() == '%d %d %d\n' % (len(want), bid_only, ask_only)
    assert p.stderr == 'extract: EUR-USD 1m: {:,} candles on BID only and {:,} on ASK only not in the joined extract ({:,} joined)\n'.format(
        bid_only, ask_only, len(want))


def test_after_until_and_skip_open_select_each_side_before_the_join(extract_tool, pair):
    bid, ask = pair
    bid_rows, ask_rows = rows_of(open(bid).read()), rows_of(open(ask).read())
    after, until = bid_rows[700][:19], bid_rows[1900][:19]
    p = tool_join(extract_tool, bid, ask, '--after', after, '--until', until)
    assert p.returncode == 0, p.stderr
    sel = lambda rows: [r for r in rows if after <= r[:19] < until]
    want, _, _ = expected_join('EUR-USD', '1m', sel(bid_rows), sel(ask_rows))
    assert parsed(p.stdout.decode()) == want and len(want) > 1000
    # --skip-open leaves out each file's last candle: here the ASK file's last time is the BID file's last too.
    assert bid_rows[-1][:19] == ask_rows[-1][:19]
    p = tool_join(extract_tool, bid, ask, '--skip-open')
    want, _, _ = expected_join('EUR-USD', '1m', bid_rows[:-1], ask_rows[:-1])
    assert parsed(p.stdout.decode()) == want


def test_a_pipe_on_either_side_gives_the_same_join(extract_tool, pair, tmp_path):
    bid, ask = pair
    files = tool_join(extract_tool, bid, ask, '--until', rows_of(open(bid).read())[2000][:19])
    piped = through_fifo(extract_tool, ['--format', 'bidask', '--symbol', 'EUR-USD', '--timeframe', '1m', '--decimals', '8',
                                        '--until', rows_of(open(bid).read())[2000][:19], '--ask', ask],
                         open(bid, 'rb').read(), tmp_path)
    assert files.returncode == 0 and piped.returncode == 0, piped.stderr
    assert piped.stdout == files.stdout and len(files.stdout) > 0


def test_a_bad_row_on_the_ask_side_names_the_ask_file(extract_tool, pair, tmp_path):
    bid, ask = pair
    text = open(ask).read().splitlines(keepends=True)
    text[10] = text[10][:20] + 'x' + text[10][21:]
    open(ask, 'w').write(''.join(text))
    out = tmp_path / 'out.csv'
    p = tool_join(extract_tool, bid, ask, '-o', str(out))
    assert p.returncode == 65 and p.stderr.startswith('ABORT! Critical error in extract: %s:11: ' % ask), p.stderr
    assert p.stderr.count('\n') == 1 and not out.exists()


@pytest.mark.parametrize('args,message', [
    (['--format', 'bidask', '--symbol', 'S', '--timeframe', '1m'], '--format bidask needs --ask FILE'),
    (['--format', 'bidask', '--ask', 'x.csv', '--timeframe', '1m'], '--format bidask needs --symbol'),
    (['--ask', 'x.csv', '--symbol', 'S', '--timeframe', '1m'], '--ask is for --format bidask'),
    (['--format', 'mt4', '--counts', 'c', '--timeframe', '1m'], '--counts is for --format bidask'),
])
def test_bad_bidask_command_lines_are_usage_errors(extract_tool, pair, args, message):
    p = run(extract_tool, *args, pair[0])
    assert p.returncode == 64 and message in p.stderr and p.stderr.count('\n') == 1, p.stderr


# ---- make csv, as a user runs it ----

@pytest.fixture
def sides(tmp_path, shared):
    """EUR-USD with both sides (its ASK: the BID prices + 0.00012, the 1m rows 5 and 9 and the 1h row 3 only on
    BID), GBP-USD BID only."""
    (tmp_path / 'symbols.txt').write_text('EUR-USD\nGBP-USD\n')
    (tmp_path / 'config.mk').write_text('SIDES_EUR-USD = BID ASK\n')
    drops = {'1m': (5, 9), '1h': (3,)}
    for tf in ['1m'] + TIMEFRAMES.split():
        d = tmp_path / 'data' / ('aggregate' if tf == '1m' else 'resample') / tf
        d.mkdir(parents=True, exist_ok=True)
        src = os.path.join(FIXTURES, tf + '.csv')
        for sym in ('EUR-USD', 'GBP-USD'):
            shutil.copy(src, d / (sym + '.csv'))
        (d / 'EUR-USD@ASK.csv').write_text(ask_text(open(src).read(), drop=drops.get(tf, ())))
    return tmp_path


def test_make_csv_bidask_writes_the_joined_rows_and_totals_the_one_side_candles(sides):
    p = make(sides, 'csv', 'FORMAT=bidask', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1m 1h 4h')
    assert p.returncode == 0, p.stderr
    lines = open(sides / 'data/extract/bidask.csv').read().splitlines()
    assert lines[0] == HEADER_BIDASK
    want = []
    for tf, folder in (('1h', 'resample/1h'), ('1m', 'aggregate/1m'), ('4h', 'resample/4h')):
        bid = rows_of(open(sides / 'data' / folder / 'EUR-USD.csv').read())
        ask = rows_of(open(sides / 'data' / folder / 'EUR-USD@ASK.csv').read())
        joined, bid_only, ask_only = expected_join('EUR-USD', tf, bid, ask)
        assert ask_only == 0 and bid_only == {'1m': 2, '1h': 1, '4h': 0}[tf]
        assert all(r[13] == r[14] == SPREAD for r in joined)
        want += joined
    assert parsed('\n'.join(lines[1:])) == want
    assert 'extract: EUR-USD 1m: 2 candles on BID only and 0 on ASK only not in the joined extract' in p.stderr
    assert ('csv: %s: %d rows of 3 series; one side only: 3 on BID and 0 on ASK\n'
            % (sides / 'data/extract/bidask.csv', len(want))) in p.stderr, p.stderr
    assert os.listdir(sides / 'data/extract') == ['bidask.csv']


def test_make_csv_bidask_after_until_skip_open(sides):
    p = make(sides, 'csv', 'FORMAT=bidask', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1h',
             'AFTER=2026-07-10 02:00:00', 'UNTIL=2026-07-10 06:00:00')
    assert p.returncode == 0, p.stderr
    got = [l.split(',')[2] for l in open(sides / 'data/extract/bidask.csv').read().splitlines()[1:]]
    assert got == ['2026-07-10 02:00:00', '2026-07-10 04:00:00', '2026-07-10 05:00:00']      # 03:00 is BID only
    p = make(sides, 'csv', 'FORMAT=bidask', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1h', 'SKIP_OPEN=1')
    assert p.returncode == 0, p.stderr
    bid = rows_of(open(sides / 'data/resample/1h/EUR-USD.csv').read())
    got = [l.split(',')[2] for l in open(sides / 'data/extract/bidask.csv').read().splitlines()[1:]]
    assert got == [r[:19] for i, r in enumerate(bid[:-1]) if i != 3] and len(got) == len(bid) - 2


@pytest.mark.parametrize('args,setting,named', [
    (['FORMAT=bidask'], 'FORMAT', 'GBP-USD has no ASK series (SIDES = BID): add ASK to SIDES'),
    (['FORMAT=bidask', 'SYMBOL=GBP-USD', 'SIDES_GBP-USD=BID'], 'FORMAT', 'add ASK to SIDES_GBP-USD'),
    (['EXTRACT_SIDE=ASK', 'SYMBOL=GBP-USD'], 'EXTRACT_SIDE', 'GBP-USD has no ASK series (SIDES = BID)'),
    (['EXTRACT_SIDE=ASK', 'FORMAT=bidask', 'SYMBOL=EUR-USD'], 'EXTRACT_SIDE', 'FORMAT=bidask writes both sides'),
    (['EXTRACT_SIDE=MID'], 'EXTRACT_SIDE', 'expected BID or ASK'),
])
def test_an_extract_of_a_side_not_built_is_refused_before_the_lock(sides, args, setting, named):
    p = make(sides, 'csv', *args)
    assert p.returncode == 2 and 'Error 78' in p.stderr, p.stderr                  # ohlcv-config's 78, through make
    assert p.stderr.startswith('ABORT! Critical error in config: ') and setting in p.stderr and named in p.stderr, p.stderr
    assert not (sides / 'data/extract').exists() and not (sides / 'data/locks').exists()


def test_the_sides_of_an_extract_are_checked_for_make_csv_only(sides):
    """FORMAT=bidask left in config.mk refuses make csv of a BID-only symbol, not the other targets' runs."""
    with open(sides / 'config.mk', 'a') as f:
        f.write('FORMAT = bidask\n')
    p = make(sides, 'parquet', 'SYMBOL=GBP-USD', 'PARQUET_TIMEFRAMES=1h')
    assert p.returncode == 0, p.stderr
    p = make(sides, 'csv', 'SYMBOL=GBP-USD')
    assert p.returncode == 2 and 'Error 78' in p.stderr and 'config.mk:2: ' in p.stderr, p.stderr
    assert 'GBP-USD has no ASK series (SIDES = BID)' in p.stderr, p.stderr


def test_ask_csv_and_mt4_extracts_read_the_ask_series_and_the_default_stays_bid(sides):
    p = make(sides, 'csv', 'EXTRACT_SIDE=ask', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1h')
    assert p.returncode == 0, p.stderr
    ask = rows_of(open(sides / 'data/resample/1h/EUR-USD@ASK.csv').read())
    lines = open(sides / 'data/extract/extract@ASK.csv').read().splitlines()
    assert lines == ['symbol,timeframe,time,open,high,low,close,volume'] + ['EUR-USD,1h,' + r for r in ask]
    p = make(sides, 'csv', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1h')
    bid = rows_of(open(sides / 'data/resample/1h/EUR-USD.csv').read())
    assert open(sides / 'data/extract/extract.csv').read().splitlines()[1:] == ['EUR-USD,1h,' + r for r in bid]
    assert bid != ask
    p = make(sides, 'csv', 'FORMAT=mt4', 'EXTRACT_SIDE=ASK', 'SYMBOL=EUR-USD', 'EXTRACT_TIMEFRAMES=1h 1M')
    assert p.returncode == 0, p.stderr
    mt4 = lambda r: r[0:4] + '.' + r[5:7] + '.' + r[8:10] + ',' + r[11:]
    assert open(sides / 'data/extract/EUR-USD@ASK_1h.csv').read().splitlines() == [mt4(r) for r in ask]
    months = rows_of(open(sides / 'data/resample/1M/EUR-USD@ASK.csv').read())
    assert open(sides / 'data/extract/EUR-USD@ASK_1mo.csv').read().splitlines() == [mt4(r) for r in months]
    assert sorted(os.listdir(sides / 'data/extract')) == ['EUR-USD@ASK_1h.csv', 'EUR-USD@ASK_1mo.csv', 'extract.csv', 'extract@ASK.csv']


# ---- from a cache: the ASK series built by make pipeline ----

CACHE = os.path.join(os.path.dirname(FIXTURES), '..', 'eur-usd-2019-02', 'cache', '2019', '02')
DROPPED = 100                                   # 01:40 of each day: inside an hour, so only 1m loses a time


def ask_day(bid_json):
    """A cached ASK day made from a BID one: base prices + SPREAD (every minute's price moves with its base,
    the deltas being relative to it), and the minute DROPPED left out (its deltas carried into the next)."""
    day = json.loads(bid_json)
    for key in ('open', 'high', 'low', 'close'):
        day[key] = float(Decimal(repr(day[key])) + SPREAD)
    for key in ('times', 'opens', 'highs', 'lows', 'closes'):
        day[key][DROPPED + 1] += day[key][DROPPED]
    for key in ('times', 'opens', 'highs', 'lows', 'closes', 'volumes'):
        del day[key][DROPPED]
    return json.dumps(day)


@pytest.fixture
def built(tmp_path, shared):
    if not os.path.isdir(CACHE):
        pytest.skip('no cached EUR-USD days at %s' % CACHE)
    (tmp_path / 'symbols.txt').write_text('EUR-USD\n')
    month = tmp_path / 'cache' / '2019' / '02'
    month.mkdir(parents=True)
    days = sorted(os.listdir(CACHE))
    for name in days:
        text = open(os.path.join(CACHE, name)).read()
        (month / name).write_text(text)
        (month / name.replace('EUR-USD_', 'EUR-USD@ASK_')).write_text(ask_day(text))
    p = make(tmp_path, 'pipeline', 'SIDES=BID ASK', 'START_DATE=2019-02-01')
    assert p.returncode == 0, p.stderr
    return tmp_path, len(days)


def test_the_join_of_series_built_from_an_ask_cache(built):
    tree, days = built
    p = make(tree, 'csv', 'FORMAT=bidask', 'SIDES=BID ASK', 'EXTRACT_TIMEFRAMES=1m 1h')
    assert p.returncode == 0, p.stderr
    got = parsed('\n'.join(open(tree / 'data/extract/bidask.csv').read().splitlines()[1:]))
    want = []
    for tf, folder in (('1h', 'resample/1h'), ('1m', 'aggregate/1m')):
        bid = rows_of(open(tree / 'data' / folder / 'EUR-USD.csv').read())
        ask = rows_of(open(tree / 'data' / folder / 'EUR-USD@ASK.csv').read())
        joined, bid_only, ask_only = expected_join('EUR-USD', tf, bid, ask)
        assert (bid_only, ask_only) == ((days, 0) if tf == '1m' else (0, 0))
        want += joined
    assert got == want and len(want) > 2 * 1400
    # Every 1m row moved with its base, so the joined 1m spreads are the constant one.
    assert all(r[13] == r[14] == SPREAD for r in got if r[1] == '1m')
    assert 'one side only: %d on BID and 0 on ASK\n' % days in p.stderr, p.stderr
    p = make(tree, 'csv', 'FORMAT=mt4', 'EXTRACT_SIDE=ASK', 'SIDES=BID ASK', 'EXTRACT_TIMEFRAMES=1h')
    assert p.returncode == 0, p.stderr
    ask = rows_of(open(tree / 'data/resample/1h/EUR-USD@ASK.csv').read())
    assert open(tree / 'data/extract/EUR-USD@ASK_1h.csv').read().splitlines() == [
        r[0:4] + '.' + r[5:7] + '.' + r[8:10] + ',' + r[11:] for r in ask]
