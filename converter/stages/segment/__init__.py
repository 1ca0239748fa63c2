"""Stage 2 — segment: paragraphs in, cover + table of contents + document segments out.

    cover, segments, sections, unmatched = segment(paragraphs, furniture_texts, measure)

With the model file present (converter/data/segmenter.crfsuite, made by `make train`), a CRF labels
every paragraph with a Role (labeller.py, features in features.py) and documents are derived from
the roles; without it, the rules of rules.py decide, as before the model. The rules' public functions
stay importable from here.
"""
from __future__ import annotations

from converter.stages.segment.rules import *  # noqa: F401,F403  (the rules' public functions)
from converter.stages.segment import labeller, rules
from converter.stages.segment.rules import Analysis, analyse


def segment(paras, furniture_texts: list[str], measure: float | None = None, layout: dict[int, dict] | None = None):
    """Split one compilation's paragraphs: (cover, segments, section paragraphs, unmatched TOC).

    `measure`: the line width of a hard-wrapped input (clean.wrap_width), None for one paragraph a line;
    `layout`: line number → {size_ratio, bold, centred, indent} where the reader knows them."""
    analysis = analyse(tuple(paras), measure)
    model = labeller.tagger()
    if model is None or not paras:
        return rules.segment(paras, furniture_texts, measure, analysis)
    roles = labeller.label(paras, measure, analysis, layout, model)
    return labeller.segments_from_roles(paras, roles, analysis, furniture_texts)
