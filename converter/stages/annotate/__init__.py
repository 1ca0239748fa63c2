"""Validity, citations, anchors and quantified targets read from a document's body: pure functions.

Input: a document as a sequence of blocks, each `(kind, text)` with kind one of the converter's block
kinds (h2 h3 h4 p lead qa table signature attachment note title docno date column_start column_end:
see `converter.extract.structure`; a table's text may be empty). `converter.model.Block` objects are accepted
too (their `kind` and `text` are read). Output: the frozen records of converter/model.py (Span … Target, Facts); every fact keeps a `Span(block,
start, end)`, character offsets into that block's text as given (block −1 is the `title` argument).

Text is read in a normalised form, the facts' string fields hold that form: full-width digits and
letters made ASCII, ％ → %, ．between digits → ., ○/Ｏ next to Chinese numerals → 〇, and white space
dropped unless it separates two ASCII letters or a letter and a digit (PDF extraction leaves
`2025 年 1 月` and `20 25`). Spans are mapped back to the text as given, so
`text[span.start:span.end]` is the printed stretch.

By job, one module each (every regular expression in converter/vocab/patterns.py, the words the
target patterns are built from in converter/data/annotate.yaml):

    text.py       the normalised view of a text, numerals (cn2an), dates
    citations.py  `citations`, `document_citations`: 《title》, 文号, down to the article
    validity.py   `validity` (commencement, expiry, trial, repeals, amendments) and `status`
    anchors.py    `anchors`, `article_anchor`: stable ids of articles, headings, paragraphs
    targets.py    `targets`: quantified targets with year, quantity, unit and subject
    script.py     `python -m converter.stages.annotate FILE...`

`facts(document)` reads all of them for one extracted Document (the pipeline's annotate step).
"""
from __future__ import annotations

from converter.model import (Amendment, Anchor, Citation, Commencement, Expiry, Facts, Span, Target, Trial,
                             Validity)
from converter.stages.annotate.anchors import anchors, article_anchor
from converter.stages.annotate.citations import citations, document_citations
from converter.stages.annotate.script import _title_lines, guess_blocks, main  # noqa: F401
from converter.stages.annotate.targets import targets
from converter.stages.annotate.text import normalise
from converter.stages.annotate.validity import (EXPIRED, IN_FORCE, NOT_YET, REPEALED, STATUSES, UNSTATED,
                                                status, validity)

__all__ = ["Amendment", "Anchor", "Citation", "Commencement", "Expiry", "Facts", "Span", "Target", "Trial",
           "Validity", "anchors", "article_anchor", "citations", "document_citations", "facts", "guess_blocks",
           "normalise", "status", "targets", "validity", "EXPIRED", "IN_FORCE", "NOT_YET", "REPEALED",
           "UNSTATED", "STATUSES"]


def facts(blocks, title: str = "", doc_date: str | None = None) -> Facts:
    """Every fact of one document: its blocks (records or (kind, text) pairs), title and date."""
    return Facts(validity=validity(blocks, doc_date, title), citations=document_citations(blocks),
                 anchors=anchors(blocks), targets=targets(blocks, doc_date))
