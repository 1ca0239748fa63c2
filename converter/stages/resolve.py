"""Stage 4 — resolve: documents of all issues in, a linked library out.

    groups = merge(documents)              # one entry per document, across issues and digests
    entries = identify(groups)             # stable ids and page paths
    entries = link_interpretations(…)      # 解读 ↔ policy
    entries = link_citations(…)            # 《…》 and 文号 in bodies ↔ documents
    entries = assign_themes(…)             # controlled taxonomy, inherited by interpretations
    entries = link_validity(…)             # repeals, amends, issued with (both ways); citations → articles
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from converter.model import Citation, CitationLink, Compilation, Document, Entry, Library
from converter.stages.extract import keywords
from converter.text.doc_numbers import number_key
from converter.text.fuzzy import FuzzyIndex
from converter.text.slug import slug
from converter.text.titles import ends_title, key, shares_run
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: How similar a named title and a document title must be to link them.
LINK_MATCH = 0.86
#: How similar two titles must be to merge two documents without 文号.
MERGE_MATCH = 0.93
#: Theme scoring: a keyword in the title counts this many body hits; a theme needs this score.
TITLE_WEIGHT = 10
THEME_MIN = 4
MAX_THEMES = 4
#: Preference of versions of one document: the full text wins over reports and digest summaries.
KIND_RANK = {"policy": 0, "interpretation": 1, "news": 2, "digest_item": 3}


def with_fields(entry: Entry, **changes) -> Entry:
    """`dataclasses.replace(entry, **changes)`, made by copying the fields rather than calling the
    generated __init__ again (frozen, it sets every field through object.__setattr__; resolve makes
    every entry over three times). Entry has no __post_init__ and no init-only fields."""
    unknown = changes.keys() - entry.__dict__.keys()
    if unknown:
        raise TypeError(f"Entry has no field {sorted(unknown)[0]!r}")
    new = object.__new__(Entry)
    new.__dict__.update(entry.__dict__)
    new.__dict__.update(changes)
    return new


def body_text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)


def alt_titles(doc: Document) -> list[str]:
    """Names a document can be cited by: its title, headline, the X of 关于印发《X》, inner titles."""
    out = [doc.title]
    if doc.heading:
        out.append(doc.heading)
    for t in (doc.title, doc.heading or ""):
        out += [m["t"] for m in P.QUOTED_TITLE.finditer(t)]
        if m := P.ISSUES_INNER.search(t):
            out.append(m["t"])
    out += [b.text for b in doc.blocks if b.kind == "title"]
    if doc.toc_title:
        out.append(doc.toc_title)
    # 关于X的意见 is cited as 《关于X的意见》 and 《X的意见》; an issuer prefix is often dropped
    for t in list(out):
        if "关于" in t:
            out.append(t[t.index("关于"):])
    return [t for t in dict.fromkeys(out) if t]


# --- merge -------------------------------------------------------------------------------------------


def merge(compilations: tuple[Compilation, ...]) -> list[list[Document]]:
    """Group the same document across issues: by 文号, else by title (+ issuer); digests join full text."""
    groups: list[list[Document]] = []
    by_number: dict[str, list[Document]] = {}
    by_title: dict[str, list[Document]] = {}
    heads = FuzzyIndex()                    # alt titles of each group's first document → group
    for comp in compilations:
        for doc in comp.documents:
            nk = number_key(doc.doc_number)
            tk = key(doc.title) + "|" + (doc.issuers[0] if doc.issuers and doc.kind != "digest_item" else "")
            group = by_number.get(nk) if nk else None
            if group is None:
                group = by_title.get(tk) or by_title.get(key(doc.title) + "|")
            if group is None and doc.kind in ("policy", "digest_item"):
                group = _similar_group(doc, heads)
            if group is None:
                group = []
                groups.append(group)
                for t in alt_titles(doc):
                    heads.add(t, group, _head_shelf(doc))
            group.append(doc)
            if nk:
                by_number.setdefault(nk, group)
            by_title.setdefault(tk, group)
            by_title.setdefault(key(doc.title) + "|", group)
    for g in groups:
        g.sort(key=lambda d: (KIND_RANK[d.kind], -d.text_chars))
    return groups


def _head_shelf(head: Document) -> str:
    """Where merge files a group's titles: by which documents its first document can take in
    (`_similar_group`): none (an interpretation or news item), digest items and policies without 文号
    (a policy with 文号), or any policy or digest item."""
    if head.kind not in ("policy", "digest_item"):
        return "none"
    return "numbered" if head.kind == "policy" and head.doc_number else "open"


def _similar_group(doc: Document, heads: FuzzyIndex) -> list[Document] | None:
    """A digest item and the full text of the same policy (or two versions without 文号): the first
    group, in order of creation, whose first document is similar enough and compatible. Only the
    shelves of groups it can join are searched (`_head_shelf`); the tests below still decide."""
    shelves = ("open",) if doc.kind == "policy" and doc.doc_number else ("open", "numbered")
    for _, _, g in heads.scored(doc.title, MERGE_MATCH, shelves):
        head = g[0]
        if head.kind not in ("policy", "digest_item") or (doc.kind == head.kind == "policy" and head.doc_number
                                                          and doc.doc_number):
            continue
        if doc.issuers and head.issuers and not set(doc.issuers) & set(head.issuers):
            continue
        return g
    return None


# --- identity ----------------------------------------------------------------------------------------


def entry_id(group: list[Document]) -> str:
    """Derived from the document, never from input order: 文号 if any version has one, else title."""
    numbers = sorted(number_key(d.doc_number) for d in group if d.doc_number)
    if numbers:
        return slug(numbers[0], 60)
    full = [d for d in group if d.kind == group[0].kind]
    title = min((d.title for d in full), key=lambda t: (key(t), t))
    issuer = group[0].issuers[0] if group[0].issuers and group[0].kind != "digest_item" else ""
    digest = hashlib.sha1((key(title) + "|" + issuer).encode()).hexdigest()[:6]
    return f"{slug(title)}-{digest}"


def identify(groups: list[list[Document]]) -> list[Entry]:
    entries = []
    seen: Counter = Counter()
    for g in groups:
        main = g[0]
        eid = entry_id(g)
        seen[eid] += 1
        if seen[eid] > 1:  # two different documents that print the same 文号 (a typo in one): keep both
            eid = f"{eid}-{hashlib.sha1(key(main.title).encode()).hexdigest()[:4]}"
        occurrences = tuple(sorted({d.occurrence for d in g}, key=lambda o: (o.compilation, o.start_line)))
        issuers = tuple(dict.fromkeys(i for d in g for i in d.issuers))
        published = next((d.published for d in g if d.published), None)   # the date, when no 成文日期 is printed
        entries.append(Entry(
            id=eid, path=f"documents/{eid}.md", title=main.title, kind=main.kind, subtype=main.subtype,
            doc_number=next((d.doc_number for d in g if d.doc_number), None), issuers=issuers,
            date=next((d.date for d in g if d.date), published), level=main.level, themes=(),
            occurrences=occurrences, versions=tuple(g), heading=main.heading, published=published,
        ))
    return sorted(entries, key=lambda e: e.id)


# --- links ---------------------------------------------------------------------------------------------


class TitleIndex:
    """Find entries by a title they can be cited by, or by 文号."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.exact: dict[str, Entry] = {}
        self.numbers: dict[str, Entry] = {}
        for e in entries:
            if e.kind not in ("policy", "digest_item"):
                continue
            for d in e.versions:
                for t in alt_titles(d):
                    self.exact.setdefault(key(t), e)
            if e.doc_number:
                self.numbers[number_key(e.doc_number)] = e
        self.fuzzy = FuzzyIndex()
        for k, e in self.exact.items():
            self.fuzzy.add(k, e)
        self._fuzzy_cache: dict[str, Entry | None] = {}

    def by_title(self, title: str) -> Entry | None:
        """The entry cited by this title: exact key, else fuzzy; else the same without a closing
        period or edition (《…方案（2025—2030年）》 names 《…方案》)."""
        found = self._by_title(title)
        if found is None and (bare := P.TITLE_EDITION.sub("", title)) != title:
            found = self._by_title(bare)
        return found

    def _by_title(self, title: str) -> Entry | None:
        k = key(title)
        if len(k) < 4:
            return None
        if k in self.exact:
            return self.exact[k]
        if k not in self._fuzzy_cache:
            best, best_e = 0.0, None
            for _, r, e in self.fuzzy.scored(title, LINK_MATCH):
                if r > best:
                    best, best_e = r, e
            self._fuzzy_cache[k] = best_e
        return self._fuzzy_cache[k]

    def by_number(self, number: str) -> Entry | None:
        return self.numbers.get(number_key(number))


