"""Titles: the key two titles are compared by, how similar they are, and what a title looks like.

Segment aligns the table of contents with the body and tells titles from prose with these; extract
finds the official title under a headline; resolve merges and links documents by title.
"""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from converter.text.chars import ends_terminal, width
from converter.vocab import patterns as P

#: Longest title (display width).
MAX_TITLE = 110
#: `similarity` below this is reported as 0.0: every caller's threshold is at least this high, and
#: most pairs compared are not alike, so two cheap upper bounds (difflib's real_quick_ratio and
#: quick_ratio) settle them before the matcher is made.
SIMILARITY_FLOOR = 0.72


@lru_cache(maxsize=1 << 14)
def key(text: str) -> str:
    """A title reduced to what matters when comparing: no spaces, brackets, quotes or bars."""
    return P.TITLE_NOISE.sub("", text)


def shares_run(a: str, b: str, n: int) -> bool:
    """Whether b carries a run of n characters of a (keys): a headline echoing a title, a subject."""
    return any(a[i:i + n] in b for i in range(0, len(a) - n + 1))


def similarity(a: str, b: str) -> float:
    """0..1: how alike two titles are (by their keys); 0.0 below SIMILARITY_FLOOR."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    if min(len(ka), len(kb)) >= 8 and (ka in kb or kb in ka):
        # one contains the other: close when the lengths are close (a heading glued to a stray line),
        # weak when the shorter is a small part (`X` inside `关于印发《X》的通知`)
        return 0.6 + 0.4 * min(len(ka), len(kb)) / max(len(ka), len(kb))
    total = len(ka) + len(kb)
    if 2.0 * min(len(ka), len(kb)) / total < SIMILARITY_FLOOR:
        return 0.0
    ca, cb = Counter(ka), Counter(kb)
    if 2.0 * sum(min(n, cb[c]) for c, n in ca.items() if c in cb) / total < SIMILARITY_FLOOR:
        return 0.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


#: Distinct texts remembered by `structural`, `title_like`, `is_interpretation_heading` and `ends_title` (a
#: paragraph's text is asked about 5 times over: merge_wrapped_titles, item_title, title_score, align_toc,
#: the CRF's features).
MEMO_SIZE = 1 << 14


@lru_cache(maxsize=MEMO_SIZE)
def structural(text: str) -> bool:
    """Lines that are never a title: headings, dates, 文号, Q&A turns, attachments, notes, rows."""
    return bool(
        P.H1_CN.match(text) or P.H2_CN.match(text) or P.H3_NUM.match(text) or P.H4_NUM.match(text)
        or P.DATE_LINE.match(text) or P.DOC_NUMBER_LINE.match(text) or P.QA_TURN.match(text)
        or P.ATTACHMENT.match(text) or P.COLUMN_BOX.match(text) or P.PUBLICATION_NOTE.match(text)
        or P.EDITOR_NOTE.match(text) or P.BRACKETED_FIELD_NOTE.match(text) or P.SIGNATURE_DATE_LINE.match(text)
        or P.PHOTO_CAPTION.search(text)
        or P.DIGEST_SOURCE.search(text) or P.ORDINAL_LEAD.match(text) or "\t" in text
        or text.startswith("——")
    )


@lru_cache(maxsize=MEMO_SIZE)
def is_interpretation_heading(text: str) -> bool:
    """`解读 | …`, `…答记者问`, a short press-conference heading."""
    return bool(P.INTERPRETATION_HEAD.match(text) or P.PRESS_QA.search(text)
                or (P.PRESS_CONFERENCE.search(text) and width(text) <= 70 and not P.PROSE_PUNCT.search(text)))


@lru_cache(maxsize=MEMO_SIZE)
def title_like(text: str) -> bool:
    """Could be a title: short enough, not structural, no sentence end (but an interpretation heading)."""
    if width(text) > MAX_TITLE or len(text) < 4 or structural(text):
        return False
    if ends_terminal(text) and not is_interpretation_heading(text):
        return False
    return True


@lru_cache(maxsize=MEMO_SIZE)
def ends_title(text: str) -> bool:
    """Ends with a 文种 word (通知, 意见, …) or 答记者问."""
    return bool(P.TITLE_END.search(text) or P.PRESS_QA.search(text))


def quoted_from(text: str, start: int) -> str | None:
    """The title quoted by the 《 at `text[start]`, up to its own closing 》 (titles nested inside it
    skipped), its inner book marks as a title prints them: by the Chinese nesting convention a title
    quoted inside 《》 marks the titles it names with 〈〉 (`《…印发〈X〉的通知》`), which on their own are
    `…印发《X》的通知`. None when the 《 is never closed."""
    if start >= len(text) or text[start] != "《":
        return None
    depth = 0
    for k in range(start, len(text)):
        c = text[k]
        if c == "《":
            depth += 1
        elif c == "》":
            depth -= 1
            if depth == 0:
                inner = unquoted(text[start + 1:k])
                return inner or None
    return None


def unquoted(inner: str) -> str:
    """A title quoted inside 《》 as it prints on its own: the titles it names one level up, by the nesting
    convention 《》 outside, 〈〉 inside them, 《》 again a level further (`关于印发〈贯彻落实〈某某法〉的方案〉的
    通知`, as a compiler quotes it, → `关于印发《贯彻落实〈某某法〉的方案》的通知`)."""
    out, depth = [], 0
    for c in inner:
        if c in "《〈":
            depth += 1
            out.append("《" if depth % 2 else "〈")
        elif c in "》〉":
            out.append("》" if depth % 2 else "〉")
            depth = max(depth - 1, 0)
        else:
            out.append(c)
    return "".join(out)
