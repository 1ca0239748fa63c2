"""The Markdown conversion cache (converter/page_cache.py): same HTML, fewer conversions, and a page
whose link target vanished is converted (and validated) again."""
from __future__ import annotations

import logging
import re

import pytest

from conftest import ROOT, convert_to


def build(docs, site, monkeypatch, cache):
    from converter.build import mkdocs_config
    from mkdocs.commands.build import build as mkdocs_build

    monkeypatch.setenv("POLICY_PAGE_CACHE", str(cache) if cache else "off")
    cfg = mkdocs_config(ROOT / "mkdocs.yml", docs, site)
    cfg["strict"] = True
    mkdocs_build(cfg)
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file() and "sitemap" not in p.name}


def reused(caplog) -> tuple[int, int]:
    m = [re.search(r"page cache: (\d+) pages reused, (\d+) converted", r.getMessage()) for r in caplog.records]
    m = [x for x in m if x]
    assert m, "no page cache report"
    return int(m[-1][1]), int(m[-1][2])


def test_cached_build_is_byte_identical(sample_files, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    plain = build(docs, tmp_path / "plain", monkeypatch, None)
    cache = tmp_path / "cache"
    first = build(docs, tmp_path / "first", monkeypatch, cache)
    hits, misses = reused(caplog)
    assert hits == 0 and misses > 10
    second = build(docs, tmp_path / "second", monkeypatch, cache)
    assert reused(caplog) == (misses, 0)               # every page reused
    assert plain == first == second


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
