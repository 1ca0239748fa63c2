"""Stage 1 — clean: a Source in (converter.read), normalised lines and rejoined paragraphs out.

`lines` normalises every physical line and marks page furniture; `paragraphs` rejoins hard-wrapped
lines and sentences cut by a page break.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import replace

from converter.model import Align, Line, Look, Paragraph, Source
from converter.text.chars import ends_terminal, glue, normalise, unbalanced, width
from converter.text import scan
from converter.text.numerals import cn_number
from converter.text.titles import ends_title, is_interpretation_heading, title_like
from converter.vocab import patterns as P


def removed_characters(text: str) -> tuple[tuple[str, int], ...]:
    """What `normalise` removes that the conversion report shows: bidirectional controls (never
    accidental) and other control characters (NUL, escape codes…), counted over a whole text."""
    bidi = len(P.BIDI_CONTROL.findall(text))
    other = len(P.INVISIBLE_CONTROL.findall(text)) - bidi - text.count("\f")   # a form feed is a page break
    return tuple((what, n) for what, n in (("bidi control", bidi), ("control character", other)) if n)


# --- lines -------------------------------------------------------------------------------------------


def furniture_reason(text: str, template_count: int, positioned: bool = False) -> str | None:
    """Why a normalised line is page furniture by its own shape, or None (running headers, which
    need their neighbours, are told in `lines`).

    `positioned` is kept for the laid-out readers' callers: their layout tells headers by position."""
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
    return None


#: How many lines after its heading a 目录 may run (where a bare number can be an entry's page).
TOC_REACH = 120
#: A repeated line is a running header only where it stands at a page break: within this many lines
#: of a page number, a footer or a form feed.
PAGE_BREAK_REACH = 2
#: ... and only when it stands at two page breaks at least.
HEADER_REPEATS = 2


def keeps_content(text: str) -> bool:
    """A line furniture removal must never take, however often its shape recurs: one the segmenter
    could take as a title (`关于公布第2批…名单的通知`, `解读之一 | …`), one that carries a 文号, or an item's
    kind label (`【政策动态】` at the top of each page an item starts on: it tells the segmenter a title follows), or a
    速览 entry's source note (`（源自：某某部）`: at the foot of two pages in a PDF it is still the entry's last line)."""
    return bool(title_like(text) and (ends_title(text) or "关于" in text or is_interpretation_heading(text))
                or P.DOC_NUMBER_TAIL.search(text) or P.ANNOUNCEMENT_NUMBER.search(text) or P.ITEM_KIND_LABEL.match(text)
                or P.DIGEST_SOURCE.match(text))


def header_shaped(text: str, template_count: int) -> bool:
    """Shaped like a running header (`中国重型机械工业协会 2024年第6期`): short, with a number, recurring
    with only its numbers changed, and not a date, heading or content line (`keeps_content`)."""
    return (template_count >= 3 and len(text) <= 40 and bool(P.DIGITS.search(text)) and not P.DATE_LINE.match(text)
            and not _is_heading(text) and not keeps_content(text))


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
        return _stray_link_tails([
            Line(source.name, number, (place := layout[number - 1]).page, raw, text,
                 place.furniture or furniture_reason(text, templates[shape], True), place.full, place.look,
                 place.printed)
            for (number, raw, text), shape in zip(kept, shapes)])
    reasons = [furniture_reason(text, templates[shape]) for (_, _, text), shape in zip(kept, shapes)]
    toc_at = next((i for i, (_, _, text) in enumerate(kept[:80]) if P.TOC_HEADING.match(text)), None)
    for i in range(1, len(kept) - 1):  # a TOC entry's page number wrapped onto a line of its own
        if reasons[i] == "page number" and reasons[i - 1] is None and P.DIGITS.fullmatch(kept[i][2]) and (
                reasons[i + 1] == "page number"  # `…答记者问` / `13` / `第 2 页`: the page's own number is the second
                or toc_at is not None and toc_at < i <= toc_at + TOC_REACH and reasons[i + 1] is None
                and not kept[i - 1][2][-1].isdigit()):  # in the TOC, under an entry that has no number
            reasons[i] = None
    for i in _running_headers(kept, shapes, templates, reasons):
        reasons[i] = "running header"
    pages: list[int] = []
    printed: dict[int, int] = {}  # page → the number its footer prints
    page, in_footer = 1, False
    for (_, _, text), reason in zip(kept, reasons):
        pages.append(page)
        if reason in _FOOTERS and (n := printed_number(text, reason)) is not None:
            printed.setdefault(page, n)
        footer = reason in _FOOTERS
        if footer and not in_footer:  # a footer group (imprint + page number) ends a page
            page += 1
        in_footer = footer
    printed = infer_printed(printed, set(pages))
    return tuple(Line(source.name, number, page, raw, text, reason, printed_page=printed.get(page))
                 for (number, raw, text), reason, page in zip(kept, reasons, pages))


