"""`policy-site build`: convert into the docs folder, then build the static site with MkDocs.

    report, stats, newest = converted(...)           # commands/convert.py, in a child process
    cfg = mkdocs_config(config, docs_dir)            # mkdocs.yml, with our folders
    mkdocs build into a staging folder               # the previous site stays until this succeeds
    offline check (--offline), then swap it in
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from converter.commands import folders
from converter.commands.config import default_docs_dir, default_site_dir, mkdocs_config, project_folder
from converter.commands.convert import collect_inputs, convert_files, library_summary
from converter.errors import OfflineError
from converter.perf import child
from converter.stages.segment import labeller
from converter.commands.output import zip_site
from converter.site.offline import external_loads
from converter.stages.render import issue_time


def build(inputs, site_dir: Path | None = None, docs_dir: Path | None = None, config=None, strict=True,
          offline: bool = False, zip_target: Path | None = None, site_url: str | None = None,
          segmenter: str = labeller.DEFAULT):
    """Convert, then build the static site. The previous site stays until the new one is complete.

    offline: refuse a site that would load anything from outside its folder (see offline.py); every
    build is made to work from file://, this proves it before the site replaces the previous one.
    zip_target: also pack the site into this zip file.
    site_url: the site's address, in place of mkdocs.yml's `site_url` (sitemap, canonical and feed links).

    Returns (the `library_summary` lines, write statistics, the site folder). The conversion runs in a
    child process (`converted`), so that none of the library's memory is held while MkDocs builds."""
    from mkdocs.commands.build import build as mkdocs_build

    from converter.site.pages.mkdocs_adapter import build_dirty

    from converter.commands.page_progress import PageProgress

    docs_dir = Path(docs_dir or default_docs_dir(config)).resolve()
    site_dir = Path(site_dir or default_site_dir(config)).resolve()
    files = collect_inputs(inputs)
    folders.check_targets(docs_dir, site_dir, [Path(i) for i in inputs] or files, project_folder(config), zip_target)
    with folders.locked(folders.lock_file(docs_dir), docs_dir), \
            folders.locked(folders.lock_file(site_dir), site_dir):
        report, stats, newest = child.run(lambda: converted(files, docs_dir, config, segmenter))
        folders.remove_stale_staging(site_dir)
        staging = folders.new_staging(site_dir)
        try:
            cfg = mkdocs_config(config, docs_dir, staging, site_url)
            cfg["strict"] = strict
            cfg.plugins["policy-site/progress"] = PageProgress()
            if (search := cfg.plugins.get("policy-search")) is not None:
                search.previous_site = site_dir          # unchanged index segments are linked from it
            plan = incremental_plan(cfg, site_dir)
            try:
                with build_date(newest):
                    if plan is None:
                        mkdocs_build(cfg)
                    else:
                        cfg.plugins["policy-site/incremental"] = plan
                        build_dirty(cfg)
                if offline and (loads := external_loads(staging)):
                    raise OfflineError(loads)
                folders.swap_into_place(staging, site_dir)
                if plan is not None:
                    plan.save(site_dir)
            finally:
                if plan is not None:
                    plan.close()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        if zip_target is not None:
            zip_site(site_dir, zip_target)
    return report, stats, site_dir


def converted(files: list[Path], docs_dir: Path, config, segmenter: str) -> tuple[list[str], dict, str]:
    """convert_files, and what the build keeps of the library: the `library_summary` lines, the write
    statistics, the newest issue's time. `build` runs it in a child process of its own (perf/child.py):
    the memory of the library, freed by Python, stays with the process that used it (at 1,000 issues
    the build process stayed at 1.8 GB when the library was freed before MkDocs started)."""
    library, stats = convert_files(files, docs_dir, config=config, segmenter=segmenter)
    return library_summary(library), stats, newest_issue_time(library)


def incremental_plan(cfg, site_dir: Path):
    """The incremental build's plan (site/pages/incremental.py) when the page cache is on: its state
    lives beside the page cache, one per site folder; None (MkDocs' own full build) otherwise."""
    from converter.perf.store import store_path
    from converter.site.pages.incremental import Incremental

    pages = cfg.plugins.get("policy-pages")
    if pages is None or not pages.config.cache:
        return None
    folder = Path(cfg.config_file_path or ".").resolve().parent / pages.config.cache_dir
    return Incremental(store_path(folder, "site", site_dir), site_dir)


def newest_issue_time(library) -> str:
    """RFC 3339 start of the newest issue's period (2000-01-01 when no issue has one)."""
    times = [t for c in library.compilations if (t := issue_time(c))]
    return max(times, default="2000-01-01T00:00:00Z")


@contextmanager
def build_date(newest: str):
    """The date MkDocs stamps into the site (sitemap lastmod, the gzip header of sitemap.xml.gz):
    SOURCE_DATE_EPOCH when the user sets it, else `newest` (newest_issue_time), so that two builds
    of the same inputs are byte-identical whatever the day."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(newest.replace("Z", "+00:00")).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
