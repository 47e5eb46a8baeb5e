"""make report over a generated five-week history: the summary's figures against the files themselves, the
page in headless Chromium, an injected hole seen in the HTML and in the pixels, and no network."""
import datetime as dt
import glob
import os
import re
import shutil
import subprocess

import pytest

from conftest import FIRST, LAST, SHARED, SYMBOL, bin_dir, cache_path, colour_count, gen_days, make, png_pixels, render

MISSING, FULL = "#e0202a", "#3a9a4a"     # ReportPage.colours: missing on an open day, full
HOLE = dt.date(2023, 2, 15)              # a Wednesday: open by the weekday fallback


def lines(path):
    return open(path).read().splitlines()


def block(stdout, symbol=SYMBOL):
    """The summary block of `symbol`: its name line and the indented lines after it."""
    out = stdout.splitlines()
    i = out.index(symbol)
    j = i + 1
    while j < len(out) and out[j].startswith("  "):
        j += 1
    return {l.split()[0]: l.strip()[len(l.split()[0]):].strip() for l in out[i + 1:j]}


def test_summary_figures_match_the_files(tree):
    p = make(tree, "report")
    assert p.returncode == 0, p.stderr
    b = block(p.stdout)
    one = lines(tree / "data/aggregate/1m" / (SYMBOL + ".csv"))
    assert b["first"] == "candle  " + one[1] and b["last"] == "candle   " + one[-1]
    counts = {tf: len(lines(tree / "data/resample" / tf / (SYMBOL + ".csv"))) - 1 for tf in ("5m", "1h", "1d")}
    assert b["rows"] == "1m %d, 5m %d, 1h %d, 1d %d" % (len(one) - 1, counts["5m"], counts["1h"], counts["1d"])
    cached = glob.glob(str(tree / "cache/*/*" / (SYMBOL + "_*.json")))
    weekdays = sum(1 for k in range((LAST - FIRST).days + 1) if (FIRST + dt.timedelta(days=k)).weekday() < 5)
    assert b["days"].startswith("%d cached (%s..%s), %d expected open (weekday fallback" % (len(cached), FIRST, LAST, weekdays))
    assert "0 missing, 0 empty, 0 short, 0 unreadable" in b["days"]
    assert b["suspicious"] == "0 missing or suspicious"
    assert b["verify"].startswith("not verified yet")
    page = tree / "data/report/index.html"
    assert page.exists() and not os.path.exists(str(page) + ".tmp")
    html = page.read_text()
    assert html.count('class="missing"') == 0 and 'data-missing="0"' in html
    # Every day of the history has its rect, and only those.
    assert len(re.findall(r'<rect x="\d+" y="\d+" class="(?:full|short|empty|closed|missing|unreadable)"', html)) == (LAST - FIRST).days + 1


def test_hole_shows_in_the_html_and_in_the_rendered_page(tree, tmp_path):
    assert make(tree, "report").returncode == 0
    page = tree / "data/report/index.html"
    before_html = page.read_text()
    _, _, before = png_pixels(render(page, tmp_path / "before.png", tmp_path, 1000, 800))
    os.remove(cache_path(tree, HOLE))
    p = make(tree, "pipeline", "report")
    assert p.returncode == 0, p.stderr
    html = page.read_text()
    assert 'data-day="%s"' % HOLE not in before_html
    assert re.search(r'<rect x="\d+" y="\d+" class="missing" data-day="%s">' % HOLE, html), html[:3000]
    assert html.count('class="missing"') == 1 and 'data-missing="1"' in html
    b = block(p.stdout)
    assert "1 missing," in b["days"] and b["suspicious"] == "1 missing or suspicious: %s missing" % HOLE
    _, _, after = png_pixels(render(page, tmp_path / "after.png", tmp_path, 1000, 800))
    # The legend's swatch is in both; the hole adds a whole cell of the missing colour.
    assert colour_count(after, MISSING) - colour_count(before, MISSING) >= 9 * 9
    assert colour_count(after, FULL) < colour_count(before, FULL)


def test_page_renders_with_its_heatmap_and_chart(tree, tmp_path):
    assert make(tree, "report").returncode == 0
    page = tree / "data/report/index.html"
    png = render(page, tmp_path / "page.png", tmp_path, 1000, 1800)
    assert os.path.getsize(png) > 10_000
    w, h, rows = png_pixels(png)
    assert (w, h) == (1000, 1800)
    assert len({px for row in rows for px in row}) > 20       # not blank
    assert colour_count(rows, FULL) > 20 * 9 * 9                # the heatmap's full days are drawn
    assert colour_count(rows, "#1f5fbf") > 0 or colour_count(rows, "#333333") > 0   # the candles
    html = page.read_text()
    daily = lines(tree / "data/resample/1d" / (SYMBOL + ".csv"))[1:]
    shown = re.findall(r'<g data-candle="(\d{4}-\d\d-\d\d)">', html)
    assert shown == [r[:10] for r in daily[-40:]]


