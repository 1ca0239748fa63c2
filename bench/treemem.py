"""Peak memory of a command's whole process tree, sampled from outside.

    .venv/bin/python bench/treemem.py [--every 0.25] [--tsv out.tsv] -- COMMAND [ARG...]

`/usr/bin/time -v` (and bench/run.py's wait4) report the peak RSS of the largest single process: a
build whose convert step runs in a child of its own, or whose workers run beside it, is undercounted
by it. This runs COMMAND and, every --every seconds, walks its descendants (/proc/PID/task/*/children)
and adds up their resident sets: RSS (a forked worker's pages shared copy-on-write with its parent are
counted in both) and PSS (/proc/PID/smaps_rollup: a shared page counted once, split between its
sharers; the tree's real use of memory). Printed at the end: wall and CPU seconds (user + system, the
command and every child it waited for), the peaks of the tree's RSS and PSS sums, the largest single
process's peak (ru_maxrss, what time -v reports) and the largest number of processes seen at once.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path


def tree(pid: int) -> list[int]:
    """pid and all its descendants alive now."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=float, default=0.25)
    ap.add_argument("--tsv", type=Path, help="write the samples (seconds, processes, tree RSS, tree PSS MB)")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no COMMAND")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    samples: list[tuple[float, int, float, float]] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        pids = tree(proc.pid)
        sizes = [memory_kb(p) for p in pids]
        samples.append((time.perf_counter() - t0, sum(1 for s in sizes if s[0]),
                        sum(s[0] for s in sizes) / 1024, sum(s[1] for s in sizes) / 1024))
        time.sleep(args.every)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if args.tsv:
        with open(args.tsv, "w") as out:
            out.write("seconds\tprocesses\ttree_rss_mb\ttree_pss_mb\n")
            out.writelines(f"{s:.2f}\t{n}\t{r:.0f}\t{p:.0f}\n" for s, n, r, p in samples)
    peak_rss = max(samples, key=lambda s: s[2], default=(0, 0, 0.0, 0.0))
    peak_pss = max(samples, key=lambda s: s[3], default=(0, 0, 0.0, 0.0))
    print(f"treemem: exit {code}; wall {wall:.1f} s, CPU {usage.ru_utime + usage.ru_stime:.1f} s; "
          f"tree peak RSS {peak_rss[2]:,.0f} MB (at {peak_rss[0]:.0f} s, {peak_rss[1]} processes), "
          f"tree peak PSS {peak_pss[3]:,.0f} MB (at {peak_pss[0]:.0f} s); largest single process "
          f"{usage.ru_maxrss / 1024:,.0f} MB; most processes at once {max((s[1] for s in samples), default=0)}",
          file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
