"""The search index's share of adding one issue, without MkDocs: a built site's pages (read back as
bench/reindex.py reads them) indexed with a cache as they were before the site's latest issue (its
documents left out, the home page — a list page — as it was without it), then again with the issue
(its documents in, the home page changed), into another folder, linking unchanged segments' files
from the first: the second is what `policy-site build` spends in the search plugin on one new issue. CPU seconds (this process and its workers) beside wall seconds.

    .venv/bin/python bench/search_update.py bench/out/run-100/site --docs bench/out/run-100/docs

In a real new issue more list pages change (the issue's departments, themes, the timeline): they are
re-read from their pages; here one is, so the list segment is merged again as it would be, but only one
of its pages parsed. Files are written to a temporary folder, not into the site.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reindex import pages  # noqa: E402

from converter.site.search import segments, shards  # noqa: E402
from converter.site.search.html_text import page_url, segment_of  # noqa: E402
from converter.site.search.terms import Segmenter, digest  # noqa: E402

ISSUE = re.compile(r"issues/([^/#]+)\.html")


def cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def issues_of(meta: dict) -> list[str]:
    return [m[1] for s in meta.get("sources") or () if isinstance(s, dict) and (m := ISSUE.search(str(s.get("url") or "")))]


def index(entries, cache_path: Path, out: Path, seg: Segmenter, site_name: str, previous: Path | None = None) -> dict:
    t0, c0 = time.perf_counter(), cpu()
    cache = segments.IndexCache(cache_path)
    try:
        built = segments.build_segments(sorted(entries, key=lambda e: (e[0], page_url(e[2]))), site_name, seg, cache)
        stats = (shards.write_segments(out, built, cache.keys, previous) if hasattr(cache, "keys")
                 else shards.write_segments(out, built))          # (the code before segment keys)
    finally:
        cache.close()
    return {**stats, "seconds": round(time.perf_counter() - t0, 2), "cpu": round(cpu() - c0, 2),
            "segments_reused": cache.hits["segments"], "pages_reused": cache.hits["pages"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--site-name", default="政策汇编站")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    found = pages(args.site, args.docs)
    last = max(i for p in found for i in issues_of(p.meta))
    new = {id(p) for p in found if p.meta.get("kind") and issues_of(p.meta) == [last]}
    home = next(p for p in found if p.url == "index.html")
    words = args.docs / "data" / "search-words.txt"
    seg = Segmenter(words.read_text(encoding="utf-8") if words.is_file() else "")

    def entries(with_issue: bool):
        out = []
        for p in found:
            if id(p) in new and not with_issue:
                continue
            if p is home and not with_issue:
                p = type(p)(p.url, p.title, "<p>（上一期）</p>" + p.content, p.meta)
            out.append((segment_of(p.meta), segments.page_key(p, args.site_name, digest(seg.user_words)), p))
        return out

    work = Path(tempfile.mkdtemp(prefix="search-update-"))
    try:
        cache = work / "index.sqlite"
        cold = index(entries(False), cache, work / "before", seg, args.site_name)
        print(f"before the issue: {cold['pages']:,} pages in {cold['segments']} segments, {cold['seconds']} s "
              f"({cold['cpu']} s CPU)", flush=True)
        add = index(entries(True), cache, work / "after", seg, args.site_name, previous=work / "before")
        before = {str(f.relative_to(work / "before")): f.read_bytes() for f in (work / "before").rglob("*.js")}
        after = {str(f.relative_to(work / "after")): f.read_bytes() for f in (work / "after").rglob("*.js")}
        names = {k.split("/")[2] for k in after if k.count("/") == 3}
        changed = sorted(n for n in names if {k: v for k, v in after.items() if k.split("/")[2:3] == [n]}
                         != {k: v for k, v in before.items() if k.split("/")[2:3] == [n]})
        add["segments_changed"] = changed
        add["files_kept"] = sum(1 for k, v in after.items() if before.get(k) == v)
        add["files"] = len(after)
        print(f"one new issue ({last}, {len(new)} documents): {add['seconds']} s ({add['cpu']} s CPU); "
              f"{add['segments_reused']} of {add['segments']} segments reused, {add['pages_reused']:,} page postings "
              f"from the cache; segments whose files changed: {', '.join(changed)}; "
              f"{add['files_kept']:,} of {add['files']:,} files the same bytes, {add.get('linked', 0):,} linked")
        if args.json:
            args.json.write_text(json.dumps({"issue": last, "new_documents": len(new), "before": cold, "add": add},
                                            ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
