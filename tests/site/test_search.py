"""The policy-search plugin (converter/site/search/) without a browser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from converter.site.search import html_text, rank, segments, shards
from converter.site.search import terms as T
from converter.site.search.html_text import LISTS, UNDATED, W_LIST_PAGE, Page


def page(url, title, body="", number="", weight=1.0, meta="", segment=UNDATED, sub=""):
    return Page(url, title, sub, number, meta, [], body, weight, segment)


def index(pages) -> dict[str, list[tuple[int, int]]]:
    """term → [(page, weight)] of these pages as one segment."""
    flat = shards.merged([rank.page_postings(p, None) for p in pages])
    return {t: [(doc, w) for doc, w, _ in shards.decoded(p)] for t, p in flat.items()}


def test_doc_number_terms_for_every_bracket_style():
    for printed in ("发改环资〔2024〕1104号", "发改环资[2024]1104号", "发改环资（2024）1104号", "发改环资【2024】1104号",
                    "发改环资［２０２４］１１０４号"):
        assert "〔2024〕1104" in T.terms(T.normalize(printed), None), printed
    assert "〔2024〕5" in T.terms(T.normalize("国家市场监督管理总局公告2024年第5号"), None)


def test_own_doc_number_outranks_a_mention_and_title_outranks_body():
    pages = [page("a.html", "关于推进设备更新的通知", number="发改环资〔2024〕1104号"),
             page("b.html", "另一份文件", body="根据《关于推进设备更新的通知》（发改环资〔2024〕1104号）"),
             page("c.html", "清单", body="发改环资〔2024〕1104号", weight=W_LIST_PAGE)]
    postings = index(pages)
    weight = {doc: w for doc, w in postings["〔2024〕1104"]}
    assert weight[0] > weight[1] > weight[2]
    assert [d for d, _ in postings["发改环资〔2024〕1104号"]] == [0]
    title = {doc: w for doc, w in postings["设备"]}
    assert title[0] > title[1]


def test_written_files_are_scripts_and_shards_follow_the_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "SHARD_BYTES", 500)
    pages = [page(f"p{i}.html", f"第{i}号文件\u200b标题", body="可靠性提升 " * i, segment=f"20{20 + i % 2}")
             for i in range(30)]
    entries = [(p.segment, "", p) for p in sorted(pages, key=lambda p: (p.segment, p.url))]
    monkeypatch.setattr(segments, "page_from", lambda page, site_name: page)     # pages given as records
    stats = shards.write_segments(tmp_path, segments.build_plain(entries, None, None))
    out = tmp_path / "search"
    call, (data,) = shards.read_call((out / "docs.js").read_text(encoding="utf-8"))
    assert call == "meta" and "\u200b" not in json.dumps(data, ensure_ascii=False)
    assert data["segments"] == [["2020", 15, data["segments"][0][2], 1], ["2021", 15, data["segments"][1][2], 1]]
    assert len(data["pages"]) == 30 and "docs" not in data                  # rows are not in docs.js
    assert stats["segments"] == 2 and stats["shards"] == sum(s[2] for s in data["segments"])
    call, (seg, first, rows) = shards.read_call((out / "r" / "2020" / "0.js").read_text(encoding="utf-8"))
    assert (call, seg, first) == ("rows", "2020", 0)
    assert [row[0] for row in rows[:2]] == ["p0.html", "p10.html"]          # segment order, then URL
    assert len(list((out / "r" / "2020").glob("*.js"))) == -(-15 // shards.ROWS_PER_FILE)
    for name, count, n_shards, _ in data["segments"]:
        assert n_shards > 1 and len(list((out / "s" / name).glob("*.js"))) == n_shards
        for k in range(n_shards):
            call, (seg, kk, terms) = shards.read_call((out / "s" / name / f"{k}.js").read_text(encoding="utf-8"))
            assert (call, seg, kk) == ("shard", name, k)
            assert all(shards.shard_of(t, n_shards) == k for t in terms)
            assert all(0 <= doc < count for p in terms.values() for doc, _, _ in shards.decoded(p))
    call, (seg, first, texts) = shards.read_call((out / "t" / "2021" / "1.js").read_text(encoding="utf-8"))
    assert (call, seg, first) == ("text", "2021", shards.TEXTS_PER_FILE)     # the second text file of 2021
    assert "可靠性提升" in texts[0]
    assert len(list((out / "t" / "2021").glob("*.js"))) == -(-15 // shards.TEXTS_PER_FILE)


@pytest.mark.parametrize("meta, segment", [
    ({"title": "首页"}, LISTS),
    ({"kind": "policy", "sources": [{"url": "issues/2031-06-no13-6a27339e.html"},
                                    {"url": "issues/2029-q2-no3-12345678.html"}]}, "2029"),     # its first year
    ({"kind": "policy", "sources": [{"url": "issues/2030-01-no1-12345678.html"}]}, "2030"),
    ({"kind": "policy", "sources": [{"url": "issues/2103-q1-eff02427.html"}]}, "2103"),      # past 2099
    ({"kind": "news", "sources": [{"url": "issues/no7-0123abcd.html"}]}, UNDATED),
    ({"kind": "policy"}, UNDATED),
    ({"kind": "policy", "sources": "not a list of sources"}, UNDATED),
])
def test_segment_of_a_page(meta, segment):
    assert html_text.segment_of(meta) == segment


@pytest.mark.parametrize("years, segments", [
    # older decades whole; the latest decade as its earlier years + the latest year alone
    ({"2020", "2025", "2031", "2033", LISTS, UNDATED},
     {"2020": "2020", "2025": "2020", "2031": "2030-2032", "2033": "2033", LISTS: LISTS, UNDATED: UNDATED}),
    ({"2029", "2030"}, {"2029": "2020", "2030": "2030"}),                 # a new decade's first year
    ({"2029", "2030", "2031"}, {"2029": "2020", "2030": "2030", "2031": "2031"}),   # `2030` = 2030 alone
    ({"2024"}, {"2024": "2024"}),
    ({"2021", "2024"}, {"2021": "2020-2023", "2024": "2024"}),
    ({LISTS}, {LISTS: LISTS}),
])
def test_layout_of_years_into_segments(years, segments):
    assert html_text.layout(years) == segments


def test_layout_keeps_older_segments_as_issues_come(tmp_path, monkeypatch):
    """Adding a month of the latest year changes that year's segment only; a new year, the decade's
    earlier years too; older decades never: their files keep their bytes."""
    monkeypatch.setattr(segments, "page_from", lambda page, site_name: page)     # pages given as records

    def files(years):
        pages = [page(f"p{y}-{m}.html", f"{y}年第{m}号通知", body=f"{y}年{m}月的正文 可靠性提升", segment=str(y))
                 for y, months in years.items() for m in range(1, months + 1)]
        entries = [(p.segment, "", p) for p in pages]
        out = tmp_path / str(len(pages))
        shards.write_segments(out, segments.build_plain(entries, None, None))
        return {str(f.relative_to(out / "search")): f.read_bytes() for f in (out / "search").rglob("*.js")}

    def of(built, name):
        return {k: v for k, v in built.items() if k.split("/")[1:2] == [name]}

    before = files({2028: 12, 2031: 12, 2032: 5})
    month = files({2028: 12, 2031: 12, 2032: 6})
    year = files({2028: 12, 2031: 12, 2032: 12, 2033: 1})
    assert of(month, "2020") == of(before, "2020") and of(month, "2030-2031") == of(before, "2030-2031")
    assert of(month, "2032") != of(before, "2032")
    assert of(year, "2020") == of(before, "2020") and of(year, "2033") and not of(year, "2032")
    assert of(year, "2030-2032") and of(year, "2030-2032") != of(before, "2030-2031")


def test_postings_of_a_page_do_not_depend_on_other_pages():
    one = page("a.html", "关于推进设备更新的通知", body="推进设备更新" * 50, number="发改环资〔2024〕1104号")
    other = page("b.html", "另一份文件", body="完全不同的正文" * 500)
    alone = index([one])
    together = index([one, other])
    assert {t: p for t, p in alone.items()} == {t: [x for x in p if x[0] == 0] for t, p in together.items()
                                                if any(x[0] == 0 for x in p)}


def test_segmentation_does_not_depend_on_earlier_builds_in_the_process(tmp_path):
    """Loading the same user dictionary from two docs folders (two builds in one process) must not
    change how words are cut: jieba's global tokenizer would add the frequencies up."""
    import jieba

    words = "碳足迹核算规则 50000\n设备更新行动 50000\n"
    text = "推动碳足迹核算规则与设备更新行动方案衔接"
    jieba.initialize()
    total = jieba.dt.total
    cuts = []
    for n in (1, 2, 3):
        d = tmp_path / f"docs{n}"
        d.mkdir()
        (d / "words.txt").write_text(words, encoding="utf-8")
        cuts.append(T.Segmenter((d / "words.txt").read_text(encoding="utf-8")).words(text))
    assert cuts[0] == cuts[1] == cuts[2]
    assert jieba.dt.total == total          # the global tokenizer's frequencies are left alone
    assert "碳足迹核算规则" in cuts[0]


