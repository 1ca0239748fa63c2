"""Stage 1 — clean: a Source in (converter.read), normalised lines and rejoined paragraphs out.

`lines` normalises every physical line and marks page furniture; `paragraphs` rejoins hard-wrapped
lines and sentences cut by a page break.
"""
from __future__ import annotations

import statistics
from collections import Counter

from converter.model import Line, Paragraph, Source
from converter.text.chars import ends_terminal, glue, normalise, unbalanced, width
from converter.vocab import patterns as P


# --- lines -------------------------------------------------------------------------------------------


def furniture_reason(text: str, template_count: int, positioned: bool = False) -> str | None:
    """Why a normalised line is page furniture, or None.

    `positioned`: the input's layout has already told running headers by where they sit (PDF), so a
    line inside the text block is not one merely because similar lines recur (TOC lines, table rows)."""
    if P.PAGE_NUMBER.match(text):
        return "page number"
    if P.STRAY_URL.match(text):
        return "stray link"
    if P.IMPRINT_FOOTER.match(text) and template_count >= 2:
        return "imprint footer"
    if P.RUNNING_TITLE.match(text) and (template_count >= 2 or P.ISSUE_NO.search(text)):
        return "running title"
    if P.EDITOR_CREDIT.match(text):
        return "editor credit"
    if not positioned and template_count >= 3 and P.DIGITS.search(text) and len(text) <= 40 and not P.DATE_LINE.match(text) \
            and not P.DOC_NUMBER.search(text) and not _is_heading(text):
        return "running header"
    return None


def _is_heading(text: str) -> bool:
    return bool(P.H1_CN.match(text) or P.H2_CN.match(text) or P.H3_NUM.match(text) or P.H4_NUM.match(text))


def _template(text: str) -> str:
    return P.DIGITS.sub("#", text.replace(" ", ""))


def lines(source: Source) -> tuple[Line, ...]:
    """Every physical line with text, normalised, with furniture marked and pages counted.

    Blank lines (nothing left once normalised) are left out: no stage reads them, and they are half
    the lines of a text extracted from PDF. A PDF or Word source brings its pages and the furniture
    found by position (`Source.layout`); the text rules below still mark what lies inside the text
    block (stray links, editor credits)."""
    physical = source.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    kept = [(number, raw, text) for number, raw in enumerate(physical, start=1) if raw and (text := normalise(raw))]
    shapes = [_template(text) for _, _, text in kept]
    templates = Counter(shapes)
    if source.layout:
        layout = source.layout
        return tuple(
            Line(source.name, number, (place := layout[number - 1]).page, raw, text,
                 place.furniture or furniture_reason(text, templates[shape], True), place.full)
            for (number, raw, text), shape in zip(kept, shapes))
    out: list[Line] = []
    page, in_footer = 1, False
    for (number, raw, text), shape in zip(kept, shapes):
        reason = furniture_reason(text, templates[shape])
        out.append(Line(source.name, number, page, raw, text, reason))
        footer = reason in _FOOTERS
        if footer and not in_footer:  # a footer group (imprint + page number) ends a page
            page += 1
        in_footer = footer
    return tuple(out)


_FOOTERS = ("page number", "imprint footer", "running title")


# --- paragraphs ----------------------------------------------------------------------------------------


def wrap_width(content: list[Line]) -> float | None:
    """The line width of a hard-wrapped file, or None when lines are paragraphs.

    In a hard-wrapped file most long lines have (almost) the same width: the page's measure."""
    widths = [w for w in map(width, [line.text for line in content]) if w >= 15]
    if len(widths) < 20:
        return None
    common = statistics.median_high(widths)
    near = sum(1 for w in widths if abs(w - common) <= 2.5)
    return common if near >= 0.5 * len(widths) else None


def _starts_block(text: str) -> bool:
    """A line that starts a new paragraph whatever came before it."""
    return bool(
        _is_heading(text)
        or P.DATE_LINE.match(text)
        or P.DOC_NUMBER_LINE.match(text)
        or P.QA_TURN.match(text)
        or P.ATTACHMENT.match(text) and len(text) < 30
        or P.COLUMN_BOX.match(text) and len(text) < 40
        or P.DIGEST_ENTRY.match(text)
        or P.INTERPRETATION_HEAD.match(text)
        or P.PUBLICATION_NOTE.match(text)
        or P.EDITOR_NOTE.match(text)
        or P.SIGNATURE_DATE_LINE.match(text)
        or text.startswith("——")
        or "\t" in text
    )


