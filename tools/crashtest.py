#!/usr/bin/env python3
"""Crash-consistency harness (issue #6, behaviour §6): SIGKILL realistic `make` histories at seeded instants and
check that the next successful run leaves every CSV and Parquet file byte-identical to a clean build from the
same final cache.

History (each step starts from the state the previous step left, run without kills):
  cold      server clock D 09:00, `make all` from START (cold build, growing day D)
  hourly-1  D 10:00, `make all` (the growing day grows)
  hourly-2  D 11:30, `make all`
  midnight  D+1 00:30, `make all` (yesterday's growing day becomes a cached day, a new one starts)
  backfill  D+1 01:00, a revised day on the server, `make rebuild-weekly`
  parquet   `make parquet`
  hourly-3  D+1 02:00, `make all` then `make parquet` (incremental Parquet after a growing day)

For every step, kill points of two kinds are tried, each from a copy of the step's starting state:
  random    the whole process group of `make` (started with setsid) gets SIGKILL at a seeded random instant
            in [0, T) where T is the step's measured duration; the stage is whichever ohlcv-* tool was running
            (or "make" between tools)
  fault     debug builds: OHLCV_FAULT=kill:any:N:STAGE, the tool SIGKILLs itself before its Nth
            write/fsync/rename/truncate; N walks 1, 2, 3 ... (full run) until the stage completes, or is drawn
            at random (quick run)
After the kill, the same step is run again without faults (the "next successful make"). Then:
  * the cache (cache/**.json, data/temp/*.json) must equal the uninterrupted run's;
  * every derived data file (data/transform/**.csv, data/temp/*.csv, data/aggregate/1m/*.csv,
    data/resample/*/*.csv, data/parquet/**.parquet) must equal, byte for byte and as a set, a clean build
    (`make pipeline` + `make parquet` in a fresh directory) from that cache;
  * no *.tmp file may remain anywhere.
Index and state files (…/index/*.idx, index/*.settings, data/stamp/*, _ohlcv_state*) are not compared:
they record run history (lineage ids, generations), which legitimately differs from a clean build's.

Usage: tools/crashtest.py [--points N] [--seed S] [--bin DIR] [--quick] [--work DIR] [--keep]
  env CRASHTEST_POINTS, CRASHTEST_SEED (else OHLCV_SEED), CRASHTEST_BIN override the defaults. Exit 0 = all kill points
  recovered; 1 = a mismatch (the message names seed, step, stage and kill instant); 2 = harness trouble.
"""
import argparse, datetime as dt, filecmp, json, os, random, shutil, signal, subprocess, sys, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import replay_server  # noqa: E402
STAGES = ["fetch", "transform", "aggregate", "resample", "parquet"]
SYMBOLS = ["EUR-USD", "BTC-USD"]
START = "2026-06-22"
DAY = dt.date(2026, 7, 15)              # a Wednesday: EUR-USD trades, so its growing day has candles
NEXT = DAY + dt.timedelta(days=1)
BACKFILL = DAY - dt.timedelta(days=2)

# (name, server clock, OHLCV_TODAY, make goals, stages that can run, server control before the step)
STEPS = [
    ("cold", f"{DAY}T09:00:00Z", DAY, ["all"], ["fetch", "transform", "aggregate", "resample"], None),
    ("hourly-1", f"{DAY}T10:00:00Z", DAY, ["all"], ["fetch", "transform", "aggregate", "resample"], None),
    ("hourly-2", f"{DAY}T11:30:00Z", DAY, ["all"], ["fetch", "transform", "aggregate", "resample"], None),
    ("midnight", f"{NEXT}T00:30:00Z", NEXT, ["all"], ["fetch", "transform", "aggregate", "resample"], None),
    ("backfill", f"{NEXT}T01:00:00Z", NEXT, ["rebuild-weekly"], ["fetch", "transform", "aggregate", "resample"],
     {"faults": [{"match": f"EUR-USD/BID/{BACKFILL.year}/{BACKFILL.month}/{BACKFILL.day}", "kind": "revise",
                  "candles": 3}]}),
    ("parquet", f"{NEXT}T01:00:00Z", NEXT, ["parquet"], ["parquet"], None),
    ("hourly-3", f"{NEXT}T02:00:00Z", NEXT, ["all", "parquet"], STAGES, None),
]


