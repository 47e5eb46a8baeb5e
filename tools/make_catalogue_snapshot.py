#!/usr/bin/env python3
"""Writes catalogue/instruments.tsv, the offline snapshot of the instrument catalogue, from the facts in
../shared/fixtures/instruments.csv (code, description, pip value, first tick/minute/hour/day).

The first minute day follows ohlcv-fetch's rule (InstrumentInfo.firstDataDay): the UTC day of the LATEST of
the tick, minute, hour and day starts. Usage: tools/make_catalogue_snapshot.py INSTRUMENTS_CSV OUT_TSV
"""
import csv
import sys

HEADER = "# ohlcv instrument catalogue 1"


def main(src, out):
    rows = []
    with open(src, newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for r in csv.DictReader(lines):
        code = r["json_code"].strip()
        if not code:
            continue
        starts = [r[k] for k in ("start_ticks", "start_minute", "start_hour", "start_day") if r.get(k)]
        first = max(starts)[:10] if starts else ""        # ISO UTC text sorts as time
        pip = r["pipValue_new"] or r["pipValue_old"]
        clean = lambda s: " ".join(s.split())
        rows.append((code, clean(r["description"]), pip, first))
    rows.sort()
    with open(out, "w") as fh:
        fh.write(HEADER + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print("%s: %d instruments" % (out, len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
