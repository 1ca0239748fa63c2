"""The layout generator (training/): compilations composed from source documents with the truth of
every line. Deterministic per seed, every family renders, the labels line up with the text, every
title is printed, every knob is recorded and drawn from its family, nothing of the composed text is
lost or invented by rendering. Runs on the sample and the invented documents alone (a fresh machine),
and with the corpus when ../shared/corpus is there."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from converter.model import DOCUMENT_HEAD, Role
from converter.text.titles import key
from converter.vocab import VOCAB
from converter.vocab.patterns import CJK
from training import documents, generate, render_text
from training.score import match, score_composed

CJK_RE = re.compile(f"[{CJK}]")
FAMILIES = generate.families()
SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def docs():
    return documents.load_all()


@pytest.fixture(scope="module")
def rendered(docs):
    out = {}
    for family in FAMILIES:
        for seed in SEEDS:
            c = generate.compose(docs, family, seed)
            out[family, seed] = (c, *render_text.render(c))
    return out


CASES = [(f, s) for f in FAMILIES for s in SEEDS]


def test_there_are_enough_families_and_they_differ():
    spec = generate._families()
    assert len(FAMILIES) >= 8
    defaults = spec["defaults"]
    for a in FAMILIES:
        for b in FAMILIES:
            if a < b:
                ka = {**defaults, **spec["families"][a]}
                kb = {**defaults, **spec["families"][b]}
                differing = [k for k in ka if ka[k] != kb[k]]
                assert len(differing) >= 4, (a, b, differing)


def test_unseen_layouts_are_no_family_and_compose():
    """The layouts of unseen.yaml are scored, never trained on: no family of families.yaml shares a name
    or all its knobs with one, training composes from the families alone, and each composes a compilation
    whose text holds its documents."""
    spec = generate._families()
    defaults = spec["defaults"]
    families = [{**defaults, **k} for k in spec["families"].values()]
    assert generate.unseen() and not set(generate.unseen()) & set(FAMILIES)
    for name in generate.unseen():
        knobs = {**defaults, **generate._unseen()[name]}
        assert all(knobs != f for f in families), name
        composed = generate.compose(documents.load_all(), name, seed=1)
        text, _ = render_text.render(composed)
        assert composed.documents and all(key(t.title)[:6] in key(text) for t in composed.documents)
    from training import train
    assert {f for f, *_ in train.generated(per_family=1, long_per_family=0)} == set(FAMILIES)


def test_invented_documents_are_enough_and_varied():
    inv = documents.load_invented()
    assert len(inv) >= 20
    kinds = {d.truth.kind for d in inv}
    assert kinds == {"policy", "interpretation", "news"}
    keys = {d.key for d in inv}
    assert all(d.interprets_key in keys for d in inv if d.interprets_key)
    assert sum(bool(generate.ORDER_NUMBER.match(d.truth.doc_number or "")) for d in inv) >= 2  # 令
    for d in inv:   # the title is printed as the title lines say
        assert documents.squash("".join(d.title_lines)) == documents.squash(d.truth.title), d.key


def test_synthetic_documents_are_deterministic_and_print_their_truth():
    from training import synth

    a, b = synth.synthesize(80, seed=3), synth.synthesize(80, seed=3)
    assert a == b and a != synth.synthesize(80, seed=4)
    keys = {d.key for d in a}
    assert {d.truth.kind for d in a} == {"policy", "interpretation", "news"}
    assert len({d.truth.title for d in a}) >= 0.95 * len(a)
    for d in a:
        text = "".join(p.text for p in d.paragraphs)
        assert documents.squash("".join(d.title_lines)) == documents.squash(d.truth.title)
        assert not any(re.search(r"\d$", a) and re.match(r"\d", b) for a, b in zip(d.title_lines, d.title_lines[1:]))
        if d.truth.doc_number:
            assert d.paragraphs[0].role is Role.DOC_NUMBER and d.paragraphs[0].text == d.truth.doc_number
        if d.truth.date:
            y, m, day = (int(x) for x in d.truth.date.split("-"))
            assert any(p.role is Role.DATE and p.text == f"{y}年{m}月{day}日" for p in d.paragraphs)
        for issuer in d.truth.issuers if d.truth.kind == "policy" else ():
            assert any(p.role is Role.SIGNATURE and VOCAB.canonical(p.text) == issuer for p in d.paragraphs), (d.key, issuer)
        assert not d.interprets_key or d.interprets_key in keys
        assert "{" not in text and "}" not in text


def test_sample_documents_are_cut_at_their_labels():
    sample = documents.load_sample()
    assert len(sample) >= 6
    for d in sample:
        assert documents.squash("".join(d.title_lines)) == documents.squash(d.truth.title), d.truth.origin
        assert d.paragraphs and not any(p.text in ("政策速览", "目 录") for p in d.paragraphs)


@pytest.mark.parametrize("family", FAMILIES)
def test_same_seed_same_bytes(docs, family):
    a, b = generate.compose(docs, family, 11), generate.compose(docs, family, 11)
    assert a == b
    assert render_text.render(a)[0].encode() == render_text.render(b)[0].encode()
    others = {render_text.render(generate.compose(docs, family, s))[0] for s in (12, 13, 14)}
    assert len(others | {render_text.render(a)[0]}) == 4          # another seed, another compilation


@pytest.mark.parametrize("family,seed", CASES)
def test_labels_line_up_with_the_text(rendered, family, seed):
    c, text, lines = rendered[family, seed]
    assert text.endswith("\n") and not text.endswith("\n\n")
    physical = text[:-1].split("\n")
    assert [l.text for l in lines] == physical
    assert [l.number for l in lines] == list(range(1, len(physical) + 1))
    for l in lines:
        if l.item is None:
            assert l.role is Role.FURNITURE and l.doc is None
        else:
            it = c.items[l.item]
            assert (l.role, l.doc) == (it.role, it.doc)
    pages = [l.page for l in lines]
    assert pages == sorted(pages) and pages[0] == 1


@pytest.mark.parametrize("family,seed", CASES)
def test_every_document_starts_once_and_prints_its_title(rendered, family, seed):
    c, text, lines = rendered[family, seed]
    assert len(c.documents) >= 3
    for i, t in enumerate(c.documents):
        starts = [l for l in lines if l.doc == i and l.starts]
        assert len(starts) == 1, (i, t.title)
        assert Role(starts[0].role) in DOCUMENT_HEAD
        first = min(l.number for l in lines if l.doc == i)
        assert starts[0].number == first
        head_role = Role.DIGEST_ENTRY if t.kind == "digest_item" else Role.DOC_TITLE
        printed = "".join(l.text for l in lines if l.doc == i and l.role is head_role)
        assert key(t.title) in key(printed), (t.title, printed)
        if t.heading:
            assert key(t.heading) in key("".join(l.text for l in lines if l.doc == i and l.role is Role.HEADLINE))
        if t.interprets is not None:
            assert c.documents[t.interprets].kind == "policy"


@pytest.mark.parametrize("family,seed", CASES)
def test_documents_are_contiguous_but_for_furniture(rendered, family, seed):
    _, _, lines = rendered[family, seed]
    seen, last = set(), None
    for l in lines:
        if l.role is Role.FURNITURE:
            continue
        if l.doc is not None and l.doc != last:
            assert l.doc not in seen, f"document {l.doc} resumes at line {l.number}"
            seen.add(l.doc)
        last = l.doc


@pytest.mark.parametrize("family,seed", CASES)
def test_rendering_loses_and_invents_no_cjk(rendered, family, seed):
    """The CJK characters of the non-furniture lines are those of the items, in order; furniture
    lines hold only what the renderer adds (page numbers, headers with the compilation's name)."""
    c, _, lines = rendered[family, seed]
    composed = "".join(CJK_RE.findall("".join(it.text for it in c.items)))
    printed = "".join(CJK_RE.findall("".join(l.text for l in lines if l.item is not None)))
    assert printed == composed
    furniture_words = {c.title, c.publisher, c.period, c.issue, "编", "第", "页", "共", "内部资料", "注意保存"}
    for l in lines:
        if l.item is None:
            rest = l.text
            for w in sorted(furniture_words, key=len, reverse=True):
                rest = rest.replace(w, "")
            assert not CJK_RE.search(rest), l.text


@pytest.mark.parametrize("family", FAMILIES)
def test_knobs_are_recorded_and_drawn_from_the_family(docs, family):
    spec = {**generate._families()["defaults"], **generate._families()["families"][family]}
    for seed in range(6):
        c = generate.compose(docs, family, seed)
        assert set(spec) <= set(c.knobs)
        for name, s in spec.items():
            v = c.knobs[name]
            if isinstance(s, dict) and "range" in s:
                assert s["range"][0] <= v <= s["range"][1], (name, v)
            elif isinstance(s, dict) and "between" in s:
                assert s["between"][0] <= v <= s["between"][1], (name, v)
            elif isinstance(s, dict):
                assert v in s, (name, v)
            elif isinstance(s, list):
                assert v in s, (name, v)
            else:
                assert v == s, (name, v)
        full = [t for t in c.documents if t.kind != "digest_item"]
        assert len(c.knobs["per_document"]) == len(full)
        assert [p["origin"] for p in c.knobs["per_document"]] == [t.origin for t in full]


@pytest.mark.parametrize("family,seed", CASES)
def test_knobs_show_in_the_text(rendered, family, seed):
    """What the knobs say is what the text shows: TOC, sections, numbering, wrap, furniture."""
    c, text, lines = rendered[family, seed]
    k = c.knobs
    roles = {l.role for l in lines}
    assert (Role.TOC_ENTRY in roles) == (k["toc"] != "none" or k["daodu"] != "none" and len(c.documents) > 0)
    assert (Role.COVER in roles) == (k["cover"] != "none")
    if k["wrap"]:
        assert max(render_text.width(l.text.strip().replace(" ", "")) for l in lines if l.item is not None) <= k["wrap"] + 2  # closing marks stay on their line
    if k["sections"] == "part":
        assert any(l.role is Role.SECTION_HEADING and l.text.startswith("第一部分") for l in lines)
    if k["sections"] == "bracket":
        assert any(l.role is Role.SECTION_HEADING and l.text.startswith("【") for l in lines)
    if k["numbering"] == "bracket_org":
        assert re.match(r"^1\.【[^】]+】", next(l.text for l in lines if l.role is Role.DOC_TITLE))
    full = [i for i, t in enumerate(c.documents) if t.kind != "digest_item"]
    for i, choice in zip(full, k["per_document"]):
        if choice.get("cn_date"):
            assert any(l.role is Role.DATE and "〇" in l.text for l in lines if l.doc == i)
            assert c.documents[i].date is None or re.fullmatch(r"\d{4}-\d\d-\d\d", c.documents[i].date)
        if choice.get("docno_paren"):
            assert any(l.role is Role.DOC_NUMBER and l.text.strip().startswith("（") for l in lines if l.doc == i)
        if choice.get("promulgated"):
            # the document starts at the sentence that puts it in force, no 令 header above it
            first = next(l for l in lines if l.doc == i and l.role in DOCUMENT_HEAD)
            assert first.role is Role.ORDER_HEADER and "现予公布" in "".join(
                l.text for l in lines if l.doc == i and l.role is Role.ORDER_HEADER)
            assert not any(l.role is Role.ORDER_HEADER and l.text.strip().endswith("令") for l in lines if l.doc == i)
        if choice.get("attach_links"):
            assert any(l.role is Role.ATTACHMENT and re.match(r"^- \d+\.\[.+\]\(#\)$", l.text.strip())
                       for l in lines if l.doc == i)
    pages = max(l.page for l in lines)
    if k["footer"] == "dash_em" and pages > 1:
        assert "— 2 —" in text.split("\n") or "— 1 —" in text.split("\n")
    if k["toc"] not in ("none",):
        toc_pages = [it.level for it in c.items if it.role is Role.TOC_ENTRY and not render_text._daodu(c.items, c.items.index(it))]
        assert toc_pages and all(0 < p <= pages for p in toc_pages) and toc_pages == sorted(toc_pages)


def test_the_varieties_are_drawn(docs):
    """Publication sentences over a title, linked 附件 lists and digest entries over paragraphs all occur in
    the compilations the model is trained on."""
    seen = {"promulgated": 0, "attach_links": 0, "digest_split": 0}
    for family in FAMILIES:
        for seed in range(4):
            c = generate.compose(docs, family, seed)
            for choice in c.knobs["per_document"]:
                seen["promulgated"] += bool(choice.get("promulgated"))
                seen["attach_links"] += bool(choice.get("attach_links"))
            items = c.items
            seen["digest_split"] += sum(1 for a, b in zip(items, items[1:])
                                        if a.role is Role.DIGEST_ENTRY and b.role is Role.BODY and b.text.startswith("该"))
    assert all(seen.values()), seen


def test_generation_needs_no_corpus():
    """On a fresh machine (no ../shared/corpus) every family still composes from what is committed."""
    committed = documents.load_all(with_corpus=False)
    assert committed and not any(d.key.startswith("corpus:") for d in committed)
    for family in FAMILIES:
        c = generate.compose(committed, family, 3)
        text, lines = render_text.render(c)
        assert len(c.documents) >= 3 and lines


def test_corpus_is_loaded_when_present():
    if not documents.corpus_available():
        pytest.skip(f"no corpus: {documents.CORPUS} is absent (real documents live outside the repository)")
    corpus = documents.load_corpus()
    assert len(corpus) >= 90
    for d in corpus:
        assert documents.squash("".join(d.title_lines)) == documents.squash(d.truth.title), d.truth.origin


@pytest.mark.parametrize("wanted,found,expect", [
    # same start line wins, whatever the title
    ([(5, "甲关于乙的通知")], [(5, "别的标题")], {0: 0}),
    # else the same title key (brackets and spaces ignored)
    ([(5, "甲关于《乙》的通知")], [(7, "甲关于乙的 通知")], {0: 0}),
    # one found document is matched once
    ([(5, "同名通知"), (9, "同名通知")], [(9, "同名通知")], {1: 0}),
    ([(5, "甲的通知")], [(8, "乙的通知")], {}),
])
def test_match_by_line_then_title_key(wanted, found, expect):
    w = [{"start_line": n, "title": t} for n, t in wanted]
    f = [SimpleNamespace(title=t, heading=None, occurrence=SimpleNamespace(start_line=n)) for n, t in found]
    got = match(w, f)
    assert {i: f.index(d) for i, d in got.items()} == expect


def test_a_generated_compilation_is_scored(docs):
    c = generate.compose(docs, "plain_concat", 5)
    s = score_composed(c)
    assert s.labelled == len(c.documents) and s.compilations == 1
    assert 0 <= s.matched <= min(s.labelled, s.found)
    f = s.figures
    assert 0 < f["cjk_kept"] <= 1 and set(f) >= {"recall", "precision", "title", "doc_number", "date", "kind",
                                                  "issuers_f1"}


@pytest.mark.parametrize("text,limit,lines", [
    ("国务院办公厅关于2024年部分节假日安排的通知", 8, ["国务院办公厅关于", "2024年部分节假日", "安排的通知"]),
    ("为规范管理，制定本办法。", 5, ["为规范管理，", "制定本办法。"]),      # a closing mark stays on its line
    ("支持GPT-4等大模型应用", 4, ["支持", "GPT-4等", "大模型应", "用"]),      # a Latin run is never cut
    ("短标题", 10, ["短标题"]),
])
def test_wrap_cuts_where_a_typesetter_would(text, limit, lines):
    assert render_text.wrap(text, limit) == lines


@pytest.mark.parametrize("text,at,expect", [
    ("关于2024年的通知", 4, 2),        # inside 2024: moved before it
    ("制定本办法。下一条", 5, 4),       # before 。: moved back
    ("关于印发方案", 3, 3),
])
def test_safe_cut(text, at, expect):
    assert render_text.safe_cut(text, at) == expect


def test_same_bytes_whatever_the_hash_seed():
    """`make train` must give the same model on every machine: nothing depends on set or hash order."""
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import hashlib\nfrom training import documents, generate, render_text\n"
            "docs = documents.load_all(with_corpus=False)\nh = hashlib.sha256()\n"
            "for f in generate.families():\n"
            "    c = generate.compose(docs, f, 1)\n"
            "    h.update(render_text.render(c)[0].encode() + repr(c.knobs).encode())\n"
            "print(h.hexdigest())")
    out = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "PATH": ""}).stdout
           for seed in ("1", "2")}
    assert len(out) == 1 and len(next(iter(out)).strip()) == 64