def _stray_link_tails(laid: list[Line]) -> tuple[Line, ...]:
    """The lines, with the tail of a stray link that runs to the margin (`file:///…/推荐表.` / `wps`: the
    PDF wrapped it; URL_TAIL) marked as the link is: a text prints the link on one line, furniture whole."""
    for i in range(1, len(laid)):
        before, line = laid[i - 1], laid[i]
        if before.furniture == "stray link" and before.full and line.furniture is None and P.URL_TAIL.match(line.text):
            laid[i] = replace(line, furniture="stray link")
    return tuple(laid)


def infer_printed(found: dict[int, int], pages: set[int]) -> dict[int, int]:
    """Page → printed page number: the numbers found, and for a page without one the number its
    neighbours imply when the pages before and after it agree on the offset (a page whose footer is
    a photo, a full-page table)."""
    out = dict(found)
    known = sorted(found)
    for p in sorted(pages - set(found)):
        before = max((k for k in known if k < p), default=None)
        after = min((k for k in known if k > p), default=None)
        if before is not None and after is not None and found[before] - before == found[after] - after \
                and p + found[before] - before >= 1:
            out[p] = p + found[before] - before
    return out


def printed_number(text: str, reason: str | None) -> int | None:
    """The page number a footer line prints (`— 7 —`, `第 7 页`, `中国…协会 编 7`), else None."""
    if reason == "page number":
        return int(P.DIGITS.search(text).group())
    if reason in ("imprint footer", "running title") and (m := P.TRAILING_PAGE_NUMBER.search(text)):
        return int(m["n"])
    return None


def _running_headers(kept, shapes, templates, reasons) -> list[int]:
    """Indexes (into `kept`) of header-shaped lines that stand at page breaks, for the shapes that do
    so at HEADER_REPEATS breaks or more. A page break is a footer line (page number, imprint, running
    title) or a form feed the PDF extraction left at the start of a page."""
    breaks = [reason in _FOOTERS or "\f" in raw for (_, raw, _), reason in zip(kept, reasons)]
    at_break: dict[str, list[int]] = {}
    for i, ((_, _, text), shape) in enumerate(zip(kept, shapes)):
        if reasons[i] is None and header_shaped(text, templates[shape]) and \
                any(breaks[max(0, i - PAGE_BREAK_REACH):i] + breaks[i + 1:i + 1 + PAGE_BREAK_REACH]):
            at_break.setdefault(shape, []).append(i)
    return sorted(i for found in at_break.values() if len(found) >= HEADER_REPEATS for i in found)


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
        or P.DIGEST_SOURCE.match(text)  # `（源自：工业和信息化部）` closing a 速览 entry: a note, never a line's tail
        or P.INTERPRETATION_HEAD.match(text)
        or P.PUBLICATION_NOTE.match(text)
        or P.EDITOR_NOTE.match(text)
        or P.SIGNATURE_DATE_LINE.match(text)
        or text.startswith("——")
        or "\t" in text
        or P.BRACKET_LABEL.match(text)  # `【政策动态】` on a line of its own labels what follows it
        or P.BULLET.match(text)  # `◆ X`: an entry of a list
        or P.SECTION_HEADING.match(text)  # `政策速览`: an issue's section heading on a line of its own
        or P.META_FIELD.match(text) and not text.endswith("。")  # `来源：省政府网站` under an item's title
    )


