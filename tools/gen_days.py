#!/usr/bin/env python3
"""Deterministic synthetic Dukascopy "jetta" minute-candle day payloads.

Every payload is a pure function of (symbol, date[, revision, until_minute]), in exactly the JSON shape the
real API sends (see ../shared/fixtures/jetta/): Java-style number text (``1.0E-5``, ``24593.0``, ``8.46E-4``),
integer deltas against a base, zero-volume minutes dropped, ``null`` bases and empty arrays for a closed day.

Profiles (chosen from the symbol code):
  * FX and everything else: sessions Sunday 21:00/22:00 UTC to Friday 21:00/22:00 UTC (21:00 while the
    northern summer runs, April-October), so Saturday is empty and Sunday partial; 25 December and 1 January
    are empty holidays. Multiplier 1.0E-5 (0.001 for JPY pairs), volumes with two decimals.
  * Crypto (BTC, ETH, LTC, XRP, SOL, DOGE bases): 24/7, multiplier 0.1, volumes like 8.46E-4.
Random gaps: a small share of minutes is missing (as when a minute had zero volume), and some days have a
longer hole.

The ask side (``ask_payload(bid_body, symbol)``, any BID minute payload, generated or recorded): at every minute
the ASK candle is the BID candle plus a spread s of whole multiplier steps, s >= 1, added to all four prices, so
ask > bid at every price and the candle stays whole. s is drawn per minute, deterministically from (symbol,
UTC day, minute of the day), so a growing day's ASK is a prefix of the final day's: mostly near the low end of
the symbol's range, now and then wide (u squared of a uniform u), and doubled in the 21:00-22:59 UTC rollover
for FX and metals. Ranges: FX 1-3 pips (0.0001, 0.01 for JPY quotes); metals 1-4, indices 0.7-2, crypto 3-12
basis points of the day's first BID open. Times and volumes are BID's: Dukascopy's real ask volume differs, the
replay does not model it.

CLI:  gen_days.py --symbols EUR-USD,BTC-USD --start 2005-01-01 --end 2024-12-31 --out CACHE_DIR [--jobs N] [--side ASK]
writes CACHE_DIR/YYYY/MM/SYM_YYYYMMDD.json (skipping files whose bytes are already identical); with --side ASK,
the ask days as CACHE_DIR/YYYY/MM/SYM@ASK_YYYYMMDD.json.
Library: ``day_payload(symbol, date, revision=0, until_minute=None) -> bytes``, ``ask_payload(bid, symbol) -> bytes``.
"""
import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import sys
from decimal import Decimal
from itertools import accumulate
from operator import add, sub

CRYPTO_BASES = ("BTC", "ETH", "LTC", "XRP", "SOL", "DOGE", "ADA", "BCH")
EPOCH = dt.date(1970, 1, 1)


def java_double(x):
    """Text of a double as Java's Double.toString writes it (shortest round-trip digits)."""
    if x == 0:
        return "0.0"
    d = Decimal(repr(float(x))).normalize()
    sign, digits, exp = d.as_tuple()
    s = "".join(map(str, digits))
    point = len(s) + exp                      # position of the decimal point in s
    neg = "-" if sign else ""
    if 1e-3 <= abs(x) < 1e7:
        if point <= 0:
            return neg + "0." + "0" * (-point) + s
        if point >= len(s):
            return neg + s + "0" * (point - len(s)) + ".0"
        return neg + s[:point] + "." + s[point:]
    mant = s[0] + "." + (s[1:] or "0")
    return "%s%sE%d" % (neg, mant, point - 1)


def units_text(units, scale):
    """An integer count of 10^-scale as Java would print the double (e.g. 2459300, 2 -> '24593.0')."""
    neg = units < 0
    u = abs(units)
    whole, frac = divmod(u, 10 ** scale)
    frac_s = str(frac).rjust(scale, "0").rstrip("0") if scale else ""
    value = float(Decimal(units).scaleb(-scale))
    if not (1e-3 <= abs(value) < 1e7):
        return java_double(value)
    return ("-" if neg else "") + str(whole) + "." + (frac_s or "0")


