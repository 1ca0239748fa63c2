"""Stage 3 — extract: one segment in, one Document out (title, 文号, issuers, date, kind, body blocks)."""
from __future__ import annotations

import re
from dataclasses import replace

from converter.model import Block, Document, Occurrence, Paragraph, Role, Segment
from converter.stages.segment.rules import item_title
from converter.text.chars import ends_terminal, glue, width
from converter.text.dates import parse_date
from converter.text.doc_numbers import doc_numbers, normalise_doc_number
from converter.text import kinds
from converter.text.kinds import interpretation_heading, news_lead
from converter.text.titles import ends_title, is_interpretation_heading, key, quoted_from, title_like, unquoted
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: A heading line (一、 （一） 1.) longer than this, or with a full stop, is a paragraph with a bold lead.
SHORT_HEADING = 32


# --- small parsers (table-tested) ----------------------------------------------------------------------


def tidy_title(title: str) -> str:
    """Drop the spaces a wrap left inside a title: within 《…》 and after 关于 (`人才 培育计划`).
    Spaces between issuer names (`中共中央 国务院关于…`) and between headline phrases stay."""
    def squeeze(m: re.Match) -> str:
        return P.SPACE_IN_TITLE.sub("", m.group())
    title = P.QUOTED_TITLE.sub(squeeze, title)
    if "关于" in title:
        i = title.index("关于")
        title = title[:i] + squeeze(P.REST.match(title[i:]))
    return title


def split_orgs(text: str) -> list[str] | None:
    """A signature line as bodies (`国家发展改革委 国家能源局` → two), or None if it is not one."""
    parts = [x for x in P.ORG_SEPARATOR.split(text) if x]
    if parts and all(VOCAB.is_org(x) for x in parts):
        return [VOCAB.canonical(x) for x in parts]
    return None


def bodies(text: str) -> list[str]:
    """The bodies a phrase names: each part an organisation (`财政部、工业和信息化部`, `清河市工业和信息化局`,
    also one the vocabulary lacks), else the known bodies in it (`四部门` names none)."""
    return split_orgs(text) or VOCAB.issuers_in(text)


def title_issuers(title: str) -> list[str]:
    """The bodies a title names before its `关于`/`印发`: known ones (VOCAB.leading_issuers), else names of
    the shape of a body (`深圳市人大常委会办公厅关于…`, `济宁市人民政府关于…`)."""
    if found := VOCAB.leading_issuers(title):
        return found
    m = P.ISSUER_END.search(title)
    return (split_orgs(title[:m.start()]) or []) if m and m.start() >= 2 else []


def order_issuers(paras: list[Paragraph]) -> list[str]:
    """The issuer a 令 header names (`中华人民共和国国务院令` → 国务院, `无锡市人民政府令` → 无锡市人民政府)."""
    for p in paras[:4]:
        t = p.text.strip()
        if (P.ORDER_HEADER.match(t) or P.ANNOUNCEMENT_NUMBER.search(t)) and (m := P.ORDER_ISSUER.match(t)) \
                and (names := split_orgs(m["org"])):
            return names
    return []


def publisher(name: str, bodies_too: bool) -> list[str]:
    """The publisher a source line names: a news outlet (`人民网`, `中新网` → 中国新闻网); with `bodies_too`
    also a body (`泽普县市场监督管理局`) or a known body's site (`教育部网站` → 教育部; not a bare
    `省政府网站`, nor `部门网站`). [] for other names (`中国政府网`)."""
    if outlet := VOCAB.outlet(name):
        return [outlet]
    if not bodies_too:
        return []
    if P.SITE_SUFFIX.search(name):
        site = P.SITE_SUFFIX.sub("", name)
        known = VOCAB.canonical(site)
        return [known] if known in VOCAB.departments and not P.BARE_LOCAL.match(site) else []
    return split_orgs(name) or []


def news_outlets(paras: list[Paragraph], named_lines: bool = True, bodies_too: bool = False) -> list[str]:
    """Who published a news item: the outlet of its dateline (`新华社北京1月26日电`, `中新网5月13日电`,
    `据新华社消息`), else the outlet or the body a source line names: a page's dated line
    (`2019-02-28 国家市场监督管理总局`) and, with `named_lines`, a `来源：` line (`来源：人民网`, a closing
    `（来源：光明日报）`; a body there only with `bodies_too`). [] when none is printed."""
    return dateline_outlet(paras) or source_publishers(paras, named_lines, bodies_too)


def dateline_outlet(paras: list[Paragraph]) -> list[str]:
    """The outlet of a news item's dateline (`新华社北京1月26日电`, `据新华社消息`), else []."""
    for p in paras[1:4]:
        if m := P.NEWS_OUTLET_LEAD.match(p.text):
            return [VOCAB.outlet(m["who"]) or m["who"]]
    return []


def source_publishers(paras: list[Paragraph], named_lines: bool = True, bodies_too: bool = False) -> list[str]:
    """The outlets or bodies an item's source lines name (see news_outlets)."""
    out: list[str] = []
    for p in paras[1:6] + paras[-2:]:
        t = p.text.strip()
        if width(t) > PUBLICATION_LINE_MAX:
            continue
        if m := P.SOURCE_DATED.match(t):
            found = publisher(m["who"], True)
        elif named_lines and (m := P.SOURCE_NAMED.search(t)):
            found = publisher(m["who"], bodies_too)
        else:
            continue
        out += [x for x in found if x not in out]
    return out


