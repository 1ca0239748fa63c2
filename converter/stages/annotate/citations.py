"""Citations (`citations(text)`, `document_citations(blocks)`)
    A 《title》 (nested 〈〉 and nested 《》 kept in the title), with a 文号 in brackets right after it
    (`（国发〔2019〕5号）`, `（国务院令第712号）`) or a decree number right before it (`…令第76号公布的
    《…》`), and an article reference right after it (`第十二条`, `第三十五条第二款`, lists such as
    `第七条第三款、第八条第一款`: one citation per article, each span from the title to its article).
    Self-references `本条例第四十条` (title and doc_number None). Bare 文号 (`苏政发〔2019〕12号`,
    `国务院令第712号`, `第773号国务院令`) as citations with title None. Numerals → int via cn2an.
    `（以下简称《条例》）` defines an alias: the definition is not a citation, later `《条例》` cite the
    full title (within one text for `citations`, across blocks for `document_citations`).
"""
from __future__ import annotations


from converter.model import Citation
from converter.text import scan
from converter.text.doc_numbers import doc_numbers
from converter.vocab import patterns as P
from converter.vocab.patterns import (ALIAS_AFTER, ALIAS_BEFORE, ALIAS_DEF, ARTICLE_GAP, ARTICLE_LIST_SEP,
    ARTICLE_REF, DECREE_INVERTED, DECREE_MARK, DECREE_NUMBER, NUMBER_AFTER_TITLE, NUMBER_BEFORE_TITLE,
    NUMBER_LEAD, NUMBER_NOISE, NUMBER_NOISE_BRACKETED, SELF_NAME, TITLE_MARK)
from converter.stages.annotate.text import NormText, norm_text, kind_text_pairs, numeral_int


# ======================================================================================================
# Citations
# ======================================================================================================


def top_level_titles(s: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost 《…》 (end after 》); 《》 nested inside are part of the title."""
    out, depth, a = [], 0, 0
    if "《" not in s:
        return out
    for m in TITLE_MARK.finditer(s):
        i, c = m.start(), m.group()
        if c == "《":
            if depth == 0:
                a = i
            depth += 1
        elif c == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((a, i + 1))
    return out


def trim_number(no: str) -> str:
    """A 文号 or decree number without the running text its prefix caught: `根据国发〔2019〕5号` →
    `国发〔2019〕5号`, `1988年11月3日原国家工商行政管理局令第1号` → `国家工商行政管理局令第1号`."""
    bracket = P.NUMBER_OPEN.search(no)
    decree = DECREE_MARK.search(no)
    cut = min(x.start() for x in (bracket, decree) if x) if (bracket or decree) else len(no)
    head, tail = no[:cut], no[cut:]
    noise = NUMBER_NOISE_BRACKETED if not decree or (bracket and bracket.start() < decree.start()) else NUMBER_NOISE
    if m := noise.match(head):
        head = head[m.end():]
    if m := NUMBER_LEAD.match(head):
        if len(head) - m.end() >= 1:
            head = head[m.end():]
    return head + tail


def citations(text: str, block: int = 0) -> tuple[Citation, ...]:
    """The citations of one text (aliases it defines apply within it); spans in `block`."""
    return tuple(text_citations(norm_text(text), block, {}))


def document_citations(blocks) -> tuple[Citation, ...]:
    """The citations of every block but the title and the 文号 line (the document's own), in order; an
    alias defined in one block applies to the blocks after it."""
    aliases: dict[str, str] = {}
    out: list[Citation] = []
    for i, (kind, text) in enumerate(kind_text_pairs(blocks)):
        if text and kind not in ("title", "docno"):         # the document's own title and 文号
            out.extend(text_citations(norm_text(text), i, aliases))
    return tuple(out)


def _articles_after(s: str, at: int):
    """The article references starting at `at` (`第七条第三款、第八条第一款`): (match, start) pairs,
    the first starting at `at`."""
    m = ARTICLE_REF.match(s, at)
    while m:
        yield m
        sep = ARTICLE_LIST_SEP.match(s, m.end())
        if not sep:
            return
        m = ARTICLE_REF.match(s, sep.end())


def text_citations(T: NormText, block: int, aliases: dict[str, str]) -> list[Citation]:
    s = T.s
    out: list[Citation] = []
    used: list[tuple[int, int]] = []
    for a, b in top_level_titles(s):
        title = s[a + 1:b - 1].strip()
        if len(title) < 2:
            continue
        if scan.search(ALIAS_BEFORE, s, 0, a):           # (only where 简称 / 下称 stand before it)
            if out and out[-1].title:                   # `《A》（以下简称《条例》）`
                aliases[title] = out[-1].title
            used.append((a, b))
            continue
        title = aliases.get(title, title)
        start, end, number = a, b, None
        if m := NUMBER_AFTER_TITLE.match(s, b):
            number = trim_number(m["no"])
            end = m.end()
            if m["rest"] and (al := ALIAS_DEF.search(m["rest"])):
                aliases[al["a"]] = title
        elif m := NUMBER_BEFORE_TITLE.search(s[max(0, a - 40):a]):
            number = trim_number(m["no"])
            start = max(0, a - 40) + m.start() + (len(m["no"]) - len(number))
        if al := ALIAS_AFTER.match(s, end):
            aliases[al["a"]] = title
        gap = ARTICLE_GAP.match(s, end)
        refs = list(_articles_after(s, gap.end()))
        if refs:
            for r in refs:
                out.append(Citation(title, number, numeral_int(r["art"]), numeral_int(r["para"]) if r["para"] else None,
                                    T.span(block, start, r.end())))
            end = refs[-1].end()
        else:
            out.append(Citation(title, number, None, None, T.span(block, start, end)))
        used.append((start, end))
    for m in scan.finditer(SELF_NAME, s):
        if any(x <= m.start() < y for x, y in used):
            continue
        refs = list(_articles_after(s, m.end()))
        for r in refs:
            out.append(Citation(None, None, numeral_int(r["art"]), numeral_int(r["para"]) if r["para"] else None,
                                T.span(block, m.start(), r.end())))
        if refs:
            used.append((m.start(), refs[-1].end()))
    numbers: list[tuple[int, int, str]] = []
    for m in doc_numbers(s):
        no = trim_number(m.group())
        numbers.append((m.end() - len(no), m.end(), no))
    for m in scan.finditer(DECREE_NUMBER, s):
        no = trim_number(m.group())
        numbers.append((m.end() - len(no), m.end(), no))
    for m in scan.finditer(DECREE_INVERTED, s):
        numbers.append((m.start(), m.end(), f"{m['org']}令第{m['n']}号"))
    for x, y, no in sorted(numbers):
        if any(u < y and x < v for u, v in used) or len(no) < 4:
            continue
        out.append(Citation(None, no, None, None, T.span(block, x, y)))
        used.append((x, y))
    out.sort(key=lambda c: (c.span.start, c.span.end))
    return out
