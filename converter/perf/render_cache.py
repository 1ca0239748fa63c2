"""Pages that are already written are not made again, nor read to compare: a document page whose
every input is what it was when its file was written, or a page given as text whose digest is the one
its file was written with, keeps that file, unread (`convert` after one new issue).

    known = RenderCache(docs_dir / RENDER_STATE, context_digest(segmenter))
    pages = known.skip_unchanged(pages, library, docs_dir)    # unchanged pages → KEPT
    stats = write_pages(pages, docs_dir)             # a KEPT page's file is left as it is
    known.save(docs_dir)                             # once the run has succeeded

render.render gives a document page (render.document_page) and its JSON (render_facts.document_json) as
the partial function that makes it. What such a page reads (`page_inputs`), each part by a digest:

* the code and data that make pages: the converter's conversion code and vocabularies
  (cache.code_version: stages/, render.py among them), the templates, Jinja's and Python's versions,
  the segmenter chosen;
* its entry (`entry_digest`): every field but the merged documents, and each of those by where it was
  read (the compilation's source identity, segmenter and code as the conversion cache keys it, and its
  place in the compilation): a Document is a pure function of those;
* the entries it links to or names by id (every relation field, the citation links' targets): each by
  its entry digest;
* the compilations it occurs in (issue label, pages): each by its source identity and id;
* its ELI alias, and for a policy its status on the library's reference day (the day enters a page
  only there: render_facts.jsonld); for the JSON file, its corpus.json record.

A page given as its text (index, issue and report pages, ELI aliases) is keyed by the text's digest:
comparing it with its file then costs no read of the file.

tests/perf/test_render_cache.py renders every page of the sample with tracking dictionaries and fails
when a page reads an entry, a compilation or an alias these inputs do not name. The state (path → input
digest, size and mtime of the file written) is one JSON file in the docs folder's cache; a file whose
size or mtime changed since (edited by hand) is made again.

Measured at 100 issues (one new issue): see notes/NOTES-incr2.md.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path

#: A page whose file already holds its text (commands/output.write_pages leaves it as it is).
KEPT = type("Kept", (), {"__repr__": lambda self: "KEPT", "__doc__": "a page left as its file holds it"})()
#: The state file, inside the docs folder's cache (a dot-folder: never part of the site).
RENDER_STATE = ".cache/policy-render.json"
#: Part of every key: a change of what is digested starts afresh.
VERSION = "1"
PACKAGE = Path(__file__).resolve().parents[1]
#: Entry fields naming other entries by id (a document page links them, or reads their status).
RELATION_FIELDS = ("interprets", "interpreted_by", "cites", "cited_by", "repeals", "repealed_by", "amends",
                   "amended_by", "issued_with")


def context_digest(segmenter: str) -> str:
    """What makes every page: the conversion code and vocabularies, the templates, Jinja, Python."""
    from importlib.metadata import version

    from converter.perf.cache import code_version

    h = hashlib.sha256(f"{VERSION}\0{code_version()}\0{segmenter}\0{sys.version}\0{version('jinja2')}\0"
                       f"{version('markupsafe')}\0".encode())
    for p in sorted((PACKAGE / "templates").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def compilation_digest(comp) -> str:
    """A compilation as a page reads it: a pure function of its source (path, name, bytes) once the
    code and the segmenter (the context) are fixed."""
    return repr((comp.id, comp.source.identity()))


def entry_digest(e, doc_place: dict[int, str]) -> str:
    """An entry's fields, its merged documents each by where it was read (`doc_place`)."""
    h = hashlib.sha256()
    for name in type(e).__dataclass_fields__:
        if name != "versions":
            h.update(f"{name}={getattr(e, name)!r}\0".encode())
    for d in e.versions:
        h.update(doc_place[id(d)].encode() + b"\0")
    return h.hexdigest()


