"""Read a PDF from its text layer (pypdfium2): characters are grouped into lines by their baseline,
lines ordered top to bottom, bordered tables rebuilt from their ruling lines, and every line keeps
its page and how it is set there (`Placement.look`: size and weight against the body, alignment,
indent, distance to the line before, position on the page), whether it reaches the right edge of the
text block (then its paragraph runs on: `Placement.full`), and whether it is page furniture by
position (`read.layout`). A PDF without a text layer (a scan) is refused: it needs OCR.

Geometry is the PDF's own: a character's origin (where the content stream puts it) and its advance
width from the PDF's font metrics (/W, /Widths: `FPDFFont_GetGlyphWidth`), never the glyph box of
whatever font the reading machine substitutes for a font the PDF does not embed; PDFium is given one
neutral font in place of the system's (`read.fonts`), so the same PDF reads the same on every machine.

Why pypdfium2 (PDFium): permissive licence (Apache-2.0/BSD-3; PyMuPDF is AGPL), binary wheels, CID fonts
and CMaps built in so CJK text (Adobe-GB1, UniGB-UCS2-H) comes out as Unicode, per-character origins
and the font's widths, page objects (ruling lines), and 2-3 times faster than pdfplumber/pdfminer.six.
"""
from __future__ import annotations

import ctypes
import math
import statistics
import unicodedata

from converter.errors import InputError
from converter.model import Placement
from converter.read import fonts
from converter.read.layout import Glyph, PdfLine, Rule, group_lines, lay_out, line_text, one_line, tables_from_rules

#: Characters that PDF fonts often map to look-alike code points (U+2E80–2FDF: CJK radicals supplement,
#: Kangxi radicals — ⽅ for 方; U+F900–FAFF: compatibility ideographs): NFKC turns them into the ordinary
#: ideographs (`_page_glyphs`).
#: Words in a font's name that say it is bold.
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi", "粗")
#: PDF font descriptor flag ForceBold (bit 19).
_FORCE_BOLD = 1 << 18
#: A ruling line is at most this thick (points); a longer side at least this long.
RULE_THICKNESS, RULE_LENGTH = 3.0, 8.0


