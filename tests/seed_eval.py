"""Score the converter against the hand-made seed labels in tests/labels/.

Used by tests/test_seeds.py; also a script for development:
    python tests/seed_eval.py            # figures for all five seeds
    python tests/seed_eval.py -v 001     # and every disagreement for seed 001
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
LABELS = ROOT / "tests" / "labels"
sys.path.insert(0, str(ROOT))

from converter.pipeline import convert_file  # noqa: E402
from converter.vocab import VOCAB  # noqa: E402


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
            "title": self.title / m,
            "doc_number": self.doc_number / m,
            "date": self.date / m,
            "kind": self.kind / m,
            "issuers_f1": 2 * p * r / max(p + r, 1e-9),
        }


def labels() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(LABELS.glob("*.yaml"))}


def score_seed(stem: str, label: dict) -> Score:
    comp = convert_file(SEEDS / label["source"])
    got = {d.occurrence.start_line: d for d in comp.documents}
    s = Score(labelled=len(label["documents"]), found=len(comp.documents))
    for want in label["documents"]:
        d = got.get(want["start_line"])
        if d is None:
            s.misses.append((stem, want["start_line"], "missing", want["title"], None))
            continue
        s.matched += 1
        checks = {
            "title": squash(d.title) == squash(want["title"]),
            "doc_number": squash(d.doc_number) == squash(want.get("doc_number")),
            "date": (d.date or None) == (str(want["date"]) if want.get("date") else None),
            "kind": d.kind == want["kind"],
        }
        for k, ok in checks.items():
            setattr(s, k, getattr(s, k) + ok)
            if not ok:
                s.misses.append((stem, want["start_line"], k, want.get(k) if k != "title" else want["title"],
                                 getattr(d, k)))
        w, g = canon(want.get("issuers")), canon(d.issuers)
        s.issuer_tp += len(w & g)
        s.issuer_fp += len(g - w)
        s.issuer_fn += len(w - g)
        if w != g:
            s.misses.append((stem, want["start_line"], "issuers", sorted(w), sorted(g)))
    wanted = {w["start_line"] for w in label["documents"]}
    for line, d in got.items():
        if line not in wanted:
            s.misses.append((stem, line, "extra", None, d.title))
    return s


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    only = [a for a in argv if not a.startswith("-")]
    total = Score()
    for stem, label in labels().items():
        if only and not any(stem.startswith(o) for o in only):
            continue
        s = score_seed(stem, label)
        total.add(s)
        print(stem, {k: round(v, 3) for k, v in s.figures.items()}, f"{s.matched}/{s.labelled} found {s.found}")
        if verbose:
            for m in s.misses:
                print("   ", m)
    print("ALL", {k: round(v, 3) for k, v in total.figures.items()})


if __name__ == "__main__":
    main(sys.argv[1:])