def log(*a):
    print(*a, flush=True)


class Failure(Exception):
    pass


class Harness:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.bin)
        self.work = os.path.abspath(args.work)
        self.rng = random.Random(args.seed)
        self.kills = {s: 0 for s in STAGES + ["make"]}
        self.kinds = {"random": 0, "fault": 0}
        self.missed = 0
        self.failures = []
        self.server = None
        self.debug = os.path.exists(os.path.join(self.bin, "..", "debug")) and self.bin.rstrip("/").endswith("debug")

    # ---- replay server (127.0.0.1 only, generated days, frozen clock)
    def start_server(self):
        options = ["--now", STEPS[0][1], "--freeze", "--gen-symbols", ",".join(SYMBOLS),
                   "--max-seconds", "14400", "--log", os.path.join(self.work, "replay.log")]
        self.server, port = replay_server.start(options, stderr=open(os.path.join(self.work, "replay.err"), "w"))
        self.url = "http://127.0.0.1:%d" % port

    def control(self, body):
        req = urllib.request.Request(self.url + "/_control", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            r.read()

    def stop_server(self):
        if self.server:
            replay_server.stop(self.server)

    # ---- running make
    def make_cmd(self, d, goal):
        return ["make", "--no-print-directory", "-f", os.path.join(ROOT, "Makefile"), "-C", ROOT,
                f"BIN={self.bin}", "NO_BUILD=1", f"CACHE_DIR={d}/cache", f"DATA_DIR={d}/data",
                f"SYMBOLS={' '.join(SYMBOLS)}", f"START_DATE={START}", f"BASE_URL={self.url}", "RATE=1000",
                "LOCK_WAIT=30", goal]

    def env(self, today, fault=None):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith("OHLCV_") and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        e["OHLCV_TODAY"] = str(today)
        e["TERM"] = "dumb"
        if fault:
            e["OHLCV_FAULT"] = fault
        return e

    def run_goals(self, d, step, fault=None, kill_at=None):
        """Runs the step's goals in order. Returns (ok, stage killed or None, seconds, output)."""
        name, clock, today, goals = step[0], step[1], step[2], step[3]
        t0 = time.monotonic()
        out = []
        for goal in goals:
            p = subprocess.Popen(self.make_cmd(d, goal), env=self.env(today, fault), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, start_new_session=True)
            killed_stage = None
            if kill_at is not None:
                remaining = kill_at - (time.monotonic() - t0)
                try:
                    p.wait(max(remaining, 0))
                except subprocess.TimeoutExpired:
                    killed_stage = self.running_stage(p.pid)
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            text = p.communicate(timeout=600)[0].decode(errors="replace")
            out.append(text)
            if killed_stage is not None:
                return False, killed_stage, time.monotonic() - t0, "".join(out)
            if p.returncode != 0:
                return False, None, time.monotonic() - t0, "".join(out)
        return True, None, time.monotonic() - t0, "".join(out)

    @staticmethod
    def running_stage(pgid):
        found = "make"
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                stat = open(f"/proc/{pid}/stat").read()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and comm.startswith("ohlcv-"):
                found = comm[len("ohlcv-"):]
        return found

    # ---- state
    def copy_state(self, src, dst):
        if os.path.exists(dst):
            shutil.rmtree(dst)
        if os.path.exists(src):
            shutil.copytree(src, dst, symlinks=True)      # copy2: mtimes kept, so make sees the same stamps
        else:
            os.makedirs(dst)

    @staticmethod
    def files(d, sub, keep):
        base = os.path.join(d, sub)
        result = []
        for root, _, names in os.walk(base):
            for n in names:
                rel = os.path.relpath(os.path.join(root, n), d)
                if keep(rel):
                    result.append(rel)
        return sorted(result)

    def cache_files(self, d):
        return self.files(d, "cache", lambda r: r.endswith(".json")) + \
            self.files(d, "data/temp", lambda r: r.endswith(".json"))

    def derived_files(self, d, parquet):
        def keep(rel):
            parts = rel.split("/")
            if "index" in parts or rel.endswith(".tmp"):
                return False
            if rel.startswith("data/parquet/"):
                return parquet and rel.endswith(".parquet")
            return rel.endswith(".csv") and parts[1] in ("transform", "temp", "aggregate", "resample")
        return self.files(d, "data", keep)

    def stray_temps(self, d):
        return self.files(d, "", lambda r: r.endswith(".tmp"))

    def same(self, a, b, rels):
        return [r for r in rels if not filecmp.cmp(os.path.join(a, r), os.path.join(b, r), shallow=False)]

    def clean_build(self, state, dst, parquet):
        """A fresh directory with only the cache of `state`, built by make pipeline (+ parquet)."""
        if os.path.exists(dst):
            shutil.rmtree(dst)
        os.makedirs(dst)
        for rel in self.cache_files(state):
            os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
            shutil.copy2(os.path.join(state, rel), os.path.join(dst, rel))
        step = ("clean", None, STEPS[-1][2], ["pipeline"] + (["parquet"] if parquet else []))
        ok, _, _, out = self.run_goals(dst, step)
        if not ok:
            raise RuntimeError("clean build failed in %s:\n%s" % (dst, out[-3000:]))

    def compare(self, got, ref_state, ref_build, parquet, what):
        problems = []
        gc, rc = self.cache_files(got), self.cache_files(ref_state)
        if gc != rc or self.same(got, ref_state, gc):
            problems.append("cache differs from the uninterrupted run's: only here %s, only there %s, bytes %s" % (
                sorted(set(gc) - set(rc))[:5], sorted(set(rc) - set(gc))[:5],
                self.same(got, ref_state, sorted(set(gc) & set(rc)))[:5]))
            # Still judge the derived files against a clean build of *this* cache.
            ref_build = os.path.join(self.work, "clean-own")
            self.clean_build(got, ref_build, parquet)
        gd, rd = self.derived_files(got, parquet), self.derived_files(ref_build, parquet)
        if gd != rd:
            problems.append("derived files differ as a set: only here %s, only in the clean build %s" % (
                sorted(set(gd) - set(rd))[:8], sorted(set(rd) - set(gd))[:8]))
        diff = self.same(got, ref_build, sorted(set(gd) & set(rd)))
        if diff:
            problems.append("%d files differ from the clean build, e.g. %s" % (len(diff), diff[:8]))
        stray = self.stray_temps(got)
        if stray:
            problems.append("stray temp files left: %s" % stray[:8])
        if problems:
            raise Failure("%s: %s" % (what, "; ".join(problems)))
        return len(gd)

    # ---- the loop
    def run(self):
        a = self.args
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        log(f"crashtest: seed {a.seed}, {a.points} random kill points, fault points: {a.faults}, "
            f"bin {self.bin}, work {self.work}")
        self.start_server()
        prev = os.path.join(self.work, "state-empty")
        os.makedirs(prev)
        per_step = [a.points // len(STEPS) + (1 if i < a.points % len(STEPS) else 0) for i in range(len(STEPS))]
        parquet_done = False
        compared = 0
        t_start = time.monotonic()
        for i, step in enumerate(STEPS):
            name, clock, today, goals, stages, ctl = step
            self.control({"now": clock, "freeze": True})
            if ctl:
                self.control(ctl)
            parquet_done = parquet_done or "parquet" in goals
            # The uninterrupted run: the reference state, and its duration for the random instants.
            ref = os.path.join(self.work, f"state-{i}-{name}")
            self.copy_state(prev, ref)
            ok, _, took, out = self.run_goals(ref, step)
            if not ok:
                raise RuntimeError(f"step {name} failed without any kill:\n{out[-3000:]}")
            ref_build = os.path.join(self.work, f"clean-{i}-{name}")
            self.clean_build(ref, ref_build, parquet_done)
            n = self.compare(ref, ref, ref_build, parquet_done, f"seed {a.seed}: step {name}, no kill")
            before = set(self.derived_files(prev, True) + self.cache_files(prev))
            after = self.derived_files(ref, True) + self.cache_files(ref)
            changed = sum(1 for r in after if r not in before or not filecmp.cmp(os.path.join(prev, r), os.path.join(ref, r), shallow=False))
            if changed == 0:
                raise RuntimeError(f"step {name} changed no file: the history is not exercising anything")
            log(f"step {name}: {took:.2f}s uninterrupted, wrote {changed} cache/data files; "
                f"{n} data files equal a clean build")
            run_dir = os.path.join(self.work, "run")

            def attempt(kind, stage_hint, fault=None, kill_at=None):
                try:
                    return attempt1(kind, stage_hint, fault, kill_at)
                except Failure as f:
                    if not a.keep_going:
                        raise
                    repro = (f"tools/crashtest.py --bin {a.bin} --seed {a.seed} --only {name} "
                             + (f"--fault {fault}" if fault else f"--kill-at {kill_at:.4f}"))
                    self.failures.append(f"{f}\n    reproduce: {repro}")
                    log(f"  FAIL: {f}")
                    return True

            def attempt1(kind, stage_hint, fault=None, kill_at=None):
                nonlocal compared
                self.copy_state(prev, run_dir)
                ok, killed, t, out = self.run_goals(run_dir, step, fault=fault, kill_at=kill_at)
                if ok:
                    return False                          # finished before the kill point
                stage = killed if kill_at is not None else stage_hint
                if kill_at is None and "Killed" not in out and "137" not in out:
                    raise Failure(f"seed {a.seed}: step {name}: {fault}: failed without being killed:\n{out[-2000:]}")
                what = (f"seed {a.seed}: step {name}: stage {stage}: "
                        + (f"SIGKILL of the process group at t={kill_at:.4f}s" if kill_at is not None
                           else f"OHLCV_FAULT={fault}"))
                self.kills[stage] += 1
                self.kinds[kind] += 1
                if a.keep_killed:                     # the state the kill left, for diagnosis
                    self.copy_state(run_dir, os.path.join(self.work, "killed"))
                ok, _, _, out = self.run_goals(run_dir, step)
                if not ok:
                    raise Failure(f"{what}: the next run failed:\n{out[-3000:]}")
                self.compare(run_dir, ref, ref_build, parquet_done, what)
                compared += 1
                if a.verbose:
                    log("  ok: " + what)
                return True

            if a.only and a.only != name:
                prev = ref
                continue
            if a.fault or a.kill_at is not None:
                hit = attempt("fault" if a.fault else "random", a.fault.split(":")[3] if a.fault and a.fault.count(":") >= 3 else None,
                              fault=a.fault, kill_at=a.kill_at)
                log(f"step {name}: single kill point {'reached' if hit else 'not reached (the run finished first)'}")
                prev = ref
                continue
            # Random instants.
            got, tries = 0, 0
            while got < per_step[i] and tries < per_step[i] * 4 + 4:
                tries += 1
                if attempt("random", None, kill_at=self.rng.uniform(0, took)):
                    got += 1
                else:
                    self.missed += 1
            # Fault points, stage by stage (debug builds only).
            if a.faults != "none":
                for stage in stages:
                    if a.faults == "walk":
                        # N = 1 … 40 one by one, then every 3rd N up to --fault-cap (resample makes ~150
                        # durable calls in a cold build of 2 symbols × 10 timeframes).
                        for k in list(range(1, 41)) + list(range(43, a.fault_cap + 1, 3)):
                            if not attempt("fault", stage, fault=f"kill:any:{k}:{stage}"):
                                break
                    else:
                        for _ in range(a.fault_samples):
                            k = self.rng.randint(1, a.fault_cap)
                            if not attempt("fault", stage, fault=f"kill:any:{k}:{stage}"):
                                k = self.rng.randint(1, 3)
                                attempt("fault", stage, fault=f"kill:any:{k}:{stage}")
            log(f"step {name}: done; kill points so far {sum(self.kills.values())} "
                f"({', '.join(f'{s} {c}' for s, c in self.kills.items())})")
            prev = ref
        total = sum(self.kills.values())
        if self.failures:
            raise Failure(f"{len(self.failures)} of {total} kill points did not recover "
                          f"(random {self.kinds['random']}, fault {self.kinds['fault']}; per stage: "
                          f"{', '.join(f'{s} {c}' for s, c in self.kills.items())}; "
                          f"{time.monotonic() - t_start:.0f}s):\n  "
                          + "\n  ".join(self.failures))
        log(f"crashtest: PASS seed {a.seed}: {total} kill points recovered byte-identically "
            f"(random {self.kinds['random']}, fault {self.kinds['fault']}, {self.missed} random instants fell after "
            f"the run ended); per stage: " + ", ".join(f"{s} {c}" for s, c in self.kills.items())
            + f"; {time.monotonic() - t_start:.0f}s")
        return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=int(os.environ.get("CRASHTEST_POINTS", "350")),
                    help="random-instant kill points in all (default 350, env CRASHTEST_POINTS)")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CRASHTEST_SEED") or os.environ.get("OHLCV_SEED") or "0") or None,
                    help="the seed of the random choices (default: env CRASHTEST_SEED, else OHLCV_SEED, else random)")
    ap.add_argument("--bin", default=os.environ.get("CRASHTEST_BIN", os.path.join(ROOT, ".build/debug")))
    ap.add_argument("--faults", choices=["walk", "sample", "none"], default=None,
                    help="walk: N = 1, 2, ... per stage and step (default with a debug build); sample: a few "
                         "random N (--quick); none: release builds")
    ap.add_argument("--fault-cap", type=int, default=160, help="largest N of a fault walk (default 160)")
    ap.add_argument("--keep-going", action="store_true", help="record failures and go on (default without --quick)")
    ap.add_argument("--stop", action="store_true", help="stop at the first failure")
    ap.add_argument("--only", help="only this step (with --fault/--kill-at: reproduce one kill point)")
    ap.add_argument("--fault", help="one OHLCV_FAULT spec to try, e.g. kill:any:31:resample (needs --only)")
    ap.add_argument("--keep-killed", action="store_true", help="copy the state each kill left to WORK/killed")
    ap.add_argument("--kill-at", type=float, help="one random-instant kill point in seconds (needs --only)")
    ap.add_argument("--fault-samples", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="small run for make test: sampled fault points")
    # One directory per process: two harnesses on one machine (two engineers, or make test beside make
    # crashtest) never share a work directory.
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "ohlcv-crashtest-%d" % os.getpid()))
    ap.add_argument("--keep", action="store_true", help="keep the work directory after a pass")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    if a.seed is None:
        a.seed = random.SystemRandom().randrange(1, 1 << 31)
    debug = os.path.basename(os.path.normpath(a.bin)) == "debug"
    a.keep_going = not (a.quick or a.stop)
    if a.faults is None:
        a.faults = ("sample" if a.quick else "walk") if debug else "none"
    if not os.path.exists(os.path.join(a.bin, "ohlcv-fetch")):
        print(f"crashtest: no tools in {a.bin} (build them first, or pass --bin)", file=sys.stderr)
        return 2
    h = Harness(a)
    try:
        h.run()
    except Failure as f:
        print(f"crashtest: FAIL {f}\n  (state kept in {h.work}; rerun with --seed {a.seed})", file=sys.stderr)
        return 1
    except Exception as e:
        print(f"crashtest: harness error (seed {a.seed}): {e}", file=sys.stderr)
        return 2
    finally:
        h.stop_server()
    if not a.keep:
        shutil.rmtree(h.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
