"""Train the learned segmenter: generated compilations in, converter/data/segmenter.crfsuite out.

    python -m training.train                   # every family → converter/data/segmenter.crfsuite
    python -m training.train --without F --out /tmp/m.crfsuite   # leave family F out (evaluation)

The training data is made here, from the layout generator (training.generate, training.render_text)
with fixed seeds, families and documents in sorted order: the same code gives the same model file.
Never the seeds (../shared/seeds) or tests/labels: those are the held-out test.

A compilation becomes one sequence: the rendered text goes through the converter's own cleaning
(clean.lines → clean.paragraphs), exactly as a real input would, and each paragraph is labelled with
the role of its first physical line; the features are those the converter computes when it converts.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from converter.model import DOCUMENT_HEAD, Role, Source
from converter.stages import clean
from converter.stages.segment import features as F
from converter.stages.segment import labeller

#: Compilations generated per family (seeds 0..N-1).
PER_FAMILY = 30
#: CRF training parameters (L-BFGS with elastic net: c1 prunes features, keeping the file small).
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}
#: A feature seen fewer times than this is dropped.
MIN_FREQ = 2


def source_of(text: str, name: str = "generated.txt") -> Source:
    """A generated text as the reader would give it."""
    return Source(name, name, hashlib.sha256(text.encode()).hexdigest(), "utf-8", text)


def paragraphs_of(text: str):
    """(paragraphs, measure) as the converter makes them from a text."""
    lines = clean.lines(source_of(text))
    measure = clean.wrap_width(clean.content_lines(lines))
    return clean.paragraphs(lines, measure), measure


def sequence(text: str, labelled) -> tuple[list[list[str]], list[str], list]:
    """(features, roles, paragraphs) of one rendered compilation: each paragraph takes the role of
    its first line."""
    paras, measure = paragraphs_of(text)
    role_of = {ln.number: ln.role for ln in labelled}
    roles = [str(paragraph_role([role_of.get(n, Role.BODY) for n in p.lines])) for p in paras]
    return F.features(paras, measure), roles, paras


def paragraph_role(line_roles: list[Role]) -> Role:
    """The role of a paragraph made of lines with these roles: its first line's — but a head line that
    cleaning glued to the body after it (a wrapped title running on into its first paragraph) makes a
    paragraph that reads as body: labelled a head, it would teach the model that prose starts documents."""
    first = line_roles[0]
    if first in DOCUMENT_HEAD and sum(r not in DOCUMENT_HEAD for r in line_roles) >= 2:
        return Role.BODY
    return first


#: Compilations per family made again with whole documents (LONG_BODIES), seeds LONG_SEED0 on.
LONG_PER_FAMILY = 6
LONG_SEED0 = 500
#: The body length of those: real compilations print whole documents, with their numbered headings,
#: boxed columns and articles, where the families' defaults print only a document's opening.
LONG_BODIES = {"range": [60, 400]}


@contextmanager
def whole_documents():
    """Within this block every family prints whole documents (max_paragraphs = LONG_BODIES)."""
    from training import generate
    spec = generate._families()
    saved = copy.deepcopy(spec)
    for knobs in (spec["defaults"], *spec["families"].values()):
        knobs["max_paragraphs"] = LONG_BODIES
    try:
        yield
    finally:
        spec.clear()
        spec.update(saved)


def generated(without: str | None = None, only: str | None = None, per_family: int = PER_FAMILY,
              long_per_family: int = LONG_PER_FAMILY, docs=None):
    """(family, seed, composed, text, labelled lines) for every generated compilation, in order: each
    family's `per_family` compilations as families.yaml draws them, then `long_per_family` with whole
    documents. `docs`: the source documents to compose from (default documents.load_all(); a subset
    holds the rest out, as training/real_bodies.py does with part of the corpus)."""
    from training import documents, generate, render_text
    docs = documents.load_all() if docs is None else list(docs)
    for family in sorted(generate.families()):
        if family == without or (only and family != only):
            continue
        for seed in range(per_family):
            composed = generate.compose(docs, family, seed)
            text, lines = render_text.render(composed)
            yield family, seed, composed, text, lines
        with whole_documents():
            made = [generate.compose(docs, family, seed) for seed in range(LONG_SEED0, LONG_SEED0 + long_per_family)]
        for composed in made:
            text, lines = render_text.render(composed)
            yield family, composed.seed, composed, text, lines


def train(items, out: Path, verbose: bool = False) -> dict:
    """Train on (features, roles) sequences; write the model to `out`. Returns figures."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_items = 0
    for xseq, yseq in items:
        trainer.append(xseq, yseq)
        n_seq += 1
        n_items += len(yseq)
    trainer.select("lbfgs")
    trainer.set_params({**PARAMS, "feature.minfreq": MIN_FREQ})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    t0 = time.perf_counter()
    trainer.train(str(tmp))
    tmp.replace(out)
    return {"sequences": n_seq, "paragraphs": n_items, "seconds": round(time.perf_counter() - t0, 1),
            "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=labeller.MODEL)
    ap.add_argument("--without", help="leave this family out")
    ap.add_argument("--per-family", type=int, default=PER_FAMILY)
    ap.add_argument("--long-per-family", type=int, default=LONG_PER_FAMILY)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    seqs = [sequence(text, lines)[:2] for _, _, _, text, lines in generated(args.without, per_family=args.per_family,
                                                                  long_per_family=args.long_per_family)]
    made = time.perf_counter() - t0
    figures = train(seqs, args.out)
    print(f"{args.out}: {figures['sequences']} compilations, {figures['paragraphs']} paragraphs "
          f"(made in {made:.1f} s), trained in {figures['seconds']} s, {figures['bytes'] / 1e6:.2f} MB",
          file=sys.stderr)


if __name__ == "__main__":
    main()
