"""The same mkdocs.yml builds with MkDocs 1.6 and with ProperDocs (the maintained MkDocs 1.x fork, which
aliases the `mkdocs` modules to its own): same pages, search index and plugins; only the generator
line differs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ENGINES = ["mkdocs", "properdocs"]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory, sample_files):
    from converter.commands.convert import convert
    from converter.commands.init import init

    folder = tmp_path_factory.mktemp("engines") / "site-folder"
    init(folder)
    convert([str(p) for p in sample_files], folder / "docs")
    return folder


def build(folder: Path, engine: str) -> dict[str, bytes]:
    site = folder / f"site-{engine}"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1930000000"}
    done = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-d", str(site)], cwd=folder,
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "page cache:" in done.stderr and "search index:" in done.stderr      # both plugins ran
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes()) for p in site.rglob("*")
            if p.is_file() and p.name != "sitemap.xml.gz"}


@pytest.fixture(scope="module")
def sites(site_folder):
    return {engine: build(site_folder, engine) for engine in ENGINES}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_site_builds(sites, engine):
    files = sites[engine]
    assert "index.html" in files and "search/docs.js" in files and "assets/policy-search.js" in files
    assert sum(name.startswith("documents/") for name in files) == 10
    assert b'href="./assets/policy-site.css"' in files["404.html"]


def test_both_engines_give_the_same_files(sites):
    assert sites["mkdocs"] == sites["properdocs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_generator_names_the_engine(site_folder, sites, engine):
    text = (site_folder / f"site-{engine}" / "index.html").read_text(encoding="utf-8")
    assert ("ProperDocs" in text) == (engine == "properdocs")
