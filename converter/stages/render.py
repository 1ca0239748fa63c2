"""Stage 5 — render (annotate): the library in, Markdown pages + corpus.json out, as {path: text}.

Nothing here touches the disk; `build.write_pages` does. Every piece of input text goes through
`text()` (HTML and Markdown escaped) before it reaches a page.
"""
from __future__ import annotations

import functools
import html
import json
import posixpath
from collections import defaultdict
from typing import Callable

import yaml

from converter.model import Block, Compilation, Entry, Library
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
    """Relative link from page `src` to page `dst` (both relative to the docs folder).

    What posixpath.relpath gives, without its two abspath calls (each asks the OS for the working
    directory): for plain relative paths (no empty, `.` or `..` parts) the answer depends on the
    parts alone; anything else goes to relpath."""
    start = src.split("/")[:-1]
    parts = dst.split("/")
    if not _plain_parts(start) or not _plain_parts(parts):
        return posixpath.relpath(dst, posixpath.dirname(src) or ".")
    common = 0
    for a, b in zip(start, parts):
        if a != b:
            break
        common += 1
    up = [".."] * (len(start) - common)
    return "/".join(up + parts[common:]) or "."


def _plain_parts(parts: list[str]) -> bool:
    return all(p and p != "." and p != ".." for p in parts)


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
    """YAML front matter. The theme prints `title` unescaped (page <title>, header), so it is stored
    HTML-escaped: the browser shows the characters, never markup."""
    meta = {**meta, "title": html.escape(meta["title"], quote=True)}
    return "---\n" + (plain_yaml(meta) or dump_yaml(meta)) + "---\n\n"


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


#: Scalars (keys and values) `plain_yaml` writes itself at most this long: far from the line width
#: (1000), so that the emitter never breaks them, wherever they sit.
YAML_SCALAR_MAX = 800
_YAML_SCALARS: dict[str | None, str | None] = {}
#: What YAML counts as line breaks: a scalar with one is written over lines indented by its context.
YAML_BREAKS = ("\r", "\n", "\x85", "\u2028", "\u2029")


def yaml_scalar(value: str | None) -> str | None:
    """How `dump_yaml` writes a string or None (plain, quoted, escaped), asked once per distinct value;
    None when that takes more than one line (then the whole mapping is dumped by yaml)."""
    if value in _YAML_SCALARS:
        return _YAML_SCALARS[value]
    out = None
    if value is not None and len(value) <= YAML_SCALAR_MAX and P.YAML_PLAIN.fullmatch(value):
        out = value                                     # most titles and names: no need to ask yaml
    elif value is None or len(value) <= YAML_SCALAR_MAX and not any(c in value for c in YAML_BREAKS):
        item = dump_yaml([value])                       # "- <scalar>\n"
        if item.startswith("- ") and item.count("\n") == 1:
            out = item[2:-1]
    if len(_YAML_SCALARS) >= TEXT_MEMO_SIZE:
        _YAML_SCALARS.clear()
    _YAML_SCALARS[value] = out
    return out


def yaml_key(key) -> str | None:
    """A mapping key as `dump_yaml` writes it: a value's style while it is a simple key (one line, at
    most 128 characters; longer ones are written `? key`, and left to yaml)."""
    return yaml_scalar(key) if isinstance(key, str) and len(key) <= YAML_SIMPLE_KEY_MAX else None


#: The longest key the emitter writes as a simple key (`key: value`); libyaml's limit is 128.
YAML_SIMPLE_KEY_MAX = 100


