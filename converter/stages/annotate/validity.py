"""Validity (`validity(blocks, doc_date, title)`)
    Only statements about the document itself count. A commencement / validity period is the
    document's own when the clause before it is empty, or `本X` / `此X` / `该X` (X a 文种 such as 办法,
    条例, 实施细则, optionally `（试行）`), optionally after an article or heading number (`第三十九条`,
    `五、`); or a promulgation note (`…令第712号公布　自…起施行`, `《X》已经…通过，现予公布，自…起施行`);
    or `《T》自…起施行` where T is the document's own title. `《条例》自…起施行` in an interpretation is
    about another document and is not read. Several candidates: `本X` whose X is the title's 文种 (or the
    文种 of the document a `关于印发《…》的通知` issues) wins over a promulgation note, which wins over
    the rest; then the first in the text.
    A paragraph that stops without closing punctuation is read on into the next paragraph block (a
    page break or a blank line cut it: `…有效期至` / `2035年12月31日。`); the span stays in the first.
    * commencement: `自2025年1月1日起施行` → that date (rule "date"); `自印发/公布/发布之日起施行`
      → rule "on_issue", date = the document date when known (plus N days for `之日起N日后施行`).
      Verbs read: 施行 实施 执行 生效 试行.
    * expiry: the last day in force. `有效期至2027年12月31日` / `有效期到2027年底` → that day;
      `有效期N年` / `有效期为N年` → commencement date (else the document date) + N years − 1 day
      (2025-01-01 + 5 years → 2029-12-31); unknown base → date None, years N. Also 有效期限, 执行期,
      实施期限, 试行期, `试行两年`.
    * trial: `（试行）`, 试行, 暂行 in the title (span in block −1, or in the title block when the title
      is one of the blocks), else a body commencement `自…起试行` / a 试行期.
    * repeals: a repeal word (同时废止, 予以废止, 废止, 同时失效, 不再执行, 停止执行 …) with the
      citations it governs: those after it up to the end of the sentence when the word comes first
      (`同时废止《A》和《B》`, `下列文件同时废止：` + a list in the following blocks), else the clauses
      before it in its sentence, walking back while each clause holds a citation (`《A》（…〔2019〕12号）、
      2001年…令第15号发布的《B》同时废止`). A citation is a 《title》 and/or a 文号. Words such as
      `修改、废止有关法规` without a citation are not repeals; nor is a partial repeal
      (`《A》中有关…的规定不再施行`); `《A》第五条同时废止` is kept with article 5.
    * amends: `对《A》作如下修改` and a title `关于修改《A》的决定` (relation "amends": this document
      changes A); `根据《B》第一次修订`, `根据国务院关于修改《A》的决定修订`, `…令第773号第二次修订`
      (relation "amended_by": this text was revised by B).

Status (`status(validity, today, repealed_by=None)`), the rule the browser applies too; dates are
ISO strings (`YYYY-MM-DD`) compared as strings, `today` a date or such a string:
    1. repealed_by is not None (another document repeals this one) → 已废止;
    2. else an expiry date and today > expiry date → 已到期 (the expiry day itself is in force);
    3. else a commencement date and today < commencement date → 尚未施行;
    4. else a commencement (a date, or "on_issue" even with the date unknown: a document we have has
       been issued) or an expiry date → 现行有效;
    5. else → 未注明.
"""
from __future__ import annotations

import datetime as _dt

from converter.model import Span, Citation, Commencement, Expiry, Trial, Amendment, Validity
from converter.text import scan
from converter.vocab import patterns as P
from converter.vocab.patterns import (AMENDED_BY, AMENDED_BY_DECREE, AMENDING_TITLE, AMEND_OBJECT,
    COMMENCEMENT, EXPIRY_UNTIL, EXPIRY_YEARS, LIST_ITEM_START, NUMBER_AFTER_TITLE, PARTIAL_REPEAL,
    PROMULGATED_NOTE, QUOTED_ALONE, REPEAL, REPEAL_NOT_AFTER, REPEAL_NOT_BEFORE, REPEAL_OBJECT_AFTER,
    SELF_PREFIX, SELF_WORD, TRIAL_IN_TITLE)
