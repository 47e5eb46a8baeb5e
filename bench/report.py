#!/usr/bin/env python3
"""Turns bench/work/run-<N>y/results.jsonl (written by run.sh) into the Markdown report: every figure next to
its baseline from the same run, the ratio, the target and pass/miss. Medians over the runs of each label."""
import json
import statistics
import sys
from collections import defaultdict


def load(path):
    runs = defaultdict(list)
    meta = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "meta" in r:
                meta[r["meta"]] = r["value"]
            else:
                runs[r["label"]].append(r)
    return runs, meta


def med(rs, key="wall"):
    return statistics.median(r[key] for r in rs) if rs else None


def cpu(r):
    return r["user"] + r["sys"]


def medcpu(rs):
    return statistics.median(cpu(r) for r in rs) if rs else None


def s(x, unit="s"):
    if x is None:
        return "n/a"
    if unit == "s":
        return "%.3f s" % x if x < 10 else "%.2f s" % x
    return ("%.1f " % x) + unit


def verdict(ok):
    return "**pass**" if ok else "**MISS**"


def main(path):
    runs, meta = load(path)
    out = []
    w = out.append
    mb = meta["json_bytes"] / 1e6
    w("# ohlcv bench: %s, %s years (%s)" % (meta["symbol"], meta["years"], meta["date"]))
    w("")
    w("CPU: **%s** (/proc/cpuinfo), %s cores; %s GB RAM, Linux %s. %s. %s." % (
        meta["cpu"], meta["cores"], meta["mem_gb"], meta["kernel"], meta["swift"], meta["libs"]))
    w("Input: %d day payloads, %.1f MB of JSON -> 1-minute file of %d rows, %.1f MB -> %d 5-minute rows." % (
        meta["json_files"], mb, meta["m1_rows"], meta["m1_bytes"] / 1e6, meta["m5_rows"]))
    n = lambda label: len(runs.get(label, []))  # noqa: E731
    if "load_start" in meta:
        w("Load average (1 min) at the start and end of the run: %s and %s on %s cores (the machine is shared: "
          "other builds and tests may run at the same time; CPU times are the steadier figures)."
          % (meta["load_start"], meta.get("load_end", "?"), meta["cores"]))
    w("Wall = median of the runs (count in brackets); CPU = user + sys of the same median measure. "
      "Baselines include their interpreter start-up; their in-process time is given too.")
    w("")
    w("| # | measurement | ours | baseline | ratio | target | result |")
    w("|---|---|---|---|---|---|---|")

    ours = runs["r5m:ours"]
    o = med(ours)
    wc = med(runs["r5m:wc"])
    cat = med(runs["r5m:cat"])
    for lib in ("duckdb", "polars", "pandas"):
        b = runs.get("r5m:" + lib)
        if not b:
            continue
        bw = med(b)
        inproc = med(runs.get("r5m:%s:inproc" % lib, []))
        target = {"duckdb": ">= 10x faster"}.get(lib, "(reference)")
        res = verdict(bw / o >= 10) if lib == "duckdb" else ""
        w("| 1 | 1m->5m filter vs %s (wall) | %s [%d] (CPU %s) | %s [%d] (CPU %s; in-process %s) | %.1fx faster (CPU: %.1fx) | %s | %s |"
          % (lib, s(o), len(ours), s(medcpu(ours)), s(bw), len(b), s(medcpu(b)), s(inproc), bw / o,
             medcpu(b) / medcpu(ours), target, res))
    w("| 1 | 1m->5m filter vs `wc -l` (wall) | %s | %s [%d] (`cat > /dev/null`: %s) | %.1fx wc | <= 5x wc | %s |"
      % (s(o), s(wc), n("r5m:wc"), s(cat), o / wc, verdict(o / wc <= 5)))
    w("| 1 | 1m->5m throughput | %.0f MB/s of CSV, %.1f M rows/s | | | | |" % (meta["m1_bytes"] / 1e6 / o,
                                                                          meta["m1_rows"] / 1e6 / o))
    c = runs["cascade:ours"]
    cw = med(c)
    w("| 2 | 10-timeframe cascade, fresh (wall) | %s [%d] (CPU %s) | 1m->5m filter %s (CPU %s) | %.2fx (CPU: %.2fx) | <= 1.2x | %s |"
      % (s(cw), len(c), s(medcpu(c)), s(o), s(medcpu(ours)), cw / o, medcpu(c) / medcpu(ours), verdict(cw / o <= 1.2)))

    ct, ca, cr = (runs.get("cold:" + k, []) for k in ("transform", "aggregate", "resample"))
    pf, pf_in, pf_ta = (runs.get("cold:pandas-full" + k, []) for k in ("", ":inproc", ":inproc:ta"))
    if ct and ca:
        per_run = [(t, a) for t, a in zip(ct, ca)]
        rates = sorted(mb / (cpu(t) + cpu(a)) for t, a in per_run)
        rate = statistics.median(rates)
        ta_wall = statistics.median(t["wall"] + a["wall"] for t, a in per_run)
        ta_cpu = statistics.median(cpu(t) + cpu(a) for t, a in per_run)
        w("| 3 | cold transform + aggregate of %.1f MB JSON: MB per CPU-second | %.0f MB/s, best run %.0f MB/s (CPU %s = transform %s [user %s] + aggregate %s [user %s]) [%d] | | | >= 150 MB/s | %s |"
          % (mb, rate, rates[-1], s(ta_cpu), s(medcpu(ct)), s(med(ct, "user")), s(medcpu(ca)), s(med(ca, "user")),
             len(per_run), verdict(rate >= 150)))
        w("| 3 | same, wall (transform %s + aggregate %s) | %s = %.0f MB/s | | | | |"
          % (s(med(ct)), s(med(ca)), s(ta_wall), mb / ta_wall))
        if pf_ta:
            w("| 3 | transform + aggregate vs the pandas pipeline's same part (JSON -> one 1m CSV, in-process; wall) | %s | %s [%d] | %.1fx faster | (reference) | |"
              % (s(ta_wall), s(med(pf_ta)), len(pf_ta), med(pf_ta) / ta_wall))
    rf = runs.get("cold:rebuild-full", [])
    if rf:
        rw = med(rf)
        if pf:
            pw = med(pf)
            w("| 3 | cold `make rebuild-full SYMBOL=X` (wall) vs the pandas whole-job pipeline (transform + aggregate + 10-timeframe cascade) | %s [%d] (CPU %s) | %s [%d] (CPU %s; in-process %s) | %.1fx faster (CPU: %.1fx) | >= 20x faster | %s |"
              % (s(rw), len(rf), s(medcpu(rf)), s(pw), len(pf), s(medcpu(pf)), s(med(pf_in)), pw / rw,
                 medcpu(pf) / medcpu(rf), verdict(pw / rw >= 20)))
        else:
            w("| 3 | cold `make rebuild-full SYMBOL=X` (wall) | %s [%d] (CPU %s) | (pandas skipped) | | >= 20x faster | |"
              % (s(rw), len(rf), s(medcpu(rf))))
        if cr:
            w("| 3 | ... of which the cascade (cold make, its resample step) | %s (CPU %s) | | | | |" % (s(med(cr)), s(medcpu(cr))))
    walls = {}
    cpus = {}
    for key, title in (("newday", "one new day"), ("hourly", "hourly: today's temp file grew"),
                       ("noop", "nothing changed")):
        for h in sorted({int(k.split(":")[1]) for k in runs if k.startswith("incr:")}):
            rs = runs.get("incr:%d:%s" % (h, key), [])
            if not rs:
                continue
            x = med(rs)
            walls[(key, h)] = x
            cpus[(key, h)] = medcpu(rs)
            target = "< 0.2 s" if key != "noop" else "(reference)"
            res = verdict(x < 0.2) if key != "noop" else ""
            w("| 4 | incremental `make pipeline SYMBOL=X`, %d-year history, %s | %s [%d] (CPU %s, max %s) | | | %s | %s |"
              % (h, title, s(x), len(rs), s(medcpu(rs)), s(max(r["wall"] for r in rs)), target, res))
            parts = [(t, runs.get("incr:%d:%s:%s" % (h, key, t), [])) for t in ("transform", "aggregate", "resample")]
            if all(p for _, p in parts):
                w("| 4 | ... of which the tools (median wall / CPU) | %s | | | | |" % ", ".join(
                    "%s %.1f / %.1f ms" % (t, med(p) * 1000, medcpu(p) * 1000) for t, p in parts))
    hs = sorted({h for _, h in walls})
    if len(hs) >= 2:
        for key in ("newday", "hourly", "noop"):
            a, b = walls.get((key, hs[0])), walls.get((key, hs[-1]))
            ca, cb = cpus.get((key, hs[0])), cpus.get((key, hs[-1]))
            if a and b:
                ok = b / a <= 1.25 and cb / ca <= 1.25
                w("| 4 | growth %d -> %d years (%s): wall, CPU | %s -> %s; CPU %s -> %s | | %.2fx; CPU %.2fx | no growth (<= 1.25x in both) | %s |"
                  % (hs[0], hs[-1], key, s(a), s(b), s(ca), s(cb), b / a, cb / ca, verdict(ok) if key != "noop" else ""))
    pq, dk, dk_in = runs.get("pq:file", []), runs.get("pq:duckdb", []), runs.get("pq:duckdb:inproc", [])
    if pq and dk:
        qw, dw = med(pq), med(dk_in) or med(dk)
        w("| P | ohlcv-parquet FILE -o OUT (1m file, %s rows) vs DuckDB `COPY ... TO parquet` (wall; DuckDB in-process) | %s [%d] (CPU %s) | %s [%d] (CPU %s; whole process %s) | %.1fx faster (CPU: %.1fx) | >= 3x faster | %s |"
          % ("{:,}".format(meta["m1_rows"]), s(qw), len(pq), s(medcpu(pq)), s(dw), len(dk_in), s(medcpu(dk)), s(med(dk)),
             dw / qw, medcpu(dk) / medcpu(pq), verdict(dw / qw >= 3)))
        if "parquet_bytes" in meta:
            w("| P | size: ours (snappy) vs DuckDB (snappy) | %.2f B/row | %.2f B/row | %.2fx | (reference) | |"
              % (meta["parquet_bytes"] / meta["m1_rows"], meta["duckdb_parquet_bytes"] / meta["m1_rows"],
                 meta["parquet_bytes"] / meta["duckdb_parquet_bytes"]))
        for label, title in (("pq:pipe", "`cat FILE | ohlcv-parquet -o OUT -` (CPU includes cat)"),
                             ("pq:hive", "Hive mode, %s year partitions, fresh root" % meta.get("parquet_years", "?"))):
            rs = runs.get(label)
            if rs:
                w("| P | ohlcv-parquet %s (wall) | %s [%d] (CPU %s) | | | (reference) | |" % (title, s(med(rs)), len(rs), s(medcpu(rs))))
    for mode, title, target in (("cron", "as the cron line runs it", "< 1 s"), ("j2", "with MAKEFLAGS=-j2", "(reference)")):
        rs = runs.get("hourly:" + mode)
        if rs:
            x = med(rs)
            w("| H | hourly `make all`, 26 symbols x %s years, local replay server, RATE=1000, %s (wall) | %s [%d] (CPU %s, max %s) | | | %s | %s |"
              % (meta["years"], title, s(x), len(rs), s(medcpu(rs)), s(max(r["wall"] for r in rs)), target,
                 verdict(x < 1) if mode == "cron" else ""))
    rss = {}
    for label, tool in (("cold:transform", "ohlcv-transform (cold, all days)"),
                        ("cold:aggregate", "ohlcv-aggregate (cold, all days)"),
                        ("cold:resample", "ohlcv-resample (cold cascade via make)"),
                        ("cascade:ours", "ohlcv-resample (cascade)"),
                        ("r5m:ours", "ohlcv-resample --timeframe 5m (filter)"),
                        ("pq:file", "ohlcv-parquet, file mode (named file, -o)"),
                        ("pq:pipe", "ohlcv-parquet, stdin from a pipe"),
                        ("pq:hive", "ohlcv-parquet, Hive mode")):
        rs = runs.get(label)
        if rs:
            rss[tool] = max(r["maxrss_kb"] for r in rs) / 1024
    for label in ("r5m:duckdb", "r5m:polars", "r5m:pandas", "pq:duckdb", "cold:pandas-full"):
        rs = runs.get(label)
        if rs:
            rss["baseline " + label.split(":", 1)[1] + {"r5m": " (1m->5m)", "pq": " (COPY TO parquet)", "cold": ""}[label.split(":")[0]]] = \
                max(r["maxrss_kb"] for r in rs) / 1024
    for tool, v in rss.items():
        ok = v < 64
        w("| 5 | peak RSS, %s | %s | | | %s | %s |" % (tool, s(v, "MB"), "< 64 MB" if "baseline" not in tool else "",
                                                    verdict(ok) if "baseline" not in tool else ""))
    w("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
