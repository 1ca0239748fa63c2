"""Scoring a converted compilation against the truth: the figures of issue 17.

The same figures for the hand-made seed labels (tests/seed_eval.py, which imports Score from here)
and for generated compilations (tests/layout_eval.py):

    recall, precision   documents found (a found document matches a true one that starts on the same
                        line, else one with the same title key)
    title               of the matched: title (or the headline over it) exact (white space ignored)
    doc_number, date, kind
    issuers_f1          issuer names (canonical) over the matched documents
    links               interpretations / news whose policy is in the compilation: linked to it by
                        resolve (only where the truth is known: generated compilations)
    cjk_kept            share of the input's CJK characters that land in a document, the cover/TOC, a
                        section heading or the furniture list (1.0: nothing lost)

    s = score_composed(composed)          # render, write to a temp file, convert_file, compare
    s.figures                             # dict of the figures above
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from converter.errors import InputError
from converter.pipeline import convert_file
from converter.text.titles import key
from converter.vocab import VOCAB
from converter.vocab.patterns import CJK

CJK_RE = re.compile(f"[{CJK}]")


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def canon(names) -> set[str]:
    return {VOCAB.canonical(n) for n in names or ()}


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    matched: int = 0
    title: int = 0
    doc_number: int = 0
    date: int = 0
    kind: int = 0
    issuer_tp: int = 0
    issuer_fp: int = 0
    issuer_fn: int = 0
    links_wanted: int = 0
    links_right: int = 0
    cjk_total: int = 0
    cjk_lost: int = 0
    lossless: int = 0               # compilations with nothing lost
    compilations: int = 0
    misses: list = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k, v in vars(other).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
            else:
                getattr(self, k).extend(v)

    @property
    def figures(self) -> dict[str, float]:
        m = max(self.matched, 1)
        p = self.issuer_tp / max(self.issuer_tp + self.issuer_fp, 1)
        r = self.issuer_tp / max(self.issuer_tp + self.issuer_fn, 1)
        out = {
            "recall": self.matched / max(self.labelled, 1),
            "precision": self.matched / max(self.found, 1),
            "title": self.title / m,
            "doc_number": self.doc_number / m,
            "date": self.date / m,
            "kind": self.kind / m,
            "issuers_f1": 2 * p * r / max(p + r, 1e-9),
        }
        if self.links_wanted:
            out["links"] = self.links_right / self.links_wanted
        if self.cjk_total:
            out["cjk_kept"] = 1 - self.cjk_lost / self.cjk_total
        return out


def compare(stem: str, want: dict, d, s: Score) -> None:
    """Add the field checks of one matched document (want: the fields of a label) to s."""
    s.matched += 1
    checks = {
        # the title as printed: the document's own title, or the compiler's headline over it (a label
        # names what the compilation prints; extract gives a headlined document its official title)
        "title": squash(want["title"]) in (squash(d.title), squash(d.heading)),
        "doc_number": squash(d.doc_number) == squash(want.get("doc_number")),
        # the date as a label has it: the 成文日期, else the date printed with the document (its 发布日期); a
        # Document keeps the two apart (date, published), its corpus.json entry's date falls back on published
        "date": (d.date or d.published or None) == (str(want["date"]) if want.get("date") else None),
        "kind": d.kind == want["kind"],
    }
    for k, ok in checks.items():
        setattr(s, k, getattr(s, k) + ok)
        if not ok:
            s.misses.append((stem, want["start_line"], k, want.get(k) if k != "title" else want["title"], getattr(d, k)))
    w, g = canon(want.get("issuers")), canon(d.issuers)
    s.issuer_tp += len(w & g)
    s.issuer_fp += len(g - w)
    s.issuer_fn += len(w - g)
    if w != g:
        s.misses.append((stem, want["start_line"], "issuers", sorted(w), sorted(g)))


def match(wanted: list[dict], found: list) -> dict[int, object]:
    """Index into `wanted` → the found document matched to it: the one starting on its start line,
    else (for those left) one with the same title key."""
    by_line = {d.occurrence.start_line: d for d in found}
    out: dict[int, object] = {}
    used: set[int] = set()
    for i, w in enumerate(wanted):
        d = by_line.get(w["start_line"])
        if d is not None:
            out[i] = d
            used.add(id(d))
    for i, w in enumerate(wanted):
        if i in out:
            continue
        k = key(w["title"])
        d = next((d for d in found if id(d) not in used and k in (key(d.title), key(d.heading or ""))), None)
        if d is not None:
            out[i] = d
            used.add(id(d))
    return out


def score_documents(stem: str, wanted: list[dict], comp) -> tuple[Score, dict[int, object]]:
    """Recall, precision and field checks of a converted compilation against labels (dicts with
    start_line, title, doc_number, issuers, date, kind)."""
    found = list(comp.documents)
    s = Score(labelled=len(wanted), found=len(found))
    matched = match(wanted, found)
    for i, want in enumerate(wanted):
        d = matched.get(i)
        if d is None:
            s.misses.append((stem, want["start_line"], "missing", want["title"], None))
            continue
        compare(stem, want, d, s)
    hit = {id(d) for d in matched.values()}
    for d in found:
        if id(d) not in hit:
            s.misses.append((stem, d.occurrence.start_line, "extra", None, d.title))
    return s, matched


# --- conservation ---------------------------------------------------------------------------------------------


def placed_lines(comp) -> set[int]:
    """Line numbers that land somewhere: a document's span, the cover/TOC, a section heading, the
    furniture list."""
    where = {f.number for f in comp.furniture} | set(comp.cover.lines) | set(comp.section_lines)
    for d in comp.documents:
        where.update(range(d.occurrence.start_line, d.occurrence.end_line + 1))
    return where


def conservation(comp, text: str) -> tuple[int, int, list[int]]:
    """(CJK characters of the input, those on lines that land nowhere, those lines)."""
    where = placed_lines(comp)
    total = lost = 0
    lost_lines = []
    for n, line in enumerate(text.split("\n"), 1):
        k = len(CJK_RE.findall(line))
        total += k
        if k and n not in where:
            lost += k
            lost_lines.append(n)
    return total, lost, lost_lines


# --- generated compilations ---------------------------------------------------------------------------------


def truth_labels(composed, lines) -> list[dict]:
    """The truth of a generated compilation in the shape of a seed label (one dict per document)."""
    starts = {l.doc: l.number for l in lines if l.starts}
    out = []
    for i, t in enumerate(composed.documents):
        out.append({"start_line": starts[i], "title": t.title, "doc_number": t.doc_number, "issuers": list(t.issuers),
                    "date": t.date, "kind": t.kind, "interprets": t.interprets, "index": i})
    return out


def links(comp, wanted: list[dict], matched: dict[int, object]) -> tuple[int, int, list]:
    """(interpretations/news whose policy is in the compilation, those resolve links to it, misses)."""
    from converter.stages.resolve import resolve

    library = resolve((comp,))
    entry_of = {id(d): e for e in library.entries for d in e.versions}
    wanted_n = right = 0
    misses = []
    for i, w in enumerate(wanted):
        if w["kind"] not in ("interpretation", "news") or w["interprets"] is None:
            continue
        wanted_n += 1
        d, target = matched.get(i), matched.get(w["interprets"])
        if d is None or target is None:
            misses.append((w["start_line"], "link", w["title"], "not segmented"))
            continue
        e, te = entry_of.get(id(d)), entry_of.get(id(target))
        if e is not None and te is not None and te.id in e.interprets:
            right += 1
        else:
            misses.append((w["start_line"], "link", w["title"], list(e.interprets) if e else None))
    return wanted_n, right, misses


def score_composed(composed, rendered=None, stem: str | None = None, segmenter="rules",
                   confidence: float | None = None) -> Score:
    """Render a composed compilation, convert it as a user would (a .txt file), score it.
    segmenter, confidence: as pipeline.convert_file ("rules", "crf" or a model file's path)."""
    from training import render_text

    text, lines = rendered or render_text.render(composed)
    stem = stem or f"{composed.family}:{composed.seed}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{composed.family}-{composed.seed}.txt"
        path.write_text(text, encoding="utf-8")
        try:
            comp = convert_file(path, segmenter, confidence)
        except InputError as exc:          # refused (no document found): everything missing and lost
            wanted = truth_labels(composed, lines)
            s = Score(labelled=len(wanted), compilations=1)
            s.misses += [(stem, w["start_line"], "missing", w["title"], str(exc)) for w in wanted]
            s.links_wanted = sum(w["kind"] in ("interpretation", "news") and w["interprets"] is not None for w in wanted)
            s.cjk_total = s.cjk_lost = len(CJK_RE.findall(text))
            return s
    wanted = truth_labels(composed, lines)
    s, matched = score_documents(stem, wanted, comp)
    s.links_wanted, s.links_right, link_misses = links(comp, wanted, matched)
    s.misses += [(stem, *m) for m in link_misses]
    s.cjk_total, s.cjk_lost, lost_lines = conservation(comp, text)
    s.compilations = 1
    s.lossless = int(s.cjk_lost == 0)
    if lost_lines:
        s.misses.append((stem, lost_lines[0], "lost", f"{len(lost_lines)} lines", s.cjk_lost))
    return s