def link_interpretations(entries: list[Entry], order: list[tuple[str, str]],
                         index: TitleIndex | None = None) -> list[Entry]:
    """Every interpretation / news entry → the policy it discusses; policies list them back.

    By the 《title》 its heading names (fuzzy); when its heading names none: by the subject of a policy of
    the same issue that its heading takes over (`工信部组织推荐X` reports `…关于组织推荐X的通知`), else by
    the 《title》 its text names first (a 简称 read through its 以下简称 by extract), another 《title》 or a
    文号 its text cites; else by position:
    interpretations follow their policy, and a series (解读之一, 之二 …) follows the same policy. An item
    that names a policy the corpus does not hold (in its heading, or by a full title opening its text)
    links nowhere. index: a TitleIndex of these entries
    (made here when not given; linking changes nothing it reads, so `resolve` makes one for both linkers)."""
    index = index or TitleIndex(entries)
    by_id = {e.id: e for e in entries}
    interprets: dict[str, list[str]] = {}
    unresolved: dict[str, list[str]] = defaultdict(list)
    in_issue: dict[str, list[Entry]] = defaultdict(list)       # compilation → its policies, in print order
    for comp, eid in order:
        if by_id[eid].kind == "policy":
            in_issue[comp].append(by_id[eid])
    for n, (comp, eid) in enumerate(order):
        e = by_id[eid]
        if e.kind not in ("interpretation", "news") or eid in interprets:
            continue
        named = e.main.named_policy
        in_heading = bool(named) and key(named) in key(e.title + (e.heading or ""))
        target = index.by_title(named) if in_heading else None
        if target is None and not in_heading:       # the heading's subject before what the text quotes
            target = (_subject_policy(e, in_issue[comp]) or (index.by_title(named) if named else None)
                      or _cited_policy(e, index))
        # a policy it names (in its heading, or by a full title in its text) that the corpus lacks: no
        # link by position either (`《X》（以下简称《办法》）` or `《…申报表》` name no other policy)
        names_other = in_heading or bool(named) and ends_title(named) and not P.SHORT_REFERENCE.match(named)
        if target is None and not names_other:
            target = _preceding_policy(comp, order[:n], by_id, interprets)
        interprets[eid] = [target.id] if target is not None and target.id != eid else []
        if not interprets[eid] and named:
            unresolved[eid].append(named)
    back: dict[str, list[str]] = defaultdict(list)
    for src, targets in interprets.items():
        for t in targets:
            back[t].append(src)
    return [with_fields(e, interprets=tuple(interprets.get(e.id, ())), interpreted_by=tuple(sorted(back.get(e.id, ()))),
                    unresolved=tuple(unresolved.get(e.id, ()))) for e in entries]


