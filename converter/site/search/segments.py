"""Which segments come from the cache and which are built, and on how many cores.

Pages are indexed in segments, as a search engine keeps its index in segments: documents by the year
of the first issue that brought them (`2024`; `misc` when no issue has a year), years grouped into
segments by html_text.layout (a decade each, the latest decade in two: its latest year alone), every
other page in `lists`. Each segment's files depend on its own pages only, so a new issue rebuilds the
segment of the latest year and `lists`; every other segment's files come from the cache as they were
(IndexCache), the same bytes.

A segment's files are a pure function of its name and its pages' records (rank.record: row, indexed
body, postings), so a segment is keyed by the digests of its records, not by its pages' keys: a page
whose HTML changed outside what search reads (a new interpretation or citation listed in its 相关文件
section, which html_text leaves out) is parsed again, but its segment is not built again when every
record came out the same. At 100 issues one new issue changed the keys of a few pages of the decade's
segment (2,683 pages, 8,192 shards) and none of their records: that segment was most of the build.
Speed-ups only: `build_plain` gives the same index with neither cache nor workers (tested).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from converter.perf import parallel as fork
from converter.perf.packed import text_of
from converter.perf.store import Store
from converter.site.search.html_text import layout, page_from, page_url
from converter.site.search.rank import prefetch, record
from converter.site.search.shards import Built, Linkable, head_of, segment_of_records
from converter.site.search.terms import Segmenter

#: Segments with this many pages to index are built in worker processes, when there are two or more.
PARALLEL_PAGES = 100
#: The cache is keyed by the search package's own code: any change of terms, weights or files starts afresh.
CODE = hashlib.blake2b(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))),
                       digest_size=8).hexdigest()


def page_key(page, site_name: str | None, dictionary: str) -> str:
    """Everything page_from and page_postings read of a page (and the dictionary), as one digest."""
    meta = page.meta or {}
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([CODE, dictionary, page_url(page), page.title, site_name,
                         {k: meta.get(k) for k in ("title", "doc_number", "issuers", "kind", "kind_label",
                                                   "date", "sources")}],
                        ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    h.update((text_of(page.content) or "").encode("utf-8"))
    return h.hexdigest()


class IndexCache:
    """Per page (by page_key): its record (row, indexed body and postings) and the digest of the
    record; per segment (by the digests of its pages' records, `segment_key`): its files. Values as
    plain JSON (data, never code; tuples come back as lists, which is all the index reads of them)
    compressed in a store (perf/store.py: one SQLite file per docs folder, entries the last build did
    not use dropped). Plain json, not perf/codec.py's tagged data: its pure-Python walk over every
    posting was most of a one-new-issue index update (NOTES-incr.md).
    A missing or damaged cache is a cold build, never a different index."""

    def __init__(self, path: Path | None):
        self.store = Store(path, ("pages", "segments", "digests", "heads"))
        self.hits: Counter = Counter()
        self.keys: dict[str, str] = {}       # segment → its key in this build (iter_segments)

    def get(self, table: str, key: str):
        data = self.store.get(table, key)
        try:
            value = json.loads(zlib.decompress(data)) if data is not None else None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            value = None
        self.hits[table] += value is not None
        return value

    def put(self, table: str, key: str, value) -> None:
        self.store.put(table, key, zlib.compress(plain(value), 1))

    def put_segment(self, key: str, value: Built) -> None:
        """A segment's files and rows, and its head (shards.head_of: what a Linkable needs)."""
        self.put("segments", key, value)
        self.put("heads", key, head_of(value))

    def linkable(self, key: str) -> Linkable | None:
        """The stored segment of this key as a Linkable (its files not read), or None without a head.
        The segment itself is kept (the store drops what a build did not use) and read only if asked."""
        head = self.get("heads", key)
        if not (isinstance(head, dict) and {"shards", "sizes", "rows"} <= head.keys()):
            return None
        self.keep("segments", (key,))

        def load():
            value = self.get("segments", key)
            if value is None:
                raise LookupError(f"segment {key} not in the cache")
            return value
        return Linkable(head["shards"], head["sizes"], head["rows"], load)

    def put_page(self, key: str, rec, rec_digest: str) -> None:
        """A page's record and its digest (record_digest)."""
        self.put("pages", key, rec)
        self.store.put("digests", key, rec_digest.encode("ascii"))

    def digest(self, key: str) -> str | None:
        """The digest of the stored record of the page of this key (both are written by put_page and
        used, so kept, together; a record that cannot be read then is made again: `records`)."""
        data = self.store.get("digests", key)
        self.store.keep("pages", (key,))
        try:
            return data.decode("ascii") if data is not None else None
        except UnicodeDecodeError:
            return None

    def segment_keys(self) -> frozenset[str]:
        """The keys of every stored segment (read once a build: which segments a worker need not make)."""
        db = self.store.db
        if db is None:
            return frozenset()
        try:
            return frozenset(row[0] for row in db.execute("SELECT key FROM segments"))
        except sqlite3.Error:
            return frozenset()

    def keep(self, table: str, keys) -> None:
        self.store.keep(table, keys)

    def close(self) -> None:
        self.store.close()


def plain(value) -> bytes:
    """A cached value as the JSON bytes that are stored (and digested)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_digest(rec) -> str:
    """A page's record (row, body, postings) as one digest: what its segment's key is made of. Keys
    sorted: a segment's files do not depend on the order of a page's postings (shards.merged)."""
    text = json.dumps(rec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def segment_key(name: str, digests: list[str]) -> str:
    """A segment's key: its name and its pages' record digests in order (its files are a function of them)."""
    return hashlib.blake2b(json.dumps([CODE, name, digests]).encode(), digest_size=16).hexdigest()


def stored_page_keys(path: Path | None) -> frozenset[str]:
    """The page keys whose postings the cache at `path` holds (read only; empty when there is none):
    the incremental build reads a page it did not render only when its postings are not here."""
    if path is None or not Path(path).is_file():
        return frozenset()
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            # a record counts with its digest only: iter_segments asks for the digest of a page not read
            return frozenset(row[0] for row in db.execute("SELECT pages.key FROM pages JOIN digests "
                                                           "ON pages.key = digests.key"))
        finally:
            db.close()
    except sqlite3.Error:
        return frozenset()


def laid_out(entries: list[tuple[str, str, object]]) -> list[tuple[str, str, object]]:
    """(segment_of name, page_key, page) → (segment, page_key, page) by html_text.layout, in segment
    order, each segment's pages by URL (as a segment of one name was: pages of one source, which have
    alike URLs and postings, stay together, which gzip packs better: by year, then URL, the shards of a
    decade were half as large again at 100 issues)."""
    segment = layout({name for name, _, _ in entries})
    return sorted(((segment[name], key, page) for name, key, page in entries), key=lambda e: (e[0], page_url(e[2])))


def build_plain(entries: list[tuple[str, str, object]], site_name: str | None, seg: Segmenter | None) -> dict[str, Built]:
    """{segment: built} from (segment_of name, page_key, mkdocs page) sorted by name, then URL: every
    page parsed and indexed here, one after the other (what build_segments does faster)."""
    groups: dict[str, list] = defaultdict(list)
    for name, _, page in laid_out(entries):
        groups[name].append(page_from(page, site_name))
    out = {}
    for name, pages in groups.items():
        prefetch(pages, seg)
        out[name] = segment_of_records(name, [record(p, seg) for p in pages])
    return out


def build_segments(entries: list[tuple[str, str, object]], site_name: str | None, seg: Segmenter,
                   cache: IndexCache) -> dict[str, Built]:
    """build_plain's result: segments whose pages all have the same keys as before come from the
    cache; the others are built, on every core when there are several, parsing and indexing only the
    pages not seen before (`iter_segments`, collected)."""
    return dict(iter_segments(entries, site_name, seg, cache))


def iter_segments(entries: list[tuple[str, str, object]], site_name: str | None, seg: Segmenter,
                  cache: IndexCache, linkable: dict[str, str] | None = None):
    """(segment, built) of build_segments one at a time, in no fixed order, each taken from the cache
    or built when the caller asks for it: a caller that writes each segment's files before taking the
    next never holds more than one segment's (at 1,000 issues all of them were 5 GB at once). A
    segment's key is in cache.keys when it is given.

    A segment every page of which has a stored record is looked up by its key at once. Otherwise its
    new pages are parsed and indexed (index_segment: on every core when several segments have many, a
    cold build), which gives its key: a stored segment of that key is taken from the cache, else its
    files are made from the records, the stored ones read only then.

    `linkable`: {segment: key} whose files the previous site has (shards.previous_keys): a stored
    segment of that key is given as a shards.Linkable, its files not read (write_segments links them);
    at 1,000 issues a new issue's build decoded every unchanged decade's files only to link them."""
    linkable = linkable or {}
    groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name, key, page in laid_out(entries):
        groups[name].append((key, page))
    jobs = []
    known = cache.segment_keys()
    for name, members in groups.items():
        digests = {key: cache.digest(key) for key, _ in members}
        if None not in digests.values():
            seg_key = segment_key(name, [digests[key] for key, _ in members])
            if linkable.get(name) == seg_key and (light := cache.linkable(seg_key)) is not None:
                cache.keys[name] = seg_key
                yield name, light
                continue
            if (hit := cache.get("segments", seg_key)) is not None:
                cache.keys[name] = seg_key
                cache.put("heads", seg_key, head_of(hit))
                yield name, hit
                del hit
                continue
        jobs.append((name, members, digests, known))
    for name, seg_key, value, new in _map_jobs(jobs, site_name, seg):
        for key, (rec, rec_digest) in new.items():
            cache.put_page(key, rec, rec_digest)
        cache.keys[name] = seg_key
        members = groups[name]
        if value is CACHED and linkable.get(name) == seg_key and (light := cache.linkable(seg_key)) is not None:
            value = light                                         # its records are the same: files linked
        elif value is CACHED and (value := cache.get("segments", seg_key)) is not None:
            cache.put("heads", seg_key, head_of(value))
        else:
            if not isinstance(value, tuple):                     # made here from the records
                value = segment_of_records(name, records(members, new, cache, site_name, seg))
            cache.put_segment(seg_key, value)
        del new
        yield name, value
        del value


def records(members: list[tuple[str, object]], new: dict, cache: IndexCache, site_name: str | None,
            seg: Segmenter) -> list:
    """The records of a segment's pages in order: this build's new ones, the others from the cache (one
    that cannot be read is made again, and stored)."""
    out = []
    for key, page in members:
        if key in new:
            out.append(new[key][0])
        elif (rec := cache.get("pages", key)) is not None:
            out.append(rec)
        else:
            p = page_from(page, site_name)
            prefetch([p], seg)
            rec = record(p, seg)
            cache.put_page(key, rec, record_digest(rec))
            out.append(rec)
    return out


#: index_segment's answer for a segment whose key is stored (iter_segments takes its files from the cache).
CACHED = "cached"
#: index_segment's answer for a segment to be made from records some of which are stored (read by the parent).
FROM_RECORDS = "from records"


def index_segment(job, site_name: str | None, seg: Segmenter):
    """(name, key, files and rows or CACHED or FROM_RECORDS, {page key: (record, digest)} of the pages
    that had no stored record) of one segment: its new pages parsed and indexed; its files made here
    when none of its records is stored (a cold build, in a worker), left to the parent otherwise."""
    name, members, digests, known = job
    missing = [(key, page_from(page, site_name)) for key, page in members if digests[key] is None]
    prefetch([p for _, p in missing], seg)
    new = {}
    for key, p in missing:
        rec = record(p, seg)
        new[key] = (rec, record_digest(rec))
    seg_key = segment_key(name, [digests[key] or new[key][1] for key, _ in members])
    if seg_key in known:
        return name, seg_key, CACHED, new
    if len(new) < len(members):
        return name, seg_key, FROM_RECORDS, new
    return name, seg_key, segment_of_records(name, [new[key][0] for key, _ in members]), new


def _map_jobs(jobs: list, site_name: str | None, seg: Segmenter):
    """index_segment over the jobs: shared out to forked workers, one per core, when two or more
    segments have much to index (a cold build) and the processes fit in fork.BUDGET_MB; here otherwise (and under `mkdocs serve`, which runs
    threads). Workers inherit the jobs (MkDocs pages are not sent through pipes), send back results."""
    def pending(job):
        return sum(d is None for d in job[2].values())

    todo = sorted(jobs, key=lambda j: (-pending(j), j[0]))
    workers = min(os.cpu_count() or 1, sum(1 for j in todo if pending(j) >= PARALLEL_PAGES))
    if not (fork.available(workers) and fork.fits(workers)):
        yield from (index_segment(job, site_name, seg) for job in todo)
        return
    shares: list[list] = [[] for _ in range(workers)]
    for job in todo:                                     # largest first, each to the least loaded
        min(shares, key=lambda share: sum(pending(j) for j in share)).append(job)
    seg.load()                                           # once, before the workers inherit it
    seg.parallel = False                                 # a worker segments its own pages: no forks of forks
    try:
        yield from fork.iter_shares(lambda job: index_segment(job, site_name, seg), shares)
    finally:
        seg.parallel = True