def reporter_source(paras: list[Paragraph]) -> list[str]:
    """The body a reporter learnt a news item from (`记者从财政部获悉`), else the body its opening sentence
    says issued the policy it reports (`日前，临江市人民政府印发《…》`)."""
    for p in paras[1:3]:
        if m := P.REPORTER_LEARNT.search(p.text):
            return bodies(m["who"].strip())
    for p in paras[1:3]:
        if (m := P.REPORTED_ISSUER.match(p.text.strip())) and (names := split_orgs(m["who"].strip())):
            return names
    return []


def item_bracket_issuers(head: str) -> list[str]:
    """The issuer a compiler prints in brackets before an item's title (`5.【省政府】…`, `10.【新华社】…`)."""
    if not (m := P.ITEM_BRACKET.match(head)):
        return []
    who = m["who"].strip()
    return [VOCAB.outlet(who)] if VOCAB.outlet(who) else split_orgs(who) or []


#: How many paragraphs under an interpretation's heading its lead may take: a compiler's source line, a
#: page's 发布时间 line and its date line can come first (`来源：新华社`, `2024-03-22`, then `日前，司法部…`).
LEAD_PARAGRAPHS = 5


def answering_officials(paras: list[Paragraph]) -> list[str]:
    """The bodies whose officials answer the press, as the lead of a 答记者问 names them (`日前，司法部、水利部
    负责人就《条例》的有关问题回答了记者提问`), else as a report quotes them (`国家发展改革委有关司局负责同志表示`)."""
    # the 答记者问 lead may stand under a page's meta lines, before the first question or answer (QA_TURN);
    # a quoted official only right under the heading
    for pattern, look in ((P.ANSWERING_OFFICIALS, LEAD_PARAGRAPHS), (P.OFFICIALS_SAY, 3)):
        for p in paras[1:1 + look]:
            if P.QA_TURN.match(p.text.strip()):
                break
            for m in pattern.finditer(p.text):
                if names := bodies(m["who"].strip()):
                    return names
    return []


def conference_bodies(head: str, paras: list[Paragraph]) -> list[str]:
    """Who holds a press conference (`国务院新闻办公室就《…》举行…吹风会`, `X召开新闻发布会`) and the bodies
    whose officials it invited (`今天我们邀请国家发展改革委有关负责同志`)."""
    m = P.CONFERENCE_ON.match(head) or P.CONFERENCE_HOST.match(head)
    out = bodies(m["who"].strip()) if m else []
    if not out and (host := VOCAB.conference_host(P.WHITESPACE.sub("", head))):
        out = [host]
    for p in paras[1:5]:
        for g in P.CONFERENCE_GUESTS.finditer(p.text):
            out += [x for x in bodies(g["who"].strip()) if x not in out]
    return out


def event_date(paras: list[Paragraph]) -> str | None:
    """The date of a press conference's or an event's `时间：` field under its heading."""
    for p in paras[1:4]:
        if m := P.EVENT_TIME.match(p.text.strip()):
            return parse_date(m["value"])
    return None


# --- signature, number, title ---------------------------------------------------------------------------


def find_signature(paras: list[Paragraph]) -> tuple[int | None, list[str], list[int]]:
    """(index of the signature date, issuers, indexes of the issuer lines) of the first signature."""
    for k, p in enumerate(paras):
        if k > 0 and (m := P.SIGNATURE_DATE_LINE.match(p.text)) and (names := split_orgs(m["orgs"])):
            return k, names, [k]  # `工业和信息化部办公厅 2024年7月9日` on one line
        if k == 0 or not P.DATE_LINE.match(p.text):
            continue
        orgs: list[str] = []
        idx: list[int] = []
        j = k - 1
        while j >= 1 and (names := split_orgs(paras[j].text)) is not None:
            orgs = names + orgs
            idx.insert(0, j)
            j -= 1
        if j >= 1 and not idx:  # issuer glued to the end of the previous paragraph
            tail = P.SENTENCE_END.split(paras[j].text)[-1]
            if tail and (names := split_orgs(tail)):
                orgs = names
        if j >= 1 and not ends_terminal(paras[j].text) and (first := VOCAB.trailing_org(paras[j].text)) \
                and first not in orgs and (idx or not orgs):
            orgs = [first] + orgs  # first signer glued to the end of an attachment line
        if orgs or k >= 2:
            return k, orgs, idx
    return None, [], []


def find_doc_number(paras: list[Paragraph]) -> tuple[str | None, int | None]:
    for k, p in enumerate(paras[1:7], start=1):
        if P.DOC_NUMBER_LINE.match(p.text) and (n := normalise_doc_number(p.text)):
            return n, k
        if width(p.text) > 60 and not P.ADDRESSEE.match(p.text):
            break  # the body has begun
    return None, None


