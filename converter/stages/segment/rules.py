"""Stage 2 — segment, by rules: paragraphs in, cover + table of contents + document segments out.

The rules the learned segmenter (labeller.py) falls back to when no model file is present, and whose
outputs (title scores, TOC alignment, digest and promulgation starts) are among its features.

A document starts at a title. Titles are found by evidence (how the line ends, what follows it: a 文号,
an addressee; what precedes it: a signature date), aligned with the table of contents when there is
one, and never at the inner title of a document a 通知 issues (`现将《X》印发给你们` … signature … `X`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from converter.model import Cover, Paragraph, Segment, TocEntry
from converter.text.chars import ends_terminal, width
from converter.text.titles import MAX_TITLE, ends_title, is_interpretation_heading, key, similarity, structural, title_like
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: Score a paragraph needs to start a document when there is no TOC entry for it.
START_SCORE = 4
#: With a table of contents, a title the TOC does not list needs this much evidence.
START_SCORE_BEYOND_TOC = 6
#: How similar (0..1) a TOC entry and a body title must be to be aligned.
TOC_MATCH = 0.72
#: A laid-out line set below this share of the body size is a caption or a note, never a title.
CAPTION_SIZE = 0.95
#: How many paragraphs ahead a TOC entry is looked for.
TOC_WINDOW = 600
#: Longest line joined into a wrapped title (display width).
MAX_TITLE_PART = 60
#: A title's lines are set in one size: a laid-out paragraph set larger than the one before it by more
#: than this share of the body size is display type of its own (the title under an author's line).
TITLE_SIZE_STEP = 0.06
#: Evidence a title numbered as a compiler's item (`3. 国务院关于…`) needs beyond an unnumbered one: a
#: numbered list of titles in a body (`1. 关于…的通知` under `附件：`) must not start documents on its own.
ITEM_TITLE_PENALTY = 2



# --- cover and table of contents -------------------------------------------------------------------


def parse_toc_line(text: str, tail: bool = False) -> TocEntry | None:
    """A TOC entry, or None. `tail`: the second line of a wrapped entry (its title may be a word or two)."""
    m = P.TOC_ENTRY.match(text)
    if not m or width(m["title"]) < (1 if tail else 4):
        return None
    num = int(m["num"]) if m["num"] else None
    return TocEntry(m["title"].strip(" .．…·\t"), int(m["page"]), 0, num)


def split_front(paras: tuple[Paragraph, ...]) -> tuple[int, tuple[TocEntry, ...]]:
    """Index of the first body paragraph and the TOC entries (empty when the issue has no TOC)."""
    head = next((i for i, p in enumerate(paras[:80]) if P.TOC_HEADING.match(p.text)), None)
    if head is None:
        return 0, ()
    entries: list[TocEntry] = []
    i = head + 1
    pending: Paragraph | None = None  # a TOC title wrapped onto two lines: first half
    while i < len(paras):
        p = paras[i]
        e = parse_toc_line(p.text, tail=pending is not None)
        last_page = entries[-1].page if entries else 0
        if e is None and pending is None and i + 1 < len(paras) and P.DIGITS.fullmatch(paras[i + 1].text) \
                and int(paras[i + 1].text) >= last_page and width(p.text) <= MAX_TITLE + 20 and entries \
                and (e := parse_toc_line(f"{p.text} {paras[i + 1].text}")):
            entries.append(TocEntry(e.title, e.page, p.first, e.number))  # its page number wrapped alone
            i += 2
            continue
        if e and (e.page or 0) >= last_page:
            if pending:  # the two halves read as one entry (its running number is on the first)
                e = parse_toc_line(pending.text + p.text) or TocEntry(pending.text + e.title, e.page, 0, e.number)
            entries.append(TocEntry(e.title, e.page, (pending or p).first, e.number))
            pending = None
        elif pending is None and i + 1 < len(paras) and width(p.text) <= MAX_TITLE and \
                (nxt := parse_toc_line(paras[i + 1].text, tail=True)) and (nxt.page or 0) >= last_page and \
                (not P.TITLE_END.search(p.text) or P.TITLE_TAIL.match(nxt.title)  # `…《X》` + `的通知…12`
                 or "关于" in nxt.title and "关于" not in p.text  # `… 成都市规划` + `和自然资源局 关于…的通知……3`
                 or width(nxt.title) <= 8 and (P.INTERPRETATION_TAIL.search(nxt.title) or ends_title(nxt.title))):
            # `《X》` + `解读……11`, `…的通知》` + `答记者问·····4`: a closing word or two wrapped with the number
            pending = p
        elif pending is None and (two := _toc_entry_over_three(paras, i, last_page)):
            pending = two  # `…成都` + `市规划…关于印` + `发…的通知 ……3`: the first two lines as one
            i += 1
        else:
            break
        i += 1
    return i, tuple(entries)


def _toc_entry_over_three(paras: tuple[Paragraph, ...], i: int, last_page: int) -> Paragraph | None:
    """Paragraphs i and i + 1 joined, when with i + 2 they read as one TOC entry wrapped over three lines
    (only the third carries the page number) whose title ends with a 文种 word; else None."""
    if i + 2 >= len(paras):
        return None
    a, b = paras[i], paras[i + 1]
    if parse_toc_line(b.text, tail=True) or any(ends_terminal(x.text) or P.PROSE_PUNCT.search(x.text) for x in (a, b)) \
            or width(a.text + b.text) > MAX_TITLE:
        return None
    e = parse_toc_line(a.text + b.text + paras[i + 2].text)
    if e is None or (e.page or 0) < last_page or not ends_title(e.title):
        return None
    return replace(a, text=a.text + b.text, lines=a.lines + b.lines)


def cover(paras: tuple[Paragraph, ...], toc: tuple[TocEntry, ...], furniture_texts: list[str]) -> Cover:
    """Publisher, title, issue and period from the cover, or else from the running footers."""
    texts = [p.text for p in paras] + furniture_texts
    publisher = title = issue = period = None
    for t in texts:
        if publisher is None and (m := P.PUBLISHER.match(t.replace(" ", ""))):
            publisher = m["name"]
        if issue is None and (m := P.ISSUE_NO.search(t)):
            issue = f"总第{m['n']}期"
        if period is None and (m := P.PERIOD.search(t)):
            period = m["p"].replace(" ", "")
        if title is None and (m := P.COMPILATION_TITLE.match(t.strip())):
            title = m["t"].replace(" ", "")
    if publisher is None:
        for t in furniture_texts:
            if m := P.IMPRINT_FOOTER.match(t):
                publisher = P.EDITED_BY_TAIL.sub("", t)
                break
    lines = tuple(n for p in paras for n in p.lines)
    return Cover(publisher, title, issue, period, lines, toc)


# --- titles ----------------------------------------------------------------------------------------


def _ends_heading(text: str) -> bool:
    """Ends like a document title or a compiler headline (`李强签署国务院令` does not: SIGNS_ORDER_END)."""
    if P.SIGNS_ORDER_END.search(text):
        return False
    return ends_title(text) or bool(P.LAUNCH_HEADLINE.search(text) or P.CALL_HEADLINE.search(text)
                                     or P.COMPILER_HEADLINE.match(text))


def _title_start(text: str) -> bool:
    """Can `text` be the first line of a title printed over several lines?"""
    return (title_like(text) and not P.PROSE_PUNCT.search(text) and not P.DATE.search(text)
            and not P.SIGNATURE_DATE_LINE.match(text) and not text.startswith(("- ", "* "))
            and not (text.startswith("《") and text.endswith("》")))


def _title_part(text: str) -> bool:
    """Can `text` continue a title printed over several lines? Not a compiler's field line
    (`发文机关：…`, `来源：…`): that stands under a title."""
    return (width(text) <= MAX_TITLE_PART and not structural(text) and not ends_terminal(text)
            and not P.PROSE_PUNCT.search(text) and not P.DATE.search(text) and not P.META_FIELD.match(text)
            and not P.DATE_ISO.match(text)  # `2022-11-02 市场监管总局网站`: the item's date line
            and not P.BULLET.match(text))  # `◆ X`: the next entry of a list


def item_title(text: str, listed: bool = False) -> str | None:
    """`3. 国务院关于修改《…》的决定`, `（2）国务院办公厅关于印发…`: the title after a compiler's running
    number (None when the line is no numbered title: `（一）加强组织领导`, `1. 首台（套）…标准。…`,
    `1. [附件名](#)`). The words must say title (关于, a 文种 ending, an interpretation heading, leading
    issuers) unless the line is `listed` in the table of contents."""
    if title_like(text) or not (m := P.ITEM_NUMBER.match(text)):
        return None
    rest = text[m.end():]
    if not title_like(rest) or P.ITEM_NUMBER.match(rest) or not _title_start(rest):
        return None
    if not listed and not ("关于" in rest or ends_title(rest) or is_interpretation_heading(rest)
                           or P.INTERPRETATION_TAIL.search(rest) or VOCAB.leading_issuers(rest)
                           or _bracket_issuer(m.group())):
        return None
    return rest


def _bracket_issuer(number: str) -> bool:
    """The running number names who issued the item in brackets (`3.【教育部】`, `8.【济宁市人民政府】`):
    a compiler's item title follows, whatever its words (`开展…治理 增加…资源`, or the issuer's name
    on a line of its own over its `关于…` line)."""
    return bool((b := P.BRACKET_ISSUER.search(number)) and VOCAB.is_org(b.group("org")))


def _titled(paras: list[Paragraph], i: int, listed: bool = False) -> str:
    """Paragraph i as a title reads it: without the running number of a numbered title. A numbered line
    in a list of them (`导读` + `1.X` + `2.Y`), or right over the title it announces, keeps its number:
    it lists titles, it is none."""
    text = paras[i].text
    rest = item_title(text, listed)
    if rest is None:
        return text
    near = [(q.text, -1) for q in paras[max(i - 1, 0):i]] + [(q.text, 1) for q in paras[i + 1:i + 2]]
    if any(item_title(q, listed=True) and _next_in_list(text, q, step) for q, step in near) \
            or any(similarity(rest, q.text) >= 0.9 for q in paras[i + 1:i + 3]):
        return text
    return rest


def _next_in_list(text: str, other: str, step: int) -> bool:
    """Is `other` the item `step` places away in the same numbered list as `text`: its number written the
    same way (`3.` and `4.`, `（2）` and `（3）`) and `step` from this one? A document numbered `（1）X` right
    under a 导读 list's last entry `5.Y` (or under `5.（…）`) starts a list of its own."""
    a, b = P.ITEM_NUMBER.match(text), P.ITEM_NUMBER.match(other)
    if not a or not b:
        return False
    na, nb = P.DIGITS.search(a.group()), P.DIGITS.search(b.group())
    return P.ITEM_NUMBER_STYLE.sub("", a.group()) == P.ITEM_NUMBER_STYLE.sub("", b.group()) \
        and int(nb.group()) - int(na.group()) == step


