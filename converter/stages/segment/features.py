"""Features of a compilation's paragraphs for the learned segmenter (labeller.py).

One list of feature names per paragraph (clean.paragraphs: hard wraps and page breaks rejoined). Every
feature is a shape that carries over to a publisher the model has not seen: how long the paragraph
is (never against the file's wrap width: the same paragraph looks the same in a hard-wrapped text, in
one with a paragraph a line and in a PDF), how it ends and begins, 文种 endings (doctypes.yaml), 关于 / 关于印发,
文号 and 令 numbers, date shapes, organisation names (departments.yaml), numbering shapes, the line's
similarity to a table-of-contents entry, a news report's first words (NEWS_LEAD), repetition across page breaks, the distance from the last
signature date, layout (font size, bold, centred) where a PDF or Word reader gives it — and what the
rules (rules.py) say: title score, TOC alignment, digest and promulgation starts; whether a title is
printed again before or after it (a TOC / 导读 entry and its document) and whether the text around it
repeats it. No word is taken from the text of any compilation: the words are the vocabulary's and the
patterns'.

Each paragraph also carries its neighbours' features, prefixed with their offset: the ±1 all but the
finest, the ±2 only the coarse ones (FAR). And where it stands among the documents: what follows it
before the next prose (a title's 文号, addressee, date), and whether the previous number of its
numbering shape is in the same document (a body heading) or before a closing date (a compiler's item).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from difflib import SequenceMatcher
from functools import cache, lru_cache

from converter.model import Paragraph
from converter.stages.segment import rules
from converter.text.chars import ends_terminal, width
from converter.text.numerals import cn_number
from converter.text.titles import (MAX_TITLE, SIMILARITY_FLOOR, ends_title, is_interpretation_heading, key,
                                   shares_run, structural, title_like)
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: Offsets of the neighbours whose features a paragraph carries, and which of their features.
NEIGHBOURS = (-2, -1, 1, 2)
#: A neighbour's features are the base features except the finest-grained ones (kept to the line itself).
LOCAL_ONLY = ("w=", "pos=", "ch0=", "toc~")
#: The neighbours two paragraphs away carry only these: what a line is (title, prose, a numbered heading,
#: a date, a 文号, the head of a document, the issue's furniture) — not the finer shapes the ±1 carry.
FAR = frozenset({"title_like", "not_title", "terminal", "prose3", "ends_title", "rule_start", "date_line",
                 "sig_date_line", "docno_line", "addressee", "meta", "order_header", "order_number",
                 "section_heading", "bracket_label", "toc_shape", "qa", "news_lead", "org_line", "signatory", "digest_entry",
                 "column", "page_break"})
FAR_PREFIXES = ("num=", "next_head=")
#: The paragraphs that follow a document's title before its text: 文号, addressee, META lines, 令 number, date.
HEAD_FOLLOWERS = ("docno_line", "addressee", "meta", "order_number", "date_line", "bracketed_date")
#: How far after a paragraph those are looked for (stopping at the first paragraph of prose).
LOOKAHEAD = 3


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    """The number of edges at or below x (edges ascending): the bucket x falls in."""
    return bisect_right(edges, x)


#: Classes of the punctuation and marks a line begins or ends with (no character in two of them).
_MARK_CLASS = {c: name for name, marks in (
    ("stop", "。！？!?"), ("semi", "；;"), ("colon", "：:"), ("comma", "，,、"), ("close_title", "》"),
    ("close", "）)】]〕"), ("open", "（(【[〔《“"), ("hao", "号"), ("ri", "日"), ("dash", "—-－–"),
    ("dots", "…·.．")) for c in marks}


@lru_cache(maxsize=1024)
def _char_class(c: str) -> str:
    if (name := _MARK_CLASS.get(c)) is not None:
        return name
    if c.isdigit():
        return "digit"
    if "\u4e00" <= c <= "\u9fff":
        return "cjk"
    if c.isascii() and c.isalpha():
        return "latin"
    return "other"


@lru_cache(maxsize=4096)
def _doctype(text: str) -> str | None:
    """The kind a title's 文种 ending or interpretation prefix announces (VOCAB.subtype_of), made once per text."""
    return VOCAB.subtype_of(text)[0]


