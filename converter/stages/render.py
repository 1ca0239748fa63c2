"""Stage 5 — render (annotate): the library in, Markdown pages + corpus.json out, as {path: text}.

Nothing here touches the disk; `build.write_pages` does. Every piece of input text goes through
`text()` (HTML and Markdown escaped) before it reaches a page.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import json
import posixpath
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable

import jinja2

from converter.model import Block, Compilation, Entry, Library, Occurrence
from converter.text.dates import period_start
from converter.text.numerals import cn_number
from converter.text.slug import slug
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: What render() produces at the top of a docs folder (the rest of the folder is hand-written).
GENERATED_TOP = ("documents", "issues", "reports", "departments", "themes", "types", "data", "index.md", "timeline.md",
                 "feed.xml", "eli", "status.md", "targets.md", "status", "targets")
#: The Atom feed: documents newest issue first, in their order within the issue; the latest FEED_MAX.
FEED = "feed.xml"
FEED_MAX = 200
#: The jieba user dictionary for the search index, built from the corpus.
SEARCH_WORDS = "data/search-words.txt"
KIND_LABEL = {"policy": "政策文件", "interpretation": "政策解读", "news": "新闻报道", "digest_item": "政策速览"}
LEVEL_LABEL = {"national": "国家", "provincial": "地方", "municipal": "地方"}


# --- escaping and links ----------------------------------------------------------------------------


def text(s: str) -> str:
    """Input text made inert in Markdown + HTML: entities for <>&, backslashes for Markdown syntax; a
    telephone number glued to the e-mail address after it is given its space (PHONE_GLUED_TO_EMAIL).

    Short texts (titles, names: each printed on many index pages) are remembered."""
    if (done := _TEXT_MEMO.get(s)) is not None:
        return done
    out = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")   # html.escape(s, quote=False)
    if "@" in out:                                     # a telephone number glued to an e-mail address
        out = P.PHONE_GLUED_TO_EMAIL.sub(r"\1 ", out)
    if P.MD_INLINE.search(out):                         # (a template sub calls into Python first)
        out = P.MD_INLINE.sub(r"\\\1", out)
    if m := P.MD_LINE_START.match(out):                # (`^` without MULTILINE: the start only)
        out = (f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}") + out[m.end():]
    if len(s) <= TEXT_MEMO_LENGTH:
        if len(_TEXT_MEMO) >= TEXT_MEMO_SIZE:
            _TEXT_MEMO.clear()
        _TEXT_MEMO[s] = out
    return out


#: `text` remembers texts up to this long, this many at most (then it starts afresh).
TEXT_MEMO_LENGTH = 100
TEXT_MEMO_SIZE = 50_000
_TEXT_MEMO: dict[str, str] = {}


def xml_text(s: str) -> str:
    """Text in XML (the feed): & < > escaped. (xml.sax.saxutils does the same, and imports urllib and
    email with it: 0.03 s of every convert.)"""
    return html.escape(s, quote=False)


def xml_attr(s: str) -> str:
    """An XML attribute value, quoted."""
    return f'"{html.escape(s, quote=True)}"'


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def rel(src: str, dst: str) -> str:
    """Relative link from page `src` to page `dst` (both relative to the docs folder). Both are
    rooted at `/` first: relpath of relative paths asks the OS for the working directory, twice."""
    return _rel(posixpath.dirname(src), dst)


@functools.lru_cache(maxsize=1 << 15)
def _rel(folder: str, dst: str) -> str:
    """rel's answer by the source page's folder: the index pages of one folder link the same documents."""
    return posixpath.relpath("/" + dst, "/" + folder)


def link(src: str, entry: Entry) -> str:
    return f"[{text(entry.title)}]({rel(src, entry.path)})"


def department_slug(name: str) -> str:
    d = VOCAB.departments.get(name)
    return d.slug if d else "org-" + slug(name, 30)


def department_of(name: str) -> str:
    """Index pages list sub-units (工业和信息化部办公厅) under their parent."""
    return VOCAB.parent(name) or name


def theme_slug(name: str) -> str:
    return next((t.slug for t in VOCAB.themes if t.name == name), slug(name))


def issue_path(comp: Compilation) -> str:
    return f"issues/{comp.id}.md"


def issue_label(comp: Compilation) -> str:
    c = comp.cover
    parts = [c.publisher, c.title or "政策汇编", c.period, c.issue]
    return " ".join(p for p in parts if p) or comp.source.name


def front_matter(meta: dict) -> str:
    """Front matter as JSON (which is YAML: MkDocs reads it with its YAML loader), on one line.

    JSON, not PyYAML's dumper: the dumper's representer, in Python, cost more than the rest of a
    document page (0.6 s of 1.0 at 100 issues); `json.dumps` is C. Characters YAML reads differently
    from JSON (its line breaks NEL, LS, PS inside a quoted string; what YAML does not allow in a file:
    DEL, C1 controls, BOM, U+FFFE/U+FFFF) are written as `\\u` escapes, which both read alike. The
    theme prints `title` and `description` unescaped (page <title>, header, <meta content="…">), so
    they are stored HTML-escaped: the browser shows the characters, never markup."""
    meta = {**meta, "title": html.escape(meta["title"], quote=True)}
    if meta.get("description"):
        meta["description"] = html.escape(meta["description"], quote=True)
    data = json.dumps(meta, ensure_ascii=False)
    if P.YAML_NOT_JSON.search(data):
        data = P.YAML_NOT_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", data)
    return f"---\n{data}\n---\n\n"


# --- templates -----------------------------------------------------------------------------------------

#: Every page, index page and the feed is made from a template in this folder.
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def padded(rows) -> list[list[str]]:
    """A table's rows, each as long as the longest (Markdown tables need every cell)."""
    width = max(len(r) for r in rows)
    return [list(r) + [""] * (width - len(r)) for r in rows]


