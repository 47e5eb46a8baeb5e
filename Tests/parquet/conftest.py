"""Shared helpers for the ohlcv-parquet interop tests and the ohlcv-extract tests.

Run:  tools/parquet_venv.sh && OHLCV_BIN_DIR=$(swift build --show-bin-path) .venv/bin/python -m pytest Tests/parquet
The binary comes from $OHLCV_BIN_DIR (default .build/debug); ../shared (or $OHLCV_SHARED_DIR) is the shared folder beside the
repository (fixtures, check_file.py); tests that need it are skipped with a message when it is absent."""
import datetime, os, random, shlex, subprocess, sys, threading
import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SHARED = os.path.abspath(os.environ.get('OHLCV_SHARED_DIR', os.path.join(REPO, '..', 'shared')))
FIXTURES = os.path.join(SHARED, 'fixtures', 'expected', 'eur-usd-2026-07-10-utc')
CHECKER = os.path.join(SHARED, 'parquet', 'check_file.py')
HEADER = 'time,open,high,low,close,volume\n'
COLUMNS = ['open', 'high', 'low', 'close', 'volume']


def bin_dir():
    return os.path.abspath(os.path.join(REPO, os.environ.get('OHLCV_BIN_DIR', '.build/debug')))


@pytest.fixture(scope='session')
def tool():
    path = os.path.join(bin_dir(), 'ohlcv-parquet')
    if not os.access(path, os.X_OK):
        pytest.fail('no ohlcv-parquet at %s: build it (swift build) or set OHLCV_BIN_DIR' % path)
    return path


@pytest.fixture(scope='session')
def extract_tool():
    path = os.path.join(bin_dir(), 'ohlcv-extract')
    if not os.access(path, os.X_OK):
        pytest.fail('no ohlcv-extract at %s: build it (swift build) or set OHLCV_BIN_DIR' % path)
    return path


@pytest.fixture(scope='session')
def shared():
    if not os.path.isfile(CHECKER) or not os.path.isdir(FIXTURES):
        pytest.skip('../shared (fixtures and parquet/check_file.py) is not present beside the repository at %s' % SHARED)
    return SHARED


def run(tool, *args, stdin=None):
    """Runs the tool; returns CompletedProcess with bytes stdout and text stderr."""
    p = subprocess.run([tool, *args], input=stdin, capture_output=True)
    p.stderr = p.stderr.decode()
    return p


def through_fifo(tool, args, data, tmp_path):
    """Runs the tool on a FIFO that a thread fills; the tool's open returns once the writer has opened it."""
    fifo = str(tmp_path / 'in.fifo')
    os.mkfifo(fifo)

    def feed():
        with open(fifo, 'wb') as f:
            try:
                f.write(data)
            except BrokenPipeError:                      # the tool may stop reading at --until
                pass
    writer = threading.Thread(target=feed)
    writer.start()
    p = run(tool, *args, fifo)
    writer.join()
    return p


def through_process_substitution(tool, args, path):
    """Runs `tool ARGS <(cat PATH)` in bash: the input is a pipe behind /dev/fd/N."""
    words = ' '.join(shlex.quote(w) for w in [tool, *args])
    p = subprocess.run(['bash', '-c', '%s <(cat %s)' % (words, shlex.quote(path))], capture_output=True)
    p.stderr = p.stderr.decode()
    return p


def check_file(path, rows):
    """behaviour §9's checker: raw-byte structure, every page decompressed, pyarrow/duckdb/polars agree."""
    p = subprocess.run([sys.executable, CHECKER, path, '--expect-rows', str(rows)], capture_output=True,
                       text=True, cwd=os.path.dirname(CHECKER))
    assert p.returncode == 0 and 'OK: %d rows' % rows in p.stdout, 'check_file failed on %s:\n%s%s' % (path, p.stdout, p.stderr)


def fmt_time(dt):
    return dt.strftime('%Y-%m-%d %H:%M:%S')


def csv_rows(text):
    """[(time text, [5 floats parsed from the CSV text])] — Python's float() is correctly rounded."""
    lines = text.splitlines()
    assert lines[0] + '\n' == HEADER
    out = []
    for line in lines[1:]:
        f = line.split(',')
        out.append((f[0], [float(x) for x in f[1:]]))
    return out


def table_to_csv(times, columns):
    """behaviour §3.1 text from read-back values: time 'YYYY-MM-DD HH:MM:SS', numbers as Python repr."""
    lines = [HEADER]
    for i, t in enumerate(times):
        lines.append('%s,%s\n' % (fmt_time(t), ','.join(repr(float(c[i])) for c in columns)))
    return ''.join(lines)


def random_csv(rows, seed, start=datetime.datetime(2019, 12, 30, 22, 0), gaps=True, decimals=5):
    """A seeded, strictly increasing series in our format; numbers are repr of doubles rounded to
    `decimals` places (at most 15 significant digits), including some below 1e-4 and zeros."""
    rng = random.Random(seed)
    t = start
    out = [HEADER]
    price = rng.choice([1.14, 0.00009, 31000.0, 97.5, 1.0])
    for _ in range(rows):
        t += datetime.timedelta(minutes=1 if not gaps or rng.random() > 0.05 else rng.randint(2, 4000))
        step = max(price * 0.001, 10 ** -decimals)
        o = round(max(price, 10 ** -decimals), decimals)
        c = round(max(o + rng.uniform(-step, step), 10 ** -decimals), decimals)
        h = round(max(o, c) + rng.uniform(0, step), decimals)
        l = round(max(min(o, c) - rng.uniform(0, step), 0.0), decimals)
        v = rng.choice([0.0, round(rng.uniform(0, 1000), 2), round(rng.uniform(0, 1e-4), 8), float(rng.randint(1, 10 ** 6))])
        price = c
        out.append('%s,%r,%r,%r,%r,%r\n' % (fmt_time(t), o, h, l, c, v))
    return ''.join(out)