def _pure_heading(text: str) -> bool:
    """A heading line (一、 （一） 解读 | …) with no full stop: it never runs on into the next line."""
    return bool((_is_heading(text) or P.INTERPRETATION_HEAD.match(text)) and "。" not in text)


def _complete_title(text: str) -> bool:
    """A line that reads as a whole document title (ends with a 文种 word or 答记者问, no full stop)."""
    return width(text) <= 110 and "。" not in text and bool(P.TITLE_END.search(text) or P.PRESS_QA.search(text))


def _title_opening(text: str) -> bool:
    """The first line of a title cut by the line's end: `X关于…`, `关于…` or who speaks on what
    (`司法部、生态环境部负责人 就《碳排放权` + `交易管理暂行条例》答记者问`), with no clause punctuation."""
    return bool(P.NEW_TITLE_START.match(text) or P.SPEAKER_OPENING.match(text)) and not P.PROSE_PUNCT.search(text) \
        and not ends_terminal(text)


def _whole_title(text: str) -> bool:
    """A complete title: `…的通知`, or a headline quoting one (`国务院印发《…》`, `解读 | 《…》`); prose that
    merely ends on a quoted title (`按照《…的通知》`) is not one."""
    return _complete_title(text) and (not text.endswith("》") or bool(
        P.COMPILER_HEADLINE.match(text) or P.INTERPRETATION_HEAD.match(text)))


def _headline_over_lead(prev: str, nxt: str) -> bool:
    """A news headline as wide as the measure (`某省启动某某示范单位创建 覆盖六类场所`: no 文种 ending, no clause
    punctuation) over a news report's first words (`记者从…获悉`, `新华社北京5月3日电`: NEWS_LEAD): a lead opens a
    report, it never continues a line, so the headline ends there."""
    return bool(P.NEWS_LEAD.match(nxt)) and title_like(prev) and not P.PROSE_PUNCT.search(prev)


def _closed_by_bracket(text: str) -> bool:
    """`…（牵头部门负责）`: a paragraph that ends with a balanced closing bracket is complete."""
    return text.endswith(("）", ")")) and text.count("（") + text.count("(") == text.count("）") + text.count(")")


def _joins(prev: str, nxt: str, measure: float | None, last: str | None = None, full: bool | None = None,
           last_width: float | None = None) -> bool:
    """Does `nxt` continue the paragraph `prev` (whose last physical line is `last`) ends?

    `full`: whether that last line reaches the right margin, when the input's layout tells (PDF);
    `last_width`: how wide that line stood in its file (`_physical_width`), when known."""
    if full is not None and nxt.count("\t") == 1 and nxt.rsplit("\t", 1)[1].isdigit():
        nxt = nxt.split("\t")[0]  # a TOC title's last line, its page number set flush right: may run on
    if ends_terminal(prev) or _starts_block(nxt) or "\t" in prev or scan.search(P.TOC_LEADER_END, prev):
        return False  # (a TOC entry ends at its leader and page number)
    if P.LEADING_CLOSER.match(nxt):
        return True  # `…的通知》` + `。该通知提出…`: the wrap fell before the stop
    if unbalanced(prev) and not P.EDITOR_NOTE.match(nxt):
        return True  # the wrap cannot fall after an opening 《 or “ that the line does not close
    if full is not None:  # position, not width: a line that stops short of the margin ends its paragraph;
        # a full line ends it too when what came so far reads as a whole heading or title; a short line
        # inside an open bracket (a centred note over two lines) does not
        open_bracket = prev.count("（") + prev.count("(") > prev.count("）") + prev.count(")")
        # (a numbered heading as wide as the line was cut by it: `3.开展…——…工作小组` / `联合办公室负责人就《…》答记者问`;
        # not when a field line stands under it: `5.【…】《…》国务院政策例行吹风会` + `来源：…`)
        cut_item = full and P.ITEM_NUMBER.match(prev) and not P.META_FIELD.match(nxt)
        return (full or open_bracket) and not (_pure_heading(prev) and not cut_item or _whole_title(prev))
    if measure is not None:  # a full line runs on, unless what came so far is a whole title (`…答记者问`)
        if last_width is None:
            last_width = width(last if last is not None else prev)
        return last_width >= measure - 2.5 \
            and not (_whole_title(prev) and not P.PROSE_PUNCT.search(prev)) \
            and not _headline_over_lead(prev, nxt) \
            and not P.TOC_PAGE_AFTER_TITLE.search(last if last is not None else prev)  # `…的通知3`: a TOC entry
    # one paragraph per line: a line cut by a page break is prose without terminal punctuation; a line
    # that opens a title (`某某人民政府关于同意…`, no clause punctuation) is none
    if _pure_heading(prev) or _closed_by_bracket(prev) or _complete_title(nxt) or _title_opening(nxt):
        return False
    # (or a promulgation notice begun: `《X》已经…国务院第22次常` + `务会议通过，现予公布…`)
    return bool(P.PROSE_PUNCT.search(prev) or P.PROMULGATION_OPENING.match(prev)) and width(prev) >= 20


