"""Does a compilation typeset as a PDF give the same documents as its text? (issue 18)

For every layout — the bundled sample, each seed in ../shared/seeds (read at run time, labels from
tests/labels/), and the layout generator's families — the text and the PDF typeset from it
(tests/typeset.py) are converted with converter.pipeline.convert_file, and the PDF's documents are
compared with the text's:

    recall, precision   text documents the PDF also finds / PDF documents that are the text's (the two
                        lists aligned in order by title similarity, ≥ 0.5 to count)
    title, doc_number   of the text's documents: same title / same 文号 in the PDF (white space ignored)
    start_page          of the text's documents: the PDF document starts on the physical page where the
                        typesetter put the text document's first line
    printed             ... and its printed page is the number the typesetter printed on that page
                        (only when the converter's records carry printed_page)

    python tests/pdf_eval.py                     # every layout, both font modes
    python tests/pdf_eval.py --fonts stsong      # one font mode
    python tests/pdf_eval.py -v 001              # and every difference for layouts starting with 001
    python tests/pdf_eval.py -n 3                # three generated compilations per family (seeds 1…3)
    python tests/pdf_eval.py --knob breaks=continuous --knob footer=plain
    python tests/pdf_eval.py --markdown          # the table as Markdown (for notes)

Nothing is written but temporary files; the seeds' text is never stored.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from converter.pipeline import convert_file  # noqa: E402

SAMPLE = ROOT / "converter" / "sample"
SEEDS = ROOT.parent / "shared" / "seeds"
FIELDS = ("recall", "precision", "title", "doc_number", "start_page", "printed")


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@dataclass
class Layout:
    """One compilation to typeset: its Composed, its text, and the text line → item map."""

    name: str
    composed: object
    text_path: Path
    line_items: list  # sorted (first text line of an item, item index)


@dataclass
class Result:
    layout: str
    fonts: str
    pages: int = 0
    text_docs: int = 0
    pdf_docs: int = 0
    matched: int = 0
    title: int = 0
    doc_number: int = 0
    start_page: int = 0
    printed: int | None = None
    typeset_s: float = 0.0
    convert_s: float = 0.0
    error: str | None = None
    diffs: list = field(default_factory=list)

    def add(self, other: "Result") -> None:
        for k in ("pages", "text_docs", "pdf_docs", "matched", "title", "doc_number", "start_page"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        if other.printed is not None:
            self.printed = (self.printed or 0) + other.printed
        self.typeset_s += other.typeset_s
        self.convert_s += other.convert_s

    @property
    def figures(self) -> dict[str, float | None]:
        n = max(self.text_docs, 1)
        return {"recall": self.matched / n, "precision": self.matched / max(self.pdf_docs, 1),
                "title": self.title / n, "doc_number": self.doc_number / n, "start_page": self.start_page / n,
                "printed": None if self.printed is None else self.printed / n}


# --- the layouts -----------------------------------------------------------------------------------------


def text_layout(path: Path) -> Layout:
    from from_text import composed_from_text

    composed = composed_from_text(path)
    lines = composed.knobs["item_lines"]
    return Layout(path.stem, composed, path, sorted((n, i) for i, n in enumerate(lines)))


def generated_layout(composed, folder: Path) -> Layout:
    from training import render_text

    text, labelled = render_text.render(composed)
    path = folder / f"{composed.family}-{composed.seed}.txt"
    path.write_text(text, encoding="utf-8")
    first: dict[int, int] = {}
    for line in labelled:
        if line.item is not None:
            first.setdefault(line.item, line.number)
    return Layout(f"{composed.family}:{composed.seed}", composed, path, sorted((n, i) for i, n in first.items()))


def layouts(folder: Path, seeds: bool = True, generated: int = 1, only=()) -> list[Layout]:
    """The sample's texts, the seeds (when present) and `generated` compilations per family."""
    out = []
    files = sorted(SAMPLE.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if seeds and SEEDS.is_dir() else [])
    for path in files:
        if not only or any(path.stem.startswith(o) for o in only):
            out.append(text_layout(path))
    if generated:
        try:
            from training import documents, generate
        except ImportError:      # the layout generator is not on this branch yet
            return out
        docs = documents.load_all()
        for family in generate.families():
            if only and not any(family.startswith(o) for o in only):
                continue
            for seed in range(1, generated + 1):
                out.append(generated_layout(generate.compose(docs, family, seed), folder))
    return out


# --- comparing -------------------------------------------------------------------------------------------


def similarity(a, b) -> float:
    ta, tb = squash(a.title), squash(b.title)
    score = 1.0 if ta == tb else SequenceMatcher(None, ta, tb, autojunk=False).ratio()
    if a.doc_number and squash(a.doc_number) == squash(b.doc_number):
        score = max(score, 0.75)
    return score


