"""The page cache (converter/site/pages/): same HTML, less work. Front matter, conversions and template
outputs are reused on a warm build; a change reaches exactly the pages it affects; a page whose link
target vanished, or whose build warned, fails a strict build every time."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, convert_to, mkdocs_build, site_copy

REPORT = re.compile(r"page cache: (\d+) pages reused, (\d+) converted; front matter (\d+) reused, (\d+) parsed; "
                    r"template outputs (\d+) reused, (\d+) rendered")


def build(docs, site, monkeypatch, cache, config=ROOT / "mkdocs.yml"):
    mkdocs_build(docs, site, config, page_cache=cache)
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and "sitemap" not in p.name and p.relative_to(site).parts[0] != "search"}


def counts(caplog) -> dict[str, tuple[int, int]]:
    """{kind: (reused, done again)} of the last build's page cache report."""
    m = [REPORT.search(r.getMessage()) for r in caplog.records]
    m = [x for x in m if x]
    assert m, "no page cache report"
    n = [int(x) for x in m[-1].groups()]
    return {"pages": (n[0], n[1]), "sources": (n[2], n[3]), "outputs": (n[4], n[5])}


def site_config(tmp_path) -> Path:
    return site_copy(tmp_path)


#: Pages whose source MkDocs reads in other ways than YAML front matter: MultiMarkdown meta, CRLF, BOM.
ODD_SOURCES = {
    "mm.md": "title: 元数据标题\nauthor: 某人\n\n# 正文标题\n\n一段。\n",
    "crlf.md": "---\r\ntitle: 换行\r\n---\r\n\r\n# 换行页\r\n\r\n一段。\r\n",
    "bom.md": "\ufeff# 字节序标记\n\n一段。\n",
}


def test_cached_build_is_byte_identical(sample_files, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    for name, text in ODD_SOURCES.items():
        (docs / name).write_bytes(text.encode("utf-8"))
    plain = build(docs, tmp_path / "plain", monkeypatch, None)
    assert not [r for r in caplog.records if REPORT.search(r.getMessage())]      # off: no cache at all
    cache = tmp_path / "cache"
    first = build(docs, tmp_path / "first", monkeypatch, cache)
    cold = counts(caplog)
    n = cold["pages"][1]
    assert n > 10 and cold == {"pages": (0, n), "sources": (0, n), "outputs": (0, n)}
    second = build(docs, tmp_path / "second", monkeypatch, cache)
    assert counts(caplog) == {"pages": (n, 0), "sources": (n, 0), "outputs": (n, 0)}    # every page reused
    assert plain == first == second


def _document(docs: Path) -> Path:
    return sorted((docs / "documents").glob("*.md"))[0]


def change_page(docs: Path, config: Path):
    page = _document(docs)
    page.write_text(page.read_text(encoding="utf-8") + "\n补充的一段正文。\n", encoding="utf-8")


def change_nav_title(docs: Path, config: Path):
    text = config.read_text(encoding="utf-8")
    assert "- 时间线: timeline.md" in text
    config.write_text(text.replace("- 时间线: timeline.md", "- 时间轴: timeline.md"), encoding="utf-8")


def change_extra(docs: Path, config: Path):
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  generator: false\n", encoding="utf-8")


def change_override(docs: Path, config: Path):
    template = config.parent / "overrides" / "document.html"
    template.write_text(template.read_text(encoding="utf-8") + "{#- changed -#}\n", encoding="utf-8")


def untitled_nav_entry(docs: Path, config: Path):
    """The nav names about.md without a title: its title comes from the page."""
    text = config.read_text(encoding="utf-8")
    assert "- 使用说明: about.md" in text
    config.write_text(text.replace("- 使用说明: about.md", "- about.md"), encoding="utf-8")


def change_nav_page_title(docs: Path, config: Path):
    page = docs / "about.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# 使用说明\n")
    page.write_text(text.replace("# 使用说明\n", "# 怎样使用\n", 1), encoding="utf-8")


def nothing(docs: Path, config: Path):
    pass


ALL = "all"