#: Lines of one title set over several lines: the same size (within this share of the body's) and
#: baselines at most this many body line pitches apart.
TITLE_SIZE_MATCH, TITLE_GAP = 0.06, 2.2
#: A TOC entry's first line, wrapped, stops at most this many characters short of the right margin
#: (the room kept for the leader and the page number).
TOC_WRAP_SHORT = 6.0
#: How far (in body characters) the second line of a bulleted list entry hangs in under its first.
LIST_HANG = (0.5, 2.5)
#: A title line ending in one of these ends the title (a colon or a comma inside a title runs on).
TITLE_STOPS = ("。", "！", "？", "；", "!", "?", ";")


def _title_look(look: Look) -> bool:
    """Set as a title is: centred, larger than the body or bold."""
    return look.align == Align.CENTRE and (look.size >= 1.1 or look.bold)


#: A line whose margins differ by at most this many body characters stands in the middle of the line:
#: centred, even where its left margin is the paragraph indent (a title line two characters short on
#: each side reads as an indented first line).
CENTRE_SLACK = 0.2


def _title_line_under(a: Look, b: Look) -> bool:
    """Is `b` a line of the title set as `a` is: a title look, or as wide on its left as on its right
    (centred, read as indented) in the same size and weight as the title line `a`?"""
    return _title_look(b) or _title_look(a) and b.indent is not None and b.short is not None \
        and b.indent >= LIST_HANG[0] and abs(b.indent - b.short) <= CENTRE_SLACK \
        and abs(a.size - b.size) <= TITLE_SIZE_MATCH and a.bold == b.bold


#: A line opening with this many characters of the paragraph's own beginning starts it again (a title
#: printed twice, `国务院关于规范…` under `国务院关于规范…的规定`), rather than continuing it.
AGAIN_MIN = 4


