"""Score the converter on generated compilations: one row per layout family (issue 17).

    python tests/layout_eval.py                # N=6 compilations per family (seeds 100…105)
    python tests/layout_eval.py -n 12          # more compilations per family
    python tests/layout_eval.py -v hard        # and every disagreement for families starting with `hard`
    python tests/layout_eval.py --no-corpus    # only the sample and the invented documents
    python tests/layout_eval.py --segmenter crf --confidence 0.9   # the shipped model (gated), not the rules
    python tests/layout_eval.py --unseen -n 12  # layouts no family draws (training/unseen.yaml): never trained on

The shipped model was trained on every family (seeds 0…29 and 500…505, never these): for figures with each
family held out of training, `python -m training.evaluate`.

Each compilation is composed (training.generate), rendered to text (training.render_text), written to
a temporary .txt file and converted as a user would (converter.pipeline.convert_file); the figures are
those of training.score (the same matching and checks as tests/seed_eval.py). Columns: compilations,
true documents, found documents, then the figures; `lossless` counts the compilations where every CJK
character of the input landed in a document, the cover/TOC, a section heading or the furniture.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from converter.stages.segment import labeller  # noqa: E402
from training import documents, generate  # noqa: E402
from training.score import Score, score_composed  # noqa: E402

COLUMNS = ["recall", "precision", "title", "doc_number", "date", "kind", "issuers_f1", "links", "cjk_kept"]
SEED0 = 100


def evaluate(family: str, n: int, docs, seed0: int = SEED0, segmenter="rules", confidence: float | None = None) -> Score:
    total = Score()
    for seed in range(seed0, seed0 + n):
        total.add(score_composed(generate.compose(docs, family, seed), segmenter=segmenter, confidence=confidence))
    return total


def row(name: str, s: Score) -> str:
    f = s.figures
    cells = [f"{name:18}", f"{s.compilations:3}", f"{s.labelled:5}", f"{s.found:5}"]
    cells += [f"{f[c]:6.3f}" if c in f else f"{'-':>6}" for c in COLUMNS]
    cells.append(f"{s.lossless:3}/{s.compilations}")
    return " | ".join(cells)


def header() -> str:
    names = ["family".ljust(18), "  n", " docs", "found"] + [c[:6].rjust(6) for c in COLUMNS] + ["lossless"]
    return " | ".join(names)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=6, help="compilations per family")
    ap.add_argument("--seed0", type=int, default=SEED0)
    ap.add_argument("-v", action="store_true", help="print every disagreement")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--segmenter", default=labeller.DEFAULT, type=labeller.choice, help="rules, crf or a model file's path")
    ap.add_argument("--confidence", type=float, help="with a model: trusted where at least this sure (0.5: alone)")
    ap.add_argument("--unseen", action="store_true",
                    help="the layouts of training/unseen.yaml, which no family draws, instead of the families")
    ap.add_argument("only", nargs="*", help="families starting with these")
    args = ap.parse_args(argv)
    docs = documents.load_all(with_corpus=not args.no_corpus)
    print(f"{len(docs)} source documents ({'with' if not args.no_corpus and documents.corpus_available() else 'without'}"
          f" the corpus); {args.n} compilations per family, seeds {args.seed0}…{args.seed0 + args.n - 1}; "
          f"segmenter {args.segmenter}" + (f" θ={args.confidence}" if args.confidence is not None else ""))
    print(header())
    total = Score()
    t0 = time.time()
    for family in generate.unseen() if args.unseen else generate.families():
        if args.only and not any(family.startswith(o) for o in args.only):
            continue
        s = evaluate(family, args.n, docs, args.seed0, args.segmenter, args.confidence)
        total.add(s)
        print(row(family, s), flush=True)
        if args.v:
            for m in s.misses:
                print("    ", m)
    print(row("ALL", total))
    print(f"({time.time() - t0:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
