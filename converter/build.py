"""The top-level commands, as scripts: convert inputs into a docs folder; build or serve the site.

    files = collect_inputs(inputs)                   # files and folders → compilation files
    compilations = read_compilations(files)          # clean → segment → extract, per file
    library = resolve.resolve(compilations)          # merge, link, theme
    pages = render.render(library) + search words    # Markdown + corpus.json (document pages: makers)
    write_pages(pages, docs_dir)                     # only now touch the disk; only changed files
    mkdocs build                                     # the static site
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from . import fork, progress, render, resolve
from .cache import DiskCache, MemoryCache
from .clean import InputError
from .offline import OfflineError, external_loads
from .pipeline import convert_file
from .records import Compilation, Library
from .watch import InputWatcher
from .vocab import VOCAB

log = logging.getLogger("policy-site")

PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
SAMPLE = PACKAGE / "sample"
#: Input files the converter reads in a folder: extracted text, PDF (with a text layer), Word .docx.
INPUT_SUFFIXES = (".txt", ".pdf", ".docx")
#: Converted compilations, inside the docs folder (MkDocs leaves dot-folders out of the site; cache.py).
CACHE_DIR = ".cache/policy-site"
#: What `convert` owns inside a docs folder; everything else there is hand-written and left alone.
MANIFEST = "data/manifest.json"


def collect_inputs(inputs: list[str | Path]) -> list[Path]:
    """Files as given; folders expanded to their compilation files, sorted by name."""
    if not inputs:
        inputs = [SAMPLE]
    files: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise InputError(f"{item}: folder has no compilation files ({', '.join(INPUT_SUFFIXES)})")
            files += found
        elif item.is_file():
            files.append(item)
        else:
            raise InputError(f"{item}: no such file or folder")
    return files


def read_compilations(files: list[Path], cache=None, fresh: dict | None = None
                      ) -> tuple[tuple[Compilation, ...], tuple[str, ...]]:
    """Convert every file; the same bytes given twice count once. Any broken file refuses the run.

    Of identical files the one first by (name, path) is kept, whatever order they were given in.
    cache: {(path, sha256): Compilation} (anything with `get`: cache.py's caches): files found
    there are not converted again. fresh: receives this run's entries, for the caller to store once
    the run has succeeded (a refused run writes nothing, not even the cache)."""
    errors: list[str] = []
    kept: dict[str, tuple[tuple[str, str], Compilation]] = {}
    skipped: dict[str, list[tuple[str, str]]] = {}
    fresh = {} if fresh is None else fresh
    with progress.stage("convert", total=len(files)) as bar:
        for path, comp in zip(files, _convert_all(files, cache, fresh, bar)):
            if isinstance(comp, InputError):
                errors.append(str(comp))
                continue
            rank = (path.name, str(path))
            sha = comp.source.sha256
            if sha in kept:
                if rank < kept[sha][0]:
                    rank, comp, kept[sha] = kept[sha][0], kept[sha][1], (rank, comp)
                skipped.setdefault(sha, []).append(rank)
                continue
            kept[sha] = (rank, comp)
    if errors:
        raise InputError("\n".join(errors))
    compilations = tuple(comp for _, comp in kept.values())
    duplicates = tuple(sorted(f"{name} = {kept[sha][0][0]}" for sha, ranks in skipped.items() for name, _ in ranks))
    return compilations, duplicates


#: Files converted in worker processes from this many on (below, starting workers costs more).
PARALLEL_FROM = 4


def _convert_all(files: list[Path], cache, fresh: dict, bar):
    """Compilation (or the InputError) per file, in order; files not in the cache are converted on
    all cores. `fresh` receives the cache entries of this run."""
    keys: list = [None] * len(files)
    if cache:                                 # an empty cache cannot hit: no file is read and hashed twice
        for n, path in enumerate(files):
            try:
                keys[n] = (str(path), hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                pass                        # convert_file reports it in its own words
    done: dict[int, object] = {}
    for n, key in enumerate(keys):
        if key is not None and (comp := cache.get(key)) is not None:
            done[n] = comp
    todo = [n for n in range(len(files)) if n not in done]
    pickled: dict[int, bytes] = {}
    workers = min(os.cpu_count() or 1, len(todo))
    if workers > 1 and len(todo) >= PARALLEL_FROM and threading.active_count() == 1:   # no fork under `serve`
        from concurrent.futures import ProcessPoolExecutor

        todo.sort(key=lambda n: -_size(files[n]))  # largest first: the workers finish together, on small files

        with ProcessPoolExecutor(workers) as pool:
            for n, got in zip(todo, pool.map(_convert_pickled, [files[n] for n in todo], chunksize=1)):
                if isinstance(got, bytes):
                    pickled[n], got = got, pickle.loads(got)
                done[n] = got
                bar.update()
    else:
        for n in todo:
            done[n] = _convert_or_error(files[n])
            bar.update()
    bar.update(len(files) - len(todo))
    if cache is not None:
        for n, key in enumerate(keys):
            if not isinstance(comp := done[n], InputError):   # a file not hashed above: its conversion's hash
                fresh[key or (str(files[n]), comp.source.sha256)] = pickled.get(n, comp)
    return [done[n] for n in range(len(files))]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0                                    # convert_file reports it in its own words


def _convert_or_error(path: Path):
    try:
        return convert_file(path)
    except InputError as exc:
        return exc


def _convert_pickled(path: Path):
    """In a worker: the compilation pickled once, for the pipe and for the disk cache alike."""
    comp = _convert_or_error(path)
    return comp if isinstance(comp, InputError) else pickle.dumps(comp, protocol=pickle.HIGHEST_PROTOCOL)


def search_words(library: Library) -> str:
    """The jieba user dictionary of the search index: department names and aliases, theme keywords.

    From the vocabularies only, never from the corpus: a new issue leaves it unchanged, so the
    index's cache of segmented pages (keyed by this dictionary) survives the rebuild. 文号 need no
    dictionary entry: the index reads them with its own pattern, in every bracket style."""
    words: set[str] = set()
    for d in VOCAB.departments.values():
        words.add(d.name)
        words.update(d.aliases)
    for t in VOCAB.themes:
        words.update(t.keywords)
    return "".join(f"{w.replace(' ', '')} 50000\n" for w in sorted(words) if w.strip())


#: From this many pages given as functions (document pages), they are made and written on every core.
PARALLEL_PAGES = 500


def write_pages(pages: dict[str, str | Callable[[], str]], docs_dir: Path) -> dict[str, int]:
    """Write what changed (unchanged files keep their bytes and mtime); remove pages no longer made.

    A page is its text, or a function that makes it (render.py gives document pages so): those are
    made where they are written, shared out over the cores (fork.py) when there are many, since
    making and writing them is most of what follows resolve (0.7 → 0.5 s at 100 issues, measured).

    Every path is checked before anything is written: its folder, resolved (symbolic links
    followed), must be the docs folder or inside it, and its name a plain file name. A changed page
    replaces the old one atomically (written beside it, then renamed over it); a new page is written
    in place, which spares a rename per page on a first build."""
    docs_dir = docs_dir.resolve()
    docs_dir.mkdir(parents=True, exist_ok=True)
    manifest = docs_dir / MANIFEST
    previous = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.exists() else set()
    folders: dict[str, Path] = {}                    # a page's folder as written → resolved, once each
    targets: dict[str, Path] = {}
    for rel_path in pages:
        folder, _, name = rel_path.rpartition("/")
        if folder not in folders:
            folders[folder] = (docs_dir / folder).resolve()
        parent = folders[folder]
        if name in ("", ".", "..") or (parent != docs_dir and docs_dir not in parent.parents):
            raise InputError(f"refusing to write outside the docs folder: {rel_path}")
        targets[rel_path] = parent / name
    for parent in sorted(set(folders.values())):
        parent.mkdir(parents=True, exist_ok=True)

    def write(rel_path: str) -> str:
        content = pages[rel_path]
        return _write_page(targets[rel_path], (content() if callable(content) else content).encode("utf-8"))

    made = sorted(p for p, content in pages.items() if callable(content))
    plain = sorted(p for p, content in pages.items() if not callable(content))
    workers = (os.cpu_count() or 1) if len(made) >= PARALLEL_PAGES else 1
    if fork.available(workers):
        shares = fork.deal(made, workers)
        outcomes = Counter(o for share in fork.map_shares(write, [plain + shares[0], *shares[1:]]) for o in share)
    else:
        outcomes = Counter(map(write, plain + made))
    stats = {"written": outcomes["written"], "unchanged": outcomes["unchanged"], "removed": 0}
    for stale in sorted(previous - set(pages) - {MANIFEST}):
        path = (docs_dir / stale).resolve()
        if docs_dir in path.parents and path.exists():
            path.unlink()
            stats["removed"] += 1
    manifest_text = json.dumps(sorted(set(pages) | {MANIFEST}), ensure_ascii=False, indent=0) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != manifest_text:
        manifest.parent.mkdir(exist_ok=True)
        manifest.write_text(manifest_text, encoding="utf-8")
    return stats


def _write_page(target: Path, data: bytes) -> str:
    """"written", or "unchanged" when the file already holds these bytes (left as it is)."""
    try:
        if target.read_bytes() == data:
            return "unchanged"
    except FileNotFoundError:
        with open(target, "xb") as new:
            new.write(data)
    else:
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return "written"


def copy_handwritten(docs_dir: Path, source_docs: Path = PROJECT / "docs") -> None:
    """A docs folder other than the project's gets the hand-written pages and assets too."""
    if not source_docs.is_dir() or source_docs.resolve() == docs_dir.resolve():
        return
    for src in source_docs.rglob("*"):
        rel_path = src.relative_to(source_docs)
        if src.is_file() and rel_path.parts[0] not in render.GENERATED_TOP and str(rel_path) not in render.GENERATED_TOP:
            dst = docs_dir / rel_path
            if not dst.exists() or dst.read_bytes() != src.read_bytes():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)