def plain_yaml(meta: dict) -> str | None:
    """`dump_yaml(meta)` for front matter of plain shape, written line by line (the representer of
    PyYAML, in Python, cost more than everything else on a page), else None.

    Plain shape: string keys; values None, strings, or lists (each a new object) of strings or of
    non-empty mappings of strings/None. A scalar is written as the emitter writes it anywhere in a
    block (its style depends on the value alone as long as it fits one line: `yaml_scalar`), block
    sequences unindented under their key, as PyYAML does."""
    out: list[str] = []
    for k, v in meta.items():
        name = yaml_key(k)
        if name is None:
            return None
        if v is None or isinstance(v, str):
            if (value := yaml_scalar(v)) is None:
                return None
            out.append(f"{name}: {value}")
        elif type(v) is list:
            if not v:
                out.append(f"{name}: []")
                continue
            out.append(f"{name}:")
            for item in v:
                if isinstance(item, str):
                    if (value := yaml_scalar(item)) is None:
                        return None
                    out.append(f"- {value}")
                elif type(item) is dict and item and (lines := _plain_mapping(item)) is not None:
                    out.append("- " + "\n  ".join(lines))
                else:
                    return None
        else:
            return None
    containers = [v for v in meta.values() if type(v) is list]
    containers += [i for v in containers for i in v if type(i) is dict]
    if len({id(c) for c in containers}) < len(containers):
        return None                                     # a repeated object: yaml writes an anchor
    return "\n".join(out) + "\n" if out else None


def _plain_mapping(item: dict) -> list[str] | None:
    lines = []
    for k, v in item.items():
        name = yaml_key(k)
        value = yaml_scalar(v) if v is None or isinstance(v, str) else None
        if name is None or value is None:
            return None
        lines.append(f"{name}: {value}")
    return lines


# --- document pages ----------------------------------------------------------------------------------


def render_blocks(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    indent = ""
    for b in blocks:
        t = text(b.text)
        if b.kind == "p":                               # most blocks: tested first
            out.append(f"{indent}{t}")
        elif b.kind == "h2":
            out.append(f"## {t}")
        elif b.kind == "h3":
            out.append(f"### {t}")
        elif b.kind == "h4":
            out.append(f"{indent}#### {t}")
        elif b.kind == "title":
            out.append(f'<p class="doc-inner-title" markdown>**{t}**</p>')
        elif b.kind == "lead":
            m = P.LEAD_SENTENCE.match(b.text)
            out.append(f"{indent}**{text(m['lead'])}**{text(m['rest'])}" if m else f"{indent}{t}")
        elif b.kind == "qa":
            who = text(b.who or "")
            out.append(f'{indent}<p class="qa qa-{"q" if b.who == "问" else "a"}" markdown>**{who}：**{t}</p>')
        elif b.kind == "column_start":
            out.append(f'!!! abstract "{attr(b.text)}"')
            indent = "    "
        elif b.kind == "column_end":
            indent = ""
        elif b.kind == "attachment":
            out.append(f"## {t}")
        elif b.kind in ("signature", "date", "docno"):
            out.append(f'<p class="doc-{b.kind}" markdown>{t}</p>')
        elif b.kind == "note":
            out.append(f'<p class="doc-note" markdown>{t}</p>')
        elif b.kind == "table":
            width = max(len(r) for r in b.rows)
            rows = [list(r) + [""] * (width - len(r)) for r in b.rows]
            out.append(f"{indent}| " + " | ".join(text(c) for c in rows[0]) + " |")
            out.append(f"{indent}|" + " --- |" * width)
            out += [f"{indent}| " + " | ".join(text(c) for c in r) + " |" for r in rows[1:]]
        else:
            out.append(f"{indent}{t}")
        out.append(indent.rstrip() if indent else "")
    return out


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
    out = [front_matter(meta)]
    if e.heading:
        out.append(f'<p class="doc-headline" markdown>编者标题：{text(e.heading)}</p>\n')
    main = e.main
    out += render_blocks(main.blocks)
    digests = [d for d in e.versions[1:] if d.kind == "digest_item"]
    related = []
    for i in e.interprets:
        related.append(f"- 所解读的文件：{link(e.path, by_id[i])}")
    for u in e.unresolved:
        related.append(f"- 所解读的文件：《{text(u)}》<span class=\"unresolved\">（未收录）</span>")
    for i in e.interpreted_by:
        t = by_id[i]
        related.append(f"- {text(t.subtype or KIND_LABEL[t.kind])}：{link(e.path, t)}")
    for i in e.cites:
        related.append(f"- 引用：{link(e.path, by_id[i])}")
    for i in e.cited_by:
        related.append(f"- 被引用：{link(e.path, by_id[i])}")
    if related:
        out += ["## 相关文件", "", *related, ""]
    if digests and main.kind != "digest_item":
        out += ["## 政策速览摘要", ""]
        for d in digests:
            out += [f"> {text(b.text)}\n>" for b in d.blocks] + [""]
    out += ["## 出处", ""]
    for o in e.occurrences:
        comp = comps[o.compilation]
        where = f"第 {o.start_page} 页，" if o.start_page else ""
        out.append(f"- [{text(issue_label(comp))}]({rel(e.path, issue_path(comp))})：{where}"
                   f"`{text(o.source)}` 第 {o.start_line}–{o.end_line} 行")
    return "\n".join(out).rstrip() + "\n"


# --- index pages ---------------------------------------------------------------------------------------


def entry_line(src: str, e: Entry) -> str:
    bits = [e.date or "", text(e.doc_number or ""), text(e.subtype or KIND_LABEL[e.kind])]
    return f"- {link(src, e)} <small>{' · '.join(b for b in bits if b)}</small>"


def by_date(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date or "0000", e.title), reverse=True)


