"""The learned segmenter: a CRF (python-crfsuite) labels every paragraph of a compilation with a Role;
documents, their spans and their heads are derived from the sequence of roles.

    roles = label(paras, measure)                      # one Role per paragraph
    cover, segments, sections, unmatched = segments_from_roles(paras, roles, analysis, furniture)

The model file (`converter/data/segmenter.crfsuite`) is made by `make train` (training/train.py) from
generated compilations only. Which segmenter runs is passed explicitly: `policy-site build --segmenter crf`
down to `segment(..., model=labeller.model("crf"))`, the model gated by the rules (CONFIDENCE); training and
evaluation pass a model file's path (`model(path)`). The default is "crf"; "rules" (`--segmenter rules`)
labels nothing: segment runs the rules alone.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from converter.model import DOCUMENT_HEAD, OUTSIDE, Paragraph, Role, Segment
from converter.stages.segment import features as F
from converter.stages.segment import rules
from converter.text import titles
from converter.vocab import patterns as P

MODEL = Path(__file__).resolve().parents[2] / "data" / "segmenter.crfsuite"

#: The order of a document's head: a 令 header, then a compiler's headline, then the title. A head
#: role after a later one starts a new document; the same or a later one continues the head — and a 令
#: header always does (publishers print it above or below the title).
HEAD_RANK = {Role.ORDER_HEADER: 0, Role.HEADLINE: 1, Role.DOC_TITLE: 2}
#: Roles that may stand inside a document's head between its head lines.
IN_HEAD = frozenset({Role.DOC_NUMBER, Role.FURNITURE})

#: The segmenters one may choose (`--segmenter`): the CRF model gated by the rules (the default) or the
#: rules alone. On generated layouts the rules find 0.76 of the documents, the model 0.998 (tests/layout_eval.py
#: --segmenter rules / crf) and 0.88–1.00 with each layout family held out of its training (python -m
#: training.evaluate); on the five real seed compilations (held out of training) the model finds 0.992 at
#: 1.000 precision, as the rules — written while reading them — do (notes/NOTES-crfdef8.md).
SEGMENTERS = ("rules", "crf")
DEFAULT = "crf"


def choice(text: str) -> str | Path:
    """A `--segmenter` argument as model() takes it: a segmenter's name, or else a model file's Path."""
    return text if text in SEGMENTERS else Path(text)


def model(segmenter: str | Path = DEFAULT):
    """The tagger that labels for this choice: None for "rules", the shipped model for "crf", or the
    model file at a Path (training, evaluation). A model file that is absent is an error, not the rules."""
    if isinstance(segmenter, str):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r} (one of: {', '.join(SEGMENTERS)})")
        if segmenter == "rules":
            return None
        segmenter = MODEL
    path = Path(segmenter)
    if not path.is_file():
        raise FileNotFoundError(f"no segmenter model at {path} (make train writes it)")
    return tagger(str(path.resolve()), os.getpid())


@lru_cache(maxsize=4)
def tagger(path: str, pid: int):
    """The model file's tagger, opened once per process (`pid` in the key: a worker forked from a parent
    that had opened it opens its own, never sharing the parent's C++ object)."""
    import pycrfsuite
    t = pycrfsuite.Tagger()
    t.open(path)
    return t


#: Where the model is at least this sure whether a paragraph is a document's head, its roles stand;
#: elsewhere the rules decide whether it starts a document. Chosen on held-out generated families
#: (training/evaluate.py --confidence), never on the seeds: 0.5 would be the model alone, above 1 the rules.
#: 0.9: summed over the ten held-out families, recall 9.75 and precision 9.83 against 9.78 and 9.76 at 0.5
#: (notes/NOTES-crf7.md).
CONFIDENCE = 0.9
#: Where the model finds a document's head that the rules do not, its head stands when it is at least this sure
#: (at most CONFIDENCE): the rules miss a headline straight after the last body line of the document before, the
#: model finds it at p(head) 0.7–0.9. Chosen on held-out generated families, with the guards that keep such heads
#: from taking a META line, a 令's title or another item's first line (_keep_followed, _head_goes_on, _numbered):
#: each family held out of training, scored on compilations of seeds 106…117 (never trained on), recall summed
#: over the ten families 9.841 at 0.9 → 9.873 at 0.8, precision 9.935 → 9.935; 0.7 gives the same as 0.8. The
#: seeds were only scored: the same at 0.9, 0.8 and 0.7 (recall 0.992, precision 1.000). Before those guards, 0.7
#: cost the seeds precision (0.976 → 0.945, notes/NOTES-heldout8.md).
HEAD_CONFIDENCE = 0.8
HEAD_ROLES = tuple(sorted(DOCUMENT_HEAD))


