"""ohlcv-parquet against pyarrow, DuckDB, polars and check_file.py (behaviour §9)."""
import datetime, glob, json, math, os, pty, random, select, subprocess
import duckdb, polars as pl, pyarrow as pa, pyarrow.dataset as ds, pyarrow.parquet as pq
import pytest
from conftest import (COLUMNS, FIXTURES, HEADER, check_file, csv_rows, random_csv, run, table_to_csv, through_fifo,
                      through_process_substitution)

CODECS = ['snappy', 'none']


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def convert(tool, src, out, *args):
    p = run(tool, *args, '-o', out, src)
    assert p.returncode == 0, p.stderr
    assert p.stdout == b''
    return out


def assert_all_readers_equal_csv(path, csv_text):
    """pyarrow, DuckDB and polars return exactly the CSV's rows: naive times and the doubles of its text."""
    want = csv_rows(csv_text)
    t = pq.read_table(path)
    assert t.schema.field('time').type == pa.timestamp('ms')          # naive: no time zone
    assert [t.schema.field(c).type for c in COLUMNS] == [pa.float64()] * 5
    assert [f.nullable for f in pq.ParquetFile(path).schema_arrow] == [False] * 6
    d = t.to_pydict()
    assert [x.strftime('%Y-%m-%d %H:%M:%S') for x in d['time']] == [w[0] for w in want]
    for k, c in enumerate(COLUMNS):
        assert d[c] == [w[1][k] for w in want], c
    con = duckdb.connect()
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [path]).fetchall())
    assert types == {'time': 'TIMESTAMP', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'DOUBLE'}
    rows = con.execute("SELECT strftime(time, '%Y-%m-%d %H:%M:%S'), open, high, low, close, volume FROM read_parquet(?) ORDER BY time", [path]).fetchall()
    assert [(r[0], list(r[1:])) for r in rows] == want
    df = pl.read_parquet(path)
    assert df.schema['time'] == pl.Datetime('ms', None)
    assert df['time'].dt.strftime('%Y-%m-%d %H:%M:%S').to_list() == [w[0] for w in want]
    for k, c in enumerate(COLUMNS):
        assert df[c].to_list() == [w[1][k] for w in want], c


def test_twelve_decimals_volumes_past_int64_read_back_as_the_csv_text(tool, tmp_path):
    """Issue #9 item 5: at --decimals 12 a year's volume passes Int64 units (held as Int128); from a file and
    from stdin, every reader still gets the double nearest the CSV text, as for any other value."""
    text = HEADER + ''.join('%s,%s\n' % r for r in [
        ('2005-01-01 00:00:00', '1000000.123456789012,1000000.5,999999.0,1000000.0,3650000000.123456789012'),
        ('2006-01-01 00:00:00', '9223372.036854775807,9223372.036854775807,1.0,1.0,73000000000.000000000001'),
        ('2007-01-01 00:00:00', '1.0,1.0,1.0,1.0,1.2345678901234567890123e+16'),
        ('2008-01-01 00:00:00', '1.0,1.0,1.0,1.0,170141183460469231731687303.715884105727'),
        ('2009-01-01 00:00:00', '1.0,1.0,1.0,1.0,10853010.0'),
    ])
    src = write(tmp_path, 'year.csv', text)
    out = convert(tool, src, str(tmp_path / 'file.parquet'), '--decimals', '12')
    check_file(out, 5)
    assert_all_readers_equal_csv(out, text)
    p = run(tool, '--decimals', '12', '-o', str(tmp_path / 'stdin.parquet'), '-', stdin=text.encode())
    assert p.returncode == 0, p.stderr
    assert_all_readers_equal_csv(str(tmp_path / 'stdin.parquet'), text)


