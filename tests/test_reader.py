"""A site a Chinese policy reader trusts at first sight (issue 19): each point as a page or browser test,
on the bundled sample and on the seeds (skipped when ../shared/seeds is absent).

Page tests read the built HTML (BeautifulSoup); browser tests load it in Chromium, from file:// and
over http: axe-core for accessibility, the search box on the error page, print media, 文号 kept on one
line at phone width; the Nu Html Checker for validity. Screenshots of every page kind at 1280 and
390 px go to test-artifacts/reader-*.png (to look at). Expectations are derived from corpus.json at
run time: no seed text in this file.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
#: The card's labels, in the order of 国务院政策文件库 (a row may be absent, never out of order).
CARD_ORDER = ["标　　题", "发文机关", "发文字号", "成文日期", "发布日期", "主题分类", "文　　种", "解读对象", "来　　源"]
READER_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A heading ends no sentence (a question may close it: 一、出台背景是什么？).
SENTENCE_IN_HEADING = re.compile(r"[。！!；;]|[？?](?!$)|[，,：:]$")


# --- sites ------------------------------------------------------------------------------------------

def build(inputs, tmp: Path, site_url: str | None = None):
    from converter.commands.build import build as build_command

    docs, site = tmp / "docs", tmp / "site"
    build_command([str(p) for p in inputs], site_dir=site, docs_dir=docs, config=ROOT / "mkdocs.yml",
                  site_url=site_url)
    corpus = json.loads((docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    return {"docs": docs, "site": site, "corpus": corpus}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return {"name": "sample", **build([], tmp_path_factory.mktemp("reader-sample"))}


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 5:
        pytest.skip(f"seeds absent: {SEEDS} does not hold the five compilations")
    return {"name": "seeds", **build(files, tmp_path_factory.mktemp("reader-seeds"))}


@pytest.fixture(params=["sample", "seed"])
def site(request):
    return request.getfixturevalue(f"{request.param}_site")


def html(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site["site"] / rel).read_text(encoding="utf-8"), "html.parser")


def page_of(doc: dict) -> str:
    return doc["path"][:-3] + ".html"


def docs_of(site, kind: str | None = None) -> list[dict]:
    return [d for d in site["corpus"]["documents"] if kind is None or d["kind"] == kind]


def content(soup) -> BeautifulSoup:
    return soup.select_one(".md-content")


def all_pages(site) -> list[str]:
    """The site's pages made with the theme (not the small alias pages that only redirect)."""
    return sorted(str(p.relative_to(site["site"])) for p in site["site"].rglob("*.html")
                  if 'class="md-content"' in p.read_text(encoding="utf-8"))


def card(soup) -> list[tuple[str, BeautifulSoup]]:
    dl = soup.select_one(".doc-card dl")
    return list(zip([dt.get_text() for dt in dl.find_all("dt")], dl.find_all("dd")))


# --- the document card ------------------------------------------------------------------------------

def test_card_in_the_order_and_words_of_the_national_library(site):
    for doc in docs_of(site):
        rows = card(html(site, page_of(doc)))
        labels = [k for k, _ in rows]
        known = [k for k in labels if k in CARD_ORDER]
        assert known == labels, (doc["id"], labels)                      # no other label
        assert known == sorted(known, key=CARD_ORDER.index), (doc["id"], labels)
        values = dict(rows)
        assert values["标　　题"].get_text() == doc.get("official_title", doc["title"])
        if doc["doc_number"]:
            assert values["发文字号"].get_text() == doc["doc_number"]
            assert "doc-card__number" in values["发文字号"]["class"]       # white-space: nowrap
        if doc["date"]:
            assert ISO_DATE.match(doc["date"])                              # ISO in data
            label = "发布日期" if doc["kind"] == "digest_item" else "成文日期"
            shown = values[label].get_text()
            assert READER_DATE.match(shown), shown                         # as a reader writes it
            assert values[label].time["datetime"] == doc["date"]
            assert ("成文日期" in values) == (doc["kind"] != "digest_item")
        if "文　　种" in values:
            assert values["文　　种"].get_text() != "政策文件"                # a 通知 is a 通知
            if doc["subtype"]:
                assert values["文　　种"].get_text() == doc["subtype"]
        source = values["来　　源"].get_text()
        assert all(o["compilation"] for o in doc["occurrences"]) and source


def test_digest_items_label_their_date_as_published(site):
    digests = [d for d in docs_of(site, "digest_item") if d["date"]]
    if site["name"] == "seeds":
        assert digests
    for doc in digests:
        labels = [k for k, _ in card(html(site, page_of(doc)))]
        assert "发布日期" in labels and "成文日期" not in labels


def test_interpretations_under_the_card_in_reading_order(site):
    from converter.vocab import patterns as P

    by_id = {d["id"]: d for d in docs_of(site)}
    checked = 0
    for doc in docs_of(site, "policy"):
        soup = html(site, page_of(doc))
        box = soup.select_one(".doc-interpretations")
        if not doc["interpreted_by"]:
            assert box is None
            continue
        checked += 1
        assert box is not None and box.find_previous_sibling() is soup.select_one(".doc-card")   # right under it
        assert box.h2.get_text() == "政策解读"
        links = [unquote(a["href"]) for a in box.select("li a")]
        want = {page_of(by_id[i]) for i in doc["interpreted_by"]}
        assert {link.split("/")[-1] for link in links} == {w.split("/")[-1] for w in want}
        titles = [a.get_text() for a in box.select("li a")]
        ranks = [0 if P.INTERPRETATION_ORDINAL.search(t) else 2 if P.PRESS_QA.search(t) else 1 for t in titles]
        kinds = [next(d for d in by_id.values() if d["title"] == t)["kind"] for t in titles]
        ranks = [3 if k == "news" else r for r, k in zip(ranks, kinds)]
        assert ranks == sorted(ranks), titles                                # 之一 … then 答记者问, news
        numbers = [P.INTERPRETATION_ORDINAL.search(t)["n"] for t in titles if P.INTERPRETATION_ORDINAL.search(t)]
        from converter.text.numerals import cn_number
        values = [int(n) if n.isdigit() else cn_number(n) for n in numbers]
        assert values == sorted(values), titles
    assert checked


