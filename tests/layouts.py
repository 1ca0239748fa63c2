"""Make a PDF and a Word file from a text compilation, as the publisher would have printed it, and
compare what the converter finds in each with what it finds in the text.

Used by tests/test_pdf_docx.py; also a script for development:
    python tests/layouts.py            # agreement figures and PDF speed for the sample and the seeds
    python tests/layouts.py -v 001     # and every difference for seed 001
    python tests/layouts.py --generated 8 --segmenter crf   # the generator's texts (8 per family), the model

The PDF: A4, the built-in CJK font STSong-Light (not embedded), long lines wrapped at the page measure
(38 characters, or the measure of a hard-wrapped text), tab-separated rows as table columns and TOC
page numbers set flush right, a running header and a page number on every page, and the text's own
footers (page numbers, imprint) in the bottom margin where the text says a page ended. The Word file:
one paragraph per line, rows of three or more cells as tables, a page break where the text's pages
end, running header and footer (with a PAGE field) in the section. Nothing is written but into `out`.
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from converter.read import read_source  # noqa: E402
from converter.stages import clean  # noqa: E402
from converter.pipeline import convert_file  # noqa: E402

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0  # A4
LEFT, TOP, BOTTOM = 60.0, 80.0, 90.0  # text block margins
TEXT_W = PAGE_W - 2 * LEFT
HEADER_TEXT = "内部资料 注意保存"
MEASURE = 38  # characters a line in a generated PDF
FOOTERS = ("page number", "imprint footer", "running title")  # what ends a page in a text (clean.lines)


@dataclass
class Page:
    """The lines of the text that one page of the text holds, and the footer lines that closed it."""

    lines: list = field(default_factory=list)  # (line number, raw text)
    footer: list = field(default_factory=list)


def text_pages(path: Path) -> tuple[list[Page], float | None]:
    """The text's content lines per page (as the converter counts pages) and its measure."""
    lines = clean.lines(read_source(path))
    content = [line for line in lines if line.text and not line.furniture]
    pages = [Page()]
    in_footer = False
    for line in lines:
        if not line.text:
            continue
        raw = line.raw.replace("\r", "").rstrip()
        if line.furniture in FOOTERS:
            pages[-1].footer.append(raw.strip())
            in_footer = True
            continue
        if in_footer:
            pages.append(Page())
            in_footer = False
        pages[-1].lines.append((line.number, raw))
    return pages, clean.wrap_width(content)


# --- PDF -------------------------------------------------------------------------------------------


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


def _wrap(text: str, limit: float, size: float, metrics) -> list[str]:
    """Cut a line into pieces no wider than `limit` points, as a typesetter would: CJK text wraps between
    any two characters, but a number or a Latin word is not cut, and a line's end (a TOC leader and page
    number, say) is never left alone on the last line."""
    out, cur, w = [], "", 0.0
    for ch in text:
        cw = metrics.stringWidth(ch, FONT, size)
        if cur and w + cw > limit:
            k = len(cur)
            while k > 0 and cur[k - 1].isascii() and cur[k - 1].isalnum() and ch.isascii() and ch.isalnum():
                k -= 1  # back to the start of the word or number
            k = k or len(cur)
            out.append(cur[:k])
            cur = cur[k:]
            w = metrics.stringWidth(cur, FONT, size)
        cur += ch
        w += cw
    while out and out[-1] and cur and re.fullmatch(r"[\s\d.．…·]*", cur):
        cur = out[-1][-1] + cur  # take words along with the leader and the page number
        out[-1] = out[-1][:-1]
    return out + [cur] if cur else out or [""]


@dataclass
class PdfMade:
    path: Path
    pages: int
    first_page: dict  # text line number → PDF page of its first piece
    last_page: dict  # text line number → PDF page of its last piece


