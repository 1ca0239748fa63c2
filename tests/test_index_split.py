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
#: A link written as HTML (the fact pages' rows): to a page's .html, maybe to an anchor in it.
HTML_LINK = re.compile(r'href="([^"#]+)\.html(?:#[^"]*)?"')


def target(here: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), href))


def unresolved(pages: dict, here: str) -> list[str]:
    """The links of a generated page (Markdown links to .md, HTML links to .html) that name no
    generated page (documents/ pages are made by functions: they are in `pages` too)."""
    text = pages[here]() if callable(pages[here]) else pages[here]
    hrefs = PART_LINK.findall(text) + [f"{h}.md" for h in HTML_LINK.findall(text)]
    return [h for h in hrefs if target(here, h) not in pages]


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
            assert unresolved(pages, p) == [], p
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


# --- split by bytes: 政策目标一览 and 效力状态 (render_facts.split_pages) ------------------------------------


@pytest.mark.parametrize("spec, sizes, limit, keys", [
    ([("2024-05-01", 3)], [4, 4, 4], 12, [""]),                                  # 12 bytes fit
    ([("2024-05-01", 2), ("2023-01-02", 2)], [5, 5, 5, 5], 12, ["2024", "2023"]),
    ([("2024-05-01", 2), ("2024-03-01", 2)], [5, 5, 5, 5], 10, ["2024-05", "2024-03"]),
    ([("2024-05-01", 4)], [5, 5, 5, 5], 10, ["2024-05-1", "2024-05-2"]),            # two by two
    ([("2024-05-01", 3)], [2, 20, 2], 10, ["2024-05-1", "2024-05-2", "2024-05-3"]),  # a heavy item alone
    ([("2024-05-01", 3), (None, 2)], [3, 3, 3, 9, 9], 10, ["2024", f"{UNDATED_KEY}-1", f"{UNDATED_KEY}-2"]),
])
def test_split_by_weight(spec, sizes, limit, keys):
    items = dated(spec)
    weight = dict(zip(items, sizes))
    parts = split_list(items, lambda x: x[0], limit, size=weight.__getitem__)
    assert [k for k, _, _ in parts] == keys
    assert [x for _, _, part in parts for x in part] == items
    assert all(sum(map(weight.__getitem__, part)) <= limit or len(part) == 1 for _, _, part in parts)


def test_part_pages_with_an_overview():
    """With overview=True every part sits in the page's folder (the first too), the page itself being
    the overview: it lists each part once, by year; each part links to the overview and its neighbours."""
    from converter.stages.render import part_neighbours, part_overview

    items = dated([("2024-05-01", 3), ("2024-03-01", 3), ("2023-01-02", 3), (None, 1)])
    parts = split_list(items, lambda x: x[0], 4)
    pages = part_pages("targets.md", parts, overview=True)
    paths = [p for p, *_ in pages]
    assert paths == [f"targets/{k}.md" for k in ("2024-05", "2024-03", "2023", UNDATED_KEY)]
    for here, _, _, years, within in pages:
        assert all(target(here, h) in paths for _, h in years + within if h)
    overview = part_overview("targets.md", parts)
    assert [(y, h, n) for y, h, n, _ in overview] == [("2024 年", None, 6), ("2023 年", "targets/2023.md", 3),
                                                      ("日期不详", f"targets/{UNDATED_KEY}.md", 1)]
    listed = [h for _, h, _, ps in overview for h in ([h] if h else [link for _, link, _ in ps])]
    assert [target("targets.md", h) for h in listed] == paths                 # each part once, in order
    assert [(lab, n) for lab, _, n in overview[0][3]] == [("2024 年 5 月", 3), ("2024 年 3 月", 3)]
    for i, (here, links) in enumerate(zip(paths, part_neighbours("targets.md", parts))):
        want = ["targets.md"] + paths[max(i - 1, 0):i] + paths[i + 1:i + 2]
        assert [target(here, h) for _, h in links] == want


ROW = {"targets": re.compile(r"^<tr data-themes=.*</tr>$", re.M), "status": re.compile(r"^<li data-status-of=.*</li>$", re.M)}


def rows_of(pages: dict, here: str, kind: str) -> list[str]:
    """The rows (target table rows, status entries) of a fact page, each link made the path it names
    from the docs folder: the same row reads the same on any page."""
    return [HTML_LINK.sub(lambda m: f'href="{target(here, m[1])}.html', row) for row in ROW[kind].findall(pages[here])]


@pytest.fixture(scope="module")
def generated_issues(tmp_path_factory):
    """26 monthly issues of the benchmark's generator (from the sample only), converted, oldest first:
    documents of 2019–2022."""
    from test_bench_corpus import load_generator

    from converter.pipeline import convert_file

    out = tmp_path_factory.mktemp("generated")
    load_generator().generate(26, out, use_seeds=False)
    return tuple(convert_file(f) for f in sorted(out.glob("issue-*.txt")))