def test_search_dictionary_does_not_change_with_the_corpus(sample_files, tmp_path):
    """A new issue leaves the jieba user dictionary as it was (the segmentation cache is keyed by it)."""
    from conftest import convert_to
    from converter.stages.render import SEARCH_WORDS

    convert_to(sample_files[:1], tmp_path / "one")
    convert_to(sample_files, tmp_path / "two")
    one, two = ((tmp_path / d / SEARCH_WORDS).read_text(encoding="utf-8") for d in ("one", "two"))
    assert one == two and "国家发展改革委 50000" in one


def _build(docs, site, monkeypatch, cache):
    from conftest import mkdocs_build

    mkdocs_build(docs, site, search_cache=cache)
    return {str(p.relative_to(site / "search")): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}


def _reused(caplog) -> tuple[int, int, int]:
    """(segments, segments reused, page postings reused) of the last build."""
    import re

    found = [m for r in caplog.records
             if (m := re.search(r"in (\d+) segments \((\d+) reused\).*; (\d+) page postings reused", r.getMessage()))]
    assert found, "no search index report"
    return int(found[-1][1]), int(found[-1][2]), int(found[-1][3])


OLDER_DOCUMENT = """---
title: 关于某年旧文件的通知
kind: policy
doc_number: 示例〔2020〕1号
sources:
- url: issues/2020-01-no1-00000000.html
---

# 关于某年旧文件的通知

{body}
"""