def promulgation(paras: list[Paragraph], year: str | None = None) -> tuple[str | None, list[str], str | None]:
    """(number, issuers, date) from a note under the title: `（…民政部令第69号…1月8日公布，…施行）`."""
    for p in paras[1:3]:
        if P.PROMULGATION_NOTE.match(p.text):
            t = P.WHITESPACE.sub("", p.text)
        elif lead := P.LEADING_NOTE.match(p.text):
            t = P.WHITESPACE.sub("", lead.group())        # the note glued to the text under it
        else:
            continue
        number = None
        if (m := P.ANNOUNCEMENT_NUMBER.search(t)) and m["prefix"]:
            number = t[m.start():m.end()].lstrip("（(")
        issuers = VOCAB.issuers_in(m["prefix"]) if number else []
        if not issuers and (by := P.PASSED_BY.search(t)):
            issuers = [VOCAB.canonical(by["place"] + by["body"])]  # the people's congress that passed it
        date = None
        if a := P.APPROVED_ON.search(t):
            date = f"{int(a['y']):04d}-{int(a['m']):02d}-{int(a['d']):02d}"  # a local regulation: when approved
        elif d := P.PUBLISHED_ON.search(t):
            years = [x["y"] for x in P.DATE.finditer(t[:d.start()])]
            y = d["y"] or (years[-1] if years else year)
            if y:
                date = f"{int(y):04d}-{int(d['m']):02d}-{int(d['d']):02d}"
        return number, issuers, date
    return None, [], None


def opening_date(paras: list[Paragraph], year: str | None, last_month: int | None = None) -> str | None:
    """`7月25日下午，…` opening a report or a press conference: its date. Without a year printed, the issue's
    year when that is unambiguous: the issue's period ends in or after that month (`last_month`, None: a
    whole year); `8月2日` in an issue of 2034年2月 is of some earlier year, which the text does not tell.
    Not an opening that dates the signing of the document discussed (`3月9日，国务院总理李强签署…令`)."""
    for p in paras[1:4]:
        if (m := P.OPENING_DATE.match(p.text)) and not P.SIGNING_LEAD.match(p.text):
            y = m["y"] or (year if last_month is None or int(m["m"]) <= last_month else None)
            return f"{int(y):04d}-{int(m['m']):02d}-{int(m['d']):02d}" if y else None
    return None


#: META_FIELD names and what they give.
META_DATE = ("印发日期", "成文日期", "发文日期", "发文时间")     # when it was written (成文)
META_PUBLISHED = ("发布时间", "发布日期")                        # when it was published (发布)
META_ISSUER = ("发文机关", "发文单位", "发布机关", "发布机构", "发布单位")
META_NUMBER = ("文号", "发文字号")


def meta_fields(paras: list[Paragraph]) -> tuple[str | None, list[str], str | None]:
    """(文号, issuers, date) from an item's metadata lines under its title (`发布时间：2024年5月6日`,
    `发文机关：国务院办公厅`, `文号：国办发〔2024〕1号`), as far as they are printed. A 发布时间 is no
    成文日期: `publication_date` reads it."""
    number = date = None
    issuers: list[str] = []
    for p in paras[1:10]:
        m = P.META_FIELD.match(p.text)
        if not m:
            continue
        field, value = m["field"], m["value"].strip()
        if field in META_PUBLISHED:
            continue                                   # publication_date
        if field in META_DATE and date is None:
            date = parse_date(value)
        elif field in META_ISSUER and not issuers:
            issuers = split_orgs(value) or VOCAB.issuers_in(value)
        elif field in META_NUMBER and number is None:
            number = normalise_doc_number(value)
    return number, issuers, date


#: A meta or source line is at most this wide (wider: running text that mentions a 来源).
PUBLICATION_LINE_MAX = 60


def publication_date(paras: list[Paragraph]) -> str | None:
    """The 发布日期 a meta or source line under the title prints: `发布时间：2019-07-31`, `来源：央视网
    2020-01-07 17:02`, `2019-05-06 14:48:41 来源： 新华网`, `来源：省政府新闻办 发布时间：2023-08-01`
    (the date after 发布时间/发布日期 when the line has one, else the line's date)."""
    for p in paras[1:6]:
        t = p.text
        if width(t) <= PUBLICATION_LINE_MAX and (P.ISO_DATE_LINE.match(t.strip()) or P.SOURCE_DATED.match(t.strip())):
            if date := parse_date(t):
                return date                  # `2024-03-22`, `2019-02-28 国家市场监督管理总局`
        if width(t) > PUBLICATION_LINE_MAX or not (fields := list(P.PUBLICATION_FIELD.finditer(t))):
            continue
        when = next((f for f in fields if f["when"]), None)
        if date := parse_date(t[when.end():] if when else t):
            return date
    return None


def official_title(paras: list[Paragraph]) -> int | None:
    """Index of the official title printed under a compiler headline, if any."""
    for k, p in enumerate(paras[1:4], start=1):
        t = p.text
        if title_like(t) and ends_title(t) and ("关于" in t or VOCAB.leading_issuers(t)) \
                and not P.PROSE_PUNCT.search(t) and not P.REPORTED_TIME.search(t):
            return k
        if width(t) > 60:
            return None
    return None


def headline_issuers(who: str, more: str | None, signers: list[str]) -> str | None:
    """The issuers of a compiler's headline as an official title names them: each body by its
    canonical name, separated by a space (`国家发展和改革委员会 生态环境部`), `等N部门` kept; the one body
    that signed instead when it is the headline's body or a unit of it (`工信部` headline, signed by
    工业和信息化部办公厅). None when a part of `who` is no body (`事关…，最高法` is no issuer)."""
    parts = [x for x in P.ORG_SEPARATOR.split(who.strip()) if x]
    if not parts or not all(VOCAB.is_org(x) for x in parts):
        return None
    names = [VOCAB.canonical(x) for x in parts]
    if len(names) == 1 and not more and len(signers) == 1 and VOCAB.parent(signers[0]) == names[0]:
        names = signers
    return " ".join(dict.fromkeys(names)) + (more or "")