class Profile:
    def __init__(self, symbol):
        base = symbol.split("-")[0]
        quote = symbol.split("-")[-1]
        self.crypto = base in CRYPTO_BASES
        if self.crypto:
            self.multiplier_text, self.scale = "0.1", 1
            self.level = 250000 if base == "BTC" else 20000       # in units of 0.1
            self.step_weights = [1, 2, 4, 7, 10, 14, 10, 7, 4, 2, 1]
            self.step_scale = 30
            self.keep = 0.998
        else:
            jpy = quote == "JPY"
            self.multiplier_text, self.scale = ("0.001", 3) if jpy else ("1.0E-5", 5)
            self.level = 110000 if jpy else 110000                # 110.000 JPY or 1.10000
            self.step_weights = [1, 2, 4, 7, 10, 14, 10, 7, 4, 2, 1]
            self.step_scale = 1
            self.keep = 0.995
        self.steps = [(i - 5) * self.step_scale for i in range(11)]
        self.wicks = [i * self.step_scale for i in range(6)]
        self.wick_weights = [30, 25, 18, 12, 8, 7]
        rng = random.Random("vol|" + ("crypto" if self.crypto else "fx"))
        if self.crypto:
            self.volumes = [java_double(float("%.3g" % (10 ** rng.uniform(-5.7, -2.4)))) for _ in range(4096)]
        else:
            self.volumes = [java_double(round(rng.uniform(1.5, 560.0), rng.choice((1, 2, 2, 2)))) for _ in range(4096)]

    def session(self, day):
        """Open minutes of the UTC day as a range, or None when the market is closed."""
        if self.crypto:
            return range(0, 1440)
        if (day.month, day.day) in ((12, 25), (1, 1)):
            return None
        summer = 4 <= day.month <= 10
        edge = (21 if summer else 22) * 60
        wd = day.weekday()                 # Monday 0 ... Sunday 6
        if wd == 5:
            return None
        if wd == 6:
            return range(edge, 1440)
        if wd == 4:
            return range(0, edge)
        return range(0, 1440)


_profiles = {}


def profile(symbol):
    p = _profiles.get(symbol)
    if p is None:
        p = _profiles[symbol] = Profile(symbol)
    return p


def empty_payload(symbol, day):
    p = profile(symbol)
    ts = (day - EPOCH).days * 86400000
    return ('{"timestamp":%d,"multiplier":%s,"open":null,"high":null,"low":null,"close":null,"shift":60000,'
            '"times":[],"opens":[],"highs":[],"lows":[],"closes":[],"volumes":[]}' % (ts, p.multiplier_text)).encode()


