"""Progress on long runs: a bar per stage on stderr (tqdm), off with `-q` and when stderr is not a
terminal (logs and CI stay clean).

    with progress.stage("convert", total=len(files)) as bar: … bar.update()
    cfg.plugins["policy-site/progress"] = progress.PageProgress()   # a bar over MkDocs' page builds
"""
from __future__ import annotations

import contextlib
import sys

from mkdocs.plugins import BasePlugin

#: Set by the command line (`-q` turns it off); None lets tqdm decide (on for a terminal only).
ENABLED: bool | None = None


@contextlib.contextmanager
def stage(desc: str, total: int, unit: str = "file"):
    from tqdm import tqdm

    tqdm.monitor_interval = 0          # no monitor thread: the stages fork worker processes
    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
               disable=True if ENABLED is False else (None if ENABLED is None else False))
    try:
        yield bar
    finally:
        bar.close()


class PageProgress(BasePlugin):
    """MkDocs plugin: one bar over the pages of a build."""

    def __init__(self):
        super().__init__()
        self._bar = None
        self._stage = None

    def on_files(self, files, config):
        pages = sum(1 for f in files if f.is_documentation_page())
        self._stage = stage("build", pages, unit="page")
        self._bar = self._stage.__enter__()
        return files

    def on_page_context(self, context, page, config, nav):
        if self._bar is not None:
            self._bar.update()
        return context

    def on_post_build(self, config):
        self._close()

    def on_build_error(self, error):
        self._close()

    def _close(self):
        if self._stage is not None:
            self._stage.__exit__(None, None, None)
            self._stage = self._bar = None