@functools.cache
def templates() -> jinja2.Environment:
    """The Jinja environment of converter/templates/. Nothing is escaped by Jinja itself: Markdown
    pages pass every input text through the `text` filter, the feed through `xml_text` / `xml_attr`."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             auto_reload=False)
    env.filters.update(text=text, attr=attr, xml_text=xml_text, xml_attr=xml_attr, padded=padded, reader_date=reader_date)
    env.globals.update(rel=rel, link=link, issue_label=issue_label, issue_path=issue_path, kind_label=KIND_LABEL, page_label=page_label, type_label=type_label,
                       lead_sentence=P.LEAD_SENTENCE.match, feed=FEED)
    return env


def page_label(o: Occurrence, comp: Compilation) -> str:
    """Where a reader finds a document in its issue: the number printed on the page (its footer, or the
    TOC) when known, else the physical page when the issue has pages (PDF, Word, page breaks); nothing
    for a text with neither (never 第 1 页 for every document)."""
    if o.printed_page:
        return f"第 {o.printed_page} 页"
    if o.start_page and any((d.occurrence.end_page or 0) > 1 for d in comp.documents):
        return f"第 {o.start_page} 页" if o.end_page in (None, o.start_page) else f"第 {o.start_page}–{o.end_page} 页"
    return ""


def page(template: str, meta: dict | None = None, **context) -> str:
    """A Markdown page from its template: front matter from `meta`, one newline at the end."""
    if meta is not None:
        context["front_matter"] = front_matter(meta)
    out = templates().get_template(template).render(context)
    return out.rstrip("\n") + "\n"


# --- document pages ----------------------------------------------------------------------------------

#: Most documents a document page lists under each kind of relation (interpreted by, cites, cited by):
#: a document cited by every issue would otherwise list thousands at 1,000 issues (690 lines, 221 KB
#: of Markdown, measured); the rest are counted.
MAX_RELATED = 100


def reader_date(iso: str | None) -> str | None:
    """An ISO date as a Chinese reader writes it: 2024-07-30 → 2024年7月30日 (2024-07 → 2024年7月)."""
    if not iso:
        return None
    parts = iso.split("-")
    out = f"{parts[0]}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def type_label(e: Entry) -> str | None:
    """The 文种 a reader is shown: the document's own (通知, 意见, 专家解读…); for a policy of unknown
    type nothing (never 政策文件); for interpretations and news without one, their kind."""
    return e.subtype or (KIND_LABEL[e.kind] if e.kind != "policy" else None)


def interpretation_order(e: Entry) -> tuple:
    """Interpretations in the order a reader takes them: numbered ones (之一, 解读二 …) by number, then
    other interpretations, then press Q&A (答记者问), then news; each by date, then title."""
    m = P.INTERPRETATION_ORDINAL.search(e.title)
    if e.kind == "news":
        rank = 3
    elif m:
        rank = 0
    elif P.PRESS_QA.search(e.title) or e.subtype == "答记者问":
        rank = 2
    else:
        rank = 1
    number = (int(m["n"]) if m["n"].isdigit() else cn_number(m["n"])) if m else 0
    return rank, number, e.date or "", e.title


#: The longest meta description (search engines show about this many characters of Chinese text).
DESCRIPTION_MAX = 120


def document_description(e: Entry) -> str:
    """The page's meta description: what the card says in one line, then the start of the text."""
    facts = "，".join(x for x in (type_label(e), e.doc_number, "、".join(e.issuers), reader_date(e.date)) if x)
    start = next((b.text for b in e.main.blocks if b.kind in ("p", "lead") and len(b.text) >= 20), "")
    out = f"{e.title}（{facts}）" if facts else e.title
    if start:
        out += "：" + start
    return out if len(out) <= DESCRIPTION_MAX else out[:DESCRIPTION_MAX - 1] + "…"


#: Heading kinds of a body and their levels (the page title is the h1; an 附件 line is shown as an h2).
HEADING_LEVELS = {"h2": 2, "h3": 3, "h4": 4, "attachment": 2}