def _wrap_span(paras: list[Paragraph], i: int, measure: float | None) -> int:
    """How many paragraphs after i continue the title that paragraph i starts (0 when none)."""
    p = _titled(paras, i)
    if not title_like(p) or P.BULLET.match(p):
        return 0
    nxt = [q.text for q in paras[i + 1:i + 4]]
    if not nxt:
        return 0
    # `中华人民共和国国务院令` + `第773号`: a 令 header opens a head of its own, it continues nothing above it
    # (`（作者系某高校教授）` + the header would read as a title cut before its last words)
    if len(nxt) > 1 and P.ORDER_HEADER_LINE.match(nxt[0]) and P.ORDER_NUMBER_LINE.match(nxt[1]):
        return 0
    # `…《X》` + `的通知`: a bare 文种 tail always belongs to the line before
    if P.TITLE_TAIL.match(nxt[0]):
        return 1
    if not _title_start(p) and not is_interpretation_heading(p):
        return 0
    # `江苏省财政厅 江苏省市场监督管理局` + `关于…的通知` (or `印发《…》的通知`, maybe over two lines): the issuers
    # on a line of their own
    if _org_line(p) and P.ISSUER_LINE_NEXT.match(nxt[0]):
        if ends_title(nxt[0]) and title_like(nxt[0]):
            return 1
        if len(nxt) > 1 and _title_part(nxt[0]) and _title_part(nxt[1]) and ends_title(nxt[0] + nxt[1]) \
                and _open_title(nxt[0]):
            return 2
    # `成都市发展和改革委员会 中共成都市委社会工作` + `部 成都市规划和自然资源局 … 关于印发…的通知`: a block of
    # issuers cut inside a name, the title going on after the last of them
    if (k := _issuer_block_span(p, nxt)) is not None:
        return k
    # `解读之一 | X` + `——《Y》`: a subtitle after a dash
    if nxt[0].startswith("——") and width(nxt[0]) <= MAX_TITLE and "。" not in nxt[0]:
        return 1
    # `国务院关于促进综合保税区高水平开放` + `高质量发展的若干意见`, `人力资源和社会保障部关于` + `印发《X》的通知`:
    # a first line that cannot end a title, completed by the 文种 the next line (or the one after) ends with
    if (k := _completed_open_title(p, nxt)) is not None:
        return k
    # `李强签署国务院令` + `公布修订后的《X》`: what the order promulgates goes on the headline
    if P.SIGNS_ORDER_END.search(p) and P.PROMULGATES.match(nxt[0]) and _title_part(nxt[0]):
        return 1
    # `李强签署国务院令 公布` + `《X条例》` followed by a 文号, an addressee or a news dateline: a first line
    # that does not end like a title, and a second no longer than it
    if len(nxt) > 1 and not _ends_heading(p) and not _label_line(p) and _title_part(nxt[0]) \
            and not _new_title(nxt[0]) and _follows_title(nxt[1]) \
            and (width(nxt[0]) <= width(p) or P.NEWS_DATELINE.match(nxt[1])):  # over a dateline, any width
        return 1
    # `专家解读之二|从“能用”到“耐用”：` + `以可靠性提升重塑…竞争力`: a heading cut after its colon goes on
    if is_interpretation_heading(p) and p.endswith(("：", ":")) and _title_part(nxt[0]) and not _new_title(nxt[0]) \
            and not is_interpretation_heading(nxt[0]):
        return 1
    # `解读之二丨数据产权登` + `记如何做到便民高效` + prose: an interpretation heading's last words on a short line
    if len(nxt) > 1 and is_interpretation_heading(p) and not ends_title(p) and _title_part(nxt[0]) \
            and width(nxt[0]) <= width(p) and " " not in nxt[0] and not is_interpretation_heading(nxt[0]) \
            and P.PROSE_PUNCT.search(nxt[1]) and width(nxt[1]) > width(p) + width(nxt[0]):
        return 1
    # `【新闻动态】` + `多项深圳经济特区法规今` + `起实施 为新兴产业发展保驾护航` + prose: the headline of a labelled
    # item, cut where it does not end like one
    if i > 0 and P.ITEM_KIND_LABEL.match(paras[i - 1].text) and len(nxt) > 1 and not _ends_heading(p) \
            and _title_part(nxt[0]) and not _new_title(nxt[0]) and not _label_line(nxt[0]) \
            and not _follows_title(nxt[0]) and P.PROSE_PUNCT.search(nxt[1]):
        return 1
    if measure is None:  # one paragraph per line: titles are not wrapped, only cut inside 《…》
        return 1 if _wrap_fragment(p, nxt[0]) and _title_part(nxt[0]) else 0
    # a headline over two or three short lines closed by a `——《…》` subtitle
    for k in (1, 2):
        if k < len(nxt) and nxt[k].startswith("——") and all(_title_part(x) and not _new_title(x) for x in nxt[:k]) \
                and "。" not in nxt[k] and P.DASH_SUBTITLE.search(nxt[k]) and not _ends_heading(p):
            return k + 1
    cut = width(p) >= 0.55 * measure  # the line is as wide as a title line gets: the wrap cut it
    if not cut and not _wrap_fragment(p, nxt[0]):
        return 0
    for k in (1, 2):
        parts = nxt[:k]
        if len(parts) < k or not all(_title_part(x) and not _new_title(x) for x in parts):
            continue
        joined = p + "".join(parts)
        if ends_title(p) and (len("".join(parts)) > 12 or not ends_title(joined)):
            continue  # p reads as complete (`…计划`): only a short tail (`项目的通知`) continues it
        if _ends_heading(joined) or _wrap_fragment(p, "".join(parts)):
            return k
    # `X` + `Y` followed by a 文号 or an addressee: whatever the words, that was a title (before a news
    # dateline only where `X` does not end like a title: see above)
    if len(nxt) > 1 and _title_part(nxt[0]) and not _new_title(nxt[0]) and width(nxt[0]) <= width(p) \
            and (P.DOC_NUMBER_LINE.match(nxt[1]) or P.ADDRESSEE.match(nxt[1])):
        return 1
    # `专家解读之一丨X` + `Y`: an interpretation heading's last words on a short line
    if is_interpretation_heading(p) and not ends_title(p) and _title_part(nxt[0]) \
            and width(nxt[0]) <= width(p) and " " not in nxt[0] and not is_interpretation_heading(nxt[0]):
        return 1
    return 0


