"""Search in headless Chromium: time from typing to the first result, and bytes loaded per query,
for our site and stock Material's, served over http (a server on 127.0.0.1 started here) and opened
from disk (file://, every other request aborted).

    .venv/bin/python bench/search_timing.py --ours bench/out/run-100/site --stock bench/out/run-100/site-stock \\
        --docs bench/out/run-100/docs --n 100 --json bench/out/search-timing.json

Queries come from the converted corpus (docs/data/corpus.json): 文号 as printed, words of titles,
phrases of bodies and a few common words. Each site and mode gets a fresh page: the first query is
"cold" (the page loads what search needs), the others "warm". Stock Material builds its lunr index
in a Web Worker from search/search_index.json; it is given --cap seconds to show a first result.
Uses Debian's /usr/bin/chromium through the playwright package (no browser download).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
COMMON = ["数字化转型", "中小企业", "新能源汽车", "人工智能"]


def queries(docs: Path, count: int = 12, seed: int = 6) -> list[tuple[str, str]]:
    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    policies = [d for d in corpus["documents"] if d["kind"] == "policy"]
    numbered = [d for d in policies if d["doc_number"]]
    out: list[tuple[str, str]] = []
    for d in rng.sample(numbered, min(3, len(numbered))):
        out.append(("文号", d["doc_number"]))
    for d in rng.sample(policies, min(3, len(policies))):
        runs = [r for r in CJK_RUN.findall(d["title"]) if len(r) >= 6]
        if runs:
            run = rng.choice(runs)
            i = rng.randrange(0, len(run) - 3)
            out.append(("title word", run[i:i + 4]))
    for d in rng.sample(policies, min(4, len(policies))):
        text = (docs / d["path"]).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        runs = [r for r in CJK_RUN.findall(text) if len(r) >= 14]
        if runs:
            run = rng.choice(runs)
            i = rng.randrange(0, len(run) - 9)
            out.append(("body phrase", run[i:i + 10]))
    out += [("common word", w) for w in COMMON]
    return out[:count + len(COMMON)]


#: The typical queries of issue 21 (search at 1,000 issues): common policy words, a 文号 as printed, a whole
#: title, a title word and a body phrase; the corpus-dependent ones picked from corpus.json.
TYPICAL_WORDS = ["高新技术企业", "专精特新", "数字经济", "国务院办公厅", "中小企业"]


def typical(docs: Path, seed: int = 21) -> list[tuple[str, str]]:
    """~10 typical queries: TYPICAL_WORDS, then two 文号 (one with 〔〕), a whole title, a title word and a
    body phrase of documents of the corpus."""
    rng = random.Random(seed)
    policies = [d for d in json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))["documents"]
                if d["kind"] == "policy"]
    bracketed = [d for d in policies if "〔" in (d["doc_number"] or "")]
    numbered = [d for d in policies if d["doc_number"] and d not in bracketed]
    out = [("common word", w) for w in TYPICAL_WORDS]
    out += [("文号", rng.choice(group)["doc_number"]) for group in (bracketed, numbered) if group]
    out.append(("title", rng.choice(policies)["title"]))
    runs = [r for r in CJK_RUN.findall(rng.choice(policies)["title"]) if len(r) >= 6]
    if runs:
        out.append(("title word", runs[0][2:6]))
    for d in rng.sample(policies, len(policies)):
        text = (docs / d["path"]).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        if runs := [r for r in CJK_RUN.findall(text) if len(r) >= 14]:
            out.append(("body phrase", runs[0][2:10]))
            break
    return out


class Server:
    def __init__(self, root: Path):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.srv.server_address[1]}/"

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


WATCH = """() => {
    const list = document.querySelector('.md-search-result__list');
    window.__first = null; window.__typed = null;
    document.querySelector('.md-search__input').addEventListener('input',
        () => { window.__typed = performance.now(); }, {once: true, capture: true});
    const seen = () => {
        if (window.__first === null && window.__typed !== null && list.querySelector('li')) {
            window.__first = performance.now() - window.__typed; obs.disconnect(); }
    };
    const obs = new MutationObserver(seen);
    obs.observe(list, {childList: true, subtree: true});
}"""


def local_size(url: str, site: Path, base: str) -> int:
    """Bytes of the site file a request asked for (requests outside the site count 0)."""
    if not url.startswith(base):
        return 0
    rel = unquote(urlparse(url).path)[len(unquote(urlparse(base).path)):]
    path = site / rel
    if path.is_dir():
        path = path / "index.html"
    return path.stat().st_size if path.is_file() else 0


def by_file(urls: list[str], site: Path, base: str) -> dict[str, int]:
    """Bytes of search files loaded, by kind: docs.js, shards (s/), rows (r/), texts (t/)."""
    out: dict[str, int] = {}
    for u in dict.fromkeys(urls):
        path = urlparse(u).path
        kind = next((k for k in ("/search/s/", "/search/r/", "/search/t/") if k in path), "other")
        kind = "docs.js" if path.endswith("/search/docs.js") else kind.strip("/").replace("search/", "")
        out[kind] = out.get(kind, 0) + local_size(u, site, base)
    return out


def is_search_file(url: str) -> bool:
    path = urlparse(url).path
    return "/search/" in path or "search_index" in path or "/workers/search" in path


def measure(browser, site: Path, base: str, name: str, qs: list[tuple[str, str]], cap: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if base.startswith("file:"):
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    ours = name == "ours"
    try:
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        page.keyboard.press("/")                      # opens the search dialog, as a reader would
        try:
            page.locator(".md-search__input").wait_for(state="visible", timeout=15_000)
        except Exception:  # noqa: BLE001 - stock Material hides its box when its worker cannot start
            return {"rows": [{"kind": kind, "query": q, "first": None, "results": 0, "bytes": 0, "requests": 0,
                              "waited": 15.0, "hidden": True} for kind, q in qs[:1]]}
        rows = []
        for n, (kind, q) in enumerate(qs):
            box = page.locator(".md-search__input")
            if n:
                box.fill("")
                page.keyboard.press("End")
                try:
                    page.wait_for_function("!document.querySelector('.md-search-result__list li')", timeout=10_000)
                except Exception:  # noqa: BLE001 - stock keeps old results on an empty box
                    pass
            before = len(requests)
            page.evaluate(WATCH)
            t0 = time.perf_counter()
            box.fill(q)
            page.keyboard.press("End")                    # a keyup too, for Material's own search
            limit = cap if n == 0 else min(cap, 30)
            deadline = t0 + limit
            while time.perf_counter() < deadline:
                if ours and page.evaluate("!!document.querySelector('[data-policy-search-state=done]')"):
                    break
                if not ours and page.evaluate("window.__first") is not None:
                    break
                page.wait_for_timeout(20)
            first = page.evaluate("window.__first")
            count = page.locator(".md-search-result__list li").count()
            new = [u for u in requests[before if n else 0:] if is_search_file(u)]
            rows.append({"kind": kind, "query": q, "first": None if first is None else first / 1000,
                         "results": count, "bytes": sum(local_size(u, site, base) for u in dict.fromkeys(new)),
                         "requests": len(set(new)), "waited": round(time.perf_counter() - t0, 2),
                         "by_file": by_file(new, site, base)})
            if n == 0 and first is None and not ours:
                break          # stock without a first result in `cap`: the other queries would wait too
        return {"rows": rows}
    finally:
        context.close()


PROBE = "pagefind-probe.html"
#: A page that loads Pagefind's own JS API from the site's pagefind/ folder and answers queries with it:
#: the first result is the time `pagefind.search(q)` and the first result's `data()` take (what a
#: results list shows first), the loaded bytes those of pagefind/ files the browser requested.
PROBE_HTML = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>pagefind probe</title></head>
<body><script type="module">
window.__pf = null; window.__pfError = null;
import('./pagefind/pagefind.js').then(async pf => { await pf.init(); window.__pf = pf; })
  .catch(e => { window.__pfError = String(e); });
window.__ask = async q => {
  const t0 = performance.now();
  const r = await window.__pf.search(q);
  const shown = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return {first: shown.length ? performance.now() - t0 : null, results: r.results.length};
};
</script></body></html>
"""