def outline(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks with no heading level skipped: a heading is at most one level below the one before
    it (a body that goes from 一、 straight to 1., or opens with （一）, gets h3 where it had h4, h2
    where it had h3), as screen readers and the page's table of contents expect."""
    out, last, in_column = [], 1, False
    for b in blocks:
        in_column = (in_column or b.kind == "column_start") and b.kind != "column_end"
        if (level := HEADING_LEVELS.get(b.kind)) is not None:
            if level > last + 1 and not in_column and b.kind != "attachment":   # (a 专栏's h4 stays indented)
                level = last + 1
                b = replace(b, kind=f"h{level}")
            last = level
        out.append(b)
    return tuple(out)


def page_link(entry: Entry) -> str:
    """The built page of an entry, relative to the site's top (templates put base_url before it)."""
    return entry.path[:-3] + ".html"


def written_date(e: Entry) -> str | None:
    """The 成文日期 a version prints (Entry.date falls back on the 发布日期 when none does)."""
    return next((d.date for d in e.versions if d.date), None)


def document_page(e: Entry, lib: Library, by_id: dict[str, Entry], comps: dict[str, Compilation],
                  whole: LibraryFacts | None = None) -> str:
    interpretations = sorted((by_id[i] for i in e.interpreted_by), key=interpretation_order)
    meta = {
        "title": e.title,
        "template": "document.html",
        "description": document_description(e),
        "id": e.id,
        "kind": e.kind,
        "kind_label": KIND_LABEL[e.kind],
        "subtype": e.subtype,
        "type_label": type_label(e),
        "doc_number": e.doc_number,
        "issuers": list(e.issuers),
        # 成文日期 when one is printed; a 政策速览 entry gives the date the policy was published (发布)
        "date": written_date(e),
        "date_text": reader_date(written_date(e)),
        "date_label": "发布日期" if e.kind == "digest_item" else "成文日期",
        "level": e.level,
        "themes": list(e.themes),
        "departments": [{"name": i, "url": f"departments/{department_slug(department_of(i))}.html"}
                        for i in e.issuers],
        "theme_links": [{"name": t, "url": f"themes/{theme_slug(t)}.html"} for t in e.themes],
        "sources": [{"issue": issue_label(comps[o.compilation]), "url": f"issues/{o.compilation}.html",
                     "source": o.source, "lines": f"{o.start_line}–{o.end_line}",
                     "page": page_label(o, comps[o.compilation]) or None} for o in e.occurrences],
        "interpretations": [{"title": t.title, "url": page_link(t), "label": type_label(t) or KIND_LABEL[t.kind],
                             "date_text": reader_date(t.date)} for t in interpretations],
        "interprets": [{"title": by_id[i].title, "url": page_link(by_id[i]), "doc_number": by_id[i].doc_number}
                       for i in e.interprets] + [{"title": u, "url": None, "doc_number": None} for u in e.unresolved],
    }
    if e.heading:
        meta["official_title"] = e.title
        meta["heading"] = e.heading
    if e.published and e.kind != "digest_item":   # (a 政策速览 entry's date is its 发布日期 already)
        meta["published"], meta["published_text"] = e.published, reader_date(e.published)
    digests = [d for d in e.versions[1:] if d.kind == "digest_item"]
    facts = document_facts(e, whole or library_facts(lib), by_id)
    meta.update(facts.pop("meta"))
    meta["facets"] = search_facets(e, by_id)
    return page("document.md.j2", meta, here=e.path, e=e, blocks=outline(e.main.blocks), digests=digests,
                by_id=by_id, comps=comps, max_related=MAX_RELATED, interpreters=interpretations, **facts)


#: Levels as the search facet names them.
FACET_LEVEL = {"national": "国家", "provincial": "省", "municipal": "市"}


def search_facets(e: Entry, by_id: dict[str, Entry]) -> dict:
    """What the search filters a document by (converter/site/search reads it from the front matter):
    department (the parent body of each issuer), year, 文种, kind, level; for a policy, the dates its
    status is computed from in the browser."""
    from converter.stages import render_facts as F

    out = {"department": list(dict.fromkeys(department_of(i) for i in e.issuers)),
           "year": e.date[:4] if e.date else None, "doctype": e.subtype or KIND_LABEL[e.kind],
           "kind": KIND_LABEL[e.kind], "level": FACET_LEVEL.get(e.level, e.level)}
    if e.kind == "policy":
        sf = F.status_facts(e, by_id)
        out.update(policy=True, commence=sf["commence"], expire=sf["expire"], repealed=bool(sf["repealed_by"]))
    return out


def document_facts(e: Entry, whole: LibraryFacts, by_id: dict[str, Entry]) -> dict:
    """What a document page shows of annotate's facts (render_facts.py): the status line, an anchor
    on every block, citations linked to their article, the targets table; JSON-LD in its meta."""
    from converter.stages import render_facts as F

    anchors = F.block_anchors(e)
    links = F.links_by_block(e)

    def linked(i: int, s: str, a: int = 0, b: int | None = None) -> str:
        """s[a:b] of block i, escaped, its citations linked (those that fit inside the stretch)."""
        b = len(s) if b is None else b
        if i not in links:
            return text(s[a:b])
        inside = [ln for ln in links[i] if a <= ln.start and ln.end <= b]
        shifted = [type(ln)(ln.block, ln.start - a, ln.end - a, ln.target, ln.anchor) for ln in inside]
        return F.linked_text(s[a:b], shifted, e.path, by_id)

    meta = {"jsonld": F.jsonld_script(F.jsonld(e, by_id, whole.eli, whole.day)),
            "cite_title": e.title, "cite_number": e.doc_number}
    return {"meta": meta, "status_line": F.status_html(e, by_id) if e.kind == "policy" else "",
            "mark": lambda i: F.anchor_attrs(anchors.get(i)), "html_mark": lambda i: F.anchor_html_attrs(anchors.get(i)),
            "linked": linked, "targets": F.targets_section(e)}


@dataclasses.dataclass(frozen=True)
class LibraryFacts:
    """What every document page of a library reads of the whole library, worked out once by render():
    the ELI aliases and the day statuses are stated for without a clock."""

    eli: dict
    day: str


def library_facts(lib: Library) -> LibraryFacts:
    from converter.stages import render_facts as F
    return LibraryFacts(F.eli_paths(lib), reference_day(lib))


def reference_day(lib: Library) -> str:
    """The day a build states statuses for where no browser recomputes them (JSON-LD, the status page
    without scripts): the first day of the newest issue's period, else the newest document date. A
    build never reads the clock: two builds of the same inputs are the same."""
    times = [t[:10] for c in lib.compilations if (t := issue_time(c))]
    dates = [e.date for e in lib.entries if e.date]
    return max(times or dates or ["2000-01-01"])


# --- index pages ---------------------------------------------------------------------------------------


def by_date(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date or "0000", e.title), reverse=True)


