"""Read a Word .docx file in document order (python-docx): one line per paragraph, a table row as its
cells separated by tabs (the converter's table cells), pages counted from the page breaks Word rendered
(or, when it saved none, the explicit ones and section breaks); running headers and footers are not
part of the body: they are appended as furniture lines (what they say about the issue).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import replace

from converter.errors import InputError
from converter.model import Align, Look, Placement
from converter.read.layout import one_line

#: Word's paragraph alignments (w:jc) as the line's alignment.
_ALIGN = {"center": Align.CENTRE, "right": Align.RIGHT, "end": Align.RIGHT, "both": Align.JUSTIFIED,
          "distribute": Align.JUSTIFIED, "left": Align.LEFT, "start": Align.LEFT}
#: Heading style names: `Heading 2`, `标题 2`, `Title`.
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Parts of a run that are not its text: drawings and text boxes (with their fallbacks), deleted or
#: moved-away text, field codes, footnote marks.
_SKIP = {_W + t for t in ("drawing", "pict", "object", "del", "moveFrom", "instrText", "delInstrText",
                          "footnoteReference", "endnoteReference", "commentReference", "rPr", "pPr")}
_SKIP.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent")


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


def _paragraph(p, pages: _Pages, heading: bool, look=None) -> list[tuple[str, Placement]]:
    before = pages.page
    pages.before(p)
    out: list[list] = [["", pages.page]]
    _runs_text(p, pages, out)
    pages.after(p)
    seen = look(p) if look else None
    lines = []
    for k, (text, page) in enumerate(out):
        line_look = replace(seen, page_break=page != before and k == 0 or k > 0 and page != out[k - 1][1]) \
            if seen else None
        lines.append((one_line(text), Placement(page, look=line_look)))
    if heading:  # a heading paragraph ends where it ends, whatever its words
        lines[-1] = (lines[-1][0], replace(lines[-1][1], full=False))
    return lines


def _cell_text(tc, pages: _Pages) -> str:
    out: list[list] = [["", pages.page]]
    for p in tc.iter(_W + "p"):
        _runs_text(p, pages, out)
        out.append(["", pages.page])
    return " ".join(t.replace("\t", " ").strip() for t, _ in out if t.strip())


def _blocks(container, pages: _Pages, is_heading, look=None) -> list[tuple[str, Placement]]:
    """Paragraphs and tables of a body (or table cell) in document order."""
    out: list[tuple[str, Placement]] = []
    for el in container:
        if el.tag == _W + "p":
            out += _paragraph(el, pages, is_heading(el), look)
        elif el.tag == _W + "tbl":
            for tr in el.iter(_W + "tr"):
                if tr.getparent() is not el:
                    continue  # rows of a nested table: read as the text of their cell
                cells = [tc for tc in tr if tc.tag == _W + "tc"]
                if len(cells) == 1 or sum(1 for tc in cells if "".join(tc.itertext()).strip()) <= 1:
                    for tc in cells:  # a one-column table frames text (专栏 boxes): its paragraphs
                        out += _blocks(tc, pages, is_heading, look)
                    continue
                page = pages.page
                row = "\t".join(_cell_text(tc, pages) or " " for tc in cells)
                out.append((one_line(row), Placement(page)))
        elif el.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            out += _blocks(el, pages, is_heading, look)
    return out


class _Looks:
    """A paragraph's style as the line fields a PDF's geometry gives: size (points here, relative to
    the body once all are read), bold, alignment, indent, first-line indent, style and heading level."""

    def __init__(self, document, paragraph_class) -> None:
        self.document = document
        self.paragraph_class = paragraph_class
        self.styles: dict = {}

    def _style(self, style) -> dict:
        """What a paragraph style says, its base styles filling what it leaves open."""
        key = style.style_id if style is not None else None
        if key in self.styles:
            return self.styles[key]
        got = {"align": None, "bold": None, "size": None, "first": None, "left": None, "name": None, "level": None}
        chain, seen = [], set()
        while style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            chain.append(style)
            style = style.base_style
        for st in chain:
            pf, font = st.paragraph_format, st.font
            got["name"] = got["name"] or st.name
            if got["align"] is None and pf.alignment is not None:
                got["align"] = pf.alignment
            if got["bold"] is None and font.bold is not None:
                got["bold"] = font.bold
            if got["size"] is None and font.size is not None:
                got["size"] = font.size.pt
            if got["first"] is None and pf.first_line_indent is not None:
                got["first"] = pf.first_line_indent.pt
            if got["left"] is None and pf.left_indent is not None:
                got["left"] = pf.left_indent.pt
        name = (chain[0].name if chain else "") or ""
        if name.lower() == "title":
            got["level"] = 0
        elif m := _HEADING_STYLE.match(name):
            got["level"] = int(m.group(1))
        self.styles[key] = got
        return got

    def of(self, p) -> Look:
        para = self.paragraph_class(p, self.document)
        st = self._style(para.style)
        pf = para.paragraph_format
        ppr = p.find(_W + "pPr")
        jc = ppr.find(_W + "jc") if ppr is not None else None
        if jc is not None:
            align = _ALIGN.get(jc.get(_W + "val", ""), Align.LEFT)
        else:
            align = {1: Align.CENTRE, 2: Align.RIGHT, 3: Align.JUSTIFIED}.get(int(st["align"] or 0), Align.LEFT)
        runs = [r for r in para.runs if r.text.strip()]
        chars = sum(len(r.text) for r in runs) or 1
        bold_chars = sum(len(r.text) for r in runs if (r.bold if r.bold is not None else st["bold"]))
        sizes = Counter()
        for r in runs:
            sizes[r.font.size.pt if r.font.size is not None else (st["size"] or 0.0)] += len(r.text)
        size = sizes.most_common(1)[0][0] if sizes else (st["size"] or 0.0)
        first = pf.first_line_indent.pt if pf.first_line_indent is not None else st["first"]
        ind = ppr.find(_W + "ind") if ppr is not None else None
        first_chars = ind.get(_W + "firstLineChars") if ind is not None else None
        left = pf.left_indent.pt if pf.left_indent is not None else st["left"]
        level = st["level"]
        outline = ppr.find(_W + "outlineLvl") if ppr is not None else None
        if level is None and outline is not None and outline.get(_W + "val", "9") != "9":
            level = int(outline.get(_W + "val")) + 1
        indented = bool(first_chars and int(first_chars) > 0 or first and first > 0)
        return Look(size=size, bold=bold_chars * 2 > chars, align=align,
                    indent=round((left or 0.0) / max(size, 1.0), 2), first_indent=indented and align != Align.CENTRE,
                    style=st["name"], heading_level=level)

    def relative(self, lines: list[tuple[str, Placement]]) -> list[tuple[str, Placement]]:
        """Sizes in points → relative to the body (the size most characters are set in)."""
        sizes = Counter()
        for text, place in lines:
            if place.look is not None and place.look.size:
                sizes[place.look.size] += len(text)
        body = sizes.most_common(1)[0][0] if sizes else 0.0
        out = []
        for text, place in lines:
            look = place.look
            if look is not None:
                look = replace(look, size=round(look.size / body, 3) if body and look.size else 1.0,
                               indent=round(look.indent * look.size / body, 2) if body and look.size else look.indent)
                place = replace(place, look=look)
            out.append((text, place))
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

    looks = _Looks(document, DocxParagraph)
    pages = _Pages(body)
    lines = looks.relative(_blocks(body, pages, is_heading, looks.of))
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
