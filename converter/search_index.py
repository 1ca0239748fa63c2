"""Site search of our own: a MkDocs hook that writes a sharded index as `<script>`-loadable files.

Registered in mkdocs.yml (`hooks: [converter/search_index.py]`), so `mkdocs build`, `policy-site build`
and `policy-site serve` all write it. Loaded as a MkDocs hook (a file, not a package module), hence
no imports from the converter package.

Why not Material's search: it runs lunr in a Web Worker that is fetched, which Chromium refuses for
file:// pages (search silently returns nothing), and Material's `offline` plugin loads a shim from
unpkg.com and Google Fonts. Here every index file is a classic script that calls a global register
function (`__policySearch.meta/shard/text`, defined in docs/assets/policy-search.js), so the same
site works served over http and opened from disk, with no request leaving the site.

Files written into `<site>/search/`:

    docs.js          one row per page: [url, title, line under the title, page weight], shard count
    s/<k>.js         term → postings, terms spread over 2^n shards by an FNV-1a hash of the term;
                     a query loads only the shards of its own terms
    t/<i>.js         the plain text of page i, loaded only for results on screen (snippets, phrase check)

Terms (the browser derives the same terms from a query without jieba, see policy-search.js):

    * CJK bigrams of every run of CJK characters (recall for any word, typed in any segmentation);
    * jieba words of 3+ characters, segmented with the corpus user dictionary
      (docs/data/search-words.txt): a query that is a whole word gets a bonus over scattered bigrams;
    * lower-cased Latin/digit tokens (`5g`, `rcep`, `2024`);
    * 文号 keys: `〔2024〕1104` for any bracket style (〔〕 [] ［］ （） () 【】) and `2024年第5号`, plus the
      whole 文号 `发改环资〔2024〕1104号` (canonical brackets, and as printed, which also covers forms
      without a year such as `民政部令第69号`) for the page's own 文号 — a 文号 typed as printed finds it.

A posting's weight is fixed at build time from where the term occurs: title ×10, 文号 ×16,
issuing departments ×3, headings ×3, body ×1 (BM25-saturated, length-normalised); other pages
than documents (department, issue, theme lists) count ×0.35 so that documents come first.

Material's search plugin stays in mkdocs.yml only because Material's header renders the search box
when it is there; every page is marked `search: exclude` for it (its documented per-page switch),
so it indexes nothing, and its empty search_index.json is removed after the build. The search box
markup is overrides/partials/search.html (Material's classes, no `data-md-component="search"`, so
Material's bundle does not start its worker).
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import re
import shutil
import threading
import unicodedata
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index")

#: Index format version; docs.js carries it so a stale page and a new index do not mix silently.
VERSION = 1
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
#: Weight of pages that are not documents (lists of documents).
W_LIST_PAGE = 0.35
#: Postings store round(weight * SCALE) as integers.
SCALE = 4
#: BM25 parameters for the body field.
K1, B = 1.2, 0.75
#: Target size of one shard file in bytes; the shard count is the next power of two.
SHARD_BYTES = 48_000
MAX_SHARDS = 4096
#: Segmentations kept between builds (jieba is most of the index's build time), relative to the folder
#: of mkdocs.yml: one file per user dictionary, texts keyed by a hash of their content, only the texts
#: of the last build kept. The environment variable POLICY_SEARCH_CACHE names another folder, or "off".
CACHE_DIR = ".cache/plugin/policy-search"
#: Below this many characters to segment, one process does it; above, every core (fork, see prefetch).
PARALLEL_CHARS = 200_000

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

    Segmentations of whole texts are remembered by content (text_words), prefetched on every core
    (prefetch), and kept between builds in cache_dir (save): a rebuild segments only changed pages."""

    def __init__(self, user_dict: Path | None, cache_dir: Path | None = None):
        user_words = user_dict.read_text(encoding="utf-8") if user_dict else ""
        self.jieba = _tokenizer(user_words)
        self.memo: dict[str, list[str]] = {}
        self.stored: dict[str, str] = {}
        self.cache_file = None
        self.hits = self.misses = 0
        if cache_dir is not None:
            self.cache_file = Path(cache_dir) / f"words-v{VERSION}-{_digest(user_words)}.json"
            try:
                self.stored = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.stored = {}

    def words(self, run: str) -> list[str]:
        if len(run) < 3:
            return []
        return [w for w in self.jieba.cut(run, HMM=False) if len(w) >= 3]

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
            if k in self.stored:
                self.hits += 1
                words = self.stored[k].split(" ") if self.stored[k] else []
            else:
                self.misses += 1
                words = self.cut(text)
            self.memo[k] = words
        return words

    def prefetch(self, texts: list[str]) -> None:
        """Segment the texts not cached yet, split over the cores (forked workers) when there is much."""
        todo = {}
        for t in texts:
            k = _digest(t)
            if k not in self.memo and k not in self.stored and k not in todo:
                todo[k] = t
        if not todo:
            return
        keys = list(todo)
        workers = min(os.cpu_count() or 1, 8)
        size = sum(len(t) for t in todo.values())
        if workers < 2 or size < PARALLEL_CHARS or threading.active_count() > 1 or not hasattr(os, "fork"):
            results = [self.cut(todo[k]) for k in keys]       # `mkdocs serve` has threads: no fork there
        else:
            results = self._parallel([todo[k] for k in keys], workers)
        self.misses += len(keys)
        self.memo.update(zip(keys, results))

    def _parallel(self, texts: list[str], workers: int) -> list[list[str]]:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        chunks = [list(range(i, len(texts), workers)) for i in range(workers)]
        procs = []
        for chunk in chunks[1:]:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_segment_worker, args=(self, [texts[i] for i in chunk], send), daemon=True)
            proc.start()
            send.close()
            procs.append((proc, recv, chunk))
        out: list[list[str] | None] = [None] * len(texts)
        for i in chunks[0]:
            out[i] = self.cut(texts[i])
        for proc, recv, chunk in procs:
            try:
                got = recv.recv()
            except (EOFError, OSError):           # a worker died: do its share here
                got = [self.cut(texts[i]) for i in chunk]
            for i, words in zip(chunk, got):
                out[i] = words
            recv.close()
            proc.join()
        return out  # type: ignore[return-value]

    def save(self) -> None:
        """Keep the segmentations of this build (only these: the file does not grow with old pages)."""
        if self.cache_file is None or not self.misses:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            for old in self.cache_file.parent.glob("words-*.json"):
                if old != self.cache_file:
                    old.unlink()
            tmp = self.cache_file.with_name(self.cache_file.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({k: " ".join(w) for k, w in self.memo.items()}, ensure_ascii=False,
                                      separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.cache_file)
        except OSError as exc:                      # a cache only: the build goes on without it
            log.info("search cache not written: %s", exc)


def _segment_worker(seg: Segmenter, texts: list[str], conn) -> None:
    try:
        conn.send([seg.cut(t) for t in texts])
    finally:
        conn.close()


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


# --- the index ------------------------------------------------------------------------------------

class Page:
    __slots__ = ("url", "title", "sub", "number", "meta", "headings", "body", "weight")

    def __init__(self, url, title, sub, number, meta, headings, body, weight):
        self.url, self.title, self.sub, self.number = url, title, sub, number
        self.meta, self.headings, self.body, self.weight = meta, headings, body, weight


def page_from(page, config) -> Page | None:
    """What search needs of one MkDocs page, or None if the page is not searched."""
    url = unquote(page.url or "index.html")               # the browser encodes it again
    if url.startswith(SKIP_URL_PREFIXES) or getattr(page, "_policy_search_excluded", False):
        return None
    meta = page.meta or {}
    parser = TextParser()
    parser.feed(page.content or "")
    parser.close()
    title = clean(str(meta.get("title") or page.title or config.get("site_name") or ""))
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
    return Page(url, title, sub, number, " ".join(issuers), headings, "\n".join(blocks),
                1.0 if is_document else W_LIST_PAGE)


def build_index(pages: list[Page], seg: Segmenter | None):
    """→ (docs rows, {term: [(doc, weight)]})."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = [max(1, len(p.body)) for p in pages]
    avg = sum(lengths) / len(lengths) if lengths else 1
    rows = []
    fields = [(normalize(p.title), normalize(p.meta), normalize(" ".join(p.headings)), normalize(p.body)) for p in pages]
    if seg:       # words for titles, metadata and headings; bodies are indexed by bigrams (jieba over
        seg.prefetch([t for f in fields for t in f[:3]])   # every body was most of a large build's time)
    for i, p in enumerate(pages):
        weights: dict[str, float] = defaultdict(float)
        for text, w in zip(fields[i][:3], (W_TITLE, W_META, W_HEADING)):
            for t, tf in terms(text, seg).items():
                weights[t] += w * (1 + math.log(tf))
        norm = K1 * (1 - B + B * lengths[i] / avg)
        for t, tf in terms(fields[i][3], None).items():
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
        for t, w in weights.items():
            postings[t].append((i, max(1, round(w * p.weight * SCALE))))
        rows.append([p.url, clean(p.title), clean(p.sub)])     # results show clean titles
    return rows, postings


def js_call(name: str, *args) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"__policySearch.{name}({body});\n"


def encode(post: list[tuple[int, int]]) -> list[int]:
    """[doc, weight, ...] with doc numbers delta-encoded."""
    out, last = [], 0
    for doc, w in post:
        out += [doc - last, w]
        last = doc
    return out


def write_index(site_dir: Path, pages: list[Page], seg: Segmenter | None) -> dict[str, int]:
    rows, postings = build_index(pages, seg)
    encoded = {t: encode(p) for t, p in postings.items()}
    total = sum(len(t) * 3 + 4 + len(json.dumps(p, separators=(",", ":"))) for t, p in encoded.items())
    shards = 1
    while shards < MAX_SHARDS and total / shards > SHARD_BYTES:
        shards *= 2
    out = site_dir / OUT
    if out.exists():                       # also Material's empty search_index.json
        shutil.rmtree(out)
    (out / "s").mkdir(parents=True)
    (out / "t").mkdir()
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for t in sorted(encoded):
        buckets[shard_of(t, shards)][t] = encoded[t]
    for k, bucket in enumerate(buckets):
        (out / "s" / f"{k}.js").write_text(js_call("shard", k, bucket), encoding="utf-8")
    for i, p in enumerate(pages):
        (out / "t" / f"{i}.js").write_text(js_call("text", i, p.body), encoding="utf-8")
    (out / "docs.js").write_text(js_call("meta", {"v": VERSION, "shards": shards, "docs": rows}), encoding="utf-8")
    return {"pages": len(pages), "terms": len(encoded), "shards": shards}


# --- MkDocs hook events ---------------------------------------------------------------------------

_pages: dict[str, Page] = {}
_excluded: set[str] = set()


def on_config(config):
    _pages.clear()
    _excluded.clear()


def on_page_markdown(markdown, page, config, files):
    """Remember an author's own `search: exclude`; then exclude the page from Material's lunr index."""
    search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
    if search.get("exclude"):
        page._policy_search_excluded = True
    page.meta["search"] = {**search, "exclude": True}
    return markdown


def on_page_context(context, page, config, nav):
    entry = page_from(page, config)
    if entry is not None:
        _pages[entry.url] = entry
    return context


@event_priority(-100)  # after Material's search plugin has written its (empty) index
def on_post_build(config):
    site_dir = Path(config["site_dir"])
    user_dict = Path(config["docs_dir"]) / USER_DICT
    seg = Segmenter(user_dict if user_dict.is_file() else None, cache_dir(config))
    pages = [_pages[u] for u in sorted(_pages)]
    stats = write_index(site_dir, pages, seg)
    seg.save()
    stats.update(hits=seg.hits, misses=seg.misses)
    log.info("search index: %(pages)d pages, %(terms)d terms in %(shards)d shards; "
             "segmentation cache %(hits)d hits, %(misses)d misses", stats)


def cache_dir(config) -> Path | None:
    env = os.environ.get("POLICY_SEARCH_CACHE")
    if env:
        return None if env.lower() in ("off", "0", "no", "false") else Path(env)
    base = Path(config.get("config_file_path") or ".").resolve().parent
    return base / CACHE_DIR