@pytest.fixture(scope="module")
def generated_library(generated_issues):
    from converter.stages import resolve

    return resolve.resolve(generated_issues)


@pytest.mark.parametrize("corpus, budget, parted", [
    ("sample", 1_500, {"targets"}),                       # the sample's 9 targets over 5 pages
    ("generated", 4_000, {"targets", "status"}),          # months, and numbered parts of a month
    ("generated", 20_000, {"targets", "status"}),         # months and years
    ("generated", 80_000, {"targets"}),                   # years; status fits on one page
    ("generated", 10_000_000, set()),                     # one page each, as before the split
])
def test_fact_pages_split_by_bytes(request, monkeypatch, corpus, budget, parted):
    """政策目标一览 and 效力状态 with PART_BYTES lowered: every part's rows within the budget (or a single
    row), every row of the one-page version exactly once across the parts, every link naming a page
    that is generated, the overview at the old address linking every part once with its count, each
    part linking to the overview and to its neighbours."""
    from converter.stages import render, render_facts

    lib = request.getfixturevalue("sample_library" if corpus == "sample" else "generated_library")
    monkeypatch.setattr(render_facts, "PART_BYTES", 10 ** 12)
    whole = render.render(lib)                                           # every row on one page
    monkeypatch.setattr(render_facts, "PART_BYTES", budget)
    pages = render.render(lib)
    assert {p for p in pages if p.startswith(("targets/", "status/"))} == \
        {p for p in pages if p.split("/")[0] in parted}                  # only what is split has parts
    for kind in ("targets", "status"):
        base = f"{kind}.md"
        parts = [p for p in pages if p.startswith(f"{kind}/")]
        assert (kind in parted) == bool(parts)
        if not parts:
            assert pages[base] == whole[base]                            # unchanged while it fits
            continue
        seen = [row for p in parts for row in rows_of(pages, p, kind)]
        assert sorted(seen) == sorted(rows_of(whole, base, kind)) and seen      # nothing lost, nothing doubled
        assert not ROW[kind].search(pages[base])                           # the overview lists parts, no rows
        for p in parts:
            rows = ROW[kind].findall(pages[p])
            assert len(rows) == 1 or sum(len(r.encode()) + 1 for r in rows) <= budget, (p, len(rows))
        for p in [base, *parts]:
            assert unresolved(pages, p) == [], p
        listed = re.findall(rf"\]\(({kind}/[^)]+\.md)\)(?: <small>| )(\d+)", pages[base])
        assert sorted(p for p, _ in listed) == sorted(parts)              # each part once
        assert {p: int(n) for p, n in listed} == {p: len(ROW[kind].findall(pages[p])) for p in parts}
        order = [p for p, _ in listed]
        for i, p in enumerate(order):
            nav = pages[p].split("\n\n")[3]                                # 总览 · 较新 · 较早
            assert [target(p, h) for h in PART_LINK.findall(nav)] == [base] + order[max(i - 1, 0):i] + order[i + 1:i + 2]


@pytest.fixture(scope="module")
def split_site(sample_files, tmp_path_factory):
    """The sample converted with PART_BYTES lowered (targets and status in parts) and built in MkDocs'
    strict mode (a Markdown link to a missing page fails it): (docs, site)."""
    from conftest import convert_to, mkdocs_build

    from converter.stages import render_facts

    root = tmp_path_factory.mktemp("split-site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render_facts, "PART_BYTES", 1_000)          # status: 2 parts; targets: a row a part
        convert_to(sample_files, root / "docs")
    mkdocs_build(root / "docs", root / "site")
    return root / "docs", root / "site"


def test_split_fact_pages_build_strict_and_link_within_the_site(split_site):
    """Every link and source of every built part and overview names a file of the site
    (conftest.local_links: the HTML rows too), and each links to the others."""
    from conftest import local_links

    docs, site = split_site
    for kind in ("targets", "status"):
        parts = sorted(p.relative_to(site).as_posix() for p in (site / kind).glob("*.html"))
        assert len(parts) == len(list((docs / kind).glob("*.md"))) > 1
        for page in [f"{kind}.html", *parts]:
            local, missing = local_links(site, page)
            assert missing == [] and any(h.endswith(f"{kind}.html") or h.startswith(f"{kind}/") for h in local), page


def test_split_fact_pages_work_in_the_browser(split_site):
    """On a part, policy-facts.js still regroups the entries under today's status and counts them, and
    a target's link leads from its part to its sentence (from file://, nothing else loaded)."""
    from test_facts import CHROMIUM, open_page

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip install -e '.[test]')")
    _, site = split_site
    part = next(p for p in sorted((site / "status").glob("*.html")) if "data-commence=\"2031-07-01\"" in p.read_text())
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            for today, where in (("2031-06-15", "尚未施行"), ("2037-06-01", "已到期")):
                ctx, page, _, errors = open_page(browser, part.as_uri(), today)
                item = page.locator('li[data-commence="2031-07-01"]')
                assert item.evaluate("li => li.parentNode.dataset.statusList") == where
                assert page.locator(f"[data-status-count='{where}']").inner_text() == "1" and not errors
                ctx.close()
            ctx, page, _, errors = open_page(browser, sorted((site / "targets").glob("*.html"))[0].as_uri())
            assert page.locator("#target-theme").is_visible()                 # the theme filter, shown by the script
            sentence = page.locator("#targets-all tbody tr td:nth-child(3)").first.get_attribute("title")
            page.locator("#targets-all tbody tr a").first.click()               # ../documents/…#anchor
            page.wait_for_load_state("load")
            anchor = page.url.split("#")[1]
            assert sentence[:10] in page.locator(f"#{anchor}").inner_text() and not errors
            ctx.close()
        finally:
            browser.close()


