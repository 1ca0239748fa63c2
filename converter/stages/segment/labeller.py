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
#: model finds it at p(head) 0.7–0.9. Kept at CONFIDENCE, so no separate bar for now: at 0.7 every held-out
#: generated family reaches its targets (training/evaluate.py --head-confidence) but the seeds' precision falls
#: 0.976 → 0.945 (notes/NOTES-heldout8.md); a bar to try again once the generator shows what those extra
#: starts are.
HEAD_CONFIDENCE = 0.9
HEAD_ROLES = tuple(sorted(DOCUMENT_HEAD))


def label(paras, measure: float | None, analysis: rules.Analysis | None = None,
          layout: dict[int, dict] | None = None, model=None, confidence: float | None = None,
          head_confidence: float | None = None) -> list[Role]:
    """One Role per paragraph: the model's, with the rules' document starts where the model is unsure.
    A head the model finds where the rules see none stands from `head_confidence` (HEAD_CONFIDENCE) on."""
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
        elif p_head >= 0.5 and _head_goes_on(model_roles, roles, k):
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
    _follow_joined(roles, _rule_joins(paras, analysis), model)
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


def _head_goes_on(model_roles: list[Role], roles: list[Role], k: int) -> bool:
    """Whether the model's head line at k (where it is unsure and the rules see no start) is the first line of
    the head the next paragraph stands in: the model gives the next one a head role that continues k's
    (document_starts: the same or a later one, or a 令 header) and that role stands. A title over two lines
    (`1.【国办】国务院办公厅关于2025年` / `部分节假日安排的通知`) or a 令 header (`中华人民共和国国务院令` /
    `第801号`) is then not cut after its uncertain first line, which would start the document on the second."""
    nxt = k + 1
    if nxt >= len(roles) or roles[nxt] != model_roles[nxt]:
        return False
    return _head_continues(model_roles[k], roles[nxt])


def mended(paras, roles: list[Role], rule_head: set[int], rule_digest: set[int]) -> list[Role]:
    """The roles with those that cannot stand where they are mended, whatever the model's confidence:
    an article (`第十七条 …`: patterns.ARTICLE) heads no document, it is body; an inner title (what a 通知
    issues, printed after its signature) under a document that issues nothing (_issues_something) is,
    where the rules start a document, the next document's title."""
    roles = list(roles)
    for k, r in enumerate(roles):
        if r in DOCUMENT_HEAD and P.ARTICLE.match(paras[k].text):
            roles[k] = Role.BODY
        elif r == Role.INNER_TITLE and k in rule_head and not _issues_something(paras, roles, k):
            roles[k] = Role.DIGEST_ENTRY if k in rule_digest else Role.DOC_TITLE
    return roles


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


def _follow_joined(roles: list[Role], joins: list[list[int]], model) -> None:
    """A title the rules read as one is one document's head or none, in one role: its later paragraphs
    head no document where its first does not (`怀化市贯彻落实《关于…主动仗` set as a title, `实现…若干政策` /
    `措施》实施方案` in body type under it: the model, unsure of the first line, sure of the second, would
    start a document at the second), and where it heads one, its paragraphs take the head role the model
    gives the whole most (`…印发《关于开展2032年` / `度…的通知》`: a headline, not a title and a headline).
    A laid-out title's lines are paragraphs of their own where a text prints the title on one line."""
    for group in joins:
        while len(group) > 1 and roles[group[0]] == Role.FURNITURE:
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
    header after the META lines under the document's title."""
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
                HEAD_RANK[r] < HEAD_RANK[last_head] and r != Role.ORDER_HEADER))):
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
                issued.update(titles.key(m.group("b")) for m in P.ISSUED_IN_BODY.finditer(text))
    return starts


#: How much a printed title may carry before the name a document issues it by (an item number `1.【工信部】`).
ISSUED_PREFIX = 8


def _title_at(roles: list[Role], paras, k: int) -> tuple[int, str]:
    """(last index, key) of the title that begins at k: the paragraphs of its role that follow, joined."""
    end = k
    while end + 1 < len(roles) and roles[end + 1] == roles[k]:
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
