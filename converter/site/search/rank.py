"""A page's postings: term → integer weight, fixed at build time from where the term occurs.

Title ×10, 文号 ×16, issuing departments ×3, headings ×3 (1 + log tf each), body ×1 (BM25-saturated
and length-normalised against a fixed length, AVG_BODY, so that a page's postings depend on the page
alone); pages that are not documents count ×W_LIST_PAGE (html_text.py) so that documents come first.
The browser computes idf from the postings of all segments (policy-search.js).

What the browser ranks by besides the weights is in the postings too, so that a query needs no row of
a page it does not show (shards.py):

* positional bigrams of the title: a title bigram's posting also holds a TITLE_POSITIONS-bit mask of
  its positions in the title (bit p mod 32), so that the browser sees whether the title holds a query
  word contiguously (`[weight, mask]` instead of the weight);
* exact keys (terms.EXACT_*): a document's whole title, each part of the line under its title (文种,
  文号, issuing bodies, date) and the 〔year〕number keys of its own 文号, for what comes first whatever
  the scores (policy-search.js `precedence`).
"""
from __future__ import annotations

import math
import re
from sys import intern
from collections import defaultdict

from converter.site.search.html_text import LISTS, Page
from converter.site.search.terms import (EXACT_LINE, EXACT_NUMBER, EXACT_TITLE, Segmenter, normalize, number_full,
                                         number_key, terms)
from converter.vocab import patterns as P

#: Field weights (see the module docstring).
W_TITLE, W_NUMBER, W_META, W_HEADING, W_BODY = 10.0, 16.0, 3.0, 3.0, 1.0
#: Postings store round(weight * SCALE) as integers.
SCALE = 4
#: BM25 parameters for the body field; AVG_BODY is the body length (characters) that counts as
#: average: fixed rather than the corpus' average, so a page's postings do not change with the corpus.
K1, B = 1.2, 0.75
AVG_BODY = 3000
#: Bits of a title bigram's position mask (JavaScript's bit operations are on 32 bits): positions of
#: longer titles wrap around, which can only make a scattered title look contiguous, never the reverse.
TITLE_POSITIONS = 32


def title_masks(title: str) -> dict[str, int]:
    """bigram → mask of its positions (mod TITLE_POSITIONS) in a normalised title."""
    masks: dict[str, int] = defaultdict(int)
    for m in P.SEARCH_CJK_RUN.finditer(title):
        run = m[0]
        for i in range(len(run) - 1):
            masks[run[i:i + 2]] |= 1 << ((m.start() + i) % TITLE_POSITIONS)
    return masks


def squeezed(text: str) -> str:
    """A text as the browser compares it whole: normalised, without white space."""
    return re.sub(r"\s+", "", normalize(text))


def exact_keys(p: Page) -> list[str]:
    """A document's exact keys (terms.EXACT_*): its title, the parts of its line, its own 文号 keys, as the
    browser compares them: normalised, without white space. Pages that are not documents have none."""
    if p.segment == LISTS:
        return []
    title = squeezed(p.title)
    keys = [EXACT_TITLE + title] if title else []
    keys += [EXACT_LINE + part for part in (squeezed(x) for x in p.sub.split(" · ")) if part]
    for m in P.SEARCH_DOC_NUMBER.finditer(normalize(p.sub)):
        keys.append(EXACT_NUMBER + (number_key(m["year"], m["num"]) if m["year"] else number_key(m["year2"], m["num2"])))
    return list(dict.fromkeys(keys))


def page_postings(p: Page, seg: Segmenter | None) -> dict[str, int | list[int]]:
    """term → integer weight of one page, or [weight, title position mask] for a bigram of its title;
    depends on the page alone."""
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
    # terms interned: a segment's pages share one string per term (a bigram's str is ~78 bytes, and a
    # page has ~1,500 of them: half of what a segment's records held), and so do their pickles
    out: dict[str, int | list[int]] = {intern(t): max(1, round(w * p.weight * SCALE)) for t, w in weights.items()}
    for t, mask in title_masks(normalize(p.title)).items():
        out[t] = [out[t], mask]
    out.update((k, 1) for k in exact_keys(p))
    return out


def prefetch(pages: list[Page], seg: Segmenter | None) -> None:
    """Segment the fields that get jieba words (titles, metadata, headings) on every core at once."""
    if seg:
        seg.prefetch([normalize(t) for p in pages for t in (p.title, p.meta, " ".join(p.headings))])


def record(p: Page, seg: Segmenter | None) -> tuple[list[str], str, dict[str, int]]:
    """What a segment needs of a page, and what the cache keeps of it: (row, body, postings)."""
    return p.row(), p.body, page_postings(p, seg)