#: Most lines one index page lists. A line is up to about 600 bytes of HTML (MkDocs percent-encodes
#: the link: 9 bytes a character of a file name), the theme around a page about 25 KB: 200 lines keep
#: a page near 145 KB, under the 200 KB every page must stay within at 1,000 issues (the timeline and
#: 文种 pages listed every document: 6.9 MB of Markdown each; 275 lines measured 157 KB). A longer list
#: is split by year (the newest year on the list's own page, the others at `<page>/<year>.md`), a
#: year still too long by month (`<year>-<month>`), a month still too long into numbered parts.
MAX_LIST = 200
#: Part key and label of entries without a date (listed last, as by_date orders them).
UNDATED_KEY, UNDATED_LABEL = "undated", "日期不详"
#: Issues listed on the home page (all of them on issues/index.md).
HOME_ISSUES = 24


def _runs(items: list, key) -> list[tuple[str, list]]:
    """Consecutive items with the same key (the items are ordered by it)."""
    out: list[tuple[str, list]] = []
    for item in items:
        k = key(item)
        if out and out[-1][0] == k:
            out[-1][1].append(item)
        else:
            out.append((k, [item]))
    return out


def _month_label(key: str) -> str:
    return f"{key[:4]} 年 {int(key[5:7])} 月"


def _chunks(items: list, limit: int, size) -> list[list]:
    """Consecutive runs of items, each weighing at most `limit` (an item heavier than that alone)."""
    out: list[list] = []
    weight = 0
    for item in items:
        w = size(item)
        if not out or weight + w > limit:
            out.append([])
            weight = 0
        out[-1].append(item)
        weight += w
    return out


def _one(_item) -> int:
    return 1


def split_list(items: list, date_of, limit: int | None = None, size=None) -> list[tuple[str, str, list]]:
    """(key, label, items) parts of a list ordered newest first, each weighing at most `limit`: the
    whole list when it fits (key ""), else one part per year, per month of a year that does not fit,
    and numbered parts of a month that does not fit. `date_of(item)` is an ISO date or None;
    `size(item)` an item's weight (1 unless given: `limit` is then a number of lines; the fact pages
    give bytes); `limit` is MAX_LIST unless given. An item heavier than `limit` makes a part alone."""
    limit = MAX_LIST if limit is None else limit
    size = size or _one

    def fits(run: list) -> bool:
        return sum(map(size, run)) <= limit

    if fits(items):
        return [("", "", items)]
    parts = []
    for year, in_year in _runs(items, lambda x: (date_of(x) or "")[:4] or UNDATED_KEY):
        if fits(in_year):
            parts.append((year, _year_label(year), in_year))
            continue
        for month, in_month in _runs(in_year, lambda x: (date_of(x) or "")[:7] if len(date_of(x) or "") >= 7
                                     else year):
            label = _year_label(month) if len(month) != 7 or month == UNDATED_KEY else _month_label(month)
            chunks = _chunks(in_month, limit, size)
            for n, chunk in enumerate(chunks, 1):
                parts.append((month if len(chunks) == 1 else f"{month}-{n}",
                              label if len(chunks) == 1 else f"{label}（{n}）", chunk))
    return parts


def _part_year(key: str) -> str:
    return UNDATED_KEY if key.startswith(UNDATED_KEY) else key[:4]


def _year_label(year: str) -> str:
    return UNDATED_LABEL if year == UNDATED_KEY else f"{year} 年"