@pytest.mark.parametrize('codec', CODECS)
def test_real_fixtures_pass_checker_and_read_back_exactly(tool, shared, tmp_path, codec):
    files = sorted(glob.glob(os.path.join(FIXTURES, '*.csv')))
    assert len(files) == 11
    for src in files:
        text = open(src).read()
        out = convert(tool, src, str(tmp_path / (os.path.basename(src) + '.parquet')), '--compression', codec)
        rows = text.count('\n') - 1
        check_file(out, rows)
        assert_all_readers_equal_csv(out, text)
        md = pq.ParquetFile(out).metadata
        assert md.created_by.startswith('ohlcv version 1.0.0 (build ')
        col = md.row_group(0).column(0)
        assert col.encodings == ('DELTA_BINARY_PACKED',)
        assert col.compression == ('SNAPPY' if codec == 'snappy' else 'UNCOMPRESSED')


def test_footer_annotations_match_spec(tool, tmp_path):
    src = write(tmp_path, 'a.csv', random_csv(300, seed=3))
    out = convert(tool, src, str(tmp_path / 'a.parquet'))
    con = duckdb.connect()
    schema = con.execute("SELECT name, type, converted_type, logical_type, repetition_type FROM parquet_schema(?)", [out]).fetchall()
    assert schema[1][:3] == ('time', 'INT64', 'TIMESTAMP_MILLIS')
    assert 'isAdjustedToUTC=0' in schema[1][3].replace(' ', '') or 'isAdjustedToUTC=false' in schema[1][3].replace(' ', '')
    assert [s[4] for s in schema[1:]] == ['REQUIRED'] * 6
    assert [s[1] for s in schema[2:]] == ['DOUBLE'] * 5
    fm = con.execute("SELECT format_version, created_by, column_orders FROM parquet_file_metadata(?)", [out]).fetchone()
    assert fm[0] == 1
    assert fm[1] == 'ohlcv version 1.0.0 (build unknown)'
    assert len(fm[2]) == 6 and all('TYPE' in str(o).upper() for o in fm[2]), fm[2]
    md = pq.ParquetFile(out).metadata
    logical = json.loads(md.schema.column(0).logical_type.to_json())
    assert (logical['Type'], logical['isAdjustedToUTC'], logical['timeUnit']) == ('Timestamp', False, 'milliseconds')


@pytest.mark.parametrize('codec', CODECS)
def test_many_row_groups_and_pages(tool, shared, tmp_path, codec):
    text = random_csv(25_000, seed=11)
    src = write(tmp_path, 'long.csv', text)
    out = convert(tool, src, str(tmp_path / 'long.parquet'), '--compression', codec,
                  '--row-group-rows', '3000', '--page-rows', '700')
    md = pq.ParquetFile(out).metadata
    assert md.num_row_groups == 9                      # 8 × 3000 + 1000
    assert [md.row_group(i).num_rows for i in range(9)] == [3000] * 8 + [1000]
    check_file(out, 25_000)
    assert_all_readers_equal_csv(out, text)


def test_statistics_are_exact_per_row_group(tool, tmp_path):
    text = random_csv(10_000, seed=5)
    src = write(tmp_path, 's.csv', text)
    out = convert(tool, src, str(tmp_path / 's.parquet'), '--row-group-rows', '1500')
    want = csv_rows(text)
    md = pq.ParquetFile(out).metadata
    for g in range(md.num_row_groups):
        part = want[g * 1500:(g + 1) * 1500]
        st = md.row_group(g).column(0).statistics
        assert (st.min.strftime('%Y-%m-%d %H:%M:%S'), st.max.strftime('%Y-%m-%d %H:%M:%S')) == (part[0][0], part[-1][0])
        assert st.null_count == 0
        for k, c in enumerate(COLUMNS):
            st = md.row_group(g).column(k + 1).statistics
            vals = [r[1][k] for r in part]
            assert (st.min, st.max, st.null_count) == (min(vals), max(vals), 0), (g, c)