def issue_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry], first_seen: dict[str, str]) -> str:
    c = comp.cover
    path = issue_path(comp)
    out = [front_matter({"title": issue_label(comp)}), f"# {text(issue_label(comp))}", ""]
    facts = [("编印", c.publisher), ("期号", c.issue), ("时间", c.period), ("来源文件", comp.source.name),
             ("SHA-256", comp.source.sha256[:16] + "…")]
    out += ["| 项目 | 内容 |", "| --- | --- |"] + [f"| {k} | {text(v)} |" for k, v in facts if v] + [""]
    out += ["## 目录", ""]
    for n, d in enumerate(comp.documents, 1):
        e = doc_entry[id(d)]
        page = f" <small>第 {d.occurrence.start_page} 页</small>" if d.occurrence.start_page else ""
        out.append(f"{n}. {link(path, e)}{page}")
    out.append("")
    new = [doc_entry[id(d)] for d in comp.documents if first_seen.get(doc_entry[id(d)].id) == comp.id]
    out += ["## 本期新增", "", f"本期首次收录 {len(new)} 篇文件（其余 {len(comp.documents) - len(new)} 篇已见于此前各期）。", ""]
    out += [entry_line(path, e) for e in new] + [""]
    if comp.cover.toc:
        by_toc = {d.toc_title: doc_entry[id(d)] for d in comp.documents if d.toc_title}
        out += ["## 原刊目录", "", "| 页码 | 原刊标题 |", "| --- | --- |"]
        out += [f"| {t.page or ''} | {f'[{text(t.title)}]({rel(path, by_toc[t.title].path)})' if t.title in by_toc else text(t.title)} |"
                for t in comp.cover.toc] + [""]
    out += [f"[转换报告]({rel(path, f'reports/{comp.id}.md')})", ""]
    return "\n".join(out)