# --- long bodies (training/long_body.py) ------------------------------------------------------------------------

from training import long_body  # noqa: E402

#: What each long-body style prints, as (style, a pattern every section of it opens with).
LONG_STYLE_SHAPES = [
    ("cn", re.compile(r"^[一二三四五六七八九十]+、")),
    ("colon", re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、] ?[^：]{2,20}：)")),
    ("column", re.compile(r"^专栏\d+")),
    ("chapter", re.compile(r"^第[一二三四五六七八九十]+章")),
    ("qa", re.compile(r"^(?:问：|[一二三四五六七八九十]+、).+[？?]?$")),
    ("table", re.compile(r"^[一二三四五六七八九十]+、")),
]


@pytest.mark.parametrize("style,opening", LONG_STYLE_SHAPES)
def test_long_body_sections_have_their_style_and_roles(style, opening):
    import random
    pool = ["各地要加强统筹协调，建立健全工作机制，确保各项任务落到实处。"]
    a = long_body.sections(random.Random("t"), pool, style, 5)
    assert a == long_body.sections(random.Random("t"), pool, style, 5)       # deterministic
    assert opening.match(a[0].text), a[0].text
    # a numbered run-in line with a colon or a stop, or an article, is running text; a numbered line of its own
    # (no punctuation) is a heading of the body: neither is ever the head of a document
    for p in a:
        assert p.role in (Role.HEADING, Role.BODY, Role.TABLE_ROW)
        if re.match(r"^\d+[.．、]|^第[一二三四五六七八九十]+条", p.text):
            assert p.role is (Role.BODY if re.search(r"[：。，]", p.text) else Role.HEADING), p.text
    if style == "chapter":
        articles = [p.text for p in a if p.text.startswith("第") and "条" in p.text[:6]]
        assert articles[0].startswith("第一条") and len(articles) >= 10