def make_pdf(src: Path, out: Path) -> PdfMade:
    from reportlab.pdfgen import canvas

    metrics = _font()
    pages, measure = text_pages(src)
    chars = max(MEASURE, int(measure + 4) if measure else MEASURE)
    size = min(12.0, TEXT_W / chars)
    pitch = 1.5 * size
    limit = chars * size
    c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)
    state = {"page": 1, "y": PAGE_H - TOP}
    first, last = {}, {}

    def finish(footer: list[str]) -> None:
        c.setFont(FONT, 9)
        c.drawString(LEFT, PAGE_H - 40, HEADER_TEXT)
        y = 34.0 + 12 * len(footer)
        for text in footer:  # the text's own footer lines, above the generated page number
            c.drawCentredString(PAGE_W / 2, y, text)
            y -= 12
        c.drawCentredString(PAGE_W / 2, 34, f"— {state['page']} —")
        c.showPage()
        state["page"] += 1
        state["y"] = PAGE_H - TOP

    def room() -> None:
        if state["y"] < BOTTOM:
            finish([])

    def draw(number: int, raw: str) -> None:
        cells = raw.split("\t")
        if len(cells) == 2 and re.fullmatch(r"\s*\d{1,4}\s*", cells[1]):  # TOC entry: page number flush right
            pieces = _wrap(cells[0], limit - 3 * size, size, metrics)
            for k, piece in enumerate(pieces):
                room()
                first.setdefault(number, state["page"])
                c.setFont(FONT, size)
                c.drawString(LEFT, state["y"], piece)
                if k == len(pieces) - 1:
                    c.drawRightString(LEFT + limit, state["y"], cells[1].strip())
                last[number] = state["page"]
                state["y"] -= pitch
            return
        if len(cells) > 1:  # a table row: cells two characters apart, smaller type when too wide
            cells = [x.strip() for x in cells]
            widths = [metrics.stringWidth(x, FONT, size) for x in cells]
            total = sum(widths) + 2 * size * (len(cells) - 1)
            scale = min(1.0, limit / total)
            room()
            first.setdefault(number, state["page"])
            c.setFont(FONT, size * scale)
            x = LEFT
            for cell, w in zip(cells, widths):
                c.drawString(x, state["y"], cell)
                x += (w + 2 * size) * scale
            last[number] = state["page"]
            state["y"] -= pitch
            return
        for piece in _wrap(raw, limit, size, metrics):
            room()
            first.setdefault(number, state["page"])
            c.setFont(FONT, size)
            c.drawString(LEFT, state["y"], piece)
            last[number] = state["page"]
            state["y"] -= pitch

    for k, page in enumerate(pages):
        for number, raw in page.lines:
            draw(number, raw)
        if page.footer or k == len(pages) - 1:
            finish(page.footer)
    c.save()
    return PdfMade(out, state["page"] - 1, first, last)


# --- Word ------------------------------------------------------------------------------------------


def _page_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


@dataclass
class DocxMade:
    path: Path
    page: dict  # text line number → page (counted from the page breaks)


def make_docx(src: Path, out: Path) -> DocxMade:
    import docx
    from docx.enum.text import WD_BREAK

    pages, _ = text_pages(src)
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER_TEXT
    texts = list(dict.fromkeys(t for p in pages for t in p.footer if not re.fullmatch(r"[\d\s\-—–]+", t)))
    footers = [section.footer]
    if len(texts) > 1:  # two running footers in the text: odd and even pages
        document.settings.odd_and_even_pages_header_footer = True
        footers.append(section.even_page_footer)
    for part, text in zip(footers, texts or [""]):
        footer = part.paragraphs[0]
        footer.text = f"{text} " if text else ""
        _page_field(footer)
    where: dict[int, int] = {}
    pending_break = False
    table, table_cols = None, 0
    for n, page in enumerate(pages, start=1):
        for number, raw in page.lines:
            where[number] = n
            cells = [x.strip() for x in raw.split("\t")]
            if len(cells) >= 3 and not pending_break:
                if table is None or table_cols != len(cells):
                    table, table_cols = document.add_table(rows=0, cols=len(cells)), len(cells)
                row = table.add_row()
                for cell, value in zip(row.cells, cells):
                    cell.text = value
                continue
            table = None
            p = document.add_paragraph()
            if pending_break:
                p.add_run().add_break(WD_BREAK.PAGE)
                pending_break = False
            p.add_run(raw.strip() if len(cells) == 1 else "\t".join(cells))
        pending_break = bool(page.footer) or pending_break
    document.save(str(out))
    return DocxMade(out, where)


# --- comparison ------------------------------------------------------------------------------------


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def key(d) -> tuple:
    """What must agree between the text and a PDF/Word version of one compilation."""
    return squash(d.title), squash(d.doc_number), d.date, d.kind, d.issuers


