"""Stage resolve: merge keys, ids, department aliases, themes, interpretation ↔ policy links."""
from __future__ import annotations

import re

import pytest

from converter.stages.resolve import choose_themes, number_key, slug
from converter.vocab import VOCAB
from seed_eval import labels, squash


@pytest.mark.parametrize("a, b", [
    ("工信厅通装（2024）42号", "工信厅通装〔2024〕42号"),
    ("发改环资[2024]1104号", "发改环资〔2024〕1104号"),
])
def test_number_key_ignores_bracket_style(a, b):
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize("text, expected", [
    ("发改环资〔2024〕1104号", "发改环资-2024-1104号"),
    ("../../etc/passwd", "etc-passwd"),
    ("《关于印发<x>的通知》: # & * !", "关于印发-x-的通知"),
])
def test_slug_is_a_safe_file_name(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("alias, canonical", [
    ("国家发展改革委", "国家发展和改革委员会"),
    ("发改委", "国家发展和改革委员会"),
    ("工信部", "工业和信息化部"),
    ("人力资源社会保障部", "人力资源和社会保障部"),
    ("市场监管总局", "国家市场监督管理总局"),
    ("省工信厅", "江苏省工业和信息化厅"),
])
def test_department_aliases(alias, canonical):
    assert VOCAB.canonical(alias) == canonical


@pytest.mark.parametrize("unit, parent", [
    ("工业和信息化部办公厅", "工业和信息化部"),
    ("国家发展改革委办公厅", "国家发展和改革委员会"),
])
def test_subunits_file_under_their_parent(unit, parent):
    assert VOCAB.parent(VOCAB.canonical(unit)) == parent


@pytest.mark.parametrize("title, body, theme", [
    ("关于加快推进工业领域碳达峰的实施方案", "", "绿色低碳与双碳"),
    ("关于促进中小企业专精特新发展的若干措施", "", "中小企业与民营经济"),
    ("关于推动大规模设备更新的通知", "以旧换新", "设备更新与以旧换新"),
    ("国家能源局关于印发办公室文书格式的通知", "", None),  # 能源 inside a department name is no evidence
])
def test_themes_from_title_over_body(title, body, theme):
    got = choose_themes(title, body)
    if theme is None:
        assert "能源电力" not in got
    else:
        assert theme in got and len(got) <= 4


def test_theme_taxonomy_is_controlled():
    names = [t.name for t in VOCAB.themes]
    assert 15 <= len(names) <= 25 and len(set(names)) == len(names)
    slugs = [t.slug for t in VOCAB.themes]
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs) and len(set(slugs)) == len(slugs)


def test_department_vocabulary_aliases_are_unambiguous():
    seen = {}
    for d in VOCAB.departments.values():
        for a in (d.name, *d.aliases):
            assert seen.setdefault(a, d.name) == d.name, f"{a} names {seen[a]} and {d.name}"


@pytest.mark.seeds
def test_department_index_has_no_alias_duplicates(seed_corpus):
    from mkdocs.utils.meta import get_data

    docs, _, _ = seed_corpus
    names = []
    for page in (docs / "departments").glob("*.md"):
        if page.name != "index.md":
            names.append(get_data(page.read_text(encoding="utf-8"))[1]["title"])
    canon = [VOCAB.canonical(n) for n in names]
    assert len(canon) == len(set(canon)), sorted(n for n in canon if canon.count(n) > 1)


@pytest.mark.seeds
def test_every_labelled_interpretation_links_to_its_policy(seed_corpus):
    """The labels say which policy each 解读 discusses; the corpus must link it there."""
    _, _, corpus = seed_corpus
    by_id = {d["id"]: d for d in corpus["documents"]}
    by_source_line = {(o["source"], o["start_line"]): d for d in corpus["documents"] for o in d["occurrences"]}
    labelled_titles = {squash(d["title"]) for lab in labels().values() for d in lab["documents"]}
    checked, wrong = 0, []
    for lab in labels().values():
        for want in lab["documents"]:
            if want["kind"] != "interpretation" or not want.get("interprets"):
                continue
            if squash(want["interprets"]) not in labelled_titles:
                continue  # the policy is not in the corpus: shown as unresolved
            got = by_source_line.get((lab["source"], want["start_line"]))
            if got is None:
                wrong.append((want["title"], "not segmented"))
                continue
            checked += 1
            targets = [squash(by_id[i]["title"]) for i in got["interprets"]]
            if squash(want["interprets"]) not in targets:
                wrong.append((want["title"], targets))
    assert checked >= 20
    assert len(wrong) <= 0.05 * checked, wrong


