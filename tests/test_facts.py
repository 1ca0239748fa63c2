"""Facts wired into the site: corpus.json fields, relations both ways, per-document JSON, JSON-LD, ELI
aliases, feed categories, and in a browser (Chromium, from file:// with the network blocked) status
badges with a fixed clock, anchors, citation links, 复制引用, the status and targets pages.

The compilation below is invented for these tests: a notice that issues a 办法 (commencement, expiry,
a repeal, a target, articles), the regulation it repeals, a decision that amends it and cites its
第三条, an interpretation that cites 《办法》第三条 through an alias.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT

ISSUE = """江南装备产业促进会

政策汇编

（2032年1月）

总第 1 期

江南装备产业促进会 编

目 录

江苏省工业和信息化厅关于印发《江苏省工业园区停车管理办法》的通知……1

江苏省工业和信息化厅关于修改《江苏省工业园区停车管理办法》的决定……3

江苏省工业和信息化厅关于工业园区旧停车场管理的规定……4

专家解读 | 《江苏省工业园区停车管理办法》……5

江苏省工业和信息化厅关于印发《江苏省工业园区停车管理办法》的通知

苏工信规〔2031〕5号

各设区市工业和信息化局：

现将《江苏省工业园区停车管理办法》印发给你们，请认真贯彻执行。

江苏省工业和信息化厅
2031年12月20日

江苏省工业园区停车管理办法

第一条　为了加强工业园区停车管理，制定本办法。

第二条　本办法适用于本省工业园区。

第三条　停车场经营者应当公示收费标准。

停车场经营者应当建立服务档案。

第四条　到2035年，全省工业园区新增公共停车泊位5000个以上，智能停车场覆盖率达到80%。

第五条　本办法自2032年3月1日起施行，有效期至2036年12月31日。《江苏省工业和信息化厅关于工业园区旧停车场管理的规定》（苏工信规〔2020〕9号）同时废止。

江苏省工业和信息化厅关于修改《江苏省工业园区停车管理办法》的决定

苏工信规〔2032〕1号

各设区市工业和信息化局：

根据工作需要，对《江苏省工业园区停车管理办法》作如下修改：依据《江苏省工业园区停车管理办法》第三条，增加一款。

本决定自印发之日起施行。

江苏省工业和信息化厅
2032年1月5日

江苏省工业和信息化厅关于工业园区旧停车场管理的规定

苏工信规〔2020〕9号

一、停车场应当规范管理。

二、本规定自2020年5月1日起施行。

江苏省工业和信息化厅
2020年4月1日

专家解读 | 《江苏省工业园区停车管理办法》

一、出台背景

为了加强工业园区停车管理，省工业和信息化厅制定了《江苏省工业园区停车管理办法》（以下简称《办法》）。

二、主要内容

