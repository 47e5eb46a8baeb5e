#!/usr/bin/env python3
"""Writes today's growing payload, as ohlcv-fetch leaves it: DIR/SYM_YYYYMMDD.json holding the minutes
before UNTIL_MINUTE of that day (tools/gen_days.py's until_minute, so each is a prefix of the final day).

  grow_day.py SYMBOL YYYY-MM-DD UNTIL_MINUTE DIR
"""
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import gen_days  # noqa: E402


def main(symbol, day, until, out):
    d = dt.date.fromisoformat(day)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "%s_%s.json" % (symbol, d.strftime("%Y%m%d")))
    with open(path + ".tmp", "wb") as f:
        f.write(gen_days.day_payload(symbol, d, until_minute=int(until)))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main(*sys.argv[1:])
