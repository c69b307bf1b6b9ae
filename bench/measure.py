#!/usr/bin/env python3
"""Run a command repeatedly and print the median wall time and peak RSS.

    measure.py DIR OUT ERR WARMUP RUNS CMD...

Runs CMD in DIR (stdout to OUT, stderr to ERR) WARMUP times untimed, then RUNS times timed, and
prints "median_wall_seconds median_peak_rss_kib exit_status_of_last_run". Each timed run is one
posix_spawn of CMD, timed with a monotonic nanosecond clock from just before the spawn to the
return of wait4, so no shell, `date` or `time` process sits inside the timed window.

Peak RSS comes from separate runs (min(RUNS, 3)) under GNU time (%M: the largest resident set
of the process or of any child it waited for). Not from this script's own wait4: a child spawned
by Python starts as a copy of the Python process, and its ru_maxrss would never read below
Python's own ~13 MiB.
"""
import tempfile
import os
import statistics
import sys
import time


def run_once(cwd, out, err, argv):
    with open(out, "wb") as o, open(err, "wb") as e:
        actions = [(os.POSIX_SPAWN_DUP2, o.fileno(), 1), (os.POSIX_SPAWN_DUP2, e.fileno(), 2)]
        old = os.getcwd()
        os.chdir(cwd)  # posix_spawn has no cwd argument before Python 3.13's chdir action
        try:
            t0 = time.perf_counter_ns()
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            t1 = time.perf_counter_ns()
        finally:
            os.chdir(old)
    return (t1 - t0) / 1e9, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def peak_rss_kib(cwd, out, err, argv):
    with tempfile.NamedTemporaryFile(prefix="vigil-bench-rss.") as f:
        run_once(cwd, out, err, ["/usr/bin/time", "-f", "%M", "-o", f.name] + argv)
        with open(f.name) as r:
            return int(r.read().split()[-1])


def main():
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    cwd, out, err, warmup, runs = sys.argv[1:6]
    argv = sys.argv[6:]
    for _ in range(int(warmup)):
        run_once(cwd, out, err, argv)
    walls, rsss, rc = [], [], 0
    for _ in range(int(runs)):
        wall, _, rc = run_once(cwd, out, err, argv)
        walls.append(wall)
    for _ in range(min(int(runs), 3)):
        rsss.append(peak_rss_kib(cwd, out, err, argv))
    print(f"{statistics.median(walls):.6f} {statistics.median(rsss):.0f} {rc}")


if __name__ == "__main__":
    main()