def measure_pagefind(browser, site: Path, base: str, qs: list[tuple[str, str]]) -> dict:
    """Pagefind's index of our site (site/pagefind/), asked the same queries on a fresh page."""
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if base.startswith("file:"):
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    rows = []
    try:
        page.goto(base + PROBE)
        try:
            page.wait_for_function("window.__pf !== null || window.__pfError !== null", timeout=15_000)
        except Exception:  # noqa: BLE001
            pass
        error = page.evaluate("window.__pfError") if page.evaluate("window.__pf === null") else None
        for kind, q in qs:
            before = len(requests)
            if error is not None:
                rows.append({"kind": kind, "query": q, "first": None, "results": 0, "bytes": 0, "requests": 0,
                             "waited": 0, "error": error})
                break
            t0 = time.perf_counter()
            try:
                got = page.evaluate("q => window.__ask(q)", q)
            except Exception as e:  # noqa: BLE001 - e.g. fetch refused from file://
                rows.append({"kind": kind, "query": q, "first": None, "results": 0, "bytes": 0, "requests": 0,
                             "waited": round(time.perf_counter() - t0, 2), "error": str(e)[:200]})
                break
            new = [u for u in requests[before if rows else 0:] if "/pagefind/" in u]
            rows.append({"kind": kind, "query": q, "first": None if got["first"] is None else got["first"] / 1000,
                         "results": got["results"], "bytes": sum(local_size(u, site, base) for u in dict.fromkeys(new)),
                         "requests": len(set(new)), "waited": round(time.perf_counter() - t0, 2)})
        return {"rows": rows}
    finally:
        context.close()