def test_related_list_takes_interpretations_in_the_box_order(site):
    """The 相关文件 list at the end names a policy's interpretations in the 政策解读 box's order (之一, 之二,
    之三 … then 答记者问, news), not in the order they were found."""
    by_id = {d["id"]: d for d in docs_of(site)}
    checked = 0
    for doc in docs_of(site, "policy"):
        if len(doc["interpreted_by"]) < 2:
            continue
        soup = html(site, page_of(doc))
        box = [unquote(a["href"]).split("/")[-1] for a in soup.select(".doc-interpretations li a")]
        pages = {page_of(by_id[i]).split("/")[-1] for i in doc["interpreted_by"]}
        heading = next(h for h in content(soup).select("h2") if h.get_text().rstrip("¶") == "相关文件")
        related = [unquote(a["href"]).split("/")[-1] for a in heading.find_next("ul").select("li a")]
        assert [r for r in related if r in pages] == box, doc["id"]
        checked += 1
    assert checked or site["name"] == "sample"


def test_interpretation_names_its_policy(site):
    by_id = {d["id"]: d for d in docs_of(site)}
    checked = 0
    for doc in docs_of(site, "interpretation"):
        rows = [(k, v) for k, v in card(html(site, page_of(doc))) if k == "解读对象"]
        targets = [v.a["href"] for _, v in rows if v.a]
        assert len(targets) == len(doc["interprets"]), doc["id"]
        for href, i in zip(targets, doc["interprets"]):
            assert unquote(href).endswith("/" + page_of(by_id[i])), (href, page_of(by_id[i]))
            checked += 1
    assert checked


def test_every_interpretation_of_a_corpus_policy_is_linked(site):
    """An interpretation whose 《title》 names a policy of the corpus links to it (resolve's job; the
    card shows it): none left with an unresolved target that is in fact a corpus title."""
    titles = {d["title"] for d in docs_of(site, "policy")}
    for doc in docs_of(site, "interpretation"):
        for _, value in card(html(site, page_of(doc))):
            if value.select_one(".unresolved"):
                assert value.get_text().split("》")[0].lstrip("《") not in titles, doc["id"]


# --- file names, reports, issues, timeline -----------------------------------------------------------

def test_no_backslash_in_file_names(site):
    for doc in docs_of(site):
        soup = html(site, page_of(doc))
        for code in content(soup).select("code"):
            assert "\\" not in code.get_text(), (doc["id"], code.get_text())
    for comp in site["corpus"]["compilations"]:
        report = content(html(site, f"reports/{comp['id']}.html"))
        assert comp["source"] in [c.get_text() for c in report.select("code")]
        assert "\\" not in report.get_text()


def test_issue_page_shows_the_issue_and_each_document_once(site):
    for comp in site["corpus"]["compilations"]:
        page = content(html(site, f"issues/{comp['id']}.html"))
        text = page.get_text()
        rows = {tr.find_all("td")[0].get_text(): tr.find_all("td")[1].get_text() for tr in page.select("table tr")
                if tr.find_all("td")}
        for label, key in (("期号", "issue"), ("出版单位", "publisher"), ("日期", "period")):
            assert rows.get(label) == comp[key] or (comp[key] is None and label not in rows), (label, rows)
        assert "目录" in [h.get_text().strip("¶") for h in page.select("h2")]
        toc = html(site, f"issues/{comp['id']}.html").select_one(".md-sidebar--secondary")
        assert toc is None or toc.has_attr("hidden")                 # no sidebar 目录 holding one entry 目录
        assert "SHA-256" not in text and comp["sha256"][:16] not in text and comp["source"] not in text
        listed = [unquote(a["href"]).split("/")[-1] for a in page.select("ol li a")]
        assert len(listed) == len(set(listed)) == len(set(comp["documents"]))
        report = content(html(site, f"reports/{comp['id']}.html")).get_text()
        assert comp["sha256"] in report and comp["source"] in report


def test_timeline_newest_first_undated_last(site):
    page = content(html(site, "timeline.html"))
    months = [h for h in page.select("h2.timeline-month")]
    dated = [h.get_text() for h in months if h.get("id") != "undated"]
    key = [tuple(int(x) for x in re.findall(r"\d+", m)) for m in dated]
    assert key == sorted(key, reverse=True) and all(re.fullmatch(r"\d{4}年\d{1,2}月", m) for m in dated)
    undated = [d for d in docs_of(site) if not d["date"]]
    if undated:
        assert months[-1].get("id") == "undated" and months[-1].get_text() == "日期不详"
        items = months[-1].find_next_sibling("ul").select("li")
        assert len(items) == len(undated)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.get_text())                 # dates as readers write them


# --- Chinese throughout, one site, head and footer ---------------------------------------------------