def test_time_range_query_prunes_row_groups(tool, tmp_path):
    text = random_csv(20_000, seed=8, gaps=False)
    src = write(tmp_path, 'p.csv', text)
    out = convert(tool, src, str(tmp_path / 'p.parquet'), '--row-group-rows', '2000')
    want = csv_rows(text)
    lo, hi = want[4100][0], want[6100][0]                  # spans groups 2, 3 (rows 4000..6099)
    lo_dt = datetime.datetime.strptime(lo, '%Y-%m-%d %H:%M:%S')
    hi_dt = datetime.datetime.strptime(hi, '%Y-%m-%d %H:%M:%S')
    expr = (ds.field('time') >= pa.scalar(lo_dt, pa.timestamp('ms'))) & (ds.field('time') < pa.scalar(hi_dt, pa.timestamp('ms')))
    fragment = next(ds.dataset(out).get_fragments())
    kept = fragment.split_by_row_group(expr)
    assert [f.row_groups[0].id for f in kept] == [2, 3]      # pyarrow skipped 8 of 10 groups on statistics
    got = ds.dataset(out).to_table(filter=expr)
    assert got.num_rows == 2000
    con = duckdb.connect()
    n = con.execute("SELECT count(*), min(strftime(time, '%Y-%m-%d %H:%M:%S')) FROM read_parquet(?) WHERE time >= ?::TIMESTAMP AND time < ?::TIMESTAMP", [out, lo, hi]).fetchone()
    assert n == (2000, lo)


@pytest.mark.parametrize('codec', CODECS)
def test_empty_series_is_a_valid_zero_row_file(tool, shared, tmp_path, codec):
    src = write(tmp_path, 'empty.csv', HEADER)
    out = convert(tool, src, str(tmp_path / 'empty.parquet'), '--compression', codec)
    md = pq.ParquetFile(out).metadata
    assert (md.num_rows, md.num_row_groups, md.num_columns) == (0, 0, 6)
    t = pq.read_table(out)
    assert t.num_rows == 0 and t.schema.names == ['time'] + COLUMNS
    assert duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [out]).fetchone() == (0,)
    assert pl.read_parquet(out).shape == (0, 6)


@pytest.mark.parametrize('codec', CODECS)
def test_one_row(tool, shared, tmp_path, codec):
    text = HEADER + '2025-11-26 00:00:00,1.15648,1.16021,1.1547,1.16017,108027.31\n'
    src = write(tmp_path, 'one.csv', text)
    out = convert(tool, src, str(tmp_path / 'one.parquet'), '--compression', codec)
    check_file(out, 1)
    assert_all_readers_equal_csv(out, text)


@pytest.mark.parametrize('seed', range(6))
def test_round_trip_csv_parquet_csv_is_byte_identical(tool, tmp_path, seed):
    rng = random.Random(seed)
    text = random_csv(rng.randint(1, 4000), seed=seed, decimals=rng.choice([2, 5, 8]))
    src = write(tmp_path, 'r.csv', text)
    out = convert(tool, src, str(tmp_path / 'r.parquet'), '--row-group-rows', str(rng.randint(1, 5000)),
                  '--compression', rng.choice(CODECS))
    t = pq.read_table(out).to_pydict()
    assert table_to_csv(t['time'], [t[c] for c in COLUMNS]) == text


def test_exact_doubles_for_large_and_tiny_values(tool, tmp_path):
    values = ['123456789.12345678', '90071992.54740993', '0.00000001', '9.6e-05', '1e-05', '12345678901.0',
              '0.1', '2.0', '0.0', '92233720368.5', '45035996.27370497']
    text = HEADER + ''.join('2024-01-01 00:%02d:00,%s,%s,%s,%s,%s\n' % (i, v, v, v, v, v) for i, v in enumerate(values))
    src = write(tmp_path, 'x.csv', text)
    out = convert(tool, src, str(tmp_path / 'x.parquet'))
    got = pq.read_table(out)['close'].to_pylist()
    assert got == [float(v) for v in values]           # the Double nearest to the text, bit for bit
    assert [math.copysign(1, x) for x in got] == [1.0] * len(values)


def test_stdout_and_stdin_give_the_same_bytes_as_output_file(tool, tmp_path):
    text = random_csv(3000, seed=21)
    src = write(tmp_path, 'a.csv', text)
    out = convert(tool, src, str(tmp_path / 'a.parquet'))
    via_stdout = run(tool, src)
    via_stdin = run(tool, '-', stdin=text.encode())
    implicit_stdin = run(tool, stdin=text.encode())
    expected = open(out, 'rb').read()
    for p in (via_stdout, via_stdin, implicit_stdin):
        assert p.returncode == 0, p.stderr
        assert p.stdout == expected


