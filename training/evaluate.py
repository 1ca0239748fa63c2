"""Leave-one-family-out evaluation of the learned segmenter, against the rules, and the seeds.

    python -m training.evaluate                  # every family held out in turn, then the five seeds
    python -m training.evaluate --families gazette --per-family 6

For each layout family F: a model is trained on the other families only and scored on compilations of
F made with seeds it never saw (EVAL_SEEDS); the rules are scored on the same compilations. The seeds
(../shared/seeds, tests/seed_eval.py) are scored with the model trained on every family — they are
never trained on. Prints one table: before (rules) and after (CRF), per family and per seed.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from converter.pipeline import convert_source
from converter.stages import resolve
from converter.stages.segment import labeller
from converter.text.titles import key
from converter.vocab import VOCAB
from training import train as T

ROOT = Path(__file__).resolve().parents[1]
#: Seeds of the compilations a held-out family is scored on (training uses 0..PER_FAMILY-1).
EVAL_SEEDS = range(1000, 1006)
FIGURES = ("recall", "precision", "title", "doc_number", "date", "kind", "issuers_f1", "links")


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
        return {
            "recall": self.matched / max(self.labelled, 1),
            "precision": self.matched / max(self.found, 1),
            "title": self.title / m, "doc_number": self.doc_number / m, "date": self.date / m,
            "kind": self.kind / m,
            "issuers_f1": 2 * p * r / max(p + r, 1e-9) if self.issuer_tp + self.issuer_fp + self.issuer_fn else 1.0,
            "links": self.links_right / self.links_wanted if self.links_wanted else 1.0,
        }


def score_generated(composed, text: str, lines, name: str = "") -> Score:
    """Convert a generated compilation and compare with its truth."""
    comp = convert_source(T.source_of(text, f"{name}.txt"))
    got = {d.occurrence.start_line: d for d in comp.documents}
    start_of: dict[int, int] = {}
    for ln in lines:
        if ln.starts and ln.doc is not None and ln.doc not in start_of:
            start_of[ln.doc] = ln.number
    s = Score(labelled=len(start_of), found=len(comp.documents))
    found_for: dict[int, object] = {}
    for d, start in sorted(start_of.items()):
        want = composed.documents[d]
        doc = got.get(start)
        if doc is None:
            s.misses.append((name, start, "missing", want.title, None))
            continue
        found_for[d] = doc
        s.matched += 1
        checks = {
            "title": squash(doc.title) == squash(want.title),
            "doc_number": squash(doc.doc_number) == squash(want.doc_number),
            "date": (doc.date or None) == (want.date or None),
            "kind": doc.kind == want.kind,
        }
        for k, ok in checks.items():
            setattr(s, k, getattr(s, k) + ok)
            if not ok:
                s.misses.append((name, start, k, getattr(want, k), getattr(doc, k)))
        w, g = canon(want.issuers), canon(doc.issuers)
        s.issuer_tp += len(w & g)
        s.issuer_fp += len(g - w)
        s.issuer_fn += len(w - g)
        if w != g:
            s.misses.append((name, start, "issuers", sorted(w), sorted(g)))
    for line, doc in got.items():
        if line not in start_of.values():
            s.misses.append((name, line, "extra", None, doc.title))
    # interpretation → policy links, as resolve makes them
    wanted = [(d, t.interprets) for d, t in enumerate(composed.documents) if t.interprets is not None and d in start_of]
    if wanted:
        lib = resolve.resolve((comp,))
        entry_of = {id(v): e for e in lib.entries for v in e.versions}
        for d, target in wanted:
            s.links_wanted += 1
            a, b = found_for.get(d), found_for.get(target)
            ok = a is not None and b is not None and entry_of[id(b)].id in entry_of[id(a)].interprets
            s.links_right += ok
            if not ok:
                s.misses.append((name, start_of[d], "link", composed.documents[target].title[:30], None))
    return s


def score_family(family: str, seeds=EVAL_SEEDS) -> Score:
    from training import documents, generate, render_text
    docs = documents.load_all()
    total = Score()
    for seed in seeds:
        composed = generate.compose(docs, family, seed)
        text, lines = render_text.render(composed)
        total.add(score_generated(composed, text, lines, f"{family}-{seed}"))
    return total


def score_seeds() -> dict[str, Score]:
    sys.path.insert(0, str(ROOT / "tests"))
    import seed_eval
    if not seed_eval.SEEDS.is_dir():
        return {}
    out = {}
    for stem, label in seed_eval.labels().items():
        got = seed_eval.score_seed(stem, label)
        s = Score()
        for k in ("labelled", "found", "matched", "title", "doc_number", "date", "kind", "issuer_tp", "issuer_fp",
                  "issuer_fn"):
            setattr(s, k, getattr(got, k))
        s.misses = got.misses
        out[stem[:3]] = s
    return out


def row(name: str, before: Score, after: Score) -> str:
    b, a = before.figures, after.figures
    cells = [f"{b[f]:.2f}→{a[f]:.2f}" for f in FIGURES]
    return f"| {name} | {after.labelled} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> None:
    from training import generate
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", nargs="*")
    ap.add_argument("--per-family", type=int, default=T.PER_FAMILY)
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("-v", action="store_true", help="print what the model gets wrong")
    ap.add_argument("--confidence", type=float, nargs="*", default=[labeller.CONFIDENCE],
                    help="model trusted where at least this sure (0.5: the model alone); several: a sweep")
    args = ap.parse_args(argv)
    families = args.families or sorted(generate.families())
    print("| held out | docs | " + " | ".join(FIGURES) + " |")
    print("|---|---|" + "---|" * len(FIGURES))
    wrong = []
    with tempfile.TemporaryDirectory() as tmp:
        data = {}
        for family, seed, _, text, lines in T.generated(per_family=args.per_family):
            data.setdefault(family, []).append(T.sequence(text, lines)[:2])
        for family in families:
            model = Path(tmp) / f"without-{family}.crfsuite"
            T.train([x for f in sorted(data) if f != family for x in data[f]], model)
            with labeller.rules_only():
                before = score_family(family)
            for c in args.confidence:
                with labeller.using(model), labeller.trusting(c):
                    after = score_family(family)
                print(row(family if len(args.confidence) == 1 else f"{family} @{c}", before, after), flush=True)
            wrong += after.misses
        if not args.no_seeds:
            model = Path(tmp) / "all.crfsuite"
            T.train([x for f in sorted(data) for x in data[f]], model)
            with labeller.rules_only():
                before = score_seeds()
            for c in args.confidence:
                with labeller.using(model), labeller.trusting(c):
                    after = score_seeds()
                for stem in sorted(after):
                    print(row(f"seed {stem}" + (f" @{c}" if len(args.confidence) > 1 else ""), before[stem],
                              after[stem]), flush=True)
            for stem in sorted(after):
                wrong += after[stem].misses
    if args.v:
        for m in wrong:
            print("   ", m)


if __name__ == "__main__":
    main()
