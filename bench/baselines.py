#!/usr/bin/env python3
"""The baselines `make bench` measures ohlcv-resample against, and the correctness guard.

  baselines.py duckdb|polars|pandas IN.csv OUT.csv [--timeframe 5m] [--log FILE --label NAME]
      Resample a 1-minute CSV (time,open,high,low,close,volume) into OUT.csv the way a quant would with
      that library: CSV in, CSV out, bins [start, start + length) labelled by start, first open, max high,
      min low, last close, summed volume (rounded to 8 places, as ours), empty bins not written, times
      written as YYYY-MM-DD HH:MM:SS. With --log, appends the in-process time (interpreter and import
      start-up excluded) as a JSON line, next to the whole-process figure run.sh records.

  baselines.py pandas-pipeline CACHE_DIR OUT.csv --symbol SYM [--log FILE --label NAME]
      The pandas way of doing transform + aggregate: every SYM_*.json day of CACHE_DIR into one 1-minute CSV.

  baselines.py pandas-full CACHE_DIR OUT_DIR --symbol SYM [--log FILE --label NAME]
      The whole job the way a pandas-based tool does it: the pandas-pipeline above (JSON days -> 1-minute
      frame, written to OUT_DIR/1m.csv), then the 10-timeframe cascade 5m 15m 30m 1h 4h 8h 1d 1W 1M 1Y with
      resample(...).agg(first/max/min/last/sum), each level from the same source level as ours (behaviour
      §5), written to OUT_DIR/TF.csv.

  baselines.py check-full OURS_DATA_DIR OUT_DIR --symbol SYM
      The guard of pandas-full, run before it is timed: for the 1-minute file and each of the 10 timeframes,
      every row of OUT_DIR/TF.csv against our data/aggregate/1m/SYM.csv or data/resample/TF/SYM.csv: the same
      times, open/high/low/close equal as exact decimals, volume equal after rounding both half-even to the
      digits that pandas' float64 sum still holds exactly at that size (it sums doubles; ours is exact).

  baselines.py duckdb-parquet IN.csv OUT.parquet [--log FILE --label NAME]
      DuckDB's COPY (SELECT * FROM read_csv(IN, typed columns)) TO OUT (FORMAT parquet): snappy, its default.

  baselines.py check-parquet IN.csv PARQUET...
      The guard of ohlcv-parquet, run before it is timed: DuckDB reads the Parquet files (one file, or every
      year of a Hive tree) as one table, which must hold exactly the CSV's rows (EXCEPT ALL both ways, counts).

  baselines.py check OURS.csv OTHER.csv [--sample-every N]
      The guard run before any timing: same header, same number of rows, same time column on every row,
      and, on every Nth row plus the first and last 1000, open/high/low/close equal as exact decimals and
      volume within 1e-8 or equal to 15 significant digits (the baselines sum doubles). Exits 1 with the first differences on a mismatch.
"""
import json
import sys
import time
from decimal import Decimal

TF_SECONDS = {"1m": 60, "5m": 300, "15m": 900, "30m": 1800, "1h": 3600}


def duckdb_resample(inp, out, tf):
    # DuckDB's own ISO timestamp parser and writer: faster than an explicit format here, same bytes.
    import duckdb
    secs = TF_SECONDS[tf]
    con = duckdb.connect()
    con.execute("""
        COPY (
          SELECT time_bucket(INTERVAL '%d seconds', time) AS time,
                 arg_min(open, time) AS open, max(high) AS high, min(low) AS low,
                 arg_max(close, time) AS close, round(sum(volume), 8) AS volume
          FROM read_csv('%s', header = true, delim = ',',
                        columns = {'time': 'TIMESTAMP', 'open': 'DOUBLE', 'high': 'DOUBLE',
                                   'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'DOUBLE'})
          GROUP BY 1 ORDER BY 1
        ) TO '%s' (HEADER, DELIMITER ',')
    """ % (secs, inp.replace("'", "''"), out.replace("'", "''")))


