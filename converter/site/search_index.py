"""Site search of our own: a MkDocs hook that writes a segmented, sharded index as `<script>` files.

Registered in mkdocs.yml (`hooks: [converter/site/search_index.py]`), so `mkdocs build`, `policy-site build`
and `policy-site serve` all write it. Loaded as a MkDocs hook (a file, not a package module); of the
converter package it uses only the cache store (converter/store.py), shared with page_cache.py.

Why not Material's search: it runs lunr in a Web Worker that is fetched, which Chromium refuses for
file:// pages (search silently returns nothing), and Material's `offline` plugin loads a shim from
unpkg.com and Google Fonts. Here every index file is a classic script that calls a global register
function (`__policySearch.meta/shard/text`, defined in docs/assets/policy-search.js), so the same
site works served over http and opened from disk, with no request leaving the site.

Segments. Pages are indexed in segments, as a search engine keeps its index in segments: documents
by the year of the first issue that brought them (`2024`; `misc` when no issue has a year), every
other page (lists, issues, hand-written pages) in `lists`. Each segment is a small index of its own,
and its files depend on its own pages only. A new issue therefore rebuilds the segment of its year and
`lists`; every other segment's files come from the cache as they were (see IndexCache).

Files written into `<site>/search/`:

    docs.js               [segment, pages, shard count] per segment, then one row per page in segment
                          order: [url, title, line under the title]; a page's number is its row
    s/<seg>/<k>.js        the segment's terms → postings [page in segment, weight, …], terms spread over
                          2^n shards by an FNV-1a hash of the term; a query loads only its terms' shards
    t/<seg>/<c>.js        the plain texts of pages c·TEXTS_PER_FILE … of the segment, loaded only for
                          results on screen (snippets, phrase check)

Terms (the browser derives the same terms from a query without jieba, see policy-search.js):

    * CJK bigrams of every run of CJK characters (recall for any word, typed in any segmentation);
    * jieba words of 3+ characters in titles, metadata and headings, segmented with the corpus user
      dictionary (docs/data/search-words.txt): a query that is a whole word gets a bonus;
    * lower-cased Latin/digit tokens (`5g`, `rcep`, `2024`);
    * 文号 keys: `〔2024〕1104` for any bracket style (〔〕 [] ［］ （） () 【】) and `2024年第5号`, plus the
      whole 文号 `发改环资〔2024〕1104号` (canonical brackets, and as printed, which also covers forms
      without a year such as `民政部令第69号`) for the page's own 文号 — a 文号 typed as printed finds it.

A posting's weight is fixed at build time from where the term occurs: title ×10, 文号 ×16,
issuing departments ×3, headings ×3, body ×1 (BM25-saturated and length-normalised against a fixed
length, AVG_BODY, so that a page's postings depend on the page alone); pages that are not documents
count ×0.35 so that documents come first, and only their first LIST_BODY_CHARS characters of body are
indexed (their lists repeat the titles of documents, which are indexed on the documents' own pages).
The browser computes idf from the postings of all segments.

Material's search plugin stays in mkdocs.yml only because Material's header renders the search box
when it is there; every page is marked `search: exclude` for it (its documented per-page switch),
so it indexes nothing, and its empty search_index.json is removed after the build. The search box
markup is overrides/partials/search.html (Material's classes, no `data-md-component="search"`, so
Material's bundle does not start its worker).
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import math
import os
import re
import shutil
import unicodedata
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from mkdocs.plugins import event_priority

from converter.perf import parallel as fork
from converter.perf import codec
from converter.perf.store import Store, store_path

log = logging.getLogger("mkdocs.hooks.search_index")

#: Index format version: docs.js carries it, so a stale page and a new index do not mix silently.
#: Bump it whenever the files change in a way policy-search.js must know.
VERSION = 2
#: The cache is keyed by this module's own code: any change of terms, weights or files starts afresh.
CODE = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()
#: Output folder inside the site.
OUT = "search"
#: The jieba user dictionary written by `convert` (same path as converter.render.SEARCH_WORDS).
USER_DICT = "data/search-words.txt"
#: Pages not searched: conversion reports are diagnostics, not content.
SKIP_URL_PREFIXES = ("reports/",)
#: Sections of a document page that only link elsewhere: their words belong to other pages.
SKIP_SECTIONS = frozenset({"相关文件", "出处"})
#: Field weights (see module docstring).
W_TITLE, W_NUMBER, W_META, W_HEADING, W_BODY = 10.0, 16.0, 3.0, 3.0, 1.0
#: Weight of pages that are not documents (lists of documents), and how much of their body is indexed.
W_LIST_PAGE = 0.35
LIST_BODY_CHARS = 1500
#: Postings store round(weight * SCALE) as integers.
SCALE = 4
#: BM25 parameters for the body field; AVG_BODY is the body length (characters) that counts as
#: average: fixed rather than the corpus' average, so a page's postings do not change with the corpus.
K1, B = 1.2, 0.75
AVG_BODY = 3000
#: Target size of one shard file of a segment in bytes; its shard count is the next power of two.
#: A query loads one shard per term from every segment, so shards are small; but every file costs
#: time to write (creating a file, not its bytes, is most of writing the index), so not tiny.
SHARD_BYTES = 24_000
MAX_SHARDS = 1024
#: Page texts per file (for the same reason: a few texts in one file instead of a file per page).
TEXTS_PER_FILE = 8
#: Segment names (see module docstring): non-document pages; documents of issues without a year.
LISTS, UNDATED = "lists", "misc"
#: The year of an issue in the URL of a document's source: `issues/2024-03-no12-….html`.
ISSUE_YEAR = re.compile(r"(?:^|/)issues/((?:19|20)\d\d)-")
#: The index cache (see IndexCache), relative to the folder of mkdocs.yml: one SQLite file per docs
#: folder. The environment variable POLICY_SEARCH_CACHE names another folder, or "off".
CACHE_DIR = ".cache/plugin/policy-search"
#: Below this many characters to segment, one process does it; above, every core (fork, see prefetch).
PARALLEL_CHARS = 200_000
#: Segments with this many pages to index are built in worker processes, when there are two or more.
PARALLEL_PAGES = 100

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(r"[a-z0-9]+")
#: A 文号 with a bracketed year (any bracket style once normalised) or `2024年第5号`.
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{CJK}a-z]*)\s*[〔\[【(]\s*(?P<year>(?:19|20)\d\d)\s*[〕\]】)]\s*第?\s*(?P<num>\d{{1,5}})\s*号?"
    rf"|(?P<prefix2>[{CJK}a-z]*?)(?P<year2>(?:19|20)\d\d)\s*年\s*第\s*(?P<num2>\d{{1,5}})\s*号")
ZERO_WIDTH = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")


# --- text normalisation, shared with policy-search.js ----------------------------------------------

_NORM_SEEN: set[str] = set()
_NORM_TABLE: dict[int, str] = {}


def normalize(text: str) -> str:
    """Per character NFKC + lower case when that gives one character (full-width → ASCII brackets and
    digits), zero-width characters removed. The browser does the same, character by character.
    (Each character is worked out once per process, then str.translate does the text.)"""
    text = ZERO_WIDTH.sub("", text)
    for ch in set(text) - _NORM_SEEN:
        n = unicodedata.normalize("NFKC", ch).lower()
        if len(n) == 1 and n != ch:
            _NORM_TABLE[ord(ch)] = n
        _NORM_SEEN.add(ch)
    return text.translate(_NORM_TABLE)


def number_key(year: str, num: str) -> str:
    return f"〔{year}〕{int(num)}"


def number_full(prefix: str, year: str, num: str) -> str:
    return f"{prefix}〔{year}〕{int(num)}号"


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bit) over code points, as in policy-search.js."""
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