from converter.stages.annotate.citations import text_citations, top_level_titles, trim_number
from converter.stages.annotate.text import (NormText, kind_text_pairs, last_boundary, norm_text, normalise, numeral_int,
                                            parse_date, period_end_date, pieces, plus_years_less_a_day)


# ======================================================================================================
# Validity
# ======================================================================================================


def _title_kinds(title: str) -> tuple[str, ...]:
    """The 文种 words the document may call itself by: its title's (`…的决定` → 决定) and, for a notice
    issuing a document (`关于印发《…方案》的通知`), that document's."""
    kinds = []
    for t in (title, (m["t"] if (m := P.ISSUES_INNER.search(title)) else "")):
        t = normalise(t).rstrip("》")
        if t and (m := P.TITLE_END.search(t)):
            kinds.append(P.TITLE_TAIL_NOTE.sub("", m.group().rstrip("》")))
    return tuple(k for k in kinds if k)


def _same_title(quoted: str, title: str) -> bool:
    """Whether a quoted title is the document's own: the title, or the document its 印发 notice issues
    (compared without punctuation and white space). An interpretation's title holds the policy's
    title but is not it."""
    inner = P.ISSUES_INNER.search(title)
    q = P.TITLE_NOISE.sub("", normalise(quoted))
    return bool(q) and any(q == P.TITLE_NOISE.sub("", normalise(t)) for t in (title, inner["t"] if inner else "") if t)


def _self_rank(s: str, at: int, kinds: tuple[str, ...], title: str, note: bool):
    """How surely the statement at s[at:] is about the document itself, as (rank, qualifier, named):
    rank 0 (`本X`, X its 文种; its own 《title》), 1 (a promulgation note), 2 (an empty clause, or `本X`
    of another 文种); None when it is another document's. qualifier: `（试行）` of `本办法（试行）`;
    named: the clause names the document (False for an empty clause)."""
    cs = last_boundary(s, at, "，,。；;：:！？!?")
    prefix = s[cs:at].lstrip("（(“\"")
    if m := SELF_PREFIX.match(prefix):
        kind, qual = m["kind"], m["qual"]
        if kind:
            return (0 if any(kind.endswith(k) or k.endswith(kind) for k in kinds) else 2), qual, True
        ss = last_boundary(s, at, "。；;！？!?")
        quoted = [s[a + 1:b - 1] for a, b in top_level_titles(s[ss:at])]
        if quoted and not any(_same_title(q, title) for q in quoted):
            return None                         # `公布《节约用水条例》，自…起施行`: that document's
        if note or quoted or P.PROMULGATION_LEAD.match(s[ss:at].lstrip("（(")):
            return 1, None, True
        return 2, None, False
    if PROMULGATED_NOTE.search(prefix):
        return 1, None, True
    if (m := QUOTED_ALONE.match(prefix)) and title and _same_title(m["t"], title):
        return 0, None, True
    return None


class _Joined(NormText):
    """A paragraph cut by a page or a blank line, read with its continuation (`…有效期至` + `2035年12月31日。`):
    a span is reported in the block where it starts, cut at that block's end."""

    __slots__ = ("first", "cut")

    def __init__(self, first: int, text: str, continuation: str):
        super().__init__(text + continuation)
        self.first, self.cut = first, len(text)

    def span(self, block: int, i: int, j: int) -> Span:
        sp = super().span(block, i, j)
        if sp.start >= self.cut:
            return Span(self.first + 1, sp.start - self.cut, sp.end - self.cut)
        return Span(self.first, sp.start, min(sp.end, self.cut))


#: Block kinds that continue a paragraph cut short before them.
CONTINUING_KINDS = frozenset({"p", "lead"})