def day_payload(symbol, day, revision=0, until_minute=None):
    """The payload of `symbol` for UTC `day` (a datetime.date). `revision` > 0 changes the volume of exactly
    `revision` candles (a backfilled correction). `until_minute` keeps only minutes before it (a growing day)."""
    p = profile(symbol)
    ts = (day - EPOCH).days * 86400000
    session = p.session(day)
    if session is None:
        return empty_payload(symbol, day)
    rng = random.Random(hashlib.sha256(("%s|%s" % (symbol, day.isoformat())).encode()).digest())
    keep = p.keep
    rr = rng.random
    minutes = [m for m in session if rr() < keep]
    if rr() < 0.05 and len(minutes) > 100:              # a longer hole on some days
        a = rng.randrange(0, len(minutes) - 60)
        del minutes[a:a + rng.randrange(5, 45)]
    if until_minute is not None:
        minutes = [m for m in minutes if m < until_minute]
    n = len(minutes)
    if n == 0:
        return empty_payload(symbol, day)
    d = (day - EPOCH).days
    level = int(p.level * (1 + 0.15 * math.sin(d / 180.0) + 0.05 * math.sin(d / 23.0)))
    # Draw the full day's randomness independently of until_minute so a growing day is a prefix of the final day.
    full = len(session)
    dc = rng.choices(p.steps, p.step_weights, k=full)[:n]
    up = rng.choices(p.wicks, p.wick_weights, k=full)[:n]
    dn = rng.choices(p.wicks, p.wick_weights, k=full)[:n]
    vols = rng.choices(p.volumes, k=full)[:n]
    if revision:
        vrng = random.Random("rev|%s|%s|%d" % (symbol, day.isoformat(), revision))
        for i in vrng.sample(range(n), min(revision, n)):
            before = vols[i]
            while vols[i] == before:
                vols[i] = p.volumes[vrng.randrange(len(p.volumes))]
    closes = list(accumulate(dc, initial=level))
    opens = closes[:-1]
    closes = closes[1:]
    highs = list(map(add, map(max, opens, closes), up))
    lows = list(map(sub, map(min, opens, closes), dn))
    times = [minutes[0]] + list(map(sub, minutes[1:], minutes[:-1]))

    def deltas(xs):
        return ",".join(map(str, [0] + list(map(sub, xs[1:], xs[:-1]))))

    sc = p.scale
    return ('{"timestamp":%d,"multiplier":%s,"open":%s,"high":%s,"low":%s,"close":%s,"shift":60000,'
            '"times":[%s],"opens":[%s],"highs":[%s],"lows":[%s],"closes":[%s],"volumes":[%s]}' % (
                ts, p.multiplier_text, units_text(opens[0], sc), units_text(highs[0], sc),
                units_text(lows[0], sc), units_text(closes[0], sc),
                ",".join(map(str, times)), deltas(opens), deltas(highs), deltas(lows), deltas(closes),
                ",".join(vols))).encode()


METAL_BASES = ("XAU", "XAG", "XPT", "XPD")
# Basis points (1/10,000) of the day's first BID open: (low, high) of the per-minute spread.
RELATIVE_SPREAD_BP = {"crypto": (Decimal(3), Decimal(12)), "metal": (Decimal(1), Decimal(4)), "index": (Decimal("0.7"), Decimal(2))}
FX_SPREAD_PIPS = (1, 3)


def spread_class(symbol):
    base = symbol.split("-")[0]
    if base in CRYPTO_BASES:
        return "crypto"
    if base in METAL_BASES:
        return "metal"
    if ".IDX" in symbol or ".CMD" in symbol:
        return "index"
    return "fx"


def spread_units(symbol, multiplier, first_open):
    """(low, high) of the spread in whole multiplier steps, low >= 1."""
    cls = spread_class(symbol)
    if cls == "fx":
        pip = Decimal("0.01") if symbol.split("-")[-1] == "JPY" else Decimal("0.0001")
        lo, hi = (pip * n for n in FX_SPREAD_PIPS)
    else:
        lo_bp, hi_bp = RELATIVE_SPREAD_BP[cls]
        lo, hi = first_open * lo_bp / 10000, first_open * hi_bp / 10000
    lo_units = max(1, int((lo / multiplier).to_integral_value()))
    return lo_units, max(lo_units, int((hi / multiplier).to_integral_value()))


def minute_spreads(symbol, day, lo, hi):
    """The spread, in multiplier steps, of every minute of the UTC day (1,440 values)."""
    rng = random.Random("ask|%s|%s" % (symbol, day.isoformat()))
    widen = spread_class(symbol) in ("fx", "metal")
    out = []
    for minute in range(1440):
        u = rng.random()
        s = lo + min(hi - lo, int((hi - lo + 1) * u * u))
        out.append(s * 2 if widen and 21 * 60 <= minute < 23 * 60 else s)
    return out


def price_text(units, multiplier, scale):
    """Text of `units` steps of `multiplier`: Java style when the multiplier is a power of ten, as the API writes."""
    if multiplier == Decimal(1).scaleb(-scale):
        return units_text(units, scale)
    return format((Decimal(units) * multiplier).normalize(), "f")


