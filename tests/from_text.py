"""A plain compilation text as a Composed (training/records.py), so that the typesetter can lay it out.

    composed = composed_from_text("converter/sample/2031-03-sample-issue-12.txt")
    composed = composed_from_text(SEEDS / "001_….txt")      # labels from tests/labels/001_….yaml

The lines' roles come from the converter's own reading of the text (cover and TOC lines, section
headings, each document's head and body blocks), one item per paragraph as the converter rejoined it;
the documents and where each starts come from the hand-made labels (converter/sample/LABELS.yaml for
the sample, tests/labels/*.yaml for the seeds), so the truth is the labels', not the converter's. A
document the converter found but the labels do not have has its head demoted (its title becomes an
inner title); a labelled start the converter missed gets a head role.

Reads seed text at run time only; nothing of it is written anywhere.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from converter.model import OUTSIDE, Role  # noqa: E402
from converter.pipeline import convert_file  # noqa: E402
from converter.read import read_source  # noqa: E402
from converter.stages import clean  # noqa: E402
from converter.vocab import patterns as P  # noqa: E402
from training.records import Composed, DocTruth, Item  # noqa: E402

SAMPLE = ROOT / "converter" / "sample"
LABELS = ROOT / "tests" / "labels"

BLOCK_ROLES = {
    "p": Role.BODY, "lead": Role.BODY, "qa": Role.BODY, "h2": Role.HEADING, "h3": Role.HEADING,
    "h4": Role.HEADING, "table": Role.TABLE_ROW, "column_start": Role.HEADING, "signature": Role.SIGNATURE,
    "date": Role.DATE, "docno": Role.DOC_NUMBER, "title": Role.INNER_TITLE, "attachment": Role.ATTACHMENT,
    "note": Role.NOTE,
}
LEVELS = {"h2": 1, "h3": 2, "h4": 3, "column_start": 1}
#: 中华人民共和国国务院令 / 第812号: the header of a 令 (a line of its own).
ORDER_LINE = re.compile(r"^(?:中华人民共和国)?\S{0,24}令$|^第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*号$")
HEAD = {Role.DOC_TITLE, Role.HEADLINE, Role.DIGEST_ENTRY, Role.ORDER_HEADER}


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def label_file(path: Path) -> tuple[dict, list[dict]]:
    """The labels of one text: (the issue's fields, its documents in order of start line)."""
    if path.resolve().parent == SAMPLE.resolve():
        data = yaml.safe_load((SAMPLE / "LABELS.yaml").read_text(encoding="utf-8"))
        docs = [d for d in data["documents"] if d["source"] == path.name]
        return {}, sorted(docs, key=lambda d: d["start_line"])
    data = yaml.safe_load((LABELS / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    return data, sorted(data["documents"], key=lambda d: d["start_line"])


def _truth(labels: list[dict], origin: str) -> tuple[DocTruth, ...]:
    titles = {squash(d["title"]): k for k, d in enumerate(labels)}
    out = []
    for d in labels:
        date = d.get("date")
        out.append(DocTruth(
            title=d["title"], heading=d.get("heading"), doc_number=d.get("doc_number"),
            issuers=tuple(d.get("issuers") or ()), date=str(date) if date else None, kind=d["kind"],
            subtype=d.get("subtype"), level=d.get("level") or "national",
            interprets=titles.get(squash(d.get("interprets"))) if d.get("interprets") else None,
            origin=f"{origin}:{d['start_line']}"))
    return tuple(out)


def composed_from_text(path, family: str | None = None) -> Composed:
    path = Path(path)
    issue, labels = label_file(path)
    comp = convert_file(path)
    lines = clean.lines(read_source(path))
    measure = clean.wrap_width(clean.content_lines(lines))
    paragraphs = clean.paragraphs(lines, measure)
    furniture = {line.number for line in lines if line.furniture}
    raw = {line.number: line.raw for line in lines}

    cover = set(comp.cover.lines)
    toc = {e.line: e for e in comp.cover.toc}
    sections = set(comp.section_lines)
    block_at: dict[int, tuple] = {}
    head_of: dict[int, object] = {}           # head-region line → its converter document
    for d in comp.documents:
        first_block = min((b.lines[0] for b in d.blocks if b.lines), default=d.occurrence.end_line + 1)
        for n in range(d.occurrence.start_line, first_block):
            head_of[n] = d
        for b in d.blocks:
            for k, n in enumerate(b.lines):
                block_at[n] = (b, k)
    first_doc = min((d.occurrence.start_line for d in comp.documents), default=0)
    starts = [d["start_line"] for d in labels]

    rows: list[list] = []                      # [role, text, level, first line, align]
    last_entry = None
    head_state: dict[int, str] = {}
    for p in paragraphs:
        first = p.first
        if first in furniture:
            continue
        text = p.text
        if first in toc:
            e = toc[first]
            rows.append([Role.TOC_ENTRY, e.title, e.page or 0, first, ""])
            last_entry = squash(e.title)
            continue
        if last_entry is not None and first in cover and first < first_doc:
            tail = squash(re.sub(r"[.．·…\s]*\d{0,4}$", "", text))
            if tail and tail in last_entry:
                continue                          # the wrapped part of the entry before
        if re.fullmatch(r"目\s*录", text.strip()):
            rows.append([Role.TOC_HEADING, text, 0, first, ""])
        elif first in sections:
            rows.append([Role.SECTION_HEADING, text, 0, first, ""])
        elif first in cover:
            rows.append([Role.COVER, text, 0, first, ""])
        elif first in block_at:
            b, k = block_at[first]
            role = BLOCK_ROLES.get(b.kind, Role.BODY)
            if b.kind == "table":           # the cells as the text separates them
                text = "\t".join(c.strip() for c in re.split(r"\t|\s{2,}", raw[first].strip()))
            rows.append([role, text, LEVELS.get(b.kind, 0), first, "centre" if b.kind == "column_start" else ""])
        elif first in head_of:
            d = head_of[first]
            state = head_state.get(id(d), "")
            if ORDER_LINE.match(text.strip()):
                role = Role.ORDER_HEADER
            elif P.DOC_NUMBER_LINE.match(text.strip()):
                role = Role.DOC_NUMBER
            elif not state and d.heading and squash(text) in squash(d.heading):
                role, state = Role.HEADLINE, "headline"
            elif not state and d.kind == "digest_item" and squash(text) != squash(d.title):
                role, state = Role.DIGEST_ENTRY, "title"
            elif state in ("", "headline", "title") and squash(text) in squash(d.title):
                role, state = Role.DOC_TITLE, "title"
            else:
                role, state = Role.META, "meta"
            head_state[id(d)] = state
            rows.append([role, text, 0, first, ""])
        else:
            rows.append([Role.BODY, text, 0, first, ""])

    # documents by the labels: each item belongs to the last labelled start at or before it
    items: list[Item] = []
    doc_of: list[int | None] = []
    k = -1
    for row in rows:
        while k + 1 < len(starts) and row[3] >= starts[k + 1]:
            k += 1
        doc_of.append(k if k >= 0 and row[0] not in OUTSIDE else None)
    begun: set[int] = set()
    in_head = False
    for row, doc in zip(rows, doc_of):
        role, text, level, first, align = row
        is_start = doc is not None and doc not in begun
        if is_start:
            begun.add(doc)
            want = labels[doc]
            if role not in HEAD:
                role = (Role.HEADLINE if want.get("heading") and squash(text) in squash(want["heading"])
                        else Role.DIGEST_ENTRY if want["kind"] == "digest_item" and squash(text) != squash(want["title"])
                        else Role.DOC_TITLE)
            in_head = True
        elif role in HEAD and not (in_head and doc is not None):
            role = Role.INNER_TITLE if role == Role.DOC_TITLE else Role.BODY
        elif role not in HEAD:
            in_head = False
        if role in (Role.DOC_TITLE, Role.HEADLINE, Role.ORDER_HEADER, Role.DOC_NUMBER):
            align = "centre"
        items.append(Item(role, text, doc, is_start, level, False, align))

    # the addressee: a body paragraph right under the head that ends with a colon
    for i, it in enumerate(items):
        if it.role == Role.BODY and i and items[i - 1].role in (Role.DOC_NUMBER, Role.DOC_TITLE) \
                and it.text.rstrip().endswith(("：", ":")) and len(it.text) < 200:
            items[i] = Item(Role.ADDRESSEE, it.text, it.doc, it.starts, 0, False, "")

    origin = f"sample:{path.name}" if path.resolve().parent == SAMPLE.resolve() else f"seed:{path.stem}"
    cover_info = comp.cover
    return Composed(
        family=family or f"text:{path.stem}", seed=0,
        knobs={"from": str(path.name), "item_lines": tuple(row[3] for row in rows)}, items=tuple(items),
        documents=_truth(labels, origin),
        publisher=issue.get("publisher") or cover_info.publisher,
        title=cover_info.title, issue=issue.get("issue") or cover_info.issue,
        period=issue.get("period") or cover_info.period)