def _title_like(text: str, w: float, interp: bool) -> bool:
    """titles.title_like(text) with the width and is_interpretation_heading(text) already known."""
    if w > MAX_TITLE or len(text) < 4 or structural(text):
        return False
    return interp or not ends_terminal(text)


@lru_cache(maxsize=8192)
def _is_org(name: str) -> bool:
    """VOCAB.is_org, asked once per name (signatures and issuer lines repeat the same names)."""
    return VOCAB.is_org(name)


def _org_line(text: str) -> bool:
    parts = [x for x in P.ORG_SEPARATOR.split(text) if x]
    return bool(parts) and len(parts) <= 8 and all(_is_org(x) for x in parts)


def _shape(text: str, w: float) -> list[str]:
    """Features of one paragraph's text alone (`w`: its display width)."""
    f: list[str] = []
    f.append(f"w={_bucket(w, (3, 6, 10, 16, 24, 34, 46, 62, 90, 140, 300))}")
    f.append(f"ch0={_char_class(text[0])}")
    f.append(f"chN={_char_class(text[-1])}")
    if text.startswith("——"):
        f.append("dash_start")
    if ends_terminal(text):
        f.append("terminal")
    if P.PROSE_PUNCT.search(text):
        f.append("prose")
        if text.count("，") + text.count("。") >= 3:
            f.append("prose3")
    if "\t" in text:
        f.append(f"tabs={min(text.count(chr(9)), 3)}")
    if " " in text.strip():
        f.append("space")
    if w > LONG:
        return f + _long_shape(text)
    # titles
    interp = is_interpretation_heading(text)
    f.append("title_like" if _title_like(text, w, interp) else "not_title")
    if interp or ends_title(text):
        f.append("ends_title")
        if kind := _doctype(text):
            f.append(f"doctype={kind}")
    if "关于" in text:
        f.append("guanyu" if not text.startswith("关于") else "guanyu0")
    if P.ISSUING.search(text):
        f.append("issuing")
    if P.ISSUES_PHRASE.search(text):
        f.append("issues_phrase")
    if "《" in text:
        f.append("quoted0" if text.startswith("《") else "quoted")
    if interp:
        f.append("interp")
    f += _shapes(text, TITLE_SHAPES)
    if w <= 60 and VOCAB.leading_issuers(text):
        f.append("lead_org")
    if w <= 60 and _org_line(text):
        f.append("org_line")
    # numbers and dates (each pattern asked only where its fixed characters are: 号, 令, 第, 日, …)
    hao, ri, c0 = "号" in text, "日" in text, text[0]
    if hao and P.DOC_NUMBER_LINE.match(text):
        f.append("docno_line")
    elif hao and P.DOC_NUMBER_TAIL.search(text):
        f.append("docno_in")
    if text[-1] == "令" and P.ORDER_HEADER.match(text):
        f.append("order_header")
    if c0 == "第" and P.ORDER_NUMBER.match(text):
        f.append("order_number")
    elif P.ORDER_NUMBER_IN.search(text):
        f.append("order_in")
    if ri and P.DATE_LINE.match(text):
        f.append("date_line")
    elif ri and P.SIGNATURE_DATE_LINE.match(text):
        f.append("sig_date_line")
    elif ri and P.DATE.search(text) or P.DATE_ISO.search(text) or ri and P.DATE_CN.search(text):
        f.append("date_in")
    if ri and c0.isdigit():
        if P.OPENING_DATE.match(text):
            f.append("opening_date")
        if P.DIGEST_ENTRY.match(text):
            f.append("digest_entry")
    if P.DIGEST_SOURCE.search(text):
        f.append("digest_source")
    if c0 in "（(" and P.BRACKETED_DATE.match(text):
        f.append("bracketed_date")
    if c0 in _META_START and (m := P.META_FIELD.match(text)):
        f.append("meta")
        f.append(f"meta={m['field'][:2]}")
    if c0 in _SIGNATORY_START and P.SIGNATORY.match(text):
        f.append("signatory")
    f.extend(_numbered(text))
    if m := P.ITEM_PREFIX.match(text):  # `1. X`, `1.【org】X`, `（1）X`: is X a title?
        f.extend(_after_number(text[m.end():]))
    return f + _short_rest(text, w)


