"""Process-wide memos: the only state that outlives one call, one build or one command, each
registered here by name with the one-line reason it pays.

    _NORM = memo.table("search.normalize", "NFKC per character worked out once, then str.translate")

A memo only remembers answers that its owner could work out again: clearing every memo
(`clear_all`) changes no output, only time (tested). `MEMOS` lists them all, for the test that
checks no module keeps mutable state of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Memo:
    name: str
    reason: str
    data: dict = field(default_factory=dict)


#: Every memo of the process, by name.
MEMOS: dict[str, Memo] = {}


def table(name: str, reason: str) -> dict:
    """The dict of the memo `name` (made on first use); `reason` says in one line what it buys."""
    if name not in MEMOS:
        MEMOS[name] = Memo(name, reason)
    return MEMOS[name].data


def clear_all() -> None:
    for m in MEMOS.values():
        m.data.clear()