def part_pages(path: str, parts: list[tuple[str, str, list]],
               overview: bool = False) -> list[tuple[str, str, list, list, list]]:
    """(page path, label, items, year links, links within the year) of each part: the first part at
    `path` itself, the others at `<path without .md>/<key>.md`; with `overview`, every part in that
    folder, the first too (`path` is then the overview of the parts, part_overview, which the caller
    writes). Year links: (year label, relative link to the year's first part, None for the page's own
    year); links within the year, when the page's year has several parts (months): (label, link, None
    for the page itself). A list that was not split gives one page, at `path`, and no links. Links are
    made from the two folders' names (the parts sit in a folder beside the list's page), without a path
    computation per pair: a timeline of 1,000 monthly parts would need a million."""
    name = path[:-3].rsplit("/", 1)[-1]
    keys = [key for key, _, _ in parts]
    first = 0 if overview else 1                   # the first part in the folder

    def href(i: int, j: int) -> str:
        if j < first:
            return f"../{name}.md"
        return f"{name}/{keys[j]}.md" if i < first else f"{keys[j]}.md"

    years: dict[str, list[int]] = {}
    for j, key in enumerate(keys):
        years.setdefault(_part_year(key), []).append(j)
    out = []
    for i, (key, label, items) in enumerate(parts):
        if len(parts) == 1:
            out.append((path, label, items, [], []))
            continue
        here = path if i < first else f"{path[:-3]}/{key}.md"
        mine = _part_year(key)
        year_links = [(_year_label(y), None if y == mine else href(i, js[0])) for y, js in years.items()]
        within = [] if len(years[mine]) == 1 else [(parts[j][1], None if j == i else href(i, j)) for j in years[mine]]
        out.append((here, label, items, year_links, within))
    return out


def part_overview(path: str, parts: list[tuple[str, str, list]]) -> list[tuple[str, str | None, int, list]]:
    """What the overview at `path` of a list split with part_pages(…, overview=True) shows, per year in
    the parts' order: (year label, link to the year's page when the year is one part, else None,
    number of items in the year, [(label, link, number of items)] of its parts when it has several)."""
    name = path[:-3].rsplit("/", 1)[-1]
    years: dict[str, list[tuple[str, str, int]]] = {}
    for key, label, items in parts:
        years.setdefault(_part_year(key), []).append((label, f"{name}/{key}.md", len(items)))
    return [(_year_label(y), ps[0][1] if len(ps) == 1 else None, sum(n for *_, n in ps), [] if len(ps) == 1 else ps)
            for y, ps in years.items()]


def part_header(neighbours: list[tuple[str, str]], within: list) -> str:
    """The Markdown of the links of a part of a list split with an overview, for pages written without
    a template (render_facts.split_pages), by the macros of _macros.md.j2: the overview and the
    neighbours, then the parts of the page's year. No link per year (part_pages' year links): a year's
    link names its newest part, which a new month changes, and every part would change with it; the
    overview links every part."""
    macros = templates().get_template("_macros.md.j2").module
    return "\n\n".join([str(macros.neighbour_links(neighbours))] + ([str(macros.part_links([], within)).strip("\n")]
                                                                   if within else []))


def part_neighbours(path: str, parts: list[tuple[str, str, list]]) -> list[list[tuple[str, str]]]:
    """Links of each part of a list split with part_pages(…, overview=True): (label, link) to the
    overview, to the part before it (newer) and to the part after it (older)."""
    name = path[:-3].rsplit("/", 1)[-1]
    out = []
    for i in range(len(parts)):
        links = [("总览", f"../{name}.md")]
        if i > 0:
            links.append((f"较新：{parts[i - 1][1]}", f"{parts[i - 1][0]}.md"))
        if i + 1 < len(parts):
            links.append((f"较早：{parts[i + 1][1]}", f"{parts[i + 1][0]}.md"))
        out.append(links)
    return out


def list_pages(path: str, title: str, entries: list[Entry], describe: Callable[[str, int], str],
               **context) -> dict[str, str]:
    """A department's, theme's or 文种's documents, newest first: one page, or one per part (split_list).
    `describe(label, count)`: the page's description, of the whole list (label "") or of a part.
    The list's own page (`path`: the whole list, or its newest part) gives the number of documents of
    the whole list; the other parts give their own only, so that a new issue changes the parts its
    documents are dated in, not every part of every list it adds to (at 100 issues 250 of the 300
    pages a new issue changed were parts that had changed only their total)."""
    pages = {}
    for here, label, items, links, within in part_pages(path, split_list(by_date(entries), lambda e: e.date)):
        name = f"{title}（{label}）" if label else title
        whole = here == path
        pages[here] = page("list.md.j2", {"title": name, "description": describe("" if whole else label,
                                                                                  len(entries) if whole else len(items))},
                           here=here, title=title, part=label, entries=items,
                           total=len(entries) if whole else None, parts=links, within=within, **context)
    return pages


def issue_year(comp: Compilation) -> str | None:
    t = issue_time(comp)
    return t[:10] if t else None


def issue_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry], first_seen: dict[str, str]) -> str:
    c = comp.cover
    facts = [("期号", c.issue), ("出版单位", c.publisher), ("日期", c.period)]
    documents, listed = [], set()                     # each document once (a 速览 entry and its full text)
    for d in comp.documents:
        if (e := doc_entry[id(d)]).id not in listed:
            listed.add(e.id)
            documents.append((d, e))
    new = [e for _, e in documents if first_seen.get(e.id) == comp.id]
    label = issue_label(comp)
    description = f"{label}：收录 {len(documents)} 篇文件，其中 {len(new)} 篇首次收录。"
    # no table of contents beside the issue's own 目录 (a sidebar "目录" holding one entry "目录")
    return page("issue.md.j2", {"title": label, "description": description, "hide": ["toc"]}, here=issue_path(comp),
                label=label, facts=facts, documents=documents, new=new, new_ids={e.id for e in new},
                report=f"reports/{comp.id}.md", comp=comp)


