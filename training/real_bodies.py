"""A diagnostic of the learned segmenter on real text: false splits inside the real bodies of corpus documents.

    python -m training.real_bodies                      # the shipped model (trained on the whole corpus: in-sample)
    python -m training.real_bodies --hold-out           # a model trained without half the corpus, run on that half
    python -m training.real_bodies --model m.crfsuite   # any model file

Every document of ../shared/corpus is one document: its whole body (no lengthening from other documents:
long_body=0) is laid into generated compilations of every family (training.generate, seeds SEEDS, whole
documents as training.train.whole_documents prints them) and the CRF labels the paragraphs as the converter
does. A *false split* is a document start the labeller (labeller.document_starts) predicts inside a corpus
document after the one that opens it: a real body cut in two. Prints the count per family and in all, and with
-v the paragraphs where the cuts fall (their role and first characters, for finding general causes — never
read for word lists). The seeds (../shared/seeds) are never used here.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from converter.stages.segment import labeller
from training import train as T

#: Seeds of the diagnostic's compilations (training uses 0..PER_FAMILY-1 and LONG_SEED0 on).
SEEDS = range(700, 703)


def is_corpus(doc) -> bool:
    """A document read from ../shared/corpus (its key is corpus:NNN)."""
    return doc.key.startswith("corpus:")


def halves(docs) -> tuple[list, list]:
    """(kept, held out): every document but the corpus documents of odd id, and those (a fixed half,
    with an interpretation held out together with nothing else: the split is by id only)."""
    held = [d for d in docs if is_corpus(d) and int(d.key.split(":")[1]) % 2]
    ids = {d.key for d in held}
    return [d for d in docs if d.key not in ids], held


@dataclass
class Splits:
    """False splits counted over the corpus documents printed in the diagnostic's compilations."""

    documents: int = 0                   # corpus documents printed (one per printing)
    false: int = 0                       # document starts predicted inside them after their first
    by_family: Counter = field(default_factory=Counter)
    where: list[str] = field(default_factory=list)   # "family seed: role  text…" of each cut

    def add(self, other: "Splits") -> None:
        self.documents += other.documents
        self.false += other.false
        self.by_family.update(other.by_family)
        self.where += other.where


def false_splits(tagger, composed, text: str, lines) -> Splits:
    """Run the labeller over one rendered compilation; count starts inside its corpus documents."""
    paras, measure = T.paragraphs_of(text)
    roles = labeller.label(paras, measure, model=tagger, confidence=0.5)
    doc_of = {ln.number: ln.doc for ln in lines}
    corpus_docs = {k for k, t in enumerate(composed.documents) if t.origin and t.origin.isdigit()}
    out = Splits(documents=len(corpus_docs))
    seen: set[int] = set()
    for k in labeller.document_starts(roles, paras):
        d = doc_of.get(paras[k].first)
        if d not in corpus_docs:
            continue
        if d in seen:
            out.false += 1
            out.by_family[composed.family] += 1
            out.where.append(f"{composed.family} {composed.seed}: {roles[k].value:12} {paras[k].text[:30]}")
        seen.add(d)
    return out


def diagnose(tagger, docs, seeds=SEEDS) -> Splits:
    """False splits over compilations of every family made from `docs` (whole, unlengthened bodies)."""
    from training import generate, render_text
    total = Splits()
    with generate.knobs_set(long_body=0), T.whole_documents():
        made = [generate.compose(docs, f, s) for f in sorted(generate.families()) for s in seeds]
    for composed in made:
        text, lines = render_text.render(composed)
        total.add(false_splits(tagger, composed, text, lines))
    return total


def main(argv: list[str] | None = None) -> None:
    from training import documents
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, help="a model file (default: the shipped one)")
    ap.add_argument("--hold-out", action="store_true",
                    help="train without half the corpus (odd ids) and run on compilations of that half")
    ap.add_argument("-v", action="store_true", help="print where the cuts fall")
    args = ap.parse_args(argv)
    if not documents.corpus_available():
        sys.exit("training.real_bodies: ../shared/corpus is absent")
    docs = documents.load_all()
    with tempfile.TemporaryDirectory() as tmp:
        if args.hold_out:
            kept, held = halves(docs)
            path = Path(tmp) / "kept.crfsuite"
            T.train([T.sequence(text, lines)[:2] for *_, text, lines in T.generated(docs=kept)], path)
            docs = held
        else:
            path = args.model or labeller.MODEL
            docs = [d for d in docs if is_corpus(d)]
        splits = diagnose(labeller.model(path), docs)
    print(f"{'held-out half' if args.hold_out else path.name}: {splits.false} false splits in "
          f"{splits.documents} printed corpus documents; by family: {dict(sorted(splits.by_family.items()))}")
    if args.v:
        for w in splits.where:
            print("   ", w)


if __name__ == "__main__":
    main()
