"""The synthetic day generator: exact Jetta shape, determinism, and the properties the tests rely on."""
import datetime as dt
import json
import os
import re
import subprocess
import sys

from conftest import TOOLS, SHARED, need_shared, gen_days

D = dt.date


def test_empty_saturday_is_byte_identical_to_the_real_one():
    shared = need_shared()
    real = open(os.path.join(shared, "jetta", "candles-minute-EUR-USD-BID-2026-7-11-empty.json"), "rb").read()
    assert gen_days.day_payload("EUR-USD", D(2026, 7, 11)) == real


def test_keys_and_number_forms_match_the_real_payloads():
    shared = need_shared()
    real = open(os.path.join(shared, "jetta", "candles-minute-BTC-USD-BID-2023-2-19.json"), "rb").read().decode()
    fake = gen_days.day_payload("BTC-USD", D(2023, 2, 19)).decode()
    keys = lambda text: re.findall(r'"([a-z]+)":', text)
    assert keys(fake) == keys(real)
    assert '"multiplier":0.1,' in fake and '"shift":60000,' in fake
    eur = gen_days.day_payload("EUR-USD", D(2026, 7, 8)).decode()
    assert '"multiplier":1.0E-5,' in eur
    vols = json.loads(fake)["volumes"]
    text_vols = re.search(r'"volumes":\[([^\]]*)\]', fake).group(1).split(",")
    assert any("E-" in v for v in text_vols), "small crypto volumes use Java's E notation"
    assert all(v > 0 for v in vols)


def test_fx_sessions_weekends_and_holidays():
    def minutes(day):
        j = json.loads(gen_days.day_payload("EUR-USD", day))
        t, out = 0, []
        for d in j["times"]:
            t += d
            out.append(t)
        return out
    assert minutes(D(2026, 7, 11)) == []                 # Saturday
    sunday = minutes(D(2026, 7, 12))
    assert sunday and sunday[0] >= 21 * 60               # opens 21:00 UTC in summer
    friday = minutes(D(2026, 7, 10))
    assert friday and friday[-1] < 21 * 60               # closes 21:00 UTC in summer
    assert minutes(D(2026, 1, 11))[0] >= 22 * 60         # 22:00 in winter
    assert minutes(D(2025, 12, 25)) == [] and minutes(D(2026, 1, 1)) == []
    monday = minutes(D(2026, 7, 13))
    assert 1300 < len(monday) < 1440                     # gaps: some minutes are missing
    assert len(minutes(D(2026, 7, 11))) == 0 and len(json.loads(gen_days.day_payload("BTC-USD", D(2026, 7, 11)))["times"]) > 1300


def test_deterministic_growing_prefix_and_revisions():
    a = gen_days.day_payload("EUR-USD", D(2026, 7, 8))
    assert a == gen_days.day_payload("EUR-USD", D(2026, 7, 8))
    full, part = json.loads(a), json.loads(gen_days.day_payload("EUR-USD", D(2026, 7, 8), until_minute=600))
    n = len(part["times"])
    assert 0 < n < len(full["times"])
    for k in ("times", "opens", "highs", "lows", "closes", "volumes"):
        assert part[k] == full[k][:n], k
    rev = json.loads(gen_days.day_payload("EUR-USD", D(2026, 7, 8), revision=3))
    assert sum(x != y for x, y in zip(full["volumes"], rev["volumes"])) == 3
    for k in ("times", "opens", "highs", "lows", "closes"):
        assert rev[k] == full[k]


def test_high_is_never_below_low():
    for sym in ("EUR-USD", "USD-JPY", "BTC-USD"):
        j = json.loads(gen_days.day_payload(sym, D(2024, 3, 5)))
        h = l = 0
        for dh, dl in zip(j["highs"], j["lows"]):
            h += dh
            l += dl
            assert j["high"] + h * j["multiplier"] >= j["low"] + l * j["multiplier"] - 1e-9


def test_cli_writes_the_cache_layout_and_skips_identical_files(tmp_path):
    out = str(tmp_path / "cache")
    cmd = [sys.executable, os.path.join(TOOLS, "gen_days.py"), "--symbols", "EUR-USD,BTC-USD",
           "--start", "2024-02-27", "--end", "2024-03-02", "--out", out, "--jobs", "2"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "10 files written" in p.stderr
    path = os.path.join(out, "2024", "02", "EUR-USD_20240229.json")
    assert open(path, "rb").read() == gen_days.day_payload("EUR-USD", D(2024, 2, 29))
    assert os.path.exists(os.path.join(out, "2024", "03", "BTC-USD_20240302.json"))
    mtime = os.stat(path).st_mtime_ns
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert "0 files written, 10 unchanged" in p.stderr
    assert os.stat(path).st_mtime_ns == mtime


def test_every_candle_is_whole_in_every_profile_and_revision():
    """Issue #9 item 9: the pipeline refuses open or close outside [low, high], so the generator (and the
    replay server's revise fault, which serves revisions of it) must never make one. Exact Decimal arithmetic."""
    from decimal import Decimal
    rows = 0
    for symbol in ["EUR-USD", "USD-JPY", "BTC-USD", "ETH-USD"]:
        day = D(2023, 1, 1)
        while day < D(2025, 1, 1):
            for revision in (0, 3):
                p = json.loads(gen_days.day_payload(symbol, day, revision=revision), parse_float=Decimal)
                if p["open"] is None:
                    continue
                step = Decimal(str(p["multiplier"]))
                sums = [0, 0, 0, 0]
                for i in range(len(p["times"])):
                    for k, key in enumerate(["opens", "highs", "lows", "closes"]):
                        sums[k] += p[key][i]
                    o, h, l, c = (Decimal(str(p[b])) + step * sums[k] for k, b in enumerate(["open", "high", "low", "close"]))
                    assert l <= o <= h and l <= c <= h, (symbol, day, revision, i, o, h, l, c)
                    rows += 1
            day += dt.timedelta(days=5)
    assert rows > 100_000
