"""perf/render_cache.py: a document page is kept (not made, its file not read) only when what it reads is
what it was; what a page reads is checked against what render.document_page really reads."""
from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from converter.commands import convert as convert_cmd
from converter.perf import render_cache
from converter.perf.cache import MemoryCache
from converter.pipeline import convert_file
from converter.stages import render, render_facts as F, resolve


class Reads(dict):
    """A dict that records the keys read; reading it whole (iterating) is recorded as "*"."""

    def __init__(self, data):
        super().__init__(data)
        self.read: set = set()

    def __getitem__(self, k):
        self.read.add(k)
        return super().__getitem__(k)

    def get(self, k, default=None):
        self.read.add(k)
        return super().get(k, default)

    def __contains__(self, k):
        self.read.add(k)
        return super().__contains__(k)

    def __iter__(self):
        self.read.add("*")
        return super().__iter__()

    def keys(self):
        self.read.add("*")
        return super().keys()

    def values(self):
        self.read.add("*")
        return super().values()

    def items(self):
        self.read.add("*")
        return super().items()


@pytest.fixture(scope="module")
def library(sample_files):
    return resolve.resolve(tuple(convert_file(f) for f in sorted(sample_files)))


def test_a_document_page_reads_only_what_its_inputs_name(library):
    by_id, comps = {e.id: e for e in library.entries}, {c.id: c for c in library.compilations}
    whole = render.library_facts(library)
    inputs = render_cache.Inputs(library, "context", whole)
    related_somewhere = 0
    for e in library.entries:
        r_by_id, r_comps, r_eli = Reads(by_id), Reads(comps), Reads(whole.eli)
        page = render.document_page(e, library, r_by_id, r_comps, render.LibraryFacts(r_eli, whole.day))
        assert page == render.document_page(e, library, by_id, comps, whole)
        assert r_by_id.read <= {e.id, *inputs.related(e)}, e.id
        assert r_comps.read <= {o.compilation for o in e.occurrences}, e.id
        assert r_eli.read <= {e.id}, e.id
        related_somewhere += bool(r_by_id.read - {e.id})
    assert related_somewhere                                  # the sample's pages do link other entries


def test_the_day_enters_a_page_only_through_its_status(library):
    by_id, comps = {e.id: e for e in library.entries}, {c.id: c for c in library.compilations}
    whole = render.library_facts(library)
    compared = 0
    for e in library.entries:
        page = render.document_page(e, library, by_id, comps, whole)
        for day in ("1990-01-01", "2100-12-31", whole.day[:4] + "-12-31"):
            if e.kind != "policy" or F.status_on(e, day) == F.status_on(e, whole.day):
                other = render.document_page(e, library, by_id, comps, render.LibraryFacts(whole.eli, day))
                assert other == page, (e.id, day)
                compared += day != whole.day
    assert compared


def test_the_json_file_reads_only_its_entry_and_its_alias(library):
    whole = render.library_facts(library)
    for e in library.entries:
        eli = Reads(whole.eli)
        F.document_json(e, render.corpus_record(e, whole.eli), eli)
        assert eli.read <= {e.id}


def docs_tree(docs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def stats(docs: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(docs)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in docs.rglob("*.md")}


def run(files, docs: Path, monkeypatch) -> render_cache.RenderCache:
    """convert_files, returning the RenderCache it used."""
    made = []
    original = render_cache.RenderCache.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)
    monkeypatch.setattr(render_cache.RenderCache, "__init__", init)
    convert_cmd.convert_files(list(files), docs, MemoryCache())
    monkeypatch.setattr(render_cache.RenderCache, "__init__", original)
    return made[0]


def document_pages(docs: Path) -> set[str]:
    return {str(p.relative_to(docs)) for p in (docs / "documents").glob("*.md")}


