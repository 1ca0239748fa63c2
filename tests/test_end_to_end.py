"""The whole product: inputs → docs/ (pages + corpus.json) → strict MkDocs build."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, convert_to

KINDS = {"policy", "interpretation", "news", "digest_item"}
DOC_FIELDS = {"id", "path", "title", "kind", "subtype", "doc_number", "issuers", "date", "themes", "interprets",
              "interpreted_by", "cites", "occurrences"}
COMP_FIELDS = {"id", "path", "source", "sha256", "publisher", "title", "issue", "period", "documents"}


def build_site(docs: Path, site: Path) -> Path:
    from converter.commands.config import mkdocs_config
    from mkdocs.commands.build import build

    cfg = mkdocs_config(None, docs, site)
    cfg["strict"] = True
    build(cfg)  # strict: any broken link or missing page raises
    return site


def check_corpus(docs: Path, corpus: dict) -> None:
    assert corpus["schema"] == 1
    ids = {d["id"] for d in corpus["documents"]}
    for c in corpus["compilations"]:
        assert COMP_FIELDS <= set(c), c.keys()
        assert (docs / c["path"]).is_file()
        assert c["documents"] and set(c["documents"]) <= ids
        assert re.fullmatch(r"[0-9a-f]{64}", c["sha256"])
    for d in corpus["documents"]:
        assert DOC_FIELDS <= set(d), d.keys()
        assert d["kind"] in KINDS and d["title"]
        assert (docs / d["path"]).is_file()
        assert d["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", d["date"])
        for o in d["occurrences"]:
            assert 1 <= o["start_line"] <= o["end_line"]
        for rel in ("interprets", "interpreted_by", "cites"):
            assert set(d[rel]) <= ids


def test_sample_converts_and_builds_strict(sample_corpus, tmp_path):
    docs, library, corpus = sample_corpus
    check_corpus(docs, corpus)
    site = build_site(docs, tmp_path / "site")
    assert (site / "index.html").is_file()
    policy = next(d for d in corpus["documents"] if d["kind"] == "policy" and d["interpreted_by"])
    html = (site / policy["path"].replace(".md", ".html")).read_text(encoding="utf-8")
    assert policy["doc_number"] in html  # the metadata card
    assert "doc-card" in html
    # document pages are not in the nav: no page lists every document
    assert html.count("documents/") < len(corpus["documents"]) + 10


def test_sample_links_interpretation_policy_and_merges_issues(sample_corpus):
    _, _, corpus = sample_corpus
    docs = {d["id"]: d for d in corpus["documents"]}
    for d in docs.values():
        if d["kind"] == "interpretation":
            assert d["interprets"], f"interpretation not linked: {d['title']}"
            for target in d["interprets"]:
                assert d["id"] in docs[target]["interpreted_by"]
    # the same 意见 printed in both issues (and summarised in a 政策速览) is one page
    merged = [d for d in docs.values() if len({o["compilation"] for o in d["occurrences"]}) > 1]
    assert merged, "no document merged across the two sample issues"
    assert all(d["kind"] == "policy" for d in merged)
    # the full text wins over the 政策速览 summary of the same policy, which stays visible on its page
    summarised = [d for d in merged if len(d["occurrences"]) == 3]
    assert summarised, "the digest entry was not merged into the full text"
    page = (sample_corpus[0] / summarised[0]["path"]).read_text(encoding="utf-8")
    assert "政策速览摘要" in page
    assert not any(d["kind"] == "digest_item" and d["title"] == summarised[0]["title"] for d in docs.values())


@pytest.mark.seeds
def test_seeds_convert_and_build_strict(seed_corpus, tmp_path):
    docs, library, corpus = seed_corpus
    check_corpus(docs, corpus)
    assert len(corpus["compilations"]) == 5
    site = build_site(docs, tmp_path / "site")
    assert (site / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file() or any((site / "search").glob("*.js"))


@pytest.mark.seeds
def test_seed_fields_filled_where_the_text_has_them(seed_corpus):
    _, _, corpus = seed_corpus
    docs = corpus["documents"]
    policies = [d for d in docs if d["kind"] == "policy"]
    assert sum(1 for d in policies if d["doc_number"]) >= 0.6 * len(policies)
    assert sum(1 for d in policies if d["date"]) >= 0.7 * len(policies)
    assert sum(1 for d in policies if d["issuers"]) >= 0.9 * len(policies)
    assert sum(1 for d in policies if d["themes"]) >= 0.95 * len(policies)
    interpretations = [d for d in docs if d["kind"] == "interpretation"]
    assert sum(1 for d in interpretations if d["interprets"]) >= 0.9 * len(interpretations)
    for c in corpus["compilations"]:
        assert c["period"], c["source"]


@pytest.mark.seeds
def test_seed_page_paths_do_not_depend_on_input_order(seed_files, seed_corpus, tmp_path):
    _, _, corpus = seed_corpus
    _, reversed_corpus = convert_to(list(reversed(seed_files)), tmp_path / "rev")
    assert sorted(d["path"] for d in corpus["documents"]) == sorted(d["path"] for d in reversed_corpus["documents"])


@pytest.mark.seeds
def test_seed_copy_under_another_name_adds_no_page(seed_files, seed_corpus, tmp_path):
    _, _, corpus = seed_corpus
    copy = tmp_path / "copy-of-a-seed.txt"
    shutil.copyfile(seed_files[2], copy)
    library, again = convert_to([*seed_files, copy], tmp_path / "dup")
    assert len(again["documents"]) == len(corpus["documents"])
    assert len(again["compilations"]) == 5
    assert library.duplicates and "copy-of-a-seed.txt" in library.duplicates[0]
    for d in again["documents"]:
        occ = [(o["compilation"], o["start_line"]) for o in d["occurrences"]]
        assert len(occ) == len(set(occ))


def test_adding_an_issue_moves_no_page(sample_files, tmp_path):
    _, first = convert_to(sample_files[:1], tmp_path / "one")
    _, both = convert_to(sample_files, tmp_path / "two")
    before = {d["title"]: d["path"] for d in first["documents"]}
    after = {d["title"]: d["path"] for d in both["documents"]}
    for title, path in before.items():
        assert after.get(title) == path, title


def test_unchanged_pages_keep_bytes_and_mtime(sample_files, tmp_path):
    from converter.commands.convert import convert

    out = tmp_path / "docs"
    convert([str(p) for p in sample_files], out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    _, stats = convert([str(p) for p in sample_files], out)
    assert stats["written"] == 0 and stats["unchanged"] > 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.md")} == stamps


def test_mkdocs_config_keeps_documents_out_of_nav():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "documents/" not in text.split("nav:")[1]
    assert "use_directory_urls: false" in text


def check_feed(docs: Path, corpus: dict, site: Path | None = None) -> list[str]:
    """The Atom feed parses, lists each document once under the issue that first brought it, newest
    issue first, and every link points at the document's page. Returns the feed's document ids."""
    import xml.etree.ElementTree as ET

    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(docs / "feed.xml").getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    by_path = {d["path"].replace(".md", ".html"): d for d in corpus["documents"]}
    entries = root.findall("a:entry", ns)
    ids, times = [], []
    for e in entries:
        href = e.find("a:link", ns).get("href")
        assert href in by_path, href
        doc = by_path[href]
        assert e.find("a:title", ns).text == doc.get("official_title", doc["title"])   # the page's title
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", e.find("a:updated", ns).text)
        ids.append(doc["id"])
        times.append(e.find("a:updated", ns).text)
        if site is not None:
            assert (site / href).is_file()
    assert len(ids) == len(set(ids)), "a document appears twice in the feed"
    assert times == sorted(times, reverse=True), "feed not in order of issue, newest first"
    assert root.find("a:updated", ns).text == max(times)
    return ids


def test_atom_feed_lists_documents_by_issue(sample_corpus, tmp_path):
    docs, _, corpus = sample_corpus
    ids = check_feed(docs, corpus)
    assert sorted(ids) == sorted(d["id"] for d in corpus["documents"])   # small corpus: all of it
    newest = max(corpus["compilations"], key=lambda c: c["period"])
    # the newest issue's own documents come first, in the issue's order
    first = [i for i in newest["documents"] if i in ids[:len(newest["documents"])]]
    assert ids[:len(first)] == first and first
    site = build_site(docs, tmp_path / "site")
    check_feed(docs, corpus, site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in home
    # no bare <link rel=alternate> in the head: Material reads those as language versions and fetches
    # sitemap.xml for them, which fails from file://; the feed is named by rel="alternate feed"
    assert 'rel="alternate"' not in home
    assert '<link rel="alternate feed" type="application/atom+xml"' in home


@pytest.mark.seeds
def test_atom_feed_on_the_seeds(seed_corpus):
    docs, _, corpus = seed_corpus
    ids = check_feed(docs, corpus)
    assert len(ids) == min(len(corpus["documents"]), 200)


@pytest.mark.parametrize("value", ["plain", "a & b", "<tag>", 'say "hi"', "it's", "mixed '\"<&>", "新能源·汽车"])
def test_feed_escaping_round_trips_through_an_xml_parser(value):
    import xml.etree.ElementTree as ET

    from converter.stages.render import xml_attr, xml_text

    el = ET.fromstring(f"<e a={xml_attr(value)}>{xml_text(value)}</e>")
    assert el.get("a") == value and el.text == value