def _fuzzy_agrees_with_brute_force(library, threshold):
    """Every 《title》 quoted in any body and every document title, looked up through FuzzyIndex and
    by comparing with every indexed title, finds the same first-best title."""
    from converter.vocab import patterns as P
    from converter.stages.resolve import FuzzyIndex, alt_titles, body_text
    from converter.text.titles import similarity

    index = FuzzyIndex()
    for e in library.entries:
        for d in e.versions:
            for t in alt_titles(d):
                index.add(t, e.id)
    queries = {m["t"] for e in library.entries for m in P.QUOTED_TITLE.finditer(body_text(e.main))}
    queries |= {d.title for e in library.entries for d in e.versions}
    checked = 0
    for q in sorted(queries):
        brute = [(i, r) for i, t in enumerate(index.texts) if (r := similarity(q, t)) >= threshold]
        fast = [(i, r) for i, r, _ in index.scored(q, threshold)]
        assert fast == brute, q
        checked += bool(brute)
    return len(queries), checked


@pytest.mark.parametrize("threshold", [0.86, 0.93])
def test_fuzzy_index_equals_brute_force_on_the_sample(sample_corpus, threshold):
    _, library, _ = sample_corpus
    queries, matched = _fuzzy_agrees_with_brute_force(library, threshold)
    assert matched >= 5


@pytest.mark.seeds
@pytest.mark.parametrize("threshold", [0.86, 0.93])
def test_fuzzy_index_equals_brute_force_on_the_seeds(seed_corpus, threshold):
    _, library, _ = seed_corpus
    queries, matched = _fuzzy_agrees_with_brute_force(library, threshold)
    assert queries > 300 and matched > 100


from hypothesis import given, settings, strategies as st  # noqa: E402

_KEYWORDS = sorted({k for t in VOCAB.themes for k in t.keywords})
_chunks = st.lists(st.one_of(st.sampled_from(_KEYWORDS), st.text("的和碳能源数字化产业链", max_size=6)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_chunks)
def test_keyword_counts_equal_str_count(parts):
    text = "".join(parts)
    counts = VOCAB.keyword_counts(text)
    assert {k: text.count(k) for k in _KEYWORDS if text.count(k)} == counts


@pytest.mark.parametrize("text, expected", [
    ("信息通信息通信", {"信息通信": 1, "通信": 2}),         # overlapping occurrences: counted as str.count counts
    ("信息通信信息通信", {"信息通信": 2, "通信": 2}),
    ("通信通信通", {"通信": 2}),
    ("没有关键词", {}),
])
def test_keyword_counts_of_keywords_that_overlap_themselves(tmp_path, text, expected):
    from converter.vocab import Vocabulary

    (tmp_path / "themes.yaml").write_text(
        "- {name: 通信, slug: tongxin, keywords: [信息通信, 通信]}\n", encoding="utf-8")
    counts = Vocabulary(tmp_path).keyword_counts(text)
    assert counts == expected == {k: text.count(k) for k in ("信息通信", "通信") if k in text}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("碳达峰中和排放能源局", min_size=1, max_size=5), min_size=1, max_size=12),
       st.text("碳达峰中和排放能源局的", max_size=30))
