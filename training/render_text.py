"""A composed compilation as the plain text a PDF text extraction gives, with the truth of every line.

    text, lines = render(composed)      # lines[k].text == text.split("\\n")[k]
    pages = paginate(composed)          # item index → the page its first line is on

Every physical line gets the role of the item it comes from (a paragraph wrapped over five lines is
five BODY lines); furniture the renderer inserts (running headers, page numbers, an imprint line)
and blank lines are FURNITURE lines outside every document (doc None, item None).

The knobs read here (see families.yaml): wrap, page_lines, cut_paragraphs, header, footer, blank and
toc. Where a page break falls is decided by counting lines: a page holds `page_lines` lines of the
measure (`wrap`, or 38 characters for one-paragraph-per-line text, where a paragraph counts the lines
it would take); a break falls inside a paragraph, cutting its sentence, when hard wraps or
`cut_paragraphs` allow it, never inside a document's head, and a document's head is kept on the page
of its first lines of text.
"""
from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass

from converter.model import Role
from training.records import Composed, Item, LabelledLine

#: Characters a line may not begin with (a typesetter keeps them on the line before).
NO_LINE_START = set("，。、；：？！）》〕】”’」』…%")
#: The measure of a one-paragraph-per-line text, for counting how much of a page a paragraph takes.
MEASURE = 38
#: What a wrap never cuts: a run of Latin letters and digits (2024, GPT-4), else one character.
UNBREAKABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%-]*|.", re.S)
#: Lines set in a larger size than the text (they wrap at `title_wrap` when the text is hard-wrapped).
TITLE_LIKE = {Role.DOC_TITLE, Role.HEADLINE, Role.ORDER_HEADER, Role.SECTION_HEADING}
#: Lines never printed last on a page: they belong with what follows.
KEEP_WITH_NEXT = {Role.SECTION_HEADING, Role.ITEM_LABEL, Role.TOC_HEADING}
#: A digit run next to a CJK character (where an extraction puts spaces: `2031 年 5 月`).
DIGITS_BY_CJK = re.compile(r"(?<=[\u3400-\u9fff])\d+|\d+(?=[\u3400-\u9fff])")
#: Roles of a document's head: no page break falls among them.
HEAD = {Role.ORDER_HEADER, Role.HEADLINE, Role.DOC_TITLE, Role.DOC_NUMBER, Role.META}


def width(text: str) -> float:
    """The width of a text in characters of the measure (a CJK / full-width character 1, others ½)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def wrap(text: str, limit: int) -> list[str]:
    """Cut a logical line into physical lines no wider than `limit` characters (closing punctuation
    kept on the line before)."""
    if limit <= 0 or width(text) <= limit:
        return [text]
    out, cur, w = [], "", 0.0
    for c in UNBREAKABLE.findall(text):
        cw = width(c)
        if w + cw > limit and cur and (c[0] not in NO_LINE_START or w >= limit + 1):
            out.append(cur)
            cur, w = "", 0.0
        cur += c
        w += cw
    if cur:
        out.append(cur)
    return out


def safe_cut(text: str, at: int) -> int:
    """`at` moved back so that the cut falls neither inside a run of Latin letters and digits nor
    before a closing mark."""
    while 0 < at < len(text) and (text[at] in NO_LINE_START or text[at - 1].isascii() and text[at - 1].isalnum()
                                   and text[at].isascii() and text[at].isalnum()):
        at -= 1
    return at


def page_number(style: str, page: int, total: int, rng: random.Random) -> list[str]:
    if style == "dash_em":
        return [f"— {page} —"]
    if style == "di":
        return [f"第{page}页" if rng.random() < 0.5 else f"第 {page} 页"]
    if style == "hyphen":
        return [f"-{page}-" if rng.random() < 0.5 else f"- {page} -"]
    if style == "bare":
        return [str(page)]
    if style == "of_total":
        return [f"{page} / {total}" if rng.random() < 0.5 else f"第 {page} 页 共 {total} 页"]
    return []


def toc_lines(item: Item, style: str, limit: int) -> list[str]:
    """A TOC entry with its page number in the family's style."""
    page = str(item.level or 99)
    title = item.text
    measure = limit or MEASURE
    if style == "wrapped" or (style in ("dots", "middots") and width(title) > measure - 4):
        first, rest = _cut_title(title, measure)
        leader = "……" if style != "middots" else "·····"
        return [first, f"{rest}{leader}{page}"] if rest else [f"{first}{leader}{page}"]
    if style == "dots":
        n = max(2, int(measure - width(title) - 2))
        return [f"{title}{'…' * n}{page}"]
    if style == "middots":
        n = max(3, int(measure - width(title) - 2))
        return [f"{title}{'·' * n}{page}"]
    if style == "tabs":
        return [f"{title}\t{page}"]
    if style == "glued":
        return [f"{title}{page}"]
    if style == "spaces":
        return [f"{title}    {page}"]
    return [title]


