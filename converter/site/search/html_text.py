"""What search reads of a page: its built HTML as title, headings and body text, and its front matter
(文号, issuing bodies, kind, date, sources) as a `Page` record."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from converter.perf.packed import text_of
from converter.vocab import patterns as P

#: Pages not searched: conversion reports are diagnostics, not content.
SKIP_URL_PREFIXES = ("reports/",)
#: Sections of a document page that only link elsewhere: their words belong to other pages.
SKIP_SECTIONS = frozenset({"相关文件", "出处", "政策目标"})
#: Pages that are not documents (lists of documents) count this much (rank.py), and only their first
#: LIST_BODY_CHARS characters of body are indexed (their lists repeat the titles of documents, which
#: are indexed on the documents' own pages).
W_LIST_PAGE = 0.35
LIST_BODY_CHARS = 1500
#: Segment names: non-document pages; documents of issues without a year (else the issue's year).
LISTS, UNDATED = "lists", "misc"


class TextParser(HTMLParser):
    """Plain text of a page's content: blocks on their own lines; heading text kept apart; the
    permalink anchors (¶) and the SKIP_SECTIONS h2 sections left out."""

    BLOCKS = frozenset("p li dt dd td th h1 h2 h3 h4 h5 h6 blockquote pre div tr br".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[str] = []
        self.buf: list[str] = []
        self.heading: list[str] | None = None
        self.heading_tag: str | None = None
        self.skip_depth = 0          # inside <a class="headerlink">, <script>, <style>
        self.skipping_section = False

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if text and not self.skipping_section:
            self.blocks.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.skip_depth or tag in ("script", "style") or (tag == "a" and "headerlink" in (a.get("class") or "")):
            self.skip_depth += 1
            return
        if tag in self.BLOCKS:
            self.flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = []
            self.heading_tag = tag

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag in ("a", "script", "style"):
                self.skip_depth -= 1
            return
        if self.heading is not None and tag == self.heading_tag:
            text = re.sub(r"\s+", " ", "".join(self.heading)).strip()
            if tag == "h2":
                self.skipping_section = text in SKIP_SECTIONS
            if text and not self.skipping_section:
                self.headings.append(text)
            self.heading = None
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.skip_depth:
            return
        self.buf.append(data)
        if self.heading is not None:
            self.heading.append(data)

    def close(self):
        super().close()
        self.flush()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", P.SEARCH_ZERO_WIDTH.sub("", text or "")).strip()


class Page:
    """One searched page: what rank.py weighs and docs.js lists."""
    __slots__ = ("url", "title", "sub", "number", "meta", "headings", "body", "weight", "segment", "facets")

    def __init__(self, url, title, sub, number, meta, headings, body, weight, segment=UNDATED, facets=None):
        self.url, self.title, self.sub, self.number = url, title, sub, number
        self.meta, self.headings, self.body, self.weight = meta, headings, body, weight
        self.segment, self.facets = segment, facets

    def row(self) -> list:
        """[url, title, line under the title] (results show clean titles), and a document's facets
        (shards.write_segments turns their values into numbers of docs.js's facet lists)."""
        row = [self.url, clean(self.title), clean(self.sub)]
        if self.facets:
            row.append(self.facets)
        return row


def page_url(page) -> str:
    return unquote(page.url or "index.html")             # the browser encodes it again


def searched(url: str) -> bool:
    return not url.startswith(SKIP_URL_PREFIXES)


#: Years of issues per segment. A query loads one shard per term from every segment, so the bytes a
#: query loads grow with the number of segments: at 100 issues (9 years) 675 KB a query, at 1,000
#: issues (84 years) about ten times that with a segment per year. So years before the latest decade
#: are a segment per decade (`layout`); the latest decade is two: its years before the latest year, and
#: the latest year alone, which is where a new issue goes. A new issue then rebuilds a year's segment
#: (at most 12 monthly issues; ~340 documents at 1,000 issues) and `lists`, not its decade's (~3,400);
#: the decade's earlier years are rebuilt once a year (the first issue of a year), the decade merged
#: once a decade, from the pages' cached postings. At most two segments more than a segment per decade.
SEGMENT_YEARS = 10


def segment_of(meta: dict) -> str:
    """Documents: the earliest year among the issues that brought them (`2031`; `layout` groups the
    years into segments); other pages: LISTS."""
    if not meta.get("kind"):
        return LISTS
    years = [int(m[1]) for s in meta.get("sources") or () if isinstance(s, dict)
             and (m := P.ISSUE_URL_YEAR.search(str(s.get("url") or "")))]
    return str(min(years)) if years else UNDATED


def layout(years) -> dict[str, str]:
    """The segment of each name segment_of gives (years, LISTS, UNDATED), from all of them: a decade
    before the latest year's decade is one segment named by its first year (`2020` for 2020–2029); in
    the latest decade the years before the latest are one segment (`2100` for 2100 alone, `2100-2102`),
    the latest year another (`2103`). LISTS and UNDATED stay themselves. Decided by the set of years
    alone, so a cold build and an incremental one lay out the same corpus alike."""
    dated = sorted(int(y) for y in years if y.isdigit())
    out = {y: y for y in years if not y.isdigit()}
    if not dated:
        return out
    latest = dated[-1]
    current = latest // SEGMENT_YEARS * SEGMENT_YEARS
    earlier = str(current) if latest - 1 == current else f"{current}-{latest - 1}"
    for y in dated:
        if y < current:
            out[str(y)] = str(y // SEGMENT_YEARS * SEGMENT_YEARS)
        else:
            out[str(y)] = str(y) if y == latest else earlier
    return out


def page_from(page, site_name: str | None) -> Page:
    """What search needs of one built MkDocs page (meta, title, url, content)."""
    meta = page.meta or {}
    parser = TextParser()
    parser.feed(text_of(page.content) or "")
    parser.close()
    # front matter titles are stored HTML-escaped (render.front_matter); the index holds the text, which
    # policy-search.js escapes once when it shows it
    title = clean(html.unescape(str(meta.get("title") or "")) or str(page.title or site_name or ""))
    blocks = parser.blocks
    if blocks and blocks[0] == title:                    # the page's own h1
        blocks = blocks[1:]
    headings = [h for h in parser.headings if h != title]
    number = clean(meta.get("doc_number") or "")
    issuers = [clean(str(i)) for i in meta.get("issuers") or []]
    is_document = bool(meta.get("kind"))
    # the result's line under its title, in the card's words: 文种, 文号, 发文机关, date as readers write it
    sub = " · ".join(x for x in (clean(meta.get("type_label") or meta.get("kind_label") or ""), number,
                                 "、".join(issuers[:3]) + ("等" if len(issuers) > 3 else ""),
                                 clean(str(meta.get("date_text") or meta.get("date") or ""))) if x)
    body = "\n".join(blocks)
    return Page(page_url(page), title, sub, number, " ".join(issuers), headings,
                body if is_document else body[:LIST_BODY_CHARS], 1.0 if is_document else W_LIST_PAGE,
                segment_of(meta), facets_of(meta) if is_document else None)


#: The facets a search can filter by, in the order docs.js lists them (the page's front matter
#: `facets`, written by render); status is not among them: the browser computes it from the dates.
FACETS = ("department", "year", "doctype", "kind", "level")


def facets_of(meta: dict) -> dict | None:
    """A document's facet values ({facet: [values]}) and the dates its status is computed from."""
    f = meta.get("facets")
    if not isinstance(f, dict):
        return None
    out: dict = {}
    for name in FACETS:
        v = f.get(name)
        values = v if isinstance(v, list) else ([] if v in (None, "") else [v])
        out[name] = [clean(str(x)) for x in values if str(x).strip()]
    out["status"] = [clean(str(f.get("commence") or "")), clean(str(f.get("expire") or "")),
                     1 if f.get("repealed") else 0] if f.get("policy") else None
    return out