def _cited_policy(e: Entry, index: TitleIndex) -> Entry | None:
    """The first policy an interpretation's text cites by a 《title》 (not a 简称) or by 文号."""
    for title in e.main.quoted_titles:
        if not P.SHORT_REFERENCE.match(title) and (t := index.by_title(title)) is not None and t.id != e.id:
            return t
    for number in e.main.cited_numbers:
        if (t := index.by_number(number)) is not None and t.id != e.id:
            return t
    return None


#: The shortest subject (its key, years left out) a headline must contain for `_subject_policy`.
SUBJECT_MIN = 8


def _subject_policy(e: Entry, policies: list[Entry]) -> Entry | None:
    """The policy of the same issue whose subject (TITLE_SUBJECT: `关于组织推荐X的通知` → X) a report's
    headline contains, when exactly one does; years left out of both (SUBJECT_YEAR: a headline drops
    `2032年度`). None too when the headline also speaks of another policy of the issue (a SUBJECT_MIN run
    of its subject: `构建Y 加快X` of `关于加快X的意见` and `关于印发《加快构建Y工作方案》的通知`): the text says
    which one it discusses."""
    head = key(P.SUBJECT_YEAR.sub("", e.title + (e.heading or "")))
    subjects = {p.id: k for p in policies if (m := P.TITLE_SUBJECT.search(p.title))
                and len(k := key(P.SUBJECT_YEAR.sub("", m["s"]))) >= SUBJECT_MIN}
    found = [p for p in policies if p.id in subjects and subjects[p.id] in head]
    if len({p.id for p in found}) != 1:
        return None
    if any(pid != found[0].id and shares_run(k, head, SUBJECT_MIN) for pid, k in subjects.items()):
        return None
    return found[0]


