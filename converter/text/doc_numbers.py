"""发文字号 (文号): normalised as printed, compared without bracket style, found in running text."""
from __future__ import annotations

from converter.vocab import patterns as P


def normalise_doc_number(text: str) -> str | None:
    """`（苏政办发〔2024〕10 号）` → `苏政办发〔2024〕10号`; `2024 年 第 20 号` → `2024年第20号`."""
    t = P.WHITESPACE.sub("", text).strip("（）()")
    m = P.DOC_NUMBER.search(t)
    if m:
        return t[m.start():m.end()]
    m = P.ANNOUNCEMENT_NUMBER.search(t)
    if m and (m["prefix"] or m["year"]):
        return t[m.start():m.end()]
    return None


def number_key(doc_number: str | None) -> str | None:
    """文号 compared without bracket style: 工信厅通装（2024）42号 = 工信厅通装〔2024〕42号."""
    if not doc_number:
        return None
    return P.NUMBER_OPEN.sub("〔", P.NUMBER_CLOSE.sub("〕", doc_number))


def doc_numbers(text: str):
    """The matches of `P.DOC_NUMBER.finditer(text)`, the same ones, found about twenty times faster.

    DOC_NUMBER begins with a run of CJK characters, so the engine tries it at nearly every character
    of a body. Every match contains a DOC_NUMBER_TAIL (its bracketed year and number) and starts in
    the few characters before it: the prefix (at most DOC_NUMBER_PREFIX_MAX characters) and the white
    space between prefix and bracket. No match starts earlier (the stretch from a match's start to
    its bracket holds no bracket), so trying DOC_NUMBER at those few starts finds the leftmost match."""
    if "号" not in text:                                    # (in every DOC_NUMBER_TAIL: a body without it has none)
        return
    pos = 0
    while tail := P.DOC_NUMBER_TAIL.search(text, pos):
        bracket = start = tail.start()
        while start > pos and text[start - 1].isspace():      # str.isspace is the engine's \s
            start -= 1
        for at in range(max(pos, start - P.DOC_NUMBER_PREFIX_MAX), bracket):
            if m := P.DOC_NUMBER.match(text, at):
                yield m
                pos = m.end()
                break
        else:
            pos = bracket + 1
