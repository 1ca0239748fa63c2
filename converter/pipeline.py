"""One compilation file through the per-file stages: read → clean → segment → extract.

    source = read.read_source(path)          # text, PDF or Word: lines (with pages when laid out)
    lines = clean.lines(source)              # normalised, furniture marked
    measure = clean.wrap_width(…)            # the line width of a hard-wrapped file, or None
    paragraphs = clean.paragraphs(lines, …)  # hard wraps and page breaks rejoined
    cover, segments, … = segment.segment(…)  # cover, TOC, one segment per document
    documents = [extract.extract(s) …]       # metadata and body blocks
    documents = [annotated(d) …]             # validity, citations, anchors, targets (stages/annotate)

A pure function of the file's bytes and the segmenter chosen: the command layer caches and parallelises it (perf/).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from converter.errors import InputError
from converter.model import Compilation, Cover, Document, Source
from converter.read import read_source
from converter.stages import annotate, clean, extract, segment
from converter.stages.segment import labeller
from converter.text.dates import period_start
from converter.vocab import patterns as P


def compilation_id(cover: Cover, sha256: str) -> str:
    """Stable id of an issue: its period and number when printed, plus a hash of its bytes."""
    parts = []
    if start := period_start(cover.period):
        year, month, quarter = start
        parts.append(year + (f"-{month:02d}" if month else ""))
        if quarter:
            parts.append(f"q{quarter}")
    if cover.issue and (m := P.DIGITS.search(cover.issue)):
        parts.append(f"no{m.group()}")
    parts.append(sha256[:8])
    return "-".join(parts)


def annotated(doc: Document) -> Document:
    """The document with the facts its body states (validity, citations, anchors, targets)."""
    return replace(doc, facts=annotate.facts(doc.blocks, doc.title, doc.date))


def layout_of(source: Source) -> dict[int, dict] | None:
    """line number → the layout a PDF or Word reader gave the line (font size against the body's,
    bold, centred, indent), for the segmenter's features; None when the reader gave none."""
    out: dict[int, dict] = {}
    for number, place in enumerate(source.layout, start=1):
        found = {k: v for k in LAYOUT_FIELDS if (v := getattr(place, k, None)) is not None}
        if found:
            out[number] = found
    return out or None


#: The layout fields a Placement may carry (the readers fill what they know).
LAYOUT_FIELDS = ("size_ratio", "bold", "centred", "indent")


def convert_file(path: Path, segmenter: str | Path = labeller.DEFAULT, confidence: float | None = None) -> Compilation:
    return convert_source(read_source(path), segmenter, confidence)


def convert_source(source: Source, segmenter: str | Path = labeller.DEFAULT,
                   confidence: float | None = None) -> Compilation:
    """One decoded input through clean → segment → extract. `segmenter`: "crf" (the shipped model, the
    default), "rules" or a model file's path (training); `confidence`: see segment.segment."""
    lines = clean.lines(source)
    measure = clean.wrap_width(clean.content_lines(lines))
    paragraphs = clean.paragraphs(lines, measure)
    furniture = [line for line in lines if line.furniture]
    cover, segments, sections, unmatched = segment.segment(paragraphs, [f.text for f in furniture], measure,
                                                           layout_of(source), labeller.model(segmenter), confidence)
    cid = compilation_id(cover, source.sha256)
    year, month, quarter = start if (start := period_start(cover.period)) else (None, None, None)
    last_month = month or (quarter * 3 if quarter else None)          # where the issue's period ends
    documents = tuple(annotated(extract.extract(s, source.name, cid, year, last_month)) for s in segments)
    if not documents:
        raise InputError(f"{source.name}: no document found (is this a policy compilation?)")
    return Compilation(cid, source.identity(), cover, documents, tuple(furniture), tuple(unmatched),
                       tuple(n for p in sections for n in p.lines), clean.removed_characters(source.text))