#: An ISO date in the text a reader sees (not in attributes, scripts or data).
ISO_IN_TEXT = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def test_dates_in_pages_as_readers_write_them(site):
    """Every page writes its dates as 2024年8月1日 — the card, index lists and also the validity line
    of a document and the 效力状态 page (施行日期, 有效期至, 截至 …); ISO stays in data attributes."""
    for rel in all_pages(site):
        body = content(html(site, rel))
        for tag in body(["script", "style"]):
            tag.decompose()
        assert not ISO_IN_TEXT.findall(body.get_text(" ")), (rel, ISO_IN_TEXT.findall(body.get_text(" "))[:3])
    status = html(site, "status.html")
    assert READER_DATE.match(status.select_one("[data-status-day]").get_text())
    commencing = status.select("li[data-commence]")
    if site["name"] == "sample":
        assert commencing
    for li in commencing:
        if ISO_DATE.match(li["data-commence"]):                             # ISO in the attribute
            y, m, d = (int(x) for x in li["data-commence"].split("-"))
            assert f"施行日期：{y}年{m}月{d}日" in li.get_text()


@pytest.mark.parametrize("reason", ["page number", "running header", "running footer", "running title",
                                    "imprint footer", "stray link", "editor credit"])
def test_furniture_reasons_are_named_in_chinese(reason):
    from converter.stages.render import FURNITURE_LABELS

    assert re.fullmatch(r"[\u4e00-\u9fff（）]+", FURNITURE_LABELS[reason]), FURNITURE_LABELS[reason]


def test_report_names_dropped_lines_in_chinese(site):
    """The 删除的行 table of a conversion report says why in Chinese (页码, 页眉 …), never `page number`."""
    reasons = []
    for comp in site["corpus"]["compilations"]:
        report = content(html(site, f"reports/{comp['id']}.html"))
        heading = next((h for h in report.select("h2") if h.get_text().rstrip("¶") == "删除的行"), None)
        if heading is None:
            continue
        reasons += [tr.find_all("td")[1].get_text() for tr in heading.find_next("table").select("tr") if tr.find_all("td")]
    assert reasons
    assert not [r for r in reasons if re.search(r"[A-Za-z]", r)], sorted(set(reasons))


def test_chinese_throughout(site):
    for rel in all_pages(site):
        text = (site["site"] / rel).read_text(encoding="utf-8")
        assert "Permanent link" not in text and "Made with" not in text and "404 - Not found" not in text, rel
        soup = BeautifulSoup(text, "html.parser")
        assert "关于本站" in soup.select_one(".md-copyright").get_text(), rel
    error = html(site, "404.html")
    assert error.select_one(".md-content h1").get_text() == "找不到这个页面"
    assert error.select_one('.md-content label[for="__search"]') is not None
    assert [a["href"] for a in error.select(".md-content a")][0].endswith("index.html")


def test_benchmarks_are_not_part_of_the_policy_site(site):
    assert not (site["site"] / "benchmarks.html").exists()
    assert "benchmarks" not in (site["site"] / "index.html").read_text(encoding="utf-8")


def test_every_page_has_its_own_description(site):
    seen = {}
    for rel in all_pages(site):
        meta = html(site, rel).find("meta", attrs={"name": "description"})
        assert meta is not None and meta["content"].strip(), rel
        seen.setdefault(meta["content"], []).append(rel)
    generated = [rel for rel in all_pages(site) if rel not in ("404.html", "about.html")]
    shared = {d: rels for d, rels in seen.items() if len([r for r in rels if r in generated]) > 1}
    assert not shared, list(shared.items())[:3]
    for doc in docs_of(site):
        title = doc.get("official_title", doc["title"])                      # the page's own title
        assert title[:20] in html(site, page_of(doc)).find("meta", attrs={"name": "description"})["content"]


def test_feed_is_named_in_the_head(site):
    for rel in ("index.html", page_of(docs_of(site)[0]), "404.html"):
        soup = html(site, rel)
        links = soup.select('head link[type="application/atom+xml"]')
        assert len(links) == 1 and links[0]["rel"] == ["alternate", "feed"], rel
        assert not soup.select('head link[rel="alternate"]')   # Material would fetch a sitemap for it
        target = (site["site"] / rel).parent / links[0]["href"]
        assert target.resolve() == (site["site"] / "feed.xml").resolve()


def test_print_stylesheet_shows_the_document_only():
    css = (ROOT / "docs" / "assets" / "policy-reader.css").read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    for hidden in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert hidden in block.split("display: none")[0]


# --- body structure -----------------------------------------------------------------------------------

def test_body_structure(site):
    """Headings short and no sentence; no literal bullets or raw Markdown; no skipped heading level; the
    items after an 附件 line are a list."""
    for doc in docs_of(site):
        body = content(html(site, page_of(doc)))
        for h in body.select("h2, h3, h4"):
            text = h.get_text().rstrip("¶")
            assert len(text) <= 40 and not SENTENCE_IN_HEADING.search(text), (doc["id"], h.name, text)
        for line in body.get_text("\n").splitlines():
            assert not re.match(r"\s*[-•●] \S", line), (doc["id"], line)
            assert not re.search(r"\]\([^)]*\)|\d\. \[", line), (doc["id"], line)
        levels = [int(h.name[1]) for h in body.select("h1, h2, h3, h4, h5, h6")]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (doc["id"], levels)