def label(paras, measure: float | None, analysis: rules.Analysis | None = None,
          layout: dict[int, dict] | None = None, model=None, confidence: float | None = None,
          head_confidence: float | None = None, furniture_texts=()) -> list[Role]:
    """One Role per paragraph: the model's, with the rules' document starts where the model is unsure.
    A head the model finds where the rules see none stands from `head_confidence` (HEAD_CONFIDENCE) on.
    `furniture_texts`: the lines the cleaner took for running headers and footers."""
    if not paras:
        return []
    if model is None:
        raise RuntimeError("no segmenter model")
    analysis = analysis or rules.analyse(tuple(paras), measure)
    roles = [Role(r) for r in model.tag(F.features(paras, measure, analysis, layout))]
    if confidence is None:
        confidence = CONFIDENCE
    if head_confidence is None:
        head_confidence = HEAD_CONFIDENCE
    if confidence <= 0.5:
        return roles
    labels = set(model.labels())
    heads = [r for r in HEAD_ROLES if r in labels]
    rule_head, rule_digest = _rule_heads(paras, analysis)
    model_roles = list(roles)
    leaning: list[int] = []  # the model's unsure head lines, leaning head (p ≥ 0.5), where the rules see none
    # from the end, so that a head over three paragraphs is kept from its last line back to its first
    for k in range(len(roles) - 1, -1, -1):
        r = roles[k]
        if (k in rule_head) == (r in DOCUMENT_HEAD):
            continue  # model and rules agree
        p_head = sum(model.marginal(h, k) for h in heads)
        if max(p_head, 1 - p_head) >= confidence or r in DOCUMENT_HEAD and p_head >= min(head_confidence, confidence):
            continue
        if k in rule_head:
            roles[k] = Role.DIGEST_ENTRY if k in rule_digest else Role.DOC_TITLE
        elif p_head >= 0.5 and _head_goes_on(model_roles, roles, k, paras):
            leaning.append(k)
        else:
            roles[k] = Role.BODY
            if p_head >= 0.5:
                leaning.append(k)
    # and forward: an unsure head line right after a head that stands, of a later rank (a title under its
    # headline or its 令 header), stands too — not a line of the same rank (a META line taken for the title's
    # second line)
    for k in sorted(leaning):
        if roles[k] != model_roles[k] and k and _under(roles[k - 1], model_roles[k]):
            roles[k] = model_roles[k]
    _keep_followed(paras, roles, model_roles, model, confidence, heads)
    _keep_after_close(paras, roles, model_roles, model, heads)
    _fill_numbered(paras, roles, model_roles)
    _follow_joined(roles, _rule_joins(paras, analysis), model, model_roles, _repeated(paras, furniture_texts), paras)
    for k in range(1, len(roles)):
        if roles[k] in DOCUMENT_HEAD and P.ANAPHOR_OPENING.match(paras[k].text):
            roles[k] = Role.BODY   # `该办法提出，…` speaks of the document before it
    roles = mended(paras, roles, rule_head, rule_digest)
    _no_empty_documents(paras, roles)
    return roles


#: The roles of a title's own lines: a document of nothing else has no text.
TITLE_ONLY = frozenset({Role.DOC_TITLE, Role.HEADLINE, Role.FURNITURE})


