"""A small GB/T 9704-style typesetter for focused PDF tests: a compilation written as styled lines
(`Styled`), laid out the way associations print their 汇编 — A4, 16 pt body on a 28-character grid
with a two-character first-line indent and justified lines, titles centred in 22 pt bold over several
balanced lines, the 文号 or 令 header centred under them, signature and date to the right, a 目录 with
dot leaders whose long entries wrap onto a line carrying the page number, a running header with a
rule under it, `— N —` footers, bordered tables, captions in a smaller size — and the same
compilation as the extracted text the converter reads (`text()`), so both can be compared.

Fonts: STSong-Light, the built-in CJK font a PDF names without embedding it (PDFium substitutes one,
or none, from the machine's fonts); bold is drawn as fill and stroke. Nothing is written but `out`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
BODY = 16.0
CHARS = 28
TEXT_W = BODY * CHARS
LEFT = (PAGE_W - TEXT_W) / 2
TOP = PAGE_H - 100.0
PITCH = 28.0
BOTTOM = 90.0
HEADER = "华东装备促进会 政策汇编"
CLOSING = "，。、；：！？）》”’"


@dataclass(frozen=True)
class Styled:
    """One logical line: its words and how it is set."""

    text: str
    kind: str = "p"  # p (body paragraph), title (centred 22 pt bold, wrapped evenly), centre, right,
    #                  heading (bold, indented), caption (centred 14 pt), toc (entry: text + page), row (cells),
    #                  left (no indent), page (start a new page), toc_heading
    page: int | None = None  # toc: the printed page
    lines: int = 1  # title: how many lines it is set over


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


def _split_even(text: str, n: int) -> list[str]:
    if "|" in text:  # explicit breaks
        return text.split("|")
    k = -(-len(text) // n)
    return [text[i:i + k] for i in range(0, len(text), k)]


def _wrap(text: str, width: float, size: float, first_indent: float, m) -> list[str]:
    out, cur, w = [], "", first_indent
    for ch in text:
        cw = m.stringWidth(ch, FONT, size)
        if cur and w + cw > width + 0.01 and ch not in CLOSING:  # closing punctuation hangs in the margin
            out.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    return out + [cur] if cur else out


def typeset(items: list[Styled], out: Path, first_printed: int = 1, numbered_from: int = 3) -> int:
    """Lay the items out into `out`; pages from `numbered_from` on get a `— N —` footer counting from
    `first_printed` and the running header. Returns the number of pages."""
    from reportlab.pdfgen import canvas

    m = _font()
    c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)
    state = {"page": 1, "y": TOP}

    def finish():
        p = state["page"]
        if p >= numbered_from:
            c.setFont(FONT, 10.5)
            c.drawString(LEFT, PAGE_H - 56, HEADER)
            c.setLineWidth(0.6)
            c.line(LEFT, PAGE_H - 62, LEFT + TEXT_W, PAGE_H - 62)
            c.setFont(FONT, 14)
            c.drawCentredString(PAGE_W / 2, 50, f"— {p - numbered_from + first_printed} —")
        c.showPage()
        state["page"] += 1
        state["y"] = TOP

    def room(h=PITCH):
        if state["y"] - h < BOTTOM:
            finish()

    def text_at(x, y, s, size=BODY, bold=False, space=0.0):
        c.saveState()  # the text state (render mode, character spacing) outlives BT … ET
        t = c.beginText(x, y)
        t.setFont(FONT, size)
        t.setCharSpace(space)
        if bold:
            t.setTextRenderMode(2)
        t.textOut(s)
        c.setLineWidth(0.3)
        c.drawText(t)
        c.restoreState()

    def justified(s, x, width, size=BODY, last=False):
        w = m.stringWidth(s, FONT, size)
        space = 0.0 if last or len(s) < 2 else (width - w) / (len(s) - 1)
        text_at(x, state["y"], s, size, space=space)

    for it in items:
        if it.kind == "page":
            if state["y"] < TOP:
                finish()
            continue
        if it.kind == "title":
            parts = _split_even(it.text, it.lines)
            room(36 * len(parts))
            for part in parts:
                text_at(PAGE_W / 2 - m.stringWidth(part, FONT, 22) / 2, state["y"], part, 22, bold=True)
                state["y"] -= 36
            state["y"] -= 8
            continue
        if it.kind in ("centre", "caption", "toc_heading"):
            size = 14 if it.kind == "caption" else (22 if it.kind == "toc_heading" else BODY)
            room()
            text_at(PAGE_W / 2 - m.stringWidth(it.text, FONT, size) / 2, state["y"], it.text, size)
            state["y"] -= PITCH
            continue
        if it.kind == "right":
            room()
            text_at(LEFT + TEXT_W - 4 * BODY - m.stringWidth(it.text, FONT, BODY), state["y"], it.text)
            state["y"] -= PITCH
            continue
        if it.kind == "toc":
            number = str(it.page)
            limit = TEXT_W - 3 * BODY
            pieces = _wrap(it.text, limit, BODY, 0.0, m)
            for k, piece in enumerate(pieces):
                room()
                x = LEFT + (2 * BODY if k else 0.0)
                text_at(x, state["y"], piece)
                if k == len(pieces) - 1:
                    start = x + m.stringWidth(piece, FONT, BODY) + 4
                    end = LEFT + TEXT_W - m.stringWidth(number, FONT, BODY) - 4
                    dots = "." * max(3, int((end - start) / m.stringWidth(".", FONT, BODY)))
                    text_at(start, state["y"], dots)
                    text_at(LEFT + TEXT_W - m.stringWidth(number, FONT, BODY), state["y"], number)
                state["y"] -= PITCH
            continue
        if it.kind == "row":
            cells = it.text.split("\t")
            height = PITCH
            room(height)
            y_top = state["y"] + BODY
            widths = [TEXT_W / len(cells)] * len(cells)
            x = LEFT
            c.setLineWidth(0.8)
            c.line(LEFT, y_top, LEFT + TEXT_W, y_top)
            c.line(LEFT, y_top - height, LEFT + TEXT_W, y_top - height)
            for cell, w in zip(cells, widths):
                c.line(x, y_top, x, y_top - height)
                text_at(x + 4, state["y"] - 2, cell, 14)
                x += w
            c.line(x, y_top, x, y_top - height)
            state["y"] -= height
            continue
        bold = it.kind == "heading"
        indent = 0.0 if it.kind == "left" else 2 * BODY
        pieces = _wrap(it.text, TEXT_W, BODY, indent, m)
        for k, piece in enumerate(pieces):
            room()
            x = LEFT + (indent if k == 0 else 0.0)
            if bold:
                text_at(x, state["y"], piece, bold=True)
            else:
                justified(piece, x, TEXT_W - (x - LEFT), last=k == len(pieces) - 1)
            state["y"] -= PITCH
    finish()
    c.save()
    return state["page"] - 1


def text(items: list[Styled]) -> str:
    """The same compilation as extracted text: one line per logical line, a TOC entry with its page."""
    out = []
    for it in items:
        if it.kind == "page":
            continue
        words = it.text.replace("|", "")
        out.append(f"{words}\t{it.page}" if it.kind == "toc" else words)
    return "\n".join(out) + "\n"
