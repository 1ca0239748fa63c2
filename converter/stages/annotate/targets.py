"""Targets (`targets(blocks, doc_date=None)`)
    A quantified target is a quantity the document sets as a goal: a number with a unit of the
    vocabulary (converter/data/annotate.yaml: %, 个百分点, 元, 家, 个, 项, 辆, 吨, 千瓦 …; durations and
    ages are not units) governed by a level verb (达到 下降 提高 超过 不低于 控制在 累计 力争 …) or an
    output verb (新增 培育 建设 打造 …) in the same clause, with a subject (a noun phrase: before the
    verb `新能源汽车年销量达到1000万辆`, between verb and number `新增残疾人就业800人以上`, after the
    number `建设50所高水平高等职业学校`, or between number and a final verb `100个示范社区全面建成`;
    `和150个骨干专业` / `、高新技术企业200家` share the verb before; `A和B分别达到90%和95%` gives each
    its subject; `由2%提高至3%` keeps the subject before 由), and either
    * a target-year frame before it in its paragraph (`到2025年`, `力争到2027年底`, `2025年前`,
      `2023年至2025年`, `到“十四五”末` = 2025, `到二〇三五年`; the frame runs to the end of the paragraph
      and into list items that follow a paragraph ending in a colon); a clause opening with a year
      (`2020年初步建成…`) frames its sentence when doc_date is given; a section under a heading with
      目标 (`二、主要目标`) is framed, its year the heading's or the title's (else None); a frame whose
      year is before the document's (doc_date given) makes its quantities reports, never targets; or
    * a target qualifier (以上 左右 以内 上下; 以下 after a lowering verb) or a goal word (力争 争取
      确保 目标 预期 累计 …) in the clause: `全国万元GDP能耗降低3%左右`.
    Not a target: a number without a unit or with a duration (dates, article numbers, 文号, phone
    numbers, `3年以上`, `6个月`); a clause that reports (已 截至 同比 目前 …, a verb followed by 了, 约 /
    近 before the number); a rule or penalty (不得 应当 原则上 罚款 …); a condition or a modifier
    (`…10%的`, `500万元以上的`, `持有50%以上股权的公司`); a range (`2万元以上5万元以下`, `5—10家`); a
    subsidy, award or fee (奖励 补助 补贴 … anywhere in the clause; 给予 按 最高 一次性 费率 … with a
    money or percent quantity: `给予最高50万元奖励`, `按30%给予补助`); a rank (`前10名`); a Chinese
    numeral of one character (`一个`, `三家`); tables, titles and furniture blocks. year: the frame's
    year, else None. quantity: as printed (normalised), with 多/余, the qualifier and a rate's 每万人
    (`10万家以上`, `每万人200台以上`). value: float in the unit's base, magnitudes folded in
    (1000万辆 → 10000000.0 辆, 2000亿元 → 200000000000.0 元). verb: the verb words as printed
    (`累计培育`, `达到`).
"""
from __future__ import annotations

import re

from converter.text import scan
from converter.model import Target
from converter.vocab import patterns as P
from converter.vocab.patterns import (APPROX_BEFORE, BARE_YEAR, CHAPTER_HEAD, CLAUSE_ENDS, COMPARISON_TRAIL,
    CONJ_ONLY, CONJ_SUBJECT, FROM_BEFORE, GOAL, GOAL_HEADING, LIST_ITEM_START, LOWERING, MAGNITUDE,
    POST_VERB, QUALIFIERS, QUANTITY, QUANTITY_CORE, RANGE_AFTER, RANGE_BEFORE, RATE, RESPECTIVELY, RULE, SENTENCE_ENDS,
    STATISTIC, SUBJECT_LEAD, SUBJECT_SPLIT, SUBJECT_TRAIL, SUBSIDY, TAIL_END, TITLE_YEAR, UNIT_FALSE_START,
    UNIT_KIND, VERB_CHAIN_END, VERB_PERFECT, VERB_RUN, WORDY, YEAR_FRAME, YEAR_START)
from converter.stages.annotate.text import NormText, norm_text, kind_text_pairs, normalise, numeral_int, numeral_value, pieces


# ======================================================================================================
# Targets
# ======================================================================================================

#: Block kinds never read for targets: the title and furniture, and tables (their cells are
#: indicators and figures, not sentences; a table block's text is empty anyway).
NO_TARGET_KINDS = frozenset({"title", "docno", "date", "signature", "note", "table", "attachment", "column_end"})
_PAST = -1                                                # a frame whose year is before the document's
_UNDATED = 0                                              # a goal section without a year


def _frame_year(m: re.Match, doc_year: int | None) -> int | None:
    if m["plan"]:
        return 2005 + 5 * numeral_int(m["plan"][1])
    if m["rel"]:
        return None if doc_year is None else doc_year + (m["rel"] == "明年")
    return numeral_int(m["y"] or m["y2"] or m["y3"])


