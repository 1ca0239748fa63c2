"""Nothing lost: every content line of an input lands in exactly one document, the cover/TOC or a
section heading; furniture is reported. And the CJK text of the pages keeps ≥ 99.5% of the input's."""
from __future__ import annotations

import re

import pytest

from converter.stages import clean
from converter.vocab.patterns import CJK
from converter.pipeline import convert_file

CJK_RE = re.compile(f"[{CJK}]")


def placement(comp) -> dict[int, int]:
    """line number → how many places hold it."""
    where: dict[int, int] = {}
    for n in (*comp.cover.lines, *comp.section_lines):
        where[n] = where.get(n, 0) + 1
    for d in comp.documents:
        lines = {n for b in d.blocks for n in b.lines}
        start = d.occurrence.start_line
        first_block = min(lines) if lines else d.occurrence.end_line + 1
        lines |= {n for n in range(start, first_block)}  # the heading's lines
        for n in lines:
            where[n] = where.get(n, 0) + 1
    return where


def check_nothing_lost(path):
    comp = convert_file(path)
    lines = clean.lines(comp.source)
    content = [l for l in lines if l.text and not l.furniture]
    where = placement(comp)
    lost = [l.number for l in content if where.get(l.number, 0) == 0]
    twice = [n for n, k in where.items() if k > 1]
    assert not twice, f"lines placed twice: {twice[:10]}"
    total = sum(len(CJK_RE.findall(l.text)) for l in content)
    kept = total - sum(len(CJK_RE.findall(l.text)) for l in content if l.number in set(lost))
    assert kept >= 0.995 * total, f"{path.name}: kept {kept}/{total}; lost lines {lost[:10]}"
    page_text = "".join(b.text for d in comp.documents for b in d.blocks) + "".join(d.title for d in comp.documents)
    assert len(CJK_RE.findall(page_text)) >= 0.98 * (total - sum(len(CJK_RE.findall(l.text)) for l in content
                                                                 if l.number in set(comp.cover.lines)))


def test_sample_loses_nothing(sample_files):
    for path in sample_files:
        check_nothing_lost(path)


@pytest.mark.seeds
def test_seeds_lose_nothing(seed_files):
    for path in seed_files:
        check_nothing_lost(path)