def issued_title(head: str, paras: list[Paragraph], signers: list[str]) -> str | None:
    """The official title a compiler's headline stands for, from the issuers it names and the 《title》
    it quotes, when the body is the document it names:
    - a body that issues the quoted document (`现将《X》印发给你们`): `{issuers}关于印发《X》的通知`
      (转发 when it passes it on);
    - else a quoted title that is a 关于-title without its issuer (`国务院印发《关于…的意见》`):
      `{issuers}关于…的意见`;
    - else the quoted title itself (the body is the document: `…印发《X行动方案》` over its text).
    None for a headline of another shape."""
    m = P.ISSUING_HEADLINE.match(head)
    if not m or m["verb"] == "转发" and not m["via"] or m["verb"] != "转发" and m["via"]:
        return None
    issuers = headline_issuers(m["who"], m["more"], signers)
    via = headline_issuers(m["via"], None, []) if m["via"] else ""
    if issuers is None or via is None:
        return None
    quoted = unquoted(m["t"]).strip()
    for p in paras[1:6]:
        if (n := P.ISSUING_NOTICE.search(p.text)) and (f"《{m['t']}》" in p.text or "现印发" in p.text or "现转发" in p.text):
            verb = n["verb"] or n["verb2"] or "印发"
            return f"{issuers}关于{'转发' if verb == '转发' else '印发'}{via}《{quoted}》的通知"
    if m["verb"] == "转发":
        return f"{issuers}转发{via}{quoted}" + ("" if quoted.endswith("通知") else "的通知")
    if quoted.startswith("关于"):
        return issuers + quoted
    return quoted if title_like(quoted) and ends_title(quoted) else None


#: Widest last line of a wrapped title that `title_tail` joins (`问`, `的批复`, `策解读`).
TITLE_TAIL_MAX = 8


def title_tail(head: str, nxt: str) -> bool:
    """`nxt` is the last words of the title `head` wrapped (`…产业园区牌子` + `的批复`, `…答记者` + `问`,
    `…》政` + `策解读`): head is no whole title, the two together are, and nxt is a few words, no sentence."""
    joined = head + nxt
    return (title_like(head) and not is_interpretation_heading(head)
            and (not ends_title(head) or interpretation_heading(joined))   # `《…的意见》` + `解读`
            and width(nxt) <= TITLE_TAIL_MAX and not P.PROSE_PUNCT.search(nxt) and title_like(joined)
            and (ends_title(joined) or is_interpretation_heading(joined) or bool(P.INTERPRETATION_TAIL.search(joined))))


#: Lines a title printed over several may take.
TITLE_LINES_MAX = 3


def wrapped_title(texts: list[str], name: str, start: int, stop: int) -> list[int] | None:
    """Indexes of the consecutive lines (at most TITLE_LINES_MAX, from `start` on, before `stop`) that
    together are the title `name` (compared by key): a 令's regulation whose title wrapped."""
    want = key(name)
    for k in range(start, min(stop, len(texts))):
        joined = ""
        for n in range(k, min(k + TITLE_LINES_MAX, len(texts))):
            joined += key(texts[n])
            if joined == want and n > k:
                return list(range(k, n + 1))
            if not want.startswith(joined):
                break
    return None


def _order_number(paras: list[Paragraph]) -> str | None:
    """`中华人民共和国国务院令` + `第783号` → `国务院令第783号` (the issuer as the vocabulary names it)."""
    header = next((p.text for p in paras if P.ORDER_HEADER.match(p.text)), None)
    number = P.WHITESPACE.sub("", paras[-1].text)
    if header is None:
        return number
    return header.removeprefix("中华人民共和国") + number


def printed_order_number(paras: list[Paragraph]) -> tuple[str | None, int | None]:
    """(令 number, its paragraph) printed near the head of a document that does not open with it: a
    `中华人民共和国国务院令` + `第803号` under the item's title and a `来源：` line, or header and number on one
    line (`中华人民共和国国务院令　第735号`); as `_order_number` names it (`国务院令第803号`). Not past the
    first sentence (a 令 further down opens another document the segmenter did not cut off)."""
    texts = [P.WHITESPACE.sub("", p.text) for p in paras[:5]]
    for k, t in enumerate(texts):
        if width(t) > 60 or P.SENTENCE_END.search(t):
            break
        if m := P.ORDER_ONE_LINE.match(t):
            return m["h"].removeprefix("中华人民共和国") + m["n"], k
        if P.ORDER_HEADER.match(t) and k + 1 < len(texts) and P.ORDER_NUMBER.match(texts[k + 1]):
            return t.removeprefix("中华人民共和国") + texts[k + 1], k + 1
    return None, None


def label_kind(label: str) -> tuple[str, str] | None:
    """(kind, subtype) an item label announces: `【政策解读】` an interpretation, `【相关新闻】` a news item;
    None for labels that say nothing about the kind (`【政策动态】`, `【政策原文】`)."""
    words = P.TITLE_NOISE.sub("", label)
    kind, subtype = VOCAB.subtype_of(words)
    if kind == "interpretation" or P.INTERPRETATION_LABEL.search(words):
        return "interpretation", subtype if kind == "interpretation" else "解读"
    if P.NEWS_LABEL.search(words):
        return "news", "新闻"
    return None


def is_headline(text: str) -> bool:
    return bool(P.COMPILER_HEADLINE.match(text) or P.LAUNCH_HEADLINE.search(text))