def test_cached_index_is_identical_and_only_changed_segments_are_rebuilt(sample_files, tmp_path, monkeypatch, caplog):
    """Cold, warm and no cache give the same files; editing one page rebuilds its segment only."""
    import logging

    from conftest import convert_to

    caplog.set_level(logging.INFO, logger="mkdocs")
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    convert_to(sample_files, docs)
    older = docs / "documents" / "older.md"
    older.write_text(OLDER_DOCUMENT.format(body="旧文件的正文。"), encoding="utf-8")
    (docs / "documents" / "older-2.md").write_text(OLDER_DOCUMENT.replace("1号", "2号").format(body="另一份。"),
                                                   encoding="utf-8")
    plain = _build(docs, tmp_path / "plain", monkeypatch, None)
    cold = _build(docs, tmp_path / "cold", monkeypatch, cache)
    assert _reused(caplog) == (3, 0, 0)                      # 2020 (older), 2031 (the sample's year), lists
    warm = _build(docs, tmp_path / "warm", monkeypatch, cache)
    assert _reused(caplog) == (3, 3, 0)
    assert plain == cold == warm
    assert any(name.startswith("s/2020/") for name in plain)

    older.write_text(OLDER_DOCUMENT.format(body="改写后的正文，新增可靠性评估一节。"), encoding="utf-8")
    edited = _build(docs, tmp_path / "edited", monkeypatch, cache)
    assert _reused(caplog) == (3, 2, 1)                      # only 2020 again, older-2 from the cache
    assert edited == _build(docs, tmp_path / "edited-plain", monkeypatch, None)
    assert edited != warm
    assert {k: v for k, v in edited.items() if "/2020/" not in k and k not in ("docs.js", shards.KEYS_FILE)} == \
        {k: v for k, v in warm.items() if "/2020/" not in k and k not in ("docs.js", shards.KEYS_FILE)}

    # a change outside what search reads (a section html_text leaves out, as a new interpretation listed
    # under 相关文件): the page is parsed again, its record is the same, so is its segment's key
    older.write_text(OLDER_DOCUMENT.format(body="改写后的正文，新增可靠性评估一节。\n\n## 相关文件\n\n- 新增的一份解读"),
                     encoding="utf-8")
    related = _build(docs, tmp_path / "related", monkeypatch, cache)
    assert _reused(caplog) == (3, 3, 0)                      # 2020 from the cache although older's key changed
    assert related == edited