def _no_empty_documents(paras, roles: list[Role]) -> None:
    """A title with nothing under it before a 速览 entry starts the next document: either the entry is its
    text or the title heads none. Before a run of entries (the next document starts with an entry too) it is
    a caption of the list (a line under the section heading saying how the entries are ordered): a section
    heading. Before a lone entry, the entry is the title's text (`农业农村部出台新政…` over `12月5日，农业农村部
    召开新闻发布会，…`: a news report opening on its date): body. Every document the generator makes has more
    than its title (tests/test_segmenter.py); a title-only document before another kind of head is left as it is."""
    starts = document_starts(roles, paras)
    for n, (s, e) in enumerate(zip(starts, starts[1:])):
        if roles[s] == Role.FURNITURE or roles[e] != Role.DIGEST_ENTRY \
                or not all(roles[k] in TITLE_ONLY for k in range(s, e)):
            continue
        after = starts[n + 2] if n + 2 < len(starts) else None
        if after is not None and roles[after] == Role.DIGEST_ENTRY:
            for k in range(s, e):
                if roles[k] != Role.FURNITURE:
                    roles[k] = Role.SECTION_HEADING
        else:
            roles[e] = Role.BODY


def _under(before: Role, r: Role) -> bool:
    """Whether head role r is of a later rank than head role `before`: printed under it in the same head."""
    return before in HEAD_RANK and r in HEAD_RANK and HEAD_RANK[r] > HEAD_RANK[before]


def _head_continues(before: Role, r: Role) -> bool:
    """Whether head role r after head role `before` goes on in the same head (document_starts)."""
    return before in HEAD_RANK and r in HEAD_RANK and (HEAD_RANK[r] >= HEAD_RANK[before] or r == Role.ORDER_HEADER)


def _head_goes_on(model_roles: list[Role], roles: list[Role], k: int, paras=None) -> bool:
    """Whether the model's head line at k (where it is unsure and the rules see no start) is the first line of
    the head the next paragraph stands in: the model gives the next one a head role that continues k's
    (document_starts: the same or a later one, or a 令 header) and that role stands. A title over two lines
    (`1.【国办】国务院办公厅关于2025年` / `部分节假日安排的通知`) or a 令 header (`中华人民共和国国务院令` /
    `第801号`) is then not cut after its uncertain first line, which would start the document on the second.
    With the paragraphs: a next one that opens with a compiler's running number (`3.【新华社】…`) starts a head
    of its own, so k (`国务院关于…的规定` printed under a 令's signature) does not go on into it."""
    nxt = k + 1
    if nxt >= len(roles) or roles[nxt] != model_roles[nxt]:
        return False
    if paras is not None and P.ITEM_NUMBER.match(paras[nxt].text):
        return False
    return _head_continues(model_roles[k], roles[nxt])


#: Roles that only follow a document's head: where the model is sure of one, the line over it heads a document.
HEAD_ONLY_FOLLOWERS = frozenset({Role.META, Role.DOC_NUMBER})


def _keep_followed(paras, roles: list[Role], model_roles: list[Role], model, confidence: float, heads) -> None:
    """A line the model leans to read as a head (p(head) ≥ 0.5) that heads nothing after the gate is a head
    where the next line (past furniture) is one only a head has under it: a field line (patterns.META_FIELD:
    `发布时间：…`, `来源：…`), a META line or 文号 the model is sure of (`2019-05-06 14:48:41 来源：新华网`), or a
    head line kept so. A headline straight after the last body line of the document before (`好钢用在刀刃上——
    …详解《…条例》` over its source line, `2.【红星新闻】2026年放假日历来了，春节连休9天！` over `发布时间：…`) then
    starts its document, in the head role the model gives it most. Not kept: a field line itself (`来源：人民日报`
    over `发布时间：…`), a line too long for a title or ending as a sentence or clause does (`。` `；` `：`)."""
    kept: set[int] = set()
    for k in range(len(roles) - 1, -1, -1):
        if roles[k] in DOCUMENT_HEAD or roles[k] == Role.FURNITURE or (j := _next_content(roles, k)) is None:
            continue
        if not ((roles[j] in HEAD_ONLY_FOLLOWERS and model.marginal(roles[j], j) >= confidence)
                or P.META_FIELD.match(paras[j].text) or j in kept):
            continue
        text = paras[k].text
        if P.META_FIELD.match(text) or not _headline_like(text):
            continue
        if (r := _leaning_head(model, k, heads, model_roles)) is None \
                or j in kept and not _head_continues(r, roles[j]):
            continue
        roles[k] = r
        kept.add(k)


#: Lines that close a document (its signature's date, `（此件公开发布）`) and what may stand after them on a page.
CLOSING = frozenset({Role.DATE, Role.NOTE, Role.FURNITURE})