def test_a_new_issue_keeps_unchanged_pages_and_equals_a_fresh_convert(sample_files, tmp_path, monkeypatch):
    files = sorted(sample_files)
    fresh = tmp_path / "fresh"
    first = run(files, fresh, monkeypatch)
    assert first.kept == 0 and first.keys                      # nothing recorded yet: every page made
    docs = tmp_path / "docs"
    run(files[:-1], docs, monkeypatch)
    before_md, before_stat = docs_tree(docs), stats(docs)
    known = run(files, docs, monkeypatch)
    after = docs_tree(docs)
    assert after == docs_tree(fresh)                           # what a convert from nothing writes
    unchanged = {p for p in document_pages(docs) if before_md.get(p) == after[p]}
    assert unchanged and known.kept >= len(unchanged)
    for p in unchanged:                                        # kept: not rewritten (same inode, mtime)
        assert stats(docs)[p] == before_stat[p], p
    changed = {p for p in document_pages(docs) if before_md.get(p) != after[p]}
    assert changed                                             # the new issue's pages, at least


def edit_page(docs: Path, monkeypatch) -> str:
    page = sorted(document_pages(docs))[0]
    (docs / page).write_text("edited by hand\n", encoding="utf-8")
    return page


def change_a_template(docs: Path, monkeypatch) -> None:
    real = render_cache.context_digest
    monkeypatch.setattr(render_cache, "context_digest", lambda segmenter: real(segmenter) + "changed")


def damage_the_state(docs: Path, monkeypatch) -> None:
    (docs / render_cache.RENDER_STATE).write_text("{not json", encoding="utf-8")


def change_an_entry(docs: Path, monkeypatch) -> None:
    """A document's own record changes (here: every entry's digest, as a changed conversion would)."""
    real = render_cache.entry_digest
    monkeypatch.setattr(render_cache, "entry_digest", lambda e, places: real(e, places) + "changed")


@pytest.mark.parametrize("change, kept_after", [
    (None, "all"),
    (edit_page, "all but one"),
    (change_a_template, "pages given as text"),
    (damage_the_state, "none"),
    (change_an_entry, "pages given as text"),
])
def test_what_is_kept_after_a_change(sample_files, tmp_path, monkeypatch, change, kept_after):
    files = sorted(sample_files)
    docs = tmp_path / "docs"
    first = run(files, docs, monkeypatch)
    cached = len(first.keys)
    texts = sum(k.startswith("text:") for k in first.keys.values())
    assert 0 < texts < cached
    reference = docs_tree(docs)
    if change is not None:
        change(docs, monkeypatch)
    known = run(files, docs, monkeypatch)
    assert known.kept == {"all": cached, "all but one": cached - 1, "none": 0, "pages given as text": texts}[kept_after]
    assert docs_tree(docs) == reference                        # the page edited by hand is made again


def test_a_page_given_otherwise_is_made_as_usual(library, tmp_path):
    known = render_cache.RenderCache(tmp_path / "state.json", "context")
    pages = {"a.md": functools.partial(str, "made"), "b.md": "text"}
    assert known.skip_unchanged(pages, library, tmp_path) == pages and set(known.keys) == {"b.md"}


@pytest.mark.parametrize("second, kept", [("text\n", 1), ("other text\n", 0)])
def test_a_page_given_as_text_is_kept_by_its_digest(library, tmp_path, second, kept):
    from converter.commands import output

    docs = tmp_path / "docs"
    for text, expect_kept in (("text\n", 0), (second, kept)):
        known = render_cache.RenderCache(docs / render_cache.RENDER_STATE, "context")
        pages = known.skip_unchanged({"issues/a.md": text}, library, docs)
        assert known.kept == expect_kept
        output.write_pages(pages, docs)
        known.save(docs)
        assert (docs / "issues/a.md").read_text(encoding="utf-8") == text


def test_a_kept_page_is_left_unread_by_write_pages(tmp_path):
    from converter.commands import output

    docs = tmp_path / "docs"
    output.write_pages({"documents/a.md": "first\n"}, docs)
    before = os.stat(docs / "documents/a.md")
    stats = output.write_pages({"documents/a.md": render_cache.KEPT}, docs)
    assert stats == {"written": 0, "unchanged": 1, "removed": 0}
    assert os.stat(docs / "documents/a.md").st_mtime_ns == before.st_mtime_ns
    assert (docs / "documents/a.md").read_text(encoding="utf-8") == "first\n"   # and not removed
    shutil.rmtree(docs)