def test_unchanged_segments_are_linked_from_the_previous_site(tmp_path, monkeypatch):
    """A build into a new folder links the files of segments whose key is the previous site's (same
    inode), writes the others, and gives the files of a build without cache or previous site."""
    monkeypatch.setattr(segments, "page_from", lambda page, site_name: page)     # pages given as records

    def pages(months):
        return [page(f"p{y}-{m}.html", f"{y}年第{m}号通知", body=f"{y}年{m}月的正文 可靠性提升", segment=str(y))
                for y, n in ((2028, 12), (2031, months)) for m in range(1, n + 1)]

    def build(site, records, cache, previous=None):
        c = segments.IndexCache(cache)
        try:
            built = segments.build_segments([(p.segment, p.url + p.title + p.body, p) for p in records], None, None, c)
            stats = shards.write_segments(site, built, c.keys, previous)
        finally:
            c.close()
        return stats, {str(f.relative_to(site / "search")): f for f in (site / "search").rglob("*") if f.is_file()}

    cache = tmp_path / "cache.sqlite"
    _, old = build(tmp_path / "old", pages(3), cache)
    stats, new = build(tmp_path / "new", pages(4), cache, previous=tmp_path / "old")
    _, plain = build(tmp_path / "plain", pages(4), None)
    assert {k: f.read_bytes() for k, f in new.items()} == {k: f.read_bytes() for k, f in plain.items()}
    same_inode = {k for k, f in new.items() if k in old and f.stat().st_ino == old[k].stat().st_ino}
    assert same_inode == {k for k in new if k.split("/")[1:2] == ["2020"]} and stats["linked"] == len(same_inode)
    # a previous file that is not what its segment's key says (edited by hand: other size) is written
    (tmp_path / "old" / "search" / "s" / "2020" / "0.js").write_text("changed", encoding="utf-8")
    _, again = build(tmp_path / "again", pages(4), cache, previous=tmp_path / "old")
    assert again["s/2020/0.js"].read_bytes() == plain["s/2020/0.js"].read_bytes()
    # no previous keys (or the same folder): every file written
    stats, _ = build(tmp_path / "old", pages(4), cache, previous=tmp_path / "old")
    assert stats["linked"] == 0


@pytest.mark.parametrize("damage, rekeyed", [(None, False), ("s/2020/0.js", False), ("r/2020/0.js", False),
                                             (None, True), ("s/2020/0.js", True)])
