"""The index files: per segment, its terms spread over shards and its texts in small files; docs.js
listing the segments and their pages. Every file is a classic script calling a global register
function (`__policySearch.meta/shard/text`, docs/assets/policy-search.js), so the site works served
and from file:// alike.

    docs.js               [segment, pages, shard count] per segment, then one row per page in segment
                          order: [url, title, line under the title]; a page's number is its row. A
                          document's row also holds its facets, [[value number, …] per facet] (the
                          numbers index `facets`: [[facet, [value, …]], …]), and for a policy the dates
                          of its status [commencement, expiry, repealed 0/1]: filters need no shard
    s/<seg>/<k>.js        the segment's terms → postings [page in segment, weight, …], terms spread over
                          2^n shards by an FNV-1a hash of the term; a query loads only its terms' shards
    t/<seg>/<c>.js        the plain texts of pages c·TEXTS_PER_FILE … of the segment, loaded only for
                          results on screen (snippets, phrase check)

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
import re
import shutil
from collections import defaultdict
from pathlib import Path

#: Index format version: docs.js carries it, so a stale page and a new index do not mix silently.
#: Bump it whenever the files change in a way policy-search.js must know.
VERSION = 3
#: Output folder inside the site.
OUT = "search"
#: Target size of one shard file of a segment in bytes; its shard count is the next power of two.
#: A query loads one shard per term from every segment, so shards are small; but every file costs
#: time to write (creating a file, not its bytes, is most of writing the index), so not tiny.
SHARD_BYTES = 24_000
MAX_SHARDS = 1024
#: Page texts per file (for the same reason: a few texts in one file instead of a file per page).
TEXTS_PER_FILE = 8

#: One segment as written: ((shard count, {path under search/: text}), rows of its pages).
Built = tuple[tuple[int, dict[str, str]], list]


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bit) over code points, as in policy-search.js."""
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def merged(posts: list[dict[str, int]]) -> dict[str, list[int]]:
    """One segment's postings: term → [page, weight, page, weight, …], pages numbered in order."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, page_posts in enumerate(posts):
        for t, w in page_posts.items():
            p = postings[t]
            p.append(i)
            p.append(w)
    return postings


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


def segment_of_records(name: str, records: list[tuple]) -> Built:
    """((shard count, files), rows) of one segment, from its pages' records (rank.record) in order."""
    return segment_files(name, [r[2] for r in records], [r[1] for r in records]), [r[0] for r in records]


def write_segments(site_dir: Path, built: dict[str, Built]) -> dict[str, int]:
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
    facets, rows = facet_numbers(rows)
    (out / "docs.js").write_text(js_call("meta", {"v": VERSION, "segments": segments, "facets": facets, "docs": rows}),
                                 encoding="utf-8")
    return {"pages": len(rows), "segments": len(segments), "shards": sum(s[2] for s in segments)}


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