def _heading_level(kind: str, s: str) -> int | None:
    """0 第N章, 1 一、, 2 （一）, 3 1. — for blocks marked as headings (h2 h3 h4 lead)."""
    if kind not in ("h2", "h3", "h4", "lead"):
        return None
    if CHAPTER_HEAD.match(s):
        return 0
    if P.H1_CN.match(s):
        return 1
    if P.H2_CN.match(s):
        return 2
    if P.H3_NUM.match(s):
        return 3
    return None


def _last_year(text: str) -> int | None:
    years = [y for m in TITLE_YEAR.finditer(normalise(text)) if (y := numeral_int(m["y"])) and 1900 < y < 2100]
    return years[-1] if years else None


def targets(blocks, doc_date: str | None = None) -> tuple[Target, ...]:
    """The quantified targets of a document (the definition: module docstring). doc_date (YYYY-MM-DD)
    drops frames whose year is before the document's and resolves 今年 / 明年."""
    doc_year = int(doc_date[:4]) if doc_date else None
    pairs = kind_text_pairs(blocks)
    title_year = next((_last_year(t) for k, t in pairs if k == "title"), None)
    out: list[Target] = []
    carry = None
    goal: tuple[int, int] | None = None                   # (heading level, frame) of a goal section
    for i, (kind, text) in enumerate(pairs):
        if kind in NO_TARGET_KINDS or not text:
            if kind not in ("column_start", "column_end"):
                carry = None
            continue
        T = norm_text(text)
        level = _heading_level(kind, T.s)
        if level is not None:
            if goal and level <= goal[0]:
                goal = None
            body = SUBJECT_LEAD.sub("", T.s, count=1) if level else T.s
            if GOAL_HEADING.match(body):
                year = _last_year(body[:20]) or title_year
                goal = (level, _UNDATED if year is None else (_PAST if doc_year and year < doc_year else year))
        in_list = carry is not None and LIST_ITEM_START.match(T.s)
        start = carry if in_list else (goal[1] if goal else None)
        found, frame, colon = _block_targets(T, i, start, doc_year)
        out.extend(found)
        if colon and frame is not None:
            carry = frame
        elif not in_list:
            carry = None
    return tuple(out)


