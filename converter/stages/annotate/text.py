"""The normalised view of a block's text, and the numerals and dates read in it.
"""
from __future__ import annotations

import calendar
import datetime as _dt
from functools import lru_cache

from converter.model import Span
from converter.text.numerals import known_numeral, standard_numeral
from converter.vocab import patterns as P
from converter.vocab.patterns import (CLOSING_BRACKETS, OPENING_BRACKETS, FULLWIDTH_POINT, NEEDS_NORMALISING, PERIOD_END, PIECE_MARK, SPACE_RUN,
    ZERO_LIKE)


# ======================================================================================================
# The normalised view of a text, and numerals
# ======================================================================================================

FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "％": "%"})


class NormText:
    """A block's text as the patterns read it (`s`), with the way back to offsets in the text as given."""

    __slots__ = ("raw", "s", "_pos")

    def __init__(self, raw: str):
        self.raw = raw
        if not NEEDS_NORMALISING.search(raw):
            self.s, self._pos = raw, None
            return
        t = ZERO_LIKE.sub("〇", raw).translate(FULLWIDTH)                       # one for one
        pieces: list[str] = []
        pos: list[int] = []
        last = 0
        for m in SPACE_RUN.finditer(t):
            a, b = m.span()
            pieces.append(t[last:a])
            pos.extend(range(last, a))
            if 0 < a and b < len(t) and ascii_alnum(t[a - 1]) and ascii_alnum(t[b]) \
                    and not (t[a - 1].isdigit() and t[b].isdigit()):
                pieces.append(" ")
                pos.append(a)
            last = b
        pieces.append(t[last:])
        pos.extend(range(last, len(t)))
        self.s, self._pos = FULLWIDTH_POINT.sub(".", "".join(pieces)), pos     # one for one

    def span(self, block: int, i: int, j: int) -> Span:
        """The Span of s[i:j] in the text as given."""
        if self._pos is None:
            return Span(block, i, j)
        start = self._pos[i] if i < len(self._pos) else len(self.raw)
        end = self._pos[j - 1] + 1 if j > i else start
        return Span(block, start, end)


def ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


@lru_cache(maxsize=8192)
def norm_text(raw: str) -> NormText:
    """NormText(raw), made once per distinct text: every reader (validity, citations, anchors,
    targets) looks at the same blocks. A NormText is never changed once made."""
    return NormText(raw)


def normalise(text: str) -> str:
    """The normalised view of a text the facts' strings are written in (see the module docstring)."""
    return norm_text(text).s


@lru_cache(maxsize=4096)
def numeral_int(numeral: str) -> int | None:
    """`12`, `１２`, `十二`, `一百二十三`, `二〇二五`, `二○二五` → int; None when it is not a numeral."""
    t = ZERO_LIKE.sub("〇", numeral).translate(FULLWIDTH)
    if t.isascii() and t.isdigit():
        return int(t)
    if (n := known_numeral(t)) is not None:             # cn2an's answer, without importing it
        return n
    try:
        return int(_cn2an().cn2an(t, "normal"))
    except (ValueError, KeyError, TypeError):
        return None


def _cn2an():
    """cn2an, imported when a Chinese numeral is first read (its import takes a third of a second:
    a build whose issues all come from the cache never needs it)."""
    import cn2an
    return cn2an


def cn_numeral(n: int) -> str:
    """12 → 十二 (cn2an.an2cn; below 10000 written as it writes them, without importing it)."""
    return standard_numeral(n) or _cn2an().an2cn(n)


def numeral_value(numeral: str) -> float | None:
    """`13.5`, `2,000`, `五十`, `十万` → float."""
    if numeral[0].isdigit():
        return float(numeral.replace(",", ""))
    n = numeral_int(numeral)
    return None if n is None else float(n)


def iso_date(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """A date printed with digits or Chinese numerals → `YYYY-MM-DD`."""
    m = P.DATE.search(text) or P.DATE_CN.search(text)
    if not m:
        return None
    y, mo, d = numeral_int(m["y"]), numeral_int(m["m"]), numeral_int(m["d"])
    return iso_date(y, mo, d) if None not in (y, mo, d) else None


def period_end_date(text: str) -> str | None:
    """`2027年底` → 2027-12-31, `2025年6月底` → 2025-06-30."""
    m = PERIOD_END.search(text)
    if not m:
        return None
    y = numeral_int(m["y"])
    mo = numeral_int(m["m"]) if m["m"] else 12
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    return iso_date(y, mo, calendar.monthrange(y, mo)[1])


def plus_years_less_a_day(iso: str, years: int) -> str:
    """The last day of a period of `years` years starting on `iso` (2025-01-01, 5 → 2029-12-31)."""
    d = _dt.date.fromisoformat(iso)
    try:
        end = d.replace(year=d.year + years)
    except ValueError:                                  # 29 February → 1 March
        end = d.replace(year=d.year + years, month=3, day=1)
    return (end - _dt.timedelta(days=1)).isoformat()


def kind_text_pairs(blocks) -> list[tuple[str, str]]:
    """(kind, text) pairs from tuples or from objects with .kind and .text."""
    return [(b.kind, b.text or "") if hasattr(b, "kind") else (b[0], b[1] or "") for b in blocks]


def pieces(s: str, start: int, end: int, enders: str) -> list[tuple[int, int]]:
    """s[start:end] cut after each character of `enders` that is outside brackets and quotes."""
    out, depth, a = [], 0, start
    for m in PIECE_MARK.finditer(s, start, end):
        c = m.group()
        if c in OPENING_BRACKETS:
            depth += 1
        elif c in CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        elif c in enders and depth == 0:
            i = m.start()
            out.append((a, i + 1))
            a = i + 1
    if a < end:
        out.append((a, end))
    return out


def last_boundary(s: str, pos: int, chars: str) -> int:
    """The index after the last of `chars` before pos (0 when there is none)."""
    return max(s.rfind(c, 0, pos) for c in chars) + 1
