"""Score the converter against the hand-made seed labels in tests/labels/.

Used by tests/test_seeds.py; also a script for development:
    python tests/seed_eval.py            # figures for all five seeds
    python tests/seed_eval.py -v 001     # and every disagreement for seed 001
    python tests/seed_eval.py --segmenter crf --confidence 0.9   # the shipped model, gated by the rules
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
LABELS = ROOT / "tests" / "labels"
sys.path.insert(0, str(ROOT))

from converter.pipeline import convert_file  # noqa: E402
from converter.stages.segment import labeller  # noqa: E402
from training.score import Score, canon, score_documents, squash  # noqa: E402,F401  (squash, canon: used by tests)


def labels() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(LABELS.glob("*.yaml"))}


def score_seed(stem: str, label: dict, segmenter="rules", confidence: float | None = None) -> Score:
    """The labels against the conversion, by training.score.score_documents: the same matching (start
    line, else title key) and checks as for generated compilations (tests/layout_eval.py).
    segmenter, confidence: as pipeline.convert_file ("rules", "crf" or a model file's path)."""
    comp = convert_file(SEEDS / label["source"], segmenter, confidence)
    s, _ = score_documents(stem, label["documents"], comp)
    return s


def main(argv: list[str]) -> None:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", action="store_true", help="print every disagreement")
    ap.add_argument("--segmenter", default=labeller.DEFAULT, type=labeller.choice, help="rules, crf or a model file's path")
    ap.add_argument("--confidence", type=float, help="with a model: trusted where at least this sure (0.5: alone)")
    ap.add_argument("only", nargs="*", help="seeds starting with these")
    args = ap.parse_args(argv)
    verbose, only = args.v, args.only
    total = Score()
    for stem, label in labels().items():
        if only and not any(stem.startswith(o) for o in only):
            continue
        s = score_seed(stem, label, args.segmenter, args.confidence)
        total.add(s)
        print(stem, {k: round(v, 3) for k, v in s.figures.items()}, f"{s.matched}/{s.labelled} found {s.found}")
        if verbose:
            for m in s.misses:
                print("   ", m)
    print("ALL", {k: round(v, 3) for k, v in total.figures.items()})


if __name__ == "__main__":
    main(sys.argv[1:])