@pytest.mark.parametrize("lines, kinds", [
    (["附件：", "1.甲方案", "2.乙方案", "工业和信息化部"], ["attachment", "li", "li", "signature"]),
    (["附件：某某清单", "国务院"], ["attachment", "li", "signature"]),
    (["附件1", "某某办法", "第一条 为了规范……，制定本办法。"], ["attachment", "p", "p"]),
    (["附：", "- 1. 申请报告", "- 2. 延期申请报告"], ["attachment", "li", "li"]),
    (["- 第一项", "- 第二项"], ["li", "li"]),
    (["（二十二）产品质保期不少于1年。"], ["p"]),
    (["（一）加强组织领导"], ["h3"]),
    (["一、总体要求。"], ["h2"]),
    (["一、总体要求。坚持系统观念，统筹推进。"], ["lead"]),
    (["一、《实施方案》出台背景是什么？"], ["h2"]),
    (["一、《指标体系》共设置一级指标4项、二级指标21项、三级指标59项，"], ["p"]),
    (["(二) 经该法人或者非法人组织依法授权;"], ["p"]),
    (["详见[《全国碳市场发展报告（2024）》](#)。"], ["p"]),
])
def test_structure_of_lines(lines, kinds):
    from converter.model import Paragraph
    from converter.stages.extract import structure

    paras = [Paragraph(t, (i + 1,), 1) for i, t in enumerate(lines)]
    signature = {i for i, t in enumerate(lines) if t in ("工业和信息化部", "国务院")}
    blocks = structure(paras, signature, set(), set())
    assert [b.kind for b in blocks] == kinds
    assert not any("](" in b.text or b.text.startswith("- ") for b in blocks)


#: Numbered items one a line, as text extracted from a Word file or web page prints them: an item cut
#: mid-sentence (its end on the next line) is joined to it when the list's items are sentences; a
#: heading (short, or among headings) is never joined to the text under it.
CUT_ITEMS = [
    (["（一）本办法适用于全省企业。", "（二）企业应当遵守有关规定。", "（三）依据国家法律设立，符合产业政策要求，具有独立法",
      "人资格，从事相关业务不少于三年。", "（四）具有固定的生产场所。"],
     ["（一）本办法适用于全省企业。", "（二）企业应当遵守有关规定。",
      "（三）依据国家法律设立，符合产业政策要求，具有独立法人资格，从事相关业务不少于三年。", "（四）具有固定的生产场所。"]),
    (["第十七条 企业应当按时报告。", "第十八条 省级主管部门对企业变更申请报告进", "行初审，合格后报工业和信息化部。",
      "第十九条 审核合格后进行变更公告。"],
     ["第十七条 企业应当按时报告。", "第十八条 省级主管部门对企业变更申请报告进行初审，合格后报工业和信息化部。",
      "第十九条 审核合格后进行变更公告。"]),
    (["一、强化创新引领，提供坚实保障", "近年来，各地开展了有益探索。", "二、坚持示范先行，蓄势赋能", "到2025年，转化一批技术。"],
     None),
    (["（一）总体目标。到2030年，基本建成体系。", "（二）重点任务", "各地要加强组织，落实责任。", "（三）保障措施。各部门要协同推进。"],
     None),
    (["（一）加强组织领导。各地要落实责任。", "（二）强化要素保障，完善配套政策", "各地要加大投入，统筹资金。"], None),
]


@pytest.mark.parametrize("lines, want", CUT_ITEMS)
def test_heading_cut_mid_sentence_is_joined_to_its_end(lines, want):
    from converter.model import Source
    from converter.stages import clean

    source = Source("a.txt", "a.txt", "0" * 64, "utf-8", "\n".join(lines) + "\n")
    got = [p.text for p in clean.paragraphs(clean.lines(source))]
    assert got == (lines if want is None else want)


def test_wrapped_line_with_a_date_runs_on(sample_site):
    """A hard-wrapped line holding `2031 年 7 月 1 日` is as wide as the measure though normalising drops
    its spaces: the sample's 第十五条, wrapped after 有效期至, is one paragraph on its page."""
    doc = next(d for d in docs_of(sample_site) if d["doc_number"] == "财建〔2031〕77号")
    paragraphs = [p.get_text() for p in content(html(sample_site, page_of(doc))).select("p")]
    article = [t for t in paragraphs if t.startswith("第十五条")]
    assert len(article) == 1 and article[0].endswith("有效期至2035年12月31日。"), article
    assert "2035年12月31日。" not in paragraphs


def test_no_heading_level_is_skipped():
    from converter.model import Block
    from converter.stages.render import outline

    blocks = (Block("h3", "（一）甲"), Block("h4", "1.乙"), Block("h2", "二、丙"), Block("h4", "1.丁"),
              Block("column_start", "专栏"), Block("h4", "1.戊"), Block("column_end", ""), Block("attachment", "附件"),
              Block("h4", "1.己"))
    assert [b.kind for b in outline(blocks)] == ["h2", "h3", "h2", "h3", "column_start", "h4", "column_end",
                                                 "attachment", "h3"]


# --- sitemap, canonical links, feed links ---------------------------------------------------------------

def test_no_empty_sitemap_without_a_site_url(sample_site):
    assert not (sample_site["site"] / "sitemap.xml").exists()
    assert not (sample_site["site"] / "sitemap.xml.gz").exists()
    assert html(sample_site, "index.html").select_one('link[rel="canonical"]') is None