def _with_continuations(pairs) -> list[NormText]:
    """Each block's text, joined to the next block's when it stops without closing punctuation."""
    out: list[NormText] = []
    for i, (kind, text) in enumerate(pairs):
        tail = text.rstrip()
        if tail and i + 1 < len(pairs) and pairs[i + 1][0] in CONTINUING_KINDS and pairs[i + 1][1] \
                and kind in CONTINUING_KINDS and tail[-1] not in P.TERMINAL_PUNCT + P.CLOSING_MARKS + "。":
            out.append(_Joined(i, text, pairs[i + 1][1]))
        else:
            out.append(norm_text(text))
    return out


def validity(blocks, doc_date: str | None = None, title: str = "") -> Validity:
    """The document's validity facts (see the module docstring for what counts)."""
    pairs = kind_text_pairs(blocks)
    texts = [norm_text(t) for _, t in pairs]
    joined = _with_continuations(pairs)
    title = title or ""
    kinds = _title_kinds(title)
    # every text the scans below read, in one string: a pattern it cannot match (scan.possible) matches no
    # block, and its loop over the blocks is skipped (most documents state no expiry, repeal or amendment)
    whole = "\x00".join([T.s for T in joined] + [texts[i].s for i, T in enumerate(joined) if T is not texts[i]])
    commencement, trial = _commencement(pairs, joined, doc_date, kinds, title) \
        if scan.possible(COMMENCEMENT, whole) else (None, None)
    expiry, period_trial = _expiry(pairs, joined, doc_date, commencement, kinds, title) \
        if scan.possible(EXPIRY_UNTIL, whole) or scan.possible(EXPIRY_YEARS, whole) else (None, None)
    trial = _title_trial(pairs, title) or trial or period_trial
    return Validity(commencement=commencement, expiry=expiry, trial=trial,
                    repeals=_repeals(pairs, texts) if scan.possible(REPEAL, whole) else (),
                    amends=_amendments(pairs, texts, title, whole))


def _commencement(pairs, texts, doc_date, kinds, title):
    best = None
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        for m in scan.finditer(COMMENCEMENT, s):
            rank = _self_rank(s, m.start(), kinds, title, kind == "note" or s.startswith(("（", "(")))
            if rank is None:
                continue
            r, qual, _ = rank
            if best is not None and best[0] <= r:
                continue
            if m["date"]:
                date, rule = parse_date(m["date"]), "date"
                if date is None:
                    continue
            else:
                rule = "on_issue"
                date = doc_date
                if date and m["delay"]:
                    date = (_dt.date.fromisoformat(date) + _dt.timedelta(days=int(m["delay"]))).isoformat()
            span = T.span(i, m.start(), m.end())
            trial = None
            if m["verb"] == "试行":
                trial = Trial("试行", T.span(i, m.start("verb"), m.end("verb")))
            elif qual and "试行" in qual and (w := s.rfind("试行", 0, m.start())) >= 0:
                trial = Trial("试行", T.span(i, w, w + 2))
            best = (r, Commencement(date, rule, span), trial)
    return (best[1], best[2]) if best else (None, None)


def _expiry(pairs, texts, doc_date, commencement, kinds, title):
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        found = sorted([(m.start(), m, "until") for m in scan.finditer(EXPIRY_UNTIL, s)]
                       + [(m.start(), m, "years") for m in scan.finditer(EXPIRY_YEARS, s)], key=lambda x: x[0])
        for at, m, how in found:
            rank = _self_rank(s, at, kinds, title, kind == "note")
            if rank is None:
                continue
            if not rank[2]:                     # an empty clause: its sentence must name the document
                ss = last_boundary(s, at, "。；;！？!?")
                if not (COMMENCEMENT.search(s, ss, at) or SELF_WORD.search(s, ss, at)):
                    continue
            span = T.span(i, m.start(), m.end())
            trial = Trial("试行", T.span(i, m.start("word"), m.start("word") + 2)) if m["word"].startswith("试行") else None
            if how == "until":
                date = parse_date(m["date"]) if m["date"] else period_end_date(m["end"])
                if date:
                    return Expiry(date, None, span), trial
                continue
            n = numeral_int(m["n"])
            if not n:
                continue
            base = (commencement.date if commencement and commencement.date else None) or doc_date
            return Expiry(plus_years_less_a_day(base, n) if base else None, n, span), trial
    return None, None


