"""What kind of document a segment is (policy, interpretation, news) and which policy an interpretation
or a news item is about, from its heading and its first lines.

    interpretation_heading("（4）《某某办法》政策解读")     # True
    news_lead(["商务部出台新政…", "新华社北京12月7日电 记者…"])   # True
    named_policy(head, body_texts)                          # the 《title》 it is about, a 简称 resolved

The evidence, in the order extract weighs it:
1. the heading says interpretation (INTERPRETATION_HEAD and the rest of `is_interpretation_heading`,
   INTERPRETATION_ANYWHERE): an interpretation, whatever its body looks like (an interpretation has
   一、出台背景 二、主要内容 headings like a policy, and an interview opens with a dateline like news);
2. an official text (文号, signature, addressee, chapters): a policy;
3. the first sentence reads as a report (NEWS_LEAD): news;
4. the item label the compiler printed (`【政策解读】`, `【相关新闻】`).
"""
from __future__ import annotations

from converter.text.titles import is_interpretation_heading
from converter.vocab import patterns as P


def bare_heading(head: str) -> str:
    """The heading without the compiler's running number and bracketed issuer (`（4）`, `2.【国家能源局】`)."""
    m = P.ITEM_NUMBER.match(head)
    return head[m.end():] if m and m.end() < len(head) else head


def interpretation_heading(head: str) -> bool:
    """The heading says the item is an interpretation: `解读 | …`, `…答记者问`, `《X》政策解读`,
    `…负责人详解《X》`, `《X》系列解读文章之四`, `一图读懂《X》`, `…六问`, behind any running number."""
    h = bare_heading(head)
    return is_interpretation_heading(h) or bool(P.INTERPRETATION_ANYWHERE.search(h))


#: How many paragraphs under a heading news_lead reads, and named_policy (its 《title》 in the first
#: NAMED_AT, a 简称 defined up to NAMED_ALIAS_AT): what callers need to hand over.
LEAD_LOOK = 4
NAMED_AT = 3
NAMED_ALIAS_AT = 7


def news_lead(texts: list[str], look: int = LEAD_LOOK) -> bool:
    """The first sentence under the heading reads as a report (NEWS_LEAD), past metadata, date and byline
    lines (NEWS_PREAMBLE); texts: the heading and the paragraphs under it."""
    for t in texts[1:1 + look]:
        if P.NEWS_LEAD.match(t):
            return True
        if not (P.META_FIELD.match(t) or P.NEWS_PREAMBLE.match(t)):
            return False
    return False


def resolve_alias(name: str, texts: list[str]) -> str:
    """The full title a short name stands for (`《办法》` → X where the text says `《X》（以下简称《办法》）`),
    else the name."""
    if not P.SHORT_REFERENCE.match(name):
        return name
    for t in texts:
        for m in P.TITLE_ALIAS.finditer(t):
            if m["a"] == name:
                return m["t"]
    return name


def named_policy(heading: str, texts: list[str]) -> str | None:
    """The policy an interpretation/news item discusses, by the 《title》 it names: in its heading (who
    speaks on which title, the longest title quoted, the title after a dash), else the first one quoted in
    its opening paragraphs; a short name (`《办法》`) is read through the text's `以下简称`."""
    h = bare_heading(heading)
    name = None
    m = P.SPEAKER_ON.match(h) or P.COMPILER_HEADLINE.match(h)
    if m:
        name = m["t"]
    elif quoted := [q["t"] for q in P.QUOTED_TITLE.finditer(h)]:
        name = max(quoted, key=len)
    elif dash := P.DASH_TITLE.search(h):
        name = dash["t"]
    else:
        for t in texts[1:1 + NAMED_AT]:
            if q := P.QUOTED_TITLE.search(t):
                name = q["t"]
                break
    return resolve_alias(name, texts[1:1 + NAMED_ALIAS_AT]) if name else None
