"""`policy-site build`: convert into the docs folder, then build the static site with MkDocs.

    library, stats = convert(inputs, docs_dir)       # commands/convert.py
    cfg = mkdocs_config(config, docs_dir)            # mkdocs.yml, with our folders
    mkdocs build into a staging folder               # the previous site stays until this succeeds
    offline check (--offline), then swap it in
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from converter.commands.convert import convert
from converter.errors import OfflineError
from converter.site.offline import external_loads

PROJECT = Path(__file__).resolve().parents[2]


def config_path(config: str | Path | None) -> Path:
    if config:
        return Path(config)
    here = Path("mkdocs.yml")
    return here if here.exists() else PROJECT / "mkdocs.yml"


def mkdocs_config(config: str | Path | None, docs_dir: Path | None, site_dir: Path | None):
    from mkdocs.config import load_config

    overrides = {}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir.resolve())
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    # Search is indexed by the hook converter/site/search_index.py, which reads the jieba user dictionary
    # (render.SEARCH_WORDS) from the docs folder itself; Material's search plugin indexes nothing.
    return load_config(str(config_path(config)), **overrides)


def default_docs_dir(config: str | Path | None) -> Path:
    import yaml

    path = config_path(config)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    return (path.parent / data.get("docs_dir", "docs")).resolve()


def build(inputs, site_dir: Path | None = None, docs_dir: Path | None = None, config=None, strict=True,
          offline: bool = False):
    """Convert, then build the static site. The previous site stays until the new one is complete.

    offline: refuse a site that would load anything from outside its folder (see offline.py); every
    build is made to work from file://, this proves it before the site replaces the previous one."""
    from mkdocs.commands.build import build as mkdocs_build

    from converter.site.progress import PageProgress

    docs_dir = docs_dir or default_docs_dir(config)
    library, stats = convert(inputs, docs_dir)
    cfg = mkdocs_config(config, docs_dir, None)
    final_site = Path(site_dir).resolve() if site_dir else Path(cfg["site_dir"]).resolve()
    final_site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=final_site.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; the site is a normal, readable folder
    try:
        cfg["site_dir"] = str(staging)
        cfg["strict"] = strict
        cfg.plugins["policy-site/progress"] = PageProgress()
        mkdocs_build(cfg)
        if offline and (loads := external_loads(staging)):
            raise OfflineError(loads)
        if final_site.exists():
            old = staging.with_name(staging.name + "-old")  # unique: never a folder of the user's
            os.replace(final_site, old)
            try:
                os.replace(staging, final_site)
            except OSError:
                os.replace(old, final_site)  # put the previous site back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, final_site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return library, stats, final_site