def test_site_url_makes_sitemap_canonical_and_feed_absolute(tmp_path):
    import xml.etree.ElementTree as ET

    url = "https://policy.example.org/汇编/"
    built = build([], tmp_path, site_url="https://policy.example.org/汇编")
    site = built["site"]
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = [p for p in all_pages(built) if p != "404.html"]
    assert len(locs) == len(pages) and all(loc.startswith(url) for loc in locs)
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('link[rel="canonical"]')["href"] == url + "index.html"
    assert soup.select_one('link[type="application/atom+xml"]')["href"] == url + "feed.xml"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', feed)
    assert hrefs and all(h.startswith(url) for h in hrefs), hrefs[:3]
    assert (built["docs"] / "feed.xml").read_text(encoding="utf-8").count('href="documents/') > 0   # docs: relative


def test_markup_plugin_unit():
    from converter.site.markup.plugin import absolute_feed, valid_markup

    page = '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off"><input type="text" autocomplete="off">'
    assert valid_markup(page) == '<input class="md-toggle" type="checkbox" id="__drawer"><input type="text" autocomplete="off">'
    assert valid_markup('<label class="md-nav__title" for="__toc">') == '<label class="md-nav__title">'
    kept = '<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">'
    assert valid_markup(kept) == kept
    assert absolute_feed('<link href="feed.xml"/><link href="https://x/y"/>', "https://s/") == \
        '<link href="https://s/feed.xml"/><link href="https://x/y"/>'


# --- HTML validity -------------------------------------------------------------------------------------

def test_pages_are_valid_html(site):
    """Zero Nu Html Checker errors on every page we generate (the theme's markup included)."""
    from webtools import vnu_command

    cmd = vnu_command() + ["--errors-only", "--format", "json", "--skip-non-html", str(site["site"])]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    messages = json.loads(out.stderr or out.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    summary = {}
    for m in errors:
        summary.setdefault(m["message"][:90], []).append(unquote(m.get("url", "")).split("/site/")[-1])
    assert not errors, f"{len(errors)} errors: " + "; ".join(f"{k} ({len(v)}×, e.g. {v[0]})" for k, v in summary.items())


# --- in the browser ----------------------------------------------------------------------------------

#: Browser tests (the `browser` fixture skips them without Chromium or Playwright).
browser_test = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def serve(server_for):
    return server_for


def page_kinds(site) -> dict[str, str]:
    """One page of each kind the site has."""
    corpus = site["corpus"]
    kinds = {"home": "index.html", "issues": "issues/index.html",
             "issue": f"issues/{corpus['compilations'][0]['id']}.html",
             "report": f"reports/{corpus['compilations'][0]['id']}.html",
             "departments": "departments/index.html", "themes": "themes/index.html", "types": "types/index.html",
             "timeline": "timeline.html", "about": "about.html", "404": "404.html"}
    policies = sorted(docs_of(site, "policy"), key=lambda d: (-len(d["interpreted_by"]), d["id"]))
    kinds["policy"] = page_of(policies[0])
    for kind in ("interpretation", "news", "digest_item"):
        if found := docs_of(site, kind):
            kinds[kind] = page_of(found[0])
    kinds["department"] = next(str(p.relative_to(site["site"])) for p in sorted((site["site"] / "departments").glob("*.html"))
                               if p.name != "index.html")
    return kinds


def base_of(site, mode, serve) -> str:
    return serve(site["site"]) if mode == "http" else site["site"].resolve().as_uri() + "/"


def open_page(browser, width=1280, dark=False):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844}, locale="zh-CN",
                                  color_scheme="dark" if dark else "light")
    errors = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    return context, page, errors


SEVERE = ("serious", "critical")