def _open_title(text: str) -> bool:
    """A title's line that cannot end the title: it ends on 关于, a joining word, a number without 号 or
    inside 《 (`OPEN_TITLE_END`), or on the verb of what is issued (`…厅印发`, ISSUING_VERB_END); or it
    opens an `X关于…` title that no 文种 word has closed yet."""
    return bool(P.OPEN_TITLE_END.search(text) or P.ISSUING_VERB_END.search(text)) \
        or not ends_title(text) and "关于" in text


def _completed_open_title(p: str, nxt: list[str]) -> int | None:
    """How many of the lines `nxt` complete the open title line `p` with a 文种 ending (1 or 2), or None:
    every line but the last open too, none starting a title of its own."""
    if not _open_title(p):
        return None
    for k in (1, 2):
        parts = nxt[:k]
        if len(parts) < k or not all(_title_part(x) and not _new_title(x) for x in parts):
            return None
        if ends_title(p + "".join(parts)):
            return k
        if not _open_title(p + parts[0]):
            return None
    return None


def _issuer_block_span(p: str, nxt: list[str]) -> int | None:
    """How many of the lines `nxt` (1 to 3) carry on the block of issuer names `p` starts, cut inside a
    name or between names, to the `关于…` title they issue (a 文种 ending closes it); None when they do
    not. Every name before 关于 must be a body's name, and there must be two or more."""
    if "关于" in p or P.PROSE_PUNCT.search(p):
        return None
    for k in (1, 2, 3):
        parts = nxt[:k]
        if len(parts) < k or any(P.PROSE_PUNCT.search(x) or ends_terminal(x) or structural(x) for x in parts):
            return None
        joined = p + "".join(parts)
        at = joined.find("关于")
        if width(joined) > MAX_TITLE or 0 <= at < len(p):
            return None
        if at == -1 or not ends_title(joined):
            continue
        names = [x for x in P.ORG_SEPARATOR.split(joined[:at]) if x]
        return k if len(names) >= 2 and all(VOCAB.is_org(x) for x in names) else None
    return None