def _preceding_policy(comp: str, before, by_id, interprets) -> Entry | None:
    """The policy printed before an interpretation in its issue, directly or through earlier
    interpretations of the same policy; a news item in between breaks the chain."""
    for c, eid in reversed(before):
        if c != comp:
            break
        cand = by_id[eid]
        if cand.kind == "policy":
            return cand
        if cand.kind == "interpretation" and interprets.get(eid):
            return by_id[interprets[eid][0]]
        if cand.kind == "news":
            return None
    return None


def own_title_keys(e: Entry) -> set[str]:
    """The keys of every title an entry's versions go by: a citation of one of them is no citation of
    another document."""
    return {key(t) for d in e.versions for t in alt_titles(d)}


def link_citations(entries: list[Entry], index: TitleIndex | None = None) -> list[Entry]:
    """《title》 and bare 文号 in bodies → cites / cited_by (those naming no corpus document:
    `unresolved_citations`, from the annotated citations with their places).

    index: a TitleIndex of these entries or of their versions before linking (only ids are read)."""
    index = index or TitleIndex(entries)
    cites: dict[str, list[str]] = {}
    for e in entries:
        found: list[str] = []
        own = own_title_keys(e)
        titles, numbers = e.main.quoted_titles, e.main.cited_numbers
        for title in titles:
            if key(title) in own:
                continue
            target = index.by_title(title)
            if target is not None and target.id != e.id and target.id not in e.interprets:
                found.append(target.id)
        for number in numbers:
            target = index.by_number(number)
            if target is not None and target.id != e.id and target.id not in e.interprets:
                found.append(target.id)
        cites[e.id] = list(dict.fromkeys(found))
    back: dict[str, list[str]] = defaultdict(list)
    for src, targets in cites.items():
        for t in targets:
            back[t].append(src)
    out = [with_fields(e, cites=tuple(cites[e.id]), cited_by=tuple(sorted(back.get(e.id, ())))) for e in entries]
    return out


# --- validity relations and links down to the article ----------------------------------------------


#: Kinds of entries whose own statements (同时废止《…》, 对《…》作如下修改) change another document: a
#: policy's text. An interpretation that says a policy repeals another only reports it.
STATING_KINDS = ("policy",)


def _cited_entry(index: TitleIndex, title: str | None, number: str | None) -> Entry | None:
    """The entry a citation names: by its 文号 first (exact), else by its 《title》."""
    if number and (e := index.by_number(number)) is not None:
        return e
    return index.by_title(title) if title else None


def _both_ways(forward: dict[str, list[str]]) -> dict[str, list[str]]:
    back: dict[str, list[str]] = defaultdict(list)
    for src, targets in forward.items():
        for x in targets:
            back[x].append(src)
    return back


def _article_anchor(target: Entry, article: int, paragraph: int | None) -> str | None:
    """The anchor of 第N条 (第M款) in an entry's main text, when that text has the article."""
    facts = target.main.facts
    if facts is None:
        return None
    ids = {a.id for a in facts.anchors}
    # 第N条 of the text itself, else of the one attachment that has it (a notice that issues a 办法
    # prints the 办法 under 附件: its articles are `att-1-art-N`)
    found = [a.id for a in facts.anchors if a.kind == "article" and a.number == article
             and (a.id == f"art-{article}" or a.id.endswith(f"-art-{article}"))]
    base = f"art-{article}" if f"art-{article}" in found else (found[0] if len(found) == 1 else None)
    if base is None:
        return None
    para = f"{base}-p-{paragraph}" if paragraph and paragraph > 1 else None
    return para if para in ids else base


def citation_links(e: Entry, index: TitleIndex, by_id: dict[str, Entry]) -> tuple[CitationLink, ...]:
    """The citations of an entry's main text that lead somewhere in the corpus: a cited document's
    page (its article when one is cited and printed there), or the entry's own article
    (`本条例第四十条`). The entry's own title and 文号 quoted in its text are not links."""
    facts = e.main.facts
    if facts is None:
        return ()
    own = own_title_keys(e)
    out = []
    for c in facts.citations:
        if c.span.block < 0:
            continue
        if c.title is None and c.doc_number is None:
            target = e                                  # 本条例第四十条
        else:
            target = _cited_entry(index, c.title, c.doc_number)
            if target is None and c.title and key(c.title) in own:
                target = e
            if target is None or (target.id == e.id and c.article is None):
                continue
        anchor = _article_anchor(by_id.get(target.id, target), c.article, c.paragraph) if c.article else None
        if target.id == e.id and anchor is None:
            continue
        out.append(CitationLink(c.span.block, c.span.start, c.span.end, target.id, anchor))
    return tuple(out)


