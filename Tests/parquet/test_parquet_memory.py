"""ohlcv-parquet's peak memory does not grow with its input (issue #14: < 64 MB in every mode).

The input has 2.2 M rows (three row groups, five years): the writer that kept a whole row group's rows
peaked at about 134 MB on it in file mode and 101 MB from a pipe, by this test's measure."""
import datetime, os, subprocess, sys, threading
import pyarrow.parquet as pq
import pytest

LIMIT_KB = 64 * 1024
ROWS = 2_200_000


@pytest.fixture(scope='module')
def big_csv(tmp_path_factory):
    """A 24/7 1-minute series from 2019-01-01: prices walk over a few thousand 5-decimal values (as a
    currency pair's do in a row group), volumes take 60,000 values."""
    path = tmp_path_factory.mktemp('memory') / 'big.csv'
    minutes = ['%02d:%02d:00' % (h, m) for h in range(24) for m in range(60)]
    day0 = datetime.date(2019, 1, 1)
    price = 114000
    step = [3, -2, 5, -7, 1, 4, -3, -1, 6, -6, 2, -2]
    with open(path, 'w') as f:
        f.write('time,open,high,low,close,volume\n')
        for d in range(ROWS // 1440 + 1):
            date = (day0 + datetime.timedelta(days=d)).isoformat()
            rows = []
            for i, hm in enumerate(minutes[:min(1440, ROWS - d * 1440)]):
                o = price
                c = o + step[(d + i) % 12]
                if not 100000 < c < 130000:
                    c = o - step[(d + i) % 12]
                price = c
                rows.append('%s %s,1.%05d,1.%05d,1.%05d,1.%05d,%d.%02d\n' % (
                    date, hm, o - 100000, max(o, c) + 2 - 100000, min(o, c) - 2 - 100000, c - 100000,
                    (d * 7 + i) % 600, (d + i * 13) % 100))
            f.write(''.join(rows))
    return str(path)


# Linux keeps a process's peak RSS across execve, so a child forked from pytest (hundreds of MB with
# pyarrow, DuckDB and polars loaded) would report pytest's size. A bare interpreter runs the tool instead and
# reports the RSS of its only child.
MEASURE = """import os, resource, subprocess, sys
status = subprocess.run(sys.argv[2:]).returncode
with open(sys.argv[1], 'w') as f:
    f.write('%d %d' % (status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def peak_kb(args, tmp_path, stdin_path=None):
    """Runs the tool to completion, its stdin a pipe fed with `stdin_path` when given; returns (exit
    status, its peak RSS in KiB, stderr)."""
    report = tmp_path / 'rss.txt'
    proc = subprocess.Popen([sys.executable, '-I', '-S', '-c', MEASURE, str(report), *args],
                            stdin=subprocess.PIPE if stdin_path else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin_path:
        def feed():
            with open(stdin_path, 'rb') as f:
                while chunk := f.read(1 << 20):
                    proc.stdin.write(chunk)
            proc.stdin.close()
        feeder = threading.Thread(target=feed)
        feeder.start()
    stderr = proc.stderr.read().decode()
    if stdin_path:
        feeder.join()
    assert proc.wait() == 0, stderr
    status, kb = map(int, report.read_text().split())
    return status, kb, stderr


def one_file(tool, mode, csv, tmp_path):
    """`ohlcv-parquet -o OUT` reading a named file (mode 'file') or stdin fed through a pipe ('pipe'); returns
    the output's path and the tool's peak RSS in KiB."""
    out = tmp_path / 'out.parquet'
    if mode == 'file':
        status, kb, stderr = peak_kb([tool, '-o', str(out), csv], tmp_path)
    else:
        status, kb, stderr = peak_kb([tool, '-o', str(out)], tmp_path, stdin_path=csv)
    assert status == 0, stderr
    return out, kb


@pytest.mark.parametrize('mode', ['file', 'pipe'])
def test_one_file_peak_rss_under_64_mb(tool, big_csv, tmp_path, mode):
    out, kb = one_file(tool, mode, big_csv, tmp_path)
    assert pq.ParquetFile(out).metadata.num_rows == ROWS
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert kb < LIMIT_KB, 'peak RSS %d KiB' % kb


def test_hive_mode_peak_rss_under_64_mb(tool, big_csv, tmp_path):
    root = tmp_path / 'hive'
    status, kb, stderr = peak_kb([tool, '--hive-root', str(root), '--timeframe', '1m', '--symbol', 'EUR-USD',
                                  '--input', big_csv], tmp_path)
    assert status == 0, stderr
    parts = sorted(root.rglob('part-0.parquet'))
    assert len(parts) == 5
    assert sum(pq.ParquetFile(p).metadata.num_rows for p in parts) == ROWS
    assert kb < LIMIT_KB, 'peak RSS %d KiB' % kb


# A high-cardinality series: every price distinct, so each price column overflows the 131,072-entry
# dictionary in every row group and is written PLAIN, 8 bytes a row that Snappy cannot shrink (random
# digits). PLAIN columns hold their pages until the row group ends; the writer's row-group byte bound
# (ParquetWriterOptions.rowGroupBytes) is what keeps them under the limit: without it this input peaks at
# about 79 MB from a file.
HC_ROWS = 2_200_000
PRICES = ('open', 'high', 'low', 'close')


@pytest.fixture(scope='module')
def high_cardinality_csv(tmp_path_factory):
    """30-second rows from 2019-01-01 (a year holds more than a row group, so that Hive mode's partitions have
    full row groups too; 2019 to 2021), prices with 8 random decimals between 10000 and
    76000 (whole candles: low <= open, close <= high), volumes with 1 decimal (9,000 values, so
    dictionary-encoded); built as fixed-width text with numpy, a few seconds for the 2.2 M rows."""
    import numpy as np
    path = tmp_path_factory.mktemp('memory-hc') / 'hc.csv'
    rng = np.random.default_rng(7)
    i = np.arange(HC_ROWS, dtype=np.int64)
    day, step = np.divmod(i, 2880)
    day0 = datetime.date(2019, 1, 1)
    dates = np.array([(day0 + datetime.timedelta(days=d)).isoformat() + ' ' for d in range(int(day[-1]) + 1)], dtype='S11')
    clock = np.array(['%02d:%02d:%02d,' % (s // 3600, s // 60 % 60, s % 60) for s in range(0, 86400, 30)], dtype='S9')
    parts = [dates[day].view(np.uint8).reshape(HC_ROWS, 11), clock[step].view(np.uint8).reshape(HC_ROWS, 9)]
    # In units of 1e-8: p is 3,000,000 apart between rows before its random low digits, so distinct.
    p = 1_000_000_000_000 + rng.permutation(HC_ROWS) * 3_000_000 + rng.integers(0, 2_999_000, HC_ROWS)
    o, c = p + 10, p + 20
    columns = [(o, 13, 5), (c + rng.integers(1, 9, HC_ROWS), 13, 5), (o - rng.integers(1, 9, HC_ROWS), 13, 5),
               (c, 13, 5), (rng.integers(1_000, 10_000, HC_ROWS), 4, 3)]
    for k, (v, width, point) in enumerate(columns):
        digits = (v[:, None] // 10 ** np.arange(width - 1, -1, -1)) % 10 + ord('0')
        text = np.empty((HC_ROWS, width + 2), np.uint8)
        text[:, :point] = digits[:, :point]
        text[:, point] = ord('.')
        text[:, point + 1:width + 1] = digits[:, point:]
        text[:, width + 1] = ord(',') if k < 4 else ord('\n')
        parts.append(text)
    with open(path, 'wb') as f:
        f.write(b'time,open,high,low,close,volume\n')
        f.write(np.hstack(parts).tobytes())
    return str(path)


def assert_same_rows(tables, csv_path):
    """The Parquet rows (tables in time order) equal the CSV's, value for value, as pyarrow parses it."""
    import pyarrow as pa, pyarrow.csv as pacsv
    want = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        column_types={'time': pa.timestamp('ms'), **{c: pa.float64() for c in ('open', 'high', 'low', 'close', 'volume')}}))
    got = pa.concat_tables(tables)
    assert got.column_names == want.column_names
    assert got.num_rows == want.num_rows == HC_ROWS
    for name in want.column_names:
        assert got.column(name).combine_chunks().equals(want.column(name).combine_chunks()), name
    # Every price distinct: the input is what the test says it is (each price column PLAIN in every row group).
    for name in PRICES:
        assert len(got.column(name).unique()) == HC_ROWS, name