def polars_resample(inp, out, tf):
    import polars as pl
    every = tf
    # Lazy scan: the fastest of the variants tried (eager read_csv, try_parse_dates) on this machine.
    lf = pl.scan_csv(inp, schema={"time": pl.String, "open": pl.Float64, "high": pl.Float64,
                                  "low": pl.Float64, "close": pl.Float64, "volume": pl.Float64})
    lf = lf.with_columns(pl.col("time").str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S")).set_sorted("time")
    r = lf.group_by_dynamic("time", every=every, closed="left", label="left").agg(
        pl.col("open").first(), pl.col("high").max(), pl.col("low").min(), pl.col("close").last(),
        pl.col("volume").sum().round(8))
    r.collect().write_csv(out, datetime_format="%Y-%m-%d %H:%M:%S")


CSV_COLUMNS = ("{'time': 'TIMESTAMP', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', "
               "'volume': 'DOUBLE'}")


def sql_text(text):
    return "'%s'" % text.replace("'", "''")


def duckdb_parquet(inp, out):
    import duckdb
    duckdb.connect().execute("COPY (SELECT * FROM read_csv(%s, header = true, columns = %s)) TO %s (FORMAT parquet)"
                             % (sql_text(inp), CSV_COLUMNS, sql_text(out)))


def check_parquet(csv, files):
    import duckdb
    con = duckdb.connect()
    con.execute("CREATE VIEW c AS SELECT * FROM read_csv(%s, header = true, columns = %s)" % (sql_text(csv), CSV_COLUMNS))
    con.execute("CREATE VIEW p AS SELECT time, open, high, low, close, volume FROM read_parquet([%s])"
                % ", ".join(sql_text(f) for f in files))
    n_csv, = con.execute("SELECT count(*) FROM c").fetchone()
    n_pq, = con.execute("SELECT count(*) FROM p").fetchone()
    only_csv, = con.execute("SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM p)").fetchone()
    only_pq, = con.execute("SELECT count(*) FROM (SELECT * FROM p EXCEPT ALL SELECT * FROM c)").fetchone()
    if n_csv != n_pq or only_csv or only_pq:
        sys.exit("bench guard: Parquet %s differs from %s: %d vs %d rows, %d rows only in the CSV, %d only in the "
                 "Parquet" % (" ".join(files), csv, n_pq, n_csv, only_csv, only_pq))
    print("bench guard: Parquet (%d file(s), %s...) = %s as DuckDB reads both (%d rows)"
          % (len(files), files[0], csv, n_csv), file=sys.stderr)


def pandas_resample(inp, out, tf):
    import pandas as pd
    rule = {"5m": "5min", "15m": "15min", "30m": "30min", "1h": "1h", "1m": "1min"}[tf]
    df = pd.read_csv(inp, parse_dates=["time"], index_col="time", date_format="%Y-%m-%d %H:%M:%S")
    r = df.resample(rule, closed="left", label="left").agg(
        {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"})
    r = r.dropna(subset=["open"])           # bins with no rows are not written
    r["volume"] = r["volume"].round(8)
    r.to_csv(out, date_format="%Y-%m-%d %H:%M:%S")


def pandas_pipeline(cache, out, symbol):
    """What a pandas-based pipeline does for transform + aggregate: json.load each day, rebuild the rows
    with numpy cumsum (floats, rounded to 8 places at the end), drop zero volumes, one DataFrame, one CSV.
    It writes only the 1-minute file (no per-day CSVs, no fsync), so it does less than our two stages.
    Returns the frame (columns time, open, high, low, close, volume) for pandas_full's cascade."""
    import glob
    import os
    import numpy as np
    import pandas as pd
    files = sorted(glob.glob(os.path.join(cache, "*", "*", "%s_*.json" % symbol)))
    frames = []
    for path in files:
        with open(path) as f:
            d = json.load(f)
        if not d["times"]:
            continue
        m = float(d["multiplier"])
        cols = {"time": pd.to_datetime(d["timestamp"] + d["shift"] * np.cumsum(np.array(d["times"], dtype=np.int64)),
                                       unit="ms")}
        for base, key in (("open", "opens"), ("high", "highs"), ("low", "lows"), ("close", "closes")):
            cols[base] = float(d[base]) + m * np.cumsum(np.array(d[key], dtype=np.int64))
        cols["volume"] = np.array(d["volumes"], dtype=np.float64)
        df = pd.DataFrame(cols)
        frames.append(df[df["volume"] != 0])
    df = pd.concat(frames, ignore_index=True)
    for c in ("open", "high", "low", "close", "volume"):
        df[c] = df[c].round(8)
    df.to_csv(out, index=False, date_format="%Y-%m-%d %H:%M:%S")
    return df


# Each timeframe of the cascade, its pandas rule, and the level it is built from (behaviour §5: the largest
# configured timeframe whose bins nest in its own). Fixed lengths are counted from the epoch; weeks start on
# Monday ("W-MON" with closed/label left), months and years on the calendar.
CASCADE = (("5m", "5min", "1m"), ("15m", "15min", "5m"), ("30m", "30min", "15m"), ("1h", "1h", "30m"),
           ("4h", "4h", "1h"), ("8h", "8h", "4h"), ("1d", "1D", "8h"), ("1W", "W-MON", "1d"),
           ("1M", "MS", "1d"), ("1Y", "YS", "1M"))


def pandas_full(cache, out_dir, symbol):
    """pandas_pipeline's transform + aggregate, then the cascade. Time-indexed frames, one to_csv each.
    Returns {"ta": seconds}: the in-process time of the transform + aggregate part (up to the 1-minute CSV)."""
    import os
    import pandas as pd
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.perf_counter()
    m1 = pandas_pipeline(cache, os.path.join(out_dir, "1m.csv"), symbol)
    ta = time.perf_counter() - t0
    frames = {"1m": m1.set_index("time")}
    agg = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
    for tf, rule, src in CASCADE:
        fixed = rule[-1] not in "SN"   # W-MON, MS, YS are calendar rules; origin only applies to the others
        kw = {"origin": "epoch"} if fixed else {}
        r = frames[src].resample(rule, closed="left", label="left", **kw).agg(agg)
        r = r.dropna(subset=["open"])    # bins with no rows are not written
        r["volume"] = r["volume"].round(8)
        frames[tf] = r
        r.to_csv(os.path.join(out_dir, tf + ".csv"), date_format="%Y-%m-%d %H:%M:%S")
    return {"ta": ta}


def same_volume(ours, theirs):
    """Our exact volume against a baseline's float sum: equal when rounded half-even to 15 significant digits,
    all that a double holds exactly (a 20-year 1Y candle's 102606215.27 comes back as 102606215.27000003)."""
    q = Decimal(1).scaleb(ours.adjusted() - 14)
    return ours.quantize(q) == theirs.quantize(q)


def read_pair(ours, other):
    """The lines of our CSV and a baseline's, and the problems of their header and row count."""
    with open(ours) as f:
        a = f.read().splitlines()
    with open(other) as f:
        b = f.read().splitlines()
    problems = []
    if a[0] != b[0]:
        problems.append("header differs: %r vs %r" % (a[0], b[0]))
    if len(a) != len(b):
        problems.append("row count differs: %d vs %d" % (len(a) - 1, len(b) - 1))
    return a, b, problems


def row_problems(line, fa, fb, volume_ok):
    """Line `line`'s fields, ours `fa` against the baseline's `fb`: the prices equal as decimals, the volumes as
    `volume_ok(ours, theirs)` says."""
    problems = []
    for k, name in enumerate(("open", "high", "low", "close")):
        if Decimal(fa[k + 1]) != Decimal(fb[k + 1]):
            problems.append("line %d: %s %s vs %s" % (line, name, fa[k + 1], fb[k + 1]))
    if not volume_ok(Decimal(fa[5]), Decimal(fb[5])):
        problems.append("line %d: volume %s vs %s" % (line, fa[5], fb[5]))
    return problems


def stop_if(problems, title):
    if problems:
        print("bench guard: " + title, file=sys.stderr)
        for p in problems[:10]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)


def check_full(data_dir, out_dir, symbol):
    import os
    ours = [("1m", os.path.join(data_dir, "aggregate", "1m", symbol + ".csv"))]
    ours += [(tf, os.path.join(data_dir, "resample", tf, symbol + ".csv")) for tf, _, _ in CASCADE]
    total = 0
    loose = 0
    for tf, path in ours:
        a, b, problems = read_pair(path, os.path.join(out_dir, tf + ".csv"))
        for i in range(1, min(len(a), len(b))):
            if len(problems) > 10:
                break
            fa = a[i].split(",")
            fb = b[i].split(",")
            if fa[0] != fb[0]:
                problems.append("line %d: time %r vs %r" % (i + 1, fa[0], fb[0]))
                break
            problems += row_problems(i + 1, fa, fb, lambda va, vb: va == vb or same_volume(va, vb))
            if Decimal(fa[5]) != Decimal(fb[5]):
                loose += 1
        stop_if(problems, "pandas-full %s differs from ours (%s):" % (tf, path))
        total += len(a) - 1
    print("bench guard: pandas-full = ours in all 11 files (%d rows, every row compared as decimals; %d volumes "
          "equal only to 15 significant digits, the float sum's precision)" % (total, loose), file=sys.stderr)


def check(ours, other, every):
    a, b, problems = read_pair(ours, other)
    n = min(len(a), len(b))
    for i in range(1, n):
        if a[i][:19] != b[i][:19]:
            problems.append("line %d: time %r vs %r" % (i + 1, a[i][:19], b[i][:19]))
            break
    rows = set(range(1, min(n, 1001))) | set(range(max(1, n - 1000), n)) | set(range(1, n, every))
    checked = 0
    worst_vol = Decimal(0)
    for i in sorted(rows):
        fa = a[i].split(",")
        fb = b[i].split(",")
        worst_vol = max(worst_vol, abs(Decimal(fa[5]) - Decimal(fb[5])))
        problems += row_problems(i + 1, fa, fb, lambda va, vb: abs(va - vb) <= Decimal("1e-8") or same_volume(va, vb))
        checked += 1
        if len(problems) > 10:
            break
    stop_if(problems, "%s differs from %s:" % (other, ours))
    print("bench guard: %s = %s (%d rows; %d rows compared as decimals, max volume diff %s)"
          % (other, ours, len(a) - 1, checked, worst_vol), file=sys.stderr)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    mode, inp, out = argv[0], argv[1], argv[2]
    opts = dict(zip(argv[3::2], argv[4::2]))
    if mode == "check":
        check(inp, out, int(opts.get("--sample-every", "97")))
        return
    if mode == "check-parquet":
        check_parquet(inp, argv[2:])
        return
    if mode == "check-full":
        check_full(inp, out, opts["--symbol"])
        return
    if mode in ("pandas-pipeline", "pandas-full"):        # IN is the cache directory
        t0 = time.perf_counter()
        phases = {}
        if mode == "pandas-pipeline":
            pandas_pipeline(inp, out, opts["--symbol"])
        else:
            phases = pandas_full(inp, out, opts["--symbol"])
        if "--log" in opts:
            with open(opts["--log"], "a") as f:
                f.write(json.dumps({"label": opts["--label"], "wall": round(time.perf_counter() - t0, 6)}) + "\n")
                for name, secs in phases.items():   # e.g. LABEL:ta, the transform + aggregate part
                    f.write(json.dumps({"label": "%s:%s" % (opts["--label"], name), "wall": round(secs, 6)}) + "\n")
        return
    tf = opts.get("--timeframe", "5m")
    t0 = time.perf_counter()
    if mode == "duckdb-parquet":
        duckdb_parquet(inp, out)
    else:
        {"duckdb": duckdb_resample, "polars": polars_resample, "pandas": pandas_resample}[mode](inp, out, tf)
    dt = time.perf_counter() - t0
    if "--log" in opts:
        with open(opts["--log"], "a") as f:
            f.write(json.dumps({"label": opts["--label"], "wall": round(dt, 6)}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