#: Invisible characters removed while cleaning, as the report names them.
REMOVED_LABELS = {"bidi control": "双向文字控制符（可使文号、日期显示颠倒）", "control character": "控制字符（如 NUL）"}
#: Why a line was dropped as page furniture (clean's and the PDF/Word readers' reasons), as the report
#: names it: the report is Chinese throughout.
FURNITURE_LABELS = {"page number": "页码", "running header": "页眉", "running footer": "页脚", "running title": "页眉（刊名期号）",
                    "imprint footer": "页脚（版权信息）", "stray link": "孤立链接", "editor credit": "责任编辑署名"}


def unresolved_listing(comp: Compilation, doc_entry: dict[int, Entry]) -> list[dict]:
    """The unresolved citations of an issue's documents, per document in the issue's order: each
    citation as printed (`《…》（国发〔2024〕7号）`), the lines of the paragraph it is in, and the anchor
    of that paragraph on the document page when it has one. `source`: the file those lines are in,
    when the text shown is another issue's print of the document."""
    from converter.stages import render_facts as F

    out, seen = [], set()
    for d in comp.documents:
        e = doc_entry[id(d)]
        if e.id in seen or not e.unresolved_citations:
            continue
        seen.add(e.id)
        anchors = F.block_anchors(e)
        items = []
        for c in e.unresolved_citations:
            b = e.main.blocks[c.span.block]
            lines = (f"第 {b.lines[0]} 行" if len(b.lines) == 1 or b.lines[0] == b.lines[-1]
                     else f"第 {b.lines[0]}–{b.lines[-1]} 行") if b.lines else None
            items.append({"text": b.text[c.span.start:c.span.end], "lines": lines,
                          "anchor": a.id if (a := anchors.get(c.span.block)) else None})
        out.append({"entry": e, "citations": items,
                    "source": e.main.occurrence.source if e.main.occurrence.compilation != comp.id else None})
    return out


def report_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry]) -> str:
    docs = comp.documents
    policies = [d for d in docs if d.kind == "policy"]
    missing = [("无文号的政策文件", [doc_entry[id(d)] for d in policies if not d.doc_number]),
               ("无成文日期的政策文件", [doc_entry[id(d)] for d in policies if not d.date])]
    unresolved: dict[str, list[str]] = {}
    for d in docs:
        e = doc_entry[id(d)]
        for title in e.unresolved:
            unresolved.setdefault(title, [])
            if e.title not in unresolved[title]:
                unresolved[title].append(e.title)
    label = issue_label(comp)
    by_toc = {d.toc_title: doc_entry[id(d)] for d in docs if d.toc_title}
    return page("report.md.j2", {"title": f"转换报告：{label}", "description": f"{label}的转换报告：识别的文件、删除的版面元素、未对应的目录条目。"},
                here=f"reports/{comp.id}.md", label=label, comp=comp, docs=docs,
                count={k: sum(d.kind == k for d in docs) for k in KIND_LABEL},
                unresolved=lib.unresolved_citations.get(comp.id, 0), removed_labels=REMOVED_LABELS,
                furniture_labels=FURNITURE_LABELS,
                missing=missing, unresolved_titles=sorted(unresolved.items()), toc=comp.cover.toc, by_toc=by_toc,
                unresolved_citations=unresolved_listing(comp, doc_entry))


def largest_first(groups: dict[str, tuple[str, list[Entry]]]) -> list[tuple[str, str, int]]:
    """(name, path, number of documents) of each group, the largest first, then by name."""
    return [(name, path, len(entries)) for name, (path, entries) in
            sorted(groups.items(), key=lambda g: (-len(g[1][1]), g[0]))]


