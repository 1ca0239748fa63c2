"""Stage 0 — read: a compilation file in (plain text, PDF or Word .docx), one Source out.

    source = ingest.read_source(path)    # Source(text, layout): one line of text per physical line

Plain text is decoded by `clean.decode`. A PDF is read from its text layer (pypdfium2): characters are
grouped into lines by their baseline, lines ordered top to bottom, and every line keeps its page, whether
it reaches the right edge of the text block (then its paragraph runs on: `Placement.full`), and whether it
is page furniture by position: a running header or footer (a line in the top or bottom margin, set apart
from the text block and repeated across pages) or a page number there. A PDF without a text layer (a scan)
is refused: it needs OCR. A Word file is read in document order (python-docx): one line per paragraph,
a table row as its cells separated by tabs (the converter's table cells), pages counted from the page
breaks Word rendered (or, when it saved none, the explicit ones and section breaks); running headers and
footers are not part of the body: they are appended as furniture lines (what they say about the issue).

Why pypdfium2 (PDFium): permissive licence (Apache-2.0/BSD-3; PyMuPDF is AGPL), binary wheels, CID fonts
and CMaps built in so CJK text (Adobe-GB1, UniGB-UCS2-H) comes out as Unicode, per-character boxes for
the geometry, and 2-3 times faster than pdfplumber/pdfminer.six (pure Python) on the same files.
"""
from __future__ import annotations

import ctypes
import hashlib
import io
import math
import statistics
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import clean
from . import patterns as P
from .clean import InputError
from .records import Placement, Source

#: Suffixes read as laid-out documents; every other file is read as text (and refused when binary).
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)


def file_kind(path: Path, raw: bytes) -> str:
    """"pdf", "docx" or "text": by suffix, else by content for a file without a .txt suffix."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix != ".txt":
        if b"%PDF-" in raw[:1024]:
            return "pdf"
        if raw.startswith(b"PK\x03\x04") and _is_docx(raw):
            return "docx"
    return "text"


def read_source(path: Path) -> Source:
    """Read one input file, whatever its type, into a Source (InputError when it cannot be)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    sha = hashlib.sha256(raw).hexdigest()
    kind = file_kind(path, raw)
    if kind == "text":
        if path.suffix.lower() == ".doc":
            raise InputError(f"{path.name}: an old Word .doc file; save it as .docx (or PDF) and convert that")
        text, encoding = clean.decode(raw, path.name)
        return Source(str(path), path.name, sha, encoding, text)
    laid_out = pdf_lines(raw, path.name) if kind == "pdf" else docx_lines(raw, path.name)
    text = "\n".join(t for t, _ in laid_out)
    return Source(str(path), path.name, sha, kind, text, tuple(place for _, place in laid_out))


def _one_line(text: str) -> str:
    """No line break inside a line of laid-out text (each is one line of Source.text)."""
    return "".join(" " if c in "\r\n\v\f\x85\u2028\u2029" else c for c in text)


# --- PDF ------------------------------------------------------------------------------------------

#: Characters that PDF fonts often map to look-alike code points: Kangxi radicals (⽅ for 方), CJK
#: radicals supplement, compatibility ideographs. NFKC turns them into the ordinary ideographs.
_LOOKALIKE_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF))
#: Margin bands: a running header or footer lies within this share of the page height from its edge.
MARGIN_BAND = 0.15
#: At most this many lines at the top or bottom of a page make up its header or footer.
MARGIN_LINES = 3


@dataclass
class _Glyph:
    ch: str
    x0: float
    x1: float
    base: float  # baseline y (PDF coordinates: up is larger)
    size: float


@dataclass
class _PdfLine:
    page: int
    text: str
    x0: float
    x1: float
    base: float
    top: float  # distance of the baseline from the top edge of the page
    bottom: float  # distance of the baseline from the bottom edge
    size: float
    furniture: str | None = None


def _char(cp: int) -> str:
    ch = chr(cp)
    if any(lo <= cp <= hi for lo, hi in _LOOKALIKE_RANGES):
        return unicodedata.normalize("NFKC", ch)
    return ch


def _page_glyphs(textpage) -> list[_Glyph]:
    """The page's characters with their boxes; generated spaces/line ends and rotated text left out."""
    import pypdfium2.raw as pdfium_c

    tp = textpage.raw
    rect, ox, oy = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    unicode, generated, angle = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetCharAngle
    box, origin, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetFontSize
    glyphs: list[_Glyph] = []
    size, size_of = 1.0, -1.0  # font size, asked again only when the loose box height changes
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        cp = unicode(tp, i)
        if cp < 0x20 or 0xD800 <= cp <= 0xDFFF or cp >= 0xFFFD or cp == 0x20 and generated(tp, i) == 1:
            continue
        turn = angle(tp, i)
        if 0.05 < turn < 2 * math.pi - 0.05:
            continue  # watermarks, side notes: not part of the text block
        if not box(tp, i, rect) or not origin(tp, i, ox, oy):
            continue
        if rect.top - rect.bottom != size_of:
            size_of = rect.top - rect.bottom
            size = font_size(tp, i) or size_of or 1.0
        glyphs.append(_Glyph(_char(cp) if cp >= 0x2E80 else chr(cp), rect.left, rect.right, oy.value, size))
    return glyphs