def _label_line(text: str) -> bool:
    """A section label or part heading (`【政策文件】`, `第一部分　国家层面`): never a title's first line."""
    return bool(P.BRACKET_LABEL.match(text) or P.PART.match(text))


def _follows_title(text: str) -> bool:
    """A line that stands right under a title: a 文号, an addressee, a news item's dateline, a note
    saying when the text was adopted (`（2022年8月30日…通过）`)."""
    return bool(P.DOC_NUMBER_LINE.match(text) or P.ADDRESSEE.match(text) or P.NEWS_DATELINE.match(text)
                or P.PROMULGATION_NOTE.match(text) or P.META_FIELD.match(text))


def _org_line(text: str) -> bool:
    """A line made of issuer names only (`国家发展改革委 国家能源局`)."""
    parts = [x for x in P.ORG_SEPARATOR.split(text) if x]
    return bool(parts) and all(VOCAB.is_org(x) for x in parts)


def _new_title(text: str) -> bool:
    """A line that starts a title of its own (`关于…`, `国家能源局关于…`) rather than continuing one."""
    return bool(P.NEW_TITLE_START.match(text) or VOCAB.leading_issuers(text))


def merge_wrapped_titles(paras: list[Paragraph], measure: float | None = None) -> list[Paragraph]:
    """Join a title printed over two or three lines into one paragraph.

    `measure` is the line width of a hard-wrapped file (None when every line is a paragraph)."""
    out: list[Paragraph] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        k = _wrap_span(paras, i, measure)
        while i + 1 + k < len(paras) and k and P.TITLE_TAIL.match(paras[i + 1 + k].text):
            k += 1  # `…关于印发` + `《X》` + `的通知`
        k = next((n for n in range(k) if _set_larger(paras[i + n], paras[i + 1 + n])), k)
        for q in paras[i + 1:i + 1 + k]:
            p = replace(p, text=p.text + q.text, lines=p.lines + q.lines, end_page=q.last_page if q.last_page != p.page else None)
        out.append(p)
        i += 1 + k
    return out


