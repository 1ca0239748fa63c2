"""What the layout generator makes and the typesetter and the trainer read: a compilation as its
publisher composed it, with the truth about every line and every document.

    composed = generate.compose(documents, family, seed)   # Composed: items + truth
    text, lines = render_text.render(composed)             # plain text, one LabelledLine per line
    pdf, pages = typeset.typeset(composed)                 # a PDF laid out on the GB/T 9704 grid

An `Item` is one logical line as composed (a title line, a paragraph, a table row, a TOC entry);
rendering to text may wrap it over several physical lines and insert page furniture, each physical
line keeping the item's role.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from converter.model import Role


@dataclass(frozen=True)
class DocTruth:
    """What the converter should find for one document (the fields of tests/labels/*.yaml)."""

    title: str                      # official title, whitespace removed except between issuer names
    heading: str | None             # compiler headline when printed above / instead of the title
    doc_number: str | None          # normalised 文号 or 令 number
    issuers: tuple[str, ...]        # canonical department names
    date: str | None                # YYYY-MM-DD
    kind: str                       # policy | interpretation | news | digest_item
    subtype: str | None             # 文种
    level: str                      # national | provincial | municipal
    interprets: int | None = None   # index (in Composed.documents) of the policy it interprets
    origin: str | None = None       # where the text came from: corpus id ("017"), "sample:…", "invented:…"


@dataclass(frozen=True)
class Item:
    """One logical line of the composed compilation."""

    role: Role
    text: str                       # a table row: its cells joined by tabs
    doc: int | None = None          # index into Composed.documents, None outside documents
    starts: bool = False            # the first item of its document
    level: int = 0                  # HEADING: 1 一、 2 （一） 3 1. …; TOC_ENTRY: its page (0 unknown)
    new_page: bool = False          # the typesetter starts a page here (a document on a new page)
    align: str = ""                 # "", "centre", "right": how the publisher sets it (typesetter)


@dataclass(frozen=True)
class Composed:
    """A whole compilation: what was composed, and with which knobs."""

    family: str                     # the layout family (leave-one-family-out evaluation)
    seed: int                       # the random seed it was made with (same seed, same compilation)
    knobs: dict = field(default_factory=dict)  # every choice made: TOC style, wrap width, footers, …
    items: tuple[Item, ...] = ()
    documents: tuple[DocTruth, ...] = ()
    publisher: str | None = None
    title: str | None = None        # 政策汇编 / 惠企政策汇编 / 政策月报 …
    issue: str | None = None        # 总第18期
    period: str | None = None       # 2025年8月


@dataclass(frozen=True)
class LabelledLine:
    """One physical line of a rendered compilation and its truth. Lines the renderer inserts (running
    headers, page numbers, blank lines) are Role.FURNITURE with doc and item None."""

    number: int                     # 1-based line number in the text
    text: str
    role: Role
    doc: int | None                 # index into Composed.documents
    starts: bool                    # the first line of its document
    item: int | None                # index into Composed.items (None for inserted furniture)
    page: int = 1                   # the page this line is on (as the furniture tells)