_TOKENIZERS: dict[str, object] = {}


def _tokenizer(user_words: str):
    """A private jieba tokenizer per user dictionary *content*: loading a dictionary into jieba's
    global tokenizer adds to its frequency total, so a second build in one process would cut words
    differently. Keyed by content, two builds of the same corpus segment identically."""
    if user_words not in _TOKENIZERS:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        if user_words:
            tok.load_userdict(io.StringIO(user_words))
        _TOKENIZERS.clear()                # one corpus per process at a time; don't hoard memory
        _TOKENIZERS[user_words] = tok
    return _TOKENIZERS[user_words]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class Segmenter:
    """jieba with the corpus user dictionary; words of 3+ characters only (bigrams cover 2).

    Segmentations of whole texts are remembered by content (text_words) and prefetched on every core
    (prefetch). Between builds nothing of it is kept: the index cache keeps each page's postings."""

    def __init__(self, user_words: str = ""):
        self.user_words = user_words          # the user dictionary's text (jieba's format)
        self._jieba = None
        self.memo: dict[str, list[str]] = {}
        self.parallel = True

    def words(self, run: str) -> list[str]:
        if len(run) < 3:
            return []
        return [w for w in self.load().cut(run, HMM=False) if len(w) >= 3]

    def load(self):
        """The tokenizer, loaded on first use (its dictionary takes a while to load; a build whose index
        comes from the cache never needs it)."""
        if self._jieba is None:
            self._jieba = _tokenizer(self.user_words)
        return self._jieba

    def cut(self, text: str) -> list[str]:
        """The words of every CJK run of a normalised text."""
        out: list[str] = []
        for run in CJK_RUN.findall(text):
            if len(run) >= 3:
                out += self.words(run)
        return out

    def text_words(self, text: str) -> list[str]:
        k = _digest(text)
        words = self.memo.get(k)
        if words is None:
            words = self.memo[k] = self.cut(text)
        return words

    def prefetch(self, texts: list[str]) -> None:
        """Segment the texts not seen yet, split over the cores (forked workers) when there is much."""
        todo = {}
        for t in texts:
            k = _digest(t)
            if k not in self.memo and k not in todo:
                todo[k] = t
        if not todo:
            return
        keys = list(todo)
        workers = min(os.cpu_count() or 1, 8)
        size = sum(len(t) for t in todo.values())
        if not self.parallel or size < PARALLEL_CHARS or not fork.available(workers):
            results = [self.cut(todo[k]) for k in keys]       # `mkdocs serve` has threads: no fork there
        else:
            results = fork.undeal(fork.map_shares(self.cut, fork.deal([todo[k] for k in keys], workers)))
        self.memo.update(zip(keys, results))


