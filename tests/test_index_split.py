"""Long index lists split by year, then month, then numbered parts (render.split_list / part_pages):
every item on exactly one page, no page longer than the limit, each page linking to all the others."""
from __future__ import annotations

import posixpath
import re

import pytest

from converter.stages.render import UNDATED_KEY, part_pages, split_list


def dated(spec: list[tuple[str | None, int]]) -> list[tuple[str | None, int]]:
    """Items (date, n), newest first, `count` items per date as given."""
    return [(d, i) for d, count in spec for i in range(count)]


@pytest.mark.parametrize("spec, limit, keys", [
    ([("2024-05-01", 3)], 5, [""]),                                            # fits: one page, no key
    ([("2024-05-01", 3), ("2023-01-02", 3)], 5, ["2024", "2023"]),             # by year
    ([("2024-05-01", 4), ("2024-03-01", 4), ("2023-01-02", 2)], 5, ["2024-05", "2024-03", "2023"]),
    ([("2024-05-01", 12), ("2023-01-02", 1)], 5, ["2024-05-1", "2024-05-2", "2024-05-3", "2023"]),
    ([("2024-05-01", 3), (None, 4)], 5, ["2024", UNDATED_KEY]),               # undated last, own part
    ([("2024-05-01", 1), (None, 7)], 5, ["2024", f"{UNDATED_KEY}-1", f"{UNDATED_KEY}-2"]),
    ([("2024", 3), ("2024-02-01", 3)], 5, ["2024", "2024-02"]),                # a year-only date
])
def test_split_keys(spec, limit, keys):
    items = dated(spec)
    parts = split_list(items, lambda x: x[0], limit)
    assert [k for k, _, _ in parts] == keys
    assert [x for _, _, part in parts for x in part] == items               # each once, in order
    assert all(len(part) <= limit for _, _, part in parts)
    assert len({label for _, label, _ in parts}) == len(parts)              # labels tell parts apart


@pytest.mark.parametrize("path", ["timeline.md", "themes/green.md", "issues/index.md"])
def test_part_pages_link_each_other(path):
    """One link per year (to its first part), and per part of the page's own year when it has several:
    every part reachable from every page in at most two steps, every link naming a part."""
    items = dated([("2024-05-01", 3), ("2024-03-01", 3), ("2023-01-02", 3), ("2022-01-02", 3), (None, 1)])
    parts = split_list(items, lambda x: x[0], 4)
    pages = part_pages(path, parts)
    assert pages[0][0] == path                                                  # newest part on the list's page
    assert [p for p, *_ in pages[1:]] == [f"{path[:-3]}/{k}.md" for k in ("2024-03", "2023", "2022", UNDATED_KEY)]
    paths = [p for p, *_ in pages]

    def target(here, href):
        return posixpath.normpath(posixpath.join(posixpath.dirname(here), href))

    for here, label, _, years, within in pages:
        assert [lab for lab, _ in years] == ["2024 年", "2023 年", "2022 年", "日期不详"]
        assert sum(href is None for _, href in years) == 1                      # its own year, not a link
        assert all(target(here, href) in paths for _, href in years + within if href)
        if here in paths[:2]:                                                    # 2024: two months
            assert [lab for lab, _ in within] == ["2024 年 5 月", "2024 年 3 月"]
            assert [href is None for _, href in within] == [here == paths[0], here == paths[1]]
        else:
            assert within == []
        reach = {here} | {target(here, h) for _, h in years + within if h}
        reach |= {target(p, h) for p in list(reach) for pp, *_, ys, ws in pages if pp == p for _, h in ys + ws if h}
        assert reach == set(paths)


def test_short_list_one_page_no_links():
    assert part_pages("themes/x.md", split_list(dated([("2024-01-01", 2)]), lambda x: x[0], 5)) == \
        [("themes/x.md", "", dated([("2024-01-01", 2)]), [], [])]


ENTRY_LINK = re.compile(r"^- \[[^\]]*\]\((?:\.\./)*documents/([^)]+)\.md\)", re.M)
PART_LINK = re.compile(r"\[[^\]]+\]\(([^)]+\.md)\)")


@pytest.fixture(scope="module")
def sample_library(sample_files):
    from converter.pipeline import convert_file
    from converter.stages import resolve

    return resolve.resolve(tuple(convert_file(f) for f in sample_files))


@pytest.mark.parametrize("limit", [2, 3, 4])
def test_sample_split_pages_hold_each_document_once(sample_library, monkeypatch, limit):
    """The sample's 10 documents with MAX_LIST lowered: the timeline, 文种, theme and department lists
    become parts of at most `limit` lines, together listing every document of their list exactly once,
    and every link between parts names a page that is generated."""
    from converter.stages import render

    monkeypatch.setattr(render, "MAX_LIST", limit)
    pages = {p: v() if callable(v) else v for p, v in render.render(sample_library).items()}
    lib = sample_library
    lists = {"timeline.md": {e.id for e in lib.entries}}
    lists |= {f"themes/{render.theme_slug(t)}.md": {e.id for e in lib.entries if t in e.themes}
              for e0 in lib.entries for t in e0.themes}
    for base, want in lists.items():
        parts = [p for p in pages if p == base or p.startswith(base[:-3] + "/")]
        seen = [m for p in parts for m in ENTRY_LINK.findall(pages[p])]
        assert sorted(seen) == sorted(want), base                          # each document once
        assert all(len(ENTRY_LINK.findall(pages[p])) <= limit for p in parts)
        for p in parts:
            for href in PART_LINK.findall(pages[p]):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(p), href))
                if not target.startswith("documents/"):
                    assert target in pages, (p, href)
    assert "types/index.md" in pages and not ENTRY_LINK.search(pages["types/index.md"])  # an index of 文种 now


def test_related_lists_capped(sample_library, monkeypatch):
    """A document page lists at most MAX_RELATED documents per relation and counts the rest."""
    from converter.stages import render

    monkeypatch.setattr(render, "MAX_RELATED", 1)
    pages = render.render(sample_library)
    capped = [e for e in sample_library.entries if len(e.cited_by) > 1 or len(e.interpreted_by) > 1]
    assert capped                                              # the sample has such documents
    for e in capped:
        text = pages[e.path]()
        for what, ids in (("解读", e.interpreted_by), ("被引用", e.cited_by)):
            if len(ids) > 1:
                assert f"- {what}：另有 {len(ids) - 1} 篇未列出" in text
        assert text.count("- 被引用：[") <= 1