@browser_test
@pytest.mark.parametrize("mode", ["file", "http"])
def test_no_serious_accessibility_violations(site, mode, browser, serve):
    """axe-core on one page of every kind, light and dark, and with the search dialog open: no serious
    or critical violation."""
    from webtools import axe_script

    axe = axe_script()
    base = base_of(site, mode, serve)
    found = {}
    for dark in (False, True):
        context, page, errors = open_page(browser, dark=dark)
        try:
            for kind, rel in page_kinds(site).items():
                page.goto(base + rel)
                page.wait_for_load_state("load")
                page.add_script_tag(content=axe)
                if kind == "home":                                     # the search dialog, open, with results
                    page.locator(".md-search__input").fill(docs_of(site, "policy")[0]["title"][:6])
                    page.wait_for_selector("[data-policy-search-state=done]", state="attached")
                # preload off: axe would fetch the stylesheets again (XHR), which file:// refuses
                bad = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations'],
                        preload: false})).violations.filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' (' +
                        (n.any.concat(n.all)[0] || {message: ''}).message + ')').join(', '))""")
                if bad:
                    found[f"{kind}{' (dark)' if dark else ''}"] = bad
            assert not errors, errors
        finally:
            context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"reader-axe-{site['name']}-{mode}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    assert not found, found


@browser_test
@pytest.mark.parametrize("mode", ["file", "http"])
def test_search_works_on_the_error_page(site, mode, browser, serve):
    doc = next(d for d in docs_of(site, "policy") if d["doc_number"])
    context, page, errors = open_page(browser)
    try:
        page.goto(base_of(site, mode, serve) + "404.html")
        page.wait_for_load_state("load")
        page.locator('.md-content label[for="__search"]').click()
        page.locator(".md-search__input").fill(doc["doc_number"])
        page.wait_for_selector("[data-policy-search-state=done]", state="attached")
        results = page.evaluate("[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
        assert results and unquote(results[0]).split("?")[0].endswith("/" + page_of(doc)), results[:3]
        assert not errors, errors
    finally:
        context.close()


@browser_test
def test_print_media_shows_card_and_text_only(sample_site, browser):
    context, page, errors = open_page(browser)
    try:
        page.goto(sample_site["site"].resolve().as_uri() + "/" + page_of(docs_of(sample_site, "policy")[0]))
        page.emulate_media(media="print")
        visible = page.evaluate("""() => Object.fromEntries(['.md-header', '.md-tabs', '.md-sidebar--primary',
            '.md-footer', '.doc-card', '.md-content h1'].map(s => [s, !!document.querySelector(s) &&
            getComputedStyle(document.querySelector(s)).display !== 'none']))""")
        assert visible == {".md-header": False, ".md-tabs": False, ".md-sidebar--primary": False, ".md-footer": False,
                           ".doc-card": True, ".md-content h1": True}, visible
    finally:
        context.close()


@browser_test
def test_doc_number_never_breaks_at_phone_width(site, browser):
    context, page, errors = open_page(browser, width=390)
    try:
        for doc in [d for d in docs_of(site) if d["doc_number"]][:15]:
            page.goto(site["site"].resolve().as_uri() + "/" + page_of(doc))
            lines = page.evaluate("""() => { const r = document.createRange();
                const e = document.querySelector('.doc-card__number'); r.selectNodeContents(e);
                return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }""")
            assert lines == 1, doc["doc_number"]
    finally:
        context.close()


@browser_test
@pytest.mark.parametrize("mode", ["file", "http"])
def test_status_page_keeps_its_entries_after_scripts(site, mode, browser, serve):
    """效力状态 after policy-facts.js has regrouped it: every policy still listed by its linked title (the
    script once wrote the status word over the whole entry, leaving bars of 未注明 and no documents)."""
    want = {d["id"]: d for d in docs_of(site, "policy")}
    context, page, errors = open_page(browser)
    try:
        page.goto(base_of(site, mode, serve) + "status.html")
        page.wait_for_load_state("load")
        entries = page.evaluate("""() => [...document.querySelectorAll('li[data-status-of]')].map(li => ({
            id: li.dataset.statusOf, status: li.dataset.status, link: (li.querySelector('a') || {}).textContent}))""")
        assert len(entries) == len(want)
        for e in entries:
            doc = want[e["id"]]
            assert e["status"] and e["link"] in (doc["title"], doc.get("official_title")), e
        assert not errors, errors
    finally:
        context.close()


@browser_test
def test_feed_link_does_not_break_file_urls(sample_site, browser):
    """From disk the head's feed link asks for nothing (no sitemap.xml, no error)."""
    context, page, errors = open_page(browser)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(sample_site["site"].resolve().as_uri() + "/index.html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert not [u for u in requests if "sitemap" in u or u.endswith("feed.xml")], requests
        assert not errors, errors
    finally:
        context.close()


@browser_test
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_every_page_kind(site, width, browser):
    """Each page kind at desktop and phone width, for a person to look at (test-artifacts/reader-*)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, errors = open_page(browser, width=width)
    try:
        for kind, rel in page_kinds(site).items():
            page.goto(site["site"].resolve().as_uri() + "/" + rel)
            page.wait_for_load_state("load")
            assert page.locator(".md-content h1").count() == 1, rel
            page.screenshot(path=str(ARTIFACTS / f"reader-{site['name']}-{kind}-{width}.png"))
        assert not errors, errors
    finally:
        context.close()


def search(page, query: str) -> list[dict]:
    page.locator(".md-search__input").fill("")
    page.wait_for_function("!document.querySelector('.md-search-result__list li') && "
                           "!document.querySelector('[data-policy-search-state]')")     # the last search gone
    page.locator(".md-search__input").fill(query)
    page.wait_for_selector("[data-policy-search-state=done]", state="attached")
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item a')].map(a => ({
        path: decodeURIComponent(new URL(a.href).pathname), title: a.querySelector('h1').textContent,
        sub: (a.querySelector('.policy-search__sub') || {textContent: ''}).textContent}))""")


@browser_test
def test_search_ranks_what_a_reader_wants(site, browser):
    """An exact 文号 or title first; documents before index pages (marked 索引页); a 文号 query never
    answered with a near 文号 (〔2024〕11号 does not find 〔2024〕113号)."""
    context, page, errors = open_page(browser)
    policies = [d for d in docs_of(site, "policy") if d["doc_number"]][:8]
    numbers = {d["doc_number"] for d in docs_of(site) if d["doc_number"]}
    try:
        page.goto(site["site"].resolve().as_uri() + "/index.html")
        checked_near = 0
        for doc in policies:
            for query in (doc["doc_number"], doc["title"]):
                results = search(page, query)
                assert results and results[0]["path"].endswith("/" + page_of(doc)), (query, results[:2])
            words = search(page, doc["title"][:4])
            kinds = ["/documents/" in r["path"] for r in words]
            assert kinds == sorted(kinds, reverse=True), [r["path"] for r in words]    # documents first
            assert all(r["sub"] == "索引页" for r in words if "/documents/" not in r["path"])
            m = re.search(r"〔(\d{4})〕(\d{2,})号", doc["doc_number"])
            if m:
                near = doc["doc_number"].replace(m[0], f"〔{m[1]}〕{m[2][:-1]}号")
                if near not in numbers:
                    results = search(page, near)
                    assert not [r for r in results if r["path"].endswith("/" + page_of(doc))], (near, results[:2])
                    checked_near += 1
        assert checked_near or site["name"] == "sample"
        assert not errors, errors
    finally:
        context.close()