def convert(inputs: list[str | Path], docs_dir: Path, cache=None) -> tuple[Library, dict[str, int]]:
    files = collect_inputs(inputs)
    if cache is None:                                # from the command line: converted files on disk
        cache = DiskCache(Path(docs_dir).resolve() / CACHE_DIR)
    fresh: dict = {}
    with no_cycle_collection():
        compilations, duplicates = read_compilations(files, cache, fresh)
        library = resolve.resolve(compilations, duplicates)
        pages = render.render(library)
        pages[render.SEARCH_WORDS] = search_words(library)
        copy_handwritten(docs_dir)
        stats = write_pages(pages, docs_dir)
    cache.replace(fresh)                             # keep what this run used, nothing else
    return library, stats


@contextmanager
def no_cycle_collection():
    """Python's cyclic garbage collector off while converting (worker processes inherit it); what
    is alive at the end is frozen (`gc.freeze`): left out of every later collection.

    Conversion makes millions of small records that all live to the end and form no reference
    cycles: the collector would traverse them again and again as they pile up, for nothing to free.
    Measured at 100 issues: the per-file stages 5.6 → 4.4 s of CPU, a cold convert 5.1 → 4.5 s on 2
    cores, the same peak memory. Reference counting still frees everything else. The MkDocs build
    keeps the collector: there it gained nothing and cost 300 MB (Markdown objects make cycles).

    Everything allocated with the collector off sits in its youngest generation: the first
    allocation after turning it back on would traverse all of it (0.18 s at 100 issues, measured),
    and every full collection of a later MkDocs build would again. Frozen, it is never traversed;
    it is still freed by reference counting. The next conversion unfreezes it first, so that
    garbage cycles among what was alive then (in `serve`, MkDocs' objects) are collected in time."""
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


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
    # Search is indexed by the hook converter/search_index.py, which reads the jieba user dictionary
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

    from .page_progress import PageProgress

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


def serve(inputs, config=None, dev_addr: str | None = None, docs_dir: Path | None = None, interval: float = 1.0):
    """Convert, serve with live reload, and keep converting what changes among the inputs."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    docs_dir = Path(docs_dir).resolve() if docs_dir else default_docs_dir(config)
    cache = MemoryCache()
    convert(inputs, docs_dir, cache)

    def reconvert():
        try:
            library, stats = convert(inputs, docs_dir, cache)
        except InputError as exc:
            for line in str(exc).splitlines():
                log.error("policy-site: error: %s (the site keeps its previous pages)", line)
            return
        log.warning("policy-site: inputs changed: %d pages, %d files written, %d removed",
                    len(library.entries), stats["written"], stats["removed"])

    watcher = InputWatcher(inputs or [SAMPLE], collect_inputs, reconvert, interval).start()
    try:
        mkdocs_serve(config_file=str(config_path(config)), dev_addr=dev_addr, livereload=True, docs_dir=str(docs_dir))
    finally:
        watcher.stop()