《办法》第三条规定了经营者的公示义务。
"""

NOTICE = "苏工信规-2031-5号"          # issues the 办法; repeals OLD; amended by DECISION
OLD = "苏工信规-2020-9号"
DECISION = "苏工信规-2032-1号"
ELI = "eli/cn/js-miit/2031/通知/苏工信规-5.html"


def build_site(tmp: Path):
    from converter.commands.build import build

    src = tmp / "in"
    src.mkdir()
    (src / "2032-01-invented.txt").write_text(ISSUE, encoding="utf-8")
    docs, site = tmp / "docs", tmp / "site"
    build([str(src)], site_dir=site, docs_dir=docs, config=ROOT / "mkdocs.yml")
    return docs, site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    docs, site = build_site(tmp_path_factory.mktemp("facts"))
    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    return docs, site, {d["id"]: d for d in corpus["documents"]}


def interpretation(docs):
    return next(d for d in docs.values() if d["kind"] == "interpretation")


# --- corpus.json and relations -----------------------------------------------------------------------


def test_corpus_json_holds_validity_facts(built):
    _, _, docs = built
    n = docs[NOTICE]
    assert (n["commencement"], n["expiry"], n["targets"]) == ("2032-03-01", "2036-12-31", 2)
    assert docs[DECISION]["commencement"] == "2032-01-05"       # 自印发之日起施行: the document's date
    assert docs[OLD]["commencement"] == "2020-05-01" and docs[OLD]["expiry"] is None
    assert n["eli"] == ELI and n["json"] == f"data/documents/{NOTICE}.json"


@pytest.mark.parametrize("src, forward, dst, backward", [
    (NOTICE, "repeals", OLD, "repealed_by"),
    (DECISION, "amends", NOTICE, "amended_by"),
    ("<interpretation>", "interprets", NOTICE, "interpreted_by"),
])
def test_relations_both_ways(built, src, forward, dst, backward):
    _, _, docs = built
    src = interpretation(docs)["id"] if src == "<interpretation>" else src
    assert docs[src][forward] == [dst]
    assert docs[dst][backward] == [src]


def test_every_relation_has_its_inverse(built):
    _, _, docs = built
    pairs = [("repeals", "repealed_by"), ("amends", "amended_by"), ("interprets", "interpreted_by"),
             ("issued_with", "issued_with")]
    for d in docs.values():
        for fwd, back in pairs:
            for other in d[fwd]:
                assert d["id"] in docs[other][back], (d["id"], fwd, other)
            for other in d[back]:
                assert d["id"] in docs[other][fwd], (d["id"], back, other)


def test_issued_with_links_a_notice_and_the_document_it_issues():
    """Two entries: the notice (关于印发《X》的通知) and X printed as a document of its own."""
    from converter.model import Block, Document, Occurrence
    from converter.stages import annotate
    from converter.stages.resolve import TitleIndex, identify, link_validity

    def doc(title, number, blocks, line):
        d = Document(title=title, heading=None, kind="policy", subtype=None, doc_number=number,
                     issuers=("江苏省工业和信息化厅",), date="2031-01-01", level="provincial",
                     blocks=tuple(Block("p", b) for b in blocks), occurrence=Occurrence("c", "f.txt", line, line + 1))
        from dataclasses import replace
        return replace(d, facts=annotate.facts(d.blocks, d.title, d.date))

    notice = doc("江苏省工业和信息化厅关于印发《江苏省智能工厂建设方案》的通知", "苏工信〔2031〕3号",
                 ["现将《江苏省智能工厂建设方案》印发给你们。"], 1)
    plan = doc("江苏省智能工厂建设方案", None, ["一、总体要求"], 10)
    entries = identify([[notice], [plan]])
    out = {e.title: e for e in link_validity(entries, TitleIndex(entries))}
    n, p = out[notice.title], out[plan.title]
    assert n.issued_with == (p.id,) and p.issued_with == (n.id,)


def test_citation_links_lead_to_the_article(built):
    docs_dir, _, docs = built
    body = (docs_dir / docs[DECISION]["path"]).read_text(encoding="utf-8")
    assert re.search(r'<a class="cite-link" href="苏工信规-2031-5号.html#art-3">《江苏省工业园区停车管理办法》第三条</a>', body)
    interp = (docs_dir / interpretation(docs)["path"]).read_text(encoding="utf-8")
    assert 'href="苏工信规-2031-5号.html#art-3">《办法》第三条</a>' in interp


def test_document_json_next_to_corpus_json(built):
    docs_dir, _, docs = built
    d = json.loads((docs_dir / "data" / "documents" / f"{NOTICE}.json").read_text(encoding="utf-8"))
    assert d["id"] == NOTICE and d["repeals"] == [OLD]
    assert d["validity"]["commencement"]["date"] == "2032-03-01"
    assert "2032年3月1日起施行" in d["validity"]["commencement"]["span"]["text"]
    assert [c["doc_number"] for c in d["validity"]["repeals"]] == ["苏工信规〔2020〕9号"]
    for t in d["targets"]:                                  # each span points at its words in its block
        block = d["blocks"][t["span"]["block"]]["text"]
        assert block[t["span"]["start"]:t["span"]["end"]] == t["span"]["text"]
        assert t["anchor"] in {a["id"] for a in d["anchors"]}
    assert {(t["year"], t["value"], t["unit"]) for t in d["targets"]} == {(2035, 5000.0, "个"), (2035, 80.0, "%")}
    assert {"art-3", "art-3-p-2", "art-5"} <= {a["id"] for a in d["anchors"]}


# --- JSON-LD, ELI, feed ----------------------------------------------------------------------------------


def jsonld(page: Path) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert m, f"no JSON-LD in {page}"
    return json.loads(m.group(1))


def test_jsonld_of_a_policy(built):
    _, site, docs = built
    data = jsonld(site / "documents" / f"{NOTICE}.html")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "苏工信规〔2031〕5号"
    assert data["legislationDate"] == "2031-12-20"
    assert data["legislationPassedBy"] == [{"@type": "GovernmentOrganization", "name": "江苏省工业和信息化厅"}]
    assert data["legislationType"] == "通知"
    assert data["legislationJurisdiction"]["name"] == "江苏省"
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"   # on the build's day: not yet
    assert data["legislationDateOfApplicability"] == "2032-03-01" and data["expires"] == "2036-12-31"
    old = jsonld(site / "documents" / f"{OLD}.html")
    assert old["legislationLegalForce"] == "https://schema.org/NotInForce"    # repealed
    decision = jsonld(site / "documents" / f"{DECISION}.html")
    assert decision["legislationChanges"] == [{"@id": f"{NOTICE}.html", "name": docs[NOTICE]["title"]}]


def test_jsonld_of_an_interpretation_is_about_its_policy(built):
    _, site, docs = built
    data = jsonld(site / interpretation(docs)["path"].replace(".md", ".html"))
    assert data["@type"] == "Article"
    assert data["about"] == data["isBasedOn"] == [{"@id": f"{NOTICE}.html", "name": docs[NOTICE]["title"]}]


def test_jsonld_cannot_close_its_script():
    from converter.stages.render_facts import jsonld_script

    assert "</script>" not in jsonld_script({"name": "</script><script>alert(1)</script>"})
    assert json.loads(jsonld_script({"name": "a</script>"})) == {"name": "a</script>"}


def test_eli_alias_redirects_to_the_page(built):
    _, site, _ = built
    alias = site / ELI
    html = alias.read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html).group(1)
    assert (alias.parent / target).resolve() == (site / "documents" / f"{NOTICE}.html").resolve()


@pytest.mark.parametrize("doc_number, subtype, issuer, date, expected", [
    ("国办发〔2024〕39号", "通知", "国务院办公厅", "2024-10-01", "eli/cn/{}/2024/通知/国办发-39.html"),
    ("民政部令第69号", "办法", "民政部", "2024-05-01", "eli/cn/{}/2024/办法/民政部令-69.html"),
    ("2024年第20号", "公告", "工业和信息化部", "2024-05-01", "eli/cn/{}/2024/公告/第-20.html"),
    (None, "通知", "国务院办公厅", "2024-10-01", None),
])
def test_eli_path(doc_number, subtype, issuer, date, expected):
    from converter.model import Entry, Occurrence
    from converter.stages.render import department_of, department_slug
    from converter.stages.render_facts import eli_path

    e = Entry(id="x", path="documents/x.md", title="t", kind="policy", subtype=subtype, doc_number=doc_number,
              issuers=(issuer,), date=date, level="national", themes=(), occurrences=(Occurrence("c", "f", 1, 2),),
              versions=())
    want = expected.format(department_slug(department_of(issuer))) if expected else None
    assert eli_path(e) == want


def test_feed_has_department_and_theme_categories(built):
    _, site, _ = built
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<category scheme="tag:policy-site,2024:department" term="江苏省工业和信息化厅"' in feed
    import xml.etree.ElementTree as ET
    ET.fromstring(feed)                                      # well-formed


# --- in the browser ----------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def browser_only(test):
    """A test that drives Chromium (marked browser; skipped without it)."""
    test = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: apt-get install chromium")(test)
    return pytest.mark.browser(test)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def open_page(browser, url: str, today: str | None = None, scripts: bool = True, clipboard: bool = False):
    """A page from file:// with every other request aborted; `today`: the clock fixed at that day."""
    ctx = browser.new_context(java_script_enabled=scripts, locale="zh-CN")
    if clipboard:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if today:
        page.clock.set_fixed_time(f"{today}T10:00:00")
    page.goto(url)
    page.wait_for_load_state("load")
    return ctx, page, requests, errors