@pytest.mark.parametrize('args', [[], ['--row-group-rows', '700', '--page-rows', '100'],
                                  ['--after', '2020-01-02', '--until', '2020-01-03 12:00:00']])
def test_a_fifo_and_a_process_substitution_give_the_files_bytes(tool, tmp_path, args):
    """`ohlcv-parquet <(cat f.csv)` used to fail with `read failed: Illegal seek`: a pipe is streamed instead."""
    text = random_csv(3000, seed=22)
    src = write(tmp_path, 'a.csv', text)
    expected = open(convert(tool, src, str(tmp_path / 'a.parquet'), *args), 'rb').read()
    for p in (through_fifo(tool, args, text.encode(), tmp_path), through_process_substitution(tool, args, src),
              run(tool, *args, '-', stdin=text.encode())):
        assert p.returncode == 0, p.stderr
        assert p.stdout == expected
    out = str(tmp_path / 'b.parquet')
    p = through_process_substitution(tool, [*args, '-o', out], src)
    assert p.returncode == 0 and open(out, 'rb').read() == expected, p.stderr


def test_binary_parquet_is_never_written_to_a_terminal(tool, tmp_path):
    src = write(tmp_path, 'a.csv', random_csv(50, seed=3))
    master, slave = pty.openpty()
    try:
        p = subprocess.run([tool, src], stdout=slave, stderr=subprocess.PIPE, text=True)
        assert p.returncode == 64
        assert p.stderr == ('ABORT! Critical error in parquet: refusing to write binary Parquet to a terminal: '
                            'use -o FILE or redirect stdout (> FILE or | …)\n'), p.stderr
        assert select.select([master], [], [], 0)[0] == []              # not one byte reached the terminal
        p = subprocess.run([tool, '-o', str(tmp_path / 'a.parquet'), src], stdout=slave, stderr=subprocess.PIPE, text=True)
        assert p.returncode == 0, p.stderr
        check_file(str(tmp_path / 'a.parquet'), 50)
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.parametrize('after,until', [
    ('2020-01-02', '2020-01-03'), ('2020-01-02 10:17:00', None), (None, '2020-01-01 03:00:00'),
    ('2019-01-01', '2019-02-01'), ('2020-01-03 05:05:00', '2020-01-03 05:05:00'), ('2099-01-01', None)])
def test_after_until_select_half_open_range_on_file_and_stdin(tool, tmp_path, after, until):
    text = random_csv(6000, seed=4)
    src = write(tmp_path, 'a.csv', text)
    args = (['--after', after] if after else []) + (['--until', until] if until else [])
    norm = lambda s: s if s is None or len(s) > 10 else s + ' 00:00:00'
    a, u = norm(after), norm(until)
    keep = [r for r in text.splitlines(keepends=True)[1:] if (a is None or r[:19] >= a) and (u is None or r[:19] < u)]
    out = convert(tool, src, str(tmp_path / 'sel.parquet'), *args)
    t = pq.read_table(out).to_pydict()
    assert table_to_csv(t['time'], [t[c] for c in COLUMNS]) == HEADER + ''.join(keep)
    streamed = run(tool, *args, '-', stdin=text.encode())
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout == open(out, 'rb').read()


def test_after_until_on_a_big_file_does_not_read_from_the_start(tool, tmp_path):
    """A broken row early in the file is never reached when --after seeks past it."""
    text = random_csv(50_000, seed=9, gaps=False)
    lines = text.splitlines(keepends=True)
    lines[10] = lines[10][:19] + ',oops,1,1,1,1\n'
    src = write(tmp_path, 'big.csv', ''.join(lines))
    after = lines[40_000][:19]
    p = run(tool, '--after', after, '-o', str(tmp_path / 'tail.parquet'), src)
    assert p.returncode == 0, p.stderr
    assert pq.read_metadata(str(tmp_path / 'tail.parquet')).num_rows == 50_000 - 40_000 + 1