@pytest.mark.parametrize("budget, issues", [(4_000, 26), (4_000, 25), (4_000, 20), (20_000, 26)])
def test_a_new_issue_changes_only_the_parts_of_its_documents_dates(generated_issues, monkeypatch, budget, issues):
    """Parts are named by their documents' year and month, and a month's numbered parts take its
    documents in the order they came: with one issue more, every part of the earlier build keeps its
    address and its rows, except the parts of the months (or the year) where the new issue's documents
    are dated, and of those only the last numbered part of a month (or a year part that now splits).
    (Issues 25 and 20 add a document to a month already in two parts: ordered by title, as the lists
    are, its first part changed too.)"""
    from converter.stages import render, render_facts, resolve

    monkeypatch.setattr(render_facts, "PART_BYTES", budget)
    before, after = resolve.resolve(generated_issues[:issues - 1]), resolve.resolve(generated_issues[:issues])
    known = {e.id for e in before.entries}
    new_dates = {e.date or UNDATED_KEY for e in after.entries if e.id not in known}
    touched = {d[:7] for d in new_dates} | {d[:4] for d in new_dates}
    assert touched                                                      # the new issue brings documents
    old, new = render.render(before), render.render(after)
    numbered = []                                                       # kept parts of a month with new documents
    for kind in ("targets", "status"):
        keys = [p[len(kind) + 1:-3] for p in old if p.startswith(f"{kind}/")]
        group = {k: k.rsplit("-", 1)[0] if k.count("-") == 2 or k.startswith(f"{UNDATED_KEY}-") else k for k in keys}
        last = {g: [k for k in keys if group[k] == g][-1] for g in group.values()}
        kept = [k for k in keys if group[k] not in touched or (k != last[group[k]] and group[k] != k)]
        assert len(kept) > len(keys) / 2, (kind, len(kept), len(keys))
        numbered += [k for k in kept if group[k] in touched]
        for k in kept:
            p = f"{kind}/{k}.md"
            assert p in new, p                                          # same address
            assert ROW[kind].findall(new[p]) == ROW[kind].findall(old[p]), p   # same rows
    assert numbered or budget > 4_000


@pytest.mark.parametrize("limit, issues", [(30, 26), (30, 20), (60, 26)])
def test_a_new_issue_leaves_the_list_parts_of_other_years_as_they_were(generated_issues, monkeypatch, limit, issues):
    """Department, theme and 文种 lists and the issue index split into parts: a part in the list's folder
    gives its own count, not the whole list's (which the list's own page gives), so with one issue
    more every part of a year (month) where no new document is dated keeps its bytes, as long as the
    list's parts are the same ones (a year that splits, or a new year, changes the part links)."""
    from converter.stages import render, resolve

    monkeypatch.setattr(render, "MAX_LIST", limit)
    before, after = resolve.resolve(generated_issues[:issues - 1]), resolve.resolve(generated_issues[:issues])
    known = {e.id for e in before.entries}
    touched = {(e.date or UNDATED_KEY)[:4] for e in after.entries if e.id not in known}
    old, new = render.render(before), render.render(after)
    folders = ("departments/", "themes/", "types/")
    lists = {p for p in new if p.startswith(folders) and p.count("/") == 1 and p[:-3] + "/" in
             {q[:q.rindex("/") + 1] for q in new if q.count("/") == 2}}
    assert lists                                                        # some lists are split
    compared = 0
    for base in sorted(lists):
        parts = sorted(p for p in new if p.startswith(base[:-3] + "/"))
        if parts != sorted(p for p in old if p.startswith(base[:-3] + "/")):
            continue                                                    # parts added or renamed: links change
        total = sum(len(ENTRY_LINK.findall(new[q])) for q in [base, *parts])
        assert f"共 {total} 篇，本页" in new[base], base                # the list's own page: the whole list
        for p in parts:
            assert f"共 {total} 篇" not in new[p] and f"，共 {len(ENTRY_LINK.findall(new[p]))} 篇" in new[p], p
            if p.rsplit("/", 1)[1][:4] not in touched:
                assert new[p] == old[p], p                              # same bytes
                compared += 1
    assert compared >= 10, compared
