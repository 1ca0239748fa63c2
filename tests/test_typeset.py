"""The test typesetter (tests/typeset.py): pages known, TOC numbers that are the pages, the grid, the
knobs, determinism, both font modes. The PDFs are read back with PDFium (pypdfium2) directly, not with
the converter: these tests check the test material, not the reader."""
from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

import cjkfont
from converter.model import DOCUMENT_HEAD, Role
from from_text import composed_from_text, label_file
from training.records import Composed, DocTruth, Item
from typeset import BLOCK_W, LEFT, typeset

FONTS = ["stsong", pytest.param("embedded", marks=pytest.mark.skipif(
    bool(cjkfont.missing()), reason=f"embedded fonts: {cjkfont.missing()}"))]
SAMPLE_12 = "converter/sample/2031-03-sample-issue-12.txt"

LONG_TITLE = "工业和信息化部等四部门关于印发《智能装备可靠性提升专项行动方案（2031—2033年）》的通知"
BODY = ("为加快补齐智能装备可靠性短板，推动国产装备由“能用”向“好用、耐用”跃升，现就2031年有关工作通知如下。"
        "各地要结合实际认真组织实施，确保各项任务落到实处，形成一批可复制可推广的经验做法。") * 2


def _truth(title, kind="policy", number=None):
    return DocTruth(title=title, heading=None, doc_number=number, issuers=(), date=None, kind=kind,
                    subtype=None, level="national")


def small() -> Composed:
    """Three documents: a 通知 with a long title, a table and a signature; a 令; an interpretation."""
    titles = [LONG_TITLE, "促进个体工商户发展条例", "专家解读 | 可靠性提升要抓住三个关键"]
    items = [Item(Role.COVER, "华东智能装备产业促进会"), Item(Role.COVER, "政策汇编"), Item(Role.COVER, "2031年3月"),
             Item(Role.TOC_HEADING, "目　录")]
    items += [Item(Role.TOC_ENTRY, t) for t in titles]
    items += [Item(Role.DOC_TITLE, LONG_TITLE, 0, True), Item(Role.DOC_NUMBER, "工信部联装〔2031〕58号", 0),
              Item(Role.ADDRESSEE, "各省、自治区、直辖市工业和信息化主管部门：", 0),
              Item(Role.BODY, BODY, 0), Item(Role.HEADING, "一、总体要求", 0, level=1), Item(Role.BODY, BODY, 0),
              Item(Role.TABLE_ROW, "序号\t装备类别\t指标\t2033年目标", 0),
              Item(Role.TABLE_ROW, "1\t工业机器人\t平均无故障工作时间（小时）\t80000", 0),
              Item(Role.TABLE_ROW, "2\t五轴数控机床\t平均无故障工作时间（小时）\t1800", 0),
              Item(Role.SIGNATURE, "工业和信息化部", 0), Item(Role.DATE, "2031年2月14日", 0),
              Item(Role.ORDER_HEADER, "中华人民共和国国务院令", 1, True), Item(Role.ORDER_HEADER, "第812号", 1),
              Item(Role.DOC_TITLE, titles[1], 1), Item(Role.BODY, BODY, 1), Item(Role.BODY, BODY[:40], 1),
              Item(Role.DOC_TITLE, titles[2], 2, True), Item(Role.BODY, BODY, 2),
              Item(Role.CAPTION, "图为某智能装备企业生产车间", 2), Item(Role.BODY, BODY[:60], 2)]
    docs = (_truth(titles[0], number="工信部联装〔2031〕58号"), _truth(titles[1], number="第812号"),
            _truth(titles[2], "interpretation"))
    return Composed("test", 0, {}, tuple(items), docs, "华东智能装备产业促进会", "政策汇编", "总第12期", "2031年3月")


def pages_text(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[k].get_textpage().get_text_range() for k in range(len(doc))]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def made_small():
    return {f: typeset(small(), fonts=f) for f in ("stsong",) + (() if cjkfont.missing() else ("embedded",))}