def ask_payload(bid, symbol):
    """The ASK payload of a BID minute payload `bid` (bytes): see the module docstring. Every text but the
    four base prices and the four price delta arrays is BID's, byte for byte; an empty day is BID's as it is."""
    raw = json.loads(bid, parse_float=str, parse_int=str)
    if raw["open"] is None:
        return bid
    multiplier = Decimal(raw["multiplier"])
    scale = max(0, -multiplier.normalize().as_tuple().exponent)
    ts, shift = int(raw["timestamp"]), int(raw["shift"])
    day = EPOCH + dt.timedelta(days=ts // 86400000)
    lo, hi = spread_units(symbol, multiplier, Decimal(raw["open"]))
    table = minute_spreads(symbol, day, lo, hi)
    spreads, tick = [], 0
    for t in raw["times"]:
        tick += int(t)
        spreads.append(table[((ts + tick * shift) // 60000) % 1440])
    moves = [0] + [b - a for a, b in zip(spreads, spreads[1:])]
    head = {}
    for k in ("open", "high", "low", "close"):
        units = Decimal(raw[k]) / multiplier
        if units != units.to_integral_value():
            raise ValueError("%s %s: %s %s is not a whole multiple of %s" % (symbol, day, k, raw[k], raw["multiplier"]))
        head[k] = price_text(int(units) + spreads[0], multiplier, scale)
    arrays = {k: ",".join(str(int(d) + m) for d, m in zip(raw[k], moves)) for k in ("opens", "highs", "lows", "closes")}
    return ('{"timestamp":%s,"multiplier":%s,"open":%s,"high":%s,"low":%s,"close":%s,"shift":%s,'
            '"times":[%s],"opens":[%s],"highs":[%s],"lows":[%s],"closes":[%s],"volumes":[%s]}' % (
                raw["timestamp"], raw["multiplier"], head["open"], head["high"], head["low"], head["close"], raw["shift"],
                ",".join(raw["times"]), arrays["opens"], arrays["highs"], arrays["lows"], arrays["closes"],
                ",".join(raw["volumes"]))).encode()


def cache_path(out, symbol, day):
    return os.path.join(out, "%04d" % day.year, "%02d" % day.month, "%s_%s.json" % (symbol, day.strftime("%Y%m%d")))


def write_days(out, symbol, days, side="BID"):
    written = 0
    made = set()
    for day in days:
        path = cache_path(out, symbol if side == "BID" else symbol + "@" + side, day)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = day_payload(symbol, day)
        if side == "ASK":
            data = ask_payload(data, symbol)
        try:
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        except FileNotFoundError:
            pass
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        written += 1
    return written


def _work(args):
    return write_days(*args)


def parse_date(text):
    return dt.date.fromisoformat(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--symbols", required=True, help="comma-separated codes, e.g. EUR-USD,BTC-USD")
    ap.add_argument("--start", required=True, type=parse_date)
    ap.add_argument("--end", required=True, type=parse_date)
    ap.add_argument("--out", required=True, help="cache directory to fill (YYYY/MM/SYM_YYYYMMDD.json)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--side", default="BID", type=str.upper, choices=("BID", "ASK"),
                    help="BID (default), or ASK: the ask days, named SYM@ASK_YYYYMMDD.json")
    a = ap.parse_args(argv)
    if a.end < a.start:
        ap.error("--end is before --start")
    days = [a.start + dt.timedelta(days=i) for i in range((a.end - a.start).days + 1)]
    tasks = []
    for sym in a.symbols.split(","):
        sym = sym.strip()
        for y in sorted({d.year for d in days}):
            tasks.append((a.out, sym, [d for d in days if d.year == y], a.side))
    if a.jobs > 1 and len(tasks) > 1:
        import multiprocessing
        with multiprocessing.Pool(a.jobs) as pool:
            total = sum(pool.imap_unordered(_work, tasks))
    else:
        total = sum(map(_work, tasks))
    print("gen_days: %d files written, %d unchanged" % (total, len(tasks) and len(days) * len(a.symbols.split(",")) - total),
          file=sys.stderr)


if __name__ == "__main__":
    main()