def _title_trial(pairs, title):
    """试行 / 暂行 in the title's own words or in the document a 印发 notice issues (not in a 《title》
    an interpretation is about: `就《…暂行条例》答记者问`)."""
    if not title:
        return None
    inner = P.ISSUES_INNER.search(title)
    masked = "".join("《" + "＿" * (b - a - 2) + "》"
                     if title[a] == "《" and not (inner and a <= inner.start("t") < b) else title[a:b]
                     for a, b in _segments(title))
    if not (m := TRIAL_IN_TITLE.search(masked)):
        return None
    m = TRIAL_IN_TITLE.match(title, m.start())
    word = "暂行" if m.group() == "暂行" else "试行"
    for i, (kind, text) in enumerate(pairs):
        if kind == "title" and (at := text.find(m.group())) >= 0:
            return Trial(word, Span(i, at, at + len(m.group())))
    return Trial(word, Span(-1, m.start(), m.end()))


def _segments(s: str) -> list[tuple[int, int]]:
    """s cut into its outermost 《…》 and the stretches between them, in order."""
    out, at = [], 0
    for a, b in top_level_titles(s):
        if at < a:
            out.append((at, a))
        out.append((a, b))
        at = b
    if at < len(s):
        out.append((at, len(s)))
    return out


def _has_citation(cits: list[Citation], a: int, b: int, T: NormText, block: int) -> list[Citation]:
    """The citations of a document (title and/or 文号, not self-references) within s[a:b]."""
    span = T.span(block, a, b)
    return [c for c in cits if (c.title or c.doc_number) and span.start <= c.span.start and c.span.end <= span.end]


def _repeals(pairs, texts) -> tuple[Citation, ...]:
    out: list[Citation] = []
    cits_of = _LazyCitations(texts)
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        for m in scan.finditer(REPEAL, s):
            if REPEAL_NOT_BEFORE.search(s, 0, m.start()) and REPEAL_NOT_BEFORE.search(s[max(0, m.start() - 4):m.start()]):
                continue
            if REPEAL_NOT_AFTER.match(s, m.end()):
                continue
            ss = last_boundary(s, m.start(), "。；;！？!?")
            se = min((s.find(c, m.end()) for c in "。；;！？!?" if s.find(c, m.end()) >= 0), default=len(s))
            if REPEAL_OBJECT_AFTER.match(s, m.end()) or s[m.end():se + 1].strip() in ("：", ":"):
                found = _has_citation(cits_of[i], m.end(), se, T, i)
                if not found and s[m.end():].rstrip("。 ").endswith(("：", ":")):
                    found = _listed_after(pairs, texts, cits_of, i)
            else:
                found = []
                clauses = pieces(s, ss, m.start(), "，,：:")
                for a, b in reversed(clauses):
                    here = _has_citation(cits_of[i], a, b, T, i)
                    if not here:
                        break
                    found = here + found
                if found:
                    gap = T.raw[found[-1].span.end:T.span(i, m.start(), m.end()).start]
                    if PARTIAL_REPEAL.search(normalise(gap)):
                        found = []
            seen = {(c.title, c.doc_number, c.article) for c in out}
            out.extend(c for c in found if (c.title, c.doc_number, c.article) not in seen)
    return tuple(out)


class _LazyCitations:
    """The citations of each block, found when first asked for (most blocks repeal nothing)."""

    def __init__(self, texts: list[NormText]):
        self.texts, self.found = texts, {}

    def __getitem__(self, i: int) -> list[Citation]:
        if i not in self.found:
            self.found[i] = text_citations(self.texts[i], i, {}) if self.texts[i].s else []
        return self.found[i]


