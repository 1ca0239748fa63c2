"""`policy-site init FOLDER`: a site folder to start from, anywhere, built with the installed package.

    FOLDER/mkdocs.yml    the repository's configuration: Material, the policy-search and policy-pages
                         plugins (mkdocs.plugins entry points), the index_lists Markdown extension
    FOLDER/overrides/    the theme overrides (document card, search box), to change as you like
    FOLDER/docs/         the hand-written pages and assets (about.md, assets/); `convert` adds the rest

Then, in FOLDER: `policy-site build issues/` (or `mkdocs build` after `policy-site convert … --out docs`).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from converter.commands import folders
from converter.commands.config import PROJECT
from converter.errors import InputError

#: What a new site folder gets of the project's own site: (source under the skeleton, target).
SKELETON = (("mkdocs.yml", "mkdocs.yml"), ("overrides", "overrides"), ("docs/about.md", "docs/about.md"),
            ("docs/assets", "docs/assets"))


def skeleton() -> Path:
    """The folder holding the project's own site (mkdocs.yml, overrides/, docs/): the source tree of
    this package (an editable install or a checkout)."""
    if not all((PROJECT / src).exists() for src, _ in SKELETON):
        raise InputError(f"no site skeleton beside the package ({PROJECT}): install from the repository "
                         "(pip install -e .) to use init")
    return PROJECT


def init(target: Path) -> list[Path]:
    """Write a site folder into `target` (new or empty); returns what was written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target}: exists and is not an empty folder; init writes a new site folder only")
    root = skeleton()
    written = []
    for src, dst in SKELETON:
        s, d = root / src, target / dst
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d)
        else:
            shutil.copyfile(s, d)
        written.append(d)
    folders.mark(target / "docs", "docs")
    return written
