"""Stage 2 — segment: paragraphs in, cover + table of contents + document segments out.

    cover, segments, sections, unmatched = segment(paragraphs, furniture_texts, measure)

Given a model (a CRF tagger: labeller.model("crf") opens converter/data/segmenter.crfsuite, made by
`make train`), it labels every paragraph with a Role (labeller.py, features in features.py) and
documents are derived from the roles (the default, `--segmenter crf`); without one (`--segmenter rules`), the
rules of rules.py decide. The rules' public functions
stay importable from here.
"""
from __future__ import annotations

from converter.stages.segment.rules import *  # noqa: F401,F403  (the rules' public functions)
from converter.stages.segment import labeller, rules
from converter.stages.segment.rules import analyse


def segment(paras, furniture_texts: list[str], measure: float | None = None, layout: dict[int, dict] | None = None,
            model=None, confidence: float | None = None):
    """Split one compilation's paragraphs: (cover, segments, section paragraphs, unmatched TOC).

    `measure`: the line width of a hard-wrapped input (clean.wrap_width), None for one paragraph a line;
    `layout`: line number → {size_ratio, bold, centred, indent} where the reader knows them;
    `model`: the CRF tagger that labels (labeller.model(choice)), None for the rules;
    `confidence`: where the model's roles stand (labeller.CONFIDENCE unless given: evaluation)."""
    analysis = analyse(tuple(paras), measure)
    if model is None or not paras:
        return rules.segment(paras, furniture_texts, measure, analysis)
    roles = labeller.label(paras, measure, analysis, layout, model, confidence, furniture_texts=furniture_texts)
    return labeller.segments_from_roles(paras, roles, analysis, furniture_texts)