HEADLINED = ("国务院印发《关于加快发展智能装备产业的意见》\n国务院关于加快发展智能装备产业的意见\n国发〔2031〕5号\n"
             "各省、自治区、直辖市人民政府：\n为加快发展智能装备产业，现提出如下意见。\n一、总体要求\n"
             "坚持创新驱动，推动产业升级。\n国务院\n2031年2月3日\n")


def test_headline_kept_as_printed_official_title_on_the_card(tmp_path):
    """An invented compilation printing a compiler's headline above the document: corpus.json keeps
    the headline as `title` and adds `official_title`; the page and its card use the official title."""
    from mkdocs.utils.meta import get_data

    from converter.commands.convert import convert

    (tmp_path / "a.txt").write_text(HEADLINED, encoding="utf-8")
    convert([str(tmp_path / "a.txt")], tmp_path / "docs")
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    doc = corpus["documents"][0]
    assert doc["title"] == "国务院印发《关于加快发展智能装备产业的意见》"
    assert doc["official_title"] == "国务院关于加快发展智能装备产业的意见"
    text, meta = get_data((tmp_path / "docs" / doc["path"]).read_text(encoding="utf-8"))
    assert meta["title"] == meta["official_title"] == doc["official_title"]
    assert "编者标题：国务院印发《关于加快发展智能装备产业的意见》" in text
    assert meta["date_text"] == "2031年2月3日" and meta["date"] == "2031-02-03"


#: Invented documents under a compiler's headline with no title line of their own: the official title
#: is the headline's issuers (canonical names, the signer when it is a unit of the headline's body)
#: with the quoted name — a notice that issues it, or the 关于-document itself.
ISSUED = [
    ("国务院印发《关于推进智能装备创新发展的意见》\n国发〔2031〕8号\n各省、自治区、直辖市人民政府：\n"
     "为推进智能装备创新发展，现提出如下意见。\n一、总体要求\n坚持创新驱动。\n国务院\n2031年3月4日\n",
     "国务院关于推进智能装备创新发展的意见"),
    ("工信部等五部门联合印发《智能装备标准体系建设指南（2031版）》\n工信部联科〔2031〕9号\n各有关单位：\n"
     "现将《智能装备标准体系建设指南（2031版）》印发给你们，请认真贯彻落实。\n工业和信息化部\n国家发展改革委\n"
     "2031年3月5日\n",
     "工业和信息化部等五部门关于印发《智能装备标准体系建设指南（2031版）》的通知"),
    ("工信部印发《智能装备对接活动实施方案》的通知\n工信厅装函〔2031〕10号\n各有关单位：\n"
     "现将《智能装备对接活动实施方案》印发给你们，请结合实际认真贯彻执行。\n工业和信息化部办公厅\n2031年3月6日\n",
     "工业和信息化部办公厅关于印发《智能装备对接活动实施方案》的通知"),
    ("最高人民法院发布《关于贯彻落实〈中华人民共和国智能装备促进法〉的指导意见》\n法发〔2031〕11号\n"
     "各省、自治区、直辖市高级人民法院：\n为贯彻落实智能装备促进法，提出如下意见。\n一、总体要求\n坚持依法办事。\n"
     "最高人民法院\n2031年3月7日\n",
     "最高人民法院关于贯彻落实《中华人民共和国智能装备促进法》的指导意见"),
    # a news report under a headline (no 文号, signature or addressee): no official title
    ("生态环境部发布《智能装备碳排放报告（2031）》\n日前，生态环境部发布报告，引起广泛关注。\n报告显示，排放持续下降。\n",
     None),
]


@pytest.mark.parametrize("text, official", ISSUED)
def test_compiler_headline_gets_the_official_title(tmp_path, text, official):
    from converter.commands.convert import convert

    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    convert([str(tmp_path / "a.txt")], tmp_path / "docs")
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    doc = corpus["documents"][0]
    assert doc["title"] == text.split("\n")[0]                             # as printed
    assert doc.get("official_title") == official
    if official:
        from mkdocs.utils.meta import get_data
        page, meta = get_data((tmp_path / "docs" / doc["path"]).read_text(encoding="utf-8"))
        assert meta["official_title"] == official and meta["title"] == official
        assert "编者标题：" + doc["title"].replace("*", "\\*") in page


#: Invented documents whose meta or source line prints a publication date: (text, 成文日期, 发布日期).
PUBLISHED = [
    ("财政部有关负责人就《关于支持智能装备发展的通知》答记者问\n发布时间：2031-07-30\n问：请介绍一下出台背景？\n"
     "答：智能装备是制造业的重要基础。\n", None, "2031-07-30"),
    ("工业和信息化部关于开展智能装备试点工作的通知\n来源：工业和信息化部网站 2031-08-04 09:30\n工信部装函〔2031〕21号\n"
     "各省、自治区、直辖市工业和信息化主管部门：\n为推进智能装备发展，现就开展试点工作通知如下。\n工业和信息化部\n"
     "2031年7月28日\n", "2031-07-28", "2031-08-04"),
    ("司法部有关负责人就《智能装备促进条例》答记者问\n2031-05-06 14:48:41 来源： 新华社\n"
     "问：条例出台的背景是什么？\n答：条例将于明年施行。\n", None, "2031-05-06"),
    ("省政府新闻办召开智能装备发展新闻发布会\n来源：省政府新闻办 发布时间：2031年8月1日\n发布内容：介绍全省智能装备发展情况。\n"
     "主持人：各位记者朋友，大家上午好。\n", None, "2031-08-01"),
]


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader-published")
    files = []
    for i, (text, _, _) in enumerate(PUBLISHED):
        files.append(tmp / f"{i}.txt")
        files[-1].write_text(text, encoding="utf-8")
    return {"name": "published", **build(files, tmp)}