def test_a_segment_linked_from_the_previous_site_is_not_read_from_the_cache(tmp_path, monkeypatch, damage, rekeyed):
    """Given the previous site's keys, an unchanged segment's files are linked without the segment's files
    being read from the cache (only its head: rows, shard count, sizes); when a previous file cannot be
    linked (edited by hand: another size), the segment is read and the rest written: same files as a
    build without cache or previous site. `rekeyed`: its pages have new keys (their HTML changed outside
    what search reads) and the same records: parsed again, then linked the same way."""
    monkeypatch.setattr(segments, "page_from", lambda page, site_name: page)     # pages given as records

    def pages(months):
        return [page(f"p{y}-{m}.html", f"{y}年第{m}号通知", body=f"{y}年{m}月的正文 可靠性提升", segment=str(y))
                for y, n in ((2028, 12), (2031, months)) for m in range(1, n + 1)]

    def build(site, records, cache, previous=None, suffix=""):
        c = segments.IndexCache(cache)
        read = []
        get = c.get
        c.get = lambda table, key: (read.append(table), get(table, key))[1]
        try:
            linkable = shards.previous_keys(previous, site / shards.OUT)
            built = segments.iter_segments([(p.segment, p.url + p.title + p.body + (suffix if p.segment == "2028" else ""), p)
                                            for p in records], None, None, c, linkable)
            stats = shards.write_segments(site, built, c.keys, previous)
        finally:
            c.close()
        files = {str(f.relative_to(site / "search")): f for f in (site / "search").rglob("*") if f.is_file()}
        return stats, files, read.count("segments")

    cache = tmp_path / "cache.sqlite"
    build(tmp_path / "old", pages(3), cache)
    build(tmp_path / "old2", pages(3), cache, previous=tmp_path / "old")       # heads of an earlier cache
    if damage:
        (tmp_path / "old" / "search" / damage).write_text("changed", encoding="utf-8")
    stats, new, segments_read = build(tmp_path / "new", pages(4), cache, previous=tmp_path / "old",
                                      suffix="again" if rekeyed else "")
    _, plain, _ = build(tmp_path / "plain", pages(4), None)
    assert {k: f.read_bytes() for k, f in new.items()} == {k: f.read_bytes() for k, f in plain.items()}
    assert segments_read == (1 if damage else 0)            # 2031 and lists are made from records
    old = {str(f.relative_to(tmp_path / "old" / "search")): f for f in (tmp_path / "old" / "search").rglob("*")}
    same_inode = {k for k, f in new.items() if k in old and f.stat().st_ino == old[k].stat().st_ino}
    expected = {k for k in new if k.split("/")[1:2] == ["2020"]}
    assert same_inode == expected if not damage else (same_inode < expected and damage not in same_inode)
    assert stats["linked"] == len(same_inode)


def test_segments_built_in_worker_processes_are_the_same(sample_files, tmp_path, monkeypatch):
    """A cold build indexes its segments on every core; the files are those of a build in one process."""
    from conftest import convert_to

    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    (docs / "documents" / "older.md").write_text(OLDER_DOCUMENT.format(body="旧文件的正文。"), encoding="utf-8")
    hook = segments
    here = []
    original = hook.index_segment
    monkeypatch.setattr(hook, "index_segment", lambda *a: here.append(a[0][0]) or original(*a))
    monkeypatch.setattr(hook, "PARALLEL_PAGES", 10**9)
    serial = _build(docs, tmp_path / "serial", monkeypatch, None)
    assert sorted(here) == ["2020", "2031", "lists"]            # older (2020), the sample (2031: the latest year)
    here.clear()
    monkeypatch.setattr(hook, "PARALLEL_PAGES", 1)
    parallel = _build(docs, tmp_path / "parallel", monkeypatch, None)
    assert len(here) < 3                                      # the others were indexed in a worker
    assert parallel == serial
    here.clear()
    monkeypatch.setattr(hook.fork, "BUDGET_MB", 1)            # workers would not fit: indexed here (issue 21)
    within = _build(docs, tmp_path / "within", monkeypatch, None)
    assert sorted(here) == ["2020", "2031", "lists"] and within == serial


