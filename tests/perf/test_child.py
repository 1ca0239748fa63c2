"""perf/child.py: a step in a forked child gives back its result, its error, its output and its memory."""
from __future__ import annotations

import logging
import os
import signal
import threading

import pytest

from converter.errors import InputError
from converter.perf import child


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def pid_and(value):
    return lambda: (os.getpid(), value)


@pytest.mark.parametrize("value", [None, 3, ["report", "lines"], {"written": 7, "unchanged": 0}, "2031-05-01T00:00:00Z"])
def test_the_result_comes_back_from_another_process(value):
    pid, got = child.run(pid_and(value))
    assert got == value and pid != os.getpid()


def raise_(exc):
    def fn():
        raise exc
    return fn


class Unpicklable(Exception):
    def __init__(self, a, b):                       # pickle calls cls(*args) with one argument: fails
        super().__init__(f"{a}/{b}")


@pytest.mark.parametrize("fn, kind, text", [
    (raise_(InputError("a.txt: folder has no compilation files")), InputError, "no compilation files"),
    (raise_(ValueError("bad")), ValueError, "bad"),
    (raise_(Unpicklable(1, 2)), RuntimeError, "Unpicklable: 1/2"),
    (lambda: os.kill(os.getpid(), signal.SIGKILL), ChildProcessError, "without a result"),
    (lambda: os._exit(3), ChildProcessError, "exit status 3"),
])
def test_an_error_in_the_child_is_raised_here(fn, kind, text):
    with pytest.raises(kind, match=text) as caught:
        child.run(fn)
    if kind is InputError:
        assert "in a child process" in "".join(getattr(caught.value, "__notes__", []))


def test_what_the_child_prints_and_logs_reaches_captured_streams_and_handlers(capsys, caplog):
    def noisy():
        print("to stdout")
        print("to stderr", file=__import__("sys").stderr)
        logging.getLogger("policy-site").warning("a %s warning", "converter")
        logging.getLogger("policy-site").debug("below the level: not shown")
        return 1

    caplog.set_level(logging.INFO, logger="policy-site")
    assert child.run(noisy) == 1
    out = capsys.readouterr()
    assert out.out == "to stdout\n" and out.err == "to stderr\n"
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("WARNING", "a converter warning")]


def test_the_memory_the_child_took_is_not_held_here():
    before = rss_mb()
    assert child.run(lambda: len(bytearray(300 * 2**20))) == 300 * 2**20
    assert rss_mb() - before < 50
    big = bytearray(300 * 2**20)                    # the same step here: held (the check can fail)
    assert rss_mb() - before > 250
    del big


def test_under_threads_the_step_runs_here():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert child.run(pid_and(1)) == (os.getpid(), 1)
    finally:
        stop.set()
        t.join()
