"""How a line of Chinese text is shaped: its normal form, display width, how it ends, whether its
brackets close."""
from __future__ import annotations

from functools import lru_cache

from converter.vocab import patterns as P


@lru_cache(maxsize=1 << 14)
def width(text: str) -> float:
    """Display width: a CJK character or full-width sign is 1, ASCII is 0.5."""
    return len(text) - 0.5 * len(P.NARROW_CHAR.findall(text))


def ends_terminal(text: str) -> bool:
    """Ends with terminal punctuation, maybe followed by closing quotes or brackets (P.TERMINAL_PUNCT)."""
    core = text.rstrip(P.CLOSING_MARKS)
    return bool(core) and core[-1] in P.TERMINAL_PUNCT


def unbalanced(text: str) -> bool:
    """A 《title》 or “quote” opened and not closed: the text cannot end here."""
    return text.count("《") > text.count("》") or text.count("“") > text.count("”")


def glue(a: str, b: str) -> str:
    """Join two pieces of one paragraph: no space inside Chinese text, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def normalise(text: str) -> str:
    """One line's text as the converter compares and shows it."""
    if not P.NORMALISABLE.search(text):
        return text                                     # nothing below would change it
    if "\t" not in text and not P.NORMALISABLE.search(stripped := text.strip()):
        return stripped                                 # white space at the ends only: stripped below
    text = P.ZERO_WIDTH.sub("", text)
    text = P.INVISIBLE_CONTROL.sub("", text)
    text = text.replace("\r", "")
    cells = [P.HSPACE.sub(" ", c).strip() for c in text.split("\t")]
    # Tabs kept: they separate table cells / TOC pages. The space rules work inside a cell, never
    # across a tab (`1<TAB>名称` is two cells, not `1名称`). A row of three or more cells keeps its
    # empty cells (a cell merged with the one above, a section row `（一）…<TAB><TAB>`): they hold the
    # other cells in their columns. A single stray tab is dropped with its empty cell.
    cells = [P.SPACE_AROUND_PUNCT.sub("", P.SPACE_AROUND_DIGIT.sub("", c)) for c in cells]
    if len(cells) >= 3 and sum(1 for c in cells if c):
        return "\t".join(cells)
    return "\t".join(c for c in cells if c)