@browser_only
@pytest.mark.parametrize("today, doc, status", [
    ("2032-02-01", NOTICE, "尚未施行"),
    ("2032-03-01", NOTICE, "现行有效"),               # the first day in force
    ("2036-12-31", NOTICE, "现行有效"),               # the last day in force
    ("2037-01-01", NOTICE, "已到期"),
    ("2033-01-01", OLD, "已废止"),                    # repealed by NOTICE, whatever the day
    ("2033-01-01", DECISION, "现行有效"),             # 自印发之日起施行
])
def test_status_badge_with_a_fixed_clock(built, browser, today, doc, status):
    _, site, _ = built
    ctx, page, requests, errors = open_page(browser, (site / "documents" / f"{doc}.html").as_uri(), today)
    try:
        badge = page.locator(".doc-status .status-badge")
        assert badge.inner_text() == status and badge.is_visible()
        assert not errors and all(u.startswith("file:") for u in requests)
    finally:
        ctx.close()



@browser_only
def test_without_scripts_the_dates_show(built, browser):
    _, site, _ = built
    ctx, page, _, _ = open_page(browser, (site / "documents" / f"{NOTICE}.html").as_uri(), scripts=False)
    try:
        assert page.locator(".doc-status .status-dates").inner_text() == "施行日期：2032年3月1日；有效期至：2036年12月31日"
        assert not page.locator(".doc-status .status-badge").is_visible()     # no status without a clock
        old = page.goto((site / "documents" / f"{OLD}.html").as_uri())
        assert old.ok and page.locator(".doc-status .status-badge").inner_text() == "已废止"   # timeless
    finally:
        ctx.close()


