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
    text~truth          documents of the truth (labels; the generator's) that the text's conversion
    pdf~truth           finds, and that the PDF's finds (aligned by title the same way)
    text title~truth    ... found with the true title (where the text's own conversion cuts a title,
    pdf title~truth     `title` above blames the PDF; these do not)
    typeset p/s         pages typeset / converted per second of CPU time (time.process_time: what
    convert p/s         one idle core would take; wall time on a loaded machine says little)

    python tests/pdf_eval.py                     # every layout, both font modes
    python tests/pdf_eval.py --fonts stsong      # one font mode
    python tests/pdf_eval.py -v 001              # and every difference for layouts starting with 001
    python tests/pdf_eval.py -n 3                # three generated compilations per family (seeds 1…3)
    python tests/pdf_eval.py --knob breaks=continuous --knob footer=plain
    python tests/pdf_eval.py --markdown          # the table as Markdown (for notes)
    python tests/pdf_eval.py -n 3 --by-family    # generated compilations summed per family
    python tests/pdf_eval.py --system-fonts both # PDFs converted seeing the system's fonts and none (root)
    python tests/pdf_eval.py --follow-generator  # generated layouts with the generator's header, footer, breaks
    python tests/pdf_eval.py --vary 4            # each layout also in 4 other typeset layouts (random_knobs)
    python tests/pdf_eval.py --segmenter crf     # text and PDF segmented by the model (default: labeller.DEFAULT)

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
FIELDS = ("recall", "precision", "title", "doc_number", "start_page", "printed", "text~truth", "pdf~truth",
          "text title~truth", "pdf title~truth")


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
    truth_docs: int = 0             # documents of the composed compilation (the labels' for a text)
    text_truth: int = 0             # ... that the text's conversion finds (aligned by title)
    pdf_truth: int = 0              # ... that the PDF's conversion finds
    text_truth_title: int = 0       # ... found by the text's conversion with the true title
    pdf_truth_title: int = 0        # ... found by the PDF's conversion with the true title
    typeset_s: float = 0.0
    convert_s: float = 0.0
    error: str | None = None
    diffs: list = field(default_factory=list)

    def add(self, other: "Result") -> None:
        for k in ("pages", "text_docs", "pdf_docs", "matched", "title", "doc_number", "start_page", "truth_docs",
                  "text_truth", "pdf_truth", "text_truth_title", "pdf_truth_title"):
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
                "printed": None if self.printed is None else self.printed / n,
                "text~truth": self.text_truth / max(self.truth_docs, 1),
                "pdf~truth": self.pdf_truth / max(self.truth_docs, 1),
                "text title~truth": self.text_truth_title / max(self.truth_docs, 1),
                "pdf title~truth": self.pdf_truth_title / max(self.truth_docs, 1)}


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


@dataclass(frozen=True)
class Doc:
    """What is compared of a converted document."""

    title: str
    doc_number: str | None
    start_line: int
    start_page: int | None
    printed_page: int | None = None
    has_printed: bool = False


def docs_of(comp) -> list[Doc]:
    return [Doc(d.title, d.doc_number, d.occurrence.start_line, d.occurrence.start_page,
                getattr(d.occurrence, "printed_page", None), hasattr(d.occurrence, "printed_page"))
            for d in comp.documents]


FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")


#: The segmenter both the text and the PDF are converted with (--segmenter; labeller.DEFAULT unless told).
SEGMENTER: list[str] = []


def segmenter():
    """The segmenter chosen: a name (rules, crf) or a model file's Path (labeller.choice)."""
    from converter.stages.segment import labeller

    return labeller.choice(SEGMENTER[0]) if SEGMENTER else labeller.DEFAULT


def convert_pdfs(paths: list[Path], hide_fonts: bool = False) -> list[tuple[list[Doc] | None, float, str | None]]:
    """(documents, seconds, error) per PDF; with `hide_fonts`, converted in a child process that sees
    no system fonts (a private mount namespace with an empty tmpfs over the font folders; needs root
    and unshare)."""
    if not hide_fonts:
        return [_convert_one(p) for p in paths]
    import json
    import shutil
    import subprocess

    if not shutil.which("unshare"):
        raise RuntimeError("--no-system-fonts needs unshare (util-linux) and root")
    mounts = " && ".join(f"mount -t tmpfs none {f}" for f in FONT_FOLDERS if Path(f).is_dir())
    cmd = f"{mounts} && exec {sys.executable} {Path(__file__).resolve()} --segmenter {segmenter()} --convert-json " \
          + " ".join(f"'{p}'" for p in paths)
    done = subprocess.run(["unshare", "-m", "sh", "-c", cmd], capture_output=True, text=True, check=True)
    out = []
    for row in json.loads(done.stdout):
        docs = [Doc(**d) for d in row["docs"]] if row["docs"] is not None else None
        out.append((docs, row["seconds"], row["error"]))
    return out


