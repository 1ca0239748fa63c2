"""Leave-one-family-out evaluation of the learned segmenter, against the rules, and the seeds.

    python -m training.evaluate                  # every family held out in turn, then the five seeds
    python -m training.evaluate --families gazette --per-family 6
    python -m training.evaluate --models DIR     # models kept in DIR: made there when absent, reused after

For each layout family F: a model is trained on the other families only and scored on compilations of
F made with seeds it never saw (EVAL_SEEDS); the rules are scored on the same compilations. The seeds
(../shared/seeds, tests/seed_eval.py) are scored with the model trained on every family — they are
never trained on. Prints one table: before (rules) and after (CRF), per family and per seed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from converter.stages.segment import labeller
from training import train as T
from training.score import Score, score_composed

ROOT = Path(__file__).resolve().parents[1]
#: Seeds of the compilations a held-out family is scored on (training uses 0..PER_FAMILY-1).
EVAL_SEEDS = range(100, 106)  # as tests/layout_eval.py
FIGURES = ("recall", "precision", "title", "doc_number", "date", "kind", "issuers_f1", "links")


def score_family(family: str, seeds=EVAL_SEEDS, segmenter="rules", confidence: float | None = None) -> Score:
    """segmenter: "rules" or a model file's path (as pipeline.convert_file)."""
    from training import documents, generate
    docs = documents.load_all()
    total = Score()
    for seed in seeds:
        total.add(score_composed(generate.compose(docs, family, seed), segmenter=segmenter, confidence=confidence))
    return total


def score_seeds(segmenter="rules", confidence: float | None = None) -> dict[str, Score]:
    sys.path.insert(0, str(ROOT / "tests"))
    import seed_eval
    if not seed_eval.SEEDS.is_dir():
        return {}
    return {stem[:3]: seed_eval.score_seed(stem, label, segmenter, confidence) for stem, label in seed_eval.labels().items()}


def row(name: str, before: Score, after: Score) -> str:
    b, a = before.figures, after.figures
    cells = [f"{b.get(f, 1.0):.2f}→{a.get(f, 1.0):.2f}" for f in FIGURES]
    return f"| {name} | {after.labelled} | " + " | ".join(cells) + " |"


def knob_values(pairs: list[str]) -> dict:
    """["long_body=0", "long_style=cn"] → {"long_body": 0, "long_style": "cn"} (values read as YAML)."""
    import yaml
    return {k: yaml.safe_load(v) for k, v in (p.split("=", 1) for p in pairs)}


@contextmanager
def head_bar(value: float):
    """Within this block labeller.HEAD_CONFIDENCE is `value` (a sweep: convert_file passes no head bar)."""
    saved = labeller.HEAD_CONFIDENCE
    labeller.HEAD_CONFIDENCE = value
    try:
        yield
    finally:
        labeller.HEAD_CONFIDENCE = saved


def main(argv: list[str] | None = None) -> None:
    from training import generate
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", nargs="*")
    ap.add_argument("--per-family", type=int, default=T.PER_FAMILY)
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("-v", action="store_true", help="print what the model gets wrong")
    ap.add_argument("--confidence", type=float, nargs="*", default=[labeller.CONFIDENCE],
                    help="model trusted where at least this sure (0.5: the model alone); several: a sweep")
    ap.add_argument("--head-confidence", type=float, nargs="*", default=[labeller.HEAD_CONFIDENCE],
                    help="a head the model finds and the rules do not stands from this p(head) on (labeller."
                         "HEAD_CONFIDENCE); several: a sweep (each with each --confidence)")
    ap.add_argument("--train-knobs", nargs="*", default=[], metavar="KNOB=VALUE",
                    help="knob values every family takes in the training data (e.g. long_body=0: as before long bodies)")
    ap.add_argument("--models", type=Path, metavar="DIR",
                    help="the models' folder (without-F.crfsuite, all.crfsuite): those there are evaluated as they "
                         "are, those missing trained and kept there (default: a temporary folder)")
    ap.add_argument("--test-knobs", nargs="*", default=[], metavar="KNOB=VALUE",
                    help="knob values every family takes in the held-out compilations")
    args = ap.parse_args(argv)
    train_knobs, test_knobs = knob_values(args.train_knobs), knob_values(args.test_knobs)
    families = args.families or sorted(generate.families())
    sweep = [(c, h) for c in args.confidence for h in args.head_confidence]

    def tag(c: float, h: float) -> str:
        """A row's name suffix when several bars are swept."""
        return "" if len(sweep) == 1 else f" @{c}" + (f"/{h}" if len(args.head_confidence) > 1 else "")
    print("| held out | docs | " + " | ".join(FIGURES) + " |")
    print("|---|---|" + "---|" * len(FIGURES))
    wrong = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.models or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        data: dict = {}

        def trained(name: str, leave_out: str | None) -> Path:
            """The model file `name` in the folder, trained on every family but `leave_out` when absent."""
            path = folder / name
            if not path.is_file():
                if not data:
                    with generate.knobs_set(**train_knobs):
                        for family, seed, _, text, lines in T.generated(per_family=args.per_family):
                            data.setdefault(family, []).append(T.sequence(text, lines)[:2])
                T.train([x for f in sorted(data) if f != leave_out for x in data[f]], path)
            return path

        for family in families:
            model = trained(f"without-{family}.crfsuite", family)
            with generate.knobs_set(**test_knobs):
                before = score_family(family)
            for c, h in sweep:
                with generate.knobs_set(**test_knobs), head_bar(h):
                    after = score_family(family, segmenter=model, confidence=c)
                print(row(family + tag(c, h), before, after), flush=True)
            wrong += after.misses
        if not args.no_seeds:
            model = trained("all.crfsuite", None)
            before = score_seeds()
            for c, h in sweep:
                with head_bar(h):
                    after = score_seeds(model, c)
                for stem in sorted(after):
                    print(row(f"seed {stem}" + tag(c, h), before[stem], after[stem]), flush=True)
            for stem in sorted(after):
                wrong += after[stem].misses
    if args.v:
        for m in wrong:
            print("   ", m)


if __name__ == "__main__":
    main()