@browser_only
def test_anchors_and_article_links(built, browser):
    _, site, _ = built
    ctx, page, _, errors = open_page(browser, (site / "documents" / f"{DECISION}.html").as_uri())
    try:
        page.locator("a.cite-link", has_text="第三条").click()
        page.wait_for_load_state("load")
        assert unquote(page.url).endswith(f"{NOTICE}.html#art-3")
        assert page.locator("#art-3").inner_text().startswith("第三条")
        assert page.locator("#art-3-p-2").inner_text().startswith("停车场经营者应当建立服务档案")
        for ident in ("art-1", "art-5", "p-1"):
            assert page.locator(f"#{ident}").count() == 1
        assert not errors
    finally:
        ctx.close()


@browser_only
def test_copy_citation_button(built, browser):
    _, site, docs = built
    url = (site / "documents" / f"{NOTICE}.html").as_uri()
    ctx, page, _, errors = open_page(browser, url, clipboard=True)
    try:
        page.locator("#art-3 .cite-copy").click()
        page.wait_for_function("document.querySelector('#art-3 .cite-copy').dataset.copied")
        want = f"《{docs[NOTICE]['title']}》（苏工信规〔2031〕5号）第三条 {url}#art-3"
        assert page.evaluate("navigator.clipboard.readText()") == want
        assert page.locator("#art-3-p-2 .cite-copy").count() == 1             # 第三条第二款
        assert not errors
    finally:
        ctx.close()


@browser_only
@pytest.mark.parametrize("today, where", [("2032-02-01", "尚未施行"), ("2037-06-01", "已到期")])
def test_status_page_regroups_under_todays_status(built, browser, today, where):
    _, site, docs = built
    ctx, page, _, errors = open_page(browser, (site / "status.html").as_uri(), today)
    try:
        item = page.locator(f'li[data-status-of="{NOTICE}"]')
        assert item.evaluate("li => li.parentNode.dataset.statusList") == where
        assert item.locator("a").count() == 1 and "施行日期" in item.inner_text()   # the entry keeps its link
        assert page.locator(f'li[data-status-of="{OLD}"]').evaluate("li => li.parentNode.dataset.statusList") == "已废止"
        assert page.locator(f"[data-status-count='{where}']").inner_text() == "1"
        assert not errors
    finally:
        ctx.close()


@browser_only
def test_targets_page_links_to_the_sentence_and_sorts(built, browser):
    _, site, _ = built
    ctx, page, _, errors = open_page(browser, (site / "targets.html").as_uri())
    try:
        rows = page.locator("#targets-all tbody tr")
        assert rows.count() == 2
        values = lambda: page.locator("#targets-all tbody tr td:nth-child(5)").all_inner_texts()   # noqa: E731
        page.locator("#targets-all thead th", has_text="数值").click()
        assert values() == ["80 %", "5000 个"]
        page.locator("#targets-all thead th", has_text="数值").click()
        assert values() == ["5000 个", "80 %"]
        page.locator("#targets-all tbody tr a").first.click()
        page.wait_for_load_state("load")
        anchor = page.url.split("#")[1]
        assert "2035年" in page.locator(f"#{anchor}").inner_text()
        assert not errors
    finally:
        ctx.close()



# --- search facets ---------------------------------------------------------------------------------


def search(page, query: str):
    box = page.locator("[data-policy-search-query]")
    box.click()
    box.fill(query)
    page.wait_for_selector("[data-policy-search-state=done]")


def facet_counts(page, facet: str) -> dict[str, int]:
    buttons = page.locator(f'.policy-facet[data-facet="{facet}"] .policy-facet__value')
    return {b.get_attribute("data-value"): int(b.get_attribute("data-count")) for b in buttons.all()}


def shard_requests(requests):
    return [u for u in requests if "/search/s/" in u]