BAD = [
    ('bad number', HEADER + '2024-01-01 00:00:00,1.0,1.0,1.0,1.0,5\n2024-01-01 00:01:00,1.0,x1,1.0,1.0,5\n', ':3: bad number in high'),
    ('unsorted', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5\n2024-01-01 00:00:00,1.0,1.0,1.0,1.0,5\n', ':3: times do not strictly increase'),
    ('duplicate', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5\n2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5\n', ':3: times do not strictly increase'),
    ('short line', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.0,1.0\n', ':2: bad CSV: expected 6 fields'),
    ('bad header', 'time,o,h,l,c,v\n2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5\n', ':1: bad CSV: header must be'),
    ('no newline at end', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5', ':2: bad CSV: last line has no newline'),
    ('empty file', '', ":1: bad CSV: the file is empty: expected the header 'time,open,high,low,close,volume'"),
    ('too many decimals', HEADER + '2024-01-01 00:01:00,1.123456789,1.2,1.0,1.0,5\n', ':2: bad number in open'),
    ('high below low', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.5,1.0,5\n', ':2: high is below low'),
    ('open above high', HEADER + '2024-01-01 00:01:00,1.6,1.5,1.0,1.2,5\n',
     ':2: candle at 2024-01-01 00:01:00 is not whole: open 1.6 and close 1.2 must lie within [low 1.0, high 1.5]'),
    ('close below low', HEADER + '2024-01-01 00:00:00,1.0,1.0,1.0,1.0,5\n2024-01-01 00:01:00,1.2,1.5,1.0,0.9,5\n',
     ':3: candle at 2024-01-01 00:01:00 is not whole: open 1.2 and close 0.9 must lie within [low 1.0, high 1.5]'),
]


@pytest.mark.parametrize('name,text,message', BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_65_names_file_and_line_and_leaves_no_file(tool, tmp_path, name, text, message):
    src = write(tmp_path, 'bad.csv', text)
    out = tmp_path / 'out.parquet'
    p = run(tool, '-o', str(out), src)
    assert p.returncode == 65, p.stderr
    assert p.stderr.startswith('ABORT! Critical error in parquet: ' + src + message), p.stderr
    assert p.stderr.count('\n') == 1
    assert sorted(os.listdir(tmp_path)) == ['bad.csv']          # neither out.parquet nor out.parquet.tmp


def test_error_deep_in_a_big_file_names_the_right_line(tool, tmp_path):
    text = random_csv(120_000, seed=13, gaps=False)            # big enough for the parallel parser
    lines = text.splitlines(keepends=True)
    lines[100_000] = lines[100_000].replace(',', ',-x', 1)
    src = write(tmp_path, 'deep.csv', ''.join(lines))
    p = run(tool, '-o', str(tmp_path / 'o.parquet'), src)
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in parquet: %s:100001: bad number in open' % src), p.stderr
    assert not os.path.exists(tmp_path / 'o.parquet')


def test_failed_run_keeps_the_previous_output(tool, tmp_path):
    good = write(tmp_path, 'good.csv', random_csv(100, seed=1))
    out = convert(tool, good, str(tmp_path / 'o.parquet'))
    before = open(out, 'rb').read()
    bad = write(tmp_path, 'bad.csv', HEADER + '2024-01-01 00:01:00,1.0,1.0,1.0,1.0,5\n2023-01-01 00:00:00,1,1,1,1,1\n')
    assert run(tool, '-o', out, bad).returncode == 65
    assert open(out, 'rb').read() == before
    assert not os.path.exists(out + '.tmp')


@pytest.mark.parametrize('args,message', [
    (['--compression', 'zstd'], '--compression must be none or snappy'),
    (['--row-group-rows', '0'], '--row-group-rows must be a whole number'),
    (['--decimals', '13'], '--decimals must be a whole number in 0...12'),
    (['--after', '2024-13-01'], '--after must be YYYY-MM-DD'),
    (['--after', '2024-02-01', '--until', '2024-01-01'], 'is before --after'),
    (['--hive-root', 'x'], 'Hive mode needs all of'),
    (['a.csv', 'b.csv'], 'at most one input file'),
    (['--bogus'], "unknown option '--bogus'"),
])
def test_usage_errors_exit_64(tool, args, message):
    p = run(tool, *args)
    assert p.returncode == 64
    assert message in p.stderr, p.stderr


def test_missing_input_exits_66(tool, tmp_path):
    p = run(tool, '-o', str(tmp_path / 'o.parquet'), str(tmp_path / 'nope.csv'))
    assert p.returncode == 66
    assert 'no such input' in p.stderr
    assert os.listdir(tmp_path) == []


def test_help_lists_every_flag_and_exit_statuses(tool):
    p = run(tool, '--help')
    assert p.returncode == 0
    text = p.stdout.decode()
    for flag in ['-o, --output', '--compression', '--after', '--until', '--row-group-rows', '--page-rows',
                 '--decimals', '--hive-root', '--timeframe', '--symbol', '--input', '--help', '--version']:
        assert flag in text, flag
    for status in ['64', '65', '66', '74']:
        assert '\n  %s ' % status in text
    assert run(tool, '--version').stdout == b'ohlcv-parquet 1.0.0\n'


@pytest.mark.parametrize('delta', [-1, 0, 1])
def test_order_is_checked_across_the_parallel_parse_cut(tool, tmp_path, delta):
    """Files over 1 MiB are parsed in two parts split at the first row starting at or after the middle;
    a row that repeats its predecessor's time right at (or next to) that cut must still be caught."""
    text = random_csv(60_000, seed=23, gaps=False)
    data = text.encode()
    header = len(HEADER)
    want = header + (len(data) - header) // 2
    cut = data.index(b'\n', want - 1) + 1
    lines = text.splitlines(keepends=True)
    offsets, at = [], 0
    for l in lines:
        offsets.append(at); at += len(l)
    k = offsets.index(cut) + delta                       # the row to break: at the cut, or one either side
    lines[k] = lines[k - 1][:19] + lines[k][19:]         # same time as the row before it, same length
    src = write(tmp_path, 'cut.csv', ''.join(lines))
    p = run(tool, '-o', str(tmp_path / 'cut.parquet'), src)
    assert p.returncode == 65
    assert p.stderr.startswith('ABORT! Critical error in parquet: %s:%d: times do not strictly increase' % (src, k + 1)), p.stderr
    assert not os.path.exists(tmp_path / 'cut.parquet')


def test_killed_output_is_old_or_new_never_partial(tool, tmp_path):
    """-o FILE under SIGKILL at each write/fsync/rename (debug builds): FILE is the old file or the
    complete new one, and the next run leaves no FILE.tmp behind."""
    import subprocess
    old_src = write(tmp_path, 'old.csv', random_csv(500, seed=1))
    new_src = write(tmp_path, 'new.csv', random_csv(30_000, seed=2))
    out = str(tmp_path / 'o.parquet')
    old = open(convert(tool, old_src, out), 'rb').read()
    new = open(convert(tool, new_src, str(tmp_path / 'ref.parquet')), 'rb').read()
    probe = subprocess.run([tool, '-o', str(tmp_path / 'p.parquet'), old_src], env={**os.environ, 'OHLCV_FAULT': 'kill:write:1'})
    if probe.returncode != -9:
        pytest.skip('fault injection needs a debug build (OHLCV_FAULT)')
    for op in ('write', 'fsync', 'rename'):
        n = 1
        while True:
            convert(tool, old_src, out)
            p = subprocess.run([tool, '-o', out, new_src], env={**os.environ, 'OHLCV_FAULT': 'kill:%s:%d' % (op, n)})
            got = open(out, 'rb').read()
            assert got == new if p.returncode == 0 else got in (old, new), (op, n)   # killed after the rename: new
            convert(tool, new_src, out)
            assert open(out, 'rb').read() == new and not os.path.exists(out + '.tmp')
            if p.returncode == 0:
                break
            assert p.returncode == -9
            n += 1