def plain_row_groups(path):
    meta = pq.ParquetFile(path).metadata
    for g in range(meta.num_row_groups):
        for c in range(1, 5):
            assert 'RLE_DICTIONARY' not in meta.row_group(g).column(c).encodings, (path, g, c)
    return meta.num_row_groups


@pytest.mark.parametrize('mode', ['file', 'pipe'])
def test_high_cardinality_one_file_peak_rss_under_64_mb(tool, high_cardinality_csv, tmp_path, mode):
    out, kb = one_file(tool, mode, high_cardinality_csv, tmp_path)
    assert plain_row_groups(out) >= 2
    assert_same_rows([pq.read_table(out)], high_cardinality_csv)
    assert kb < LIMIT_KB, 'peak RSS %d KiB' % kb


def test_high_cardinality_hive_mode_peak_rss_under_64_mb(tool, high_cardinality_csv, tmp_path):
    root = tmp_path / 'hive'
    status, kb, stderr = peak_kb([tool, '--hive-root', str(root), '--timeframe', '1m', '--symbol', 'BTC-USD',
                                  '--input', high_cardinality_csv], tmp_path)
    assert status == 0, stderr
    parts = sorted(root.rglob('part-0.parquet'))      # year=2019 … year=2021: sorted is time order
    assert len(parts) == 3
    assert plain_row_groups(parts[0]) >= 2
    for p in parts[1:]:
        plain_row_groups(p)
    assert_same_rows([pq.read_table(p) for p in parts], high_cardinality_csv)
    assert kb < LIMIT_KB, 'peak RSS %d KiB' % kb
