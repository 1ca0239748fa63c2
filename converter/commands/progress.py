"""Progress on long runs: a bar per stage on stderr (tqdm), off with `-q` and when stderr is not a
terminal (logs and CI stay clean).

    with progress.stage("convert", total=len(files)) as bar: … bar.update()
    cfg.plugins["policy-site/progress"] = PageProgress()   # page_progress.py: a bar over MkDocs' page builds
"""
from __future__ import annotations

import contextlib
import sys

#: Set by the command line (`-q` turns it off); None lets tqdm decide (on for a terminal only).
ENABLED: bool | None = None


def bar(desc: str, total: int, unit: str = "file"):
    """A tqdm bar on stderr (a disabled one under -q); close it when done."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0          # no monitor thread: the stages fork worker processes
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                disable=True if ENABLED is False else (None if ENABLED is None else False))


def stage(desc: str, total: int, unit: str = "file"):
    """`with stage(…) as b:` a bar closed at the end of the block."""
    return contextlib.closing(bar(desc, total, unit))