def _starts_again(para: str, nxt: str) -> bool:
    return len(nxt) >= AGAIN_MIN and para.startswith(nxt[:max(AGAIN_MIN, len(nxt) // 2)])


def _joins_by_look(prev: str, nxt: str, a: Look, b: Look) -> bool | None:
    """What the layout says about `nxt` continuing the paragraph whose last line is set as `a`:
    True or False when it tells, None when the words must decide (`_joins`).

    Centred title lines of one size run on (`国务院办公厅关于` / `印发…的` / `通知`), except into a
    文号 or 令 number under them, or into a line that opens with the paragraph's own first words (the title
    printed again), or after an issue's section heading (`政策速览`); a line indented as the body's first lines start, or set apart
    (centred, to the right) from a line that is not, starts a paragraph."""
    if _title_look(a) and _title_line_under(a, b) and abs(a.size - b.size) <= TITLE_SIZE_MATCH and a.bold == b.bold \
            and not b.page_break and (b.gap or 0) <= TITLE_GAP * max(1.0, a.size) and not prev.endswith(TITLE_STOPS) \
            and not P.DOC_NUMBER_LINE.match(nxt) and not P.ORDER_NUMBER_LINE.match(nxt) \
            and not P.ORDER_HEADER_LINE.match(prev) and not _starts_again(prev, nxt) \
            and not P.SECTION_HEADING.match(prev):
        return True  # (`政策速览` over its `（2031年6—12月）` in the same type: a heading of its own, as in a text)
    if a.align == Align.CENTRE and b.align == Align.CENTRE and (b.gap or 0) <= TITLE_GAP and not ends_terminal(prev) \
            and abs(a.size - b.size) <= TITLE_SIZE_MATCH and a.bold == b.bold and unbalanced(prev):
        return True  # a centred note in brackets over two lines
    if P.TOC_LEADER_END.search(prev) or P.TOC_LEADER_END.search(nxt) and P.TOC_ENTRY.match(prev) \
            and b.short is not None and not ends_terminal(prev):
        return False  # a TOC entry's last line: its dot leader (or, on a full line, none) and page number
    if P.TOC_LEADER_END.search(nxt) and a.align == Align.LEFT and a.short is not None and a.short <= TOC_WRAP_SHORT and a.size == b.size \
            and not ends_terminal(prev) and not _starts_block(nxt):
        return True  # a TOC title wrapped before its leader: the page number is on the next line
    if (P.BULLET.match(prev) or P.ITEM_NUMBER.match(prev)) and not ends_terminal(prev) \
            and a.align == b.align == Align.LEFT and abs(a.size - b.size) <= TITLE_SIZE_MATCH \
            and not P.BULLET.match(nxt) and not P.ITEM_NUMBER.match(nxt) \
            and not b.first_indent and LIST_HANG[0] <= b.indent <= LIST_HANG[1]:
        return True  # `◆ 工业和信息化部…就开展中小企业` / ` 数字化转型…答记者问`, `1.国务院办公厅关于…的` /
        #              `  通知`: a list entry's hanging line (under a bullet or a running number)
    if P.BULLET.match(prev) and not ends_terminal(prev) and a.align == b.align == Align.LEFT \
            and abs(a.size - b.size) <= TITLE_SIZE_MATCH and not P.BULLET.match(nxt):
        if a.short is not None and a.short <= TOC_WRAP_SHORT and b.indent <= LIST_HANG[1] and not b.page_break \
                and not _starts_block(nxt) and not _title_opening(nxt):
            return True  # an entry wrapped as a TOC entry is (room kept for a page number): its next line at
            #              the margin or at the paragraph indent, unless it opens a title of its own (the
            #              list's last entry, then the first document: `某某院办公厅关于印发…`)
    if b.first_indent or b.align in (Align.CENTRE, Align.RIGHT) and a.align != b.align:
        return False
    if a.align in (Align.CENTRE, Align.RIGHT) and b.align != a.align:
        return False
    if a.align == Align.JUSTIFIED and b.body_indent is not None and b.align in (Align.LEFT, Align.JUSTIFIED) \
            and b.indent < 0.5 and not _starts_block(nxt) and a.size == b.size:
        return True  # paragraphs start indented: a full line followed by one at the margin runs on, even after 。
    return None


def _physical_width(line: Line) -> float:
    """How wide a line stood in its file: its text with the spaces a PDF extraction prints around
    digits (`2021 年 3 月`), which normalising drops but which took room on the line: a wrapped line
    with a date would otherwise look short of the measure and end its paragraph."""
    return width(line.text) + 0.5 * sum(len(m.group()) for m in scan.finditer(P.SPACE_AROUND_DIGIT, line.raw.strip()))


#: The numbering families of a document's items and how each prints its number: `一、` `（一）` `1.`
#: `（1）` `第一条`. Group `n`: the number.
_ITEM_FAMILIES = (("h1", P.H1_CN), ("h2", P.H2_CN), ("h3", P.H3_NUM), ("h4", P.H4_NUM), ("article", P.ARTICLE))
#: How far (in paragraphs) an item's neighbours (the items numbered one less and one more) are looked for.
SIBLING_REACH = 12


def item_number(text: str) -> tuple[str, int] | None:
    """(family, number) of a numbered item (`（三）依据…` → ("h2", 3), `第十八条 …` → ("article", 18))."""
    for family, pattern in _ITEM_FAMILIES:
        if m := pattern.match(text):
            n = m["n"]
            return family, int(n) if n.isdigit() else cn_number(n)
    return None


def _sentence_item(text: str, family: str) -> bool:
    """An item that reads as a sentence, not a heading: an article (`第N条` opens prose), or one with
    clause punctuation in it."""
    return family == "article" or bool(P.CLAUSE_INSIDE.search(text))


def _cut_item(paras: list[Paragraph], i: int) -> bool:
    """Is paragraph i a numbered item cut off mid-sentence (its end is paragraph i + 1)? It reads as
    a sentence (`_sentence_item`), ends without a sentence or clause end, and its neighbours of the
    same numbering (the items numbered one less and one more, where found near it) are sentences,
    not titled items (`_titled`): the items of this list are sentences, so one without an end was cut,
    not a heading. The next paragraph must start no block of its own and end a sentence."""
    text = paras[i].text
    found = item_number(text)
    if found is None or i + 1 >= len(paras) or ends_terminal(text):
        return False
    family, n = found
    if not _sentence_item(text, family):
        return False
    nxt = paras[i + 1].text
    if _starts_block(nxt) or item_number(nxt) or _complete_title(nxt) or not ends_terminal(nxt):
        return False
    siblings = []
    for j in range(max(0, i - SIBLING_REACH), min(len(paras), i + 2 + SIBLING_REACH)):
        if j != i and (other := item_number(paras[j].text)) and other[0] == family and abs(other[1] - n) == 1:
            siblings.append(paras[j].text)
    return bool(siblings) and all(ends_terminal(s) and not _titled(s, family) for s in siblings)


def _titled(text: str, family: str) -> bool:
    """An item that opens with a title of its own, `（一）加强组织领导。各地要…`: its list is one of
    titled items, where a short item with no end may be a heading over the text below it."""
    return family != "article" and bool((m := P.LEAD_SENTENCE.match(text)) and not P.CLAUSE_INSIDE.search(m["lead"][:-1]))


def rejoin_cut_items(paras: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Numbered items cut mid-sentence (by a page break, a stray blank line) joined to their end:
    `（三）依据…，具有独立法` + `人资格，…不少于三年。` is one item, neither a heading nor two paragraphs."""
    out = list(paras)
    i = 0
    while i < len(out) - 1:
        if _cut_item(out, i):
            a, b = out[i], out.pop(i + 1)
            out[i] = replace(a, text=glue(a.text, b.text), lines=a.lines + b.lines,
                             end_page=b.last_page if b.last_page != a.page else None)
            continue
        i += 1
    return tuple(out)


def content_lines(all_lines: tuple[Line, ...]) -> list[Line]:
    """The lines paragraphs are made of: blank and furniture lines skipped."""
    return [line for line in all_lines if line.text and not line.furniture]


def paragraphs(all_lines: tuple[Line, ...], measure: float | None | bool = False) -> tuple[Paragraph, ...]:
    """Rejoin content lines into paragraphs. `measure`: the file's `wrap_width`, when known."""
    content = content_lines(all_lines)
    if measure is False:
        measure = wrap_width(content)
    out: list[Paragraph] = []
    last, full, look = None, None, None  # the last physical line of the paragraph being built: its width tells a wrap
    for line in content:
        by_look = _joins_by_look(out[-1].text, line.text, look, line.look) if out and look and line.look else None
        joins = out and (by_look if by_look is not None else
                         _joins(out[-1].text, line.text, measure, last.text if last else None, full,
                                _physical_width(last) if last and measure is not None and full is None else None))
        # (_joins reads the last line's width only for a hard-wrapped text without positions)
        last, full, look = line, line.full, line.look
        if joins:
            prev = out[-1]
            out[-1] = replace(prev, text=glue(prev.text, line.text), lines=prev.lines + (line.number,),
                              end_page=line.page if line.page != prev.page else None)
        else:
            out.append(Paragraph(line.text, (line.number,), line.page, look=line.look, printed_page=line.printed_page))
    return rejoin_cut_items(tuple(out))
