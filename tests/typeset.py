"""A typesetter for the tests: lays a composed compilation out as associations print their 汇编, on the
grid of official documents (GB/T 9704), and says where everything went.

    from typeset import typeset
    made = typeset(composed)                  # Composed (training/records.py) → Typeset
    made.pdf, made.pages                      # the PDF's bytes and its page count
    made.start_pages[k], made.printed_pages[k]  # document k: physical page, number printed on it
    made.toc                                  # the 目录 as printed: entry text, page number, document

The layout: A4; a text block of 28 characters × 22 lines (156 × 225 mm, 37 mm from the top, 28 mm
from the left); 16 pt body text with a two-character first-line indent, every line but a paragraph's
last justified to the right margin, no closing punctuation at a line's start and no opening bracket
at its end, numbers and Latin words never cut; titles centred in 22 pt bold over two or three lines of
balanced length; a 文号 or 令 header centred under the title; signature and date right-aligned;
一、 headings in a bold sans face, （一） headings bold; a 目录 with dot leaders whose long entries wrap
onto a second line carrying the page number (numbers filled in after layout, laid out again until the
pages stand still); a running header with a rule under it; `— 7 —` footers; tables ruled on every
side; each document on a new page; a picture above a photo caption.

Fonts: `fonts="stsong"` uses reportlab's built-in CID font STSong-Light, which the PDF does not embed
(a reader substitutes a font of its machine), bold drawn by stroking the outline; `fonts="embedded"`
embeds TrueType subsets of CJK fonts found on this machine (tests/cjkfont.py; a serif regular for the
body, a serif bold for titles, a sans bold for headings).

Knobs (keyword arguments; `DEFAULTS` has them all): `footer` "dash" (— 7 — centred), "dash-outer"
(— 7 — at the outer edge, odd pages right), "plain" (7), "page-of" (第 7 页), "hyphen" (-7-),
"of-total" (7 / 32), "none"; `numbering` "body" (cover and 目录 unnumbered, the first page after them
is 1) or "physical"; `breaks` "document" (each document on a new page, section headings and labels
moving along with it), "composed" (only where an item asks for it: `Item.new_page`) or "continuous"
(straight after); `header` the running header's text ("" for none; None: publisher, title and issue),
`header_even` another one for even pages; `leader` the TOC leader character; `photo` whether a caption
gets a picture above it; `photos` the share of interpretations and news items given a photo with an
invented caption after their first paragraph; `title_lines` "balance" or "composed" (a title's lines
as its items are); `signature_indent` characters between signature and right margin. `knobs_for(c)`
gives the knobs that follow what the layout generator chose for a compilation's text; `random_knobs(n)`
a layout other than the standard one (the same for the same n).

`Typeset.lines` has every line drawn (page, left and right ends, baseline, text, item and role, face,
size, justified or not), header and footer included: the truth for a reader of the PDF, line by line.

Deterministic: the same composed and knobs give the same bytes.
"""
from __future__ import annotations

import io
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from converter.model import Role  # noqa: E402

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT = 28 * MM  # GB/T 9704: left margin 28 mm, top margin 37 mm, text block 156 × 225 mm
TOP = 37 * MM
BLOCK_W, BLOCK_H = 156 * MM, 225 * MM

DEFAULTS = {
    "chars": 28,            # characters a line
    "lines": 22,            # lines a page
    "size": 16.0,           # body size (三号)
    "title_size": 22.0,     # title size (二号)
    "table_size": 12.0,     # table cells
    "footer": "dash",
    "numbering": "body",
    "breaks": "document",
    "header": None,
    "header_even": None,    # the running header of even pages when it differs (None: the same)
    "header_rule": True,
    "leader": "…",
    "toc_indent": 1,        # characters a TOC entry's continuation line is indented
    "photo": True,
    "signature_indent": 2,
    "signature_space": 2,   # blank lines between the text and the signature
    "photos": 0.25,         # share of interpretations and news items given a photo and its caption
    "title_lines": "balance",  # "balance": a title set over balanced lines; "composed": as its items are
}

#: Captions of the photos the typesetter adds (invented).
CAPTIONS = ("图为智能制造示范工厂生产线（资料图片）", "▲ 图为政策宣讲会现场", "图为企业技术人员调试设备。本刊记者 摄",
            "图为产业园区一角（资料图片）")

#: A line never starts with these (they hang on the line before, squeezed in).
NO_START = set("，。、；：？！）》」』”’〕】…—·%‰．,.;:?!)]}")
#: ... and never ends with these (they go down with the next character).
NO_END = set("（《「『“‘〔【([{")
HEAD_ROLES = {Role.DOC_TITLE, Role.HEADLINE, Role.ORDER_HEADER, Role.DOC_NUMBER, Role.DIGEST_ENTRY}


