"""The built site in a real browser (Debian's Chromium through Playwright), served and from disk.

For the bundled sample (always) and the five seeds (when ../shared/seeds is present), each built once:

* served over http by a server this test starts on 127.0.0.1, and opened from disk (file://) with every
  request that is not file:// aborted;
* home page → a department → a document → its interpretation, by clicking links;
* search: a title word, a body phrase and a 文号 exactly as printed; the expected document must be among
  the first three results; result titles are clean (no U+200B);
* every request the page made is recorded: none may go anywhere but 127.0.0.1 / file://;
* no JavaScript errors; screenshots of the home page, a policy page and a search in test-artifacts/;
* time to first result is printed (run with -s to see it).

Queries for the seeds are derived at run time from the converted corpus (no seed text in this file).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: apt-get install chromium fonts-noto-cjk"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip install -e '.[test]')")

TIMINGS: list[str] = []


# --- sites ----------------------------------------------------------------------------------------

def build_site(inputs, tmp: Path) -> tuple[Path, Path]:
    from converter.commands.build import build

    docs, site = tmp / "docs", tmp / "site"
    build([str(p) for p in inputs], site_dir=site, docs_dir=docs, config=ROOT / "mkdocs.yml")
    return docs, site


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return ("sample", *build_site([], tmp_path_factory.mktemp("browser-sample")))


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):  # noqa: D103 - "seed" like conftest's seed_* fixtures
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 5:
        pytest.skip(f"seeds absent: {SEEDS} does not hold the five compilations")
    return ("seeds", *build_site(files, tmp_path_factory.mktemp("browser-seeds")))


@pytest.fixture(params=["sample", "seed"])
def site(request):
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def teardown_module(module):
    if TIMINGS:
        print("\n" + "\n".join(TIMINGS))


# --- what to look for, from the converted corpus ---------------------------------------------------

def front_matter_and_body(md: Path) -> str:
    text = md.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return body.split("\n## 相关文件", 1)[0].split("\n## 出处", 1)[0]


def distinctive(candidates, others: list[str], lengths) -> str | None:
    """The first substring of one of `candidates` (CJK runs), of one of `lengths`, found in none of `others`."""
    for n in lengths:
        for run in candidates:
            for i in range(0, max(0, len(run) - n) + 1):
                sub = run[i:i + n]
                if len(sub) == n and not any(sub in o for o in others):
                    return sub
    return None


def cases(docs: Path, limit: int) -> list[dict]:
    """Up to `limit` policies with a 文号 (one per compilation first), each with three queries."""
    import jieba

    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in corpus["documents"]}
    titles = {d["id"]: d["title"] for d in corpus["documents"]}
    bodies = {d["id"]: front_matter_and_body(docs / d["path"]) for d in corpus["documents"]}
    order = []
    for c in corpus["compilations"]:
        order += [i for i in c["documents"] if i not in order]
    picked, out = [], []
    for round_ in range(2):
        for c in corpus["compilations"]:
            for i in c["documents"]:
                d = by_id[i]
                if d["kind"] == "policy" and d["doc_number"] and i not in picked:
                    picked.append(i)
                    break
    for i in picked:
        d = by_id[i]
        other_titles = [t for j, t in titles.items() if j != i]
        other_bodies = [b for j, b in bodies.items() if j != i] + other_titles
        words = sorted({w for w in jieba.cut(d["title"]) if len(w) >= 2 and CJK_RUN.fullmatch(w)}, key=len, reverse=True)
        title_word = next((w for w in words if not any(w in t for t in other_titles)), None) or distinctive(
            sorted(CJK_RUN.findall(d["title"]), key=len, reverse=True), other_titles, (4, 5, 6, 3))
        paragraphs = [line for line in bodies[i].splitlines() if len(line) > 30 and not line.startswith(("#", "<", "|"))]
        runs = [r for p in paragraphs[1:] + paragraphs[:1] for r in CJK_RUN.findall(p) if len(r) >= 10]
        body_phrase = distinctive([r for r in runs if r not in d["title"]], other_bodies + [d["title"]], (8, 10, 12))
        if not (title_word and body_phrase):
            continue
        out.append({"id": i, "path": d["path"][:-3] + ".html", "title": d["title"],
                    "queries": {"title word": title_word, "body phrase": body_phrase, "文号": d["doc_number"]}})
        if len(out) >= limit:
            break
    assert out, "no policy with a 文号 to search for"
    return out


def navigation_target(docs: Path) -> dict:
    """A policy that has an interpretation, and a department page that lists it."""
    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in corpus["documents"]}
    import yaml

    for d in corpus["documents"]:
        if d["kind"] == "policy" and d["interpreted_by"] and d["issuers"]:
            meta = yaml.safe_load((docs / d["path"]).read_text(encoding="utf-8").split("\n---\n", 1)[0][4:])
            interp = by_id[d["interpreted_by"][0]]
            return {"department": meta["departments"][0]["url"], "policy": d["path"][:-3] + ".html",
                    "policy_title": d.get("official_title", d["title"]), "interpretation": interp["path"][:-3] + ".html",
                    "interpretation_title": interp.get("official_title", interp["title"])}
    pytest.fail("no policy with an interpretation")


# --- browser helpers ------------------------------------------------------------------------------

class Visit:
    """A page in a fresh context; every request recorded; for file:// every other request aborted."""

    def __init__(self, browser, base: str):
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.on("request", lambda r: self.requests.append(r.url))
        if base.startswith("file:"):
            self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                               else route.abort())
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))

    def goto(self, rel: str):
        self.page.goto(self.base + rel)
        self.page.wait_for_load_state("load")

    def path(self) -> str:
        return unquote(urlparse(self.page.url).path)

    def click_link_to(self, rel: str):
        link = self.page.evaluate_handle(
            """(target) => [...document.querySelectorAll('.md-content a[href]')]
                 .find(a => decodeURIComponent(new URL(a.href).pathname).endsWith('/' + target))""", rel)
        element = link.as_element()
        assert element is not None, f"{self.path()}: no link to {rel}"
        with self.page.expect_navigation():
            element.click()
        assert self.path().endswith("/" + rel)

    def search(self, query: str) -> tuple[list[dict], float]:
        """Type the query into Material's search box; → (results in order, seconds to first result)."""
        box = self.page.locator(".md-search__input")
        box.fill("")
        self.page.wait_for_function("!document.querySelector('.md-search-result__list li')")
        # time in the page: from the input event to the first result in the list
        self.page.evaluate("""() => {
            const list = document.querySelector('.md-search-result__list');
            window.__firstResult = null;
            document.querySelector('.md-search__input').addEventListener('input',
                () => { window.__typed = performance.now(); }, {once: true, capture: true});
            const obs = new MutationObserver(() => {
                if (list.querySelector('li')) { window.__firstResult = performance.now() - window.__typed; obs.disconnect(); }
            });
            obs.observe(list, {childList: true});
        }""")
        box.fill(query)
        self.page.wait_for_selector("[data-policy-search-state=done]", state="attached")
        first = self.page.evaluate("window.__firstResult")
        first = first / 1000 if first is not None else float("nan")      # no results
        results = self.page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item a')].map(a => ({
            path: decodeURIComponent(new URL(a.href).pathname),
            title: a.querySelector('h1').textContent}))""")
        return results, first

    def external(self) -> list[str]:
        bad = []
        for url in self.requests:
            u = urlparse(url)
            if u.scheme in LOCAL_SCHEMES:
                continue
            if u.scheme in ("http", "https", "ws", "wss") and u.hostname == "127.0.0.1":
                continue
            bad.append(url)
        return bad

    def shot(self, name: str, full_page: bool = False):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def close(self):
        self.context.close()


# --- the tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["http", "file"])
def test_site_in_browser(site, mode, browser, server_for):
    name, docs, site_dir = site
    base = server_for(site_dir) if mode == "http" else site_dir.resolve().as_uri() + "/"
    v = Visit(browser, base)
    try:
        # home page → a department → a policy → its interpretation
        target = navigation_target(docs)
        v.goto("index.html")
        assert v.page.title() and v.page.locator(".md-search__input").is_visible()
        v.shot(f"{name}-{mode}-home")
        if v.page.evaluate(f"!![...document.querySelectorAll('.md-content a[href]')].find(a => "
                           f"decodeURIComponent(a.href).endsWith('/{target['department']}'))"):
            v.click_link_to(target["department"])
        else:
            v.click_link_to("departments/index.html")
            v.click_link_to(target["department"])
        v.click_link_to(target["policy"])
        assert v.page.locator(".md-content h1").first.inner_text().strip() == target["policy_title"]
        assert v.page.locator(".doc-card").count() == 1
        v.shot(f"{name}-{mode}-policy", full_page=False)
        v.click_link_to(target["interpretation"])
        assert v.page.locator(".md-content h1").first.inner_text().strip() == target["interpretation_title"]

        # search: three queries per case, the expected page among the first three results
        report = []
        for n, case in enumerate(cases(docs, limit=5 if name == "seeds" else 2)):
            for kind, query in case["queries"].items():
                results, first = v.search(query)
                paths = [r["path"] for r in results]
                rank = next((k + 1 for k, p in enumerate(paths) if p.endswith("/" + case["path"])), None)
                total = v.page.locator(".md-search-result__meta").inner_text().strip()
                report.append(f"  {kind:11} {query!r:28} rank {rank} ({total}), first result {first * 1000:.0f} ms")
                assert rank is not None and rank <= 3, (query, case["title"], paths[:5])
                assert all("\u200b" not in r["title"] and r["title"].strip() for r in results), results[:3]
                if n == 0 and kind == "body phrase":
                    v.shot(f"{name}-{mode}-search")
        # every 文号 in the corpus, as printed, and the first one in other bracket styles
        corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
        numbered = {d["doc_number"]: d["path"][:-3] + ".html" for d in corpus["documents"]
                    if d["kind"] == "policy" and d["doc_number"]}
        first_no = next((k for k in numbered if "〔" in k), next(iter(numbered)))
        variants = {first_no.replace("〔", o).replace("〕", c): numbered[first_no] for o, c in (("[", "]"), ("（", "）"))}
        ranks, slowest = [], 0.0
        for query, path in [*numbered.items(), *variants.items()]:
            results, first = v.search(query)
            paths = [r["path"] for r in results]
            rank = next((k + 1 for k, p in enumerate(paths) if p.endswith("/" + path)), None)
            assert rank is not None and rank <= 3, (query, path, paths[:5])
            ranks.append(rank)
            slowest = max(slowest, first)
        report.append(f"  文号 sweep: {len(ranks)} queries ({len(variants)} with other brackets), ranks "
                      f"{ {r: ranks.count(r) for r in sorted(set(ranks))} }, slowest first result {slowest * 1000:.0f} ms")
        TIMINGS.append(f"{name} over {mode}:\n" + "\n".join(report))

        # the search box closes with Escape; "/" opens it again
        v.page.keyboard.press("Escape")
        assert not v.page.locator("#__search").is_checked()
        v.page.keyboard.press("/")
        assert v.page.locator("#__search").is_checked()

        assert not v.external(), f"requests left the site: {v.external()}"
        assert not v.errors, v.errors
        assert any("/search/s/" in u for u in v.requests) and any("/search/docs.js" in u for u in v.requests)
        # Material's own search stays off: no worker, no lunr index
        assert not [u for u in v.requests if "search_index" in u or "/workers/" in u or "lunr" in u]
    finally:
        v.close()


def test_index_is_sharded_and_clean(site):
    """The page loads only some shards per query; no Material lunr index is left in the site."""
    from converter.site.search import shards as si

    name, docs, site_dir = site
    search = site_dir / "search"
    assert not (search / "search_index.json").exists()
    _, (meta,) = si.read_call((search / "docs.js").read_text(encoding="utf-8"))
    assert "\u200b" not in json.dumps(meta, ensure_ascii=False)
    segments = meta["segments"]
    assert sorted(p.name for p in (search / "s").iterdir()) == sorted(s[0] for s in segments)
    for segment, pages, count, _ in segments:
        assert len(list((search / "s" / segment).glob("*.js"))) == count
        assert len(list((search / "t" / segment).glob("*.js"))) == -(-pages // si.TEXTS_PER_FILE)
        assert len(list((search / "r" / segment).glob("*.js"))) == -(-pages // si.ROWS_PER_FILE)
    shards = list((search / "s").glob("*/*.js"))
    biggest = max(p.stat().st_size for p in shards)
    assert biggest < 200_000, biggest
    if name == "seeds":
        assert len(shards) > len(segments)


def test_query_terms_are_index_terms(sample_site, browser):
    """The browser derives from a query the terms the build derived from the same text (normalisation,
    文号 keys, bigrams, words) and looks them up in the same shard."""
    from converter.site.search import shards
    from converter.site.search import terms as si

    name, docs, site_dir = sample_site
    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    texts = [d["title"] for d in corpus["documents"]] + [d["doc_number"] for d in corpus["documents"] if d["doc_number"]]
    texts += ["工信部联装［２０３１］５８号", "财建(2031)77号 ＲＣＥＰ 5G", "国家市场监督管理总局公告2031年第5号", "民政部令第69号"]
    v = Visit(browser, site_dir.resolve().as_uri() + "/")
    try:
        v.goto("index.html")
        for text in texts:
            js = v.page.evaluate("(t) => ({n: __policySearch._normalize(t), a: __policySearch._analyze(t)})", text)
            assert js["n"] == si.normalize(text), text
            indexed = set(si.terms(si.normalize(text), None))
            assert set(js["a"]["required"]) <= indexed, (text, set(js["a"]["required"]) - indexed)
            for term in js["a"]["required"] + js["a"]["bonus"]:
                assert v.page.evaluate("([t, k]) => __policySearch._hash(t, k)", [term, 64]) == shards.shard_of(term, 64)
        assert not v.external() and not v.errors, (v.external(), v.errors)
    finally:
        v.close()


def test_offline_zip_unpacked_elsewhere_opens_and_searches(browser, tmp_path):
    """`build --offline --zip`, unpacked in another folder (as on another machine), double-clicked:
    pages, links, the feed link and search work from file:// with every other request aborted."""
    import zipfile

    from converter.cli import main

    target = tmp_path / "built" / "policy-site.zip"
    assert main(["-q", "build", "--offline", "--zip", str(target), "--site", str(tmp_path / "built" / "site"),
                 "--docs", str(tmp_path / "built" / "docs")]) == 0
    corpus = json.loads((tmp_path / "built" / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    elsewhere = tmp_path / "another machine"
    with zipfile.ZipFile(target) as z:
        z.extractall(elsewhere)
    import shutil

    shutil.rmtree(tmp_path / "built")                      # nothing may point back at the build folder
    v = Visit(browser, (elsewhere / "policy-site").resolve().as_uri() + "/")
    try:
        v.goto("index.html")
        assert v.page.locator('.md-content a[href="feed.xml"]').count() == 1
        policy = next(d for d in corpus["documents"] if d["kind"] == "policy" and d["doc_number"])
        results, _ = v.search(policy["doc_number"])
        assert results and results[0]["path"].endswith("/" + policy["path"][:-3] + ".html"), results[:3]
        with v.page.expect_navigation():
            v.page.locator(".md-search-result__item a").first.click()
        assert v.page.locator(".md-content h1").first.inner_text().strip() == policy.get("official_title", policy["title"])
        # the page marks what was searched for (?h=…): the 文号 in the metadata card
        marked = v.page.locator("mark[data-md-highlight]").all_inner_texts()
        assert policy["doc_number"].replace(" ", "") in [m.replace(" ", "") for m in marked], marked
        assert not v.external(), v.external()
        assert not v.errors, v.errors
    finally:
        v.close()


# --- nothing leaves the site, on any page ---------------------------------------------------------

def site_pages(site_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))


@pytest.mark.parametrize("mode", ["file", "http"])
def test_no_page_requests_anything_from_another_origin(site, mode, browser, server_for):
    """Every page of the test sites, loaded in Chromium with the network blocked (any request that is not
    to the site itself is aborted and recorded): zero such requests, on every page, served and from disk."""
    name, docs, site_dir = site
    base = server_for(site_dir) if mode == "http" else site_dir.resolve().as_uri() + "/"
    context = browser.new_context(locale="zh-CN")
    outside: dict[str, list[str]] = {}
    current = {"page": ""}

    def gate(route):
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.setdefault(current["page"], []).append(url)
            route.abort()
    context.route("**/*", gate)
    page = context.new_page()
    pages = site_pages(site_dir)
    try:
        for rel in pages:
            current["page"] = rel
            page.goto(base + rel)
            page.wait_for_load_state("load")
    finally:
        context.close()
    assert len(pages) > 10
    assert outside == {}, f"{sum(map(len, outside.values()))} requests left the site: {dict(list(outside.items())[:3])}"


HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<img src="https:a.invalid/1.png">
<img src="http:\\\\b.invalid\\2.png">
<svg width="10" height="10"><image href="https://c.invalid/3.png" width="10" height="10"/></svg>
<div style="width:10px;height:10px;background-image:image-set('https://d.invalid/4.png' 1x)"></div>
<iframe srcdoc="&lt;img src=&quot;https://e.invalid/5.png&quot;&gt;"></iframe>
<table background="https://f.invalid/6.png"><tr><td>x</td></tr></table>
<script>fetch("https://g.invalid/7").catch(function () {});</script>
</body></html>"""


def test_offline_audit_finds_every_request_chromium_makes(browser, tmp_path):
    """The seven ways a page reached the web past the first audit: Chromium, with the network blocked,
    tries each; the audit names each host Chromium tried (and `build --offline` would refuse the page)."""
    from converter.site.offline import external_loads

    (tmp_path / "p.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    context = browser.new_context()
    tried: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (tried.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto((tmp_path / "p.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    context.close()
    hosts = {urlparse(u).hostname for u in tried}
    assert hosts == {f"{c}.invalid" for c in "abcdefg"}, hosts       # the browser does load each of them
    audited = {urlparse(x.url if "//" in x.url else x.url.replace(":", "://", 1)).hostname
               for x in external_loads(tmp_path)}
    assert hosts <= audited, hosts - audited


def test_search_results_show_titles_as_typed(browser, tmp_path):
    """Titles with < > & " were shown double-escaped in the results (`&lt;img…`)."""
    title = '关于印发《<img src=x onerror=alert(1)> & "A" &copy; 标准》的通知'
    src = tmp_path / "hostile.txt"
    src.write_text(f"{title}\n工信部联装〔2031〕7号\n各有关单位：\n现将有关标准印发给你们，请认真贯彻执行并抓好落实。\n"
                   "工业和信息化部\n2031年2月3日\n", encoding="utf-8")
    _, site = build_site([src], tmp_path)
    v = Visit(browser, site.resolve().as_uri() + "/")
    try:
        v.goto("index.html")
        results, _ = v.search("工信部联装〔2031〕7号")
        assert results and results[0]["title"] == title
        assert v.page.evaluate("document.querySelectorAll('.md-search-result img').length") == 0
        assert not v.errors
    finally:
        v.close()


@pytest.mark.parametrize("typed", ["工信部联装〔2031〕7号", "工信部联装[2031]7号", "2031年第7号"])
def test_a_doc_number_is_marked_whole_never_its_year_or_number_alone(typed, browser, tmp_path):
    """A 文号 query marked its year and number wherever they stood (`2031`, `7` inside 〔2031〕17号, in
    dates): the teasers of index pages were full of marks. Only the 文号 itself, in any printing, is marked."""
    docs = [("关于印发《甲标准》的通知", "工信部联装〔2031〕7号"),
            ("关于印发《乙标准》的通知", "工信部联装〔2031〕17号"),
            ("关于发布丙规范的公告", "2031年第7号")]
    src = tmp_path / "numbers.txt"
    src.write_text("".join(f"{title}\n{number}\n各有关单位：\n现将有关标准印发给你们，2031年7月1日起施行。\n"
                           "工业和信息化部\n2031年2月7日\n\n" for title, number in docs), encoding="utf-8")
    _, site = build_site([src], tmp_path)
    v = Visit(browser, site.resolve().as_uri() + "/")
    try:
        v.goto("index.html")
        results, _ = v.search(typed)
        assert results, typed
        marks = v.page.evaluate("""() => [...document.querySelectorAll('.md-search-result mark')]
                                        .map(m => m.textContent)""")
        pieces = [m for m in marks if re.fullmatch(r"[\d\s]+", m)]
        assert not pieces, marks
        wanted = "2031年第7号" if typed.startswith("2031") else "〔2031〕7号"
        assert any(wanted in m.replace("[", "〔").replace("]", "〕") for m in marks), marks
        assert not v.errors
    finally:
        v.close()