@pytest.mark.parametrize("args", [
    ("shard", "2024", 3, {"发展": [0, 4, 2, 8]}),                  # short: written plain
    ("text", "2024", 8, ["可靠性提升" * 200, "第二篇"]),            # long: packed
    ("rows", "2024", 16, [["a.html", "标题\"<>&", "行"]] * 100),
])
def test_calls_read_back_plain_or_packed(args):
    text = shards.js_call(*args)
    packed = text.startswith('__policySearch.z("')
    plain = json.dumps(list(args[1:]), ensure_ascii=False, separators=(",", ":"))
    assert packed == (len(plain) - 2 >= shards.PACK_MIN)          # the arguments without their brackets
    assert shards.read_call(text) == (args[0], list(args[1:]))
    if packed:
        assert len(text) < len(plain.encode("utf-8")) / 2          # less than half, base64 included


def _mask_holds(masks: dict[str, int], run: str) -> bool:
    """policy-search.js `titleHolds` for one page: the run's bigram masks, shifted back by their offsets,
    share a bit."""
    acc = (1 << rank.TITLE_POSITIONS) - 1
    for k in range(len(run) - 1):
        m = masks.get(run[k:k + 2], 0)
        r = k % rank.TITLE_POSITIONS
        acc &= ((m >> r) | (m << (rank.TITLE_POSITIONS - r))) & ((1 << rank.TITLE_POSITIONS) - 1)
    return bool(acc)


@pytest.mark.parametrize("title, run, held", [
    ("关于推进设备更新的通知", "设备更新", True),
    ("关于推进设备更新的通知", "推进设备更新", True),
    ("关于设备的更新通知", "设备更新", False),                   # every bigram but 备更 is there
    ("设备工作与更新设备", "设备更新", False),                   # 设备 twice, never before 更新
    ("2024年数字经济发展规划", "数字经济", True),                # positions count non-CJK characters too
    ("关于" + "甲乙" * 20 + "数字经济发展的通知", "数字经济", True),  # past 32 characters: wraps, still found
])
def test_title_position_masks_find_contiguous_words(title, run, held):
    assert _mask_holds(rank.title_masks(T.normalize(title)), run) is held


def _cover(run: str, long_run: int = 12) -> list[int]:
    """policy-search.js analyze: the offsets of the bigrams a run requires (all, or above LONG_RUN
    characters those covering it: 0, 2, 4, … and the last)."""
    last = len(run) - 2
    return [k for k in range(last + 1) if len(run) <= long_run or k % 2 == 0 or k == last]


def _cover_holds(masks: dict[str, int], run: str) -> bool:
    acc = (1 << rank.TITLE_POSITIONS) - 1
    for k in _cover(run):
        m, r = masks.get(run[k:k + 2], 0), k % rank.TITLE_POSITIONS
        acc &= ((m >> r) | (m << (rank.TITLE_POSITIONS - r))) & ((1 << rank.TITLE_POSITIONS) - 1)
    return bool(acc)


@pytest.mark.parametrize("title, run", [
    ("工业和信息化部等四部门关于印发智能装备可靠性提升专项行动方案的通知", "工业和信息化部等四部门关于印发智能装备"),
    ("工业和信息化部等四部门关于印发智能装备可靠性提升专项行动方案的通知", "四部门关于印发智能装备可靠性提升专项"),
    ("工业和信息化部关于印发智能装备的通知，四部门可靠性提升专项行动", "工业和信息化部等四部门关于印发智能装备"),  # scattered
    ("关于印发智能装备可靠性的通知", "关于印发智能装备可靠性提升"),           # the run's end is not in the title
    ("关于印发智能装备可靠性提升专项行动方案的通知", "关于印发智能装备可靠性提升专项行"),   # 15 characters, odd
])
def test_covering_bigrams_hold_a_long_run_as_all_of_them_do(title, run):
    """A run above LONG_RUN characters requires the bigrams covering it only; a title holds it by their
    masks exactly when it holds it by every bigram's (each character is in a covering bigram)."""
    masks = rank.title_masks(T.normalize(title))
    assert len(run) > 12 and len(_cover(run)) < len(run) - 1
    assert _cover_holds(masks, run) is _mask_holds(masks, run) is (run in title)
    js = (Path(__file__).parents[2] / "docs" / "assets" / "policy-search.js").read_text(encoding="utf-8")
    assert "var LONG_RUN = 12;" in js and "k % 2 === 0 || k === grams.length - 1" in js