def _pure_heading(text: str) -> bool:
    """A heading line (一、 （一） 解读 | …) with no full stop: it never runs on into the next line."""
    return bool((_is_heading(text) or P.INTERPRETATION_HEAD.match(text)) and "。" not in text)


def _complete_title(text: str) -> bool:
    """A line that reads as a whole document title (ends with a 文种 word or 答记者问, no full stop)."""
    return width(text) <= 110 and "。" not in text and bool(P.TITLE_END.search(text) or P.PRESS_QA.search(text))


def _whole_title(text: str) -> bool:
    """A complete title: `…的通知`, or a headline quoting one (`国务院印发《…》`, `解读 | 《…》`); prose that
    merely ends on a quoted title (`按照《…的通知》`) is not one."""
    return _complete_title(text) and (not text.endswith("》") or bool(
        P.COMPILER_HEADLINE.match(text) or P.INTERPRETATION_HEAD.match(text)))


def _closed_by_bracket(text: str) -> bool:
    """`…（牵头部门负责）`: a paragraph that ends with a balanced closing bracket is complete."""
    return text.endswith(("）", ")")) and text.count("（") + text.count("(") == text.count("）") + text.count(")")


def _joins(prev: str, nxt: str, measure: float | None, last: str | None = None, full: bool | None = None) -> bool:
    """Does `nxt` continue the paragraph `prev` (whose last physical line is `last`) ends?

    `full`: whether that last line reaches the right margin, when the input's layout tells (PDF)."""
    if full is not None and nxt.count("\t") == 1 and nxt.rsplit("\t", 1)[1].isdigit():
        nxt = nxt.split("\t")[0]  # a TOC title's last line, its page number set flush right: may run on
    if ends_terminal(prev) or _starts_block(nxt) or "\t" in prev:
        return False
    if unbalanced(prev) and not P.EDITOR_NOTE.match(nxt):
        return True  # the wrap cannot fall after an opening 《 or “ that the line does not close
    if full is not None:  # position, not width: a line that stops short of the margin ends its paragraph;
        # a full line ends it too when what came so far reads as a whole heading or title; a short line
        # inside an open bracket (a centred note over two lines) does not
        open_bracket = prev.count("（") + prev.count("(") > prev.count("）") + prev.count(")")
        return (full or open_bracket) and not (_pure_heading(prev) or _whole_title(prev))
    if measure is not None:
        return width(last if last is not None else prev) >= measure - 2.5
    # one paragraph per line: a line cut by a page break is prose without terminal punctuation
    if _pure_heading(prev) or _closed_by_bracket(prev) or _complete_title(nxt):
        return False
    return bool(P.PROSE_PUNCT.search(prev)) and width(prev) >= 20


def content_lines(all_lines: tuple[Line, ...]) -> list[Line]:
    """The lines paragraphs are made of: blank and furniture lines skipped."""
    return [line for line in all_lines if line.text and not line.furniture]


def paragraphs(all_lines: tuple[Line, ...], measure: float | None | bool = False) -> tuple[Paragraph, ...]:
    """Rejoin content lines into paragraphs. `measure`: the file's `wrap_width`, when known."""
    content = content_lines(all_lines)
    if measure is False:
        measure = wrap_width(content)
    out: list[Paragraph] = []
    last, full = "", None  # the last physical line of the paragraph being built: its width tells a wrap
    for line in content:
        joins = out and _joins(out[-1].text, line.text, measure, last, full)
        last, full = line.text, line.full
        if joins:
            prev = out[-1]
            out[-1] = Paragraph(glue(prev.text, line.text), prev.lines + (line.number,), prev.page,
                                line.page if line.page != prev.page else None)
        else:
            out.append(Paragraph(line.text, (line.number,), line.page))
    return tuple(out)
