"""One compilation file through the per-file stages: clean → segment → extract.

    source = clean.read_source(path)
    lines = clean.lines(source)              # normalised, furniture marked
    paragraphs = clean.paragraphs(lines)     # hard wraps and page breaks rejoined
    cover, segments, … = segment.segment(…)  # cover, TOC, one segment per document
    documents = [extract.extract(s) …]       # metadata and body blocks
"""
from __future__ import annotations

import re
from pathlib import Path

from . import clean, extract, segment
from .records import Compilation


def compilation_id(cover, sha256: str) -> str:
    """Stable id of an issue: its period and number when printed, plus a hash of its bytes."""
    parts = []
    if cover.period and (m := re.match(r"(\d{4})年(\d{1,2})?", cover.period)):
        parts.append(m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) else ""))
        if q := re.search(r"第([一二三四1-4])季度", cover.period):
            parts.append("q" + str("一二三四".find(q.group(1)) + 1 if not q.group(1).isdigit() else q.group(1)))
    if cover.issue and (m := re.search(r"\d+", cover.issue)):
        parts.append(f"no{m.group()}")
    parts.append(sha256[:8])
    return "-".join(parts)


def convert_file(path: Path) -> Compilation:
    source = clean.read_source(path)
    lines = clean.lines(source)
    paragraphs = clean.paragraphs(lines)
    furniture = [line for line in lines if line.furniture]
    measure = clean.wrap_width([line for line in lines if line.text and not line.furniture])
    cover, segments, sections, unmatched = segment.segment(paragraphs, [f.text for f in furniture], measure)
    cid = compilation_id(cover, source.sha256)
    year = re.match(r"\d{4}", cover.period).group() if cover.period else None
    documents = tuple(extract.extract(s, source.name, cid, year) for s in segments)
    if not documents:
        raise clean.InputError(f"{source.name}: no document found (is this a policy compilation?)")
    return Compilation(cid, source, cover, documents, tuple(furniture), tuple(unmatched),
                       tuple(n for p in sections for n in p.lines))