def report_page(comp: Compilation, lib: Library, doc_entry: dict[int, Entry]) -> str:
    out = [front_matter({"title": f"转换报告：{issue_label(comp)}"}), f"# 转换报告：{text(issue_label(comp))}", ""]
    docs = comp.documents
    out += [f"- 文件：`{text(comp.source.name)}`（编码 {comp.source.encoding}）",
            f"- 识别文件：{len(docs)} 篇（政策 {sum(d.kind == 'policy' for d in docs)}，"
            f"解读 {sum(d.kind == 'interpretation' for d in docs)}，新闻 {sum(d.kind == 'news' for d in docs)}，"
            f"速览 {sum(d.kind == 'digest_item' for d in docs)}）",
            f"- 目录条目：{len(comp.cover.toc)}，未能对应正文：{len(comp.unmatched_toc)}",
            f"- 未解析的引用：{lib.unresolved_citations.get(comp.id, 0)}",
            f"- 删除的版面元素（页眉页脚、页码、链接）：{len(comp.furniture)} 行"]
    labels = {"bidi control": "双向文字控制符（可使文号、日期显示颠倒）", "control character": "控制字符（如 NUL）"}
    out += [f"- 删除的不可见字符：{labels.get(what, what)} {n} 个" for what, n in comp.removed_characters] + [""]
    if comp.unmatched_toc:
        out += ["## 未对应正文的目录条目", ""] + [f"- {text(t.title)}（第 {t.page} 页）" for t in comp.unmatched_toc] + [""]
    no_number = [d for d in docs if d.kind == "policy" and not d.doc_number]
    no_date = [d for d in docs if d.kind == "policy" and not d.date]
    for heading, items in (("无文号的政策文件", no_number), ("无成文日期的政策文件", no_date)):
        if items:
            out += [f"## {heading}", ""] + [f"- {link(f'reports/{comp.id}.md', doc_entry[id(d)])}" for d in items] + [""]
    if comp.furniture:
        out += ["## 删除的行", "", "| 行 | 原因 | 内容 |", "| --- | --- | --- |"]
        out += [f"| {f.number} | {f.furniture} | {text(f.text)} |" for f in comp.furniture] + [""]
    return "\n".join(out)


def grouped_index(title: str, path: str, groups: dict[str, list[Entry]], intro: str = "") -> str:
    out = [front_matter({"title": title}), f"# {title}", ""]
    if intro:
        out += [intro, ""]
    for name in sorted(groups, key=lambda g: (-len(groups[g][1]), g)):
        out.append(f"- [{text(name)}]({rel(path, groups[name][0])}) <small>{len(groups[name][1])} 篇</small>")
    return "\n".join(out) + "\n"


def list_page(title: str, path: str, entries: list[Entry], intro: str = "") -> str:
    out = [front_matter({"title": title}), f"# {text(title)}", ""]
    if intro:
        out += [intro, ""]
    out += [f"共 {len(entries)} 篇。", ""]
    out += [entry_line(path, e) for e in by_date(entries)]
    return "\n".join(out) + "\n"


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
        level = LEVEL_LABEL[VOCAB.level(name)]
        subunits = sorted({i for e in entries for i in e.issuers if department_of(i) == name and i != name})
        intro = f"{level}级 · 下属单位：{text('、'.join(subunits))}" if subunits else f"{level}级"
        pages[path] = list_page(name, path, entries, intro)
        dept_groups[name] = (path, entries)
    pages["departments/index.md"] = grouped_index("发文机关", "departments/index.md", dept_groups,
                                                  "按发文机关浏览（别名与下属单位已归并）。")

    themes: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        for t in e.themes:
            themes[t].append(e)
    theme_groups = {}
    for name, entries in themes.items():
        path = f"themes/{theme_slug(name)}.md"
        pages[path] = list_page(name, path, entries)
        theme_groups[name] = (path, entries)
    pages["themes/index.md"] = grouped_index("主题", "themes/index.md", theme_groups, "按主题浏览。")

    types: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        types[e.subtype or KIND_LABEL[e.kind]].append(e)
    out = [front_matter({"title": "文种"}), "# 文种", ""]
    for name in sorted(types, key=lambda t: (-len(types[t]), t)):
        out += [f"## {text(name)}", ""] + [entry_line("types/index.md", e) for e in by_date(types[name])] + [""]
    pages["types/index.md"] = "\n".join(out)

    months: dict[str, list[Entry]] = defaultdict(list)
    for e in lib.entries:
        months[e.date[:7] if e.date else "日期不详"].append(e)
    out = [front_matter({"title": "时间线"}), "# 时间线", "", "按成文日期排列。", ""]
    for m in sorted(months, reverse=True):
        label = f"{m[:4]} 年 {int(m[5:7])} 月" if m[0].isdigit() else m
        # raw HTML: a heading per month would put one entry per month into the page's table of
        # contents, printed twice by the theme (the largest page of a large corpus was mostly that)
        out += [f'<h2 class="timeline-month">{label}</h2>', ""] + [entry_line("timeline.md", e)
                                                                  for e in by_date(months[m])] + [""]
    pages["timeline.md"] = "\n".join(out)

    out = [front_matter({"title": "各期汇编"}), "# 各期汇编", "",
           f"新一期收录的文件也可[订阅（Atom）]({rel('issues/index.md', FEED)})。", ""]
    out += [f"- [{text(issue_label(c))}]({rel('issues/index.md', issue_path(c))}) <small>{len(c.documents)} 篇</small>"
            for c in sorted(lib.compilations, key=issue_order, reverse=True)]
    pages["issues/index.md"] = "\n".join(out) + "\n"
    pages["index.md"] = home_page(lib, dept_groups, theme_groups)
    pages["data/corpus.json"] = corpus_json(lib)
    pages[FEED] = atom_feed(lib, doc_entry, first_seen)
    return pages