def render(lib: Library) -> dict[str, str | Callable[[], str]]:
    """Every generated page and the corpus export, keyed by path relative to the docs folder. A
    document page is given as the function that makes it: build.write_pages calls it where it
    writes the page, on every core."""
    pages: dict[str, str] = {}
    by_id = {e.id: e for e in lib.entries}
    comps = {c.id: c for c in lib.compilations}
    doc_entry = {id(d): e for e in lib.entries for d in e.versions}
    first_seen: dict[str, str] = {}
    whole = library_facts(lib)
    for c in lib.compilations:
        for d in c.documents:
            first_seen.setdefault(doc_entry[id(d)].id, c.id)

    for e in lib.entries:                               # made where written (build.write_pages)
        pages[e.path] = functools.partial(document_page, e, lib, by_id, comps, whole)
    for c in lib.compilations:
        pages[issue_path(c)] = issue_page(c, lib, doc_entry, first_seen)
        pages[f"reports/{c.id}.md"] = report_page(c, lib, doc_entry)

    departments: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        for d in dict.fromkeys(department_of(i) for i in e.issuers):
            departments[d].append(e)
    dept_groups = {}
    for name, entries in departments.items():
        path = f"departments/{department_slug(name)}.md"
        subunits = sorted({i for e in entries for i in e.issuers if department_of(i) == name and i != name})
        pages.update(list_pages(path, name, entries,
                                lambda label, n, name=name: f"{name}发布的政策文件、解读与新闻"
                                                            f"{f'（{label}）' if label else ''}，共 {n} 篇，最新的在前。",
                                level=LEVEL_LABEL[VOCAB.level(name)], subunits=subunits))
        dept_groups[name] = (path, entries)
    pages["departments/index.md"] = page("groups.md.j2", {"title": "发文机关", "description": "按发文机关浏览本站收录的政策文件。"}, here="departments/index.md",
                                         title="发文机关", groups=largest_first(dept_groups),
                                         intro="按发文机关浏览（别名与下属单位已归并）。")

    themes: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        for t in e.themes:
            themes[t].append(e)
    theme_groups = {}
    for name, entries in themes.items():
        path = f"themes/{theme_slug(name)}.md"
        pages.update(list_pages(path, name, entries,
                                lambda label, n, name=name: f"主题“{name}”下的政策文件、解读与新闻"
                                                            f"{f'（{label}）' if label else ''}，共 {n} 篇。",
                                level=None))
        theme_groups[name] = (path, entries)
    pages["themes/index.md"] = page("groups.md.j2", {"title": "主题", "description": "按主题浏览本站收录的政策文件。"}, here="themes/index.md", title="主题",
                                    groups=largest_first(theme_groups), intro="按主题浏览。")

    types: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        types[e.subtype or KIND_LABEL[e.kind]].append(e)
    type_names = sorted(types, key=lambda t: (-len(types[t]), t))
    types_description = "按文种（通知、意见、方案、解读……）浏览本站收录的文件。"
    if len(lib.entries) <= MAX_LIST:                    # one page: every document under its 文种
        pages["types/index.md"] = page("types.md.j2", {"title": "文种", "description": types_description},
                                       here="types/index.md",
                                       types=[(name, by_date(types[name])) for name in type_names])
    else:                                               # an index of 文种, a list (or lists) per 文种
        type_groups = {}
        for name in type_names:
            path = f"types/{slug(name, 30)}.md"
            pages.update(list_pages(path, name, types[name],
                                    lambda label, n, name=name: f"文种为“{name}”的文件{f'（{label}）' if label else ''}，"
                                                                f"共 {n} 篇。",
                                    level=None))
            type_groups[name] = (path, types[name])
        pages["types/index.md"] = page("groups.md.j2", {"title": "文种", "description": types_description},
                                       here="types/index.md", title="文种",
                                       groups=largest_first(type_groups), intro="按文种浏览。")

    for here, label, items, links, within in part_pages("timeline.md",
                                                        split_list(by_date(lib.entries), lambda e: e.date)):
        months: dict[str, list[Entry]] = defaultdict(list)
        for e in items:
            if e.date:
                months[e.date[:7]].append(e)
        undated = sorted((e for e in items if not e.date), key=lambda e: e.title)
        pages[here] = page("timeline.md.j2", {"title": f"时间线（{label}）" if label else "时间线",
                                              "description": "全部文件按成文日期排列，最新的在前。"},
                           here=here, part=label, parts=links, within=within, undated=undated,
                           months=[(reader_date(m), by_date(months[m])) for m in sorted(months, reverse=True)])

    issues = sorted(lib.compilations, key=issue_order, reverse=True)
    for here, label, items, links, within in part_pages("issues/index.md", split_list(issues, issue_year)):
        pages[here] = page("issues.md.j2", {"title": f"各期汇编（{label}）" if label else "各期汇编",
                                            "description": "本站收录的各期政策汇编，最新的在前。"}, here=here,
                           issues=items, part=label, parts=links, within=within,
                           total=len(issues) if here == "issues/index.md" else None)   # as list_pages
    count = {k: sum(e.kind == k for e in lib.entries) for k in KIND_LABEL}
    home_description = (f"{len(lib.compilations)} 期政策汇编、{len(lib.entries)} 篇政策文件、解读与新闻："
                        "按发文机关、主题、时间和文种浏览，全文检索。")
    pages["index.md"] = page("home.md.j2", {"title": "政策汇编站", "description": home_description}, here="index.md",
                             issues=issues[:HOME_ISSUES], issue_count=len(issues),
                             total=len(lib.entries), latest=issues[0] if issues else None,
                             counts=[f"{KIND_LABEL[k]} {v} 篇" for k, v in count.items() if v],
                             departments=largest_first(dept_groups)[:30], themes=largest_first(theme_groups))
    pages["data/corpus.json"] = corpus_json(lib, whole.eli)
    pages[FEED] = atom_feed(lib, doc_entry, first_seen)
    pages.update(fact_pages(lib, whole))
    return pages


