"""A step run in a forked process of its own, so that the memory it took goes back to the system when it
ends: a Python process keeps the arenas of the objects it freed. At 1,000 issues the converter's
library was freed before MkDocs started, yet the build process stayed at 1.8 GB, and MkDocs' pages and
the search index came on top of that (3.1 GB).

    report = child.run(lambda: step(...))      # step's result, or the exception it raised, here

The result (or the exception, its traceback as a note) comes back pickled through a spill file. What
the step prints or logs reaches the same places as when it runs here: streams and log handlers on a
file descriptor (a terminal, a log file) are written by the child as it goes; those the child cannot
reach (in-memory ones: a test's captured sys.stderr, pytest's caplog) get their output replayed here
once the child has ended. Here, as a plain call, when forking is not safe (parallel.available: under
threads, `mkdocs serve`).
"""
from __future__ import annotations

import io
import logging
import os
import pickle
import sys
import tempfile
from typing import Callable, TypeVar

from converter.perf import parallel

R = TypeVar("R")
STREAMS = ("stdout", "stderr")


def run(fn: Callable[[], R]) -> R:
    """fn() in a forked child; its result, or its exception raised here. A child that ends without a
    result (killed by a signal, the out-of-memory killer) raises ChildProcessError."""
    if not parallel.available(2):
        return fn()
    handlers = [h for h in _all_handlers() if not _on_a_descriptor(h)]
    streams = [name for name in STREAMS if not _on_a_descriptor(getattr(sys, name))]
    for name in STREAMS:
        getattr(sys, name).flush()                       # nothing buffered is written twice
    parent = os.getpid()
    with tempfile.TemporaryFile() as spill:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                parallel.die_with_parent(parent)
                _in_child(fn, spill, handlers, streams)
                code = 0
            finally:
                for name in STREAMS:
                    try:
                        getattr(sys, name).flush()
                    except Exception:  # noqa: BLE001 - a closed stream: nothing more to write
                        pass
                os._exit(code)
        try:
            _, status = os.waitpid(pid, 0)
        except BaseException:                            # interrupted here: the child goes too
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            raise
        spill.seek(0)
        try:
            ok, value, records, texts = pickle.load(spill)
        except Exception:  # noqa: BLE001 - no (whole) result written
            raise ChildProcessError(f"the child process ended without a result "
                                    f"(exit status {os.waitstatus_to_exitcode(status)})") from None
    for name, text in texts.items():
        getattr(sys, name).write(text)
    for i, record in records:
        handlers[i].handle(record)
    if ok:
        return value
    raise value


class _Keeper(logging.Handler):
    """In the child, in place of a handler it cannot reach: its records, made picklable, kept for the
    parent (in the child process only; a worker the child forks keeps its own, as it did before)."""

    def __init__(self, index: int, level: int, kept: list, owner: int):
        super().__init__(level)
        self.index, self.kept, self.owner = index, kept, owner

    def emit(self, record):
        if os.getpid() != self.owner:
            return
        record = logging.makeLogRecord(record.__dict__)
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.kept.append((self.index, record))


def _in_child(fn, spill, handlers: list, streams: list[str]) -> None:
    kept: list = []
    for i, handler in enumerate(handlers):
        keeper = _Keeper(i, handler.level, kept, os.getpid())
        for logger in _loggers():
            if handler in logger.handlers:
                logger.removeHandler(handler)
                logger.addHandler(keeper)
    texts = {name: io.StringIO() for name in streams}
    for name, text in texts.items():
        setattr(sys, name, text)
    try:
        result = (True, fn())
    except BaseException as exc:  # noqa: BLE001 - raised again in the parent
        import traceback

        exc.add_note("in a child process:\n" + "".join(traceback.format_exception(exc)).rstrip())
        result = (False, exc)
    out = {name: text.getvalue() for name, text in texts.items()}
    try:
        data = pickle.dumps((*result, kept, out), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)                               # an exception that would not come back whole
    except Exception:  # noqa: BLE001
        if result[0]:
            raise
        error = RuntimeError(f"{type(result[1]).__name__}: {result[1]}")
        data = pickle.dumps((False, error, kept, out), protocol=pickle.HIGHEST_PROTOCOL)
    spill.write(data)
    spill.flush()


def _loggers() -> list[logging.Logger]:
    return [logging.getLogger(), *(lg for lg in list(logging.Logger.manager.loggerDict.values())
                                   if isinstance(lg, logging.Logger))]


def _all_handlers() -> list[logging.Handler]:
    seen: dict[int, logging.Handler] = {}
    for logger in _loggers():
        for handler in logger.handlers:
            seen.setdefault(id(handler), handler)
    return list(seen.values())


def _on_a_descriptor(thing) -> bool:
    """Whether a stream (or a handler's stream) writes to a file descriptor, which the child shares."""
    if isinstance(thing, logging.Handler):
        if not isinstance(thing, logging.StreamHandler):
            return False
        thing = thing.stream
    try:
        thing.fileno()
        return True
    except Exception:  # noqa: BLE001 - io.UnsupportedOperation, a closed or missing stream
        return False
