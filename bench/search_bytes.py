"""Bytes of search index a query makes the page load, read from a built site's files (no browser):
docs.js once per fresh page, then per query one shard per term and segment (policy-search.js
`search`: required + bonus terms, every segment). With --packed, also what the same files weigh
packed (shards.js_call's gzip + base64), for a site built before packing.

    .venv/bin/python bench/search_bytes.py bench/out/run-1000/site --docs bench/out/run-1000/docs

Page texts and rows (index v4) loaded for the results on screen are not counted (they depend on the
ranking): bench/search_timing.py measures them in the browser.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from converter.site.search import shards  # noqa: E402
from converter.site.search.terms import bigrams, normalize, number_full, number_key  # noqa: E402
from search_timing import queries  # noqa: E402

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+")
WORD = re.compile(r"[a-z0-9]+")
DOC_NUMBER = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fffa-z]*)\s*[〔\[【(]\s*((?:19|20)\d\d)\s*[〕\]】)]\s*第?\s*(\d{1,5})\s*号?")


def query_terms(q: str) -> list[str]:
    """The terms policy-search.js `analyze` asks for (required + bonus), for CJK, Latin and 〔year〕 文号."""
    q = normalize(q).strip()
    out: list[str] = []

    def number(m):
        out.append(number_key(m[2], str(int(m[3]))))
        if m[1]:
            out.append(number_full(m[1], m[2], str(int(m[3]))))
        return f" {m[1]} "
    rest = DOC_NUMBER.sub(number, q)
    for run in CJK_RUN.findall(rest):
        if len(run) > 1:
            out += bigrams(run) + ([run] if len(run) >= 3 else [])
    out += WORD.findall(rest)
    whole = re.sub(r"\s+", "", q)
    if len(whole) >= 3:
        out.append(whole)
    return list(dict.fromkeys(out))


def packed_size(path: Path) -> int:
    name, args = shards.read_call(path.read_text(encoding="utf-8"))
    return len(shards.js_call(name, *args).encode("utf-8")) if len(json.dumps(args)) >= shards.PACK_MIN else \
        path.stat().st_size


def measure(site: Path, docs: Path, packed: bool) -> dict:
    search = site / "search"
    _, (meta,) = shards.read_call((search / "docs.js").read_text(encoding="utf-8"))
    size = (lambda p: packed_size(p)) if packed else (lambda p: p.stat().st_size)
    rows = []
    for kind, q in queries(docs):
        terms = query_terms(q)
        files = {search / "s" / seg / f"{shards.shard_of(t, n)}.js" for seg, _, n, *_ in meta["segments"] for t in terms}
        rows.append({"kind": kind, "query": q, "terms": len(terms), "files": len(files),
                     "bytes": sum(size(f) for f in files if f.is_file())})
    pages = meta["pages"] if "pages" in meta else meta["docs"]          # index v4 / v3
    return {"segments": len(meta["segments"]), "pages": len(pages), "docs_js": size(search / "docs.js"),
            "median_query_bytes": statistics.median(r["bytes"] for r in rows),
            "max_query_bytes": max(r["bytes"] for r in rows),
            "median_files": statistics.median(r["files"] for r in rows), "rows": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--packed", action="store_true", help="also the sizes the files would have packed")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    out = {"plain": measure(args.site, args.docs, False)}
    if args.packed:
        out["packed"] = measure(args.site, args.docs, True)
    for k, m in out.items():
        print(f"{k}: {m['pages']:,} pages in {m['segments']} segments; docs.js {m['docs_js'] / 1e3:,.0f} KB; per query "
              f"median {m['median_query_bytes'] / 1e3:,.0f} KB ({m['median_files']:.0f} shard files), "
              f"max {m['max_query_bytes'] / 1e3:,.0f} KB")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