def _keep_after_close(paras, roles: list[Role], model_roles: list[Role], model, heads) -> None:
    """A line the model leans to read as a head (p(head) ≥ 0.5) straight after the previous document's
    closing date (past `（此件公开发布）` and the page's furniture) starts a document where the document before
    issues nothing (_issues_something) or the line is an interpretation's heading, which no document issues
    (`《关于…若干措施》政策解读`, `一图读懂《…》` after `临江市人民政府办公室` / `2032年6月3日`)."""
    for k in range(1, len(roles)):
        if roles[k] in DOCUMENT_HEAD or roles[k] in CLOSING or not _headline_like(paras[k].text) \
                or P.META_FIELD.match(paras[k].text):
            continue
        j = k - 1
        while j >= 0 and roles[j] in (Role.NOTE, Role.FURNITURE):
            j -= 1
        if j < 0 or roles[j] != Role.DATE:
            continue
        if (r := _leaning_head(model, k, heads, model_roles)) is None:
            continue
        text = paras[k].text
        if _issues_something(paras, roles, k) and not (titles.is_interpretation_heading(text)
                                                       or P.INTERPRETATION_TAIL.search(text)):
            continue
        roles[k] = r


def _leaning_head(model, k: int, heads, model_roles: list[Role]) -> Role | None:
    """The head role paragraph k takes where the model leans to a head there (p(head) ≥ 0.5): the model's own
    role when it is a head, else the head role it gives most; None where it does not lean so."""
    p = {h: model.marginal(h, k) for h in heads}
    if sum(p.values()) < 0.5:
        return None
    return model_roles[k] if model_roles[k] in DOCUMENT_HEAD else max(p, key=p.get)


def _headline_like(text: str) -> bool:
    """Short enough for a title, no line of structure past a compiler's running number, not ending as a
    sentence or a clause does (a headline may end in ！ or ？)."""
    text = P.ITEM_NUMBER.sub("", text, count=1)   # `2.【红星新闻】…`: a compiler's running number is no heading's
    return titles.width(text) <= titles.MAX_TITLE and not titles.structural(text) and not text.endswith(CLAUSE_ENDS)


#: How a sentence or a clause ends, not a headline.
CLAUSE_ENDS = tuple("。；;，,：:")


def _next_content(roles: list[Role], k: int) -> int | None:
    """The first paragraph after k that is not furniture (a running header, a page number)."""
    j = k + 1
    while j < len(roles) and roles[j] == Role.FURNITURE:
        j += 1
    return j if j < len(roles) else None


def _item_number(text: str) -> tuple[str, int] | None:
    """A compiler's running number before an item's title as (how it is written, the number): `3.【国办】` →
    (".", 3), `（6）` → ("（）", 6); None when the paragraph has none."""
    if not (m := P.ITEM_NUMBER.match(text)) or not (d := P.DIGITS.search(m.group())):
        return None
    return P.ITEM_NUMBER_STYLE.sub("", m.group()), int(d.group())


def _fill_numbered(paras, roles: list[Role], model_roles: list[Role]) -> None:
    """The items a compiler's numbered list skips: between two head lines that stand, numbered the same way n
    and m > n + 1 (a 令's numbered title under its header counts), the paragraphs numbered that way that read
    as titles (titles.title_like after the number; a body's `1. 现代物流配套政策。…` does not), neither heads nor
    the issue's own lines (a 导读 entry), are exactly n + 1 … m − 1 in order — they are the missing items'
    titles (`（5）财政部印发…` stands, `（6）商务部出台新政…` and `（7）国务院批复…` read as body headings, `（8）…`
    stands). Each becomes a title (the model's head role where it gives one), with the lines the model reads
    as its title's continuation. A body's own list under item n (`1.` `2.` … from one) never fills the gap
    exactly, so it stays body."""
    numbered = [(k, n) for k, r in enumerate(roles) if r in DOCUMENT_HEAD and (n := _item_number(paras[k].text))]
    fills: list[int] = []
    for (a, na), (b, nb) in zip(numbered, numbered[1:]):
        if na[0] != nb[0] or nb[1] - na[1] < 2:
            continue
        between = [(k, n) for k in range(a + 1, b) if roles[k] not in DOCUMENT_HEAD and roles[k] not in OUTSIDE
                   and (n := _item_number(paras[k].text)) and n[0] == na[0]
                   and titles.title_like(P.ITEM_NUMBER.sub("", paras[k].text, count=1))]
        if [n for _, n in between] == [(na[0], x) for x in range(na[1] + 1, nb[1])]:
            fills += [k for k, _ in between]
    for k in fills:
        roles[k] = model_roles[k] if model_roles[k] in DOCUMENT_HEAD else Role.DOC_TITLE
        j = k + 1
        while j < len(roles) and roles[j] == Role.BODY and _head_continues(roles[k], model_roles[j]) \
                and model_roles[j] in TITLE_ROLES:
            roles[j] = model_roles[j]
            j += 1


