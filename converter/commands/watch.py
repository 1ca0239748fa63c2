"""`policy-site serve` keeps watching its inputs: a new or edited issue is converted again and MkDocs
(which watches the docs folder) rebuilds and reloads the browser.

A broken new file is reported and changes nothing: `convert` refuses the whole run before writing,
so the pages and the site being served stay as they were until the file is fixed or removed.
Unchanged files are not converted again (a cache of compilations by file name and content hash).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

from converter.errors import InputError

log = logging.getLogger("policy-site")


def snapshot(inputs: list[str | Path], collect: Callable[[list], list[Path]]) -> dict[str, tuple[int, int]] | str:
    """{file: (mtime_ns, size)} of the inputs as `collect` finds them, or the error it raised."""
    try:
        files = collect(inputs)
    except InputError as exc:
        return str(exc)
    out = {}
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out[str(f)] = (st.st_mtime_ns, st.st_size)
    return out


class InputWatcher:
    """Polls the inputs every `interval` seconds; calls `on_change()` when the set of files or any
    file's size or time changed. Polling needs no platform support and sees files dropped by any tool."""

    def __init__(self, inputs, collect, on_change: Callable[[], None], interval: float = 1.0):
        self.inputs, self.collect, self.on_change, self.interval = list(inputs), collect, on_change, interval
        self.last = snapshot(self.inputs, collect)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="policy-site-watch", daemon=True)

    def poll(self) -> bool:
        """One look; True when something changed (and on_change ran)."""
        now = snapshot(self.inputs, self.collect)
        if now == self.last:
            return False
        self.last = now
        self.on_change()
        return True

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one bad conversion
                log.exception("policy-site: watching the inputs failed")

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