def _after_number(rest: str) -> list[str]:
    """What the text after a running number looks like: a numbered item's title or a numbered heading."""
    f = []
    if title_like(rest) and not P.PROSE_PUNCT.search(rest):
        f.append("n:title_like")
    if ends_title(rest):
        f.append("n:ends_title")
    if "关于" in rest:
        f.append("n:guanyu")
    if "：" in rest or ":" in rest:
        f.append("n:colon")
    if VOCAB.leading_issuers(rest):
        f.append("n:lead_org")
    if "《" in rest:
        f.append("n:quoted")
    return f


#: First characters a META line (patterns.META_FIELD) and a signatory (patterns.SIGNATORY) can open with.
_META_START = frozenset("【[发印成文来信索主公")
_SIGNATORY_START = frozenset("总副部主局署行省市厅")
#: Wider than this, a paragraph is prose whatever else it is: only the shapes prose can have are asked.
LONG = 120
#: First characters of a numbered line.
_NUMBER_START = frozenset(P.CN_NUM + "0123456789（(第")


def _long_shape(text: str) -> list[str]:
    f = ["not_title"]
    f.extend(_numbered(text))
    if "关于" in text:
        f.append("guanyu")
    if P.ISSUES_PHRASE.search(text):
        f.append("issues_phrase")
    if "《" in text:
        f.append("quoted0" if text.startswith("《") else "quoted")
    if "号" in text and P.DOC_NUMBER_TAIL.search(text):     # (号, 日: in every match)
        f.append("docno_in")
    if "日" in text and P.DATE.search(text):
        f.append("date_in")
    if P.OPENING_DATE.match(text):
        f.append("opening_date")
    if P.DIGEST_ENTRY.match(text):
        f.append("digest_entry")
    if P.DIGEST_SOURCE.search(text):
        f.append("digest_source")
    if P.QA_TURN.match(text):
        f.append("qa")
    if P.NEWS_LEAD.match(text):
        f.append("news_lead")
    if P.ADDRESSEE.match(text):
        f.append("addressee")
    if P.PROMULGATION_LEAD.match(text):
        f.append("promulgation_lead")
    return f


def _numbered(text: str) -> list[str]:
    """The numbering shape a line opens with, if any."""
    if text[0] not in _NUMBER_START:
        return []
    f: list[str] = []
    if P.H1_CN.match(text):
        f.append("num=h1")
    elif P.H2_CN.match(text):
        f.append("num=h2")
    elif P.NUMBERED_ITEM.match(text):
        f.append("num=item")
    elif P.H3_NUM.match(text):
        f.append("num=h3")
    elif P.H4_NUM.match(text):
        f.append("num=h4")
    elif P.ARTICLE.match(text):
        f.append("num=article")
    elif P.CHAPTER.match(text):
        f.append("num=chapter")
    elif P.PART.match(text):
        f.append("num=part")
    elif P.ORDINAL_LEAD.match(text):
        f.append("num=ordinal")
    return f


