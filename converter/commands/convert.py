"""`policy-site convert`: compilations in, Markdown pages + corpus.json in a docs folder out.

    files = collect_inputs(inputs)                   # files and folders → compilation files
    compilations = read_compilations(files)          # read → clean → segment → extract, per file
    library = resolve.resolve(compilations)          # merge, link, theme
    pages = render.render(library)                   # Markdown + corpus.json (document pages: makers)
    pages = known.skip_unchanged(pages, …)           # document pages whose inputs did not change: KEPT
    write_pages(pages, docs_dir)                     # only now touch the disk; only changed files

Converted files are cached (perf/cache.py), compiled templates too (perf/template_cache.py), and files
are converted on every core (perf/batch.py); document pages whose inputs did not change since their
file was written are not made again (perf/render_cache.py).
"""
from __future__ import annotations

import logging
from pathlib import Path

from converter.commands import folders, progress
from converter.commands.config import default_docs_dir, project_folder
from converter.commands.output import copy_handwritten, write_pages
from converter.errors import InputError
from converter.model import Compilation, Library
from converter.perf import batch, render_cache
from converter.perf.template_cache import compiled_templates
from converter.perf.cache import DiskCache
from converter.perf.collector import no_cycle_collection
from converter.pipeline import convert_file
from converter.stages import render, resolve
from converter.stages.segment import labeller
from converter.vocab import VOCAB

log = logging.getLogger("policy-site")

PACKAGE = Path(__file__).resolve().parents[1]
SAMPLE = PACKAGE / "sample"
#: Input files the converter reads in a folder: extracted text, PDF (with a text layer), Word .docx.
INPUT_SUFFIXES = (".txt", ".pdf", ".docx")
#: Converted compilations, inside the docs folder (MkDocs leaves dot-folders out of the site; cache.py).
CACHE_DIR = ".cache/policy-site"


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


def read_compilations(files: list[Path], cache=None, fresh: dict | None = None, segmenter: str = labeller.DEFAULT
                      ) -> tuple[tuple[Compilation, ...], tuple[str, ...]]:
    """Convert every file; the same bytes given twice count once. Any broken file refuses the run.

    Of identical files the one first by (name, path) is kept, whatever order they were given in.
    cache: {(path, sha256): Compilation} (anything with `get`: cache.py's caches): files found
    there are not converted again. fresh: receives this run's entries, for the caller to store once
    the run has succeeded (a refused run writes nothing, not even the cache). segmenter: "crf" (the default)
    or "rules" (`--segmenter`), part of the cache key."""
    errors: list[str] = []
    kept: dict[str, tuple[tuple[str, str], Compilation]] = {}
    skipped: dict[str, list[tuple[str, str]]] = {}
    fresh = {} if fresh is None else fresh
    with progress.stage("convert", total=len(files)) as bar:
        for path, comp in zip(files, batch.convert_all(convert_file, files, cache, fresh, bar, segmenter)):
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


def library_summary(library: Library) -> list[str]:
    """What `policy-site` prints about a conversion: a line per compilation, the inputs skipped as
    duplicates, and the totals (`N pages from M compilations`, which the caller completes)."""
    lines = []
    for c in library.compilations:
        kinds: dict[str, int] = {}
        for d in c.documents:
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
        missing_no = sum(1 for d in c.documents if d.kind == "policy" and not d.doc_number)
        missing_date = sum(1 for d in c.documents if d.kind == "policy" and not d.date)
        lines.append(
            f"{c.source.name}: {len(c.documents)} documents ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
            f"TOC {len(c.cover.toc)} entries, {len(c.unmatched_toc)} unmatched; policies without 文号 {missing_no}, "
            f"without date {missing_date}; {len(c.furniture)} furniture lines dropped; "
            f"{library.unresolved_citations.get(c.id, 0)} unresolved citations"
            + "".join(f"; {n} {what}{'s' if n > 1 else ''} removed" for what, n in c.removed_characters))
    lines += [f"skipped duplicate input: {d}" for d in library.duplicates]
    lines.append(f"{len(library.entries)} pages from {len(library.compilations)} compilations")
    return lines


def check_segmenter(segmenter: str) -> None:
    """Refuse an unknown choice, or the CRF when its model file is absent, before converting anything."""
    if segmenter not in labeller.SEGMENTERS:
        raise InputError(f"unknown segmenter {segmenter!r} (one of: {', '.join(labeller.SEGMENTERS)})")
    if segmenter == "crf" and not labeller.MODEL.is_file():
        raise InputError(f"--segmenter crf: no model file at {labeller.MODEL} (make train writes it)")


def convert(inputs: list[str | Path], docs_dir: Path, cache=None, config=None,
            segmenter: str = labeller.DEFAULT) -> tuple[Library, dict[str, int]]:
    """The command: the docs folder checked (commands/folders.py) and locked, then `convert_files`."""
    check_segmenter(segmenter)
    docs_dir = Path(docs_dir).resolve()
    files = collect_inputs(inputs)
    folders.check_targets(docs_dir, None, [Path(i) for i in inputs] or files, project_folder(config))
    with folders.locked(folders.lock_file(docs_dir), docs_dir):
        return convert_files(files, docs_dir, cache, config, segmenter)


def convert_files(files: list[Path], docs_dir: Path, cache=None, config=None,
                  segmenter: str = labeller.DEFAULT) -> tuple[Library, dict[str, int]]:
    """Convert `files` into `docs_dir` (checked and locked by the caller) with the segmenter chosen."""
    check_segmenter(segmenter)
    if cache is None:                                # from the command line: converted files on disk
        cache = DiskCache(docs_dir / CACHE_DIR)
    fresh: dict = {}
    with no_cycle_collection(), compiled_templates(docs_dir):
        compilations, duplicates = read_compilations(files, cache, fresh, segmenter)
        library = resolve.resolve(compilations, duplicates)
        pages = render.render(library)
        pages[render.SEARCH_WORDS] = search_words(library)
        copy_handwritten(docs_dir, default_docs_dir(config))
        known = render_cache.RenderCache(docs_dir / render_cache.RENDER_STATE, render_cache.context_digest(segmenter))
        pages = known.skip_unchanged(pages, library, docs_dir)
        stats = write_pages(pages, docs_dir)
    cache.replace(fresh)                             # keep what this run used, nothing else
    known.save(docs_dir)
    return library, stats