def mended(paras, roles: list[Role], rule_head: set[int], rule_digest: set[int]) -> list[Role]:
    """The roles with those that cannot stand where they are mended, whatever the model's confidence:
    an article (`第十七条 …`: patterns.ARTICLE) heads no document, it is body; nor does a photo's caption
    (patterns.PHOTO_CAPTION), a caption; nor does a part of the issue
    (`第三部分 市级政策`: patterns.PART, short), a section heading; an inner title (what a 通知
    issues, printed after its signature) under a document that issues nothing (_issues_something) is,
    where the rules start a document, the next document's title; an inner title that is an interpretation's
    heading (`《X》政策解读`, `…答记者问`) is the next document's title: a document issues policies, not
    their interpretations; a field line (patterns.META_FIELD: `文号：…`, `来源：…`) under a head, among
    its fellows, is META; a 令 header's first line (`中华人民共和国国务院令`) over its number (`第801号`) taken
    for a 令 header is one too."""
    roles = list(roles)
    for k, r in enumerate(roles):
        if r in DOCUMENT_HEAD and P.ARTICLE.match(paras[k].text):
            roles[k] = Role.BODY
        elif r in DOCUMENT_HEAD and P.PHOTO_CAPTION.search(paras[k].text):
            roles[k] = Role.CAPTION   # `图为…（资料图片）`: a photo's caption, kept with the text
        elif r in DOCUMENT_HEAD and P.PART.match(paras[k].text) and titles.width(paras[k].text) <= PART_WIDTH:
            roles[k] = Role.SECTION_HEADING   # `第三部分 市级政策`: a part of the issue, no document's title
        elif r == Role.INNER_TITLE and k in rule_head and not _issues_something(paras, roles, k):
            roles[k] = Role.DIGEST_ENTRY if k in rule_digest else Role.DOC_TITLE
        elif r == Role.INNER_TITLE and (titles.is_interpretation_heading(paras[k].text)
                                        or P.INTERPRETATION_TAIL.search(paras[k].text)):
            roles[k] = Role.DOC_TITLE   # `《X》政策解读` after a signature: what a 通知 issues is no interpretation
        elif r not in FIELD_ROLES and P.META_FIELD.match(paras[k].text) and _under_head(roles, k):
            roles[k] = Role.META        # `文号：国务院令第795号` among the item's field lines, whatever the model says
        elif r == Role.ORDER_HEADER and k and P.ORDER_NUMBER.match(paras[k].text) \
                and roles[k - 1] not in DOCUMENT_HEAD and P.ORDER_HEADER.match(paras[k - 1].text):
            roles[k - 1] = Role.ORDER_HEADER   # `中华人民共和国国务院令` over its `第801号`: one 令 header
    return roles


#: The widest a part heading (`第三部分 市级政策`) stands; a longer line opening so is a sentence.
PART_WIDTH = 20
#: The roles of an item's field lines (`发布时间：…`, `文号：…`) and of the lines between them.
FIELD_ROLES = frozenset({Role.META, Role.DOC_NUMBER, Role.FURNITURE})


def _under_head(roles: list[Role], k: int) -> bool:
    """Whether paragraph k follows a document's head with only field lines (META, a 文号) and furniture
    between them."""
    j = k - 1
    while j >= 0 and roles[j] in FIELD_ROLES:
        j -= 1
    return j >= 0 and roles[j] in DOCUMENT_HEAD