class Inputs:
    """The digests of one library's parts, worked out once per run."""

    def __init__(self, library, context: str, whole):
        self.context = context
        self.library = library
        self.comps = {c.id: compilation_digest(c) for c in library.compilations}
        doc_place = {id(d): f"{self.comps[c.id]}#{n}" for c in library.compilations for n, d in enumerate(c.documents)}
        self.entries = {e.id: entry_digest(e, doc_place) for e in library.entries}
        self.whole = whole                          # render's LibraryFacts, as the pages were given it

    def related(self, e) -> list[str]:
        ids = {i for name in RELATION_FIELDS for i in getattr(e, name)}
        ids.update(ln.target for ln in e.citation_links)
        return sorted(ids)

    def page_inputs(self, e) -> list:
        """What document_page(e) reads (module docstring)."""
        from converter.stages import render_facts as F

        status = F.status_on(e, self.whole.day) if e.kind == "policy" else None
        return ["page", self.context, self.entries[e.id],
                [(i, self.entries.get(i)) for i in self.related(e)],
                [(o.compilation, self.comps.get(o.compilation)) for o in e.occurrences],
                self.whole.eli.get(e.id), status]

    def json_inputs(self, e, base: dict) -> list:
        """What document_json(e, base, eli) reads."""
        return ["json", self.context, self.entries[e.id], base, self.whole.eli.get(e.id)]


def _key(inputs: list) -> str:
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=repr).encode()).hexdigest()


class RenderCache:
    """path → [inputs key, size, mtime_ns] of the document pages written by the previous run."""

    def __init__(self, state_file: Path, context: str):
        self.state_file = Path(state_file)
        self.context = context
        self.keys: dict[str, str] = {}              # this run's key per cacheable page
        self.kept = 0
        try:
            self.old = json.loads(self.state_file.read_text(encoding="utf-8"))
            if not isinstance(self.old, dict):
                self.old = {}
        except (OSError, ValueError):
            self.old = {}

    def key_of(self, page, inputs: Inputs) -> str | None:
        """The inputs key of a page made by one of the known makers, else None (made as usual)."""
        from converter.stages import render, render_facts as F

        if not isinstance(page, functools.partial) or page.keywords:
            return None
        if page.func is render.document_page and len(page.args) == 5:
            e, lib, _by_id, _comps, whole = page.args
            if lib is not inputs.library or whole is not inputs.whole:
                return None
            return _key(inputs.page_inputs(e))
        if page.func is F.document_json and len(page.args) == 3:
            e, base, eli = page.args
            if eli is not inputs.whole.eli:
                return None
            return _key(inputs.json_inputs(e, base))
        return None

    def skip_unchanged(self, pages: dict, library, docs_dir: Path) -> dict:
        """`pages` with each document page whose inputs and file are as recorded replaced by KEPT."""
        from converter.stages import render

        whole = next((p.args[4] for p in pages.values() if isinstance(p, functools.partial)
                      and p.func is render.document_page and len(p.args) == 5), None)
        inputs = Inputs(library, self.context, whole) if whole is not None else None
        out = dict(pages)
        for path, page in pages.items():
            if isinstance(page, str):                   # a page given as its text: by its digest
                key = "text:" + hashlib.sha256(page.encode("utf-8")).hexdigest()
            elif inputs is None or not callable(page) or (key := self.key_of(page, inputs)) is None:
                continue
            self.keys[path] = key
            old = self.old.get(path)
            if old is not None and old[0] == key and _stat(docs_dir / path) == tuple(old[1:]):
                out[path] = KEPT
                self.kept += 1
        return out

    def save(self, docs_dir: Path) -> None:
        """Record the key and the file's stat of every cacheable page, once they are written."""
        state = {}
        for path, key in self.keys.items():
            if (st := _stat(docs_dir / path)) is not None:
                state[path] = [key, *st]
        if state == self.old:                           # nothing changed: the state file is left alone
            return
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_name(self.state_file.name + ".tmp")
            tmp.write_text(json.dumps(state, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            tmp.replace(self.state_file)
        except OSError:
            self.state_file.unlink(missing_ok=True)   # a stale state could keep a page it should make


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
