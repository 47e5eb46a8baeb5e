#!/usr/bin/env python3
"""Run a command and record its wall time, CPU time and peak RSS (from wait4's rusage).

  measure.py --log FILE --label NAME [--stdout FILE] [--cwd DIR] -- CMD ARG...

Appends one JSON line per run to --log: {"label", "wall", "user", "sys", "maxrss_kb", "status"}.
The rusage of wait4 covers the child and every descendant it waited for (so `make` includes its
recipes); peak RSS is the largest single process among them. Exits with the command's status.
Used directly by run.sh and, through bench/work/*/bin wrappers, around each tool as make calls it.
"""
import json
import os
import sys
import time


def main(argv):
    log = label = out = cwd = None
    i = 0
    while i < len(argv) and argv[i] != "--":
        k = argv[i]
        v = argv[i + 1]
        if k == "--log":
            log = v
        elif k == "--label":
            label = v
        elif k == "--stdout":
            out = v
        elif k == "--cwd":
            cwd = v
        else:
            sys.exit("measure.py: unknown option %s" % k)
        i += 2
    cmd = argv[i + 1:]
    if not cmd or not log or not label:
        sys.exit("usage: measure.py --log FILE --label NAME [--stdout FILE] [--cwd DIR] -- CMD ...")
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if cwd:
                os.chdir(cwd)
            if out:
                fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 1)
                os.close(fd)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    rec = {"label": label, "wall": round(wall, 6), "user": round(ru.ru_utime, 6), "sys": round(ru.ru_stime, 6),
           "maxrss_kb": ru.ru_maxrss, "status": code}
    with open(log, "a") as f:
        f.write(json.dumps(rec) + "\n")
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main(sys.argv[1:])