def _made(made_small, fonts):
    return made_small[fonts]


@pytest.mark.parametrize("fonts", FONTS)
def test_documents_start_on_the_pages_it_says(made_small, fonts):
    made = _made(made_small, fonts)
    text = pages_text(made.pdf)
    assert made.pages == len(text)
    first_body = next(n for n, p in enumerate(made.page_numbers, 1) if p is not None)
    for k, d in enumerate(small().documents):
        head = squash(d.title)[:8]
        where = [n for n, t in enumerate(text, 1) if n >= first_body and head in squash(t)]
        assert where and where[0] == made.start_pages[k], (d.title, where, made.start_pages)
    # each document on a new page: nothing of the one before on its first page
    assert len(set(made.start_pages)) == 3
    assert made.start_pages[0] == first_body == 3   # cover, 目录, then the first document


@pytest.mark.parametrize("fonts", FONTS)
def test_toc_numbers_are_the_printed_pages(made_small, fonts):
    made = _made(made_small, fonts)
    text = pages_text(made.pdf)
    assert [t.doc for t in made.toc] == [0, 1, 2]
    for t in made.toc:
        printed = made.printed_pages[t.doc]
        assert t.page == str(printed)
        assert f"— {printed} —" in text[made.start_pages[t.doc] - 1]          # the footer says so too
        toc_lines = [squash(x) for x in text[t.page_index - 1].splitlines()]
        last = next(x for x in toc_lines if x.startswith(squash(t.lines[-1])[:6]))
        assert last.endswith(t.page) and re.search(r"[…]{3,}\d+$", last), last   # leader, then the number
    # the long entry wraps: the number is on its second line, the first has none
    wrapped = made.toc[0]
    assert len(wrapped.lines) == 2
    first = next(x for x in text[wrapped.page_index - 1].splitlines() if squash(x).startswith(squash(wrapped.lines[0])))
    assert not re.search(r"\d$", first.strip())
    assert made.page_numbers[:2] == (None, None)   # cover and 目录 unnumbered
    assert made.passes == 2


def _line_boxes(pdf: bytes, page: int):
    """(text, left, right, bottom) of each text line of a page, from the characters' advance boxes."""
    import ctypes

    tp = pdfium.PdfDocument(pdf)[page - 1].get_textpage()
    lines: dict[float, list] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if not ch.strip():
            continue
        left, _, right, _ = tp.get_charbox(i, loose=True)
        pdfium.raw.FPDFText_GetCharOrigin(tp, i, x, y)
        key = round(y.value / 4)                 # the baseline: one line whatever the glyphs' boxes
        lines.setdefault(key, []).append((left, right, ch))
    out = []
    for key in sorted(lines, reverse=True):
        chars = sorted(lines[key])
        out.append(("".join(c for _, _, c in chars), chars[0][0], chars[-1][1], key))
    return out


@pytest.mark.parametrize("fonts", FONTS)
def test_the_grid(made_small, fonts):
    """Body lines justified to the right margin with a two-character first-line indent, 28 a line; the
    title centred over balanced lines; signature and date right-aligned two characters in."""
    made = _made(made_small, fonts)
    pitch = BLOCK_W / 28
    right = LEFT + BLOCK_W
    lines = _line_boxes(made.pdf, made.start_pages[0])
    body = [x for x in lines if x[0].startswith(squash(BODY)[:5])]
    assert body, lines
    k = lines.index(body[0])
    assert abs(body[0][1] - (LEFT + 2 * pitch)) < 1.5                   # first-line indent
    assert abs(body[0][2] - right) < 1.5 and abs(lines[k + 1][2] - right) < 1.5   # justified
    assert abs(lines[k + 1][1] - LEFT) < 1.5
    assert len(lines[k + 1][0]) in range(26, 31)                        # 28 characters a line (± punctuation)
    title = [x for x in lines[:4] if x[3] > body[0][3] and x[0] and not x[0].startswith("华东")]
    title = title[:3]
    assert squash("".join(x[0] for x in title)).startswith(squash(LONG_TITLE)[:20])
    for _, l, r, _ in title:
        assert abs((l + r) / 2 - (LEFT + BLOCK_W / 2)) < 1.5            # centred in the text block
    sizes = [len(x[0]) for x in title if not x[0].startswith("工信部联装")]
    assert len(sizes) in (2, 3) and max(sizes) - min(sizes) <= 3, sizes   # balanced
    sig = next(x for x in _line_boxes(made.pdf, made.end_pages[0]) if x[0] == "2031年2月14日")
    assert abs(sig[2] - (right - 2 * pitch)) < 1.5


