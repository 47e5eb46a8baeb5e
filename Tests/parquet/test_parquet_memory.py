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


def test_file_mode_peak_rss_under_64_mb(tool, big_csv, tmp_path):
    out = tmp_path / 'out.parquet'
    status, kb, stderr = peak_kb([tool, '-o', str(out), big_csv], tmp_path)
    assert status == 0, stderr
    assert pq.ParquetFile(out).metadata.num_rows == ROWS
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert kb < LIMIT_KB, 'peak RSS %d KiB' % kb


def test_pipe_mode_peak_rss_under_64_mb(tool, big_csv, tmp_path):
    out = tmp_path / 'out.parquet'
    status, kb, stderr = peak_kb([tool, '-o', str(out)], tmp_path, stdin_path=big_csv)
    assert status == 0, stderr
    assert pq.ParquetFile(out).metadata.num_rows == ROWS
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