def test_title_bigrams_carry_masks_and_documents_exact_keys():
    doc = page("documents/a.html", "关于推进设备更新的通知", number="发改环资〔2024〕1104号", segment="2020",
               sub="通知 · 发改环资〔2024〕1104号 · 国家发展改革委 · 2024年3月1日")
    posts = rank.page_postings(doc, None)
    assert isinstance(posts["设备"], list) and posts["设备"][1] == 1 << 4        # 设备 at position 4
    assert isinstance(posts["〔2024〕1104"], int)                              # not a title bigram
    assert {t for t in posts if t[:1] in T.EXACT_MARKS} == {
        "=关于推进设备更新的通知", "≡通知", "≡发改环资〔2024〕1104号", "≡国家发展改革委", "≡2024年3月1日", "#〔2024〕1104"}
    listing = page("lists/a.html", "关于推进设备更新的通知", segment=LISTS, weight=W_LIST_PAGE, sub="x")
    assert not [t for t in rank.page_postings(listing, None) if t[:1] in T.EXACT_MARKS]   # only documents
    for key in ("=关于推进设备更新的通知", "#〔2024〕1104"):                       # in the shard of the bare key
        assert shards.shard_of(key, 4096) == shards.shard_of(key[1:], 4096)
    flat = shards.merged([posts, rank.page_postings(listing, None)])
    assert shards.decoded(flat["设备"]) == [(0, posts["设备"][0], 1 << 4), (1, flat["设备"][4], 1 << 4)]


@pytest.mark.parametrize("cached", [False, True])
def test_segments_are_written_one_at_a_time_and_equal_the_whole_build(tmp_path, monkeypatch, cached):
    """write_segments takes iter_segments' segments one by one: when it asks for a segment, the one
    before is already on disk (so it need not be held), and the files equal a build given every
    segment at once; from the cache (second build) the same."""
    monkeypatch.setattr(segments, "page_from", lambda page, site_name: page)     # pages given as records
    records = [page(f"p{y}-{m}.html", f"{y}年第{m}号通知", body=f"{y}年{m}月的正文 可靠性提升", segment=str(y))
               for y in (2001, 2015, 2028, 2031) for m in range(1, 4)]
    entries = [(p.segment, p.url + p.title + p.body, p) for p in records]
    cache = segments.IndexCache(tmp_path / "cache.sqlite")
    if cached:
        list(segments.iter_segments(entries, None, None, cache))
    seen_on_disk = []

    def watched():
        for name, built in segments.iter_segments(entries, None, None, cache):
            seen_on_disk.append(sorted(p.name for p in (tmp_path / "site" / "search" / "t").glob("*")))
            yield name, built

    shards.write_segments(tmp_path / "site", watched(), cache.keys)
    cache.close()
    assert [len(s) for s in seen_on_disk] == list(range(len(seen_on_disk)))   # each one before it written
    whole = shards.write_segments(tmp_path / "whole", segments.build_plain(entries, None, None))
    got = {str(f.relative_to(tmp_path / "site")): f.read_bytes() for f in (tmp_path / "site").rglob("*.js")}
    want = {str(f.relative_to(tmp_path / "whole")): f.read_bytes() for f in (tmp_path / "whole").rglob("*.js")}
    assert got == want and whole["segments"] == len(seen_on_disk) == 4