def _short_rest(text: str, w: float) -> list[str]:
    f: list[str] = []
    if P.BRACKET_LABEL.match(text):
        f.append("bracket_label")
    elif text.startswith("【"):
        f.append("bracket0")
    # the issue around the documents
    if P.TOC_HEADING.match(text):
        f.append("toc_heading")
    if text[-1].isdigit() and w <= MAX_TITLE + 10 and P.TOC_ENTRY.match(text):  # (an entry ends with its page)
        f.append("toc_shape")
        if any(c in text for c in "…·.．\t"):
            f.append("toc_leader")
    if P.SECTION_HEADING.match(text):
        f.append("section_heading")
    if P.PUBLISHER.match(text.replace(" ", "")) or P.COMPILATION_TITLE.match(text):
        f.append("cover_shape")
    if P.ISSUE_NO.search(text) or (P.PERIOD.search(text) and w <= 20):
        f.append("issue_shape")
    if P.PAGE_NUMBER.match(text) or P.RUNNING_TITLE.match(text) or P.STRAY_URL.match(text) \
            or P.EDITOR_CREDIT.match(text):
        f.append("furniture_shape")
    if P.BACK_COVER.match(text):
        f.append("back_cover")
    # body
    f += _shapes(text, BODY_SHAPES)
    return f


#: Shapes a paragraph is tested for, in order: (feature, the patterns' tests; any one suffices).
TITLE_SHAPES = (
    ("compiler_headline", (lambda t: "《" in t and P.COMPILER_HEADLINE.match(t),)),  # (it names a 《title》)
    ("call_headline", (P.LAUNCH_HEADLINE.search, P.CALL_HEADLINE.search)),
    ("dash_subtitle", (P.DASH_SUBTITLE.search,)),
    ("new_title_start", (P.NEW_TITLE_START.match,)),
    ("title_tail", (P.TITLE_TAIL.match,)),
)
BODY_SHAPES = (
    ("addressee", (P.ADDRESSEE.match,)),
    ("attachment", (P.ATTACHMENT.match,)),
    ("link_item", (lambda t: bool(P.BULLET.match(t) and P.MD_LINK_RESIDUE.search(t)),)),  # `- 1.[X](#)`
    ("column", (P.COLUMN_BOX.match,)),
    ("qa", (P.QA_TURN.match,)),
    ("news_lead", (P.NEWS_LEAD.match,)),   # a report's first words: the paragraph before is its headline
    ("note", (P.PUBLICATION_NOTE.match, P.EDITOR_NOTE.match)),
    ("promulgation_note", (P.PROMULGATION_NOTE.match,)),
    ("promulgation_lead", (P.PROMULGATION_LEAD.match,)),
)


def _shapes(text: str, shapes) -> list[str]:
    """The features of `shapes` whose tests `text` passes, in their order."""
    out = []
    for name, tests in shapes:
        for test in tests:                  # (a loop, not any(…): no generator made per shape)
            if test(text):
                out.append(name)
                break
    return out


def _best_similarity(text: str, toc_keys: list[tuple[str, Counter]]) -> float:
    """max(similarity(entry, text) for the TOC's entries), as titles.similarity computes it, with the
    entries' keys and character counts made once per file instead of once per pair."""
    kb = key(text)
    if not kb:
        return 0.0
    cb: Counter | None = None
    best = 0.0
    for ka, ca in toc_keys:
        short, long_ = sorted((len(ka), len(kb)))
        if short >= 8 and (ka in kb or kb in ka):
            r = 0.6 + 0.4 * short / long_
        else:
            total = len(ka) + len(kb)
            if 2.0 * short / total < SIMILARITY_FLOOR:
                continue
            cb = cb if cb is not None else Counter(kb)
            if 2.0 * sum(min(n, cb[c]) for c, n in ca.items() if c in cb) / total < SIMILARITY_FLOOR:
                continue
            r = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
        best = max(best, r)
    return best


def _template(text: str) -> str:
    return P.DIGITS.sub("#", text.replace(" ", ""))


