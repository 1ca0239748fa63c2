"""The incremental build (converter/site/pages/incremental.py): a new issue added to a built site gives
the cold build's site byte for byte; every page it did not change keeps its file (bytes, mtime and
inode: linked from the previous site, not rendered again); a change of the theme, of mkdocs.yml, of a
package version or of a template makes every page again; a page changed by hand in the site is made again."""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converter.commands import build
from converter.perf import render_cache
from converter.site.pages import incremental

NAV_PAGES = {"index.md", "issues/index.md", "departments/index.md", "themes/index.md", "timeline.md",
             "types/index.md", "status.md", "targets.md", "about.md"}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".")}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*.html")}


def site_folder(path: Path, cached: bool = True) -> Path:
    """A site folder of `policy-site init` (its mkdocs.yml, overrides, caches beside it); uncached: the
    page and search caches off, so that `build` runs MkDocs' own full build (the cold build)."""
    subprocess.run([sys.executable, "-m", "converter", "-q", "init", str(path)], check=True)
    yml = path / "mkdocs.yml"
    if not cached:
        text = yml.read_text(encoding="utf-8")
        for name in ("policy-search", "policy-pages"):
            assert f"  - {name}\n" in text
            text = text.replace(f"  - {name}\n", f"  - {name}:\n      cache: false\n")
        yml.write_text(text, encoding="utf-8")
    return yml


@pytest.fixture(scope="module")
def issues(sample_files):
    assert len(sample_files) >= 2
    return sorted(sample_files)


@pytest.fixture(scope="module")
def cold_site(issues, tmp_path_factory) -> dict[str, bytes]:
    """Both issues built cold: no cache, no previous site, MkDocs' own build."""
    top = tmp_path_factory.mktemp("cold")
    inbox = top / "in"
    inbox.mkdir()
    for f in issues:
        shutil.copyfile(f, inbox / f.name)
    yml = site_folder(top / "folder", cached=False)
    _, _, site = build.build([str(inbox)], config=yml)
    return tree(site)


def first_build(issues, top: Path, all_issues: bool = False):
    inbox = top / "in"
    inbox.mkdir()
    for f in issues if all_issues else issues[:-1]:
        shutil.copyfile(f, inbox / f.name)
    yml = site_folder(top / "folder")
    _, _, site = build.build([str(inbox)], config=yml)
    return inbox, yml, site


def md_stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*.md")}


def render_caches(monkeypatch) -> list:
    """Every render cache (perf/render_cache.py) the converts that follow use (`policy-site build`
    converts in a child process, perf/child.py: here, so that its render cache is seen)."""
    from converter.perf import child

    monkeypatch.setattr(child, "run", lambda fn: fn())
    made = []
    original = render_cache.RenderCache.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)
    monkeypatch.setattr(render_cache.RenderCache, "__init__", init)
    return made


def plans(monkeypatch) -> list:
    """Every incremental plan made by the builds that follow."""
    made = []
    original = incremental.Incremental.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)
    monkeypatch.setattr(incremental.Incremental, "__init__", init)
    return made


@pytest.mark.slow
def test_new_issue_equals_cold_build_and_keeps_unchanged_pages(issues, cold_site, tmp_path, monkeypatch):
    inbox, yml, site = first_build(issues, tmp_path)
    docs = yml.parent / "docs"
    before_md, before_html, before_stat, before_md_stat = tree(docs), tree(site), stats(site), md_stats(docs)
    shutil.copyfile(issues[-1], inbox / issues[-1].name)
    made, renders = plans(monkeypatch), render_caches(monkeypatch)
    build.build([str(inbox)], config=yml)
    after_md, after_html, after_stat, after_md_stat = tree(docs), tree(site), stats(site), md_stats(docs)

    assert after_html == cold_site                              # the cold build's site, byte for byte
    (plan,), (known,) = made, renders
    assert plan.full_reason is None and plan.skipped
    unchanged = [md for md, text in before_md.items() if md.endswith(".md") and after_md.get(md) == text
                 and md not in NAV_PAGES]
    assert any(md.startswith("documents/") for md in unchanged)  # the first issue's pages
    assert known.kept >= sum(md.startswith("documents/") for md in unchanged)
    for md in unchanged:
        html = md[:-3] + ".html"
        assert md in plan.skipped, md                           # not read, not rendered
        assert after_html[html] == before_html[html], html      # its bytes,
        assert after_stat[html] == before_stat[html], html      # its inode and mtime: the previous file
        assert after_md_stat[md] == before_md_stat[md], md      # its Markdown not made again nor rewritten
    changed = [md for md, text in after_md.items() if md.endswith(".md") and before_md.get(md) != text]
    assert any(md.startswith(("timeline", "issues/index")) for md in changed)   # the index pages did change
    for md in changed:
        assert md not in plan.skipped and after_stat[md[:-3] + ".html"] != before_stat.get(md[:-3] + ".html")


@pytest.mark.slow
def test_a_rebuild_with_no_change_renders_only_the_navigation(issues, cold_site, tmp_path, monkeypatch):
    inbox, yml, site = first_build(issues, tmp_path, all_issues=True)
    before = stats(site)
    made, renders = plans(monkeypatch), render_caches(monkeypatch)
    build.build([str(inbox)], config=yml)
    (plan,), (known,) = made, renders
    assert tree(site) == cold_site and plan.full_reason is None
    assert known.kept == len(known.keys)                        # no page of the docs folder made again
    kept = {html for html, st in stats(site).items() if before.get(html) == st}
    assert kept == {p for p in before if p != "404.html" and p[:-5] + ".md" not in NAV_PAGES}