def unresolved_citations(e: Entry, index: TitleIndex) -> tuple[Citation, ...]:
    """The citations of an entry's main text that name a document (by 《title》 or 文号) the corpus does
    not hold, in text order, each once (its first place): the conversion report lists them. The
    entry's own title and 文号 are no citation of another document, nor a short reference (`《条例》`)."""
    facts = e.main.facts
    if facts is None:
        return ()
    own = own_title_keys(e)
    own_number = number_key(e.doc_number) if e.doc_number else None
    out: list[Citation] = []
    seen: set[str] = set()                              # title keys and 文号 keys listed already
    for c in facts.citations:
        if c.span.block < 0 or (c.title is None and c.doc_number is None):
            continue
        if c.title and key(c.title) in own or c.doc_number and number_key(c.doc_number) == own_number:
            continue
        if c.title and not c.doc_number and P.SHORT_REFERENCE.match(c.title):
            continue                                    # 《条例》: a 简称 of a document named before
        names = {x for x in ("t:" + key(c.title) if c.title else "", "n:" + number_key(c.doc_number) if c.doc_number else "") if x}
        if names & seen or _cited_entry(index, c.title, c.doc_number) is not None:
            continue
        seen |= names
        out.append(c)
    return tuple(out)


def unresolved_counts(entries: list[Entry]) -> dict[str, int]:
    """Compilation id → how many unresolved citations the texts of its documents make (an entry
    printed in several issues counts in each: each issue's report lists it)."""
    counts: Counter = Counter()
    for e in entries:
        for cid in dict.fromkeys(o.compilation for o in e.occurrences):
            counts[cid] += len(e.unresolved_citations)
    return {cid: n for cid, n in sorted(counts.items()) if n}


def _issued_document(e: Entry, titles: dict[str, Entry], index: TitleIndex) -> Entry | None:
    """The entry a 印发 notice issues (`关于印发《X》的通知` → the entry titled X), when it is printed
    as a document of its own."""
    if e.kind != "policy":
        return None
    for d in e.versions:
        m = P.ISSUES_INNER.search(d.title)
        if not m:
            continue
        target = titles.get(key(m["t"]))
        if target is None:
            found = index.by_title(m["t"])
            target = found if found is not None and found.id != e.id and found.kind == "policy" else None
        if target is not None and target.id != e.id:
            return target
    return None


def link_validity(entries: list[Entry], index: TitleIndex | None = None) -> list[Entry]:
    """Relations the texts state, made both ways between entries of the corpus: repeals / repealed_by
    (同时废止《…》), amends / amended_by (对《…》作如下修改; 根据《…》修订), issued_with (a 印发 notice and
    the document it issues); and each entry's citations linked down to the article."""
    index = index or TitleIndex(entries)
    by_id = {e.id: e for e in entries}
    titles: dict[str, Entry] = {}
    for e in entries:
        if e.kind == "policy":
            for d in e.versions:
                titles.setdefault(key(d.title), e)
    repeals: dict[str, list[str]] = defaultdict(list)
    amends: dict[str, list[str]] = defaultdict(list)
    issued: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        v = e.main.facts.validity if e.main.facts else None
        if v is not None and e.kind in STATING_KINDS:
            for c in v.repeals:
                target = _cited_entry(index, c.title, c.doc_number)
                if target is not None and target.id != e.id and target.id not in repeals[e.id]:
                    repeals[e.id].append(target.id)
            for a in v.amends:
                target = _cited_entry(index, a.citation.title, a.citation.doc_number)
                if target is None or target.id == e.id:
                    continue
                src, dst = (e.id, target.id) if a.relation == "amends" else (target.id, e.id)
                if dst not in amends[src]:
                    amends[src].append(dst)
        if (target := _issued_document(e, titles, index)) is not None:
            for a, b in ((e.id, target.id), (target.id, e.id)):
                if b not in issued[a]:
                    issued[a].append(b)
    repealed_by, amended_by = _both_ways(repeals), _both_ways(amends)
    return [with_fields(e, repeals=tuple(repeals.get(e.id, ())), repealed_by=tuple(sorted(repealed_by.get(e.id, ()))),
                        amends=tuple(amends.get(e.id, ())), amended_by=tuple(sorted(amended_by.get(e.id, ()))),
                        issued_with=tuple(sorted(issued.get(e.id, ()))),
                        citation_links=citation_links(e, index, by_id),
                        unresolved_citations=unresolved_citations(e, index)) for e in entries]