def _convert_one(path: Path) -> tuple[list[Doc] | None, float, str | None]:
    t0 = time.process_time()
    try:
        comp = convert_file(path, segmenter())
    except Exception as e:  # noqa: BLE001 — a PDF the converter refuses scores zero, with the reason
        return None, time.process_time() - t0, f"{type(e).__name__}: {e}"
    return docs_of(comp), time.process_time() - t0, None


def truth_recall(truth, docs) -> tuple[int, int]:
    """Documents of the truth (the composed compilation's) that `docs` find, aligned by title, and of
    those the ones whose title is the truth's."""
    truth = list(truth)
    pairs = align(truth, docs)
    return len(pairs), sum(squash(truth[i].title) == squash(docs[j].title) for i, j in pairs)


def compare(layout: Layout, made, fonts: str, text: list[Doc], pdf: list[Doc] | None, seconds: float,
            error: str | None) -> Result:
    r = Result(layout.name, fonts)
    r.pages = made.pages
    r.text_docs = len(text)
    r.truth_docs = len(layout.composed.documents)
    r.text_truth, r.text_truth_title = truth_recall(layout.composed.documents, text)
    if pdf is None:
        r.error = error
        r.diffs.append(("refused", error))
        return r
    r.convert_s = seconds
    r.pdf_docs = len(pdf)
    r.pdf_truth, r.pdf_truth_title = truth_recall(layout.composed.documents, pdf)
    pairs = align(text, pdf)
    r.matched = len(pairs)
    with_printed = any(d.has_printed for d in pdf)
    r.printed = 0 if with_printed else None
    seen_t, seen_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        t, d = text[i], pdf[j]
        r.title += squash(t.title) == squash(d.title)
        r.doc_number += squash(t.doc_number) == squash(d.doc_number)
        page = expected_page(layout, made, t.start_line)
        r.start_page += d.start_page == page
        if with_printed:
            r.printed += d.printed_page == made.page_numbers[page - 1]
        if squash(t.title) != squash(d.title):
            r.diffs.append(("title", t.title, d.title))
        if squash(t.doc_number) != squash(d.doc_number):
            r.diffs.append(("文号", t.title[:30], t.doc_number, d.doc_number))
        if d.start_page != page:
            r.diffs.append(("start page", t.title[:30], page, d.start_page))
        elif with_printed and d.printed_page != made.page_numbers[page - 1]:
            r.diffs.append(("printed page", t.title[:30], made.page_numbers[page - 1], d.printed_page))
    r.diffs += [("only in text", t.title) for i, t in enumerate(text) if i not in seen_t]
    r.diffs += [("only in PDF", d.title, d.start_page) for j, d in enumerate(pdf) if j not in seen_p]
    return r


# --- the table -------------------------------------------------------------------------------------------