@pytest.mark.parametrize("style", ["cn", "colon"])
def test_long_bodies_print_numbered_headings_that_look_like_item_titles(style):
    """Numbered headings on lines of their own (`1. 加快发展新型储能`, `（2）…`): the shape of a compiler's numbered
    item title, inside a body, with no 关于 or punctuation, each over text."""
    import random
    pool = ["各地要加强统筹协调，建立健全工作机制，确保各项任务落到实处。"]
    numbered = re.compile(r"^(?:\d+(?:[.．、] ?)|（\d+）)(?P<rest>[^：:，。；]+)$")
    heads = []
    for seed in range(40):
        a = long_body.sections(random.Random(seed), pool, style, 4)
        for k, p in enumerate(a):
            if p.role is Role.HEADING and (m := numbered.match(p.text)):
                heads.append(p.text)
                assert "关于" not in m["rest"], p.text
                assert a[k + 1].role is Role.BODY, p.text
    assert len(heads) >= 10
    forms = {re.match(r"^(?:\d+(\D)|（)", h).group(1) or "（" for h in heads}
    assert {"（", "、"} <= forms and forms & {".", "．"}


@pytest.mark.parametrize("n,cn", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_cn_number(n, cn):
    assert long_body.cn_number(n) == cn


def test_lengthen_keeps_the_closing_block_last():
    import random
    from training.documents import Para
    paras = [Para(Role.BODY, "为推动高质量发展，现提出如下意见。"), Para(Role.SIGNATURE, "临江市人民政府"),
             Para(Role.DATE, "2030年5月6日"), Para(Role.NOTE, "（此件公开发布）")]
    out = long_body.lengthen(paras, random.Random(1), [], "cn", 3)
    assert out[0] == paras[0] and out[-3:] == paras[1:]
    assert len(out) > len(paras) + 3


def test_long_bodies_are_recorded_and_printed(docs):
    seen = 0
    for seed in range(12):
        c = generate.compose(docs, "gazette", seed)
        text, lines = render_text.render(c)
        for k, choice in enumerate(c.knobs["per_document"]):
            if "long_body" not in choice:
                continue
            seen += 1
            assert choice["long_body"]["style"] in long_body.STYLES
            assert 3 <= choice["long_body"]["sections"] <= 8
            mine = [l for l in lines if l.doc == k]
            assert sum(l.role is Role.HEADING or l.text.startswith("问：") for l in mine) >= 1
            assert sum(1 for l in mine if l.starts) == 1
    assert seen >= 5


@pytest.mark.parametrize("heading, lead, origin, issuers, want", [
    # `《X》政策解读` whose text only says what the policy's issuers did: the heading names no body
    (["《某某行动方案》政策解读"], ["一、出台背景", "国家发展改革委、国家能源局联合印发《某某行动方案》。"], "synth:i1",
     ("国家能源局",), ()),
    # the compiler's bracket names it (short_issuer: 工信部, 国家能源局)
    (["3.【工信部】《某某行动方案》政策解读"], ["一、出台背景"], "synth:i1", ("工业和信息化部",), ("工业和信息化部",)),
    (["3.【国家能源局】《某某行动方案》政策解读"], ["一、出台背景"], "synth:i1", ("国家能源局",), ("国家能源局",)),
    # its officials answer (a body the vocabulary lacks, named in the heading)
    (["清河市某某局有关负责人就《某某方案》答记者问"], ["问：为什么出台？"], "synth:i2", ("清河市某某局",), ("清河市某某局",)),
    # the officials named in the lead, the site of a source line
    (["《某某条例》答记者问"], ["日前，司法部、水利部负责人就《条例》回答了记者提问。"], "invented:x:i3", ("司法部", "水利部"),
     ("司法部", "水利部")),
    (["开展某某治理 增加某某资源"], ["来源：教育部网站", "日前，国务院办公厅印发了通知。"], "invented:x:i4", ("教育部",), ("教育部",)),
    # a hand-labelled truth is kept as labelled
    (["《某某行动方案》政策解读"], ["一、出台背景"], "046", ("国家能源局",), ("国家能源局",)),
])
def test_printed_issuers(heading, lead, origin, issuers, want):
    from training.records import DocTruth, Item
    truth = DocTruth(title=heading[-1], heading=None, doc_number=None, issuers=issuers, date=None,
                     kind="interpretation", subtype="解读", level="national", origin=origin)
    body = [Item(Role.DOC_TITLE, t, doc=0) for t in heading] + [Item(Role.BODY, t, doc=0) for t in lead]
    assert generate.printed_issuers([truth], body)[0].issuers == want


@pytest.mark.parametrize("lines, origin, want", [
    # a press conference's event time is the date printed with it
    (["时间：2031年4月2日（星期五）上午10时", "主持人：某某"], "invented:x:i9", "2031-04-02"),
    # no event time line: no date
    (["主持人：某某", "今天是2031年4月2日以来的第三次发布会。"], "invented:x:i9", None),
    # a hand-labelled truth is kept
    (["时间：2031年4月2日（星期五）上午10时"], "046", None),
])
def test_printed_dates_event_time(lines, origin, want):
    from training.records import DocTruth, Item
    truth = DocTruth(title="某某局就《某某条例》举行新闻发布会", heading=None, doc_number=None, issuers=(), date=None,
                     kind="interpretation", subtype="新闻发布会", level="national", origin=origin)
    body = [Item(Role.DOC_TITLE, truth.title, doc=0)] + [Item(Role.BODY, t, doc=0) for t in lines]
    assert generate.printed_dates([truth], body)[0].date == want


def test_printed_dates_event_time_deep_in_the_body_is_not_the_items():
    from training.records import DocTruth, Item
    truth = DocTruth(title="《某某方案》政策解读", heading=None, doc_number=None, issuers=(), date=None,
                     kind="interpretation", subtype="解读", level="national", origin="synth:i1")
    body = [Item(Role.DOC_TITLE, truth.title, doc=0)] + [Item(Role.BODY, f"{n}、某某。", doc=0) for n in range(8)]
    body.append(Item(Role.BODY, "时间：2031年4月2日（星期五）上午10时", doc=0))
    assert generate.printed_dates([truth], body)[0].date is None