@dataclass
class Agreement:
    name: str
    text_docs: int
    found: int
    equal: dict  # field → documents equal (titles, 文号, dates, kinds, issuers), aligned in order
    same: bool  # the whole list of (title, 文号, date, kind, issuers) is equal
    diffs: list
    pages_right: int = 0  # documents whose start and end page are where the generator drew them
    page_errors: list = field(default_factory=list)


def check_pages(ag: Agreement, text_comp, comp, first: dict, last: dict) -> None:
    """A document's start_page/end_page must be the page where the generator drew the first line of
    its title / its last line (text line numbers → pages, from the generator)."""
    for t, d in zip(text_comp.documents, comp.documents):
        want = (first[t.occurrence.start_line], last[t.occurrence.end_line])
        got = (d.occurrence.start_page, d.occurrence.end_page)
        if got == want:
            ag.pages_right += 1
        else:
            ag.page_errors.append((squash(t.title)[:30], "want", want, "got", got))


FIELDS = ("title", "doc_number", "date", "kind", "issuers")


def agreement(name: str, text_comp, other_comp) -> Agreement:
    from difflib import SequenceMatcher

    a = [key(d) for d in text_comp.documents]
    b = [key(d) for d in other_comp.documents]
    equal = dict.fromkeys(FIELDS, 0)
    diffs = []
    sm = SequenceMatcher(None, [x[0] for x in a], [x[0] for x in b], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for x, y in zip(a[i1:i2], b[j1:j2]):
                for k, f in enumerate(FIELDS):
                    equal[f] += x[k] == y[k]
                if x != y:
                    diffs.append(("differs", x, y))
        else:
            diffs += [("only in text", x, None) for x in a[i1:i2]] + [("only in " + name, None, y) for y in b[j1:j2]]
    return Agreement(name, len(a), len(b), equal, a == b, diffs)


def main(argv: list[str]) -> None:
    import tempfile

    from conftest import SAMPLE, SEEDS

    from converter.stages.segment import labeller

    verbose = "-v" in argv
    seg = labeller.choice(argv[argv.index("--segmenter") + 1]) if "--segmenter" in argv else labeller.DEFAULT
    generated = int(argv[argv.index("--generated") + 1]) if "--generated" in argv else 0
    values = {argv[k + 1] for k, a in enumerate(argv[:-1]) if a in ("--segmenter", "--generated")}
    only = [a for a in argv if not a.startswith("-") and a not in values]
    files = sorted(SAMPLE.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() and not generated else [])
    pages = seconds = 0.0
    same = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        if generated:   # the layout generator's texts instead of the seeds: `family-seed.txt`
            from training import documents, generate, render_text

            docs = documents.load_all()
            for family in generate.families():
                for n in range(1, generated + 1):
                    path = Path(tmp) / f"{family}-{n}.txt"
                    path.write_text(render_text.render(generate.compose(docs, family, n))[0], encoding="utf-8")
                    files.append(path)
        for src in files:
            if only and not any(src.name.startswith(o) for o in only):
                continue
            text = convert_file(src, seg)
            pdf = make_pdf(src, Path(tmp) / (src.stem + ".pdf"))
            t0 = time.perf_counter()
            read_source(pdf.path)
            seconds += time.perf_counter() - t0
            pages += pdf.pages
            doc = make_docx(src, Path(tmp) / (src.stem + ".docx"))
            for name, comp, first, last in (("pdf", convert_file(pdf.path, seg), pdf.first_page, pdf.last_page),
                                             ("docx", convert_file(doc.path, seg), doc.page, doc.page)):
                ag = agreement(name, text, comp)
                check_pages(ag, text, comp, first, last)
                total += 1
                same += ag.same and not ag.page_errors
                figures = " ".join(f"{f} {ag.equal[f]}/{ag.text_docs}" for f in FIELDS)
                print(f"{src.name[:24]:24} {name:4} documents {ag.found}/{ag.text_docs} {figures}"
                      f" pages right {ag.pages_right}/{ag.text_docs}" + (f" ({pdf.pages} pages)" if name == "pdf" else ""))
                if verbose:
                    for d in ag.diffs + ag.page_errors:
                        print("    ", d)
    print(f"same documents and pages as the text: {same} of {total} files")
    if seconds:
        print(f"PDF reading: {pages:.0f} pages in {seconds:.2f} s = {pages / seconds:.0f} pages/s")


if __name__ == "__main__":
    main(sys.argv[1:])