def test_trie_pattern_finds_what_a_longest_first_alternation_finds(words, text):
    from converter.vocab import trie_pattern

    plain = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    trie = re.compile(trie_pattern(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


_number_parts = st.lists(st.sampled_from(
    ["国办发", "工信厅通装", "发", "号", "年", "第", " ", "\u3000", "\n", "〔", "〕", "（", "）", "[", "]", "【", "】",
     "2024", "1999", "20", "12", "3", "123456", "a", "Ab", "关于印发", "。", "一二三四五六七八九十一二三四五", "\xa0", "\x1c",
     "〔2024〕", "（2019）", "[ 2020 ]", "12号", "3 号"]), max_size=16)


@settings(max_examples=500, deadline=None)
@given(_number_parts)
def test_doc_numbers_finds_what_the_pattern_finds(parts):
    """The anchored search gives DOC_NUMBER.finditer's matches: same spans, same text, same order."""
    from converter.vocab import patterns as P
    from converter.text.doc_numbers import doc_numbers

    text = "".join(parts)
    assert [m.span() for m in doc_numbers(text)] == [m.span() for m in P.DOC_NUMBER.finditer(text)]


def test_themes_from_counted_keywords_equal_themes_from_bodies(sample_corpus):
    """Keyword counts made per document by extract, summed over versions, choose the themes that
    counting the joined bodies chooses (the way resolve counted before)."""
    from converter.stages.resolve import body_text, entry_keywords, entry_themes

    _, library, _ = sample_corpus
    counted = 0
    for e in library.entries:
        assert entry_keywords(e) is not None
        body = "\n".join(body_text(d) for d in e.versions)
        assert entry_themes(e) == choose_themes(e.title + (e.heading or ""), body)
        assert entry_keywords(e) == VOCAB.keyword_counts(VOCAB.without_departments(body))
        counted += bool(entry_keywords(e))
    assert counted >= 5


@pytest.mark.parametrize("threshold", [0.86, 0.93])
def test_fuzzy_index_shelves_find_their_part_of_a_full_search(sample_corpus, threshold):
    """A search of one shelf finds exactly what a search of every shelf finds on that shelf."""
    from converter.stages.resolve import FuzzyIndex, alt_titles

    _, library, _ = sample_corpus
    index, shelf_of = FuzzyIndex(), []
    for n, e in enumerate(library.entries):
        for d in e.versions:
            for t in alt_titles(d):
                shelf_of.append("ab"[n % 2])
                index.add(t, e.id, shelf_of[-1])
    found = 0
    for q in sorted({d.title for e in library.entries for d in e.versions}):
        everywhere = [(i, r) for i, r, _ in index.scored(q, threshold, ("a", "b"))]
        for shelf in "ab":
            assert [(i, r) for i, r, _ in index.scored(q, threshold, (shelf,))] == \
                [(i, r) for i, r in everywhere if shelf_of[i] == shelf]
        found += bool(everywhere)
    assert found >= 5


def test_with_fields_is_dataclasses_replace(sample_corpus):
    """Entries copied field by field equal what dataclasses.replace makes (and unknown fields fail)."""
    import dataclasses

    from converter.stages.resolve import with_fields

    _, library, _ = sample_corpus
    for e in library.entries:
        changes = {"themes": ("x",), "cites": (e.id,), "interpreted_by": ()}
        assert with_fields(e, **changes) == dataclasses.replace(e, **changes)
        assert dataclasses.astuple(with_fields(e)) == dataclasses.astuple(e)
    with pytest.raises(TypeError):
        with_fields(library.entries[0], no_such_field=1)


def test_citations_found_by_extract_are_those_of_the_body(sample_corpus):
    """What extract stored of a body's citations is what reading the body finds (resolve links it)."""
    from converter.stages.extract import body_citations
    from converter.stages.resolve import body_text

    _, library, _ = sample_corpus
    cited = 0
    for e in library.entries:
        for d in e.versions:
            assert (d.quoted_titles, d.cited_numbers) == body_citations(body_text(d))
            cited += bool(d.quoted_titles or d.cited_numbers)
    assert cited >= 5


# --- interpretation / news → policy links (invented documents) ----------------------------------------

POLICY_A = ("某某省工业和信息化厅关于印发《某某省数字车间培育办法》的通知", "某工信发〔2031〕12号", "各设区市工业和信息化局：",
            "现将《某某省数字车间培育办法》印发给你们，请认真贯彻执行。", "某某省工业和信息化厅", "2031年3月2日")
POLICY_B = ("某某省工业和信息化厅关于组织推荐2031年度先进制造业集群的通知", "某工信发〔2031〕20号", "各设区市工业和信息化局：",
            "现就组织推荐2031年度先进制造业集群有关事项通知如下。", "某某省工业和信息化厅", "2031年4月8日")
POLICY_C = ("某某省人民政府关于加快推进制造业数字化转型的意见", "某政发〔2031〕3号", "各市人民政府：",
            "为加快推进制造业数字化转型，提出如下意见。", "某某省人民政府", "2031年2月1日")
POLICY_D = ("某某省人民政府办公厅关于印发《某某省智能工厂梯度培育工作方案》的通知", "某政办发〔2031〕9号", "各市人民政府：",
            "现将《某某省智能工厂梯度培育工作方案》印发给你们，请认真贯彻执行。", "某某省人民政府办公厅", "2031年5月6日")
OTHER = ("某某市财政局关于做好2031年度预算编制工作的通知", "某财预〔2031〕5号", "各区财政局：", "现就有关事项通知如下。",
         "某某市财政局", "2031年3月9日")


def _library(*docs: tuple[str, ...]):
    """The library of one compilation holding these documents in this order (each extracted from its
    paragraphs as printed, on lines of its own)."""
    from converter.model import Compilation, Cover, Paragraph, Segment, Source
    from converter.stages import extract
    from converter.stages.resolve import resolve

    out, line = [], 1
    for texts in docs:
        paras = tuple(Paragraph(t, (line + k,), 1) for k, t in enumerate(texts))
        line += len(texts)
        out.append(extract.extract(Segment(paras), "x.txt", "c", "2031"))
    comp = Compilation(id="c", source=Source("x.txt", "x.txt", "0" * 64, "utf-8", ""), cover=Cover(None, None, None, None),
                       documents=tuple(out), furniture=())
    return resolve((comp,))


@pytest.mark.parametrize("docs, item, target", [
    # 《title》 in the heading, though another policy stands just before it
    ((POLICY_A, OTHER, ("（4）《某某省数字车间培育办法》政策解读", "一、出台背景", "为推动数字车间建设，制定了《办法》。")), 2, 0),
    # a 简称 in the heading, read through the text's 以下简称
    ((POLICY_A, OTHER, ("解读 | 《办法》的五个亮点", "省工信厅近日印发《某某省数字车间培育办法》（以下简称《办法》），明确了培育路径。",
                        "《办法》共九条。")), 2, 0),
    # a 文号 in the text
    ((POLICY_A, OTHER, ("权威解读：数字车间怎么建", "日前，某某省工业和信息化厅印发通知（某工信发〔2031〕12号），部署培育工作。",
                        "通知明确了培育标准。")), 2, 0),
    # a news item whose headline takes over the subject of a policy of the issue
    ((POLICY_B, OTHER, ("某某省组织推荐2031年度先进制造业集群", "本报讯 记者从某某省工业和信息化厅获悉，集群推荐工作日前启动。",
                        "有关负责人表示，将加强跟踪服务。")), 2, 0),
    # a news item reporting a policy by its 《title》
    ((OTHER, POLICY_A, ("某某省出台新政推动数字车间建设", "新华社某某3月5日电 记者从某某省工业和信息化厅获悉，《某某省数字车间培育办法》日前印发实施。",
                        "有关负责人表示，将加强跟踪问效。")), 2, 1),
    # nothing named: the policy printed before it
    ((OTHER, POLICY_A, ("专家解读 | 数字车间培育的三个着力点", "笔者认为，这一安排抓住了关键问题。", "（作者系某大学教授）")), 2, 1),
    # an interview whose heading takes over the subject without its year, though its text quotes another policy
    ((POLICY_B, OTHER, ("某某厅负责同志就组织推荐先进制造业集群答记者问", "问：为什么推荐集群？",
                        "答：按照《某某市财政局关于做好2031年度预算编制工作的通知》，资金已有安排。")), 2, 0),
    # its text opening on a full policy title the corpus does not hold: no link by position
    ((POLICY_A, ("专家解读 | 放假安排的三个变化", "《某某省关于修改〈某某假日办法〉的决定》日前公布。", "笔者认为，调整更合民意。")), 1, None),
    # …but a short name or an attachment form named first does not stop the link by position
    ((OTHER, POLICY_A, ("专家解读 | 数字车间的三个着力点", "企业填写《数字车间申报表》后报送。", "笔者认为，这一安排抓住了关键。")), 2, 1),
    # a headline taking over one policy's subject and speaking of another's (a series on the second policy,
    # whose text names it): the text decides
    ((POLICY_C, POLICY_D, ("专家解读之一 | 智能工厂梯度培育 加快推进制造业数字化转型",
                           "《某某省智能工厂梯度培育工作方案》日前印发。", "笔者认为，方案抓住了关键。")), 2, 1),
    # a heading naming a policy the corpus does not hold: no link, not the one before it
    ((POLICY_A, ("《某某市电梯安全管理办法》政策解读", "一、出台背景", "为加强电梯安全管理，制定本办法。")), 1, None),
])
def test_interpretations_link_to_the_policy_they_name(docs, item, target):
    library = _library(*docs)
    titles = [e.title for e in library.entries]
    e = next(e for e in library.entries if e.occurrences[0].start_line == 1 + sum(len(d) for d in docs[:item]))
    assert e.kind in ("interpretation", "news")
    if target is None:
        assert e.interprets == ()
    else:
        want = next(x for x in library.entries if x.occurrences[0].start_line == 1 + sum(len(d) for d in docs[:target]))
        assert e.interprets == (want.id,), (titles, e.interprets)
        assert e.id in want.interpreted_by