def _issues_something(paras, roles: list[Role], k: int) -> bool:
    """Whether the document running at paragraph k may issue another (ISSUES_IN_TITLE in its head,
    ISSUES_IN_TEXT in its text up to k); True where no document runs."""
    j = k - 1
    while j >= 0 and roles[j] not in DOCUMENT_HEAD:
        j -= 1
    if j < 0:
        return True
    end = j
    while j > 0 and roles[j - 1] in DOCUMENT_HEAD:
        j -= 1
    return any(P.ISSUES_IN_TITLE.search(paras[i].text) for i in range(j, end + 1)) \
        or any(P.ISSUES_IN_TEXT.search(paras[i].text) for i in range(end + 1, k))


def _rule_joins(paras, analysis: rules.Analysis) -> list[list[int]]:
    """The paragraphs the rules read as one (a title printed over several lines: rules.merge_wrapped_titles),
    as lists of indexes, where there are two or more."""
    index_of = {p.first: k for k, p in enumerate(paras)}
    out = []
    for p in analysis.body:
        ks = [k for n in p.lines if (k := index_of.get(n)) is not None]
        if len(ks) > 1:
            out.append(ks)
    return out


def _repeated(paras, furniture_texts=()) -> set[str]:
    """Texts printed more than once as paragraphs of their own, or also as running headers and footers."""
    seen = Counter(p.text for p in paras)
    return {t for t, n in seen.items() if n > 1} | (set(furniture_texts) & set(seen))


def _follow_joined(roles: list[Role], joins: list[list[int]], model, model_roles: list[Role] | None = None,
                   repeated: set[str] | None = None, paras=None) -> None:
    """A title the rules read as one is one document's head or none, in one role: its later paragraphs
    head no document where its first does not (`怀化市贯彻落实《关于…主动仗` set as a title, `实现…若干政策` /
    `措施》实施方案` in body type under it: the model, unsure of the first line, sure of the second, would
    start a document at the second), and where it heads one, its paragraphs take the head role the model
    gives the whole most (`…印发《关于开展2032年` / `度…的通知》`: a headline, not a title and a headline).
    A laid-out title's lines are paragraphs of their own where a text prints the title on one line. A first
    line that is furniture — or that the model reads as furniture over a line that heads (`内部资料 注意保存`,
    the publisher's name as a running header, over `优化营商环境条例`) — is no part of the title."""
    for group in joins:
        while len(group) > 1 and _header_over(group, roles, model_roles, repeated, paras):
            roles[group[0]] = Role.FURNITURE
            group = group[1:]   # a running header the rules read into the title under it heads nothing
        first, rest = group[0], group[1:]
        if roles[first] not in DOCUMENT_HEAD:
            for k in rest:
                if roles[k] in DOCUMENT_HEAD:
                    roles[k] = roles[first]
            continue
        parts = [k for k in group if roles[k] in TITLE_ROLES]
        if len(parts) < len(group):
            continue   # a 令 header, a 文号 among them: the model's roles stand
        present = sorted({roles[k] for k in parts})
        if len(present) > 1:
            best = max(present, key=lambda r: sum(model.marginal(r, k) for k in parts))
            for k in parts:
                roles[k] = best


def _header_over(group: list[int], roles: list[Role], model_roles, repeated, paras) -> bool:
    """Whether the first paragraph of a title the rules join is no part of it: furniture to the gate, or to the
    model over a line it reads as a head where the compilation prints the text again (a running header:
    `江南新材料行业协会`, `内部资料 注意保存`); the model's furniture printed once is the title's own first line."""
    k, nxt = group[0], group[1]
    if roles[k] == Role.FURNITURE:
        return True   # the gate's furniture (a photo's caption at a page's foot over the next page's title too)
    return model_roles is not None and model_roles[k] == Role.FURNITURE and model_roles[nxt] in DOCUMENT_HEAD \
        and (repeated is None or paras is None or paras[k].text in repeated)


#: The head roles of a title's lines.
TITLE_ROLES = frozenset({Role.DOC_TITLE, Role.HEADLINE, Role.DIGEST_ENTRY})