def test_page_asks_for_nothing_from_the_network(tree):
    assert make(tree, "report").returncode == 0
    html = (tree / "data/report/index.html").read_text()
    assert "<svg" in html and "<style>" in html
    for needle in ("http://", "https://", "//cdn", "<script", "<link", "@import", "@font-face"):
        assert needle not in html, needle
    for m in re.finditer(r'(?:src|href)\s*=\s*"([^"]*)"|url\(([^)]*)\)', html):
        target = (m.group(1) or m.group(2) or "").strip("'\" ")
        assert target.startswith("data:") or target.startswith("#"), m.group(0)


def test_last_verify_result_is_shown(tree):
    (tree / "data/verify").mkdir(parents=True, exist_ok=True)
    (tree / "data/verify" / (SYMBOL + ".txt")).write_text(
        "symbol=%s\nresult=fail\nfirst_day=2023-01-30\nlast_day=2023-03-06\nhours_compared=600\nhours_differing=3\n"
        "days_compared=26\ndays_differing=1\nfuture_key=ignored\ndiffering_days=2023-02-14\nrequests=3\n"
        "checked_at=2023-03-07 10:00:00 UTC\n" % SYMBOL)
    p = make(tree, "report")
    assert p.returncode == 0, p.stderr
    v = block(p.stdout)["verify"]
    assert v.startswith("fail: 2023-01-30..2023-03-06, 600 hours (3 differ), 26 days (1 differ) compared")
    assert "differing days: 2023-02-14" in v and "checked 2023-03-07 10:00:00 UTC" in v
    assert '<td class="bad">fail</td>' in (tree / "data/report/index.html").read_text()


def test_without_1d_the_page_says_so(tree):
    out = tree / "other.html"
    p = subprocess.run([os.path.join(bin_dir(), "ohlcv-report"), "--data-dir", str(tree / "data"), "--cache-dir",
                        str(tree / "cache"), "--output", str(out), SYMBOL + "=5m,1h"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert block(p.stdout)["rows"].startswith("1m ") and ", 1d" not in block(p.stdout)["rows"]
    html = out.read_text()
    assert "1d is not configured for %s" % SYMBOL in html and "<g data-candle=" not in html


def test_unreadable_payload_is_a_suspicious_day_not_a_crash(tree):
    cache_path(tree, HOLE).write_text('{"timestamp": 1')
    p = make(tree, "report")
    assert p.returncode == 0, p.stderr
    assert block(p.stdout)["suspicious"] == "1 missing or suspicious: %s unreadable" % HOLE
    assert 'class="unreadable" data-day="%s"' % HOLE in (tree / "data/report/index.html").read_text()


def test_cached_instrument_schedule_decides_the_open_days(tree):
    """With cache/instruments/EUR-USD.json (the real answer), open days come from its schedule: Saturday is
    closed and Sunday opens in the evening, so every day but the Saturdays is expected."""
    real = os.path.join(SHARED, "jetta", "instrument-EUR-USD.json")
    if not os.path.exists(real):
        pytest.skip("needs the real instrument answer in ../shared/fixtures (absent here)")
    (tree / "cache/instruments").mkdir(parents=True, exist_ok=True)
    shutil.copy(real, tree / "cache/instruments/EUR-USD.json")
    p = make(tree, "report")
    assert p.returncode == 0, p.stderr
    days = [FIRST + dt.timedelta(days=k) for k in range((LAST - FIRST).days + 1)]
    not_saturday = sum(1 for d in days if d.weekday() != 5)
    assert "%d expected open (trading schedule)" % not_saturday in block(p.stdout)["days"]


def test_each_side_is_a_series_of_its_own_in_the_summary_and_the_page(tree):
    """Issue #12: with SIDES = BID ASK the ask series has its own block, counted from its own files, and the
    page shows it; the bid block is what it was without it."""
    bid_only = make(tree, "report")
    assert bid_only.returncode == 0, bid_only.stderr
    day = FIRST
    while day <= LAST:
        p = cache_path(tree, day, SYMBOL + "@ASK")
        p.write_bytes(gen_days.ask_payload(gen_days.day_payload(SYMBOL, day), SYMBOL))
        day += dt.timedelta(days=1)
    p = make(tree, "pipeline", "report", "SIDES=BID ASK")
    assert p.returncode == 0, p.stderr
    ask = block(p.stdout, SYMBOL + "@ASK")
    one = lines(tree / "data/aggregate/1m" / (SYMBOL + "@ASK.csv"))
    assert ask["first"] == "candle  " + one[1] and ask["last"] == "candle   " + one[-1]
    hours = len(lines(tree / "data/resample/1h" / (SYMBOL + "@ASK.csv"))) - 1
    assert ", 1h %d," % hours in ask["rows"]
    assert "0 missing, 0 empty, 0 short, 0 unreadable" in ask["days"]
    assert block(p.stdout) == block(bid_only.stdout)
    assert (SYMBOL + "@ASK") in (tree / "data/report/index.html").read_text()