@dataclass(frozen=True)
class TocLine:
    """One entry of the 目录 as printed."""

    text: str                     # the entry's text (its lines joined)
    page: str | None              # the number printed after the leader (None: no number)
    doc: int | None               # the document it points to
    lines: tuple[str, ...] = ()   # the entry's physical lines (the last one carries the number)
    page_index: int = 0           # physical page the entry is printed on


@dataclass(frozen=True)
class PdfLine:
    """One line of text as drawn: where, what, and the item (and role) it sets."""

    page: int
    x0: float                 # left end of its first character (points from the page's left edge)
    x1: float                 # right end of its last character's advance
    baseline: float           # points from the page's bottom edge
    text: str
    item: int | None          # index into Composed.items; None for running header, footer, added captions
    role: str                 # the item's role; "furniture" for header and footer, "caption" for a photo's
    face: str                 # body | title | sans
    size: float
    justified: bool = False   # spread to the right margin (a paragraph line that runs on)


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    start_pages: tuple[int, ...]              # per document: physical page (1-based) of its first line
    printed_pages: tuple[int | None, ...]     # per document: the number printed on that page
    end_pages: tuple[int, ...]                # per document: physical page of its last line
    toc: tuple[TocLine, ...]
    item_pages: tuple[int, ...]               # per item: physical page of its first line
    page_numbers: tuple[int | None, ...]      # per physical page: the number printed on it
    fonts: str
    knobs: dict = field(default_factory=dict)
    passes: int = 1                           # layouts made until the TOC's numbers stood still
    lines: tuple[PdfLine, ...] = ()           # every line drawn, in order, header and footer included
    photos: tuple[tuple[int, int, str], ...] = ()  # photos added: (document, page, caption)

    def printed_page(self, doc: int) -> int | None:
        return self.printed_pages[doc]


# --- fonts ---------------------------------------------------------------------------------------------


class Faces:
    """The font names to draw with and how wide a character is in each."""

    def __init__(self, mode: str, chars: set[str]):
        from reportlab.pdfbase import pdfmetrics

        self.metrics = pdfmetrics
        self.mode = mode
        if mode == "stsong":
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont

            if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
            self.names = dict.fromkeys(("body", "title", "sans"), "STSong-Light")
            self.fake_bold = {"title", "sans"}
        elif mode == "embedded":
            import cjkfont

            self.names = cjkfont.register(chars)
            self.fake_bold = set()
        else:
            raise ValueError(f"fonts must be 'embedded' or 'stsong', not {mode!r}")
        self._widths: dict = {}

    def width(self, ch: str, face: str, size: float) -> float:
        key = (ch, face)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self.metrics.stringWidth(ch, self.names[face], 1000.0) / 1000.0
        return w * size


# --- the layout ----------------------------------------------------------------------------------------


@dataclass
class Op:
    """One thing drawn on a page."""

    kind: str                 # text | line | rect | image
    x: float = 0.0
    y: float = 0.0
    text: str = ""
    face: str = "body"
    size: float = 16.0
    space: float = 0.0        # character spacing (PDF Tc) for text
    x2: float = 0.0           # line end / rect or image size
    y2: float = 0.0


@dataclass
class Page:
    ops: list = field(default_factory=list)
    furniture: bool = True    # running header and footer
    numbered: bool = True


def _share(text: str, n: int) -> int:
    """A number in [0, n) fixed by the text (a choice that does not depend on the run)."""
    import hashlib

    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % n


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%-/+_:")


