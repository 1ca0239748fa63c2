"""Process-wide memos: the only state that outlives one call, one build or one command, each
registered here by name with the one-line reason it pays.

    _NORM = memo.table("search.normalize", "NFKC per character worked out once, then str.translate")

A memo only remembers answers that its owner could work out again: clearing every memo
(`clear_all`) changes no output, only time (tested). `MEMOS` lists them all, for the test that
checks no module keeps mutable state of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Memo:
    name: str
    reason: str
    data: dict = field(default_factory=dict)


#: Every memo of the process, by name.
MEMOS: dict[str, Memo] = {}


#: State kept by modules that may not import perf/ (domain stages: tests/test_layers.py) or that is
#: a function's own cache, each with its reason in one line. tests/test_state.py finds every
#: module-level cache and every module-level container a conversion and a build change, and fails
#: on any not registered here or through `table`.
ELSEWHERE = {
    "converter.perf.cache.code_version": "hash of the converter's code, read once per process (every cache key)",
    "converter.perf.codec.decoder": "one decoder per record type, built once from its annotations",
    "converter.stages.annotate.text.numeral_int": "numerals recur across documents: cn2an per distinct numeral once (annotate 1.65 → 0.8 s)",
    "converter.stages.annotate.text.norm_text": "one normalised view per distinct block text, shared by the four annotators (seeds 0.58 → 0.49 s)",
    "converter.stages.segment.features._char_class": "a line's first and last character classed once per character (--segmenter crf features)",
    "converter.stages.segment.features._doctype": "a title's 文种 kind (VOCAB.subtype_of) once per text (--segmenter crf features)",
    "converter.stages.segment.features._is_org": "names on signature and issuer lines recur: VOCAB.is_org once per name (--segmenter crf features)",
    "converter.text.scan._needed": "the literals a pattern needs, read from its parse once per pattern (annotate's scans skip texts without them)",
    "converter.text.titles.structural": "a paragraph's text is asked ≈5 times (16 patterns each) across segment: once per text (bench/convspeed.py)",
    "converter.text.titles.title_like": "the same texts again, with their width and ending: once per text (bench/convspeed.py)",
    "converter.text.titles.is_interpretation_heading": "asked of the same paragraph by clean, the rules and the CRF's features: once per text (with ends_title, width: analyse −11 %, features −5 %)",
    "converter.text.titles.ends_title": "asked of the same paragraph by clean, the rules and the CRF's features: once per text (bench/convspeed.py)",
    "converter.text.titles.key": "a title's key is asked by the rules, the features, extract and resolve (31k calls on 10 issues): once per text",
    "converter.stages.render._rel": "index pages of one folder link the same documents: posixpath.relpath once per (folder, page)",
    "converter.text.chars.width": "a line's width is asked by clean, the rules and the features (35k calls, 10k texts on the seeds): once per text",
    "converter.stages.segment.labeller.tagger": "the CRF model file opened once per (path, process), not per compilation (--segmenter crf)",
    "converter.stages.render._TEXT_MEMO": "titles and names are escaped on many index pages: once each (bounded)",
    "converter.stages.render.templates": "the Jinja environment of converter/templates/, loaded once",
}


def table(name: str, reason: str) -> dict:
    """The dict of the memo `name` (made on first use); `reason` says in one line what it buys."""
    if name not in MEMOS:
        MEMOS[name] = Memo(name, reason)
    return MEMOS[name].data


def clear_all() -> None:
    for m in MEMOS.values():
        m.data.clear()