def test_table_is_ruled():
    from typeset import Faces, Layout, DEFAULTS

    c = small()
    layout = Layout(c, Faces("stsong", set()), dict(DEFAULTS), {})
    layout.run()
    ops = [op for p in layout.pages for op in p.ops if op.kind == "line"]
    horizontal = [op for op in ops if op.y == op.y2]
    vertical = [op for op in ops if op.x == op.x2]
    assert len(horizontal) == 2 * 3 and len(vertical) == 5 * 3       # 3 rows of 4 cells, every side ruled
    assert {round(op.x, 1) for op in vertical} >= {round(LEFT, 1), round(LEFT + BLOCK_W, 1)}


def test_photo_caption_and_order_header(made_small):
    made = made_small["stsong"]
    pdf = pdfium.PdfDocument(made.pdf)
    page = made.start_pages[2]
    images = [o for o in pdf[page - 1].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1
    lines = _line_boxes(made.pdf, made.start_pages[1])
    assert [x[0] for x in lines[1:4]] == ["中华人民共和国国务院令", "第812号", "促进个体工商户发展条例"]


@pytest.mark.parametrize("fonts", FONTS)
def test_deterministic(fonts):
    assert typeset(small(), fonts=fonts).pdf == typeset(small(), fonts=fonts).pdf


def _one_document(title: str, body: str) -> Composed:
    items = (Item(Role.DOC_TITLE, title, 0, True), Item(Role.BODY, body, 0))
    return Composed("test", 0, {}, items, (_truth(title),), "华东智能装备产业促进会", "政策汇编", "总第12期", "2031年3月")


@pytest.mark.parametrize("fonts", FONTS)
def test_later_pdfs_keep_their_glyphs(fonts):
    """In one process, each PDF's text is its own, whatever was typeset before it with other characters
    (embedded subsets of one face once drew every later PDF with the first PDF's glyphs)."""
    first = _one_document("关于甲乙丙丁的通知", "甲乙丙丁。" * 8)
    second = _one_document("关于戊己庚辛壬癸的通知", "戊己庚辛壬癸，鼠牛虎兔龙蛇。" * 6)
    for composed in (first, second):
        text = squash("".join(pages_text(typeset(composed, fonts=fonts).pdf)))
        assert composed.items[0].text in text and composed.items[1].text[:12] in text


@pytest.mark.parametrize("fonts, embeds", [("stsong", False), pytest.param("embedded", True, marks=FONTS[1].marks)])
def test_font_modes(made_small, fonts, embeds):
    pdf = made_small[fonts].pdf
    assert (b"/FontFile2" in pdf) is embeds
    assert (b"/STSong-Light" in pdf) is not embeds
    if embeds:   # a regular, a bold serif and a bold sans face
        names = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", pdf))
        assert any(b"Bold" in n and b"Sans" in n for n in names) and any(b"Serif" in n and b"Bold" in n for n in names)


@pytest.mark.parametrize("knobs, expect", [
    ({"footer": "plain"}, r"^\s*1\s*$"),
    ({"footer": "page-of"}, r"第 1 页"),
    ({"footer": "dash-outer"}, r"— 1 —"),
    ({"numbering": "physical"}, r"— 3 —"),
])
def test_footer_knobs(knobs, expect):
    made = typeset(small(), fonts="stsong", **knobs)
    first = made.start_pages[0]
    assert re.search(expect, pages_text(made.pdf)[first - 1], re.M)
    assert made.toc[0].page == str(made.page_numbers[first - 1])


def test_breaks_knob():
    apart, along = typeset(small(), fonts="stsong"), typeset(small(), fonts="stsong", breaks="continuous")
    assert along.pages < apart.pages
    assert along.start_pages[1] == along.end_pages[0]           # straight after the one before
    assert [t.page for t in along.toc] == [str(along.printed_pages[k]) for k in range(3)]
    with pytest.raises(TypeError):
        typeset(small(), fonts="stsong", colour="red")


def cjk_lost(path, composed) -> int:
    """CJK characters of the text's content lines (furniture aside) that no item carries."""
    from collections import Counter

    from converter.read import read_source
    from converter.stages import clean

    def cjk(texts):
        return Counter(ch for t in texts for ch in t if "\u4e00" <= ch <= "\u9fff")

    source = cjk(line.text for line in clean.lines(read_source(path)) if not line.furniture)
    return sum((source - cjk(it.text for it in composed.items)).values())


def toc_free(it) -> str:
    from typeset import toc_text

    return toc_text(it.text) if it.role == Role.TOC_ENTRY else it.text


def test_sample_from_text(sample_files):
    """The sample as a Composed: every CJK character of its text in an item, the labels' documents,
    each started by a head item, TOC entries pointing at them; typeset, every TOC number is the page its
    document starts on."""
    for path in sample_files:
        composed = composed_from_text(path)
        assert cjk_lost(path, composed) == 0
        _, labels = label_file(path)
        assert [d.title for d in composed.documents] == [d["title"] for d in labels]
        starts = [it for it in composed.items if it.starts]
        assert [it.doc for it in starts] == list(range(len(labels)))
        assert all(it.role in DOCUMENT_HEAD for it in starts)
        made = typeset(composed, fonts="stsong")
        text = pages_text(made.pdf)
        from collections import Counter

        printed = Counter(ch for t in text for ch in t if "\u4e00" <= ch <= "\u9fff")
        wanted = Counter(ch for it in composed.items for ch in toc_free(it) if "\u4e00" <= ch <= "\u9fff")
        assert not wanted - printed                       # the PDF prints every item's text
        for t in made.toc:
            assert t.doc is not None and t.page == str(made.printed_pages[t.doc])
        for k, d in enumerate(composed.documents):
            assert squash(d.title)[:8] in squash(text[made.start_pages[k] - 1])


@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_typeset(seed_files):
    """Every seed typesets; its TOC's numbers are the pages its documents start on."""
    for path in seed_files:
        composed = composed_from_text(path)
        assert cjk_lost(path, composed) == 0
        made = typeset(composed, fonts="stsong")
        assert made.pages > len(composed.documents) // 4
        numbered = [t for t in made.toc if t.doc is not None]
        assert all(t.page == str(made.printed_pages[t.doc]) for t in numbered)
        assert sorted(made.start_pages) == list(made.start_pages)


def test_generated_families():
    generate = pytest.importorskip("training.generate")
    from training import documents

    docs = documents.load_all(with_corpus=False)
    for family in generate.families():
        composed = generate.compose(docs, family, 1)
        made = typeset(composed, fonts="stsong")
        assert made.pages >= 1 and all(made.start_pages)
        for t in made.toc:
            if t.doc is not None:
                assert t.page == str(made.printed_pages[t.doc]), (family, t)


# --- the evaluation harness (tests/pdf_eval.py) --------------------------------------------------------


def _doc(title, number=None, line=1, page=1):
    from pdf_eval import Doc

    return Doc(title, number, line, page)


@pytest.mark.parametrize("text, pdf, pairs", [
    (["甲关于A的通知", "乙关于B的意见"], ["甲关于A的通知", "乙关于B的意见"], [(0, 0), (1, 1)]),
    (["甲关于A的通知", "乙关于B的意见"], ["乙关于B的意见"], [(1, 0)]),                          # one lost
    (["甲关于A的通知"], ["封面", "甲关于A的通知", "图为某车间"], [(0, 1)]),                       # two extra
    (["甲关于A的通知", "乙关于B的意见"], ["关于印发甲关于A的通知", "乙关于B的意见"], [(0, 0), (1, 1)]),  # title off
    (["甲关于A的通知", "乙关于B的意见"], ["乙关于B的意见", "甲关于A的通知"], [(1, 0)]),            # order kept: one pair
])
def test_align(text, pdf, pairs):
    from pdf_eval import align

    assert align([_doc(t) for t in text], [_doc(t) for t in pdf]) == pairs


def test_compare_counts_what_differs():
    from pdf_eval import Layout, compare

    composed = small()
    made = typeset(composed, fonts="stsong")
    # the text's documents start on the items' lines 10, 30, 50; the typesetter put those items on its pages
    firsts = [i for i, it in enumerate(composed.items) if it.starts]
    layout = Layout("small", composed, None, [(10 + 20 * k, i) for k, i in enumerate(firsts)])
    text = [_doc(d.title, d.doc_number, 10 + 20 * k) for k, d in enumerate(composed.documents)]
    right = [_doc(d.title, d.doc_number, 1, made.start_pages[k]) for k, d in enumerate(composed.documents)]
    r = compare(layout, made, "stsong", text, right, 0.1, None)
    assert r.figures["recall"] == r.figures["precision"] == r.figures["start_page"] == r.figures["title"] == 1.0
    wrong = [_doc("甲" + right[0].title, None, 1, right[0].start_page + 1), right[2]]
    r = compare(layout, made, "stsong", text, wrong, 0.1, None)
    f = r.figures
    assert (f["recall"], f["precision"], f["title"], f["doc_number"], f["start_page"]) == (2 / 3, 1.0, 1 / 3, 1 / 3, 1 / 3)
    assert {d[0] for d in r.diffs} == {"title", "文号", "start page", "only in text"}
    r = compare(layout, made, "stsong", text, None, 0.1, "InputError: no document found")
    assert r.figures["recall"] == 0 and r.error


def test_eval_runs_on_the_sample():
    from pdf_eval import run, table

    results = run(fonts=("stsong",), seeds=False, generated=0, out=lambda *_: None)
    assert [r.layout for r in results] == ["2031-03-sample-issue-12", "2031-06-sample-issue-13", "ALL"]
    total = results[-1]
    assert total.pages == sum(r.pages for r in results[:-1]) and total.text_docs == 12
    assert all(0 <= v <= 1 for v in total.figures.values() if v is not None)
    assert total.figures["text~truth"] == 1.0       # the sample's text converts to its labels
    assert "2031-03-sample-issue-12" in table(results, markdown=True)


@pytest.mark.parametrize("family_knobs, footer, header", [
    ({"footer": "di", "header": "name", "new_page": 1.0}, "第 1 页", "政策汇编"),
    ({"footer": "of_total", "header": "publisher", "new_page": 0.3}, r"1 / \d+", "华东智能装备产业促进会"),
    ({"footer": "hyphen", "header": "alternate", "new_page": 0.0}, "-1-", "政策汇编"),
])
def test_knobs_for_generated_text(family_knobs, footer, header):
    from dataclasses import replace

    from typeset import knobs_for

    composed = replace(small(), knobs=family_knobs)
    knobs = knobs_for(composed)
    assert knobs["breaks"] == ("document" if family_knobs["new_page"] >= 1 else "composed")
    made = typeset(composed, fonts="stsong", **knobs)
    page = pages_text(made.pdf)[made.start_pages[0] - 1]
    assert re.search(footer, page) and page.lstrip().startswith(header)
    furniture = [x for x in made.lines if x.role == "furniture" and x.page == made.start_pages[0]]
    assert [x.text for x in furniture][0] == header and re.fullmatch(footer, furniture[-1].text)
    if family_knobs["header"] == "alternate":
        even = next(x for x in made.lines if x.role == "furniture" and x.page % 2 == 0 and x.baseline > 400)
        assert even.text == "华东智能装备产业促进会 2031年3月"


def test_lines_are_the_truth_of_the_pdf(made_small):
    """Every line drawn is recorded with its item: the PDF's text, line by line, is the lines' text."""
    made = made_small["stsong"]
    text = pages_text(made.pdf)
    composed = small()
    for page in range(1, made.pages + 1):
        drawn = [x for x in made.lines if x.page == page]
        assert squash("".join(x.text for x in drawn)) == squash(text[page - 1])
        for x in drawn:
            if x.item is not None:
                assert x.role == composed.items[x.item].role
    assert {x.role for x in made.lines} >= {"furniture", "doc_title", "body", "table_row", "toc_entry", "caption"}
    justified = [x for x in made.lines if x.justified]
    assert justified and all(abs(x.x1 - (LEFT + BLOCK_W)) < 0.01 for x in justified)


def test_a_toc_over_several_pages_is_unnumbered():
    """A 目录 longer than a page (however its last entry falls): none of its pages is numbered, the
    first document's page is 1."""
    from dataclasses import replace

    base = small()
    for n in range(12, 28):
        entries = tuple(Item(Role.TOC_ENTRY, LONG_TITLE + str(k)) for k in range(n))
        made = typeset(replace(base, items=base.items[:4] + entries + base.items[7:]), fonts="stsong")
        toc_pages = {made.item_pages[i] for i in range(4, 4 + n)} | {t.page_index for t in made.toc}
        assert len(toc_pages) >= 2
        assert all(made.page_numbers[p - 1] is None for p in range(1, max(toc_pages) + 1)), n
        assert made.printed_pages[0] == 1 and made.start_pages[0] == max(toc_pages) + 1


@pytest.mark.parametrize("fonts", FONTS)
def test_line_ends_are_where_the_pdf_has_them(made_small, fonts):
    """PdfLine.x0/x1 are the left end of the first character's advance and the right end of the last's,
    as PDFium measures them, on every line of the first document's first page."""
    made = _made(made_small, fonts)
    page = made.start_pages[0]
    measured = {squash(t): (l, r) for t, l, r, _ in _line_boxes(made.pdf, page)}
    drawn = [x for x in made.lines if x.page == page and x.role not in ("table_row",)]
    assert len(drawn) > 10
    for x in drawn:
        l, r = measured[squash(x.text)]
        assert abs(l - x.x0) < 0.6 and abs(r - x.x1) < 0.6, (x.text, l, r, x.x0, x.x1)


@pytest.mark.parametrize("n", range(1, 9))
def test_other_layouts_keep_their_promises(n):
    """In any of random_knobs' layouts: the TOC's numbers are the pages its documents start on, each
    document's title is printed first on its start page, and the PDF's page count is Typeset.pages."""
    from typeset import random_knobs

    knobs = random_knobs(n)
    assert random_knobs(n) == knobs
    made = typeset(small(), fonts="stsong", **knobs)
    text = pages_text(made.pdf)
    assert len(text) == made.pages
    for t in made.toc:
        assert t.page == str(made.printed_pages[t.doc] or made.start_pages[t.doc])
    front = made.toc[-1].page_index
    for k, d in enumerate(small().documents):
        where = [p for p, t in enumerate(text, 1) if p > front and squash(d.title)[:8] in squash(t)]
        assert where[0] == made.start_pages[k], (knobs, k)