def _group_lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs into lines: same baseline (within half a character), each line sorted left to right."""
    out: list[list[_Glyph]] = []
    low = math.inf
    for g in sorted(glyphs, key=lambda g: -g.base):
        if out and g.base >= low - 0.5 * g.size:
            out[-1].append(g)
            low = min(low, g.base)
        else:
            out.append([g])
            low = g.base
    return [sorted(line, key=lambda g: g.x0) for line in out]


def _line_text(line: list[_Glyph]) -> str:
    """A line's text: a gap wider than a space becomes one, a wide gap a tab (a table column, a TOC page)."""
    kept: list[_Glyph] = []
    for g in line:  # text drawn twice for a bold effect: keep one copy
        if kept and g.ch == kept[-1].ch and abs(g.x0 - kept[-1].x0) < 0.25 * max(kept[-1].x1 - kept[-1].x0, 0.1 * g.size):
            continue
        kept.append(g)
    gaps = [b.x0 - a.x1 for a, b in zip(kept, kept[1:]) if not a.ch.isspace() and not b.ch.isspace()]
    usual = max(0.0, statistics.median(gaps)) if gaps else 0.0  # letter spacing of a justified line
    parts: list[str] = []
    for a, b in zip([None, *kept], kept):
        if a is not None and not a.ch.isspace() and not b.ch.isspace():
            extra = b.x0 - a.x1 - usual
            size = max(a.size, b.size)
            if extra > 1.5 * size:
                parts.append("\t")
            elif extra > 0.2 * size:
                parts.append(" ")
        parts.append(b.ch)
    return "".join(parts).strip()


def _template(text: str) -> str:
    return P.DIGITS.sub("#", text.replace(" ", "").replace("\t", ""))


def _pitch(pages: list[list[_PdfLine]]) -> float:
    """The usual distance between two baselines of body text."""
    steps = [a.base - b.base for lines in pages for a, b in zip(lines, lines[1:])
             if 0.8 * a.size <= a.base - b.base <= 3 * a.size]
    return statistics.median(steps) if steps else 14.0


def _margin_zones(lines: list[_PdfLine], pitch: float) -> list[tuple[str, list[_PdfLine]]]:
    """The lines in the top and bottom margin of one page: at most MARGIN_LINES lines within the band,
    set apart from the text block by a gap clearly wider than the line pitch."""
    zones = []
    for band, seq, edge in (("header", lines, "top"), ("footer", lines[::-1], "bottom")):
        zone: list[_PdfLine] = []
        for k, line in enumerate(seq[:MARGIN_LINES]):
            if getattr(line, edge) > MARGIN_BAND * (line.top + line.bottom):
                break
            zone.append(line)
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if nxt is None or abs(line.base - nxt.base) > max(1.8 * pitch, pitch + line.size):
                zones.append((band, zone))
                break
    return zones


def _mark_furniture(pages: list[list[_PdfLine]]) -> None:
    """Mark running headers/footers (repeated on two or more pages) and page numbers in the margins."""
    pitch = _pitch(pages)
    zones = [(band, line) for lines in pages for band, zone in _margin_zones(lines, pitch) for line in zone]
    repeated = Counter((band, _template(line.text)) for band, line in zones)
    for band, line in zones:
        text = clean.normalise(line.text)
        if P.PAGE_NUMBER.match(text):
            line.furniture = "page number"
        elif repeated[band, _template(line.text)] >= 2:
            line.furniture = f"running {band}"
    # A header or footer set close to the text block: the same short line at the same height at the
    # edge of three or more pages (not a table row: a table's head repeated on every page is content).
    for band in ("header", "footer"):
        for depth in range(MARGIN_LINES):
            edge = []
            for lines in pages:
                seq = lines if band == "header" else lines[::-1]
                if len(seq) > depth + 1 and all(x.furniture for x in seq[:depth]) and not seq[depth].furniture:
                    line = seq[depth]
                    if (line.top if band == "header" else line.bottom) <= MARGIN_BAND * (line.top + line.bottom) \
                            and "\t" not in line.text and len(line.text) <= 40:
                        edge.append(line)
            spots = Counter((_template(x.text), round(x.base / 2)) for x in edge)
            for line in edge:
                if spots[_template(line.text), round(line.base / 2)] >= 3:
                    line.furniture = f"running {band}"