def named_policy(title: str, paras: list[Paragraph]) -> str | None:
    """The policy an interpretation/news item discusses, by the 《title》 it names (kinds.named_policy)."""
    return kinds.named_policy(title, [p.text for p in paras[:1 + kinds.NAMED_ALIAS_AT]])


# --- body structure ------------------------------------------------------------------------------------


def _heading_or_lead(kind: str, p: Paragraph) -> Block:
    """A numbered line is a heading when it is short and no sentence: no 。！？； in it, no ，： at its
    end (`（二十二）产品质保期不少于1年。` is an item, not a heading). A top-level line (一、) may end in
    a full stop (`一、总体要求。`), which the heading drops. Else a paragraph; one opened by a lead
    sentence with more after it (`一、总体要求。坚持…`) has a bold lead."""
    text = p.text[:-1] if kind == "h2" and p.text.endswith("。") else p.text
    if width(text) <= SHORT_HEADING and not P.NOT_A_HEADING.search(text):
        return Block(kind, text, p.lines)
    return Block("lead" if _has_lead(p.text) else "p", p.text, p.lines)


def _has_lead(text: str) -> bool:
    """A lead sentence with more text after it (`一、总体要求。坚持…`), not a single numbered sentence."""
    m = P.LEAD_SENTENCE.match(text)
    return bool(m) and width(m["rest"].strip()) >= 2


def _item(text: str) -> str:
    """A list item's text: its bullet and any Markdown link syntax left by extraction removed."""
    if m := P.BULLET.match(text):
        text = m["text"]
    return P.MD_LINK_RESIDUE.sub(lambda m: m["text"], text)


