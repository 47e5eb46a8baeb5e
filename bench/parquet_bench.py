"""ohlcv-parquet against DuckDB on one CSV: conversion time and file size.

usage: python bench/parquet_bench.py CSV [--bin DIR] [--runs N]
Times (best of N, wall clock, same machine, same run):
  ohlcv-parquet --compression snappy -o OUT CSV           (a fresh process each run)
  DuckDB COPY (SELECT * FROM read_csv(CSV, typed columns)) TO OUT (FORMAT parquet)   (in-process)
Sizes: ohlcv-parquet snappy and none, DuckDB default (snappy) and COMPRESSION zstd.
Prints a markdown table with ratios and checks the targets: >= 3x faster than DuckDB, >= 30 % smaller
than DuckDB-snappy, no larger than DuckDB-zstd. Exit status 0 when every target is met, 1 otherwise."""
import os, resource, subprocess, sys, tempfile, time

def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime

def best(fn, runs, who):
    """(best wall seconds, CPU seconds of that run): CPU of this process (DuckDB) or of children (ours)."""
    results = []
    for _ in range(runs):
        c = cpu(who); t = time.perf_counter(); fn()
        results.append((time.perf_counter() - t, cpu(who) - c))
    return min(results)

def main():
    args = sys.argv[1:]
    if not args or args[0].startswith('-'):
        sys.exit(__doc__)
    csv = os.path.abspath(args[0])
    bin_dir = args[args.index('--bin') + 1] if '--bin' in args else os.environ.get('OHLCV_BIN_DIR', '.build/release')
    runs = int(args[args.index('--runs') + 1]) if '--runs' in args else 3
    tool = os.path.join(bin_dir, 'ohlcv-parquet')
    if not os.access(tool, os.X_OK):
        sys.exit('no executable %s (build with: swift build -c release, or pass --bin DIR)' % tool)
    import duckdb
    rows = sum(1 for _ in open(csv, 'rb')) - 1
    work = tempfile.mkdtemp(prefix='parquet-bench-')
    out = {k: os.path.join(work, k + '.parquet') for k in ('ours', 'ours_none', 'duck', 'duck_zstd')}

    def ours(codec='snappy', path=out['ours']):
        subprocess.run([tool, '--compression', codec, '-o', path, csv], check=True)

    con = duckdb.connect()
    cols = "{'time': 'TIMESTAMP', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'DOUBLE'}"
    def duck(options='FORMAT parquet', path=out['duck']):
        con.execute("COPY (SELECT * FROM read_csv('%s', header=true, columns=%s)) TO '%s' (%s)" % (csv, cols, path, options))

    t_ours, c_ours = best(ours, runs, resource.RUSAGE_CHILDREN)
    t_duck, c_duck = best(duck, runs, resource.RUSAGE_SELF)
    ours('none', out['ours_none'])
    duck('FORMAT parquet, COMPRESSION zstd', out['duck_zstd'])
    size = {k: os.path.getsize(p) for k, p in out.items()}
    per = lambda b: b / rows if rows else float('nan')

    speedup = t_duck / t_ours
    vs_snappy = 1 - size['ours'] / size['duck']
    vs_zstd = size['ours'] / size['duck_zstd']
    print('%s: %d rows, %.1f MB CSV, %d cores, load average %.2f, best of %d\n'
          % (os.path.basename(csv), rows, os.path.getsize(csv) / 1e6, os.cpu_count(), os.getloadavg()[0], runs))
    print('| writer | wall s | CPU s | rows/s (wall) | bytes | B/row |')
    print('|---|---:|---:|---:|---:|---:|')
    print('| ohlcv-parquet (snappy, -o: fsync + rename) | %.3f | %.3f | %.2fM | %d | %.2f |' % (t_ours, c_ours, rows / t_ours / 1e6, size['ours'], per(size['ours'])))
    print('| ohlcv-parquet (none) | | | | %d | %.2f |' % (size['ours_none'], per(size['ours_none'])))
    print('| DuckDB COPY (default, snappy; in-process) | %.3f | %.3f | %.2fM | %d | %.2f |' % (t_duck, c_duck, rows / t_duck / 1e6, size['duck'], per(size['duck'])))
    print('| DuckDB COPY (zstd) | | | | %d | %.2f |' % (size['duck_zstd'], per(size['duck_zstd'])))
    print()
    print()
    print('CPU time ratio (DuckDB / ours): %.2fx (less sensitive to other load on the machine than wall time)' % (c_duck / c_ours))
    print()
    checks = [('speed: DuckDB wall time / ours', '%.2fx' % speedup, '>= 3x', speedup >= 3),
              ('size: smaller than DuckDB-snappy by', '%.1f %%' % (100 * vs_snappy), '>= 30 %', vs_snappy >= 0.30),
              ('size: ours / DuckDB-zstd', '%.3f' % vs_zstd, '<= 1', vs_zstd <= 1)]
    print('| ratio | value | target | met |')
    print('|---|---:|---|---|')
    for name, value, target, ok in checks:
        print('| %s | %s | %s | %s |' % (name, value, target, 'yes' if ok else '**no**'))
    for p in out.values():
        os.remove(p)
    os.rmdir(work)
    sys.exit(0 if all(c[3] for c in checks) else 1)

if __name__ == '__main__':
    main()
