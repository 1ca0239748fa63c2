"""A new issue added to a built site: the result equals a cold build of all the issues, and every page
whose Markdown the new issue did not change keeps its bytes (the page cache renders only what changed)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converter.commands import build


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".")}


@pytest.mark.slow
def test_new_issue_equals_cold_build_and_keeps_unchanged_pages(sample_files, tmp_path, monkeypatch):
    assert len(sample_files) >= 2
    monkeypatch.setenv("POLICY_PAGE_CACHE", str(tmp_path / "page-cache"))
    monkeypatch.setenv("POLICY_SEARCH_CACHE", str(tmp_path / "search-cache"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    first, new = sorted(sample_files)[:-1], sorted(sample_files)[-1]
    for f in first:
        shutil.copyfile(f, inbox / f.name)
    docs, site = tmp_path / "docs", tmp_path / "site"
    build.build([str(inbox)], site_dir=site, docs_dir=docs)
    before_md, before_html = tree(docs), tree(site)
    shutil.copyfile(new, inbox / new.name)
    build.build([str(inbox)], site_dir=site, docs_dir=docs)
    after_md, after_html = tree(docs), tree(site)

    monkeypatch.setenv("POLICY_PAGE_CACHE", "off")
    monkeypatch.setenv("POLICY_SEARCH_CACHE", "off")
    cold_docs, cold_site = tmp_path / "cold-docs", tmp_path / "cold-site"
    build.build([str(inbox)], site_dir=cold_site, docs_dir=cold_docs)
    assert after_html == tree(cold_site)                        # the same site as a cold build, byte for byte

    unchanged = [md for md, text in before_md.items() if md.endswith(".md") and after_md.get(md) == text
                 and md.startswith("documents/")]
    assert unchanged                                            # the sample's first issue has such pages
    for md in unchanged:
        html = md[:-3] + ".html"
        assert after_html[html] == before_html[html], html      # its page kept its bytes
    changed = [md for md, text in after_md.items() if md.endswith(".md") and before_md.get(md) != text]
    assert any(md.startswith(("timeline", "issues/index")) for md in changed)   # the index pages did change
