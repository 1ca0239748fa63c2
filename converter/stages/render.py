"""Stage 5 — render (annotate): the library in, Markdown pages + corpus.json out, as {path: text}.

Nothing here touches the disk; `build.write_pages` does. Every piece of input text goes through
`text()` (HTML and Markdown escaped) before it reaches a page.
"""
from __future__ import annotations

import functools
import html
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Callable

import jinja2
import yaml

from converter.model import Compilation, Entry, Library
from converter.text.dates import period_start
from converter.text.slug import slug
from converter.vocab import VOCAB
from converter.vocab import patterns as P

#: What render() produces at the top of a docs folder (the rest of the folder is hand-written).
GENERATED_TOP = ("documents", "issues", "reports", "departments", "themes", "types", "data", "index.md", "timeline.md",
                 "feed.xml")
#: The Atom feed: documents newest issue first, in their order within the issue; the latest FEED_MAX.
FEED = "feed.xml"
FEED_MAX = 200
#: The jieba user dictionary for the search index, built from the corpus.
SEARCH_WORDS = "data/search-words.txt"
#: libyaml's emitter when installed (ten times faster; same output for our plain data), else PyYAML's.
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
KIND_LABEL = {"policy": "政策文件", "interpretation": "政策解读", "news": "新闻报道", "digest_item": "政策速览"}
LEVEL_LABEL = {"national": "国家", "provincial": "地方"}


# --- escaping and links ----------------------------------------------------------------------------


def text(s: str) -> str:
    """Input text made inert in Markdown + HTML: entities for <>&, backslashes for Markdown syntax.

    Short texts (titles, names: each printed on many index pages) are remembered."""
    if (done := _TEXT_MEMO.get(s)) is not None:
        return done
    out = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")   # html.escape(s, quote=False)
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
    """Relative link from page `src` to page `dst` (both relative to the docs folder)."""
    return os.path.relpath(dst, os.path.dirname(src) or ".")


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
    """YAML front matter, written by PyYAML's safe dumper. The theme prints `title` unescaped (page
    <title>, header), so it is stored HTML-escaped: the browser shows the characters, never markup."""
    meta = {**meta, "title": html.escape(meta["title"], quote=True)}
    return "---\n" + dump_yaml(meta) + "---\n\n"


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


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
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters.update(text=text, attr=attr, xml_text=xml_text, xml_attr=xml_attr, padded=padded)
    env.globals.update(rel=rel, link=link, issue_label=issue_label, issue_path=issue_path, kind_label=KIND_LABEL,
                       lead_sentence=P.LEAD_SENTENCE.match, feed=FEED)
    return env


def page(template: str, meta: dict | None = None, **context) -> str:
    """A Markdown page from its template: front matter from `meta`, one newline at the end."""
    if meta is not None:
        context["front_matter"] = front_matter(meta)
    out = templates().get_template(template).render(context)
    return out.rstrip("\n") + "\n"


# --- document pages ----------------------------------------------------------------------------------


def document_page(e: Entry, lib: Library, by_id: dict[str, Entry], comps: dict[str, Compilation]) -> str:
    meta = {
        "title": e.title,
        "template": "document.html",
        "id": e.id,
        "kind": e.kind,
        "kind_label": KIND_LABEL[e.kind],
        "subtype": e.subtype,
        "doc_number": e.doc_number,
        "issuers": list(e.issuers),
        "date": e.date,
        "level": e.level,
        "themes": list(e.themes),
        "departments": [{"name": i, "url": f"departments/{department_slug(department_of(i))}.html"}
                        for i in e.issuers],
        "theme_links": [{"name": t, "url": f"themes/{theme_slug(t)}.html"} for t in e.themes],
        "sources": [{"issue": issue_label(comps[o.compilation]), "url": f"issues/{o.compilation}.html",
                     "source": o.source, "lines": f"{o.start_line}–{o.end_line}",
                     "pages": (f"{o.start_page}–{o.end_page}" if o.start_page != o.end_page else str(o.start_page))
                     if o.start_page else None} for o in e.occurrences],
    }
    if e.heading:
        meta["heading"] = e.heading
    digests = [d for d in e.versions[1:] if d.kind == "digest_item"]
    return page("document.md.j2", meta, here=e.path, e=e, blocks=e.main.blocks, digests=digests, by_id=by_id,
                comps=comps)


# --- index pages ---------------------------------------------------------------------------------------


def by_date(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date or "0000", e.title), reverse=True)


def issue_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry], first_seen: dict[str, str]) -> str:
    c = comp.cover
    facts = [("编印", c.publisher), ("期号", c.issue), ("时间", c.period), ("来源文件", comp.source.name),
             ("SHA-256", comp.source.sha256[:16] + "…")]
    documents = [(d, doc_entry[id(d)]) for d in comp.documents]
    new = [e for _, e in documents if first_seen.get(e.id) == comp.id]
    by_toc = {d.toc_title: e for d, e in documents if d.toc_title}
    return page("issue.md.j2", {"title": issue_label(comp)}, here=issue_path(comp), label=issue_label(comp),
                facts=facts, documents=documents, new=new, toc=c.toc, by_toc=by_toc, report=f"reports/{comp.id}.md")


#: Invisible characters removed while cleaning, as the report names them.
REMOVED_LABELS = {"bidi control": "双向文字控制符（可使文号、日期显示颠倒）", "control character": "控制字符（如 NUL）"}


