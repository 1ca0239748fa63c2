"""The search index of a built site written again with this checkout's code, without MkDocs: every page
of the site that has a Markdown source in the docs folder is read back (its front matter from the
Markdown, its content from the built HTML's article) and indexed as the policy-search plugin indexes
it; assets/policy-search.js is copied over. For measuring index formats on a large site in minutes
(a cold build at 1,000 issues takes most of an hour here); the plugin remains what builds sites.

    .venv/bin/python bench/reindex.py bench/out/run-1000/site --docs bench/out/run-1000/docs

The pages differ from the plugin's in one way: their content is the whole article of the built page
(Material's h1 included), where the plugin sees the rendered Markdown; page_from drops the h1 either way.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mkdocs.utils.meta import get_data  # noqa: E402

from converter.site.search import segments, shards  # noqa: E402
from converter.site.search.html_text import page_url, searched, segment_of  # noqa: E402
from converter.site.search.terms import Segmenter  # noqa: E402

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


@dataclass
class SitePage:
    """What the plugin reads of an MkDocs page."""
    url: str
    title: str
    content: str
    meta: dict = field(default_factory=dict)


def pages(site: Path, docs: Path) -> list[SitePage]:
    out = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        md = docs / (rel[:-5] + ".md")
        if rel.startswith("search/") or not md.is_file() or not searched(rel):
            continue
        text, meta = get_data(md.read_text(encoding="utf-8"))
        if (meta.get("search") or {}).get("exclude") if isinstance(meta.get("search"), dict) else False:
            continue
        m = ARTICLE.search(html.read_text(encoding="utf-8"))
        out.append(SitePage(rel, str(meta.get("title") or ""), m[1] if m else "", meta))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--site-name", default="政策汇编站")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    found = pages(args.site, args.docs)
    t1 = time.perf_counter()
    words = args.docs / "data" / "search-words.txt"
    seg = Segmenter(words.read_text(encoding="utf-8") if words.is_file() else "")
    entries = sorted(((segment_of(p.meta), p.url, p) for p in found), key=lambda e: (e[0], page_url(e[2])))
    cache = segments.IndexCache(None)                  # no cache: segments on every core, as a cold build
    try:
        built = segments.build_segments(entries, args.site_name, seg, cache)
    finally:
        cache.close()
    t2 = time.perf_counter()
    stats = shards.write_segments(args.site, built)
    t3 = time.perf_counter()
    shutil.copy(ROOT / "docs" / "assets" / "policy-search.js", args.site / "assets" / "policy-search.js")
    print(f"{stats['pages']:,} pages in {stats['segments']} segments, {stats['shards']:,} shards; read {t1 - t0:.1f} s, "
          f"indexed {t2 - t1:.1f} s, written {t3 - t2:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
