"""Work shared out to forked processes, one per core: each inherits this process's memory (nothing
is sent to it) and writes its results, pickled one by one, into a spill file the parent reads them
back from one at a time (a pipe would make the worker hold its whole share's results until the parent
took them: at 1,000 issues a worker's share of search segments).

    if fork.available(workers):
        results = fork.map_shares(fn, fork.deal(items, workers))     # or iter_shares: one at a time

Used where a stage has much independent work that one process would do with the other cores
idle: word segmentation and index segments (site/search/), document pages (build.write_pages).
The per-file stages use a process pool instead (build.py): there each worker reads its own files.
Document pages are made *and written* by each process, which sends back only whether it wrote
them: at 100 issues that took 0.46–0.54 s against 0.69–0.81 s in one process, while sending the
pages back to be written here took 0.42 s against 0.44 s (measured on this 2-core VM: each
process runs at two thirds of its speed while the other runs).

Never under threads (`mkdocs serve`, the input watcher): a fork copies only the calling thread, and
a lock another thread holds stays locked in the child.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import threading
from contextlib import closing
from itertools import islice
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available(workers: int) -> bool:
    """Whether sharing out to `workers` processes can help and is safe here."""
    return workers >= 2 and hasattr(os, "fork") and threading.active_count() == 1


def resident_mb() -> float | None:
    """This process's resident set in MB (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


#: Forked workers are used while the processes fit in this many MB (issue 21: a cold build within 2 GB).
#: A worker touches most of what it inherited and so copies it: at 1,000 issues the convert at 1.8 GB and
#: its page-writing worker made 3.0 GB, MkDocs at 1.6 GB and its search worker 2.67 GB (bench/treemem.py,
#: proportional set sizes summed).
BUDGET_MB = 2000


def fits(workers: int, budget_mb: float | None = None) -> bool:
    """Whether `workers` processes the size of this one stay within `budget_mb`: a forked worker that
    reads much of what it inherited copies it (every object it touches has its reference count
    written), so the processes come to nearly `workers` times this one. True where it cannot be told."""
    rss = resident_mb()
    return rss is None or rss * workers <= (BUDGET_MB if budget_mb is None else budget_mb)


def deal(items: Sequence[T], n: int) -> list[list[T]]:
    """Items dealt round-robin into n shares: neighbours (often alike in size) go to different shares."""
    return [list(items[i::n]) for i in range(n)]


def undeal(shares: list[list[R]]) -> list[R]:
    """The results of dealt shares back in the items' order (`deal` inverted)."""
    out: list = [None] * sum(map(len, shares))
    for i, share in enumerate(shares):
        out[i::len(shares)] = share
    return out


def map_shares(fn: Callable[[T], R], shares: list[list[T]]) -> list[list[R]]:
    """[fn(item) for item in share] for each share, in order (`iter_shares`, collected)."""
    with closing(iter_shares(fn, shares)) as results:
        return [list(islice(results, len(share))) for share in shares]


def iter_shares(fn: Callable[[T], R], shares: list[list[T]]) -> Iterator[R]:
    """fn(item) for each item of each share, in order: the first share in this process, one item at
    a time as the caller takes them (a caller that stores each result before taking the next never
    holds the whole share: collecting it first cost the search index's cold build 230 MB of peak
    memory at 100 issues, measured), each other share in a forked process of its own. A process that
    dies or fails has its share done here instead (so an exception in fn is raised here, as without
    workers). Closing the iterator early stops the workers."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    procs = []
    try:
        for share in shares[1:]:
            recv, send = ctx.Pipe(duplex=False)
            spill = tempfile.TemporaryFile()
            proc = ctx.Process(target=_worker, args=(fn, share, send, spill, os.getpid()), daemon=True)
            proc.start()
            send.close()
            procs.append((proc, recv, spill, share))
        if shares:
            yield from map(fn, shares[0])
        for proc, recv, spill, share in procs:
            try:
                count = recv.recv()
            except (EOFError, OSError):                     # the worker died or failed
                yield from map(fn, share)
                continue
            spill.seek(0)
            for _ in range(count):
                yield pickle.load(spill)
    finally:
        for proc, recv, spill, _ in procs:
            recv.close()
            spill.close()
            if proc.is_alive():
                proc.kill()
            proc.join()


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies, even by `kill -9` (Linux
    PR_SET_PDEATHSIG; elsewhere the worker notices on its next write to the closed pipe). A parent
    that died before this call is noticed by its pid."""
    if sys.platform.startswith("linux"):
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


#: prctl option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def _worker(fn, share, conn, spill, parent: int) -> None:
    """Each result pickled into `spill` as soon as it is made (none held), then their count sent."""
    die_with_parent(parent)
    try:
        for item in share:
            pickle.dump(fn(item), spill, protocol=pickle.HIGHEST_PROTOCOL)
        spill.flush()
        conn.send(len(share))
    finally:
        conn.close()
