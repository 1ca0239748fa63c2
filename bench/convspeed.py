"""Conversion speed (issue 17: "converting stays ≥5 MB/s"): MB of input text per CPU-second, per stage,
and the bytes the conversion writes (to check that a speed-up changes no output).

    .venv/bin/python bench/convspeed.py generate --out bench/out/gen          # one compilation a family
    .venv/bin/python bench/convspeed.py speed FILE|DIR … [--segmenter crf] [--runs 3] [--warm]
    .venv/bin/python bench/convspeed.py profile FILE|DIR … [--segmenter crf] [--top 40]
    .venv/bin/python bench/convspeed.py digest FILE|DIR … [--segmenter crf] > digest.json
    .venv/bin/python bench/convspeed.py digest FILE|DIR … --check digest.json   # exit 1: files that differ
    .venv/bin/python bench/convspeed.py features FILE|DIR … > features.txt   # the CRF's feature rows

`speed` runs the per-file stages in this process, one file after the other (no pool, no cache), and
times each with CPU time (time.process_time): read, clean, segment (crf: features and tagging apart),
extract, annotate; then resolve and render over all files. MB = the inputs' bytes / 10⁶; best of
--runs per stage. `digest` converts into a fresh docs folder (convert_files, as `policy-site convert`
does) and prints the sha256 of every file it wrote (the caches excepted): two trees are byte-identical
when their digests are. Generated compilations come from the layout generator (training/), with
seeds never used for training (900 + family index); they go to a git-ignored folder.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.commands.convert import collect_inputs, convert_files  # noqa: E402
from converter.perf.cache import MemoryCache  # noqa: E402
from converter.pipeline import annotated, compilation_id, layout_of  # noqa: E402
from converter.read import read_source  # noqa: E402
from converter.stages import clean, extract, render, resolve, segment  # noqa: E402
from converter.stages.segment import features as F  # noqa: E402
from converter.stages.segment import labeller, rules  # noqa: E402
from converter.text.dates import period_start  # noqa: E402

#: Seeds of the generated compilations: far from training's 0..PER_FAMILY-1 and evaluation's 100-105.
GEN_SEED = 900
STAGES = ("read", "clean", "features", "tag", "segment", "extract", "annotate", "resolve", "render")


def generate(out: Path) -> None:
    from training import documents, generate as G, render_text
    out.mkdir(parents=True, exist_ok=True)
    docs = documents.load_all()
    for n, family in enumerate(G.families()):
        text, _ = render_text.render(G.compose(docs, family, GEN_SEED + n))
        (out / f"gen-{family}-{GEN_SEED + n}.txt").write_text(text, encoding="utf-8")


def timed_run(files: list[Path], segmenter: str) -> dict[str, float]:
    """CPU seconds per stage of one conversion of `files` (the per-file stages as pipeline.convert_source)."""
    t = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    model = labeller.model(segmenter)
    comps = []
    for path in files:
        a = clock()
        source = read_source(path)
        b = clock()
        lines = clean.lines(source)
        measure = clean.wrap_width(clean.content_lines(lines))
        paragraphs = clean.paragraphs(lines, measure)
        furniture = [line for line in lines if line.furniture]
        c = clock()
        paras = tuple(paragraphs)
        analysis = rules.analyse(paras, measure)
        if model is None:
            out = rules.segment(paragraphs, [f.text for f in furniture], measure, analysis)
            d = e = clock()
        else:
            spent = [0.0]

            def timed_features(*args, _features=F.features):
                t0 = clock()
                try:
                    return _features(*args)
                finally:
                    spent[0] += clock() - t0
            F.features = timed_features         # label() as pipeline runs it (gated by the rules), features timed apart
            try:
                roles = labeller.label(paragraphs, measure, analysis, layout_of(source), model)
            finally:
                F.features = timed_features.__kwdefaults__["_features"]
            e = clock()
            d = c + spent[0]
            out = labeller.segments_from_roles(paragraphs, roles, analysis, [f.text for f in furniture])
        cover, segments, sections, unmatched = out
        f = clock()
        cid = compilation_id(cover, source.sha256)
        year, month, quarter = start if (start := period_start(cover.period)) else (None, None, None)
        last_month = month or (quarter * 3 if quarter else None)
        extracted = [extract.extract(s, source.name, cid, year, last_month) for s in segments]
        g = clock()
        documents = tuple(annotated(x) for x in extracted)
        h = clock()
        comps.append((source, cid, cover, documents, furniture, unmatched, sections))
        t["read"] += b - a
        t["clean"] += c - b
        t["features"] += d - c
        t["tag"] += e - d
        t["segment"] += f - c
        t["extract"] += g - f
        t["annotate"] += h - g
    from converter.model import Compilation
    compilations = tuple(Compilation(cid, s.identity(), cover, docs, tuple(fu), tuple(um),
                                     tuple(n for p in se for n in p.lines), clean.removed_characters(s.text))
                         for s, cid, cover, docs, fu, um, se in comps)
    a = clock()
    library = resolve.resolve(compilations, ())
    b = clock()
    render.render(library)
    c = clock()
    t["resolve"] = b - a
    t["render"] = c - b
    return t


def speed(files: list[Path], segmenter: str, runs: int, warm: bool = False) -> dict:
    """Best of `runs` conversions, each in a fresh process (no memo or compiled pattern carried over);
    `warm`: each process converts the bundled sample first (one-off costs paid: imports made on first
    use, Jinja's templates compiled, the CRF model opened — what a long batch amortises — but no memo
    holds the timed files' texts)."""
    mb = sum(p.stat().st_size for p in files) / 1e6
    best = dict.fromkeys(STAGES, float("inf"))
    totals = []
    for _ in range(runs):
        got = subprocess.run([sys.executable, __file__, "once", *map(str, files), "--segmenter", segmenter,
                              *(["--warm"] if warm else [])],
                             check=True, capture_output=True, text=True).stdout
        t = json.loads(got)
        totals.append(sum(t[s] for s in STAGES if s not in ("features", "tag")))
        for s in STAGES:
            best[s] = min(best[s], t[s])
    per_file = sum(best[s] for s in ("read", "clean", "segment", "extract", "annotate"))
    report = {"files": len(files), "MB": round(mb, 3), "segmenter": segmenter, "runs": runs, "warm": warm,
              "cpu_s": {s: round(best[s], 3) for s in STAGES},
              "MB_per_cpu_s": {s: round(mb / best[s], 1) if best[s] > 0 else None for s in STAGES},
              "per_file_stages_MB_per_cpu_s": round(mb / per_file, 2),
              "whole_conversion_best_MB_per_cpu_s": round(mb / min(totals), 2),
              "whole_conversion_cpu_s": [round(x, 3) for x in totals]}
    return report


def profile(files: list[Path], segmenter: str, top: int, sort: str, warm: bool, dump: Path | None) -> None:
    """cProfile (CPU time) of one conversion; `warm`: after a first one (imports, patterns and memos made)."""
    if warm:
        timed_run(files, segmenter)
    pr = cProfile.Profile(time.process_time)
    pr.enable()
    timed_run(files, segmenter)
    pr.disable()
    if dump:
        pr.dump_stats(dump)
    pstats.Stats(pr).sort_stats(sort).print_stats(top)


def digest(files: list[Path], segmenter: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        convert_files(files, docs, MemoryCache(), None, segmenter)
        return {str(p.relative_to(docs)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(docs.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(docs).parts
                and not p.name.startswith(".")}


def feature_rows(files: list[Path]) -> None:
    """Every paragraph's CRF feature row (the model's input): identical rows give an identical model."""
    for path in files:
        source = read_source(path)
        lines = clean.lines(source)
        measure = clean.wrap_width(clean.content_lines(lines))
        paragraphs = clean.paragraphs(lines, measure)
        for row in F.features(paragraphs, measure, None, layout_of(source)):
            print("\t".join(row))


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("generate", "once", "speed", "profile", "digest", "features"))
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "gen")
    ap.add_argument("--segmenter", default="rules", choices=labeller.SEGMENTERS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--warm", action="store_true",
                    help="speed: after converting the bundled sample; profile: after converting the same files")
    ap.add_argument("--dump", type=Path, help="profile: write the pstats file here")
    ap.add_argument("--check", type=Path, help="digest: compare with this saved digest instead of printing")
    args = ap.parse_args(argv)
    if args.command == "generate":
        return generate(args.out)
    files = collect_inputs(args.inputs)
    if args.command == "once":
        if args.warm:                       # other texts than those timed: no memo keyed by text is filled
            timed_run(collect_inputs([]), args.segmenter)
        print(json.dumps(timed_run(files, args.segmenter)))
    elif args.command == "speed":
        print(json.dumps(speed(files, args.segmenter, args.runs, args.warm), ensure_ascii=False, indent=1))
    elif args.command == "profile":
        profile(files, args.segmenter, args.top, args.sort, args.warm, args.dump)
    elif args.command == "digest":
        got = digest(files, args.segmenter)
        if args.check is None:
            print(json.dumps(got, indent=0, sort_keys=True))
            return
        want = json.loads(args.check.read_text())
        differ = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
        print("\n".join(differ) or f"identical: {len(got)} files")
        sys.exit(1 if differ else 0)
    else:
        feature_rows(files)


if __name__ == "__main__":
    main(sys.argv[1:])
