"""ohlcv-extract: one series CSV in [after, until) as labelled CSV rows or MT4 rows (docs/extract.md).
Expected rows are built here from the source text with Python's own string and datetime operations."""
import datetime, os, subprocess
import pytest
from conftest import HEADER, random_csv, run, through_fifo, through_process_substitution


@pytest.fixture
def series(tmp_path):
    text = random_csv(5000, seed=17)
    p = tmp_path / 'EUR-USD.csv'
    p.write_text(text)
    return str(p), text.splitlines(keepends=True)[1:]


def mt4(row, seconds=True):
    """'YYYY-MM-DD HH:MM:SS,rest' → 'YYYY.MM.DD,HH:MM:SS,rest' (or HH:MM)."""
    return '%s.%s.%s,%s%s' % (row[0:4], row[5:7], row[8:10], row[11:19] if seconds else row[11:16], row[19:])


def test_csv_prefixes_symbol_and_timeframe_and_copies_rows(extract_tool, series):
    src, rows = series
    after, until = rows[1000][:19], rows[1200][:19]
    p = run(extract_tool, '--header', '--symbol', 'EUR-USD', '--timeframe', '1m', '--after', after, '--until', until, src)
    assert p.returncode == 0, p.stderr
    want = 'symbol,timeframe,time,open,high,low,close,volume\n' + ''.join('EUR-USD,1m,' + r for r in rows[1000:1200])
    assert p.stdout.decode() == want and p.stderr == ''


def test_mt4_format_and_skip_open(extract_tool, series, tmp_path):
    src, rows = series
    out = str(tmp_path / 'mt4.csv')
    p = run(extract_tool, '--format', 'mt4', '--skip-open', '--timeframe', '1m', '--after', rows[4990][:19], '-o', out, src)
    assert p.returncode == 0, p.stderr
    assert open(out).read() == ''.join(mt4(r) for r in rows[4990:-1])
    assert len(open(out).read().splitlines()) == 9                   # the open last candle is left out


def test_skip_open_only_drops_the_files_last_row(extract_tool, series):
    src, rows = series
    p = run(extract_tool, '--skip-open', '--symbol', 'S', '--timeframe', '1m', '--until', rows[10][:19], src)
    assert p.stdout.decode() == ''.join('S,1m,' + r for r in rows[:10])


def test_mt4_time_hh_mm_drops_only_the_seconds_field(extract_tool, series):
    src, rows = series
    p = run(extract_tool, '--format', 'mt4', '--mt4-time', 'hh:mm', '--timeframe', '1m', src)
    assert p.returncode == 0, p.stderr
    got = p.stdout.decode().splitlines(keepends=True)
    assert got == [mt4(r, seconds=False) for r in rows]
    assert got[0][10] == ',' and got[0][16] == ','                  # YYYY.MM.DD,HH:MM,open


def test_mt4_time_hh_mm_refuses_a_candle_with_seconds(extract_tool, tmp_path):
    src = tmp_path / 's.csv'
    src.write_text(HEADER + '2024-01-01 00:00:00,1.0,1.0,1.0,1.0,1.0\n2024-01-01 00:01:30,1.0,1.0,1.0,1.0,1.0\n')
    p = run(extract_tool, '--format', 'mt4', '--mt4-time', 'hh:mm', '--timeframe', '1m', str(src))
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in extract: %s:3: bad CSV: the candle at 2024-01-01 00:01:30 has seconds' % src), p.stderr


def weekly_series(tmp_path, resample_tool):
    """A 1W series built by ohlcv-resample from ten weeks of generated 1-minute candles."""
    minutes = tmp_path / '1m.csv'
    lines, t = [HEADER], datetime.datetime(2023, 1, 4, 8, 0)          # a Wednesday: the first week is partial
    for i in range(70 * 24 * 6):                                        # ten weeks, a candle every 10 minutes
        o = 1.1 + (i % 97) / 1e5
        lines.append('%s,%.5f,%.5f,%.5f,%.5f,%d.5\n' % (t.strftime('%Y-%m-%d %H:%M:%S'), o, o + 0.0002, o - 0.0001, o + 0.0001, i % 7))
        t += datetime.timedelta(minutes=10)
    minutes.write_text(''.join(lines))
    weeks = subprocess.run([resample_tool, '--timeframe', '1W', '--decimals', '5', str(minutes)], capture_output=True)
    assert weeks.returncode == 0, weeks.stderr.decode()
    path = tmp_path / '1W.csv'
    path.write_bytes(weeks.stdout)
    return str(path), weeks.stdout.decode().splitlines()[1:]


@pytest.mark.parametrize('style', ['hh:mm:ss', 'hh:mm'])
def test_a_weekly_candle_is_labelled_with_its_sunday(extract_tool, tmp_path, style):
    """MetaTrader labels a week with its Sunday: our Monday 00:00 candle is written with the day before; the
    time and every value are unchanged. The Sunday is computed here with datetime, not by the tool."""
    src, rows = weekly_series(tmp_path, os.path.join(os.path.dirname(extract_tool), 'ohlcv-resample'))
    assert len(rows) >= 9
    p = run(extract_tool, '--format', 'mt4', '--mt4-time', style, '--timeframe', '1W', src)
    assert p.returncode == 0, p.stderr
    got = p.stdout.decode().splitlines()
    assert len(got) == len(rows)
    for row, line in zip(rows, got):
        monday = datetime.datetime.strptime(row[:19], '%Y-%m-%d %H:%M:%S')
        assert monday.weekday() == 0 and monday.time() == datetime.time(0, 0)
        sunday = monday.date() - datetime.timedelta(days=1)
        assert sunday.weekday() == 6
        date, time, values = line.split(',', 2)
        assert date == sunday.strftime('%Y.%m.%d')
        assert time == ('00:00:00' if style == 'hh:mm:ss' else '00:00')
        assert values == row[20:]
    # The same series as csv keeps its Monday: only MT4 output relabels.
    p = run(extract_tool, '--symbol', 'S', '--timeframe', '1W', src)
    assert p.stdout.decode().splitlines() == ['S,1W,' + r for r in rows]