def _full_lines(pages: list[list[_PdfLine]]) -> dict[int, bool]:
    """id(line) → whether the line reaches the right edge of the text block (its paragraph runs on).

    The edge is the usual right end of long lines, per odd/even pages (mirrored margins); the tolerance
    follows how ragged the long lines are (1 character for justified text, at most 2.5)."""
    body = [line for lines in pages for line in lines if not line.furniture]
    out = {id(line): False for line in body if "\t" in line.text}  # set in columns: never runs on
    groups = defaultdict(list)
    for line in body:
        groups[line.page % 2].append(line)
    for group in groups.values():
        if sum(1 for line in group if "\t" not in line.text) < 8:
            group = body  # too few lines to tell this side's margin: use the whole document
        plain = [line for line in group if "\t" not in line.text]
        left = min(line.x0 for line in plain) if plain else 0.0
        right = max(line.x1 for line in plain) if plain else 0.0
        long = [line.x1 for line in plain if line.x1 - left >= 0.5 * (right - left)]
        if not long:
            continue
        edge = statistics.median_high(long)
        size = statistics.median(line.size for line in plain)
        short = sorted((edge - x1) / size for x1 in long if -0.5 <= (edge - x1) / size <= 3)
        spread = short[int(0.9 * (len(short) - 1))] if short else 0.0
        tolerance = min(2.5, max(1.0, spread + 0.5))
        for line in group:
            out.setdefault(id(line), line.x1 >= edge - tolerance * line.size)
    return out


def pdf_lines(raw: bytes, name: str) -> list[tuple[str, Placement]]:
    """The text lines of a PDF, top to bottom on every page, each with its page, fullness and furniture."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: cannot open the PDF ({exc})") from None
    try:
        pages: list[list[_PdfLine]] = []
        with_text = 0
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            height = page.get_size()[1]
            textpage = page.get_textpage()
            glyphs = _page_glyphs(textpage)
            textpage.close()
            page.close()
            with_text += any(not g.ch.isspace() for g in glyphs)
            lines = []
            for group in _group_lines(glyphs):
                text = _one_line(_line_text(group))
                if text:
                    base = statistics.median(g.base for g in group)
                    lines.append(_PdfLine(number, text, group[0].x0, group[-1].x1, base, height - base, base,
                                          statistics.median(g.size for g in group)))
            pages.append(lines)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: cannot read the PDF ({exc})") from None
    finally:
        pdf.close()
    if not pages:
        raise InputError(f"{name}: the PDF has no pages")
    if with_text == 0 or with_text < len(pages) / 2:
        raise InputError(f"{name}: no text layer on {len(pages) - with_text} of {len(pages)} pages "
                         "(a scanned PDF?): it needs OCR first (e.g. ocrmypdf), then convert the result")
    _mark_furniture(pages)
    full = _full_lines(pages)
    return [(line.text, Placement(line.page, None if line.furniture else full.get(id(line)), line.furniture))
            for lines in pages for line in lines]


# --- Word (.docx) ---------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Parts of a run that are not its text: drawings and text boxes (with their fallbacks), deleted or
#: moved-away text, field codes, footnote marks.
_SKIP = {_W + t for t in ("drawing", "pict", "object", "del", "moveFrom", "instrText", "delInstrText",
                          "footnoteReference", "endnoteReference", "commentReference", "rPr", "pPr")}
_SKIP.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent")


def _is_docx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


class _Pages:
    """The page count while walking a Word body: rendered page breaks when Word saved them, else the
    explicit ones (a page break, a paragraph set to start a page)."""

    def __init__(self, body) -> None:
        self.rendered = next(body.iter(_W + "lastRenderedPageBreak"), None) is not None
        self.page = 1
        # a section's w:type tells how it starts: a section break opens a page unless the next is continuous
        self.sections = list(body.iter(_W + "sectPr"))  # kept: lxml keeps an element's proxy (and id) while held
        self.next_starts_page = {id(a): (kind := b.find(_W + "type")) is None or kind.get(_W + "val") != "continuous"
                                 for a, b in zip(self.sections, self.sections[1:])}

    def breaks(self, el) -> bool:
        if self.rendered:
            return el.tag == _W + "lastRenderedPageBreak"
        return el.tag == _W + "br" and el.get(_W + "type") == "page"

    def before(self, p) -> None:
        """A paragraph set to start on a new page (explicit breaks only)."""
        if not self.rendered:
            ppr = p.find(_W + "pPr")
            flag = ppr.find(_W + "pageBreakBefore") if ppr is not None else None
            if flag is not None and flag.get(_W + "val", "true") not in ("0", "false", "off"):
                self.page += 1

    def after(self, p) -> None:
        """A section break that starts the next section on a new page (explicit breaks only)."""
        if not self.rendered:
            ppr = p.find(_W + "pPr")
            sect = ppr.find(_W + "sectPr") if ppr is not None else None
            if sect is not None and self.next_starts_page.get(id(sect), False):
                self.page += 1


def _runs_text(el, pages: _Pages, out: list[list]) -> None:
    """Walk a paragraph's content in order: text into the current line ([text, page]), a line break
    starts a new line, a page break counts a page."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if pages.breaks(child):
            pages.page += 1
            if not out[-1][0]:
                out[-1][1] = pages.page  # nothing on the line yet: it starts on the new page
        elif tag == _W + "t":
            out[-1][0] += child.text or ""
        elif tag in (_W + "tab", _W + "ptab"):
            out[-1][0] += "\t"
        elif tag == _W + "noBreakHyphen":
            out[-1][0] += "-"
        elif tag == _W + "br" and child.get(_W + "type") in (None, "textWrapping") or tag == _W + "cr":
            out.append(["", pages.page])
        else:
            _runs_text(child, pages, out)  # runs, hyperlinks, smart tags, inserted text, fields