def _rule_heads(paras, analysis: rules.Analysis) -> tuple[set[int], set[int]]:
    """Paragraphs the rules make a document's first (title) paragraph, and the digest entries among them."""
    index_of = {p.first: k for k, p in enumerate(paras)}
    heads: set[int] = set()
    digests: set[int] = set()
    for b in analysis.starts:
        p = analysis.body[b]
        for n in p.lines:
            if (k := index_of.get(n)) is not None:
                heads.add(k)
                if b in analysis.digests:
                    digests.add(k)
    return heads, digests


def _join(ps: list[Paragraph]) -> Paragraph:
    """One paragraph of several: the first one's page, look and printed page number, the last one's end."""
    p = ps[0]
    for q in ps[1:]:
        p = replace(p, text=p.text + q.text, lines=p.lines + q.lines,
                    end_page=q.last_page if q.last_page != p.page else None)
    return p


def document_starts(roles: list[Role], paras=None) -> list[int]:
    """Indexes where documents start: a head role after anything but the same document's head.

    With the paragraphs: a title that the running document issues (its title `关于印发《X》…`, its body
    `现将《X》印发给你们`, `《X》已经…通过，现予公布`: patterns.ISSUED_BY_TITLE / ISSUED_IN_BODY) or, once a 令
    header is in it, its own title printed again under the header, goes on in that document; so does a 令
    header after the META lines under the document's title. A title or headline that opens with a compiler's
    running number (`3.【新华社】…`) starts a document even under a head line of its rank (a title under a
    compiler's headline, `（1）国务院办公厅关于…` under `国办发布《…》`, goes on in its head)."""
    starts: list[int] = []
    last_head: Role | None = None  # the head role last seen while the current document's head runs
    after_meta = False             # META lines since the head's last line: only a 令 header goes on after them
    issued: set[str] = set()       # keys of the titles the running document issues
    own: str | None = None         # the running document's title (key)
    order = False                  # a 令 header is in the running document
    going_on = -1                  # paragraphs up to here are a title that goes on in the running document
    closed = False                 # a heading or the issue's section heading since the start: nothing issued now
    for k, r in enumerate(roles):
        if paras is not None and starts and r in (Role.DOC_TITLE, Role.HEADLINE) and (
                k <= going_on or last_head is None or after_meta):
            if k > going_on:
                end, title = _title_at(roles, paras, k)
                if title in issued or _issued(title, issued) or (order and own and _issued(title, {own})):
                    going_on = end
            if k <= going_on:
                last_head, after_meta = None, False
                continue
        if r == Role.DIGEST_ENTRY or (r in HEAD_RANK and (last_head is None or (after_meta and r != Role.ORDER_HEADER) or (
                HEAD_RANK[r] < HEAD_RANK[last_head] and r != Role.ORDER_HEADER)
                or _numbered(paras, k, r) and HEAD_RANK[r] <= HEAD_RANK[last_head])):
            starts.append(k)
            last_head = r if r in HEAD_RANK else None
            after_meta, order, issued, own, closed = False, r == Role.ORDER_HEADER, set(), None, False
            if paras is not None and r in (Role.DOC_TITLE, Role.HEADLINE):
                own = _own_title(roles, paras, k, issued)
        elif r in HEAD_RANK and last_head is not None:
            last_head, after_meta = r, False
            if paras is not None and own is None and r == Role.DOC_TITLE:
                own = _own_title(roles, paras, k, issued)
        elif r == Role.META and last_head is not None:
            after_meta = True
        elif r not in IN_HEAD:
            last_head, after_meta = None, False
        if r == Role.HEADING or (r in OUTSIDE and r != Role.FURNITURE):
            # the issued text comes before any heading of the running document, and a compiler's section
            # heading or item label between them makes it a document of its own
            issued.clear()
            order, closed = False, True
        elif paras is not None and starts and not closed:
            order = order or r == Role.ORDER_HEADER
            text = paras[k].text
            if "《" in text:
                issued.update(titles.key(m.group("t")) for m in P.ISSUED_BY_TITLE.finditer(text))
                issued.update(titles.key(m.group("b") or m.group("a")) for m in P.ISSUED_IN_BODY.finditer(text))
    return starts


def _numbered(paras, k: int, r: Role) -> bool:
    """Whether head line k is a title or headline opening with a compiler's running number (`3.【新华社】…`,
    `（6）…`): the first line of an item's head, never the second line of another's."""
    return paras is not None and r in (Role.DOC_TITLE, Role.HEADLINE) and bool(P.ITEM_NUMBER.match(paras[k].text))