def terms(text: str, seg: Segmenter | None) -> Counter:
    """Terms of a normalised text (see module docstring); with seg=None, no jieba words."""
    found: Counter = Counter()
    for m in DOC_NUMBER.finditer(text):
        year, num = (m["year"], m["num"]) if m["year"] else (m["year2"], m["num2"])
        found[number_key(year, num)] += 1
    for run in CJK_RUN.findall(text):
        found.update(bigrams(run))
    if seg:
        found.update(seg.text_words(text))
    found.update(WORD.findall(text))
    return found


# --- HTML → title, headings, body text ------------------------------------------------------------

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
        if self.heading is not None and tag == getattr(self, "heading_tag", None):
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
    return re.sub(r"\s+", " ", ZERO_WIDTH.sub("", text or "")).strip()


# --- pages ----------------------------------------------------------------------------------------

class Page:
    __slots__ = ("url", "title", "sub", "number", "meta", "headings", "body", "weight", "segment")

    def __init__(self, url, title, sub, number, meta, headings, body, weight, segment=UNDATED):
        self.url, self.title, self.sub, self.number = url, title, sub, number
        self.meta, self.headings, self.body, self.weight = meta, headings, body, weight
        self.segment = segment

    def row(self) -> list[str]:
        return [self.url, clean(self.title), clean(self.sub)]     # results show clean titles


def page_url(page) -> str:
    return _unquoted(page.url or "index.html")             # the browser encodes it again