def test_a_weekly_candle_that_is_not_on_a_monday_is_refused(extract_tool, tmp_path):
    src = tmp_path / 'w.csv'
    src.write_text(HEADER + '2023-01-30 00:00:00,1.0,1.0,1.0,1.0,1.0\n2023-02-07 00:00:00,1.0,1.0,1.0,1.0,1.0\n')
    p = run(extract_tool, '--format', 'mt4', '--timeframe', '1W', str(src))
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in extract: %s:3: bad CSV: the 1W candle at 2023-02-07 00:00:00 does not start on a Monday' % src), p.stderr


@pytest.mark.parametrize('args', [
    ['--symbol', 'S', '--timeframe', '1m', '--header'],
    ['--symbol', 'S', '--timeframe', '1m', '--after', '2020-01-02', '--until', '2020-01-03 12:00:00'],
    ['--symbol', 'S', '--timeframe', '1m', '--skip-open', '--after', '2020-01-02'],
    ['--symbol', 'S', '--timeframe', '1m', '--skip-open', '--until', '2020-01-02'],
    ['--format', 'mt4', '--timeframe', '1m', '--skip-open', '--mt4-time', 'hh:mm', '--until', '2030-01-01'],
])
def test_stdin_a_fifo_and_a_process_substitution_give_the_files_bytes(extract_tool, series, tmp_path, args):
    src, rows = series
    data = open(src, 'rb').read()
    from_file = run(extract_tool, *args, src)
    assert from_file.returncode == 0 and from_file.stdout, from_file.stderr
    from_stdin = run(extract_tool, *args, '-', stdin=data)
    from_fifo = through_fifo(extract_tool, args, data, tmp_path)
    from_pipe = through_process_substitution(extract_tool, args, src)
    for p in (from_stdin, from_fifo, from_pipe):
        assert p.returncode == 0, p.stderr
        assert p.stdout == from_file.stdout


def test_no_candle_in_the_range_is_an_empty_output_not_an_error(extract_tool, series, tmp_path):
    src, _ = series
    out = tmp_path / 'none.csv'
    p = run(extract_tool, '--symbol', 'S', '--timeframe', '1m', '--after', '2031-01-01', '-o', str(out), src)
    assert p.returncode == 0 and p.stderr == '', p.stderr
    assert out.read_bytes() == b''


@pytest.mark.parametrize('args,message', [
    (['--format', 'xls', '--symbol', 'S', '--timeframe', '1m'], '--format must be csv, mt4 or bidask'),
    (['--symbol', 'S'], '--timeframe is needed'),
    (['--timeframe', '1m'], '--format csv needs --symbol'),
    (['--timeframe', '7x', '--symbol', 'S'], "timeframe '7x'"),
    (['--format', 'mt4', '--header', '--timeframe', '1m'], 'MT4 files have no header'),
    (['--mt4-time', 'hh:mm', '--symbol', 'S', '--timeframe', '1m'], '--mt4-time is for --format mt4'),
    (['--format', 'mt4', '--mt4-time', 'HH:MM', '--timeframe', '1m'], '--mt4-time must be hh:mm:ss or hh:mm'),
    (['--symbol', 'A,B', '--timeframe', '1m'], 'cannot be a CSV field'),
    (['--symbol', 'S', '--timeframe', '1m', '--after', '2024-01-02', '--until', '2024-01-02'], 'must be later than --after'),
])
def test_bad_command_lines_are_usage_errors(extract_tool, series, args, message):
    src, _ = series
    p = run(extract_tool, *args, src)
    assert p.returncode == 64
    assert p.stderr.startswith('ABORT! Critical error in extract: ') and message in p.stderr, p.stderr
    assert p.stderr.count('\n') == 1


def test_unsorted_rows_in_the_selection_are_reported(extract_tool, tmp_path):
    src = tmp_path / 'u.csv'
    src.write_text(HEADER + '2024-01-02 00:00:00,1.0,1.0,1.0,1.0,1.0\n2024-01-01 00:00:00,1.0,1.0,1.0,1.0,1.0\n')
    p = run(extract_tool, '--symbol', 'S', '--timeframe', '1d', str(src))
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in extract: %s:3: times do not strictly increase' % src), p.stderr


@pytest.mark.parametrize('fmt', ['csv', 'mt4'])
def test_a_candle_not_whole_is_refused_not_copied(extract_tool, tmp_path, fmt):
    """Issue #9 item 9: rows are copied byte for byte, but only rows the reader accepts."""
    src = tmp_path / 'w.csv'
    out = tmp_path / 'out.txt'
    src.write_text(HEADER + '2024-01-01 00:00:00,1.0,1.0,1.0,1.0,1.0\n2024-01-02 00:00:00,1.0,1.5,1.1,1.2,1.0\n')
    p = run(extract_tool, '--format', fmt, '--symbol', 'S', '--timeframe', '1d', '-o', str(out), str(src))
    assert p.returncode == 65
    assert p.stderr == ('ABORT! Critical error in extract: %s:3: candle at 2024-01-02 00:00:00 is not whole: '
                        'open 1.0 and close 1.2 must lie within [low 1.1, high 1.5]\n' % src), p.stderr
    assert not out.exists() and not (tmp_path / 'out.txt.tmp').exists()