def report_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry]) -> str:
    docs = comp.documents
    policies = [d for d in docs if d.kind == "policy"]
    missing = [("无文号的政策文件", [doc_entry[id(d)] for d in policies if not d.doc_number]),
               ("无成文日期的政策文件", [doc_entry[id(d)] for d in policies if not d.date])]
    label = issue_label(comp)
    return page("report.md.j2", {"title": f"转换报告：{label}"}, here=f"reports/{comp.id}.md", label=label,
                comp=comp, docs=docs, count={k: sum(d.kind == k for d in docs) for k in KIND_LABEL},
                unresolved=lib.unresolved_citations.get(comp.id, 0), removed_labels=REMOVED_LABELS,
                missing=missing)


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
    for c in lib.compilations:
        for d in c.documents:
            first_seen.setdefault(doc_entry[id(d)].id, c.id)

    for e in lib.entries:                               # made where written (build.write_pages)
        pages[e.path] = functools.partial(document_page, e, lib, by_id, comps)
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
        pages[path] = page("list.md.j2", {"title": name}, here=path, title=name, entries=by_date(entries),
                           level=LEVEL_LABEL[VOCAB.level(name)], subunits=subunits)
        dept_groups[name] = (path, entries)
    pages["departments/index.md"] = page("groups.md.j2", {"title": "发文机关"}, here="departments/index.md",
                                         title="发文机关", groups=largest_first(dept_groups),
                                         intro="按发文机关浏览（别名与下属单位已归并）。")

    themes: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        for t in e.themes:
            themes[t].append(e)
    theme_groups = {}
    for name, entries in themes.items():
        path = f"themes/{theme_slug(name)}.md"
        pages[path] = page("list.md.j2", {"title": name}, here=path, title=name, entries=by_date(entries), level=None)
        theme_groups[name] = (path, entries)
    pages["themes/index.md"] = page("groups.md.j2", {"title": "主题"}, here="themes/index.md", title="主题",
                                    groups=largest_first(theme_groups), intro="按主题浏览。")

    types: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        types[e.subtype or KIND_LABEL[e.kind]].append(e)
    pages["types/index.md"] = page("types.md.j2", {"title": "文种"}, here="types/index.md",
                                   types=[(name, by_date(types[name]))
                                          for name in sorted(types, key=lambda t: (-len(types[t]), t))])

    months: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        months[e.date[:7] if e.date else "日期不详"].append(e)
    pages["timeline.md"] = page("timeline.md.j2", {"title": "时间线"}, here="timeline.md",
                                months=[(f"{m[:4]} 年 {int(m[5:7])} 月" if m[0].isdigit() else m, by_date(months[m]))
                                        for m in sorted(months, reverse=True)])

    issues = sorted(lib.compilations, key=issue_order, reverse=True)
    pages["issues/index.md"] = page("issues.md.j2", {"title": "各期汇编"}, here="issues/index.md", issues=issues)
    count = {k: sum(e.kind == k for e in lib.entries) for k in KIND_LABEL}
    pages["index.md"] = page("home.md.j2", {"title": "政策汇编站"}, here="index.md", issues=issues,
                             total=len(lib.entries), latest=issues[0] if issues else None,
                             counts=[f"{KIND_LABEL[k]} {v} 篇" for k, v in count.items() if v],
                             departments=largest_first(dept_groups)[:30], themes=largest_first(theme_groups))
    pages["data/corpus.json"] = corpus_json(lib)
    pages[FEED] = atom_feed(lib, doc_entry, first_seen)
    return pages


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
                + "（" + issue_label(comp) + "）", "themes": e.themes} for e, comp in items]
    return templates().get_template("feed.xml.j2").render(updated=updated, items=entries)


def corpus_json(lib: Library) -> str:
    doc_entry = {id(d): e for e in lib.entries for d in e.versions}
    data = {
        "schema": 1,
        "compilations": [{
            "id": c.id, "path": issue_path(c), "source": c.source.name, "sha256": c.source.sha256,
            "publisher": c.cover.publisher, "title": c.cover.title, "issue": c.cover.issue, "period": c.cover.period,
            "documents": list(dict.fromkeys(doc_entry[id(d)].id for d in c.documents)),
        } for c in lib.compilations],
        "documents": [{
            "id": e.id, "path": e.path, "title": e.title, "kind": e.kind, "subtype": e.subtype,
            "doc_number": e.doc_number, "issuers": list(e.issuers), "date": e.date, "level": e.level,
            "themes": list(e.themes), "interprets": list(e.interprets), "interpreted_by": list(e.interpreted_by),
            "cites": list(e.cites), "cited_by": list(e.cited_by),
            "occurrences": [{"compilation": o.compilation, "source": o.source, "start_line": o.start_line,
                             "end_line": o.end_line, "start_page": o.start_page, "end_page": o.end_page}
                            for o in e.occurrences],
        } for e in lib.entries],
    }
    return "{\n" + ",\n".join(f" {json.dumps(k)}: {_json_rows(v)}" for k, v in data.items()) + "\n}\n"


def _json_rows(value) -> str:
    """A list as one item per line (a changed document is one changed line in a diff), anything else
    on one line. json.dumps with an indent runs Python's pure-Python encoder: at 100 issues it took a
    fifth of the render stage; one line per item uses the C encoder."""
    if not isinstance(value, list) or not value:
        return json.dumps(value, ensure_ascii=False)
    return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in value) + "\n ]"