def base_features(paras: tuple[Paragraph, ...] | list[Paragraph], measure: float | None,
                  analysis: rules.Analysis | None = None, layout: dict[int, dict] | None = None) -> list[list[str]]:
    """The features of each paragraph without its neighbours'."""
    a = analysis or rules.analyse(tuple(paras), measure)
    n = len(paras)
    index_of = {p.first: k for k, p in enumerate(paras)}
    # what the rules say, on the paragraphs (the rules index their own, wrapped titles joined)
    rule: dict[int, list[str]] = {}
    starts = set(a.starts)
    for b, p in enumerate(a.body):
        k = index_of.get(p.first)
        if k is None:
            continue
        r = rule.setdefault(k, [])
        if b in starts:
            r.append("rule_start")
        if b in a.toc_at:
            r.append("rule_toc")
        if b in a.digests:
            r.append("rule_digest")
        if b in a.promulgations:
            r.append("rule_promulgation")
        s = a.scores.get(b)
        if s is not None:
            r.append(f"rule_score={_bucket(s, (0, 2, 4, 6, 8))}")
        if len(p.lines) > len(paras[k].lines):
            r.append("rule_joined")
            for q in p.lines[1:]:
                if (j := index_of.get(q)) is not None:
                    rule.setdefault(j, []).append("rule_cont")
    numbering, previous = _numbering(paras)
    toc_keys = [(k, Counter(k)) for e in a.toc if (k := key(e.title))]
    widths = [width(p.text) for p in paras]
    shapes = [_template(p.text) if w <= 60 else None for p, w in zip(paras, widths)]
    templates = Counter(t for t in shapes if t is not None)
    out: list[list[str]] = []
    since_date = 99
    for k, p in enumerate(paras):
        t = p.text
        w = widths[k]
        f = _shape(t, w)
        # nothing of the measure (hard / soft, width against it, lines): a paragraph is the same to the model
        # in a hard-wrapped text, in one with a paragraph a line and in a PDF (always laid out in lines)
        f.append(f"pos={_bucket(k / max(n, 1), (0.02, 0.05, 0.1, 0.9, 0.98))}")
        if k < a.body_start:
            f.append("front")
        elif k == a.body_start:
            f.append("body_start")
        if k and paras[k - 1].last_page != p.page:
            f.append("page_break")
        # nor whether a page break falls inside it: where a typesetter's page ends is an accident of the layout
        # (a 速览 entry or a note runs over a page in a PDF as a body paragraph does; the generator's texts
        # never break a document's head, so such a feature read `body` whatever the paragraph was)
        reps = templates[shapes[k]] if w <= 60 else 0
        if reps > 1:
            f.append(f"repeated={min(reps, 4)}")
        f.append(f"since_date={min(since_date, 4)}")
        if _closes(f):
            since_date = 0
        else:
            since_date += 1
        if toc_keys and k >= a.body_start and ("ends_title" in f or "interp" in f or "compiler_headline" in f) \
                and w <= MAX_TITLE:
            best = _best_similarity(t, toc_keys)
            if best >= 0.72:
                f.append(f"toc~{_bucket(best, (0.8, 0.9, 0.97))}")
        if layout:
            for name, value in _layout(p, layout):
                f.append(f"{name}={value}")
        f.extend(rule.get(k, ()))
        f.extend(numbering.get(k, ()))
        out.append(f)
    _in_document(out, previous)
    _repeated_titles(paras, widths, out)
    return out


#: A title's key shorter than this is not compared with other paragraphs (`一、总体要求` recurs anywhere).
LISTED_MIN = 8
#: How many characters of two titles' keys (after an item number and a page number) must agree for one to be
#: the other printed again: a list entry and the title it lists, a title's first line and the whole title.
LISTED_PREFIX = 12
#: How many paragraphs before and after a title are read for its echo, and the least run of characters shared.
ECHO_SPAN = 2
ECHO_RUN = 8


def _title_key(text: str) -> str:
    """The key of a title-like paragraph without the running number or the page number a list prints."""
    if m := P.ITEM_PREFIX.match(text):
        text = text[m.end():]
    if text[-1:].isdigit() and (m := P.TOC_ENTRY.match(text)):
        text = m["title"]
    return key(text)


