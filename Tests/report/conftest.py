"""The report suite: make report over a small generated history, rendered by headless Chromium.

Tools come from $OHLCV_BIN_DIR (default .build/debug). Chromium is Debian's package; when it is missing and
this runs as root it is installed (apt-get), and the rendering tests skip, saying why, only when that fails.
"""
import datetime as dt
import os
import shutil
import struct
import subprocess
import sys
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gen_days  # noqa: E402

SHARED = os.environ.get("OHLCV_FIXTURES") or os.path.normpath(os.path.join(ROOT, "..", "shared", "fixtures"))
SYMBOL = "EUR-USD"
# Five whole weeks, Monday to Sunday, plus the first Monday of the next.
FIRST, LAST = dt.date(2023, 1, 30), dt.date(2023, 3, 6)
TIMEFRAMES = "5m 1h 1d"


def bin_dir():
    d = os.environ.get("OHLCV_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
    return d if os.path.isabs(d) else os.path.join(ROOT, d)


def make(tree, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OHLCV_") and k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return subprocess.run(["make", "--no-print-directory", "-f", os.path.join(ROOT, "Makefile"), "-C", ROOT,
                           "BIN=%s" % bin_dir(), "NO_BUILD=1", "DATA_DIR=%s" % (tree / "data"),
                           "CACHE_DIR=%s" % (tree / "cache"), "SYMBOLS_FILE=%s" % (tree / "symbols.txt"),
                           "CONFIG_FILE=%s" % (tree / "config.mk"), "LOCK_WAIT=1", "TIMEFRAMES=%s" % TIMEFRAMES, *args],
                          capture_output=True, text=True, env=env, timeout=600)


def cache_path(tree, day, symbol=SYMBOL):
    return tree / "cache" / ("%04d" % day.year) / ("%02d" % day.month) / ("%s_%s.json" % (symbol, day.strftime("%Y%m%d")))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A generated cache and its pipeline output, built once; tests copy it."""
    tree = tmp_path_factory.mktemp("built")
    (tree / "symbols.txt").write_text(SYMBOL + "\n")
    day = FIRST
    while day <= LAST:
        p = cache_path(tree, day)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(gen_days.day_payload(SYMBOL, day))
        day += dt.timedelta(days=1)
    p = make(tree, "pipeline")
    assert p.returncode == 0, p.stderr
    return tree


@pytest.fixture
def tree(built, tmp_path):
    t = tmp_path / "tree"
    shutil.copytree(built, t, symlinks=True)
    # Stamps and locks belong to the copy; the page is each test's own.
    shutil.rmtree(t / "data" / "report", ignore_errors=True)
    return t


_chromium = {}


def chromium():
    """The chromium binary, installed from Debian if missing and possible; skips the test otherwise."""
    if "path" not in _chromium:
        path = shutil.which("chromium")
        why = None
        if path is None:
            if os.geteuid() != 0:
                why = "chromium is not installed and this is not root (apt-get install -y chromium)"
            else:
                r = subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
                                   shell=True, capture_output=True, text=True)
                path = shutil.which("chromium")
                if path is None:
                    why = "chromium could not be installed: apt-get said: %s" % (r.stderr.strip().splitlines() or ["nothing"])[-1]
        _chromium["path"], _chromium["why"] = path, why
    if _chromium["path"] is None:
        pytest.skip(_chromium["why"])
    return _chromium["path"]


def render(page, png, tmp, width=1200, height=1400):
    """Renders `page` with headless Chromium to `png`, no network: every host name resolves to nothing."""
    profile = tmp / ("profile-" + png.stem)
    r = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--force-device-scale-factor=1", "--user-data-dir=%s" % profile,
                        '--host-resolver-rules=MAP * ~NOTFOUND', "--screenshot=%s" % png,
                        "--window-size=%d,%d" % (width, height), "file://%s" % page],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and png.exists(), r.stderr[-2000:]
    return png


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG, with the stdlib."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def colour_count(rows, hex_colour):
    want = tuple(int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return sum(row.count(want) for row in rows)
