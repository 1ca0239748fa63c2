"""Read a PDF from its text layer (pypdfium2): characters are grouped into lines by their baseline,
lines ordered top to bottom, and every line keeps its page, whether it reaches the right edge of the
text block (then its paragraph runs on: `Placement.full`), and whether it is page furniture by
position: a running header or footer (a line in the top or bottom margin, set apart from the text
block and repeated across pages) or a page number there. A PDF without a text layer (a scan) is
refused: it needs OCR.

Why pypdfium2 (PDFium): permissive licence (Apache-2.0/BSD-3; PyMuPDF is AGPL), binary wheels, CID fonts
and CMaps built in so CJK text (Adobe-GB1, UniGB-UCS2-H) comes out as Unicode, per-character boxes for
the geometry, and 2-3 times faster than pdfplumber/pdfminer.six (pure Python) on the same files.
"""
from __future__ import annotations

import ctypes
import math
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from converter.errors import InputError
from converter.model import Placement
from converter.read.layout import one_line
from converter.text.chars import normalise
from converter.vocab import patterns as P

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
        text = normalise(line.text)
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
                text = one_line(_line_text(group))
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