def _set_larger(a: Paragraph, b: Paragraph) -> bool:
    """Is `b` set in larger type than the body-type paragraph `a` before it (both laid out)? Then `b` is
    display type of its own — a title on the next page under an author's line `（作者单位：…）` that the
    words alone would read as the title's first line — and never continues `a`."""
    return a.look is not None and b.look is not None and not a.look.bold \
        and abs(a.look.size - 1.0) <= TITLE_SIZE_STEP and b.look.size - a.look.size > TITLE_SIZE_STEP


def _wrap_fragment(a: str, b: str) -> bool:
    """`…关于印发《X` + `》的通知`: brackets opened on one line and closed on the next."""
    return a.count("《") > a.count("》") and b.count("》") > b.count("《")


def title_score(paras: list[Paragraph], i: int) -> int | None:
    """Evidence that paragraph i is a document title; None when it cannot be one."""
    t = paras[i].text
    penalty = 0
    if not title_like(t):
        t = _titled(paras, i)
        if not title_like(t):
            return None
        penalty = ITEM_TITLE_PENALTY  # `（2）国务院办公厅关于…的通知`: a numbered item that is a title
    if P.BULLET.match(t):
        return None  # `◆ X`: an entry of a list (本期导读), not a title
    look = paras[i].look
    if look is not None and look.size < CAPTION_SIZE and not look.bold:
        return None  # set smaller than the body: a caption, a photo credit, a note — never a title
    interp = is_interpretation_heading(t)
    s = 0
    if interp:
        s += 4
    if ends_title(t) or P.INTERPRETATION_TAIL.search(t):
        s += 2
    if "关于" in t:
        s += 1
    if P.COMPILER_HEADLINE.match(t) or P.LAUNCH_HEADLINE.search(t) or P.CALL_HEADLINE.search(t) \
            or P.DASH_SUBTITLE.search(t):
        s += 2
    if P.DASH_SUBTITLE.search(t) and not P.PROSE_PUNCT.search(t):
        s += 2  # a headline with a `——《policy》` subtitle
    if P.PROSE_PUNCT.search(t) and not interp:
        s -= 3
    if VOCAB.leading_issuers(t):
        s += 1
    nxt = [p.text for p in paras[i + 1:i + 4]]
    if nxt and (P.DOC_NUMBER_LINE.match(nxt[0]) or P.ADDRESSEE.match(nxt[0]) or P.PROMULGATION_NOTE.match(nxt[0])
                or P.META_FIELD.match(nxt[0])):
        s += 3  # a 文号, an addressee, an adoption note or a compiler's `发布时间：…` / `来源：…` under it
    elif len(nxt) > 1 and (P.DOC_NUMBER_LINE.match(nxt[1]) or P.ADDRESSEE.match(nxt[1])):
        s += 2
    elif nxt and P.NEWS_DATELINE.match(nxt[0]):
        s += 2  # a headline over `新华社北京11月9日电 …`
    if i > 0:
        prev = paras[i - 1].text
        if P.DATE_LINE.match(prev) or P.PUBLICATION_NOTE.match(prev) or P.DIGEST_SOURCE.search(prev):
            s += 1
        if P.ITEM_KIND_LABEL.match(prev):
            s += 4  # `【政策解读】` + the title of the item it labels
        if P.ATTACHMENT.match(prev) or P.COLUMN_BOX.match(prev):
            s -= 6
    return s - penalty


