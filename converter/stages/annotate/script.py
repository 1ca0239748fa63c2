"""Script mode: `python -m converter.stages.annotate FILE...` reads text files of one document each (one
paragraph per line, the title first), guesses block kinds the way `extract.structure` marks them, and
prints what it finds; `--index index.json` takes titles and dates from a corpus index; `--summary`
prints the counts only.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
from pathlib import Path
from typing import Sequence

from converter.model import Span
from converter.vocab import patterns as P
from converter.stages.annotate.anchors import anchors
from converter.stages.annotate.citations import document_citations
from converter.stages.annotate.targets import targets
from converter.stages.annotate.text import normalise, parse_date
from converter.stages.annotate.validity import status, validity


# ======================================================================================================
# Script mode
# ======================================================================================================


def guess_blocks(lines: Sequence[str], title_lines: int = 1) -> list[tuple[str, str]]:
    """Blocks of a one-document text file (one paragraph a line), kinds marked the way
    extract.structure marks them (tables: kind table, text empty)."""
    out: list[tuple[str, str]] = []
    for k, raw in enumerate(lines):
        t = raw.strip()
        if not t:
            continue
        if k < title_lines:
            out.append(("title", t))
        elif "\t" in t:
            out.append(("table", ""))
        elif P.DOC_NUMBER_LINE.match(t):
            out.append(("docno", t))
        elif P.DATE_LINE.match(t):
            out.append(("date", t))
        elif P.PUBLICATION_NOTE.match(t) or P.PROMULGATION_NOTE.match(t):
            out.append(("note", t))
        elif P.ATTACHMENT.match(t) and len(t) <= 40 and not P.PROSE_PUNCT.search(t):
            out.append(("attachment", t))
        elif P.H1_CN.match(t):
            out.append(("h2" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif P.H2_CN.match(t):
            out.append(("h3" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif P.H3_NUM.match(t):
            out.append(("h4" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif m := P.QA_TURN.match(t):
            out.append(("qa", m["text"]))
        else:
            out.append(("p", t))
    return out


def _title_lines(lines: Sequence[str], title: str | None) -> int:
    """How many lines the title wraps over (the index title, compared without white space)."""
    if not title:
        return 1
    want, got = P.WHITESPACE.sub("", title), ""
    for k, line in enumerate(lines[:4]):
        got += P.WHITESPACE.sub("", line)
        if len(got) >= len(want):
            return k + 1
    return 1


def _first_date(blocks) -> str | None:
    """The first date of a date line, a signature or a note: the document's date in script mode."""
    for kind, text in blocks:
        if kind in ("date", "signature", "note") and (d := parse_date(normalise(text))):
            return d
    return None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m converter.stages.annotate", description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, help="a corpus index.json (id, title, date) for titles and dates")
    ap.add_argument("--summary", action="store_true", help="print the counts only")
    ap.add_argument("--today", default=_dt.date.today().isoformat())
    args = ap.parse_args(argv)
    meta = {}
    if args.index:
        meta = {r["id"]: r for r in json.loads(args.index.read_text(encoding="utf-8"))}
    counts = dict(documents=0, commencement=0, expiry=0, trial=0, repeals=0, repealed=0, amends=0, amendments=0,
                  citations=0, article_citations=0, anchors=0, targets=0, with_targets=0)
    for f in args.files:
        lines = f.read_text(encoding="utf-8").splitlines()
        rec = meta.get(f.stem, {})
        blocks = guess_blocks(lines, _title_lines(lines, rec.get("title")))
        title = rec.get("title") or (blocks[0][1] if blocks else "")
        doc_date = rec.get("date") or _first_date(blocks)
        v = validity(blocks, doc_date, title)
        cits = document_citations(blocks)
        ans = anchors(blocks)
        ts = targets(blocks, doc_date)
        counts["documents"] += 1
        counts["commencement"] += v.commencement is not None
        counts["expiry"] += v.expiry is not None
        counts["trial"] += v.trial is not None
        counts["repeals"] += bool(v.repeals)
        counts["repealed"] += len(v.repeals)
        counts["amends"] += bool(v.amends)
        counts["amendments"] += len(v.amends)
        counts["citations"] += len(cits)
        counts["article_citations"] += sum(c.article is not None for c in cits)
        counts["anchors"] += len(ans)
        counts["targets"] += len(ts)
        counts["with_targets"] += bool(ts)
        if args.summary:
            continue
        print(f"== {f.name}  {title[:50]}  date={doc_date}  status={status(v, args.today)}")
        if v.commencement:
            print(f"  commencement {v.commencement.rule} {v.commencement.date}  [{_show(blocks, v.commencement.span)}]")
        if v.expiry:
            print(f"  expiry {v.expiry.date} years={v.expiry.years}  [{_show(blocks, v.expiry.span)}]")
        if v.trial:
            print(f"  trial {v.trial.word}")
        for c in v.repeals:
            print(f"  repeals {c.title} {c.doc_number or ''}")
        for a in v.amends:
            print(f"  {a.relation} {a.citation.title or ''} {a.citation.doc_number or ''}")
        print(f"  citations {len(cits)} (with article {sum(c.article is not None for c in cits)}), anchors {len(ans)}")
        for t in ts:
            print(f"  target {t.year} | {t.subject} | {t.verb} | {t.quantity} = {t.value:g} {t.unit}"
                  f"  [{_show(blocks, t.span)}]")
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def _show(blocks, span: Span) -> str:
    text = blocks[span.block][1] if span.block >= 0 else ""
    return text[span.start:span.end]