def _listed_after(pairs, texts, cits_of, i) -> list[Citation]:
    """The citations of the list items that follow a `下列文件同时废止：` paragraph."""
    found: list[Citation] = []
    for j in range(i + 1, min(len(pairs), i + 60)):
        s = texts[j].s
        if not s or not LIST_ITEM_START.match(s) and not s.startswith("《"):
            break
        here = [c for c in cits_of[j] if c.title or c.doc_number]
        if not here:
            break
        found.extend(here)
    return found


def _amendments(pairs, texts, title, whole: str | None = None) -> tuple[Amendment, ...]:
    """`whole`: every text of `texts` in one string (validity), to skip the patterns it cannot match."""
    out: list[Amendment] = []
    objects, amended, by_decree = (whole is None or scan.possible(x, whole) for x in (AMEND_OBJECT, AMENDED_BY, AMENDED_BY_DECREE))
    seen: set[tuple[str, str | None, str | None]] = set()

    def add(relation: str, cit: Citation, span: Span):
        key = (relation, P.TITLE_NOISE.sub("", cit.title) if cit.title else None, cit.doc_number)
        if key not in seen:
            seen.add(key)
            out.append(Amendment(relation, cit, span))

    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        s = T.s
        if not s or kind == "table":
            continue
        if kind != "title" and objects:
            for m in scan.finditer(AMEND_OBJECT, s):
                a = m.start("cit")
                close = s.index("》", a)
                no = NUMBER_AFTER_TITLE.match(s, close + 1, m.end("cit"))
                cit = Citation(s[a + 1:close], trim_number(no["no"]) if no else None, None, None,
                               T.span(i, a, m.end("cit")))
                add("amends", cit, T.span(i, m.start(), m.end()))
        for m in scan.finditer(AMENDED_BY, s) if amended else ():
            by = m["by"]
            t = by[1:-1] if by.startswith("《") and by.endswith("》") else by
            add("amended_by", Citation(t, None, None, None, T.span(i, m.start("by"), m.end("by"))),
                T.span(i, m.start(), m.end()))
        for m in scan.finditer(AMENDED_BY_DECREE, s) if by_decree else ():
            no = trim_number(m["no"])
            a = m.end("no") - len(no)
            add("amended_by", Citation(None, no, None, None, T.span(i, a, m.end("no"))), T.span(i, a, m.end()))
        if kind == "title" and (m := AMENDING_TITLE.search(s)):
            cit = m["cit"][1:-1]
            add("amends", Citation(cit, None, None, None, T.span(i, m.start("cit"), m.end("cit"))),
                T.span(i, m.start(), m.end()))
    if title and (m := AMENDING_TITLE.search(title)):
        add("amends", Citation(m["cit"][1:-1], None, None, None, Span(-1, m.start("cit"), m.end("cit"))),
            Span(-1, m.start(), m.end()))
    return tuple(out)


# ======================================================================================================
# Status
# ======================================================================================================

IN_FORCE, NOT_YET, EXPIRED, REPEALED, UNSTATED = "现行有效", "尚未施行", "已到期", "已废止", "未注明"
#: Every status, in the order index pages list them.
STATUSES = (IN_FORCE, NOT_YET, EXPIRED, REPEALED, UNSTATED)


def status(v: Validity, today, repealed_by=None) -> str:
    """现行有效 / 尚未施行 / 已到期 / 已废止 / 未注明 (the rule, step by step: module docstring)."""
    day = str(today)[:10]                   # a date, a datetime or an ISO string
    if repealed_by is not None:
        return REPEALED
    if v.expiry and v.expiry.date and day > v.expiry.date:
        return EXPIRED
    if v.commencement and v.commencement.date and day < v.commencement.date:
        return NOT_YET
    if v.commencement or (v.expiry and v.expiry.date):
        return IN_FORCE
    return UNSTATED
