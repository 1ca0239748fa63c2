"""The index files: per segment, its terms spread over shards, its rows and its texts in small files;
docs.js listing the segments and the facets of every page. Every file is a classic script calling a
global register function (`__policySearch.meta/shard/rows/text`, docs/assets/policy-search.js), so
the site works served and from file:// alike. A query loads docs.js, the shards of its terms, then
the rows and texts of the results on screen only: what it ranks by is in the postings (rank.py).

    docs.js               {v, segments: [[segment, pages, shard count, documents 0/1], …], rows, texts,
                          facets: [[facet, [value, …]], …], pages: [facets of each page]}: pages are
                          numbered in segment order; a document's facets are [[value number, …] per
                          facet] (the numbers index `facets`), and for a policy the dates of its status
                          [commencement, expiry, repealed 0/1]; other pages 0. Filters need no shard.
    s/<seg>/<k>.js        the segment's terms → postings, terms spread over 2^n shards by an FNV-1a hash
                          of the term (of an exact key without its mark: terms.EXACT_MARKS); a query loads
                          only its terms' shards. Postings are [gap, weight, …], the page in segment as its
                          gap from the one before; a page whose title holds the term (a bigram) is
                          written -1 - gap, weight, title position mask
    r/<seg>/<c>.js        rows [url, title, line under the title] of pages c·ROWS_PER_FILE … of the segment
    t/<seg>/<c>.js        the plain texts of pages c·TEXTS_PER_FILE … of the segment (snippets, phrase check)

Packed: a call whose arguments take PACK_MIN bytes or more is written as
`__policySearch.z("<name>","<base64 of the gzip of its JSON argument list>")`, which policy-search.js
decodes with DecompressionStream (no request: it works from file:// too) and then makes the call.
The postings and texts are a third of their plain size that way, base64 included, for a reader who
opens the site from disk or from a server that does not compress (measured on the sample: see
tests/site/test_search.py). `read_call` reads either form back.
"""
from __future__ import annotations

import base64
import gzip
import json
import math
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

from converter.site.search.html_text import LISTS
from converter.site.search.terms import EXACT_MARKS

#: Index format version: docs.js carries it, so a stale page and a new index do not mix silently.
#: Bump it whenever the files change in a way policy-search.js must know.
VERSION = 4
#: Output folder inside the site.
OUT = "search"
#: Target size of one shard file of a segment in bytes (plain JSON, about a third of it packed); its
#: shard count is the next power of two. A query loads one shard per term from every segment, and
#: what it needs of a shard is its own terms' postings, a small part: at 100 issues, with 1,024
#: shards of 11 KB a segment, a query loaded 5–20 times the bytes of its postings. So shards are
#: small; but every file costs time to write (creating a file, not its bytes, is most of writing the
#: index), so not tiny. A decade's segment reaches MAX_SHARDS (~600 bytes a file packed); a year's or
#: the list pages' segment is small, and at 6,000 its files were ~1.7 KB packed, each query loading
#: one per term from it (12 → 22 KB of shards a query at 100 issues): 2,000 keeps them near the decades'.
SHARD_BYTES = 2_000
MAX_SHARDS = 8192
#: Rows per file: the results on screen need theirs (ten rows of a few hundred bytes each).
ROWS_PER_FILE = 16
#: Page texts per file: the results on screen need theirs, a few KB each packed; eight to a file made a
#: query load ~20 KB per result shown.
TEXTS_PER_FILE = 1