def summarise(site_name: str, mode: str, res: dict) -> dict:
    rows = res["rows"]
    cold, warm = rows[0], rows[1:]
    firsts = [r["first"] for r in warm if r["first"] is not None]
    return {"site": site_name, "mode": mode, "cold_first": cold["first"], "cold_bytes": cold["bytes"],
            "cold_query": cold["query"], "cold_waited": cold["waited"],
            "warm_median": statistics.median(firsts) if firsts else None, "warm_max": max(firsts) if firsts else None,
            "warm_bytes_median": statistics.median([r["bytes"] for r in warm]) if warm else None,
            "with_results": sum(1 for r in rows if r["results"]), "queries": len(rows), "detail": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", type=Path, required=True)
    ap.add_argument("--stock", type=Path)
    ap.add_argument("--stock-docs", type=Path, help="the docs folder stock's site was built from (default --docs)")
    ap.add_argument("--stock-n", type=int, help="issues of stock's site (default --n)")
    ap.add_argument("--docs", type=Path, required=True, help="the docs folder the sites were built from")
    ap.add_argument("--n", type=int, default=0, help="issues (for the report)")
    ap.add_argument("--cap", type=float, default=120, help="seconds stock search gets for its first result")
    ap.add_argument("--typical", action="store_true", help="issue 21's typical queries (typical()) instead")
    ap.add_argument("--fresh", action="store_true", help="every query on a fresh page (each one cold)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    qs = typical(args.docs) if args.typical else queries(args.docs)
    corpus = json.loads((args.docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    out = {"n": args.n, "pages": len(corpus["documents"]), "queries": [q for _, q in qs], "rows": [], "notes": []}
    sites = [("ours", args.ours, qs)]
    if args.stock and args.stock.is_dir():
        sqs = queries(args.stock_docs) if args.stock_docs else qs
        out["stock_n"] = args.stock_n or args.n
        out["stock_pages"] = len(json.loads(((args.stock_docs or args.docs) / "data" / "corpus.json")
                                            .read_text(encoding="utf-8"))["documents"])
        sites.append(("stock", args.stock, sqs))
    if (args.ours / "pagefind" / "pagefind.js").is_file():
        (args.ours / PROBE).write_text(PROBE_HTML, encoding="utf-8")
        sites.append(("pagefind", args.ours, qs))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        out["browser"] = "Chromium " + browser.version
        for name, site, site_qs in sites:
            server = Server(site)
            try:
                for mode, base in (("http", server.base), ("file", site.resolve().as_uri() + "/")):
                    if name == "pagefind":
                        res = measure_pagefind(browser, site, base, site_qs)
                    elif args.fresh:
                        res = {"rows": [measure(browser, site, base, name, [q], args.cap)["rows"][0] for q in site_qs]}
                        for r in res["rows"]:
                            print(f"  {mode:4} {r['kind']:11} {r['query'][:24]:24} first {r['first']} s, "
                                  f"{r['bytes'] / 1e3:.0f} KB in {r['requests']} files, {r['results']} shown; "
                                  + ", ".join(f"{k} {v / 1e3:.0f}" for k, v in sorted(r["by_file"].items())))
                    else:
                        res = measure(browser, site, base, name, site_qs, args.cap)
                    row = summarise(name, mode, res)
                    out["rows"].append(row)
                    print(f"{name:5} {mode:4}: cold {row['cold_first']} s ({row['cold_bytes']} B), warm median "
                          f"{row['warm_median']} max {row['warm_max']}, {row['with_results']}/{row['queries']} "
                          f"with results", flush=True)
            finally:
                server.close()
        browser.close()
    (args.ours / PROBE).unlink(missing_ok=True)
    for row in out["rows"]:
        if row["site"] == "pagefind" and row["cold_first"] is None:
            err = row["detail"][0].get("error", "")
            out["notes"].append(f"Pagefind {row['mode']}: no result ({err[:160]}).")
        if row["site"] == "stock" and row["detail"][0].get("hidden"):
            out["notes"].append(f"Stock Material {row['mode']}: the search box is not shown (from file:// Chromium "
                                "refuses the search Web Worker); stock search cannot be used.")
        elif row["site"] == "stock" and row["cold_first"] is None:
            out["notes"].append(f"Stock Material {row['mode']}: no result within {row['cold_waited']:.0f} s of typing "
                                + ("(from file:// Chromium refuses the search Web Worker, so stock search never answers)."
                                   if row["mode"] == "file" else "(cap reached: its lunr index was still being built)."))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
