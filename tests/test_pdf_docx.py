"""Compilations as published: PDF and Word (.docx) convert to the same documents as their text.

The PDFs and Word files are made at test time (tests/layouts.py) from the bundled sample and, when
../shared/seeds exists, from the seeds, into a temporary folder; nothing made here is kept."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, SEEDS, convert_to
from converter.read import read_source
from converter.errors import InputError
from converter.pipeline import convert_file
from layouts import FIELDS, HEADER_TEXT, agreement, check_pages, make_docx, make_pdf

SAMPLES = sorted(SAMPLE.glob("*.txt"))
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
NO_SEEDS = pytest.param(None, marks=pytest.mark.skip(reason=f"no seeds: {SEEDS} is absent"), id="seeds")
SOURCES = [pytest.param(p, id=p.stem[:20]) for p in SAMPLES] + (
    [pytest.param(p, id=p.stem[:3], marks=pytest.mark.seeds) for p in SEED_FILES] or [NO_SEEDS])


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """source → {"text": Compilation, "pdf": (PdfMade, Compilation), "docx": (DocxMade, Compilation)},
    each made and converted once per session, when first asked for."""
    out = tmp_path_factory.mktemp("layouts")
    cache: dict[Path, dict] = {}

    def get(src: Path) -> dict:
        if src not in cache:
            pdf = make_pdf(src, out / (src.stem + ".pdf"))
            doc = make_docx(src, out / (src.stem + ".docx"))
            cache[src] = {"text": convert_file(src), "pdf": (pdf, convert_file(pdf.path)),
                          "docx": (doc, convert_file(doc.path))}
        return cache[src]
    return get


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("src", SOURCES)
def test_same_documents_as_the_text(made, src, kind):
    got = made(src)
    ag = agreement(kind, got["text"], got[kind][1])
    figures = {f: f"{ag.equal[f]}/{ag.text_docs}" for f in FIELDS}
    assert ag.same, f"{src.name} as {kind}: {ag.found} documents for {ag.text_docs}, {figures}; {ag.diffs[:5]}"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("src", SOURCES)
def test_pages_are_where_the_documents_were_printed(made, src, kind):
    got = made(src)
    made_file, comp = got[kind]
    ag = agreement(kind, got["text"], comp)
    first, last = (made_file.first_page, made_file.last_page) if kind == "pdf" else (made_file.page, made_file.page)
    check_pages(ag, got["text"], comp, first, last)
    assert not ag.page_errors, ag.page_errors[:5]
    if kind == "docx":  # page breaks where the text's pages end: the same pages as the text's footers tell
        assert [(d.occurrence.start_page, d.occurrence.end_page) for d in comp.documents] == \
               [(d.occurrence.start_page, d.occurrence.end_page) for d in got["text"].documents]


@pytest.mark.parametrize("src", [pytest.param(p, id=p.stem[:20]) for p in SAMPLES])
def test_pdf_running_headers_footers_and_page_numbers_are_dropped_by_position(made, src):
    pdf, comp = made(src)["pdf"]
    kept = "".join(b.text for d in comp.documents for b in d.blocks)
    assert HEADER_TEXT not in kept and "— 1 —" not in kept
    dropped = [f for f in comp.furniture if f.text == HEADER_TEXT]
    assert len(dropped) == pdf.pages and all(f.furniture == "running header" for f in dropped)
    numbers = [f for f in comp.furniture if f.text.startswith("—")]
    assert [f.page for f in numbers] == list(range(1, pdf.pages + 1))


def test_mixed_folder_converts_and_corpus_has_pages(made, tmp_path):
    folder = tmp_path / "issues"
    folder.mkdir()
    a, b = SAMPLES
    (folder / a.name).write_bytes(a.read_bytes())
    pdf, _ = made(b)["pdf"]
    (folder / "issue-13.pdf").write_bytes(pdf.path.read_bytes())
    doc, _ = made(a)["docx"]
    (folder / "issue-12.docx").write_bytes(doc.path.read_bytes())
    library, corpus = convert_to([folder], tmp_path / "docs")
    sources = {c["source"] for c in corpus["compilations"]} if "source" in corpus["compilations"][0] else None
    assert len(library.compilations) == 3, sources
    occurrences = [o for d in corpus["documents"] for o in d["occurrences"]]
    in_pdf = [o for o in occurrences if o["source"] == "issue-13.pdf"]
    assert in_pdf and all(o["start_page"] and o["end_page"] >= o["start_page"] for o in in_pdf)
    # the Word copy of issue 12 is the same documents as its text: merged into the same entries
    assert {o["source"] for d in corpus["documents"] for o in d["occurrences"] if o["source"] == "issue-12.docx"}
    assert all(len({o["source"] for o in d["occurrences"]} & {a.name, "issue-12.docx"}) in (0, 2)
               for d in corpus["documents"])


# --- PDF geometry on small hand-made pages ------------------------------------------------------------


def pdf_bytes(pages: list[list[tuple[float, float, str]]], size: float = 12, font: str = "STSong-Light") -> bytes:
    """A PDF whose pages hold (x, y, text) strings."""
    from reportlab.pdfgen import canvas

    from layouts import _font

    _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for page in pages:
        for x, y, text in page:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def read_pdf(tmp_path, data: bytes, name: str = "made.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    source = read_source(path)
    return list(zip(source.text.split("\n"), source.layout))


BODY = "这是正文的一行文字，用来测试版面位置的判断方法是否可靠，并且足够长"


def test_margin_lines_repeated_across_pages_are_furniture_but_body_lines_are_not(tmp_path):
    pages = [[(60, 810, "华东促进会 内部刊物"), *((60, 760 - 18 * k, BODY) for k in range(20)),
              (60, 760 - 18 * 20, "华东促进会 内部刊物"),  # the same words inside the text block: kept
              (290, 40, f"- {n} -")] for n in range(1, 4)]
    lines = read_pdf(tmp_path, pdf_bytes(pages))
    marked = {(t, p.page): p.furniture for t, p in lines}
    assert marked[("华东促进会 内部刊物", 1)] in (None, "running header")
    assert sum(1 for t, p in lines if t == "华东促进会 内部刊物" and p.furniture == "running header") == 3
    assert sum(1 for t, p in lines if t == "华东促进会 内部刊物" and p.furniture is None) == 3
    assert [p.furniture for t, p in lines if t.startswith("- ")] == ["page number"] * 3
    assert {p.page for t, p in lines} == {1, 2, 3}


def test_running_header_set_close_to_the_text_is_furniture_when_it_recurs_at_the_same_height(tmp_path):
    def body(n):  # every page's text is its own
        return [(60, 760 - 18 * k, f"{'甲乙丙丁'[n]}{k}{BODY}") for k in range(20)]
    pages = [[(60, 778, "第二章 重点任务"), *body(n)] for n in range(3)] + [[(60, 778, "第三章 保障措施"), *body(3)]]
    lines = read_pdf(tmp_path, pdf_bytes(pages))
    assert [p.furniture for t, p in lines if t.startswith("第二章")] == ["running header"] * 3
    assert [p.furniture for t, p in lines if t.startswith("第三章")] == [None]  # once: content
    assert all(p.furniture is None for t, p in lines if BODY in t)


def test_line_reaching_the_margin_runs_on_and_a_short_one_ends_the_paragraph(tmp_path):
    rows = [BODY, BODY, "短的一行。", BODY, "第二段的最后一行"]
    lines = read_pdf(tmp_path, pdf_bytes([[(60, 760 - 18 * k, t) for k, t in enumerate(rows * 3)]]))
    assert [p.full for _, p in lines[:5]] == [True, True, False, True, False]


def test_table_columns_become_tab_separated_cells(tmp_path):
    page = [(60, 700, "序号"), (120, 700, "装备类别"), (260, 700, "指标"),
            (60, 680, "1"), (120, 680, "工业机器人"), (260, 680, "平均无故障工作时间")]
    lines = read_pdf(tmp_path, pdf_bytes([page]))
    assert [t for t, _ in lines] == ["序号\t装备类别\t指标", "1\t工业机器人\t平均无故障工作时间"]
    assert all(p.full is False for _, p in lines)  # a row set in columns never runs on


def test_lookalike_radicals_read_as_ideographs(tmp_path):
    lines = read_pdf(tmp_path, pdf_bytes([[(60, 700, "实施⽅案")]]))  # U+2F45 KANGXI RADICAL SQUARE
    assert lines[0][0] == "实施方案"


def test_scanned_pdf_without_text_layer_needs_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(3):
        c.rect(50, 50, 400, 700, fill=1)  # a page image stands in for a scan: no text
        c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="OCR"):
        read_source(path)
    r = subprocess.run([sys.executable, "-m", "converter", "convert", str(path), "--out", str(tmp_path / "docs")],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "OCR" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not list((tmp_path / "docs").rglob("*.md")) and not list((tmp_path / "docs").rglob("corpus.json"))


@pytest.mark.parametrize("name, data, message", [
    ("broken.pdf", b"%PDF-1.4\nnot really a PDF\n", "cannot open the PDF"),
    ("fake.pdf", b"just text", "cannot open the PDF"),
    ("broken.docx", b"PK\x03\x04" + bytes(100), "cannot read as a Word .docx file"),
    ("old.doc", b"\xd0\xcf\x11\xe0" + bytes(100), "save it as .docx"),
    ("pdf-inside.txt", b"%PDF-1.4\n" + bytes(range(256)), "not a text file"),  # .txt stays text
])
def test_unreadable_pdf_and_word_files_are_input_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_source(path)


def test_pdf_by_content_when_the_suffix_says_nothing(tmp_path):
    lines = read_pdf(tmp_path, pdf_bytes([[(60, 700, "关于开展测试工作的通知")]]), name="issue-without-suffix")
    assert lines[0][0] == "关于开展测试工作的通知"


# --- Word structure --------------------------------------------------------------------------------------


def test_docx_structure_headings_tables_page_breaks_and_running_footer(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "政策汇编（2031年3月）总第12期"
    d.add_paragraph("关于开展测试工作的通知", style="Heading 1")
    d.add_paragraph("各有关单位：")
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([("序号", "类别", "指标"), ("1", "工业机器人", "80000")]):
        for cell, value in zip(table.rows[r].cells, row):
            cell.text = value
    frame = d.add_table(rows=1, cols=1)  # a one-cell table frames text: its paragraphs, not a row
    frame.rows[0].cells[0].text = "专栏 1 重点方向"
    frame.rows[0].cells[0].add_paragraph("一是加强协同。")
    p = d.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("第二页的正文。")
    q = d.add_paragraph("同一段落")
    q.add_run().add_break()  # a line break inside a paragraph: two lines
    q.add_run("的第二行")
    path = tmp_path / "made.docx"
    d.save(str(path))
    source = read_source(path)
    lines = list(zip(source.text.split("\n"), source.layout))
    assert source.encoding == "docx"
    assert [t for t, _ in lines] == ["关于开展测试工作的通知", "各有关单位：", "序号\t类别\t指标", "1\t工业机器人\t80000",
                                     "专栏 1 重点方向", "一是加强协同。", "第二页的正文。", "同一段落", "的第二行",
                                     "政策汇编（2031年3月）总第12期"]
    assert [p.page for _, p in lines[:-1]] == [1] * 6 + [2] * 3
    assert lines[0][1].full is False  # a heading ends where it ends
    assert lines[-1][1].furniture == "running header"


def test_docx_section_break_starts_a_page(tmp_path):
    import docx
    from docx.enum.section import WD_SECTION

    d = docx.Document()
    d.add_paragraph("第一节的段落。")
    d.add_section(WD_SECTION.CONTINUOUS)
    d.add_paragraph("同一页的段落。")
    d.add_section(WD_SECTION.NEW_PAGE)
    d.add_paragraph("下一页的段落。")
    path = tmp_path / "sections.docx"
    d.save(str(path))
    source = read_source(path)
    pages = {t: p.page for t, p in zip(source.text.split("\n"), source.layout) if t}
    assert pages == {"第一节的段落。": 1, "同一页的段落。": 1, "下一页的段落。": 2}


def test_docx_rendered_page_breaks_count_pages(tmp_path):
    """Word saves where it broke the pages (w:lastRenderedPageBreak): those give the pages."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    for k in range(3):
        p = d.add_paragraph()
        run = p.add_run()
        if k:
            run._r.append(OxmlElement("w:lastRenderedPageBreak"))
        run.add_text(f"第{k + 1}页开头的段落。")
    path = tmp_path / "rendered.docx"
    d.save(str(path))
    source = read_source(path)
    assert [p.page for p in source.layout] == [1, 2, 3]


def test_corpus_and_issue_page_of_a_pdf_carry_its_pages(made, tmp_path):
    pdf, comp = made(SAMPLES[0])["pdf"]
    _, corpus = convert_to([pdf.path], tmp_path / "docs")
    occ = {(o["start_line"], o["start_page"], o["end_page"]) for d in corpus["documents"] for o in d["occurrences"]}
    assert occ == {(d.occurrence.start_line, d.occurrence.start_page, d.occurrence.end_page) for d in comp.documents}
    issue = next((tmp_path / "docs" / "issues").glob("2031-*.md")).read_text(encoding="utf-8")
    # the page as the reader knows it: the number printed on it, else the PDF's page
    assert all(f"第 {d.occurrence.printed_page or d.occurrence.start_page} 页" in issue for d in comp.documents)