def _repeated_titles(paras, widths: list[float], out: list[list[str]]) -> None:
    """Features of a title-like paragraph printed twice, added to `out`: `listed_later` when a short paragraph
    further on begins as it does (a TOC or 导读 entry: its document comes later), `listed_before` when one
    before does (the document's title under its entry); `echo_next` / `echo_prev` when the paragraphs just
    after / before it repeat a run of it (a news lead repeating its headline, a body quoting the 《title》
    just printed; an inner title that the notice before it issues)."""
    keys: dict[int, str] = {}
    for k, (p, w, f) in enumerate(zip(paras, widths, out)):
        if w <= MAX_TITLE and "terminal" not in f:
            if len(t := _title_key(p.text)) >= LISTED_MIN:
                keys[k] = t
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, t in keys.items():
        first.setdefault(t[:LISTED_PREFIX], k)
        last[t[:LISTED_PREFIX]] = k
    n = len(paras)

    @cache
    def para_key(j: int) -> str:     # a neighbour's key, made once
        return key(paras[j].text)

    def around(lo: int, hi: int) -> str:
        return "".join(para_key(j) for j in range(max(0, lo), min(n, hi)))

    for k, t in keys.items():
        f = out[k]
        head = t[:LISTED_PREFIX]
        if first[head] < k:
            f.append("listed_before")
        if last[head] > k:
            f.append("listed_later")
        if "title_like" not in f:
            continue
        if shares_run(t, around(k + 1, k + 1 + ECHO_SPAN), ECHO_RUN):
            f.append("echo_next")
        if shares_run(t, around(k - ECHO_SPAN, k), ECHO_RUN):
            f.append("echo_prev")


def _closes(f: list[str]) -> bool:
    """A paragraph that ends a document: its signature date, a digest entry's source, a closing note."""
    return "date_line" in f or "sig_date_line" in f or "digest_source" in f or "note" in f


def _in_document(out: list[list[str]], previous: dict[int, int]) -> None:
    """Features of a paragraph's place among the documents, added to `out`: what follows it before the
    next prose (a title is followed by its 文号, addressee or date; a body heading by text), and whether
    a numbered paragraph's previous number of the same shape stands in the same document (no closing
    date between: a body heading) or before a document's end (a compiler's numbered items)."""
    n = len(out)
    last_close = -1
    close_before: list[int] = []
    follower: list[str | None] = []  # the paragraph's HEAD_FOLLOWERS feature, "prose" for prose, else None
    for k, f in enumerate(out):
        close_before.append(last_close)
        if _closes(f):
            last_close = k
        names = set(f)
        hit = next((x for x in HEAD_FOLLOWERS if x in names), None)
        follower.append(f"next_head={hit}" if hit else "prose" if "terminal" in names and "prose" in names else None)
    for k, f in enumerate(out):
        for j in range(k + 1, min(k + 1 + LOOKAHEAD, n)):
            if (g := follower[j]) is not None:
                if g != "prose":
                    f.append(g)
                break
        if (prev := previous.get(k)) is not None:
            f.append("seq_same_doc" if prev > close_before[k] else "seq_after_close")


#: The numbering shapes whose sequences are followed (shape name, pattern with the number as group 1).
_SEQUENCES = (
    ("h1", re.compile(rf"^([{P.CN_NUM}]{{1,3}})\s*[、．.]")),
    ("h2", re.compile(rf"^[（(]\s*([{P.CN_NUM}]{{1,3}})\s*[）)]")),
    ("h3", re.compile(r"^(\d{1,3})\s*[.．、](?!\d)")),
    ("h4", re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]")),
    ("article", re.compile(rf"^第([{P.CN_NUM}\d]{{1,4}})条")),
)
#: Gaps (in paragraphs) between a numbered line and the one numbered one less before it.
_GAPS = (2, 4, 8, 16, 40)