#: One segment as written: ((shard count, {path under search/: text}), rows of its pages).
Built = tuple[tuple[int, dict[str, str]], list]


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bit) over code points, as in policy-search.js; an exact key (terms.EXACT_MARKS) by the
    key without its mark, so that it is in the shard the query loads for the key itself."""
    if term[:1] in EXACT_MARKS:
        term = term[1:]
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def merged(posts: list[dict]) -> dict[str, list[int]]:
    """One segment's postings: term → [gap, weight, …], pages in order, each written as its gap from
    the page before (the first from 0: small numbers, and runs of 1 that gzip packs to nothing); a
    posting with a title position mask ([weight, mask], rank.py) as -1 - gap, weight, mask."""
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for i, page_posts in enumerate(posts):
        for t, w in page_posts.items():
            gap = i - last.get(t, 0)
            last[t] = i
            if isinstance(w, list):
                postings[t].extend((-1 - gap, w[0], w[1]))
            else:
                postings[t].extend((gap, w))
    return postings


def decoded(p: list[int]) -> list[tuple[int, int, int]]:
    """(page, weight, title position mask or 0) of a merged posting list."""
    out, i, page = [], 0, 0
    while i < len(p):
        if p[i] < 0:
            page += -1 - p[i]
            out.append((page, p[i + 1], p[i + 2]))
            i += 3
        else:
            page += p[i]
            out.append((page, p[i + 1], 0))
            i += 2
    return out


#: Calls whose JSON arguments are at least this long are packed (gzip + base64); shorter ones stay plain
#: (gzip's header and base64 cost more than they save on a few bytes).
PACK_MIN = 512
#: gzip level: the files are written once per segment change and read many times.
GZIP_LEVEL = 9
PLAIN_CALL = re.compile(r'__policySearch\.(\w+)\((.*)\);\n?\Z', re.S)
PACKED_CALL = re.compile(r'__policySearch\.z\("(\w+)","([A-Za-z0-9+/=]*)"\);\n?\Z')


def js_call(name: str, *args) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    if len(body) < PACK_MIN:
        return f"__policySearch.{name}({body});\n"
    packed = gzip.compress(f"[{body}]".encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0)
    return f'__policySearch.z("{name}","{base64.b64encode(packed).decode("ascii")}");\n'


def read_call(text: str) -> tuple[str, list]:
    """(register function, arguments) of an index file, plain or packed."""
    if m := PACKED_CALL.match(text):
        return m[1], json.loads(gzip.decompress(base64.b64decode(m[2])).decode("utf-8"))
    if m := PLAIN_CALL.match(text):
        return m[1], json.loads(f"[{m[2]}]")
    raise ValueError("not an index file")


def segment_files(name: str, posts: list[dict], bodies: list[str], rows: list[list]) -> tuple[int, dict[str, str]]:
    """(shard count, {path under search/: text}) of one segment, from its pages' postings, bodies and
    rows."""
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
    files.update((f"r/{name}/{c}.js", js_call("rows", name, c * ROWS_PER_FILE,
                                               [row[:3] for row in rows[c * ROWS_PER_FILE:(c + 1) * ROWS_PER_FILE]]))
                 for c in range(math.ceil(len(rows) / ROWS_PER_FILE)))
    return shards, files


def segment_of_records(name: str, records: list[tuple]) -> Built:
    """((shard count, files), rows) of one segment, from its pages' records (rank.record) in order."""
    rows = [r[0] for r in records]
    return segment_files(name, [r[2] for r in records], [r[1] for r in records], rows), rows


#: The segments' keys (segments.build_segments) as written, beside docs.js: a later build links the files
#: of a segment whose key is the same from the previous site instead of writing them again.
KEYS_FILE = "segments.json"