def _cell(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else "-" if v is None else str(v)


def by_family(results: list[Result]) -> list[Result]:
    """Generated layouts of one family (`family:seed`) summed into one row (`family ×n`)."""
    out: list[Result] = []
    groups: dict[tuple[str, str], Result] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        if ":" not in r.layout:
            out.append(r)
            continue
        key = (r.layout.split(":")[0], r.fonts)
        if key not in groups:
            groups[key] = Result(key[0], r.fonts)
            out.append(groups[key])
        groups[key].add(r)
        counts[key] = counts.get(key, 0) + 1
    for key, g in groups.items():
        g.layout = f"{key[0]} ×{counts[key]}"
    return out


def table(results: list[Result], markdown: bool = False) -> str:
    head = ["layout", "fonts", "pages", "docs", "pdf docs"] + list(FIELDS) + ["typeset p/s", "convert p/s"]
    # pages per second of CPU time (the process's own: a loaded shared machine does not change it)
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
        verbose: bool = False, out=print, system_fonts=("yes",), follow_generator: bool = False,
        vary: int = 0) -> list[Result]:
    """Typeset every layout in every font mode, convert text and PDF, compare; one Result per layout,
    font mode and system-font setting, and a total ("ALL") for each font mode and setting."""
    import cjkfont
    from typeset import DEFAULTS, _chars, knobs_for, random_knobs, typeset

    if "embedded" in fonts and (why := cjkfont.missing()):
        out(f"embedded fonts skipped: {why}")
        fonts = tuple(f for f in fonts if f != "embedded")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        todo = layouts(folder, seeds, generated, only)
        variants = [{}] if not vary else [random_knobs(n) for n in range(1, vary + 1)]
        texts = []
        for x in todo:   # a text the converter refuses has no documents (every PDF document is then extra)
            docs, _, error = _convert_one(x.text_path)
            texts.append(docs or [])
            if error:
                out(f"{x.name}: text refused: {error}")
        if "embedded" in fonts:   # one set of faces for every layout: converted once
            cjkfont.register(set().union(*(_chars(x.composed, {**DEFAULTS, **knobs_for(x.composed), **v, **(knobs or {})})
                                           for x in todo for v in variants)))
        for mode in fonts:
            made, paths, runs = [], [], []
            for layout in todo:
                for n, variant in enumerate(variants, 1):
                    t0 = time.process_time()
                    chosen = knobs_for(layout.composed) if follow_generator and layout.composed.knobs.get("footer") else {}
                    m = typeset(layout.composed, fonts=mode, **{**chosen, **variant, **(knobs or {})})
                    made.append((m, time.process_time() - t0))
                    stem = re.sub(r"[^\w.-]", "_", layout.name) + (f"~{n}" if vary else "")
                    paths.append(folder / f"{stem}-{mode}.pdf")
                    paths[-1].write_bytes(m.pdf)
                    runs.append((layout, texts[todo.index(layout)], n))
            for setting in system_fonts:
                label = mode if setting == "yes" else f"{mode}/no-sys"
                total = Result("ALL", label)
                converted = convert_pdfs(paths, hide_fonts=setting == "no")
                for (layout, text, n), (m, typeset_s), (docs, seconds, error) in zip(runs, made, converted):
                    r = compare(layout, m, label, text, docs, seconds, error)
                    if vary:
                        r.layout += f"~{n}"
                    r.typeset_s = typeset_s
                    results.append(r)
                    total.add(r)
                    if verbose:
                        out(f"{r.layout} ({label}): " + ", ".join(f"{k} {_cell(v)}" for k, v in r.figures.items()))
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
    ap.add_argument("--system-fonts", default="yes", choices=["yes", "no", "both"],
                    help="convert the PDFs seeing the system's fonts, none (unshare, root), or both")
    ap.add_argument("--follow-generator", action="store_true",
                    help="generated layouts: header, footer and page breaks as the generator chose for the text")
    ap.add_argument("--by-family", action="store_true", help="one row per generator family")
    ap.add_argument("--vary", type=int, default=0, help="typeset each layout K times with typeset.random_knobs(1…K)")
    ap.add_argument("--segmenter", help="rules, crf or a model file (default: labeller.DEFAULT) for the text and the PDF")
    ap.add_argument("--convert-json", nargs="+", help=argparse.SUPPRESS)  # the child of --system-fonts no
    ap.add_argument("only", nargs="*", help="layouts starting with these")
    args = ap.parse_args(argv)
    if args.segmenter:
        SEGMENTER[:] = [args.segmenter]
    if args.convert_json:
        import json
        from dataclasses import asdict

        rows = []
        for path in args.convert_json:
            docs, seconds, error = _convert_one(Path(path))
            rows.append({"docs": None if docs is None else [asdict(d) for d in docs], "seconds": seconds,
                         "error": error})
        print(json.dumps(rows, ensure_ascii=False))
        return
    knobs = {}
    for kv in args.knob:
        name, value = kv.split("=", 1)
        knobs[name] = value if not re.fullmatch(r"-?\d+(\.\d+)?", value) else float(value) if "." in value else int(value)
    t0 = time.perf_counter()
    settings = ("yes", "no") if args.system_fonts == "both" else (args.system_fonts,)
    results = run(tuple(args.fonts.split(",")), not args.no_seeds, args.n, args.only, knobs, args.v,
                  system_fonts=settings, follow_generator=args.follow_generator, vary=args.vary)
    print(table(by_family(results) if args.by_family else results, args.markdown))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