def _numbering(paras) -> tuple[dict[int, list[str]], dict[int, int]]:
    """For each numbered paragraph: how far back the previous number of the same shape stands, and
    whether the next number follows. Body headings follow each other closely (1. … 2. … within a
    document); numbered items of a compiler's list are a whole document apart. Also: paragraph → the
    paragraph of the previous number of its shape."""
    last: dict[str, tuple[int, int]] = {}  # shape → (number, paragraph index) last seen
    out: dict[int, list[str]] = {}
    previous: dict[int, int] = {}  # paragraph → the paragraph of the previous number of its shape
    seen: list[tuple[str, int, int]] = []
    for k, p in enumerate(paras):
        for name, rx in _SEQUENCES:
            if m := rx.match(p.text):
                g = m.group(1)
                n = int(g) if g.isdigit() else cn_number(g)
                prev = last.get(name)
                if prev:
                    previous[k] = prev[1]
                if n == 1:
                    out.setdefault(k, []).append(f"seq_{name}=first")
                elif prev and prev[0] == n - 1:
                    out.setdefault(k, []).append(f"seq_{name}=gap{_bucket(k - prev[1], _GAPS)}")
                else:
                    out.setdefault(k, []).append(f"seq_{name}=broken")
                last[name] = (n, k)
                seen.append((name, n, k))
                break
    # does the next number follow, and how soon
    nxt: dict[str, tuple[int, int]] = {}
    for name, n, k in reversed(seen):
        follow = nxt.get(name)
        if follow and follow[0] == n + 1:
            out[k].append(f"seq_{name}_next=gap{_bucket(follow[1] - k, _GAPS)}")
        nxt[name] = (n, k)
    return out, previous


def _layout(p: Paragraph, layout: dict[int, dict]) -> list[tuple[str, str]]:
    """Layout of a paragraph's first line where the reader gave it: font size against the body's,
    bold, centred, indent."""
    place = layout.get(p.first)
    if not place:
        return []
    out = []
    if (size := place.get("size_ratio")) is not None:
        out.append(("size", str(_bucket(size, (0.9, 1.05, 1.25, 1.6)))))
    for field in ("bold", "centred", "indent"):
        if place.get(field) is not None:
            out.append((field, "1" if place[field] else "0"))
    return out


def features(paras, measure: float | None, analysis: rules.Analysis | None = None,
             layout: dict[int, dict] | None = None) -> list[list[str]]:
    """Every paragraph's features and its neighbours' (the model's input)."""
    base = base_features(paras, measure, analysis, layout)
    # each distinct feature once (a few hundred of them): does a ±1 neighbour carry it (all but LOCAL_ONLY),
    # does a ±2 one (FAR), and its name with each offset's prefix
    near_names: dict[str, tuple[str, ...] | None] = {}
    far_names: dict[str, tuple[str, ...] | None] = {}
    for f in base:
        for x in f:
            if x not in near_names:
                shared = not x.startswith(LOCAL_ONLY)
                near_names[x] = tuple(f"{d}:{x}" for d in NEIGHBOURS) if shared else None
                far_names[x] = near_names[x] if shared and (x in FAR or x.startswith(FAR_PREFIXES)) else None
    n = len(base)
    # each paragraph's shared features with each offset's prefix, made once (a paragraph is every
    # offset's neighbour once)
    prefixed = {}
    for i, d in enumerate(NEIGHBOURS):
        names = near_names if abs(d) == 1 else far_names
        prefixed[d] = [[p[i] for x in f if (p := names[x]) is not None] for f in base]
    none = {d: [f"{d}:none"] for d in NEIGHBOURS}
    out = []
    for k, f in enumerate(base):
        row = ["bias", *f]
        for d in NEIGHBOURS:
            j = k + d
            row += prefixed[d][j] if 0 <= j < n else none[d]
        out.append(row)
    return out