def table_rows(raw: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """A table's rows, every one as wide as its header (the first row), whose columns define the table.

    A row with fewer cells than the header is, in this order:
    - one cell short with its first cell a serial number glued to a name (`3开办某事`): split there;
    - the rest of the row before it, broken over two lines (the two together fill the header's
      columns): its first cell continues the previous row's last cell;
    - a single cell: the continuation of the previous row's last cell (a cell wrapped onto the next line);
    - else its missing cells are the first ones (merged with the cells above, as a cell spanning
      several rows is extracted: once, on its first row).
    A row with empty first and last cells and something between is the wrapped text of the row above
    (each cell continues the cell above it). A row wider than the header keeps its extra text in its
    last cell."""
    if not raw:
        return ()
    header = list(raw[0])
    w = len(header)
    out: list[list[str]] = [header]
    short_before = False                                   # the previous data row came with too few cells
    prev_raw: list[str] = []                               # the previous data row's cells as they came
    for cells in raw[1:]:
        r = list(cells)
        data = len(out) > 1
        if len(r) == w - 1 and w >= 2 and (m := P.SERIAL_GLUED.match(r[0])):
            r = [m["n"], m["rest"]] + r[1:]
        if len(r) < w and data and short_before and len(r) >= 2 and len(prev_raw) + len(r) - 1 == w:
            out.pop()
            r = prev_raw[:-1] + [glue(prev_raw[-1], r[0])] + r[1:]
            short_before = False
        elif len(r) == 1 and not data and w > 1:          # a section row under the header
            r, short_before = r + [""] * (w - 1), False
        elif len(r) == 1 and data and w > 1:
            out[-1][-1] = glue(out[-1][-1], r[0])
            prev_raw = prev_raw[:-1] + [glue(prev_raw[-1], r[0])]
            continue
        elif len(r) == w and w >= 3 and data and not r[0] and not r[-1] and any(r):
            out[-1] = [glue(a, b) if b else a for a, b in zip(out[-1], r)]
            continue
        else:
            short_before = len(r) < w
        prev_raw = r
        if len(r) < w:
            r = [""] * (w - len(r)) + r
        elif len(r) > w:
            r = r[:w - 1] + [" ".join(c for c in r[w - 1:] if c)]
        out.append(r)
    return tuple(tuple(r) for r in out)


def _section_row(text: str) -> bool:
    """A short line between a table's header and its rows: a section row of the table (`（一）某类事项`)."""
    return width(text) <= 30 and not P.PROSE_PUNCT.search(text) and not ends_terminal(text)


def _attachment_item(text: str) -> bool:
    return bool(P.ATTACHMENT_ITEM.search(text)) and width(text) <= 60 and not P.NOT_A_HEADING.search(text.rstrip("。"))


def structure(paras: list[Paragraph], signature: set[int], title_at: set[int], docno_at: set[int]) -> list[Block]:
    """Body paragraphs as blocks: headings, bold-lead paragraphs, Q&A turns, boxes, tables, signature."""
    blocks: list[Block] = []
    in_column = False
    table: list[Paragraph] = []

    def flush_table():
        if table:
            rows = table_rows([tuple(c.strip() for c in p.text.split("\t")) for p in table])
            if len(table) >= 2 or len(rows[0]) >= 3:
                blocks.append(Block("table", "", tuple(n for p in table for n in p.lines), rows=rows))
            else:
                blocks.extend(Block("p", p.text.replace("\t", " "), p.lines) for p in table)
            table.clear()

    def close_column():
        nonlocal in_column
        if in_column:
            blocks.append(Block("column_end", ""))
            in_column = False

    in_list = False                                     # after an 附件 line: its items are a list
    for k, p in enumerate(paras):
        t = p.text
        if in_list and not _attachment_item(t):
            in_list = False
        if "\t" in t and not P.TOC_ENTRY.match(t):
            table.append(p)
            continue
        if (len(table) == 1 and table[0].text.count("\t") >= 2 and k + 1 < len(paras)
                and "\t" in paras[k + 1].text and _section_row(t)):
            table.append(p)                             # header, a section row, rows: one table
            continue
        flush_table()
        if k in title_at:
            close_column()
            blocks.append(Block("title", t, p.lines))
        elif k in docno_at:
            blocks.append(Block("docno", t, p.lines))
        elif k in signature:
            close_column()
            blocks.append(Block("signature", t, p.lines))
        elif P.DATE_LINE.match(t) or P.PUBLICATION_NOTE.match(t):
            close_column()
            blocks.append(Block("date" if P.DATE_LINE.match(t) else "note", t, p.lines))
        elif (m := P.COLUMN_BOX.match(t)) and width(t) <= 40:
            close_column()
            blocks.append(Block("column_start", t, p.lines))
            in_column = True
        elif (m := P.ATTACHMENT.match(t)) and width(t) <= 40 and not P.PROSE_PUNCT.search(t):
            close_column()
            name = m["t"].strip()
            closing = k + 1 == len(paras) or k + 1 in signature or bool(P.DATE_LINE.match(paras[k + 1].text))
            if name and closing and not P.ATTACHMENT_NUMBERED.match(t):
                # 附件：名称 before the signature: a list of one attachment (else the heading of its text)
                blocks.append(Block("attachment", t[:len(t) - len(m["t"])].rstrip("：: "), p.lines))
                blocks.append(Block("li", _item(name), p.lines))
            else:
                blocks.append(Block("attachment", t.rstrip("：: ") if not name else t, p.lines))
            in_list = not P.ATTACHMENT_NUMBERED.match(t)
            continue
        elif in_list and _attachment_item(t):
            blocks.append(Block("li", _item(t), p.lines))
            continue
        elif P.BULLET.match(t):
            blocks.append(Block("li", _item(t), p.lines))
        elif P.H1_CN.match(t):
            close_column()
            blocks.append(_heading_or_lead("h2", p))
        elif P.H2_CN.match(t):
            close_column()
            blocks.append(_heading_or_lead("h3", p))
        elif P.H3_NUM.match(t):
            blocks.append(_heading_or_lead("h4", p))
        elif m := P.QA_TURN.match(t):
            blocks.append(Block("qa", m["text"], p.lines, who=m["who"]))
        else:
            blocks.append(Block("p", P.MD_LINK_RESIDUE.sub(lambda m: m["text"], t), p.lines))
    flush_table()
    close_column()
    return blocks


# --- the stage ------------------------------------------------------------------------------------------


def _digest(seg: Segment, year: str | None, source: str, compilation: str) -> Document:
    paras = list(seg.paragraphs)
    head = paras[0].text
    m = P.DIGEST_DATE.match(head)
    start = m.end() if m else 0
    issuing = P.DIGEST_ISSUING.match(head, start)
    at = issuing.end() - 1 if issuing else head.find("《", start)
    quoted = quoted_from(head, at) if at >= 0 else None
    title = quoted or head[:40]
    y = (m["y"] or year) if m else None     # a month-day entry is of the issue's year
    date = f"{int(y):04d}-{int(m['m']):02d}-{int(m['d']):02d}" if m and y else None
    src = next((s["src"] for p in paras if (s := P.DIGEST_SOURCE.search(p.text))), None)
    issuers = bodies(issuing["who"].strip()) if issuing else VOCAB.issuers_in(head[start:at if at >= 0 else len(head)])
    if not issuers and quoted:
        issuers = title_issuers(title)
    if not issuers and src:
        issuers = bodies(src)
    _, subtype = VOCAB.subtype_of(title)
    blocks = [Block("p", p.text, p.lines) for p in paras]
    return Document(
        title=title, heading=None, kind="digest_item", subtype=subtype, doc_number=None,
        issuers=tuple(issuers), date=date, level=_level(issuers, title), blocks=tuple(blocks),
        occurrence=_occurrence(seg, source, compilation), digest_source=src,
        text_chars=_cjk(paras),
    )


def body_citations(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 《titles》 a body quotes and the 文号 it names, in order (resolve links them)."""
    return tuple(m["t"] for m in P.QUOTED_TITLE.finditer(body)), tuple(m.group() for m in doc_numbers(body))


def keywords(text: str) -> tuple[tuple[str, int], ...]:
    """Theme keyword counts of a text as resolve.theme_scores counts them (department names blanked
    first), as sorted pairs."""
    return tuple(sorted(VOCAB.keyword_counts(VOCAB.without_departments(text)).items()))


def with_body_facts(doc: Document) -> Document:
    """The document with what its text says: theme keywords of its body and of its title + heading, the
    《titles》 and 文号 its body cites. Resolve links and tags from these alone (it never reads bodies),
    so a rebuild after a new issue reads only the new issue's text."""
    body = "\n".join(b.text for b in doc.blocks)
    titles, numbers = body_citations(body)
    return replace(doc, keyword_counts=keywords(body), title_keyword_counts=keywords(doc.title + (doc.heading or "")),
                   quoted_titles=titles, cited_numbers=numbers)


def _level(issuers, title: str) -> str:
    levels = {VOCAB.level(i) for i in issuers} if issuers else {VOCAB.level(title[:12])}
    return next((lv for lv in ("provincial", "municipal") if lv in levels), "national")


def _cjk(paras) -> int:
    return len("".join(P.CJK_RUN.findall("\n".join(p.text for p in paras))))


def _occurrence(seg: Segment, source: str, compilation: str) -> Occurrence:
    first, last = seg.paragraphs[0], seg.paragraphs[-1]
    printed = first.printed_page if first.printed_page is not None else (seg.toc.page if seg.toc else None)
    return Occurrence(compilation, source, first.first, last.last, first.page, last.last_page, printed)


def extract(seg: Segment, source: str, compilation: str, year: str | None, last_month: int | None = None) -> Document:
    """The document of a segment. `year`: the year of the issue's period (dates printed without one take
    it where unambiguous); `last_month`: the month the period ends in (None: unknown or a whole year)."""
    if seg.digest:
        return with_body_facts(_digest(seg, year, source, compilation))
    paras = list(seg.paragraphs)
    head = paras[0].text
    title, heading = head, None
    title_at: set[int] = set()
    official = official_title(paras) if (is_headline(head) or "关于" not in head) and not interpretation_heading(head) else None
    if official is not None:
        title, heading = paras[official].text, head
        title_at.add(official)
    if (m := P.PROMULGATION_LEAD.match(head)) and official is None:
        # `《X》已于…通过，现予公布` + signature + X: the document is X
        inner = next((k for k, p in enumerate(paras[1:8], start=1) if ends_title(p.text)
                      and key(p.text) == key(m["t"])), None)
        if inner is not None:
            title, heading = paras[inner].text, None
            title_at.add(inner)
    order = bool(P.ORDER_HEADER.match(head) and len(paras) > 2
                 and P.ORDER_NUMBER.match(P.WHITESPACE.sub("", paras[1].text)))
    if order and not title_at:
        # `中华人民共和国国务院令` + `第799号` (+ `《X》已经…通过，现予公布` + signature + date) + `X`: the document is X
        lead = P.PROMULGATION_LEAD.match(paras[2].text)
        texts = [item_title(p.text) or p.text for p in paras]  # `3.【国务院】X条例`: a compiler's item X
        inner = next((k for k, t in enumerate(texts[2:10], start=2) if title_like(t) and ends_title(t)
                      and not P.PROSE_PUNCT.search(t) and (lead is None or key(t) == key(lead["t"]))), None)
        if inner is not None:
            title, heading = texts[inner], None
            title_at.add(inner)
        elif lead is not None and (span := wrapped_title(texts, lead["t"], 2, 10)):
            title, heading = "".join(texts[k] for k in span), None   # the title the lead names, over lines
            title_at.update(span)
    roles = seg.roles
    if roles and Role.DOC_TITLE in roles and roles.index(Role.DOC_TITLE) > 0 and not title_at:
        # the labeller found the title below a 令 header or a compiler's headline
        t = roles.index(Role.DOC_TITLE)
        span = [t]
        while span[-1] + 1 < len(paras) and roles[span[-1] + 1] == Role.DOC_TITLE and len(span) < 3 \
                and not ends_title(paras[span[-1]].text):
            span.append(span[-1] + 1)                   # the title wrapped over lines the labeller all calls title
        title = "".join(paras[k].text for k in span)
        heading = head if roles[0] == Role.HEADLINE else None
        title_at.update(span)
    if title == head and not title_at and len(paras) > 1 and title_tail(head, paras[1].text):
        title = head + paras[1].text                   # `…产业园区牌子` + `的批复`: the title's last words
        title_at.add(1)
    if not roles and title == head and (numbered := item_title(title)):
        title = numbered  # the rules started the document at `（2）X`: X is the title, not the item's number
    elif (roles or title == head) and (m := P.ITEM_NUMBER.match(title)) and m.end() \
            and (title_like(title[m.end():]) or (roles or P.ITEM_BRACKET.match(title)) and len(title) - m.end() >= 4):
        # the labeller says this is the title, or the rules took the item's head for it (`4.【市场监管总局】X`,
        # `3. X`, `1. 2023年X`, `（5）2023年X`): the compiler's running number (and issuer) are no part of it;
        # when the labeller says so or a bracketed issuer follows the number, even before a headline's
        # exclamation (`4.【红星新闻】…连休9天！`, `（4）2026年放假日历来了，…！`)
        title = title[m.end():]
    doc_number, docno_at = (_order_number(paras[:2]), 1) if order else find_doc_number(paras)
    if doc_number is None and Role.DOC_NUMBER in roles:
        k = roles.index(Role.DOC_NUMBER)
        if (n := normalise_doc_number(paras[k].text)) or P.ORDER_NUMBER.match(P.WHITESPACE.sub("", paras[k].text)):
            doc_number, docno_at = n or _order_number(paras[:k + 1]), k
    meta_number, meta_issuers, meta_date = meta_fields(paras)
    doc_number = doc_number or meta_number
    sig_at, sig_orgs, sig_lines = find_signature(paras)
    note_number, note_issuers, note_date = promulgation(paras, year)
    doc_number = doc_number or note_number
    if doc_number is None:
        doc_number, docno_at = printed_order_number(paras)
    # a title printed right after the signature is the inner title of what the 通知 issues
    if sig_at is not None and sig_at + 1 < len(paras) and title_like(paras[sig_at + 1].text) \
            and not P.PROSE_PUNCT.search(paras[sig_at + 1].text):
        title_at.add(sig_at + 1)
    # a heading wrapped over lines (`《…条例》国务院政策例行吹` + `风会`) is read whole once joined
    interp = interpretation_heading(head) or (title != head and title.startswith(head) and interpretation_heading(title))
    official_text = bool(doc_number or sig_orgs or any(P.ADDRESSEE.match(p.text) for p in paras[1:4])
                         or sum(1 for p in paras if P.H1_CN.match(p.text)) >= 2)
    if heading is None and official_text and not interp and (issued := issued_title(head, paras, sig_orgs)):
        title, heading = issued, head  # a compiler's headline over the document: its official title
    if interp:
        kind, subtype = VOCAB.subtype_of(head)
        kind = "interpretation"
        subtype = subtype or ("新闻发布会" if P.PRESS_CONFERENCE.search(head) else "解读")
    elif not official_text and (is_headline(head) and heading is None or news_lead([p.text for p in paras[:1 + kinds.LEAD_LOOK]])):
        kind, subtype = "news", "新闻"
    else:
        kind, subtype = "policy", VOCAB.subtype_of(title)[1]
        if subtype is None:
            subtype = VOCAB.subtype_of(head)[1]
    if kind == "policy" and seg.label and not (doc_number or sig_orgs or any(P.ADDRESSEE.match(p.text) for p in paras[1:4])):
        # the label the compiler printed before the item (【政策解读】【相关新闻】) says what it is
        kind, subtype = label_kind(seg.label) or (kind, subtype)
    issuers = list(sig_orgs) or note_issuers or meta_issuers or order_issuers(paras)
    if not issuers and kind == "news":
        # the outlet that reports it: its dateline's, else the one the compiler credits in brackets
        # (`8.【财政部】…`: a `来源：` line under it names where the compiler copied it from), else a source line's
        issuers = dateline_outlet(paras) or item_bracket_issuers(head) or source_publishers(paras)
    elif not issuers and kind == "policy" and not (doc_number or sig_orgs) and not P.SPEAKERS_IN_HEAD.search(head):
        issuers = news_outlets(paras, named_lines=False)       # a report under a dateline or a dated source line
    if not issuers:
        issuers = title_issuers(title)
    if not issuers and heading:
        issuers = title_issuers(heading)
    # who the heading says speaks, read past the compiler's `3.【司法部】` (`…【司法部】四部门负责人就…`: the
    # four are named in the lead, not by the bracket)
    bare = head[m.end():] if (m := P.ITEM_NUMBER.match(head)) and P.ITEM_BRACKET.match(head) else head
    if not issuers and (m := P.COMPILER_HEADLINE.match(bare) or P.SPEAKER_ON.match(bare)):
        issuers = bodies(m["who"].strip())
    if not issuers and kind == "interpretation" and P.PRESS_CONFERENCE.search(bare):
        issuers = conference_bodies(bare, paras)
    if not issuers and kind == "interpretation" and (m := P.RESPONSIBLE_OFFICIAL.match(bare)):
        issuers = bodies(m["who"].strip())
    if not issuers and (m := P.SPEAKERS_IN_HEAD.search(bare)):
        issuers = bodies(m["who"].strip())
    if not issuers and kind == "interpretation":
        issuers = answering_officials(paras) or item_bracket_issuers(head) or news_outlets(paras, bodies_too=True)
    if not issuers and kind in ("news", "policy") and not (doc_number or sig_orgs):
        issuers = reporter_source(paras)
    if not issuers and doc_number and (m := P.ANNOUNCEMENT_NUMBER.search(doc_number)) and m["prefix"]:
        issuers = bodies(P.ANNOUNCEMENT_KIND.sub("", m["prefix"]))   # `商务部公告2023年第4号`: 商务部
    if not issuers:
        issuers = item_bracket_issuers(head)
    if kind == "interpretation":     # a 司 or 局 speaks for its body; a general office (办公厅) for itself
        issuers = [i if P.GENERAL_OFFICE.search(i) else VOCAB.parent(i) or i for i in issuers]
    date = parse_date(paras[sig_at].text) if sig_at is not None else None
    date = date or note_date or meta_date
    published = publication_date(paras)
    if date is None and kind != "policy":
        # the time of its event, else (no page date printed: that is its date) the date its opening gives;
        # a report's `12月5日，` without its year is no printed date, a press conference's is (the issue's year)
        date = event_date(paras) or (opening_date(paras, year if kind == "interpretation" else None, last_month)
                                     if published is None else None)
    if date is None:
        for p in paras[1:4]:
            if P.DATE_LINE.match(p.text) or P.BRACKETED_DATE.match(p.text):
                date = parse_date(p.text)
                break
    blocks = structure(paras[1:], {i - 1 for i in sig_lines}, {i - 1 for i in title_at},
                       {docno_at - 1} if docno_at else set())
    return with_body_facts(Document(
        title=tidy_title(title), heading=tidy_title(heading) if heading else None, kind=kind, subtype=subtype,
        doc_number=doc_number,
        issuers=tuple(dict.fromkeys(issuers)), date=date, level=_level(issuers, title), blocks=tuple(blocks),
        occurrence=_occurrence(seg, source, compilation),
        named_policy=named_policy(title if heading is None else heading, paras) if kind != "policy" else None,
        toc_title=seg.toc.title if seg.toc else None, text_chars=_cjk(paras), published=published,
    ))
