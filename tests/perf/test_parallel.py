"""fork.py: work shared out to forked processes gives what one process gives, in order."""
from __future__ import annotations

import os
import threading

import pytest

from converter.perf import parallel as fork
from converter.site.search import terms as si


@pytest.mark.parametrize("items, n", [
    ([], 2), ([1], 2), ([1, 2, 3, 4, 5], 2), (list(range(10)), 3), (list("abcdefg"), 7), (list("ab"), 4),
])
def test_deal_then_undeal_gives_the_items_back(items, n):
    shares = fork.deal(items, n)
    assert len(shares) == n and sorted(x for s in shares for x in s) == sorted(items)
    assert fork.undeal(shares) == items


@pytest.mark.parametrize("n", [1, 2, 3])
def test_map_shares_equals_one_process_and_runs_in_others(n):
    items = list(range(25))
    got = fork.map_shares(lambda x: (x * x, os.getpid()), fork.deal(items, n))
    assert [v for v, _ in fork.undeal(got)] == [x * x for x in items]
    pids = {pid for share in got for _, pid in share}
    assert len(pids) == n and {pid for _, pid in got[0]} == {os.getpid()}


def test_a_failing_worker_share_is_redone_here_and_its_error_raised_here():
    def fn(x):
        if x == 3:
            raise ValueError(f"item {x} in {'parent' if os.getpid() == parent else 'worker'}")
        return x

    parent = os.getpid()
    with pytest.raises(ValueError, match="item 3 in parent"):
        fork.map_shares(fn, [[0, 2], [1, 3]])
    assert fork.map_shares(lambda x: -x, [[0, 2], [1, 3]]) == [[0, -2], [-1, -3]]


def test_a_worker_holds_one_result_at_a_time():
    """A worker's results go to its spill file as they are made: at its last item it holds no earlier
    result (before, the share's whole list was held and sent at the end: a share of search segments
    at 1,000 issues)."""
    import resource

    def fn(x):
        big = bytes([x]) * 8_000_000
        return x, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, os.getpid(), big

    got = fork.map_shares(fn, [[0], list(range(1, 9))])
    assert [x for x, *_ in got[0] + got[1]] == list(range(9))
    assert all(big == bytes([x]) * 8_000_000 for x, _, _, big in got[1])
    worker = got[1]
    assert worker[0][2] != os.getpid()
    assert worker[-1][1] - worker[0][1] < 30, [round(r) for _, r, _, _ in worker]   # MB; holding them: ~60


def test_no_fork_under_threads_or_for_one_worker():
    assert fork.available(2) == hasattr(os, "fork") and not fork.available(1)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not fork.available(2)
    finally:
        stop.set()
        t.join()


def test_segmentation_prefetched_on_every_core_is_the_same(monkeypatch):
    texts = [f"第{i}条 为推动制造业高质量发展，加快智能化改造和数字化转型，完善标准体系{i}" for i in range(40)]
    serial = si.Segmenter()
    serial.parallel = False
    serial.prefetch(texts)
    monkeypatch.setattr(si, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    shared = si.Segmenter()
    calls = []
    real = fork.map_shares
    monkeypatch.setattr(fork, "map_shares", lambda fn, shares: calls.append(len(shares)) or real(fn, shares))
    shared.prefetch(texts)
    assert calls == [2] and shared.memo == serial.memo and any(serial.memo.values())


def test_iter_shares_makes_the_first_share_one_item_at_a_time():
    made = []

    def fn(x):
        made.append(x)          # in this process only for the first share (a worker's list is its own)
        return x * 10

    results = fork.iter_shares(fn, [[0, 2, 4], [1, 3]])
    assert next(results) == 0 and made == [0]          # nothing of the share made ahead of the caller
    assert next(results) == 20 and made == [0, 2]
    assert list(results) == [40, 10, 30] and made == [0, 2, 4]


def test_closing_iter_shares_early_stops_its_workers():
    import time

    results = fork.iter_shares(lambda x: time.sleep(x) or x, [[0], [30]])
    assert next(results) == 0
    started = time.perf_counter()
    results.close()                                     # the worker sleeping 30 s is killed, not awaited
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("workers, budget_mb, grown_mb, fits", [
    (2, 10**6, 0, True),
    (2, 1, 0, False),                    # the interpreter alone is more than half a MB
    (1, 10**6, 0, True),
    (2, None, 200, False),               # budget: twice what the process was before it grew by 200 MB
    (2, None, 0, True),
])
def test_fits_weighs_the_workers_by_this_process(workers, budget_mb, grown_mb, fits):
    before = fork.resident_mb()
    assert before and before > 1
    grown = bytearray(grown_mb * 2**20)
    assert fork.fits(workers, budget_mb if budget_mb is not None else 2 * (before + 100)) is fits
    del grown