def issued_titles(paras: list[Paragraph]) -> list[str]:
    """Titles a document says it issues: `关于印发《X》的通知`, `现将《X》印发给你们`, `《X》已经…同意`."""
    out = []
    for p in paras:
        if P.ISSUES_INNER.search(p.text) or P.ISSUES_PHRASE.search(p.text):
            out.extend(m["t"] for m in P.QUOTED_TITLE.finditer(p.text))
            if m := P.ISSUES_INNER.search(p.text):
                out.append(m["t"])
    return out


def _date_in_sentence(paras: list[Paragraph], k: int) -> bool:
    """A date line that goes on a sentence the paragraph before it leaves open (`…因《条例》从` /
    `2020年9月1日` / `开始施行，…`): a date in running text, not the date under a signature."""
    return k > 0 and bool(P.PROSE_PUNCT.search(paras[k - 1].text)) and not ends_terminal(paras[k - 1].text)


def is_inner_title(text: str, current: list[Paragraph]) -> bool:
    """Is `text` the title of what the document started by `current[0]` issues?"""
    if not current or is_interpretation_heading(text):
        return False
    after_signature = any(P.DATE_LINE.match(p.text) and not _date_in_sentence(current, k) or P.PUBLICATION_NOTE.match(p.text)
                          for k, p in enumerate(current) if k >= len(current) - 3)
    issued = issued_titles(current[:12])
    if not is_interpretation_heading(current[0].text):
        issued += [m["t"] for m in P.QUOTED_TITLE.finditer(current[0].text)]
    if any(similarity(text, x) >= 0.85 for x in issued):
        return True
    return after_signature and any(similarity(text, x) >= 0.75 for x in issued)


# --- digests (政策速览) --------------------------------------------------------------------------------


def digest_starts(paras: list[Paragraph]) -> set[int]:
    """Entries `11月2日，…印发《…》…` closed by `（源自：…）` within a few paragraphs."""
    out = set()
    for i, p in enumerate(paras):
        if P.DIGEST_ENTRY.match(p.text) and P.QUOTED_TITLE.search(p.text):
            if any(P.DIGEST_SOURCE.search(q.text) for q in paras[i:i + 12]):
                out.add(i)
    return out


def promulgation_starts(paras: list[Paragraph]) -> set[int]:
    """`《X》已于…通过，现予公布` followed within a few paragraphs by the title X: the notice opens X."""
    out = set()
    for i, p in enumerate(paras):
        if (m := P.PROMULGATION_LEAD.match(p.text)) and any(
                similarity(m["t"], q.text) >= 0.9 for q in paras[i + 1:i + 8]):
            out.add(i)
    return out


def order_headers(paras: list[Paragraph]) -> dict[int, bool]:
    """`中华人民共和国国务院令` + `第776号`: index of each 令 header → whether it opens a document. It does
    not where it stands under the title and 文号 of the 令 it heads (`节约用水条例` / `国务院令第776号`)."""
    return {i: order_title(paras, i) is None for i in range(len(paras) - 1)
            if P.ORDER_HEADER_LINE.match(paras[i].text) and P.ORDER_NUMBER_LINE.match(paras[i + 1].text)}