@pytest.mark.parametrize("prepare, change, outputs_rendered, sources_parsed", [
    (nothing, change_page, 1, 1),             # one page's Markdown: that page only
    (nothing, change_nav_title, ALL, 0),      # every page shows the navigation
    (untitled_nav_entry, change_nav_page_title, ALL, 1),  # the same, mkdocs.yml unchanged
    (nothing, change_extra, ALL, 0),          # mkdocs.yml `extra` is read by the templates
    (nothing, change_override, ALL, 0),       # a theme file: every page, also those not using that template
], ids=lambda v: v.__name__ if callable(v) else str(v))
def test_a_change_renders_again_the_pages_it_affects(prepare, change, outputs_rendered, sources_parsed,
                                                     sample_corpus, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    docs = tmp_path / "docs"
    shutil.copytree(sample_corpus[0], docs)
    config = site_config(tmp_path)
    prepare(docs, config)
    cache = tmp_path / "cache"
    build(docs, tmp_path / "before", monkeypatch, cache, config)
    n = counts(caplog)["outputs"][1]
    change(docs, config)
    warm = build(docs, tmp_path / "warm", monkeypatch, cache, config)
    rendered = n if outputs_rendered == ALL else outputs_rendered
    got = counts(caplog)
    assert got["outputs"] == (n - rendered, rendered)
    assert got["sources"] == (n - sources_parsed, sources_parsed)
    assert warm == build(docs, tmp_path / "plain", monkeypatch, None, config)    # and the same bytes


def test_a_page_whose_link_target_vanished_is_converted_again(sample_files, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    (docs / "extra.md").write_text("# 附加页\n\n[目标](target.md)\n", encoding="utf-8")
    (docs / "target.md").write_text("# 目标\n", encoding="utf-8")
    cache = tmp_path / "cache"
    build(docs, tmp_path / "a", monkeypatch, cache)
    (docs / "target.md").unlink()
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):                         # the unchanged page's link is checked again
        build(docs, tmp_path / "b", monkeypatch, cache)


def test_a_page_that_warned_fails_every_strict_build(sample_corpus, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(sample_corpus[0], docs)
    (docs / "extra.md").write_text("# 附加页\n\n[目标](missing.md)\n", encoding="utf-8")
    cache = tmp_path / "cache"
    from mkdocs.exceptions import Abort

    for site in ("a", "b"):                            # the warning is not hidden by a stored conversion
        with pytest.raises(Abort):
            build(docs, tmp_path / site, monkeypatch, cache)


@pytest.mark.parametrize("value, stable", [
    ({"a": [1, "二", None], "b": {"c": 1.5}}, True),
    ({"when": __import__("datetime").date(2024, 5, 1)}, True),         # by str(): deterministic
    ({"f": len, "s": {3, 1, 2}}, True),                               # functions by name, sets sorted
    ({"o": object()}, False),                                         # repr with a memory address
    ({"o": [type("X", (), {})()]}, False),
    ({"m": type("Y", (), {"f": lambda self: 1})().f}, False),          # a bound method: its object's state
])
def test_key_values_need_a_stable_text(value, stable):
    from converter.site.pages import keys

    if stable:
        assert keys.digest(value) == keys.digest(value)
    else:
        with pytest.raises(keys.Unstable):
            keys.digest(value)


def _build_recording_markdown(docs: Path, site: Path, monkeypatch, release: bool, cache: Path | None,
                              pack: bool = False) -> tuple[dict, dict]:
    """({file: bytes} of the whole site, search included; {src_uri: page.markdown} as each page is
    rendered into its template (MkDocs has read every page by then)). With pack: {src_uri: the type
    of page.content as MkDocs begins the page, inside its template's render, and once it is written}."""
    from mkdocs.commands import build as mkdocs_build_module

    from converter.commands.config import mkdocs_config

    seen: dict[str, object] = {}
    original = mkdocs_build_module._build_page

    def recording(page, config, doc_files, nav, env, dirty=False, excluded=False):
        if not pack:
            seen[page.file.src_uri] = page.markdown
            return original(page, config, doc_files, nav, env, dirty, excluded)
        seen[page.file.src_uri] = [type(page.content).__name__]
        original(page, config, doc_files, nav, env, dirty, excluded)
        seen[page.file.src_uri].append(type(page.content).__name__)

    def rendering(context, page, config, nav):             # after every handler: what the template reads
        seen[page.file.src_uri].insert(1, type(page.content).__name__)
        return context

    monkeypatch.setattr(mkdocs_build_module, "_build_page", recording)
    cfg = mkdocs_config(ROOT / "mkdocs.yml", docs, site)
    cfg["strict"] = True
    pages = cfg.plugins["policy-pages"].config
    pages.cache, pages.cache_dir, pages.release_markdown = cache is not None, str(cache), release
    pages.pack_content = pack
    if pack:
        cfg.plugins.events["page_context"].append(rendering)
    cfg.plugins["policy-search"].config.cache = False
    mkdocs_build_module.build(cfg)
    monkeypatch.setattr(mkdocs_build_module, "_build_page", original)
    files = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file() and "sitemap" not in p.name}
    return files, seen


@pytest.mark.parametrize("release, cache", [(False, False), (True, False), (True, True)])
def test_markdown_is_let_go_once_converted_and_the_site_is_the_same(sample_files, tmp_path, monkeypatch,
                                                                    release, cache):
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    reference, kept = _build_recording_markdown(docs, tmp_path / "reference", monkeypatch, False, None)
    assert len(kept) > 10 and all(kept.values())                          # MkDocs keeps every page's Markdown
    files, seen = _build_recording_markdown(docs, tmp_path / "site", monkeypatch, release,
                                            tmp_path / "cache" if cache else None)
    assert seen.keys() == kept.keys()
    assert all(v == "" for v in seen.values()) if release else seen == kept
    assert files == reference                                             # titles, search index: the same


@pytest.mark.parametrize("cache", [False, True])
def test_html_is_held_packed_but_while_its_page_is_rendered_and_the_site_is_the_same(sample_files, tmp_path,
                                                                                     monkeypatch, cache):
    """MkDocs converts every page before it renders the first: each page's HTML is held packed
    (perf/packed.py) until its template is rendered, and packed again once it is written (search reads
    it at the end). The site, search index included, is the one built with the HTML held as text."""
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    reference, _ = _build_recording_markdown(docs, tmp_path / "reference", monkeypatch, True, None)
    files, seen = _build_recording_markdown(docs, tmp_path / "site", monkeypatch, True,
                                            tmp_path / "cache" if cache else None, pack=True)
    assert len(seen) > 10
    assert all(v == ["Packed", "str", "Packed"] for v in seen.values()), seen
    assert files == reference