def _block_targets(T: NormText, block: int, frame, doc_year):
    s = T.s
    found: list[Target] = []
    colon = s.rstrip().rstrip("。").endswith(("：", ":"))
    if not colon and not (QUANTITY_CORE.search(s) and QUANTITY.search(s)):
        return found, frame, colon                      # nothing to read, nothing to carry
    for ss, se in pieces(s, 0, len(s), SENTENCE_ENDS):
        outer, local = frame, False
        for cs, ce in pieces(s, ss, se, CLAUSE_ENDS):
            start = cs
            if (bm := BARE_YEAR.match(s, cs)) and bm.end() == ce and GOAL.search(s, ce, se):
                y = numeral_int(bm["y"])
                frame = _PAST if doc_year and y < doc_year else y
                continue
            if doc_year and (ym := YEAR_START.match(s, cs, ce)) and (y := numeral_int(ym["y"])) \
                    and not YEAR_FRAME.match(s, cs, ce):
                frame, start, local = (y if y >= doc_year else _PAST), ym.end(), True
            for fm in scan.finditer(YEAR_FRAME, s, cs, ce):
                y = _frame_year(fm, doc_year)
                if y is None:
                    continue
                frame = _PAST if doc_year and y < doc_year else y
                start = fm.end()
            if not (QUANTITY_CORE.search(s, start, ce) and QUANTITY.search(s, start, ce)):
                continue
            clause = s[cs:ce]
            if frame == _PAST or STATISTIC.search(clause) or RULE.search(clause) or SUBSIDY.search(clause) \
                    or VERB_PERFECT.search(clause):
                continue
            found.extend(_clause_targets(T, block, start, ce, frame,
                                         bool(RATE.search(clause)), bool(GOAL.search(clause))))
        if local:
            frame = outer                               # a clause-opening year holds for its sentence
    return found, frame, colon


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Subject bounds without the clause words around the noun phrase."""
    while a < b:
        m = SUBJECT_LEAD.match(s, a, b)
        if not m or m.end() == a:
            break
        a = m.end()
    while a < b:
        t = s[a:b]
        m = SUBJECT_TRAIL.search(t) or COMPARISON_TRAIL.search(t)
        if not m or m.start() == len(t):
            break
        b = a + m.start()
    while a < b and s[a] in "“\"" and "”" not in s[a:b] and s[a:b].count('"') < 2:
        a += 1                                          # an opening quote whose close is elsewhere
    while a < b and s[b - 1] in "”\"" and "“" not in s[a:b] and s[a:b].count('"') < 2:
        b -= 1
    return a, b


def _clause_targets(T: NormText, block: int, start: int, end: int, frame: int | None, rate: bool, goal: bool):
    s = T.s
    qs = [m for m in QUANTITY.finditer(s, start, end) if not UNIT_FALSE_START.match(s, m.start("unit"))]
    out: list[Target] = []
    prev_end, prev_verb, prev_va = start, None, None
    from_subject = None                                 # the subject of `X由2%提高至3%`
    pending: list[tuple[int, int]] = []                 # the other subjects of `A和B分别达到…`
    for n, m in enumerate(qs):
        seg_a = prev_end
        seg = s[seg_a:m.start()]
        next_start = qs[n + 1].start() if n + 1 < len(qs) else end
        kind = UNIT_KIND[m["unit"]]
        prev_end = m.end()
        if (kind in ("money", "percent") and rate) or s.startswith("的", m.end()) \
                or RANGE_AFTER.match(s, m.end()) or RANGE_BEFORE.search(s, max(0, m.start() - 12), m.start()) \
                or APPROX_BEFORE.search(seg):
            prev_verb = None
            continue
        post, quantity, qa = False, m.group(), m.start()
        if chain := VERB_CHAIN_END.search(seg):
            verb, va, vb = chain.group(), seg_a + chain.start(), seg_a + chain.end()
            if chain["per"]:                            # `达到每万人200台`: 每万人 is the quantity's
                verb, vb, qa = verb[:-len(chain["per"])], seg_a + chain.start("per"), seg_a + chain.start("per")
                quantity = chain["per"] + quantity
            sa, sb = _trim(s, seg_a, va)
            if sa >= sb and from_subject:
                sa, sb = from_subject
            elif RESPECTIVELY.search(s, seg_a, va):
                cuts = [x.span() for x in SUBJECT_SPLIT.finditer(s, sa, sb)]
                if cuts:
                    bounds = [sa] + [b for _, b in cuts]
                    ends = [a for a, _ in cuts] + [sb]
                    parts = [_trim(s, a, b) for a, b in zip(bounds, ends)]
                    (sa, sb), pending = parts[0], parts[1:]
            post = sa >= sb
        elif run := VERB_RUN.search(seg):
            verb, va, vb = run.group(), seg_a + run.start(), seg_a + run.end()
            sa, sb = _trim(s, vb, m.start())
        elif prev_verb and CONJ_ONLY.match(seg):
            verb, va, vb = prev_verb, prev_va, None
            if pending:
                sa, sb = pending.pop(0)
            else:
                post = True
        elif prev_verb and (cj := CONJ_SUBJECT.match(seg)):
            verb, va, vb = prev_verb, prev_va, None
            sa, sb = _trim(s, seg_a + cj.start("subj"), seg_a + cj.end("subj"))
        elif frame is not None and (pv := POST_VERB.fullmatch(s, m.end(), end)):
            verb, va, vb = pv["verb"], pv.start("verb"), pv.end("verb")
            sa, sb = _trim(s, pv.start("subj"), pv.end("subj"))
        else:
            if FROM_BEFORE.search(seg):
                from_subject = _trim(s, seg_a, m.start() - 1)
            prev_verb = None
            continue
        if post:
            tail = s[m.end():next_start]
            tail_end = m.end() + ((tm.start()) if (tm := TAIL_END.search(tail)) else len(tail))
            sa, sb = _trim(s, m.end(), tail_end)
            if sb - sa > 30:
                prev_verb = None
                continue
            prev_end = max(prev_end, sb)
        elif TAIL_END.sub("", s[m.end():end]) and "的" in s[m.end():end]:
            prev_verb = None                    # `持有50%以上股权的公司`: inside a modifier
            continue
        qual = m["qual"]
        if qual == "以下" and not LOWERING.search(verb):
            prev_verb = None
            continue
        if frame is None and not ((qual in QUALIFIERS) or goal):     # neither framed nor worded as a goal
            prev_verb, prev_va = verb, va
            continue
        subject = s[sa:sb]
        if not (sa < sb and WORDY.search(subject) and len(subject) <= 40):
            prev_verb, prev_va = verb, va
            continue
        value = numeral_value(m["num"])
        if value is None:
            continue
        value *= MAGNITUDE.get(m["mag"] or "", 1.0)
        lo = min(x for x in (sa, va, qa) if x is not None)
        hi = max(x for x in (m.end(), sb, vb) if x is not None)
        out.append(Target(frame or None, quantity, value, m["unit"], subject, verb, T.span(block, lo, hi)))
        prev_verb, prev_va = verb, va
    return out