@browser_only
def test_facets_with_counts_from_file_with_the_network_blocked(built, browser):
    _, site, _ = built
    ctx, page, requests, errors = open_page(browser, (site / "index.html").as_uri(), today="2033-01-01")
    try:
        search(page, "停车")
        assert facet_counts(page, "kind") == {"政策文件": 3, "政策解读": 1}
        assert facet_counts(page, "department") == {"江苏省工业和信息化厅": 3}
        assert facet_counts(page, "year") == {"2032": 1, "2031": 1, "2020": 1}
        assert facet_counts(page, "level") == {"省": 3, "国家": 1}     # the interpretation names no issuer
        assert facet_counts(page, "status") == {"现行有效": 2, "已废止": 1}
        assert facet_counts(page, "doctype") == {"通知": 1, "决定": 1, "规定": 1, "专家解读": 1}
        without = len(shard_requests(requests))
        page.locator('.policy-facet[data-facet="status"] [data-value="已废止"]').click()
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('1 个')")
        titles = page.locator(".md-search-result__list h1").all_inner_texts()
        assert titles == ["江苏省工业和信息化厅关于工业园区旧停车场管理的规定"]
        # the other facets count what the status filter leaves; status counts ignore their own filter
        assert facet_counts(page, "year") == {"2020": 1}
        assert facet_counts(page, "status") == {"现行有效": 2, "已废止": 1}
        page.locator('.policy-facet[data-facet="status"] [data-value="现行有效"]').click()       # OR in a facet
        page.wait_for_function("document.querySelectorAll('.md-search-result__list h1').length === 3")
        page.locator('.policy-facet[data-facet="year"] [data-value="2031"]').click()         # AND across
        page.wait_for_function("document.querySelectorAll('.md-search-result__list h1').length === 1")
        assert len(shard_requests(requests)) == without          # filters load no shard
        assert all(u.startswith("file:") for u in requests) and not errors
    finally:
        ctx.close()


@browser_only
def test_filters_with_an_empty_query_load_no_shard(built, browser):
    _, site, _ = built
    ctx, page, requests, errors = open_page(browser, (site / "index.html").as_uri(), today="2033-01-01")
    try:
        page.locator("[data-policy-search-query]").click()
        page.wait_for_selector('.policy-facet[data-facet="kind"]')
        page.locator('.policy-facet[data-facet="kind"] [data-value="政策解读"]').click()
        page.wait_for_selector("[data-policy-search-state=done]")
        assert page.locator(".md-search-result__list h1").all_inner_texts() == ["专家解读 | 《江苏省工业园区停车管理办法》"]
        assert shard_requests(requests) == [] and not errors
    finally:
        ctx.close()


@browser_only
def test_the_status_rule_is_the_same_in_python_and_in_both_scripts(built, browser):
    from converter.model import Commencement, Expiry, Span, Validity
    from converter.stages.annotate import status

    sp = Span(0, 0, 1)
    cases = [(c, x, r, day) for c in (None, "on_issue", "2032-03-01") for x in (None, "2036-12-31")
             for r in (False, True) for day in ("2032-02-28", "2032-03-01", "2036-12-31", "2037-01-01")]
    _, site, _ = built
    ctx, page, _, _ = open_page(browser, (site / "index.html").as_uri())
    try:
        page.locator("[data-policy-search-query]").click()
        for c, x, r, day in cases:
            v = Validity(commencement=Commencement(None if c == "on_issue" else c, "on_issue" if c == "on_issue" else "date", sp)
                         if c else None, expiry=Expiry(x, None, sp) if x else None)
            want = status(v, day, "x" if r else None)
            got = page.evaluate("([d, day]) => window.__policySearch._statusOf(d, day)", [[c or "", x or "", int(r)], day])
            el = page.evaluate("""([c, x, r, day]) => { const e = document.createElement('p');
                if (c) e.setAttribute('data-commence', c); if (x) e.setAttribute('data-expire', x);
                if (r) e.setAttribute('data-repealed', ''); return window.policyStatus(e, day); }""", [c, x, r, day])
            assert want == got == el, (c, x, r, day)
    finally:
        ctx.close()


@browser_only
def test_eli_alias_resolves_from_file(built, browser):
    _, site, _ = built
    ctx, page, requests, errors = open_page(browser, (site / ELI).as_uri())
    try:
        page.wait_for_url(re.compile(r".*/documents/.*\.html$"))
        assert unquote(page.url).endswith(f"/documents/{NOTICE}.html")
        assert page.locator("h1").first.inner_text().startswith("江苏省工业和信息化厅关于印发")
        assert all(u.startswith("file:") for u in requests) and not errors
    finally:
        ctx.close()