def fact_pages(lib: Library, whole: LibraryFacts) -> dict[str, str | Callable[[], str]]:
    """The pages of annotate's facts: 政策目标一览, 效力状态, an ELI alias per numbered policy, one JSON
    file per document (render_facts.py)."""
    from converter.stages import render_facts as F

    eli = whole.eli
    by_id = {e.id: e for e in lib.entries}
    out: dict[str, str | Callable[[], str]] = {**F.targets_pages(lib), **F.status_pages(lib, whole.day)}
    for eid, alias in eli.items():
        out[alias] = F.eli_page(alias, by_id[eid])
    for e in lib.entries:
        out[f"{F.DOCUMENT_JSON}/{e.id}.json"] = functools.partial(F.document_json, e, corpus_record(e, eli), eli)
    return out


def issue_time(comp: Compilation) -> str | None:
    """RFC 3339 time of an issue: the first day of its printed period, else None."""
    if not (start := period_start(comp.cover.period)):
        return None
    year, month, quarter = start
    first_month = month or ((quarter - 1) * 3 + 1 if quarter else 1)
    return f"{year}-{first_month:02d}-01T00:00:00Z"


def issue_order(comp: Compilation) -> tuple[str, str]:
    """Issues in time order (period start, then id); issues without a period first."""
    return issue_time(comp) or "", comp.id


def entry_time(e: Entry, comp: Compilation) -> str:
    return issue_time(comp) or (f"{e.date}T00:00:00Z" if e.date else "1970-01-01T00:00:00Z")


def atom_feed(lib: Library, doc_entry: dict[int, Entry], first_seen: dict[str, str]) -> str:
    """Atom 1.0: each document once, under the issue that first brought it, newest issue first.

    Links are relative to the feed (RFC 4287 resolves them against the feed's own address), so the
    feed works wherever the site is published. Nothing depends on the clock: two builds are equal."""
    issues = sorted(lib.compilations, key=issue_order, reverse=True)
    items: list[tuple[Entry, Compilation]] = []
    listed: set[str] = set()
    for comp in issues:
        for d in comp.documents:
            e = doc_entry[id(d)]
            if first_seen.get(e.id) == comp.id and e.id not in listed:
                listed.add(e.id)
                items.append((e, comp))
    items = items[:FEED_MAX]
    updated = max((entry_time(e, c) for e, c in items), default="1970-01-01T00:00:00Z")
    entries = [{"title": e.title, "id": e.id, "href": e.path[:-3] + ".html", "updated": entry_time(e, comp),
                "summary": " · ".join(x for x in (KIND_LABEL[e.kind], e.doc_number, "、".join(e.issuers), e.date) if x)
                + "（" + issue_label(comp) + "）", "themes": e.themes,
                "departments": list(dict.fromkeys(department_of(i) for i in e.issuers))} for e, comp in items]
    return templates().get_template("feed.xml.j2").render(updated=updated, items=entries)


def corpus_record(e: Entry, eli: dict[str, str]) -> dict:
    """A document's line of corpus.json (and the head of its data/documents/{id}.json)."""
    from converter.stages import render_facts as F

    # title: as the compilation printed it (a compiler's headline when it gave one); official_title: the
    # document's own title from its text, present only when the two differ; date: the 成文日期, else the
    # 发布日期; published: the 发布日期 a meta or source line prints, present only when printed
    return {
        "id": e.id, "path": e.path, "title": e.heading or e.title, **({"official_title": e.title} if e.heading else {}),
        "kind": e.kind, "subtype": e.subtype,
        "doc_number": e.doc_number, "issuers": list(e.issuers), "date": e.date,
        **({"published": e.published} if e.published else {}), "level": e.level,
        "themes": list(e.themes), "interprets": list(e.interprets), "interpreted_by": list(e.interpreted_by),
        "cites": list(e.cites), "cited_by": list(e.cited_by),
        "occurrences": [{"compilation": o.compilation, "source": o.source, "start_line": o.start_line,
                         "end_line": o.end_line, "start_page": o.start_page, "end_page": o.end_page,
                         "printed_page": o.printed_page}
                        for o in e.occurrences],
        **F.fact_fields(e, eli),
    }


def corpus_json(lib: Library, eli: dict[str, str] | None = None) -> str:
    from converter.stages import render_facts as F

    doc_entry = {id(d): e for e in lib.entries for d in e.versions}
    eli = F.eli_paths(lib) if eli is None else eli
    data = {
        "schema": 1,
        "compilations": [{
            "id": c.id, "path": issue_path(c), "source": c.source.name, "sha256": c.source.sha256,
            "publisher": c.cover.publisher, "title": c.cover.title, "issue": c.cover.issue, "period": c.cover.period,
            "documents": list(dict.fromkeys(doc_entry[id(d)].id for d in c.documents)),
        } for c in lib.compilations],
        "documents": [corpus_record(e, eli) for e in lib.entries],
    }
    return "{\n" + ",\n".join(f" {json.dumps(k)}: {_json_rows(v)}" for k, v in data.items()) + "\n}\n"


def _json_rows(value) -> str:
    """A list as one item per line (a changed document is one changed line in a diff), anything else
    on one line. json.dumps with an indent runs Python's pure-Python encoder: at 100 issues it took a
    fifth of the render stage; one line per item uses the C encoder."""
    if not isinstance(value, list) or not value:
        return json.dumps(value, ensure_ascii=False)
    return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in value) + "\n ]"