def _cut_title(title: str, measure: int) -> tuple[str, str]:
    """An entry cut over two lines: the first as long as the measure allows (at least half the title)."""
    if width(title) <= measure - 6:
        cut = max(4, len(title) * 2 // 3)
    else:
        cut = len(wrap(title, measure - 2)[0])
    cut = safe_cut(title, cut) or cut
    return title[:cut], title[cut:]


@dataclass
class _Line:
    text: str
    role: Role
    doc: int | None
    starts: bool
    item: int | None
    page: int


class _Pages:
    """Lines laid out on pages, with the running header at the top and the footer at the bottom of
    every page after the cover."""

    def __init__(self, composed: Composed, total: int):
        self.k = composed.knobs
        self.c = composed
        self.rng = random.Random(f"render:{composed.family}:{composed.seed}")
        self.total = total
        self.lines: list[_Line] = []
        self.page = 1
        self.used = 0                   # lines of the measure on this page
        self.capacity = self.k["page_lines"]
        self.cover_page = self.k["cover"] != "none"
        self.started = {}               # item index → page
        self._header()

    # furniture
    def _furniture(self, text: str) -> None:
        self.lines.append(_Line(text, Role.FURNITURE, None, False, None, self.page))

    def _header(self) -> None:
        if self.cover_page and self.page == 1:
            return
        h, c = self.k["header"], self.c
        text = {"none": None, "name": c.title, "name_issue": f"{c.title}（{c.period}）{c.issue}",
                "publisher": c.publisher, "internal": "内部资料　注意保存",
                "alternate": c.title if self.page % 2 else f"{c.publisher}　{c.period}"}.get(h)
        if text:
            self._furniture(text)
            if self.k["blank"] == "all":
                self._furniture("")

    def _footer(self) -> None:
        if self.cover_page and self.page == 1:
            return
        style = self.k["footer"]
        if style == "imprint":
            self._furniture(str(self.page))
            self._furniture(f"{self.c.publisher} 编")
        else:
            for t in page_number(style, self.page, self.total, self.rng):
                self._furniture(t)

    def new_page(self) -> None:
        self._footer()
        self.page += 1
        self.used = 0
        self._header()

    @property
    def room(self) -> float:
        return self.capacity - self.used

    # content
    def extracted(self, text: str, item: Item) -> str:
        """The line as a PDF text extraction may give it: centred lines led by spaces, spaces around
        digits next to CJK (`2031 年 5 月`) and a trailing space."""
        if self.k["centre_indent"] and item.align == "centre":
            text = " " * self.rng.randint(2, 10) + text
        if self.k["pdf_spaces"] and self.rng.random() < self.k["pdf_spaces"]:
            text = DIGITS_BY_CJK.sub(lambda m: f" {m.group()} ", text).replace("  ", " ") + " "
        return text

    def add(self, text: str, item_no: int, item: Item, first: bool) -> None:
        text = self.extracted(text, item)
        self.lines.append(_Line(text, item.role, item.doc, item.starts and first, item_no, self.page))
        if first:
            self.started.setdefault(item_no, self.page)
        if self.k["blank"] == "all":
            self._furniture("")


def _cost(text: str, wrap_width: int) -> float:
    return 1.0 if wrap_width else max(1.0, math.ceil(width(text) / MEASURE))


def _head_cost(items, k: int, wrap_width: int) -> float:
    """Lines taken by the head of the document starting at item k, and two lines of its text."""
    cost, j = 0.0, k
    while j < len(items) and items[j].doc == items[k].doc and (items[j].role in HEAD or j == k):
        cost += len(wrap(items[j].text, wrap_width)) if wrap_width else _cost(items[j].text, 0)
        j += 1
    return cost + 2


def _layout(composed: Composed, total: int) -> _Pages:
    k = composed.knobs
    wrap_width = int(k["wrap"] or 0)
    pages = _Pages(composed, total)
    items = composed.items
    front_roles = {Role.COVER, Role.TOC_HEADING, Role.TOC_ENTRY}
    in_front = True
    for n, item in enumerate(items):
        # the first page of the documents after the cover / TOC
        if in_front and item.role not in front_roles:
            in_front = False
            if n > 0:
                pages.new_page()
        if item.new_page and pages.used and n > 0:
            pages.new_page()
        elif item.starts and pages.used and pages.room < _head_cost(items, n, wrap_width):
            pages.new_page()
        elif item.role in KEEP_WITH_NEXT and pages.used and pages.room < 4:
            pages.new_page()
        if k["blank"] == "items" and pages.lines and pages.lines[-1].text != "" and n > 0:
            pages._furniture("")
        if item.role is Role.TOC_ENTRY and not _daodu(items, n):
            pieces = toc_lines(item, k["toc"], wrap_width)
            if wrap_width:
                pieces = [p for piece in pieces for p in wrap(piece, wrap_width)]
        elif item.role in TITLE_LIKE and k["title_wrap"] and wrap_width and not (
                item.role is Role.ORDER_HEADER and item.align != "centre"):  # (a publication sentence: text)
            pieces = wrap(item.text, min(int(k["title_wrap"]), wrap_width))    # set in a larger size
        else:
            pieces = wrap(item.text, wrap_width)
        breakable = item.role not in HEAD and not item.starts
        first = True
        for piece in pieces:
            cost = _cost(piece, wrap_width)
            if breakable and pages.room < cost and pages.used:
                if not wrap_width and k["cut_paragraphs"] and item.role is Role.BODY and pages.room >= 1:
                    # the page ends inside this paragraph: the extraction cuts it there
                    at = safe_cut(piece, int(pages.room * MEASURE))
                    if 4 < at < len(piece) - 2:
                        pages.add(piece[:at], n, item, first)
                        first = False
                        pages.new_page()
                        piece = piece[at:]
                        cost = _cost(piece, 0)
                    else:
                        pages.new_page()
                else:
                    pages.new_page()
            pages.add(piece, n, item, first)
            first = False
            pages.used += cost
            # a long paragraph of unwrapped text may run over a whole page
            while pages.used > pages.capacity and breakable:
                over = pages.used - pages.capacity
                pages.new_page()
                pages.used = over
    pages._footer()
    return pages


def _daodu(items, n: int) -> bool:
    j = n
    while j >= 0 and items[j].role is Role.TOC_ENTRY:
        j -= 1
    return j >= 0 and items[j].role is Role.TOC_HEADING and "导读" in items[j].text


def _total_pages(composed: Composed) -> int:
    return _layout(composed, 0).page


def paginate(composed: Composed) -> dict[int, int]:
    """Item index → the page its first line is printed on."""
    return _layout(composed, 0).started


def render(composed: Composed) -> tuple[str, list[LabelledLine]]:
    """The text (lines joined by \\n, ending with one) and one LabelledLine per physical line."""
    total = _total_pages(composed) if composed.knobs["footer"] == "of_total" else 0
    pages = _layout(composed, total)
    lines = pages.lines
    while lines and lines[-1].text == "":
        lines.pop()
    out = [LabelledLine(number=k, text=l.text, role=l.role, doc=l.doc, starts=l.starts, item=l.item, page=l.page)
           for k, l in enumerate(lines, 1)]
    return "\n".join(l.text for l in out) + "\n", out
