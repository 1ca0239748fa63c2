"""Shared fixtures: the seeds (skipped when absent), the bundled sample, converted corpora."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "converter" / "sample"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip(f"no seeds: {SEEDS} is absent (the real compilations live outside the repository)")
    return files


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.txt"))


def convert_to(inputs, out: Path):
    from converter.commands.convert import convert

    library, stats = convert([str(p) for p in inputs], out)
    corpus = json.loads((out / "data" / "corpus.json").read_text(encoding="utf-8"))
    return library, corpus


@pytest.fixture(scope="session")
def seed_corpus(seed_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-docs")
    library, corpus = convert_to(seed_files, out)
    return out, library, corpus


@pytest.fixture(scope="session")
def sample_corpus(sample_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-docs")
    library, corpus = convert_to(sample_files, out)
    return out, library, corpus


def visible(folder: Path) -> list[str]:
    """The names in a folder, without the lock files builds leave beside their folders."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".policy-site.lock"))


def mkdocs_build(docs: Path, site: Path, config: Path | None = None, page_cache: Path | None = None,
                 search_cache: Path | None = None, strict: bool = True):
    """`mkdocs build` of a docs folder with the plugins' caches in the given folders (None: off)."""
    from mkdocs.commands.build import build

    from converter.commands.config import mkdocs_config

    cfg = mkdocs_config(config or ROOT / "mkdocs.yml", docs, site)
    cfg["strict"] = strict
    for name, cache in (("policy-pages", page_cache), ("policy-search", search_cache)):
        options = cfg.plugins[name].config
        options.cache, options.cache_dir = cache is not None, str(cache)
    build(cfg)
    return cfg


def local_links(site: Path, page: str) -> tuple[list[str], list[str]]:
    """The links and sources of a built page that stay inside the site (href="…", src="…" without a
    scheme), and those of them that name no file of the site (resolved from the page's folder)."""
    import re
    from urllib.parse import unquote

    text = (site / page).read_text(encoding="utf-8")
    local = [t for t in re.findall(r'(?:href|src)="([^"#?]+)', text) if not re.match(r"[a-z]+:", t)]
    folder = (site / page).parent
    return local, [t for t in local if not (folder / unquote(t)).resolve().exists()]


def site_copy(tmp_path: Path) -> Path:
    """A copy of mkdocs.yml and overrides/ for tests that change them; returns the copy of mkdocs.yml."""
    import shutil

    root = tmp_path / "config"
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def server_for():
    """server_for(site_dir) → base URL of an http server on 127.0.0.1 serving that folder."""
    import functools
    import http.server
    import threading

    servers = {}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def start(site: Path) -> str:
        if site not in servers:
            srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            servers[site] = srv
        return f"http://127.0.0.1:{servers[site].server_address[1]}/"

    yield start
    for srv in servers.values():
        srv.shutdown()
        srv.server_close()