#: How much a printed title may carry before the name a document issues it by (an item number `1.【工信部】`).
ISSUED_PREFIX = 8


def _title_at(roles: list[Role], paras, k: int) -> tuple[int, str]:
    """(last index, key) of the title that begins at k: the paragraphs of its role that follow, joined, up to
    one that opens with a compiler's running number (the next item's first line)."""
    end = k
    while end + 1 < len(roles) and roles[end + 1] == roles[k] and not _numbered(paras, end + 1, roles[k]):
        end += 1
    return end, titles.key("".join(paras[j].text for j in range(k, end + 1)))


def _own_title(roles: list[Role], paras, k: int, issued: set[str]) -> str:
    """The key of the running document's title that begins at k; what the title issues goes into `issued`
    (read on the title's paragraphs joined: `关于印发《X` / `》的通知` printed on two lines)."""
    end, title = _title_at(roles, paras, k)
    issued.update(titles.key(m.group("t")) for m in P.ISSUED_BY_TITLE.finditer("".join(
        paras[j].text for j in range(k, end + 1))))
    return title


def _issued(title: str, names: set[str]) -> bool:
    """The title is one of the names, maybe after a short item number or issuer."""
    return any(title.endswith(n) and len(title) - len(n) <= ISSUED_PREFIX for n in names if n)


def _back_cover(text: str) -> bool:
    return bool(P.BACK_COVER.match(text) or P.PUBLISHER.match(text))


def segments_from_roles(paras, roles: list[Role], analysis: rules.Analysis, furniture_texts: list[str]):
    """(cover, segments, section paragraphs, unmatched TOC) from the roles of the paragraphs."""
    paras = list(paras)
    starts = document_starts(roles, paras)
    first = starts[0] if starts else len(paras)
    front = paras[:first]
    sections: list[Paragraph] = []
    segments: list[Segment] = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(paras)
        chunk = list(range(s, end))
        # what stands between this document and the next belongs to the issue; after the last one, the
        # back cover (an address, the publisher's name) whatever role the model gave it, as the rules do
        last = n + 1 == len(starts)
        while len(chunk) > 1 and (roles[chunk[-1]] in OUTSIDE or last and _back_cover(paras[chunk[-1]].text)):
            k = chunk.pop()
            (front if last and (roles[k] == Role.COVER or _back_cover(paras[k].text)) else sections).append(paras[k])
        # a title (or headline) printed over several paragraphs is one paragraph
        ps: list[Paragraph] = []
        rs: list[Role] = []
        head = True
        for k in chunk:
            r = roles[k]
            if head and rs and r == rs[-1] and r in (Role.DOC_TITLE, Role.HEADLINE):
                if paras[k].text == ps[-1].text:    # a title listed once more right above itself (a TOC entry)
                    sections.append(ps[-1])
                    ps[-1] = paras[k]
                else:
                    ps[-1] = _join([ps[-1], paras[k]])
                continue
            head = head and (r in DOCUMENT_HEAD or r in IN_HEAD)
            ps.append(paras[k])
            rs.append(r)
        before = next((k for k in range(s - 1, -1, -1) if roles[k] != Role.FURNITURE), None)
        label = paras[before].text if before is not None and roles[before] == Role.ITEM_LABEL else None
        segments.append(Segment(tuple(ps), digest=rs[0] == Role.DIGEST_ENTRY, roles=tuple(rs), label=label))
    sections.sort(key=lambda p: p.first)
    # the TOC (as the rules read it) aligned with the documents' titles
    toc = analysis.toc
    unmatched: list = []
    if toc:
        titles = [seg.paragraphs[seg.roles.index(Role.DOC_TITLE)] if Role.DOC_TITLE in seg.roles else seg.paragraphs[0]
                  for seg in segments]
        found, unmatched = rules.align_toc(titles, toc)
        segments = [Segment(seg.paragraphs, seg.digest, found.get(n), seg.roles, seg.label)
                    for n, seg in enumerate(segments)]
    front.sort(key=lambda p: p.first)
    return rules.cover(tuple(front), toc, furniture_texts), segments, sections, unmatched
