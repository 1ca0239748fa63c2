"""`policy-site init FOLDER`: a site folder anywhere builds with the installed package."""
from __future__ import annotations

import subprocess
import sys

import pytest


def policy_site(*args, cwd):
    return subprocess.run([sys.executable, "-m", "converter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_init_then_build_the_sample_in_the_new_folder(tmp_path):
    folder = tmp_path / "mysite"
    done = policy_site("init", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["docs", "mkdocs.yml", "overrides"]
    text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in text and "- policy-search" in text and "- policy-pages" in text
    built = policy_site("-q", "build", cwd=folder)            # the sample, with this folder's mkdocs.yml
    assert built.returncode == 0, built.stderr
    site = folder / "site"
    assert (site / "index.html").is_file() and (site / "search" / "docs.js").is_file()
    assert len(list((site / "documents").glob("*.html"))) == 10
    assert 'href="./assets/policy-site.css"' in (site / "404.html").read_text(encoding="utf-8")   # relative 404
    assert sorted(p.name for p in (folder / ".cache" / "plugin").iterdir()) == ["policy-pages", "policy-search"]


@pytest.mark.parametrize("existing", ["file", "folder with a file"])
def test_init_writes_only_a_new_or_empty_folder(tmp_path, existing):
    target = tmp_path / "t"
    if existing == "file":
        target.write_text("x", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    done = policy_site("init", str(target), cwd=tmp_path)
    assert done.returncode == 2 and "init writes a new site folder only" in done.stderr
    assert target.is_file() or sorted(p.name for p in target.iterdir()) == ["notes.txt"]