@pytest.mark.parametrize("i", range(len(PUBLISHED)))
def test_publication_date_where_printed(published_site, i):
    """A 发布时间 / 来源 … date line gives the 发布日期 (ISO in corpus.json, 2031年7月30日 on the card, after the
    成文日期 in the order of 国务院政策文件库); it is no 成文日期."""
    text, written, published = PUBLISHED[i]
    doc = next(d for d in docs_of(published_site) if d["title"] == text.split("\n")[0])
    assert doc.get("published") == published and doc["date"] == (written or published)
    rows = card(html(published_site, page_of(doc)))
    labels = [k for k, _ in rows]
    assert labels == sorted(labels, key=CARD_ORDER.index)
    values = dict(rows)
    y, m, d = (int(x) for x in published.split("-"))
    assert values["发布日期"].get_text() == f"{y}年{m}月{d}日" and values["发布日期"].time["datetime"] == published
    assert ("成文日期" in values) == bool(written)
    if written:
        assert values["成文日期"].time["datetime"] == written


# --- unresolved citations on the conversion report ---------------------------------------------------

CITED = ("国务院关于推进智能装备创新发展的意见\n国发〔2031〕8号\n各省、自治区、直辖市人民政府：\n"
         "为推进智能装备创新发展，现提出如下意见。\n一、总体要求\n坚持创新驱动。\n国务院\n2031年3月4日\n")
CITING = ("工业和信息化部关于开展智能装备试点工作的通知\n工信部装〔2031〕21号\n各省、自治区、直辖市工业和信息化主管部门：\n"
          "为贯彻落实《国务院关于推进智能装备创新发展的意见》（国发〔2031〕8号），现就开展试点工作通知如下。\n"
          "一、试点内容\n依据《智能装备促进办法》（国发〔2031〕99号）和《条例》，开展试点。\n"
          "二、工作要求\n各地按照工信部装〔2031〕7号文件要求推进。\n工业和信息化部\n2031年7月28日\n")


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader-cited")
    (tmp / "a.txt").write_text(CITED, encoding="utf-8")
    (tmp / "b.txt").write_text(CITING, encoding="utf-8")
    return {"name": "cited", **build([tmp / "a.txt", tmp / "b.txt"], tmp)}


def reported_citations(site, comp) -> tuple[int, list[tuple[str, str, str]]]:
    """(the count the report states, [(citation, where, link)] it lists)."""
    report = content(html(site, f"reports/{comp['id']}.html"))
    stated = int(re.search(r"未解析的引用：(\d+)", report.get_text())[1])
    listed = []
    heading = report.find(id="未解析的正文引用") or next((h for h in report.select("h2") if "未解析的正文引用" in h.get_text()),
                                                        None)
    if heading is not None:
        for li in heading.find_all_next("li"):
            if li.small is None or li.small.a is None:
                break
            listed.append((li.get_text().split(" ")[0].strip(), li.small.a.get_text(), li.small.a["href"]))
    return stated, listed


def test_unresolved_citations_are_listed_on_the_report(cited_site):
    """A 《title》（文号） and a bare 文号 in a body that name no document of the corpus are listed on the
    issue's conversion report with the line they are on and a link to the paragraph; a citation of a
    corpus document, the document's own 文号 and a short reference (《条例》) are not."""
    comp = next(c for c in cited_site["corpus"]["compilations"] if c["source"] == "b.txt")
    stated, listed = reported_citations(cited_site, comp)
    lines = CITING.split("\n")
    want = [("《智能装备促进办法》（国发〔2031〕99号）", f"第 {next(i for i, t in enumerate(lines, 1) if '99号' in t)} 行"),
            ("工信部装〔2031〕7号", f"第 {next(i for i, t in enumerate(lines, 1) if '7号文件' in t)} 行")]
    assert [(c, w) for c, w, _ in listed] == want and stated == len(want)
    doc = next(d for d in docs_of(cited_site) if d["doc_number"] == "工信部装〔2031〕21号")
    page = html(cited_site, page_of(doc))
    for _, _, href in listed:
        target, _, anchor = unquote(href).partition("#")
        assert target.endswith("/" + page_of(doc).split("/")[-1])
        assert anchor and page.find(id=anchor) is not None                 # the paragraph it is in
    other = next(c for c in cited_site["corpus"]["compilations"] if c["source"] == "a.txt")
    assert reported_citations(cited_site, other) == (0, [])


def test_report_lists_every_unresolved_citation_it_counts(site):
    for comp in site["corpus"]["compilations"]:
        stated, listed = reported_citations(site, comp)
        assert stated == len(listed), comp["id"]
        for citation, where, href in listed:
            assert re.fullmatch(r"第 \d+(–\d+)? 行", where), where
            target = unquote(href).partition("#")[0]
            page = (site["site"] / "reports" / target).resolve()
            text = content(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")).get_text()
            assert citation.replace(" ", "") in text.replace(" ", ""), (citation, target)