class Layout:
    def __init__(self, composed, faces: Faces, knobs: dict, toc_numbers: dict[int, str]):
        self.c = composed
        self.f = faces
        self.k = knobs
        self.size = knobs["size"]
        self.width = BLOCK_W
        self.pitch = BLOCK_W / knobs["chars"]          # character grid: 15.79 pt for 16 pt type
        self.lead = BLOCK_H / knobs["lines"]           # line grid: 28.95 pt
        self.track = self.pitch - self.size            # Tc that puts 16 pt characters on the grid
        self.top = PAGE_H - TOP
        self.bottom = PAGE_H - TOP - BLOCK_H
        self.toc_numbers = toc_numbers
        self.pages: list[Page] = [Page()]
        self.y = self.top                              # top of the next line
        self.item_pages: list[int] = []
        self.item_last: list[int] = []
        self.toc: list[TocLine] = []
        self.front = front_end(composed.items)
        self.lines: list[PdfLine] = []
        share = knobs["photos"]
        self.photo_docs = {k for k, d in enumerate(composed.documents)
                           if d.kind in ("interpretation", "news") and _share(d.title, 1000) < share * 1000}
        self.current: tuple[int | None, str] = (None, "")
        self.photos: list[tuple[int, int, str]] = []

    # -- cursor
    @property
    def page(self) -> Page:
        return self.pages[-1]

    def at_top(self) -> bool:
        return self.y >= self.top - 0.01

    def new_page(self) -> None:
        if not self.page.ops and self.at_top():
            return
        self.pages.append(Page())
        self.y = self.top

    def room(self, height: float) -> None:
        if self.y - height < self.bottom - 0.5:
            self.new_page()

    def skip(self, lines: float = 1.0) -> None:
        if not self.at_top():
            self.y -= self.lead * lines
            if self.y < self.bottom + 0.5:
                self.new_page()

    def baseline(self, height: float, size: float) -> float:
        return self.y - height / 2 - size * 0.35     # the type centred in its line

    # -- measuring and breaking
    def advance(self, ch: str, face: str, size: float, track: float) -> float:
        return self.f.width(ch, face, size) + track

    def natural(self, text: str, face: str, size: float, track: float) -> float:
        """The visible width of a line set with character spacing `track` (no spacing after the last)."""
        return sum(self.f.width(ch, face, size) for ch in text) + track * max(len(text) - 1, 0)

    def breaks(self, text: str, widths: list[float], face: str, size: float, track: float) -> list[str]:
        """Cut `text` into lines no wider than widths[0], widths[1], … (the last repeats)."""
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            limit = widths[min(len(out), len(widths) - 1)] + 0.5
            w, k = 0.0, i
            while k < n:
                a = self.f.width(text[k], face, size) + (track if k > i else 0.0)
                if w + a > limit and k > i:
                    break
                w += a
                k += 1
            if k < n:
                j = k
                while j > i + 1 and _is_word(text[j - 1]) and _is_word(text[j]):
                    j -= 1                               # a number or word goes down whole
                if j > i + 1:
                    k = j
                if text[k] in NO_START:                  # closing punctuation hangs on, squeezed
                    k += 1
                    if k < n and text[k] in NO_START and text[k - 1] in "”’）》":
                        k += 1
                while k - 1 > i and text[k - 1] in NO_END:
                    k -= 1                               # an opening bracket goes down
            out.append(text[i:k])
            i = k
        return out or [""]

    def draw_line(self, text: str, face: str, size: float, x: float, align: str, width: float,
                  justify: bool, height: float | None = None, track: float | None = None) -> None:
        """One line at the cursor: left from x, centred or right-aligned in [x, x + width], or
        justified across it."""
        height = height or self.lead
        track = self.track * size / self.size if track is None else track
        nat = self.natural(text, face, size, track)
        space = track
        if justify and len(text) > 1:
            space = track + (width - nat) / (len(text) - 1)
            nat = width
        if align == "centre":
            x0 = x + (width - nat) / 2
        elif align == "right":
            x0 = x + width - nat
        else:
            x0 = x
        base = self.baseline(height, size)
        self.page.ops.append(Op("text", x0, base, text, face, size, space))
        self.lines.append(PdfLine(len(self.pages), x0, x0 + nat, base, text,
                                  self.current[0], self.current[1], face, size, justify and len(text) > 1))
        self.y -= height

    def paragraph(self, text: str, face: str = "body", size: float | None = None, indent: float = 2,
                  align: str = "", justify: bool = True, hang: float = 0.0, right: float = 0.0) -> None:
        """A paragraph: first line indented by `indent` characters, later lines by `hang`, every line
        but the last justified (when `justify` and the paragraph is not centred or right-aligned)."""
        size = size or self.size
        pitch = self.pitch * size / self.size
        track = self.track * size / self.size
        full = self.width - right * pitch
        widths = [full - indent * pitch, full - hang * pitch] if not align else [full]
        lines = self.breaks(text, widths, face, size, track)
        height = max(self.lead, size * 1.3)
        for n, line in enumerate(lines):
            self.room(height)
            if align:
                self.draw_line(line, face, size, LEFT, align, full, False, height)
            else:
                off = (indent if n == 0 else hang) * pitch
                self.draw_line(line, face, size, LEFT + off, "", full - off, justify and n < len(lines) - 1, height)

    def title(self, text: str, face: str = "title", size: float | None = None) -> None:
        """A title centred over as few lines as it needs, of balanced length."""
        size = size or self.k["title_size"]
        track = 0.0
        full = self.natural(text, face, size, track)
        count = max(1, math.ceil((full - 0.5) / self.width))
        lines = self.breaks(text, [self.width], face, size, track)
        if count > 1:
            for target in (full / count + step * size for step in range(0, 8)):
                lines = self.breaks(text, [target], face, size, track)
                if len(lines) <= count:
                    break
        height = max(self.lead, size * 1.3)
        self.room(height * min(len(lines), 2))
        for line in lines:
            self.room(height)
            self.draw_line(line, face, size, LEFT, "centre", self.width, False, height, track)

    # -- the compilation
    def mark(self) -> tuple[int, int]:
        return len(self.pages), len(self.page.ops)

    def first_page(self, mark: tuple[int, int]) -> int:
        """The page of the first thing drawn since `mark`."""
        page, ops = mark
        if len(self.pages[page - 1].ops) > ops:
            return page
        for n in range(page, len(self.pages)):
            if self.pages[n].ops:
                return n + 1
        return len(self.pages)

    def run(self) -> None:
        items = self.c.items
        breaks = page_breaks(self.c, self.k["breaks"])
        i = self._cover(items)
        prev = None
        if i:
            self.page.furniture = self.page.numbered = False
            self.new_page()
        while i < len(items):
            it = items[i]
            if i in breaks and i > 0:
                self.new_page()
            self.current = (i, str(it.role))
            j = i + 1
            if it.role == Role.TABLE_ROW:
                while j < len(items) and items[j].role == Role.TABLE_ROW and items[j].doc == it.doc:
                    j += 1
                if not self.at_top():
                    self.y -= self.lead * 0.25
                pages = self.table([x.text for x in items[i:j]], i)
                self.item_pages.extend(pages)
                self.item_last.extend(pages)
                self.y -= self.lead * 0.25
            else:
                mark = self.mark()
                if it.role in (Role.DOC_TITLE, Role.INNER_TITLE):
                    while j < len(items) and items[j].role == it.role and items[j].doc == it.doc \
                            and not items[j].starts and j not in breaks:
                        j += 1
                    if prev not in (Role.HEADLINE, Role.ORDER_HEADER, Role.ITEM_LABEL, Role.SECTION_HEADING):
                        self.skip(1)
                    self.room(self.lead * 3)
                    mark = self.mark()
                    text = "".join(x.text.strip() for x in items[i:j])
                    if it.doc is not None and self.c.documents[it.doc].kind == "digest_item":
                        self.paragraph(text, "sans", None, indent=0)   # a 速览 entry's title: a bold line
                    elif self.k["title_lines"] == "composed" and it.role == Role.DOC_TITLE:
                        for n in range(i, j):                           # the lines as composed
                            self.current = (n, str(it.role))
                            self.title(items[n].text.strip())
                    else:
                        self.title(text)
                    if it.role == Role.INNER_TITLE:
                        self.skip(1)
                else:
                    self._spacing(prev, it)
                    mark = self.mark()
                    self.item(i, it)
                    if it.role == Role.BODY and it.doc is not None and it.doc in self.photo_docs:
                        self.photo_docs.discard(it.doc)              # after the first paragraph
                        caption = CAPTIONS[_share(self.c.documents[it.doc].title, len(CAPTIONS))]
                        self.current = (None, str(Role.CAPTION))
                        self.photo()
                        self.photos.append((it.doc, len(self.pages), caption))
                        self.paragraph(caption, "body", 12.0, indent=0, align="centre")
                start = self.first_page(mark)
                self.item_pages.extend([start] * (j - i))
                self.item_last.extend([len(self.pages)] * (j - i))
            prev = items[j - 1].role
            i = j
        if len(self.pages) > 1 and not self.pages[-1].ops:
            self.pages.pop()         # a page only begun (a break at the very end)

    def _cover(self, items) -> int:
        """The cover page: every COVER item before anything else, centred down the page."""
        n = 0
        while n < len(items) and items[n].role == Role.COVER:
            n += 1
        if not n:
            return 0
        gap = 2 if n <= 9 else 1
        self.y = self.top - self.lead * (3 if n <= 9 else 0)
        for k in range(n):
            text = items[k].text.strip()
            if self.c.title and text.replace(" ", "") == self.c.title.replace(" ", ""):
                face, size = "title", 36.0
            elif k == 0:
                face, size = "sans", 22.0
            elif text.isascii():
                face, size = "body", 12.0
            else:
                face, size = "body", 16.0
            mark = self.mark()
            self.paragraph(text, face, size, indent=0, align=items[k].align or "centre")
            self.item_pages.append(self.first_page(mark))
            self.item_last.append(len(self.pages))
            if k < n - 1:
                self.y -= self.lead * (gap - 1)
        return n

    def _spacing(self, prev, it) -> None:
        role = it.role
        if prev in HEAD_ROLES and role not in HEAD_ROLES and role not in (Role.META,):
            self.skip(1)                                   # a blank line under the head
        elif role == Role.SIGNATURE and prev not in (Role.SIGNATURE, Role.DATE):
            self.skip(self.k["signature_space"])
        elif role == Role.DATE and prev not in (Role.SIGNATURE, Role.DATE):
            self.skip(1)
        elif role in (Role.SECTION_HEADING, Role.TOC_HEADING, Role.HEADLINE, Role.ORDER_HEADER) \
                and prev not in (Role.SECTION_HEADING, Role.ITEM_LABEL, Role.ORDER_HEADER, Role.HEADLINE):
            self.skip(1)
        elif role == Role.ITEM_LABEL and prev not in (Role.SECTION_HEADING,):
            self.skip(1)
        elif role == Role.ATTACHMENT and prev not in (Role.ATTACHMENT,) and prev is not None:
            self.skip(1)
        elif role == Role.DIGEST_ENTRY and prev is not None:
            self.skip(1)

    def item(self, index: int, it) -> None:
        role, text, align = it.role, it.text.strip(), it.align
        if role in (Role.TOC_HEADING, Role.TOC_ENTRY) and self.k["numbering"] == "body" and index < self.front:
            self.page.numbered = self.page.furniture = False     # the 目录 is not counted
        if role == Role.TOC_HEADING and index < self.front:
            self.title(text)
            self.skip(1)
        elif role == Role.TOC_HEADING:         # a 导读 list's heading inside the issue
            self.paragraph(text, "sans", None, indent=0, align=align)
        elif role == Role.TOC_ENTRY:
            self.toc_entry(index, it)
            if self.k["numbering"] == "body" and index < self.front:
                self.page.numbered = self.page.furniture = False  # an entry that went on to the next page
        elif role == Role.SECTION_HEADING:
            self.paragraph(text, "sans", 18.0, indent=0, align=align or "centre")
            self.skip(1)
        elif role == Role.HEADLINE:
            self.title(text, "sans", 18.0)
        elif role == Role.ORDER_HEADER:
            self.paragraph(text, "title" if "令" in text else "body", None, indent=0, align=align or "centre")
        elif role == Role.DOC_NUMBER:
            self.paragraph(text, "body", None, indent=0, align=align or "centre")
        elif role == Role.ITEM_LABEL:
            self.paragraph(text, "sans", None, indent=0, align=align)
        elif role == Role.HEADING:
            face = "sans" if it.level <= 1 else "title" if it.level == 2 else "body"
            self.paragraph(text, face, None, indent=2, align=align)
        elif role == Role.DIGEST_ENTRY:
            self.paragraph(text, "sans", None, indent=2, align=align)
        elif role in (Role.SIGNATURE, Role.DATE):
            self.paragraph(text, "body", None, indent=0, align=align or "right",
                           right=self.k["signature_indent"])
        elif role == Role.ADDRESSEE:
            self.paragraph(text, "body", None, indent=0, hang=0, align=align)
        elif role == Role.ATTACHMENT:
            self.paragraph(text, "body", None, indent=2, hang=5 if text.startswith("附件：") else 0, align=align)
        elif role == Role.CAPTION:
            if self.k["photo"]:
                self.photo()
            self.paragraph(text, "body", 12.0, indent=0, align=align or "centre")
        elif role == Role.FURNITURE:
            self.paragraph(text, "body", 12.0, indent=0, align=align, justify=False)
        elif role == Role.COVER:
            self.paragraph(text, "body", None, indent=0, align=align or "centre")
        else:  # body, meta, note, and anything new
            self.paragraph(text, "body", None, indent=2, align=align)

    def photo(self) -> None:
        height = self.lead * 7
        self.room(height + self.lead)
        w = self.width * 0.62
        self.page.ops.append(Op("image", LEFT + (self.width - w) / 2, self.y - height + 4, x2=w, y2=height - 8))
        self.y -= height

    def toc_entry(self, index: int, it) -> None:
        """Entry text, leader dots and the page number flush right; a long entry wraps, its last line
        carrying the leader and the number."""
        text = toc_text(it.text)
        number = self.toc_numbers.get(index)
        reserve = 3 * self.pitch
        indent = self.k["toc_indent"]
        widths = [self.width - reserve, self.width - reserve - indent * self.pitch]
        lines = self.breaks(text, widths, "body", self.size, self.track)
        first_page = 0
        for n, line in enumerate(lines):
            self.room(self.lead)
            first_page = first_page or len(self.pages)
            x = LEFT + (indent * self.pitch if n else 0.0)
            if n < len(lines) - 1 or number is None:
                self.draw_line(line, "body", self.size, x, "", self.width, False)
                continue
            self.draw_line(line, "body", self.size, x, "", self.width, False)
            end = x + self.natural(line, "body", self.size, self.track) + self.pitch * 0.25
            num_w = self.natural(number, "body", self.size, 0.0)
            base = self.baseline(self.lead, self.size) + self.lead  # the line just drawn
            self.page.ops.append(Op("text", LEFT + self.width - num_w, base, number, "body", self.size, 0.0))
            drawn = self.lines[-1]
            dot = self.f.width(self.k["leader"], "body", self.size)
            room = LEFT + self.width - num_w - self.pitch * 0.25 - end
            count = max(int(room // dot), 0)
            if count:
                self.page.ops.append(Op("text", LEFT + self.width - num_w - self.pitch * 0.25 - count * dot, base,
                                        self.k["leader"] * count, "body", self.size, 0.0))
            self.lines[-1] = PdfLine(drawn.page, drawn.x0, LEFT + self.width, drawn.baseline,
                                     drawn.text + self.k["leader"] * count + number, drawn.item, drawn.role,
                                     drawn.face, drawn.size)
        self.toc.append(TocLine(text, number, None, tuple(lines), first_page))

    def table(self, rows: list[str], first: int = 0) -> list[int]:
        """A table ruled on every side; cells wrap; a row that does not fit starts a new page. Returns
        the page of every row."""
        size = self.k["table_size"]
        cells = [[c.strip() for c in r.split("\t")] for r in rows]
        ncol = max(len(r) for r in cells)
        cells = [r + [""] * (ncol - len(r)) for r in cells]
        pad = 4.0
        nat = [max(self.natural(r[c], "body", size, 0.0) for r in cells) + 2 * pad for c in range(ncol)]
        floor = [min(n, 3 * size + 2 * pad) for n in nat]
        capped = [min(n, self.width * 0.6) for n in nat]
        total = sum(capped)
        widths = [max(f, c * self.width / total) for f, c in zip(floor, capped)]
        scale = self.width / sum(widths)
        widths = [w * scale for w in widths]
        line_h = size * 1.45
        pages = []
        for r, row in enumerate(cells):
            face = "sans" if r == 0 and len(cells) > 1 else "body"
            wrapped = [self.breaks(t, [w - 2 * pad], face, size, 0.0) if t else [""] for t, w in zip(row, widths)]
            height = max(len(w) for w in wrapped) * line_h + 2 * pad
            if self.y - height < self.bottom - 0.5:
                self.new_page()
            pages.append(len(self.pages))
            top = self.y
            x = LEFT
            ops = self.page.ops
            ops.append(Op("line", LEFT, top, x2=LEFT + self.width, y2=top))
            ops.append(Op("line", LEFT, top - height, x2=LEFT + self.width, y2=top - height))
            for c, (lines, w) in enumerate(zip(wrapped, widths)):
                ops.append(Op("line", x, top, x2=x, y2=top - height))
                for n, line in enumerate(lines):
                    base = top - pad - (n + 1) * line_h + size * 0.3
                    centred = r == 0 or self.natural(line, face, size, 0.0) < w * 0.3 and len(lines) == 1
                    lx = x + (w - self.natural(line, face, size, 0.0)) / 2 if centred else x + pad
                    ops.append(Op("text", lx, base, line, face, size, 0.0))
                    self.lines.append(PdfLine(len(self.pages), lx, lx + self.natural(line, face, size, 0.0), base,
                                              line, first + r, str(Role.TABLE_ROW), face, size))
                x += w
            ops.append(Op("line", LEFT + self.width, top, x2=LEFT + self.width, y2=top - height))
            self.y -= height
        return pages


def toc_text(text: str) -> str:
    """A TOC entry's text without leader dots and the page number a text version printed."""
    text = text.split("\t")[0] if "\t" in text else text
    return re.sub(r"[\s.．·…⋯—_-]*\d{0,4}\s*$", "", text).strip() or text.strip()


def front_end(items) -> int:
    """Index of the first item after the front matter (cover, 目录): the first of a document, a section
    heading or a label."""
    for i, it in enumerate(items):
        if it.doc is not None or it.role in (Role.SECTION_HEADING, Role.ITEM_LABEL):
            return i
    return len(items)


def page_breaks(composed, mode: str) -> set[int]:
    """Indexes of the items that start a page."""
    items = composed.items
    out: set[int] = set()
    front = front_end(items)
    for i, it in enumerate(items[:front]):
        if it.role == Role.TOC_HEADING and i > 0 and "导读" not in it.text:
            out.add(i)                      # the 目录 on a page of its own
    if any(it.role == Role.TOC_ENTRY for it in items[:front]) and front < len(items):
        out.add(front)
    if mode == "continuous":
        return out
    digests = {k for k, d in enumerate(composed.documents) if d.kind == "digest_item"}
    for i, it in enumerate(items):
        if it.new_page:
            out.add(i)
        if mode == "document" and it.doc is not None and (it.starts or i == 0 or items[i - 1].doc != it.doc) \
                and it.doc not in digests:
            j = i
            while j > 0 and items[j - 1].role in (Role.SECTION_HEADING, Role.ITEM_LABEL):
                j -= 1
            out.add(j)
    return out


# --- numbers and rendering -----------------------------------------------------------------------------


#: A running number or bullet before a TOC entry's title (`1. `, `（1）`, `◆ `).
ENTRY_PREFIX = re.compile(r"^(?:\d{1,3}\s*[.．、]|[（(]\d{1,3}[）)]|[◆●■▪•·])\s*")


def _squash(s: str | None) -> str:
    return re.sub(r"[\s《》〈〉“”\"'|｜　]", "", s or "")


def in_daodu(items, k: int) -> bool:
    """Whether the TOC entry at k belongs to a 导读 list (printed without page numbers)."""
    j = k
    while j >= 0 and items[j].role == Role.TOC_ENTRY:
        j -= 1
    return j >= 0 and items[j].role == Role.TOC_HEADING and "导读" in items[j].text


def toc_targets(composed) -> dict[int, int]:
    """TOC entry item → the item it points to: the first item of the document the entry names (its
    `doc` when set, else the document whose title or heading the entry's text is, the nearest in order
    after the previous one when several are alike), or the section heading it repeats. Entries of a
    导读 list point nowhere."""
    from difflib import SequenceMatcher

    items = composed.items
    docs = composed.documents
    first_item: dict[int, int] = {}
    for i, it in enumerate(items):
        if it.doc is not None and it.role not in (Role.TOC_ENTRY,):
            first_item.setdefault(it.doc, i)
    sections = {}
    for i, it in enumerate(items):
        if it.role == Role.SECTION_HEADING:
            sections.setdefault(_squash(it.text), i)
    out: dict[int, int] = {}
    last = -1
    for i, it in enumerate(items):
        if it.role != Role.TOC_ENTRY or in_daodu(items, i):
            continue
        if it.doc is not None:
            if it.doc in first_item:
                out[i] = first_item[it.doc]
                last = it.doc
            continue
        want = _squash(ENTRY_PREFIX.sub("", toc_text(it.text)))
        if not want:
            continue
        if want in sections:
            out[i] = sections[want]
            continue
        best, best_score = None, 0.0
        for k, d in enumerate(docs):
            for cand in (d.title, d.heading):
                if not cand:
                    continue
                c = _squash(cand)
                score = 1.0 if c == want else SequenceMatcher(None, want, c, autojunk=False).ratio()
                score -= 0.01 * ((k - last - 1) % max(len(docs), 1)) / max(len(docs), 1)
                if score > best_score:
                    best, best_score = k, score
        if best is not None and best_score >= 0.6 and best in first_item:
            out[i] = first_item[best]
            last = best
    return out


def _numbers(pages: list[Page], numbering: str) -> list[int | None]:
    if numbering == "physical":
        return [n + 1 if p.numbered else None for n, p in enumerate(pages)]
    out, n = [], 0
    for p in pages:
        if p.numbered:
            n += 1
            out.append(n)
        else:
            out.append(None)
    return out


def _photo_image():
    from PIL import Image

    img = Image.new("RGB", (96, 54))
    px = img.load()
    for x in range(96):
        for y in range(54):
            px[x, y] = (110 + x, 130 + y * 2, 150 + (x + y) % 60)
    return img


def render(layout: Layout, faces: Faces, numbers: list[int | None], knobs: dict, composed) -> tuple[bytes, list]:
    """The PDF, and the running header and footer lines drawn on each page."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(composed.title or "政策汇编")
    header = knobs["header"]
    if header is None:
        header = " ".join(x for x in (composed.publisher, composed.title, composed.issue) if x) or "内部资料"
    photo = None
    furniture = []
    for n, page in enumerate(layout.pages):
        text = knobs["header_even"] if knobs["header_even"] is not None and (n + 1) % 2 == 0 else header
        if page.furniture and text:
            header_text = text
            size = 10.5
            w = faces.metrics.stringWidth(header_text, faces.names["body"], size)
            y = PAGE_H - TOP + 12 * MM
            x = LEFT + (BLOCK_W - w) / 2
            _text(c, faces, Op("text", x, y, header_text, "body", size, 0.0))
            furniture.append(PdfLine(n + 1, x, x + w, y, header_text, None, "furniture", "body", size))
            if knobs["header_rule"]:
                c.setLineWidth(0.75)
                c.line(LEFT, y - 4 * MM, LEFT + BLOCK_W, y - 4 * MM)
        for op in page.ops:
            if op.kind == "text":
                _text(c, faces, op)
            elif op.kind == "line":
                c.setLineWidth(0.6)
                c.line(op.x, op.y, op.x2, op.y2)
            elif op.kind == "image":
                photo = photo or ImageReader(_photo_image())
                c.drawImage(photo, op.x, op.y, op.x2, op.y2)
        number = numbers[n]
        style = knobs["footer"]
        if number is not None and page.furniture and style != "none":
            label = {"dash": f"— {number} —", "dash-outer": f"— {number} —", "plain": str(number),
                     "page-of": f"第 {number} 页", "hyphen": f"-{number}-",
                     "of-total": f"{number} / {max(x for x in numbers if x is not None)}"}[style]
            size = 14.0
            w = faces.metrics.stringWidth(label, faces.names["body"], size)
            if style == "dash-outer":
                x = LEFT + BLOCK_W - size - w if number % 2 else LEFT + size
            else:
                x = LEFT + (BLOCK_W - w) / 2
            y = PAGE_H - TOP - BLOCK_H - 7 * MM - size
            _text(c, faces, Op("text", x, y, label, "body", size, 0.0))
            furniture.append(PdfLine(n + 1, x, x + w, y, label, None, "furniture", "body", size))
        c.showPage()
    c.save()
    return buf.getvalue(), furniture


def _text(c, faces: Faces, op: Op) -> None:
    bold = op.face in faces.fake_bold
    if bold:                            # text state outlives the text object: kept inside q … Q
        c.saveState()
        c.setLineWidth(op.size * 0.035)
    t = c.beginText(op.x, op.y)
    t.setFont(faces.names[op.face], op.size)
    t.setCharSpace(op.space)
    if bold:
        t.setTextRenderMode(2)          # fill and stroke: a bold face drawn from the regular one
    t.textOut(op.text)
    c.drawText(t)
    if bold:
        c.restoreState()


def knobs_for(composed) -> dict:
    """Typesetter knobs that follow what the layout generator chose for a compilation's text (its
    running header, its footer, whether documents start on new pages), for variety beyond the
    standard layout."""
    k = composed.knobs or {}
    footer = {"dash_em": "dash", "di": "page-of", "hyphen": "hyphen", "bare": "plain", "of_total": "of-total",
              "imprint": "dash-outer", "none": "none"}.get(k.get("footer"), "dash")
    c = composed
    header = {"none": "", "name": c.title, "name_issue": f"{c.title or ''} {c.issue or ''}".strip(),
              "publisher": c.publisher, "alternate": c.title}.get(k.get("header"))
    out = {"footer": footer, "header": header,
           "breaks": "document" if k.get("new_page", 1.0) >= 1.0 else "composed"}
    if k.get("header") == "alternate":
        out["header_even"] = f"{c.publisher or ''} {c.period or ''}".strip()
    return out


def random_knobs(seed: int) -> dict:
    """A layout other than the standard one, the same for the same seed: footer and numbering styles,
    page breaks, header, leader, indents, grid and sizes near GB/T 9704's, photos, title lines (for
    checking a reader on PDFs laid out in ways it was not written against)."""
    import random

    rng = random.Random(f"typeset:{seed}")
    return {
        "footer": rng.choice(["dash", "dash", "dash-outer", "plain", "page-of", "hyphen", "of-total", "none"]),
        "numbering": rng.choice(["body", "body", "physical"]),
        "breaks": rng.choice(["document", "document", "composed", "continuous"]),
        "header": rng.choice([None, None, "", "内部资料 注意保存"]),
        "header_rule": rng.random() < 0.8,
        "leader": rng.choice(["…", ".", "·"]),
        "toc_indent": rng.choice([0, 1, 2]),
        "signature_indent": rng.choice([2, 3, 4]),
        "signature_space": rng.choice([1, 2, 3]),
        "chars": rng.choice([26, 28, 28, 28, 30]),
        "lines": rng.choice([20, 22, 22, 24]),
        "title_size": rng.choice([20.0, 22.0, 22.0, 24.0]),
        "table_size": rng.choice([10.5, 12.0, 14.0]),
        "photos": rng.choice([0.0, 0.25, 0.5]),
        "title_lines": rng.choice(["balance", "balance", "composed"]),
    }


def _chars(composed, knobs) -> set[str]:
    chars = set("0123456789—-/ 第页目录") | set(knobs["leader"])
    for it in composed.items:
        chars |= set(it.text)
    for x in (composed.publisher, composed.title, composed.issue, composed.period, knobs.get("header"),
              knobs.get("header_even")):
        chars |= set(x or "")
    chars.discard("\t")
    return chars


def typeset(composed, fonts: str = "embedded", **knobs) -> Typeset:
    unknown = set(knobs) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown knobs: {sorted(unknown)}")
    k = {**DEFAULTS, **knobs}
    faces = Faces(fonts, _chars(composed, k))
    targets = toc_targets(composed)
    numbers_for: dict[int, str] = {i: "888" for i in targets}   # first pass: room for the numbers
    passes = 0
    while True:
        passes += 1
        layout = Layout(composed, faces, k, numbers_for)
        layout.run()
        numbers = _numbers(layout.pages, k["numbering"])
        wanted = {}
        for i, target in targets.items():
            page = layout.item_pages[target]
            wanted[i] = str(numbers[page - 1] if numbers[page - 1] is not None else page)
        if wanted == numbers_for or passes >= 4:
            break
        numbers_for = wanted
    pdf, furniture = render(layout, faces, numbers, k, composed)
    body = sorted(layout.lines + furniture, key=lambda x: (x.page, x.role != "furniture" or x.baseline < PAGE_H / 2))
    ends = _doc_pages(composed, layout.item_last, last=True)
    starts = _doc_pages(composed, layout.item_pages)
    toc = tuple(TocLine(t.text, t.page, composed.items[targets[i]].doc if i in targets else None, t.lines, t.page_index)
                for i, t in zip([i for i, it in enumerate(composed.items) if it.role == Role.TOC_ENTRY], layout.toc))
    return Typeset(pdf, len(layout.pages), tuple(starts), tuple(numbers[s - 1] if s else None for s in starts),
                   tuple(ends), toc, tuple(layout.item_pages), tuple(numbers), fonts, k, passes, tuple(body),
                   tuple(layout.photos))


def _doc_pages(composed, item_pages: list[int], last: bool = False) -> list[int]:
    out = [0] * len(composed.documents)
    for it, page in zip(composed.items, item_pages):
        if it.doc is None:
            continue
        if last:
            out[it.doc] = max(out[it.doc], page)
        elif not out[it.doc]:
            out[it.doc] = page
    return out