def home_page(lib: Library, dept_groups, theme_groups) -> str:
    entries = lib.entries
    count = {k: sum(e.kind == k for e in entries) for k in KIND_LABEL}
    out = [front_matter({"title": "政策汇编站"}), "# 政策汇编站", "",
           f"收录 **{len(lib.compilations)}** 期汇编、**{len(entries)}** 篇文件："
           + "，".join(f"{KIND_LABEL[k]} {v} 篇" for k, v in count.items() if v) + "。", ""]
    latest = sorted(lib.compilations, key=issue_order)[-1:] if lib.compilations else []
    if latest:
        out += [f"最新一期：[{text(issue_label(latest[0]))}]({issue_path(latest[0])}) · "
                f"[订阅新收录文件（Atom）]({FEED})", ""]
    out += ["## 各期汇编", ""] + [f"- [{text(issue_label(c))}]({issue_path(c)}) <small>{len(c.documents)} 篇</small>"
                                  for c in sorted(lib.compilations, key=issue_order, reverse=True)] + [""]
    out += ["## 发文机关", ""] + [f"[{text(n)}]({p}) <small>{len(es)}</small> ·" for n, (p, es) in
                                sorted(dept_groups.items(), key=lambda g: (-len(g[1][1]), g[0]))[:30]]
    out += ["", "[全部发文机关 →](departments/index.md)", "", "## 主题", ""]
    out += [f"[{text(n)}]({p}) <small>{len(es)}</small> ·" for n, (p, es) in
            sorted(theme_groups.items(), key=lambda g: (-len(g[1][1]), g[0]))]
    out += ["", "[全部主题 →](themes/index.md) · [时间线](timeline.md) · [文种](types/index.md)", ""]
    return "\n".join(out)


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
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
           "  <title>政策汇编站：新收录文件</title>",
           "  <id>tag:policy-site,2024:feed</id>",
           f"  <updated>{updated}</updated>",
           '  <link rel="self" href="feed.xml"/>',
           '  <link rel="alternate" type="text/html" href="index.html"/>',
           "  <author><name>政策汇编站</name></author>"]
    for e, comp in items:
        href = e.path[:-3] + ".html"
        summary = " · ".join(x for x in (KIND_LABEL[e.kind], e.doc_number, "、".join(e.issuers), e.date) if x)
        out += ["  <entry>",
                f"    <title>{xml_text(e.title)}</title>",
                f"    <id>tag:policy-site,2024:{xml_text(e.id)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={xml_attr(href)}/>",
                f"    <updated>{entry_time(e, comp)}</updated>",
                f"    <summary>{xml_text(summary + '（' + issue_label(comp) + '）')}</summary>"]
        out += [f"    <category term={xml_attr(t)}/>" for t in e.themes]
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


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
                             "end_line": o.end_line, "start_page": o.start_page, "end_page": o.end_page,
                             "printed_page": o.printed_page}
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
