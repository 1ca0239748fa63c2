"""One compilation file through the per-file stages: clean → segment → extract.

    source = ingest.read_source(path)        # text, PDF or Word: lines (with pages when laid out)
    lines = clean.lines(source)              # normalised, furniture marked
    measure = clean.wrap_width(…)            # the line width of a hard-wrapped file, or None
    paragraphs = clean.paragraphs(lines, …)  # hard wraps and page breaks rejoined
    cover, segments, … = segment.segment(…)  # cover, TOC, one segment per document
    documents = [extract.extract(s) …]       # metadata and body blocks
"""
from __future__ import annotations

from pathlib import Path

from . import clean, extract, ingest, segment
from . import patterns as P
from .records import Compilation


def period_start(period: str | None) -> tuple[str, int | None, int | None] | None:
    """(year, month, quarter) where an issue's period starts, or None."""
    m = P.PERIOD_START.match(period or "")
    if not m:
        return None
    quarter = m["quarter"]
    return m["year"], int(m["month"]) if m["month"] else None, \
        (int(quarter) if quarter.isdigit() else "一二三四".index(quarter) + 1) if quarter else None


def compilation_id(cover, sha256: str) -> str:
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


#: Answers about one text (its width, its title key, whether it can be a title, …) that the stages ask
#: again and again, remembered while one file is converted and forgotten before the next. Texts recur
#: within an issue (several steps ask about each paragraph; a TOC title is compared with every
#: paragraph near it), seldom across issues. Forgetting keeps a worker's memory to one file, and the
#: bench honest: its synthetic issues repeat their sources' bodies, and remembering across files made
#: them convert 4–5 % faster than distinct issues would (measured).
TEXT_CACHES = (*clean.CACHES, *segment.CACHES)


def convert_file(path: Path) -> Compilation:
    for cached in TEXT_CACHES:
        cached.cache_clear()
    source = ingest.read_source(path)
    lines = clean.lines(source)
    measure = clean.wrap_width(clean.content_lines(lines))
    paragraphs = clean.paragraphs(lines, measure)
    furniture = [line for line in lines if line.furniture]
    cover, segments, sections, unmatched = segment.segment(paragraphs, [f.text for f in furniture], measure)
    cid = compilation_id(cover, source.sha256)
    year = start[0] if (start := period_start(cover.period)) else None
    documents = tuple(extract.extract(s, source.name, cid, year) for s in segments)
    if not documents:
        raise clean.InputError(f"{source.name}: no document found (is this a policy compilation?)")
    return Compilation(cid, source.identity(), cover, documents, tuple(furniture), tuple(unmatched),
                       tuple(n for p in sections for n in p.lines))