def _paragraph(p, pages: _Pages, heading: bool) -> list[tuple[str, Placement]]:
    pages.before(p)
    out: list[list] = [["", pages.page]]
    _runs_text(p, pages, out)
    pages.after(p)
    lines = [(_one_line(text), Placement(page)) for text, page in out]
    if heading:  # a heading paragraph ends where it ends, whatever its words
        lines[-1] = (lines[-1][0], Placement(lines[-1][1].page, False))
    return lines


def _cell_text(tc, pages: _Pages) -> str:
    out: list[list] = [["", pages.page]]
    for p in tc.iter(_W + "p"):
        _runs_text(p, pages, out)
        out.append(["", pages.page])
    return " ".join(t.replace("\t", " ").strip() for t, _ in out if t.strip())


def _blocks(container, pages: _Pages, is_heading) -> list[tuple[str, Placement]]:
    """Paragraphs and tables of a body (or table cell) in document order."""
    out: list[tuple[str, Placement]] = []
    for el in container:
        if el.tag == _W + "p":
            out += _paragraph(el, pages, is_heading(el))
        elif el.tag == _W + "tbl":
            for tr in el.iter(_W + "tr"):
                if tr.getparent() is not el:
                    continue  # rows of a nested table: read as the text of their cell
                cells = [tc for tc in tr if tc.tag == _W + "tc"]
                if len(cells) == 1 or sum(1 for tc in cells if "".join(tc.itertext()).strip()) <= 1:
                    for tc in cells:  # a one-column table frames text (专栏 boxes): its paragraphs
                        out += _blocks(tc, pages, is_heading)
                    continue
                page = pages.page
                row = "\t".join(_cell_text(tc, pages) or " " for tc in cells)
                out.append((_one_line(row), Placement(page)))
        elif el.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            out += _blocks(el, pages, is_heading)
    return out


def docx_lines(raw: bytes, name: str) -> list[tuple[str, Placement]]:
    """The lines of a Word file's body in order, each with its page."""
    import docx
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise InputError(f"{name}: cannot read as a Word .docx file ({type(exc).__name__}: {exc})") from None
    body = document.element.body

    styles: dict[str | None, bool] = {}

    def is_heading(p) -> bool:
        """A heading or title paragraph: by its outline level, or by its style's name."""
        ppr = p.find(_W + "pPr")
        level = ppr.find(_W + "outlineLvl") if ppr is not None else None
        if level is not None and level.get(_W + "val", "9") != "9":  # 9 is body text
            return True
        ref = ppr.find(_W + "pStyle") if ppr is not None else None
        key = ref.get(_W + "val") if ref is not None else None
        if key not in styles:
            style = DocxParagraph(p, document).style
            name = (style.name or "").lower() if style is not None else ""
            styles[key] = name.startswith(("heading", "title")) or "标题" in name
        return styles[key]

    pages = _Pages(body)
    lines = _blocks(body, pages, is_heading)
    # running headers and footers live outside the body; they are kept as furniture at the end, as a
    # PDF's are, for what they say about the issue (publisher, period, 总第…期)
    seen: set[str] = set()
    for section in document.sections:
        for band, parts in (("header", (section.header, section.first_page_header, section.even_page_header)),
                            ("footer", (section.footer, section.first_page_footer, section.even_page_footer))):
            for part in parts:
                if part.is_linked_to_previous and section is not document.sections[0]:
                    continue
                for text, _ in _blocks(part._element, _Pages(part._element), lambda p: False):
                    if text.strip() and text not in seen:
                        seen.add(text)
                        lines.append((text, Placement(pages.page, None, f"running {band}")))
    return lines