@lru_cache(maxsize=8192)
def _unquoted(url: str) -> str:                            # asked a few times per page per build
    return unquote(url)


def searched(page) -> bool:
    return not (page_url(page).startswith(SKIP_URL_PREFIXES) or getattr(page, "_policy_search_excluded", False))


def segment_of(meta: dict) -> str:
    """Documents: the earliest year among the issues that brought them; other pages: LISTS."""
    if not meta.get("kind"):
        return LISTS
    years = [m[1] for s in meta.get("sources") or () if isinstance(s, dict)
             and (m := ISSUE_YEAR.search(str(s.get("url") or "")))]
    return min(years) if years else UNDATED


def page_from(page, config) -> Page | None:
    """What search needs of one MkDocs page, or None if the page is not searched."""
    if not searched(page):
        return None
    meta = page.meta or {}
    parser = TextParser()
    parser.feed(page.content or "")
    parser.close()
    # front matter titles are stored HTML-escaped (render.front_matter); the index holds the text, which
    # policy-search.js escapes once when it shows it
    title = clean(html.unescape(str(meta.get("title") or "")) or str(page.title or config.get("site_name") or ""))
    blocks = parser.blocks
    if blocks and blocks[0] == title:                    # the page's own h1
        blocks = blocks[1:]
    headings = [h for h in parser.headings if h != title]
    number = clean(meta.get("doc_number") or "")
    issuers = [clean(str(i)) for i in meta.get("issuers") or []]
    is_document = bool(meta.get("kind"))
    sub = " · ".join(x for x in (clean(meta.get("kind_label") or ""), number,
                                 "、".join(issuers[:3]) + ("等" if len(issuers) > 3 else ""),
                                 clean(str(meta.get("date") or ""))) if x)
    body = "\n".join(blocks)
    return Page(page_url(page), title, sub, number, " ".join(issuers), headings,
                body if is_document else body[:LIST_BODY_CHARS], 1.0 if is_document else W_LIST_PAGE,
                segment_of(meta))


