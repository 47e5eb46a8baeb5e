"""Write a synthetic FX-like 1-minute OHLCV CSV in our format (behaviour §3.1) for benchmarks and tests.

usage: python bench/gen_ohlcv_csv.py ROWS OUT.csv [--seed N]
EUR/USD-like: 5-decimal prices near 1.14 as a random walk, volume with 2 decimals, no bars from
Friday 21:00 to Sunday 21:00 UTC and ~1 % of the other minutes missing. Numbers are written as
Python's repr of the rounded double, which is what behaviour §3.1 prescribes."""
import sys, datetime, random

def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index('--seed') + 1]) if '--seed' in sys.argv else 1
    rng = random.Random(seed)
    t = datetime.datetime(2019, 1, 1)
    step = datetime.timedelta(minutes=1)
    price = 114000  # in 1e-5 units
    with open(out, 'w') as f:
        f.write('time,open,high,low,close,volume\n')
        n = 0
        while n < rows:
            t += step
            wd, h = t.weekday(), t.hour
            if (wd == 4 and h >= 21) or wd == 5 or (wd == 6 and h < 21) or rng.random() < 0.01:
                continue
            o = price
            c = o + rng.randint(-8, 8)
            hi = max(o, c) + rng.randint(0, 5)
            lo = min(o, c) - rng.randint(0, 5)
            price = c
            v = rng.randint(1, 60000) / 100
            f.write('%s,%r,%r,%r,%r,%r\n' % (t.strftime('%Y-%m-%d %H:%M:%S'), o / 1e5, hi / 1e5, lo / 1e5, c / 1e5, v))
            n += 1

if __name__ == '__main__':
    main()