# --- themes ----------------------------------------------------------------------------------------------


def theme_scores(title: str, body: str, in_body: dict[str, int] | None = None,
                 in_title: dict[str, int] | None = None) -> list[tuple[int, str]]:
    """Keyword evidence per theme; department names are blanked first (能源 in 国家能源局 is no evidence).

    in_body, in_title: the keyword counts of the blanked body and title when already known."""
    if in_title is None:
        in_title = dict(keywords(title))
    if in_body is None:
        in_body = dict(keywords(body))
    themes = VOCAB.themes
    title_hits, body_hits = _hits_per_theme(in_title), _hits_per_theme(in_body)
    scores = []
    for n in sorted(title_hits.keys() | body_hits.keys()):
        score = TITLE_WEIGHT * title_hits.get(n, 0) + min(body_hits.get(n, 0), 15)
        if score:
            scores.append((score, themes[n].name))
    return sorted(scores, key=lambda s: (-s[0], s[1]))


def _hits_per_theme(counts: dict[str, int]) -> dict[int, int]:
    """Theme index → the sum of its keywords' counts, going through the keywords found (a few dozen)
    rather than through every keyword of every theme."""
    themes_of = VOCAB.keyword_themes
    hits: dict[int, int] = {}
    for k, c in counts.items():
        for n in themes_of.get(k, ()):
            hits[n] = hits.get(n, 0) + c
    return hits


def choose_themes(title: str, body: str, in_body: dict[str, int] | None = None,
                  in_title: dict[str, int] | None = None) -> tuple[str, ...]:
    scores = theme_scores(title, body, in_body, in_title)
    if not scores:
        return ()
    top = scores[0][0]
    chosen = [name for score, name in scores if score >= THEME_MIN and score >= top / 4][:MAX_THEMES]
    return tuple(chosen or [scores[0][1]])


def entry_keywords(e: Entry) -> dict[str, int]:
    """Theme keyword counts of the bodies of all versions, summed from what extract counted per document
    (vocabulary words hold no line break, so this equals counting their joined text)."""
    counts: dict[str, int] = {}
    for d in e.versions:
        for k, n in d.keyword_counts:
            counts[k] = counts.get(k, 0) + n
    return counts


def entry_themes(e: Entry) -> tuple[str, ...]:
    title, main = e.title + (e.heading or ""), e.main
    in_title = dict(main.title_keyword_counts) if title == main.title + (main.heading or "") else None
    return choose_themes(title, "", entry_keywords(e), in_title)


def assign_themes(entries: list[Entry]) -> list[Entry]:
    own = {e.id: entry_themes(e) for e in entries}
    by_id = {e.id: e for e in entries}
    out = []
    for e in entries:
        themes = own[e.id]
        if e.kind in ("interpretation", "news") and e.interprets:
            inherited = tuple(t for i in e.interprets for t in own[by_id[i].id])
            themes = tuple(dict.fromkeys(inherited)) or themes
        out.append(with_fields(e, themes=themes))
    return out


# --- the stage -------------------------------------------------------------------------------------------


def resolve(compilations: tuple[Compilation, ...], duplicates: tuple[str, ...] = ()) -> Library:
    # the output never depends on the order inputs were given: compilations in id order (period first,
    # then a hash of the bytes), so merging, first-seen titles and corpus.json are the same every run
    compilations = tuple(sorted(compilations, key=lambda c: c.id))
    duplicates = tuple(sorted(duplicates))
    groups = merge(compilations)
    entries = identify(groups)
    doc_to_entry = {id(d): e.id for e in entries for d in e.versions}
    order = [(c.id, doc_to_entry[id(d)]) for c in compilations for d in c.documents]
    index = TitleIndex(entries)
    entries = link_interpretations(entries, order, index)
    entries = link_citations(entries, index)
    entries = assign_themes(entries)
    entries = link_validity(entries, index)
    return Library(compilations, tuple(entries), duplicates, unresolved_counts(entries))