def _prototype(pdfium_c, name: str, restype, *argtypes):
    """A PDFium function taking and returning plain handles (c_void_p: ints), so that a handle can be
    a dictionary key without a ctypes cast for every character."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


class _Fonts:
    """Per text object: its font, whether it is bold, whether it is turned; per font and size: the
    advance of each character (the PDF's widths)."""

    def __init__(self, pdfium_c) -> None:
        v, i, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
        self.c = pdfium_c
        self.text_object = _prototype(pdfium_c, "FPDFText_GetTextObject", v, v, i)
        self.get_font = _prototype(pdfium_c, "FPDFTextObj_GetFont", v, v)
        self.render_mode = _prototype(pdfium_c, "FPDFTextObj_GetTextRenderMode", i, v)
        self.glyph_width = _prototype(pdfium_c, "FPDFFont_GetGlyphWidth", i, v, ctypes.c_uint32, f,
                                      ctypes.POINTER(f))
        self.font_name = _prototype(pdfium_c, "FPDFFont_GetBaseFontName", ctypes.c_size_t, v, ctypes.c_char_p,
                                    ctypes.c_size_t)
        self.font_weight = _prototype(pdfium_c, "FPDFFont_GetWeight", i, v)
        self.font_flags = _prototype(pdfium_c, "FPDFFont_GetFlags", i, v)
        self.objects: dict[int, tuple] = {}
        self.fonts: dict[int, bool] = {}
        self.widths: dict[tuple, dict[int, float]] = {}
        self.width = ctypes.c_float()
        self.name = ctypes.create_string_buffer(256)

    def bold_font(self, font: int) -> bool:
        if font not in self.fonts:
            n = self.font_name(font, self.name, 256)
            name = self.name.raw[:max(0, n - 1)].decode("latin-1").lower() if n else ""
            self.fonts[font] = any(w in name for w in _BOLD_NAMES) or self.font_weight(font) >= 600 or \
                bool(self.font_flags(font) & _FORCE_BOLD)
        return self.fonts[font]

    def of(self, obj: int) -> tuple:
        """(font, bold) of a text object."""
        got = self.objects.get(obj)
        if got is None:
            font = self.get_font(obj) or 0
            bold = bool(font) and self.bold_font(font)
            bold = bold or self.render_mode(obj) == self.c.FPDF_TEXTRENDERMODE_FILL_STROKE
            got = self.objects[obj] = (font, bold)
        return got

    def advances(self, font: int, size: float) -> dict[int, float]:
        """code point → advance for one font at one size (filled as characters are met)."""
        key = (font, size)
        got = self.widths.get(key)
        if got is None:
            got = self.widths[key] = {}
        return got

    def advance(self, font: int, cp: int, size: float) -> float:
        ok = font and self.glyph_width(font, cp, size, ctypes.byref(self.width))
        w = self.width.value if ok and self.width.value > 0 else 0.0
        return w if w > 0 else (size if cp >= 0x2E80 else 0.5 * size)


def _page_glyphs(textpage, fonts_: _Fonts) -> list[Glyph]:
    """The page's characters at their origins with their advance widths; generated spaces and line
    ends and rotated text left out."""
    c = fonts_.c
    tp = textpage.raw
    ox, oy = ctypes.c_double(), ctypes.c_double()
    unicode, generated, angle = c.FPDFText_GetUnicode, c.FPDFText_IsGenerated, c.FPDFText_GetCharAngle
    origin, font_size, text_object = c.FPDFText_GetCharOrigin, c.FPDFText_GetFontSize, fonts_.text_object
    glyphs: list[Glyph] = []
    append = glyphs.append
    last_obj, size, font, bold, turned, widths = None, 1.0, 0, False, False, {}
    for i in range(c.FPDFText_CountChars(tp)):
        cp = unicode(tp, i)
        if cp < 0x20 or 0xD800 <= cp <= 0xDFFF or cp >= 0xFFFD or cp == 0x20 and generated(tp, i) == 1:
            continue
        obj = text_object(tp, i)
        if obj != last_obj:  # a text object has one font, one size, one direction
            last_obj = obj
            size = font_size(tp, i) or 1.0
            font, bold = fonts_.of(obj) if obj else (0, False)
            turn = angle(tp, i)
            turned = 0.05 < turn < 2 * math.pi - 0.05  # watermarks, side notes: not part of the text block
            widths = fonts_.advances(font, size)
        if turned or not origin(tp, i, ox, oy):
            continue
        adv = widths.get(cp)
        if adv is None:
            adv = widths[cp] = fonts_.advance(font, cp, size)
        if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
            ch = unicodedata.normalize("NFKC", chr(cp))  # look-alike radicals and compatibility ideographs
        else:
            ch = chr(cp)
        x0 = ox.value
        append(Glyph(ch, x0, x0 + adv, oy.value, size, bold))
    return glyphs


def _page_rules(page, pdfium_c) -> list[Rule]:
    """Horizontal and vertical ruling lines among the page's path objects (table borders, the rule
    under a running header): straight segments and thin rectangles."""
    c = pdfium_c
    rules: list[Rule] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.c_float(), ctypes.c_float()
    matrix = c.FS_MATRIX()
    raw = page.raw
    for k in range(c.FPDFPage_CountObjects(raw)):
        obj = c.FPDFPage_GetObject(raw, k)
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_PATH:
            continue
        if not c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        w, h = right.value - left.value, top.value - bottom.value
        if w <= RULE_THICKNESS and h >= RULE_LENGTH:
            rules.append(Rule(False, (left.value + right.value) / 2, bottom.value, top.value))
            continue
        if h <= RULE_THICKNESS and w >= RULE_LENGTH:
            rules.append(Rule(True, (bottom.value + top.value) / 2, left.value, right.value))
            continue
        if w < RULE_LENGTH or h < RULE_LENGTH:
            continue
        # a larger path: its straight segments (a cell's box drawn as a rectangle, a grid drawn in one path)
        if not c.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, b, cc, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points = []
        for s in range(c.FPDFPath_CountSegments(obj)):
            seg = c.FPDFPath_GetPathSegment(obj, s)
            if not c.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            kind = c.FPDFPathSegment_GetType(seg)
            x, y = a * px.value + cc * py.value + e, b * px.value + d * py.value + f
            if kind == c.FPDF_SEGMENT_MOVETO:
                points = [(x, y)]
                start = (x, y)
            elif kind == c.FPDF_SEGMENT_LINETO and points:
                x_prev, y_prev = points[-1]
                _segment(rules, x_prev, y_prev, x, y)
                points.append((x, y))
                if c.FPDFPathSegment_GetClose(seg):
                    _segment(rules, x, y, *start)
            else:
                points = [(x, y)] if kind != c.FPDF_SEGMENT_UNKNOWN else []
    return rules


def _segment(rules: list[Rule], x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= RULE_LENGTH:
        rules.append(Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= RULE_LENGTH:
        rules.append(Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _make_line(number: int, group: list[Glyph], width: float, height: float, cells: tuple[str, ...] = ()) -> PdfLine | None:
    text = one_line("\t".join(cells) if cells else line_text(group))
    if not text:
        return None
    base = statistics.median(g.base for g in group)
    ink = [g for g in group if not g.ch.isspace()] or group
    size = statistics.median(g.size for g in ink)
    bold = sum(1 for g in ink if g.bold) * 2 > len(ink)
    return PdfLine(number, text, min(g.x0 for g in group), max(g.x1 for g in group), base, height - base, base,
                   size, bold, width, height, cells=bool(cells))


def pdf_lines(raw: bytes, name: str) -> list[tuple[str, Placement]]:
    """The text lines of a PDF, top to bottom on every page, each with its page, how it is set,
    fullness and furniture."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    fonts.install()
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: cannot open the PDF ({exc})") from None
    fonts_ = _Fonts(pdfium_c)
    try:
        pages: list[list[PdfLine]] = []
        with_text = 0
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            width, height = page.get_size()
            textpage = page.get_textpage()
            glyphs = _page_glyphs(textpage, fonts_)
            textpage.close()
            rules = _page_rules(page, pdfium_c)
            page.close()
            fonts_.objects.clear()  # object handles are per page
            with_text += any(not g.ch.isspace() for g in glyphs)
            lines: list[PdfLine] = []
            rest, rows = tables_from_rules(glyphs, rules) if rules else (glyphs, [])
            for group in group_lines(rest):
                if (line := _make_line(number, group, width, height)) is not None:
                    lines.append(line)
            for group, cells in rows:
                if (line := _make_line(number, group, width, height, cells)) is not None:
                    lines.append(line)
            lines.sort(key=lambda line: -line.base)
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
    return lay_out(pages)
