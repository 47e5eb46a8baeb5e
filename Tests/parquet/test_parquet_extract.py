"""ohlcv-parquet --extract csv|mt4: the text extracts behind `make csv` (SPEC §8)."""
import os
import pytest
from conftest import HEADER, random_csv, run


@pytest.fixture
def series(tmp_path):
    text = random_csv(5000, seed=17)
    p = tmp_path / 'EUR-USD.csv'
    p.write_text(text)
    return str(p), text.splitlines(keepends=True)[1:]


def select(rows, after=None, until=None):
    return [r for r in rows if (after is None or r[:19] >= after) and (until is None or r[:19] < until)]


def test_csv_extract_prefixes_symbol_and_timeframe_and_copies_rows(tool, series):
    src, rows = series
    after, until = rows[1000][:19], rows[1200][:19]
    p = run(tool, '--extract', 'csv', '--header', '--symbol', 'EUR-USD', '--timeframe', '1m',
            '--after', after, '--until', until, src)
    assert p.returncode == 0, p.stderr
    want = 'symbol,timeframe,time,open,high,low,close,volume\n' + ''.join('EUR-USD,1m,' + r for r in rows[1000:1200])
    assert p.stdout.decode() == want


def test_mt4_extract_format_and_skip_open(tool, series, tmp_path):
    src, rows = series
    out = str(tmp_path / 'mt4.csv')
    p = run(tool, '--extract', 'mt4', '--skip-open', '--symbol', 'EUR-USD', '--timeframe', '1m',
            '--after', rows[4990][:19], '-o', out, src)
    assert p.returncode == 0, p.stderr
    want = ''.join('%s.%s.%s,%s' % (r[0:4], r[5:7], r[8:10], r[11:]) for r in rows[4990:-1])
    assert open(out).read() == want
    assert len(want.splitlines()) == 9                       # the open last candle is left out


def test_skip_open_only_drops_the_files_last_row(tool, series):
    src, rows = series
    p = run(tool, '--extract', 'csv', '--skip-open', '--symbol', 'S', '--timeframe', '1m', '--until', rows[10][:19], src)
    assert p.stdout.decode() == ''.join('S,1m,' + r for r in rows[:10])


@pytest.mark.parametrize('args,message', [
    (['--extract', 'xls', '--symbol', 'S', '--timeframe', '1m'], '--extract must be csv or mt4'),
    (['--extract', 'csv', '--symbol', 'S'], '--extract needs --symbol and --timeframe'),
    (['--extract', 'mt4', '--header', '--symbol', 'S', '--timeframe', '1m'], 'MT4 files have no header'),
    (['--skip-open'], '--skip-open and --header go with --extract'),
])
def test_bad_combinations_are_usage_errors(tool, series, args, message):
    src, _ = series
    p = run(tool, *args, src)
    assert p.returncode == 64
    assert message in p.stderr, p.stderr


def test_unsorted_rows_in_the_selection_are_reported(tool, tmp_path):
    src = tmp_path / 'u.csv'
    src.write_text(HEADER + '2024-01-02 00:00:00,1.0,1.0,1.0,1.0,1.0\n2024-01-01 00:00:00,1.0,1.0,1.0,1.0,1.0\n')
    p = run(tool, '--extract', 'csv', '--symbol', 'S', '--timeframe', '1d', str(src))
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in parquet: %s:3: times do not strictly increase' % src), p.stderr


@pytest.mark.parametrize('fmt', ['csv', 'mt4'])
def test_a_candle_not_whole_is_refused_not_copied(tool, tmp_path, fmt):
    """Issue #9 item 9: the extract copies rows byte for byte, but only rows the reader accepts."""
    src = tmp_path / 'w.csv'
    out = tmp_path / 'out.txt'
    src.write_text(HEADER + '2024-01-01 00:00:00,1.0,1.0,1.0,1.0,1.0\n2024-01-02 00:00:00,1.0,1.5,1.1,1.2,1.0\n')
    p = run(tool, '--extract', fmt, '--symbol', 'S', '--timeframe', '1d', '-o', str(out), str(src))
    assert p.returncode == 65
    assert p.stderr == ('ABORT! Critical error in parquet: %s:3: candle at 2024-01-02 00:00:00 is not whole: '
                        'open 1.0 and close 1.2 must lie within [low 1.1, high 1.5]\n' % src), p.stderr
    assert not out.exists()
