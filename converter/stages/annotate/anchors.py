"""Anchors (`anchors(blocks)`)
    Ids are made from the numbering printed in the text, never from a block's position in the document:
    `第十二条` → `art-12` (`第十二条之一` → `art-12-1`), `第二章` → `ch-2`, `第一节` in 第二章 →
    `ch-2-sec-1`, `三、` → `h-3`, `（二）` under 三、 → `h-3-2` (no 一、 before it: `h-0-2`), a heading
    `1.` → `h-3-2-1`; inside an article `（一）` is an item (项) `art-12-i-1` and `1.` a sub-item
    `art-12-i-1-1`; an attachment block `附件2` → `att-2`, and everything after it is prefixed
    `att-2-` (attachments restart their numbering). Every other block with text is a paragraph
    numbered within its parent, the nearest anchor above it: `h-3-2-p-1`, `h-3-2-p-2`; in an article
    the article's own block is its 第一款 and the next paragraphs are `art-12-p-2`, `art-12-p-3`
    (= 第十二条第二款, 第三款: `article_anchor(12, 2)`); before any numbered block `p-1`, `p-2`.
    A repeated id (the same numbering printed twice) gets `-2`, `-3` in order. Stable: changing the
    text of a paragraph changes no id; inserting a paragraph changes only the ids of the paragraphs
    after it under the same parent; headings, articles and paragraphs elsewhere keep theirs.
    kind: article chapter section heading item attachment paragraph; number: the printed number (a
    paragraph's: its place under its parent); label: `第十二条`, the heading's text (≤ 40 characters),
    `（一）`, `第十二条第二款`, `第2段`.
"""
from __future__ import annotations


from converter.model import Anchor
from converter.vocab import patterns as P
from converter.vocab.patterns import (ARTICLE_HEAD, ATTACHMENT_NO, CHAPTER_HEAD, HEAD_NUMERAL, QUOTED_START,
    SECTION_HEAD)
from converter.stages.annotate.text import cn_numeral, kind_text_pairs, normalise, numeral_int


# ======================================================================================================
# Anchors
# ======================================================================================================

#: Block kinds that get no anchor (an empty marker that shows nothing).
NO_ANCHOR_KINDS = frozenset({"column_end"})
#: Block kinds whose text is never a heading or an article (what they show is not numbered structure).
NOT_STRUCTURE_KINDS = frozenset({"title", "docno", "date", "signature", "note", "table", "qa", "column_start"})


def article_anchor(article: int, paragraph: int | None = None, scope: str = "") -> str:
    """The anchor id of 第N条 (第M款): `art-12`, `art-12-p-2`; the 第一款 is the article's own block."""
    base = f"{scope}art-{article}"
    return base if not paragraph or paragraph == 1 else f"{base}-p-{paragraph}"


def _heading_label(s: str) -> str:
    cut = min((at for c in "。：:" if (at := s.find(c)) > 0), default=len(s))
    return s[:min(cut, 40)]


def anchors(blocks) -> tuple[Anchor, ...]:
    """An anchor for every numbered block and every paragraph (the scheme: module docstring)."""
    out: list[Anchor] = []
    used: set[str] = set()
    scope = ""
    l1 = l2 = chapter = None
    article: tuple[str, str] | None = None           # (id, label) of the article being read
    item = None
    parent: tuple[str, str] | None = None            # (id, label) of the nearest anchor above
    count: dict[str, int] = {}
    attachments = 0

    def add(kind: str, number: int, label: str, i: int, ident: str) -> str:
        k, unique = 2, ident
        while unique in used:
            unique, k = f"{ident}-{k}", k + 1
        used.add(unique)
        out.append(Anchor(kind, number, label, i, unique))
        return unique

    for i, (kind, text) in enumerate(kind_text_pairs(blocks)):
        if kind in NO_ANCHOR_KINDS or (not text and kind != "table"):
            continue
        s = normalise(text)
        structural = kind not in NOT_STRUCTURE_KINDS and not QUOTED_START.match(s)
        n = None
        if kind == "attachment":
            attachments += 1
            m = ATTACHMENT_NO.match(s)
            n = int(m["n"]) if m else attachments
            ident = add("attachment", n, _heading_label(s), i, f"att-{n}")
            scope = f"{ident}-"
            l1 = l2 = chapter = article = item = None
            parent = (ident, _heading_label(s))
            count[ident] = 0
            continue
        if structural and (m := ARTICLE_HEAD.match(s)) and (n := numeral_int(m["n"])) is not None:
            sub = numeral_int(m["sub"]) if m["sub"] else None
            ident = add("article", n, m.group(), i, f"{scope}art-{n}" + (f"-{sub}" if sub else ""))
            article, item = (ident, m.group()), None
            parent = article
            count[ident] = 1
            continue
        if structural and (m := CHAPTER_HEAD.match(s)) and (n := numeral_int(m["n"])) is not None:
            chapter = n
            ident = add("chapter", n, _heading_label(s), i, f"{scope}ch-{n}")
            article = item = None
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := SECTION_HEAD.match(s)) and (n := numeral_int(m["n"])) is not None:
            ident = add("section", n, _heading_label(s), i, f"{scope}ch-{chapter or 0}-sec-{n}")
            article = item = None
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := P.H1_CN.match(s)) and (n := numeral_int(HEAD_NUMERAL.match(s)[0])) is not None:
            l1, l2, article, item = n, None, None, None
            ident = add("heading", n, _heading_label(s), i, f"{scope}h-{n}")
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := P.H2_CN.match(s)) and (n := numeral_int(HEAD_NUMERAL.search(s)[0])) is not None:
            if article:
                item = n
                add("item", n, m.group().strip(), i, f"{article[0]}-i-{n}")
                continue
            l2 = n
            ident = add("heading", n, _heading_label(s), i, f"{scope}h-{l1 or 0}-{n}")
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and kind in ("h4", "lead", "p") and (m := P.H3_NUM.match(s)) and (n := int(HEAD_NUMERAL.match(s)[0])):
            if article:
                add("item", n, m.group().strip(), i, f"{article[0]}-i-{item or 0}-{n}")
                continue
            if kind == "h4" or kind == "lead":
                ident = add("heading", n, _heading_label(s), i, f"{scope}h-{l1 or 0}-{l2 or 0}-{n}")
                parent, count[ident] = (ident, _heading_label(s)), 0
                continue
        key = parent[0] if parent else scope
        count[key] = count.get(key, 0) + 1
        k = count[key]
        if parent and article and parent[0] == article[0]:
            label = f"{article[1]}第{cn_numeral(k)}款"
        else:
            label = f"第{k}段"
        add("paragraph", k, label, i, f"{parent[0]}-p-{k}" if parent else f"{scope}p-{k}")
    return tuple(out)