def edit_theme(yml: Path, monkeypatch) -> None:
    main = yml.parent / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "{# a comment: the same HTML #}\n", encoding="utf-8")


def edit_template_partial(yml: Path, monkeypatch) -> None:
    (yml.parent / "overrides" / "partials" / "unused-by-any-page.html").write_text("<p>x</p>\n", encoding="utf-8")


def edit_mkdocs_yml(yml: Path, monkeypatch) -> None:
    yml.write_text(yml.read_text(encoding="utf-8") + "# a comment: the same configuration\n", encoding="utf-8")


def upgrade_a_package(yml: Path, monkeypatch) -> None:
    real = incremental.distributions
    monkeypatch.setattr(incremental, "distributions", lambda: [("mkdocs-material", "99.0"), *real()])


def change_the_site_code(yml: Path, monkeypatch) -> None:
    real = incremental.code_digest
    monkeypatch.setattr(incremental, "code_digest", lambda: real() + "changed")


@pytest.mark.slow
@pytest.mark.parametrize("change, reason", [
    (edit_theme, "the build changed"),
    (edit_template_partial, "the build changed"),
    (edit_mkdocs_yml, "the build changed"),
    (upgrade_a_package, "the build changed"),
    (change_the_site_code, "the build changed"),
])
def test_a_change_of_the_build_makes_every_page(issues, cold_site, tmp_path, monkeypatch, change, reason):
    inbox, yml, site = first_build(issues, tmp_path, all_issues=True)
    before = stats(site)
    change(yml, monkeypatch)
    made = plans(monkeypatch)
    build.build([str(inbox)], config=yml)
    (plan,) = made
    assert plan.full_reason == reason and not plan.skipped and not plan.linked
    after = stats(site)
    assert not {html for html in after if before.get(html) == after[html]}   # no file of the previous site
    if change is not edit_mkdocs_yml:
        assert tree(site) == cold_site


@pytest.mark.slow
def test_a_page_changed_in_the_site_is_made_again(issues, cold_site, tmp_path, monkeypatch, caplog):
    inbox, yml, site = first_build(issues, tmp_path, all_issues=True)
    page = next(p for p in sorted(site.glob("documents/*.html")))
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    made = plans(monkeypatch)
    with caplog.at_level(logging.INFO):
        build.build([str(inbox)], config=yml)
    (plan,) = made
    assert str(page.relative_to(site))[:-5] + ".md" not in plan.skipped
    assert plan.skipped                                         # the other pages were kept
    assert tree(site) == cold_site


@pytest.mark.slow
def test_a_page_whose_search_postings_are_gone_is_read_for_search(issues, cold_site, tmp_path, monkeypatch):
    inbox, yml, site = first_build(issues, tmp_path, all_issues=True)
    for cache in (yml.parent / ".cache" / "plugin" / "policy-search").glob("*.sqlite"):
        cache.unlink()
    made = plans(monkeypatch)
    build.build([str(inbox)], config=yml)
    (plan,) = made
    assert plan.skipped and plan.read_for_search == sum(1 for e in plan.skipped.values() if e[4])
    assert plan.read_for_search > 0
    assert tree(site) == cold_site


@pytest.mark.slow
def test_an_issue_taken_out_equals_the_cold_build_of_the_rest(issues, tmp_path, monkeypatch):
    """Files removed: the pages that linked to them are made again (the others kept)."""
    inbox, yml, site = first_build(issues, tmp_path, all_issues=True)
    (inbox / issues[-1].name).unlink()
    made = plans(monkeypatch)
    build.build([str(inbox)], config=yml)
    (plan,) = made
    assert plan.skipped and plan.full_reason is None
    cold = tmp_path / "cold"
    cold_in = cold / "in"
    cold_in.mkdir(parents=True)
    shutil.copyfile(issues[0], cold_in / issues[0].name)
    _, _, cold_site = build.build([str(cold_in)], config=site_folder(cold / "folder", cached=False))
    assert tree(site) == tree(cold_site)


@pytest.mark.slow
@pytest.mark.parametrize("helper_fails_after", [None, 3])
def test_pages_converted_by_a_second_process_give_the_cold_build(issues, cold_site, tmp_path, monkeypatch, caplog,
                                                                  helper_fails_after):
    """Every other page converted by the helper process (policy-pages' _Helper, on from PARALLEL_PAGES
    pages: here from 0): a cold build and a new issue give the cold build's site byte for byte; a helper
    that dies part way (its pages converted here instead) too."""
    from converter.site.pages import mkdocs_adapter, plugin

    monkeypatch.setattr(plugin, "PARALLEL_PAGES", 0)
    if helper_fails_after is not None:
        real, count = mkdocs_adapter.populate_share, [0]

        def failing(*args, **kwargs):
            count[0] += 1
            if count[0] > helper_fails_after:
                raise RuntimeError("the helper dies")
            return real(*args, **kwargs)
        monkeypatch.setattr(mkdocs_adapter, "populate_share", failing)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.policy-pages")
    top = tmp_path / "all"
    top.mkdir()
    _, _, site = first_build(issues, top, all_issues=True)
    assert tree(site) == cold_site
    helped = [int(r.getMessage().split()[2]) for r in caplog.records if "by a second process" in r.getMessage()]
    assert helped and (helped[0] == helper_fails_after if helper_fails_after is not None else helped[0] > 10)
    caplog.clear()
    inbox, yml, site = first_build(issues, tmp_path)
    shutil.copyfile(issues[-1], inbox / issues[-1].name)
    build.build([str(inbox)], config=yml)
    assert tree(site) == cold_site
