"""Where a reader finds a document in its issue: the page number printed on the page, never 第 1 页 for
every document of a text that has no pages (issues 18 and 19)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from converter.model import Occurrence
from converter.stages.render import page_label


def issue(*ends):
    """A compilation whose documents end on these physical pages."""
    return SimpleNamespace(documents=[SimpleNamespace(occurrence=Occurrence("c", "f.txt", 1, 2, 1, e)) for e in ends])


@pytest.mark.parametrize("start, end, printed, ends, expected", [
    (4, 5, 3, (5,), "第 3 页"),           # the number printed on the page (footer or TOC), not the PDF's page
    (1, 1, 62, (1, 1), "第 62 页"),        # a text without pages whose TOC gives the page
    (2, 2, None, (2, 3), "第 2 页"),       # a paged issue without printed numbers: its physical page
    (2, 3, None, (3,), "第 2–3 页"),
    (1, 1, None, (1, 1, 1), ""),         # a text without pages or TOC: nothing rather than 第 1 页 for all
    (None, None, None, (None,), ""),
])
def test_page_label(start, end, printed, ends, expected):
    o = Occurrence("c", "f.txt", 1, 2, start, end, printed)
    assert page_label(o, issue(*ends)) == expected


def test_issue_pages_show_the_printed_pages(seed_corpus):
    """On the seeds' issue pages, documents carry the pages their compilation printed: different pages,
    never the same 第 1 页 for every document."""
    out, _, _ = seed_corpus
    for path in sorted((out / "issues").glob("*.md")):
        if path.name == "index.md":
            continue
        pages = re.findall(r"第 (\d+) 页", path.read_text(encoding="utf-8"))
        assert len(set(pages)) > 1 or len(pages) <= 1, (path.name, pages)
        assert pages == sorted(pages, key=int), (path.name, pages)    # in printed order