def align(text_docs, pdf_docs, floor: float = 0.5) -> list[tuple[int, int]]:
    """The order-keeping pairing of text and PDF documents with the greatest total similarity (pairs
    below `floor` are not made)."""
    n, m = len(text_docs), len(pdf_docs)
    sim = [[similarity(t, d) for d in pdf_docs] for t in text_docs]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= floor else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= floor and abs(best[i][j] - (sim[i][j] + best[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def expected_page(layout: Layout, made, line: int) -> int:
    """The physical page the typesetter put the item holding text line `line` on."""
    import bisect

    k = bisect.bisect_right(layout.line_items, (line, 1 << 30)) - 1
    return made.item_pages[layout.line_items[max(k, 0)][1]]


def compare(layout: Layout, fonts: str, folder: Path, knobs: dict | None = None) -> Result:
    from typeset import typeset

    r = Result(layout.name, fonts)
    text = convert_file(layout.text_path)
    t0 = time.perf_counter()
    made = typeset(layout.composed, fonts=fonts, **(knobs or {}))
    r.typeset_s = time.perf_counter() - t0
    r.pages = made.pages
    stem = re.sub(r"[^\w.-]", "_", layout.name)
    pdf_path = folder / f"{stem}-{fonts}.pdf"
    pdf_path.write_bytes(made.pdf)
    r.text_docs = len(text.documents)
    t0 = time.perf_counter()
    try:
        pdf = convert_file(pdf_path)
    except Exception as e:  # noqa: BLE001 — a PDF the converter refuses scores zero, with the reason
        r.error = f"{type(e).__name__}: {e}"
        r.diffs.append(("refused", r.error))
        return r
    r.convert_s = time.perf_counter() - t0
    r.pdf_docs = len(pdf.documents)
    pairs = align(text.documents, pdf.documents)
    r.matched = len(pairs)
    with_printed = any(hasattr(d.occurrence, "printed_page") for d in pdf.documents)
    r.printed = 0 if with_printed else None
    seen_t, seen_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        t, d = text.documents[i], pdf.documents[j]
        r.title += squash(t.title) == squash(d.title)
        r.doc_number += squash(t.doc_number) == squash(d.doc_number)
        page = expected_page(layout, made, t.occurrence.start_line)
        r.start_page += d.occurrence.start_page == page
        if with_printed:
            r.printed += getattr(d.occurrence, "printed_page", None) == made.page_numbers[page - 1]
        if squash(t.title) != squash(d.title):
            r.diffs.append(("title", t.title, d.title))
        if squash(t.doc_number) != squash(d.doc_number):
            r.diffs.append(("文号", t.title[:30], t.doc_number, d.doc_number))
        if d.occurrence.start_page != page:
            r.diffs.append(("start page", t.title[:30], page, d.occurrence.start_page))
    r.diffs += [("only in text", t.title) for i, t in enumerate(text.documents) if i not in seen_t]
    r.diffs += [("only in PDF", d.title, d.occurrence.start_page) for j, d in enumerate(pdf.documents)
                if j not in seen_p]
    return r


# --- the table -------------------------------------------------------------------------------------------


def _cell(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else "-" if v is None else str(v)


def table(results: list[Result], markdown: bool = False) -> str:
    head = ["layout", "fonts", "pages", "docs", "pdf docs"] + list(FIELDS) + ["typeset p/s", "convert p/s"]
    rows = []
    for r in results:
        f = r.figures
        rows.append([r.layout, r.fonts, str(r.pages), str(r.text_docs), str(r.pdf_docs)]
                    + [_cell(f[k]) for k in FIELDS]
                    + [f"{r.pages / r.typeset_s:.0f}" if r.typeset_s else "-",
                       f"{r.pages / r.convert_s:.0f}" if r.convert_s else "-"])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(x[k]) for x in [head] + rows) for k in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in [head] + rows)


def run(fonts=("embedded", "stsong"), seeds: bool = True, generated: int = 1, only=(), knobs=None,
        verbose: bool = False, out=print) -> list[Result]:
    import cjkfont

    if "embedded" in fonts and (why := cjkfont.missing()):
        out(f"embedded fonts skipped: {why}")
        fonts = tuple(f for f in fonts if f != "embedded")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for mode in fonts:
            total = Result("ALL", mode)
            for layout in layouts(folder, seeds, generated, only):
                r = compare(layout, mode, folder, knobs)
                results.append(r)
                total.add(r)
                if verbose:
                    out(f"{r.layout} ({mode}): " + ", ".join(f"{k} {_cell(v)}" for k, v in r.figures.items()))
                    for d in r.diffs:
                        out(f"    {d}")
            results.append(total)
    return results


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fonts", default="embedded,stsong")
    ap.add_argument("-n", type=int, default=1, help="generated compilations per family (0: none)")
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--knob", action="append", default=[], help="typesetter knob NAME=VALUE")
    ap.add_argument("-v", action="store_true", help="every difference")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("only", nargs="*", help="layouts starting with these")
    args = ap.parse_args(argv)
    knobs = {}
    for kv in args.knob:
        name, value = kv.split("=", 1)
        knobs[name] = value if not re.fullmatch(r"-?\d+(\.\d+)?", value) else float(value) if "." in value else int(value)
    t0 = time.perf_counter()
    results = run(tuple(args.fonts.split(",")), not args.no_seeds, args.n, args.only, knobs, args.v)
    print(table(results, args.markdown))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
