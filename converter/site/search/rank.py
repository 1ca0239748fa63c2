"""A page's postings: term → integer weight, fixed at build time from where the term occurs.

Title ×10, 文号 ×16, issuing departments ×3, headings ×3 (1 + log tf each), body ×1 (BM25-saturated
and length-normalised against a fixed length, AVG_BODY, so that a page's postings depend on the page
alone); pages that are not documents count ×W_LIST_PAGE (html_text.py) so that documents come first.
The browser computes idf from the postings of all segments (policy-search.js).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

from converter.site.search.html_text import Page
from converter.site.search.terms import Segmenter, normalize, number_full, number_key, terms
from converter.vocab import patterns as P

#: Field weights (see the module docstring).
W_TITLE, W_NUMBER, W_META, W_HEADING, W_BODY = 10.0, 16.0, 3.0, 3.0, 1.0
#: Postings store round(weight * SCALE) as integers.
SCALE = 4
#: BM25 parameters for the body field; AVG_BODY is the body length (characters) that counts as
#: average: fixed rather than the corpus' average, so a page's postings do not change with the corpus.
K1, B = 1.2, 0.75
AVG_BODY = 3000


def page_postings(p: Page, seg: Segmenter | None) -> dict[str, int]:
    """term → integer weight of one page; depends on the page alone."""
    weights: dict[str, float] = defaultdict(float)
    for text, w in ((p.title, W_TITLE), (p.meta, W_META), (" ".join(p.headings), W_HEADING)):
        for t, tf in terms(normalize(text), seg).items():
            weights[t] += w * (1 + math.log(tf))
    body = normalize(p.body)
    norm = K1 * (1 - B + B * max(1, len(body)) / AVG_BODY)
    for t, tf in terms(body, None).items():
        weights[t] += W_BODY * tf * (K1 + 1) / (tf + norm)
    if p.number:
        n = normalize(p.number)
        for m in P.SEARCH_DOC_NUMBER.finditer(n):
            prefix, year, num = (m["prefix"], m["year"], m["num"]) if m["year"] else (m["prefix2"], m["year2"], m["num2"])
            weights[number_key(year, num)] += W_NUMBER
            if prefix:
                weights[number_full(prefix, year, num)] += W_NUMBER
        weights[re.sub(r"\s+", "", n)] += W_NUMBER     # as printed: `民政部令第69号` has no bracketed year
        for t in terms(n, None):
            weights[t] += W_NUMBER / 4
    return {t: max(1, round(w * p.weight * SCALE)) for t, w in weights.items()}


def prefetch(pages: list[Page], seg: Segmenter | None) -> None:
    """Segment the fields that get jieba words (titles, metadata, headings) on every core at once."""
    if seg:
        seg.prefetch([normalize(t) for p in pages for t in (p.title, p.meta, " ".join(p.headings))])


def record(p: Page, seg: Segmenter | None) -> tuple[list[str], str, dict[str, int]]:
    """What a segment needs of a page, and what the cache keeps of it: (row, body, postings)."""
    return p.row(), p.body, page_postings(p, seg)