def previous_keys(previous: Path | None, out: Path) -> dict[str, str]:
    """{segment: key} of the previous site's search/ (none when there is none, or it is `out` itself)."""
    if previous is None or (previous / OUT).resolve() == out.resolve():
        return {}
    try:
        keys = json.loads((previous / OUT / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


class Linkable:
    """A stored segment whose key is the one the previous site's files were written for: what docs.js
    needs of it (shard count, rows) and the size of each of its files, not the files' text. Its files
    are linked from the previous site; `load()` gives the whole segment (Built) if one cannot be."""

    def __init__(self, shards: int, sizes: dict[str, int], rows: list, load):
        self.shards, self.sizes, self.rows, self.load = shards, sizes, rows, load


def head_of(value: Built) -> dict:
    """What a Linkable keeps of a segment (segments.IndexCache stores it beside the segment)."""
    (shards, files), rows = value
    return {"shards": shards, "sizes": {path: len(text.encode("utf-8")) for path, text in files.items()},
            "rows": rows}


def linked(source: Path, target: Path, text: str | int) -> bool:
    """`target` made a hard link of `source` when that holds `text`'s bytes (same size: a file of the
    previous site whose segment has the same key; `text` may be given as its size in bytes); False when
    it cannot be, and then nothing is made."""
    try:
        if source.stat().st_size != (text if isinstance(text, int) else len(text.encode("utf-8"))):
            return False
        os.link(source, target)
        return True
    except OSError:
        return False


def write_segments(site_dir: Path, built, keys: dict[str, str] | None = None,
                   previous: Path | None = None) -> dict[str, int]:
    """Write search/: every segment's files, then docs.js listing the segments and their pages' facets.
    `built`: {segment: Built}, or (segment, Built) pairs in any order (segments.iter_segments), each
    written and let go before the next is taken (only its rows are kept, for docs.js).
    With `keys` (segment → key; filled by the time the first segment is taken) they are written to
    KEYS_FILE too, and with `previous` (the site this build replaces, another folder) a segment whose
    key is the one written there has its files linked from it, not written: creating a file, not its
    bytes, is most of writing the index (~0.6 ms a file here, a link ~0.02 ms), and an unchanged
    segment then costs what is linked, not what it holds."""
    out = site_dir / OUT
    old = previous_keys(previous, out) if keys is not None else {}
    if out.exists():                       # also Material's empty search_index.json
        shutil.rmtree(out)
    out.mkdir(parents=True)
    listed: dict[str, tuple[list, list]] = {}
    links = 0
    for name, value in (built.items() if isinstance(built, dict) else built):
        same = bool(keys) and name in old and old[name] == keys.get(name)
        if isinstance(value, Linkable):
            done = _link_all(value, previous / OUT, out) if same else set()
            if len(done) == len(value.sizes):
                links += len(done)
                listed[name] = ([name, len(value.rows), value.shards, int(name != LISTS)], value.rows)
                continue
            links += len(done)
            value = _without(value.load(), done)
        (shards, files), seg_rows = value
        for folder in {path.rsplit("/", 1)[0] for path in files}:
            (out / folder).mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            if same and linked(previous / OUT / path, out / path, text):
                links += 1
            else:
                (out / path).write_text(text, encoding="utf-8")
        del files
        listed[name] = ([name, len(seg_rows), shards, int(name != LISTS)], seg_rows)
    segments, rows = [], []
    for name in sorted(listed):
        segments.append(listed[name][0])
        rows += listed[name][1]
    facets, rows = facet_numbers(rows)
    (out / "docs.js").write_text(js_call("meta", {"v": VERSION, "segments": segments, "rows": ROWS_PER_FILE,
                                                  "texts": TEXTS_PER_FILE, "facets": facets,
                                                  "pages": [row[3:] or 0 for row in rows]}), encoding="utf-8")
    if keys:
        (out / KEYS_FILE).write_text(json.dumps({n: keys[n] for n in sorted(listed) if n in keys}, indent=0) + "\n",
                                     encoding="utf-8")
    return {"pages": len(rows), "segments": len(segments), "shards": sum(s[2] for s in segments), "linked": links}


def _link_all(value: Linkable, source: Path, out: Path) -> set[str]:
    """The files of a Linkable linked from the previous site's search/ (`source`), as many as can be."""
    done = set()
    for folder in {path.rsplit("/", 1)[0] for path in value.sizes}:
        (out / folder).mkdir(parents=True, exist_ok=True)
    for path, size in value.sizes.items():
        if not linked(source / path, out / path, size):
            break
        done.add(path)
    return done


def _without(value: Built, done: set[str]) -> Built:
    """A segment less the files already linked (the rest is written)."""
    (shards, files), rows = value
    return (shards, {path: text for path, text in files.items() if path not in done}), rows


def facet_numbers(rows: list) -> tuple[list, list]:
    """Rows with their facet values as numbers into per-facet value lists (sorted), and those lists:
    docs.js names each department, year or 文种 once."""
    from converter.site.search.html_text import FACETS

    values: dict[str, set[str]] = {f: set() for f in FACETS}
    for row in rows:
        if len(row) > 3:
            for f in FACETS:
                values[f].update(row[3].get(f, ()))
    lists = {f: sorted(vs, reverse=(f == "year")) for f, vs in values.items()}
    number = {f: {v: i for i, v in enumerate(vs)} for f, vs in lists.items()}
    out = []
    for row in rows:
        if len(row) > 3:
            fs = row[3]
            row = row[:3] + [[[number[f][v] for v in fs.get(f, ())] for f in FACETS]]
            if fs.get("status"):
                row.append(fs["status"])
        out.append(row)
    return [[f, lists[f]] for f in FACETS], out