def order_title(paras: list[Paragraph], i: int) -> int | None:
    """Index of the title the 令 header at i stands under (`节约用水条例` / `国务院令第776号`, or
    `3.【国务院】X条例` / `发文机关：国务院` / `文号：国务院令第773号`), None when it stands under none."""
    k = i - 1  # over the 文号 and a compiler's field lines to the title
    while k >= 0 and P.META_FIELD.match(paras[k].text) and i - k <= 5:
        k -= 1
    if k == i - 1:
        if k < 0 or not P.DOC_NUMBER_LINE.match(paras[k].text):
            return None
        k -= 1
    return k if k >= 0 and title_like(_titled(paras, k)) else None


# --- the stage -------------------------------------------------------------------------------------


def align_toc(body: list[Paragraph], toc: tuple[TocEntry, ...]) -> tuple[dict[int, TocEntry], list[TocEntry]]:
    """Map body paragraph index → TOC entry, in order; and the entries not found."""
    found: dict[int, TocEntry] = {}
    missing: list[TocEntry] = []
    pos = 0
    for e in toc:
        if P.PART.match(e.title):
            continue  # `第一部分 国家级政策`: a part of the issue, not a document
        best, best_i = 0.0, None
        for k in range(pos, min(len(body), pos + TOC_WINDOW)):
            t = _titled(body, k, listed=True)  # `（1）X` in the body is the TOC's `X`
            if width(t) > MAX_TITLE + 20 or structural(t):
                continue
            r = similarity(e.title, t) - 0.00005 * (k - pos)
            if is_interpretation_heading(e.title) != is_interpretation_heading(t):
                r -= 0.1  # `解读 | X` in the TOC is the interpretation, not the policy X itself
            if r > best:
                best, best_i = r, k
                if r >= 0.97:
                    break
        if best_i is not None and best >= TOC_MATCH:
            found[best_i] = e
            pos = best_i + 1
        else:
            missing.append(e)
    return found, missing


def _official_under_headline(headline: str, text: str) -> bool:
    """Is `text`, right under the compiler's headline `headline` (`X印发《Y》`), the official title of the
    document the headline announces (`X关于印发《Y》的通知`: the same 《Y》)?"""
    if not P.COMPILER_HEADLINE.match(headline):
        return False
    quoted = {key(m["t"]) for m in P.QUOTED_TITLE.finditer(headline)}
    return any(key(m["t"]) in quoted for m in P.QUOTED_TITLE.finditer(text))


def _promulgated_by(current: list[Paragraph], body: list[Paragraph], i: int) -> bool:
    """Is body paragraph i the title that the 令 opening the current document promulgates (its note,
    within the few paragraphs under the header, names it: `《X》已经…通过，现予公布`)?"""
    if not current or not P.ORDER_HEADER_LINE.match(current[0].text) or len(current) > 8:
        return False
    t = key(_titled(body, i, listed=True))
    return any(key(m["t"]) == t for q in current[1:] for m in P.QUOTED_TITLE.finditer(q.text))


def _join_by_toc(body: list[Paragraph], toc_at: dict[int, TocEntry]) -> list[Paragraph] | None:
    """The body with each TOC-aligned title joined to the paragraphs (one or two) that complete it as its
    TOC entry gives it (`《X》系列解读文章之四` + `《X》制定的背景和过程`); None when there is none to join."""
    spans: dict[int, int] = {}
    for b, e in toc_at.items():
        want, got = key(e.title), key(_titled(body, b, listed=True))
        if len(got) >= len(want):
            continue
        if not want.startswith(got):
            # aligned with the title's last line (`…示` / `范单位创建…`): the line before it opens it
            if b > 0 and want.endswith(got) and title_like(body[b - 1].text) \
                    and key(_titled(body, b - 1, listed=True)) + got == want:
                spans[b - 1] = 1
            continue
        for k in (1, 2):
            if b + k >= len(body) or structural(body[b + k].text) or not title_like(body[b + k].text):
                break
            got += key(body[b + k].text)
            if got == want:
                spans[b] = k
                break
            if not want.startswith(got):
                break
    if not spans:
        return None
    out: list[Paragraph] = []
    i = 0
    while i < len(body):
        p = body[i]
        for q in body[i + 1:i + 1 + spans.get(i, 0)]:
            p = replace(p, text=p.text + q.text, lines=p.lines + q.lines,
                        end_page=q.last_page if q.last_page != p.page else None)
        out.append(p)
        i += 1 + spans.get(i, 0)
    return out