def page_key(page, config, dictionary: str) -> str:
    """Everything page_from and page_postings read of a page (and the dictionary), as one digest."""
    meta = page.meta or {}
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([CODE, dictionary, page_url(page), page.title, config.get("site_name"),
                         {k: meta.get(k) for k in ("title", "doc_number", "issuers", "kind", "kind_label",
                                                   "date", "sources")}],
                        ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    h.update((page.content or "").encode("utf-8"))
    return h.hexdigest()


# --- postings -------------------------------------------------------------------------------------

def page_postings(p: Page, seg: Segmenter | None) -> dict[str, int]:
    """term → integer weight of one page (see module docstring); depends on the page alone."""
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
        for m in DOC_NUMBER.finditer(n):
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


def merged(posts: list[dict[str, int]]) -> dict[str, list[int]]:
    """One segment's postings: term → [page, weight, page, weight, …], pages numbered in order."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, page_posts in enumerate(posts):
        for t, w in page_posts.items():
            p = postings[t]
            p.append(i)
            p.append(w)
    return postings


def js_call(name: str, *args) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"__policySearch.{name}({body});\n"


def segment_files(name: str, posts: list[dict[str, int]], bodies: list[str]) -> tuple[int, dict[str, str]]:
    """(shard count, {path under search/: text}) of one segment, from its pages' postings and bodies."""
    postings = merged(posts)
    total = sum(3 * len(t) + 4 + 4 * len(p) for t, p in postings.items())
    shards = 1
    while shards < MAX_SHARDS and total / shards > SHARD_BYTES:
        shards *= 2
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for t in sorted(postings):
        buckets[shard_of(t, shards)][t] = postings[t]
    files = {f"s/{name}/{k}.js": js_call("shard", name, k, bucket) for k, bucket in enumerate(buckets)}
    files.update((f"t/{name}/{c}.js", js_call("text", name, c * TEXTS_PER_FILE,
                                               bodies[c * TEXTS_PER_FILE:(c + 1) * TEXTS_PER_FILE]))
                 for c in range(math.ceil(len(bodies) / TEXTS_PER_FILE)))
    return shards, files


def record(p: Page, seg: Segmenter | None) -> tuple[list[str], str, dict[str, int]]:
    """What a segment needs of a page, and what the cache keeps of it: (row, body, postings)."""
    return p.row(), p.body, page_postings(p, seg)


def segment_of_records(name: str, records: list[tuple]) -> tuple[tuple[int, dict[str, str]], list]:
    """((shard count, files), rows) of one segment, from its pages' records in order."""
    return segment_files(name, [r[2] for r in records], [r[1] for r in records]), [r[0] for r in records]


def write_index(site_dir: Path, pages: list[Page], seg: Segmenter | None) -> dict[str, int]:
    """The index of these pages, without a cache."""
    groups: dict[str, list[Page]] = defaultdict(list)
    for p in sorted(pages, key=lambda p: (p.segment, p.url)):
        groups[p.segment].append(p)
    prefetch(pages, seg)
    return write_segments(site_dir, {name: segment_of_records(name, [record(p, seg) for p in ps])
                                     for name, ps in groups.items()})


def write_segments(site_dir: Path, built: dict[str, tuple[tuple[int, dict[str, str]], list]]) -> dict[str, int]:
    """Write search/: every segment's files, then docs.js listing the segments and their rows."""
    out = site_dir / OUT
    if out.exists():                       # also Material's empty search_index.json
        shutil.rmtree(out)
    out.mkdir(parents=True)
    segments, rows = [], []
    for name in sorted(built):
        (shards, files), seg_rows = built[name]
        for folder in {path.rsplit("/", 1)[0] for path in files}:
            (out / folder).mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            (out / path).write_text(text, encoding="utf-8")
        segments.append([name, len(seg_rows), shards])
        rows += seg_rows
    (out / "docs.js").write_text(js_call("meta", {"v": VERSION, "segments": segments, "docs": rows}),
                                 encoding="utf-8")
    return {"pages": len(rows), "segments": len(segments), "shards": sum(s[2] for s in segments)}


# --- the cache ------------------------------------------------------------------------------------

class IndexCache:
    """Per page (by page_key): its row, indexed body and postings; per segment (by the keys of its
    pages): its files. Values as JSON (perf/codec.py: data, never code) compressed in a store (converter/store.py: one SQLite file
    per docs folder, entries the last build did not use dropped). A missing or damaged cache is a cold
    build, never a different index."""

    def __init__(self, path: Path | None):
        self.store = Store(path, ("pages", "segments"))
        self.hits = Counter()

    def get(self, table: str, key: str):
        data = self.store.get(table, key)
        try:
            value = codec.load_data(zlib.decompress(data)) if data is not None else None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            value = None
        self.hits[table] += value is not None
        return value

    def put(self, table: str, key: str, value) -> None:
        self.store.put(table, key, zlib.compress(codec.dump_data(value), 1))

    def keep(self, table: str, keys) -> None:
        self.store.keep(table, keys)

    def close(self) -> None:
        self.store.close()


def build_segments(entries: list[tuple[str, str, object]], config, seg: Segmenter, cache: IndexCache) -> dict:
    """{segment: ((shards, files), rows)} from (segment, page_key, mkdocs page) in segment order:
    segments whose pages all have the same keys as before come from the cache; the others are built,
    on every core when there are several, parsing and indexing only the pages not seen before."""
    groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name, key, page in entries:
        groups[name].append((key, page))
    built, jobs = {}, []
    for name, members in groups.items():
        seg_key = hashlib.blake2b(json.dumps([CODE, name, [k for k, _ in members]]).encode(),
                                  digest_size=16).hexdigest()
        if (hit := cache.get("segments", seg_key)) is not None:
            built[name] = hit
            cache.keep("pages", [key for key, _ in members])       # needed when the segment changes
        else:
            jobs.append((name, seg_key, members, {key: cache.get("pages", key) for key, _ in members}))
    for name, seg_key, value, new in _map_jobs(jobs, config, seg):
        built[name] = value
        for key, record in new.items():
            cache.put("pages", key, record)
        cache.put("segments", seg_key, value)
    return built


def index_segment(job, config, seg: Segmenter):
    """One segment's files and rows, and the records of its pages that were not cached."""
    name, seg_key, members, records = job
    missing = [(key, page_from(page, config)) for key, page in members if records[key] is None]
    prefetch([p for _, p in missing], seg)
    new = {key: record(p, seg) for key, p in missing}
    return name, seg_key, segment_of_records(name, [records[key] or new[key] for key, _ in members]), new


def _map_jobs(jobs: list, config, seg: Segmenter):
    """index_segment over the jobs: shared out to forked workers, one per core, when two or more
    segments have much to index (a cold build); here otherwise (and under `mkdocs serve`, which runs
    threads). Workers inherit the jobs (MkDocs pages are not sent through pipes), send back results."""
    def pending(job):
        return sum(r is None for r in job[3].values())

    todo = sorted(jobs, key=lambda j: (-pending(j), j[0]))
    workers = min(os.cpu_count() or 1, sum(1 for j in todo if pending(j) >= PARALLEL_PAGES))
    if not fork.available(workers):
        yield from (index_segment(job, config, seg) for job in todo)
        return
    shares: list[list] = [[] for _ in range(workers)]
    for job in todo:                                     # largest first, each to the least loaded
        min(shares, key=lambda share: sum(pending(j) for j in share)).append(job)
    seg.load()                                           # once, before the workers inherit it
    seg.parallel = False                                 # a worker segments its own pages: no forks of forks
    try:
        yield from fork.iter_shares(lambda job: index_segment(job, config, seg), shares)
    finally:
        seg.parallel = True


# --- MkDocs hook events ---------------------------------------------------------------------------

#: This build: {url: (segment, page_key, page)} of the pages to index; the user dictionary and its digest.
_state: dict = {"pages": {}}


def on_config(config):
    _state.clear()
    _state["pages"] = {}


def on_page_markdown(markdown, page, config, files):
    """Remember an author's own `search: exclude`; then exclude the page from Material's lunr index."""
    search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
    if search.get("exclude"):
        page._policy_search_excluded = True
    page.meta["search"] = {**search, "exclude": True}
    return markdown


def _dictionary(config) -> str:
    """The jieba user dictionary of the docs folder (read once per build); empty if there is none."""
    if "words" not in _state:
        path = Path(config["docs_dir"]) / USER_DICT
        _state["words"] = path.read_text(encoding="utf-8") if path.is_file() else ""
        _state["words_digest"] = _digest(_state["words"])
    return _state["words"]


def on_page_context(context, page, config, nav):
    if searched(page):
        _dictionary(config)
        _state["pages"][page_url(page)] = (segment_of(page.meta or {}),
                                           page_key(page, config, _state["words_digest"]), page)
    return context


@event_priority(-100)  # after Material's search plugin has written its (empty) index
def on_post_build(config):
    seg = Segmenter(_dictionary(config))
    cache = IndexCache(cache_file(config))
    try:
        entries = [entry for _, entry in sorted(_state["pages"].items(), key=lambda item: (item[1][0], item[0]))]
        stats = write_segments(Path(config["site_dir"]), build_segments(entries, config, seg, cache))
    finally:
        cache.close()
        on_config(config)
    stats.update(reused=cache.hits["segments"], pages_reused=cache.hits["pages"])
    log.info("search index: %(pages)d pages in %(segments)d segments (%(reused)d reused), %(shards)d shards; "
             "%(pages_reused)d page postings reused", stats)


def on_build_error(error):
    on_config(None)


def cache_file(config) -> Path | None:
    env = os.environ.get("POLICY_SEARCH_CACHE")
    if env and env.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(env) if env else Path(config.get("config_file_path") or ".").resolve().parent / CACHE_DIR
    return store_path(base, f"index-v{VERSION}", config["docs_dir"])
