"""Memory and time over a cold `policy-site build`, in one process, for finding where they go.

    .venv/bin/python bench/memtrace.py CORPUS WORK [--every 0.5] [--profile out.prof]

Builds CORPUS (a folder of issue files) into WORK/docs and WORK/site with a site folder made by
`policy-site init` (WORK/site-folder: the plugins' caches beside it, so the build is cold when WORK is
new). A timer signal samples the process's resident set (VmRSS, and the children's: the workers) every
--every seconds together with the main thread's innermost frames in this project or MkDocs; the
samples are written to WORK/memtrace.tsv and the largest rises of RSS, by the code running while they
happened, are printed. --profile also runs cProfile over the build (slower; times relative only).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import signal
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int | str = "self") -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children_rss() -> float:
    total = 0.0
    try:
        for pid in open(f"/proc/self/task/{os.getpid()}/children").read().split():
            total += rss_mb(pid)
    except OSError:
        pass
    return total


def where(frame) -> str:
    """The innermost frames of ours or MkDocs' (three), innermost last."""
    names = []
    while frame is not None and len(names) < 3:
        f = frame.f_code.co_filename
        if ("/converter/" in f or "/mkdocs/" in f) and "memtrace" not in f:
            names.append(f"{f.split('/site-packages/')[-1].split('/wt-')[-1]}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(names) or "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--every", type=float, default=0.5)
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "site-folder"
    if not folder.exists():
        subprocess.run([sys.executable, "-m", "converter", "-q", "init", str(folder)], cwd=ROOT, check=True)
    samples: list[tuple[float, float, float, str]] = []
    t0 = time.monotonic()
    parent = os.getpid()

    def sample(signum, frame):         # a timer signal, not a thread: the build forks workers only
        if os.getpid() == parent:      # when no other thread runs (perf/parallel.available)
            samples.append((time.monotonic() - t0, rss_mb(), children_rss(), where(frame)))

    signal.signal(signal.SIGALRM, sample)
    signal.setitimer(signal.ITIMER_REAL, args.every, args.every)
    from converter.commands.build import build

    c0 = os.times()
    call = lambda: build([str(args.corpus)], work / "site", work / "docs", config=folder / "mkdocs.yml")  # noqa: E731
    if args.profile:
        import cProfile

        cProfile.runctx("call()", globals(), {"call": call}, str(args.profile))
    else:
        call()
    c1 = os.times()
    signal.setitimer(signal.ITIMER_REAL, 0)
    wall = time.monotonic() - t0
    cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) + \
        (c1.children_system - c0.children_system)
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(work / "memtrace.tsv", "w") as out:
        out.write("seconds\trss_mb\tchildren_mb\twhere\n")
        for s in samples:
            out.write(f"{s[0]:.1f}\t{s[1]:.0f}\t{s[2]:.0f}\t{s[3]}\n")
    rises: dict[str, float] = defaultdict(float)
    spent: dict[str, float] = defaultdict(float)
    for (_, a, _, _), (_, b, _, w) in zip(samples, samples[1:]):
        rises[w] += b - a
        spent[w] += args.every
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s (with workers), peak RSS {peak:,.0f} MB (largest child {peak_children:,.0f} MB)")
    print("largest RSS rises (MB) by code running:")
    for w, mb in sorted(rises.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {mb:8.0f}  {w}")
    print("most samples (s) by code running:")
    for w, s in sorted(spent.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {s:8.1f}  {w}")


if __name__ == "__main__":
    main()