@dataclass(frozen=True)
class Analysis:
    """What the rules find in one compilation (the learned segmenter reads it as features)."""

    body_start: int  # index (into the paragraphs) of the first body paragraph (after cover and TOC)
    toc: tuple[TocEntry, ...]
    body: list[Paragraph]  # paragraphs from body_start on, wrapped titles joined
    digests: set[int]  # indexes into body
    promulgations: set[int]
    toc_at: dict[int, TocEntry]
    unmatched: list[TocEntry]
    starts: list[int]  # where the rules start documents (indexes into body)
    scores: dict[int, int | None]  # title_score of the body paragraphs scored


def analyse(paras: tuple[Paragraph, ...], measure: float | None = None) -> Analysis:
    """Cover/TOC split, TOC alignment and the rules' document starts."""
    body_start, toc = split_front(paras)
    body = merge_wrapped_titles(list(paras[body_start:]), measure)
    digests = digest_starts(body)
    promulgations = promulgation_starts(body)
    toc_at, unmatched = align_toc(body, toc) if toc else ({}, [])
    if toc_at and (joined := _join_by_toc(body, toc_at)) is not None:
        body = joined  # a title the TOC gives whole, cut over lines the wrap rules left apart
        digests, promulgations = digest_starts(body), promulgation_starts(body)
        toc_at, unmatched = align_toc(body, toc)
    starts: list[int] = []
    scores: dict[int, int | None] = {}
    current: list[Paragraph] = []
    orders = order_headers(body)
    order_titles = {order_title(body, i) for i, opens in orders.items() if not opens}
    for i, p in enumerate(body):
        start = False
        if i in order_titles:
            start = True  # the title a 令 header stands under, with its 文号 or field lines between
        elif i in orders:
            start = orders[i]  # a 令 opens at its header, or goes on under its own title
        elif i - 1 in orders or (i - 2 in orders and i not in toc_at):
            pass  # the 令 number, and the promulgation note or the title right under it
        elif i in digests or i in toc_at or i in promulgations:
            start = True
        else:
            score = scores[i] = title_score(body, i)
            need = START_SCORE_BEYOND_TOC if toc_at else START_SCORE
            if score is not None and score >= need and not is_inner_title(p.text, current):
                start = True
        if start and current and i not in toc_at and i not in digests and is_inner_title(p.text, current):
            start = False
        if start and len(current) == 1 and i not in toc_at and _official_under_headline(current[0].text, p.text):
            start = False  # `国家数据局印发《X》` + `国家数据局关于印发《X》的通知`: the headline's own document
        if start and i in toc_at and _promulgated_by(current, body, i):
            start = False  # `中华人民共和国国务院令` … `（3）优化营商环境条例`: the TOC's entry is the 令's own title
            toc_at[starts[-1]] = toc_at.pop(i)
        if start:
            starts.append(i)
            current = [p]
        elif current:
            current.append(p)
    return Analysis(body_start, toc, body, digests, promulgations, toc_at, unmatched, starts, scores)


def segment(paras: tuple[Paragraph, ...], furniture_texts: list[str], measure: float | None = None,
            analysis: Analysis | None = None):
    """Split one compilation's paragraphs: (cover, segments, section paragraphs, unmatched TOC).

    `measure`: the line width of a hard-wrapped input (clean.wrap_width), None for one paragraph a line."""
    a = analysis or analyse(paras, measure)
    body, starts, digests, toc_at = a.body, a.starts, a.digests, a.toc_at
    front = list(paras[:a.body_start])
    sections: list[Paragraph] = []
    # paragraphs before the first title are cover; a short heading right before a digest is a section
    first = starts[0] if starts else len(body)
    front += body[:first]
    segments: list[Segment] = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(body)
        chunk = body[s:end]
        if n + 1 < len(starts) and starts[n + 1] in digests and len(chunk) > 1 and P.SECTION_HEADING.match(chunk[-1].text):
            sections.append(chunk[-1])
            chunk = chunk[:-1]
        while len(chunk) > 1 and P.PART.match(chunk[-1].text) and width(chunk[-1].text) <= MAX_TITLE_PART:
            sections.append(chunk[-1])  # `第二部分 省级层面` before the next document: the issue's part heading
            chunk = chunk[:-1]
        if n + 1 == len(starts):  # back cover at the end of the file
            while len(chunk) > 1 and (P.BACK_COVER.match(chunk[-1].text) or P.PUBLISHER.match(chunk[-1].text)):
                front.append(chunk[-1])
                chunk = chunk[:-1]
        segments.append(Segment(tuple(chunk), digest=s in digests, toc=toc_at.get(s)))
    front_cover = cover(tuple(front), a.toc, furniture_texts)
    return front_cover, segments, sections, a.unmatched
