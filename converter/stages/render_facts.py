"""Render what annotate read in the texts: status, anchors, article links, targets, open data.

Small functions the render stage calls (render.py stays the page layout); nothing here touches the
disk. Every piece of input text goes through `render.text()` / `attr()` before it reaches a page.

    status_facts(e, …)      the dates a status badge is computed from in the browser (policy-facts.js)
    block_marks(e)          block → (anchor id, citation label): ids on every 第N条, heading, paragraph
    linked_text(…)          a block's text with its citations linked to the cited article
    targets_section(e, …)   the table of a document's quantified targets
    targets_pages(lib)      政策目标一览: every target, sortable by year and theme
    status_pages(lib, day)  documents by status (regrouped in the browser under today's status)
    split_pages(…)          either page split by its documents' dates when its rows exceed PART_BYTES
    eli_paths(lib)          /eli/cn/{issuer}/{year}/{type}/{number} aliases, eli_page: the redirect
    jsonld(e, …)            schema.org Legislation (Article for interpretations) of a document page
    document_json(e, …)     data/documents/{id}.json: metadata, relations, facts and text
"""
from __future__ import annotations

import html
import json
from collections import defaultdict

from converter.model import Anchor, Entry, Library
from converter.stages.annotate import (EXPIRED, IN_FORCE, NOT_YET, REPEALED, STATUSES, UNSTATED, Validity,
                                       normalise, status)
from converter.stages.render import (KIND_LABEL, attr, department_of, department_slug, front_matter, reader_date, rel,
                                     text)
from converter.text.slug import slug
from converter.vocab import patterns as P

#: Where the generated pages of this module go (relative to the docs folder).
TARGETS_PAGE = "targets.md"
STATUS_PAGE = "status.md"
DOCUMENT_JSON = "data/documents"
ELI_ROOT = "eli/cn"
#: The statuses a page can show without a clock: they hold whatever the day.
TIMELESS = {REPEALED, UNSTATED}
#: Anchor kinds that get a 复制引用 button (paragraphs of an article are its 款: they get one too).
CITABLE = {"article", "chapter", "section", "heading", "item", "attachment"}
JURISDICTION_NATIONAL = "中华人民共和国"
STATUS_CLASS = {IN_FORCE: "in-force", NOT_YET: "not-yet", EXPIRED: "expired", REPEALED: "repealed",
                UNSTATED: "unstated"}
#: schema.org LegalForceStatus of each status (none for 未注明).
LEGAL_FORCE = {IN_FORCE: "https://schema.org/InForce", NOT_YET: "https://schema.org/NotInForce",
               EXPIRED: "https://schema.org/NotInForce", REPEALED: "https://schema.org/NotInForce"}


def html_path(path: str) -> str:
    return path[:-3] + ".html" if path.endswith(".md") else path


def validity_of(e: Entry) -> Validity:
    return e.main.facts.validity if e.main.facts else Validity()


# --- status ------------------------------------------------------------------------------------------


def status_facts(e: Entry, by_id: dict[str, Entry]) -> dict:
    """What a status is computed from: commencement (a date, or "on_issue"), expiry date, the
    corpus documents that repeal this one; `timeless`: the status when no day can change it."""
    v = validity_of(e)
    commence = (v.commencement.date or "on_issue") if v.commencement else None
    expire = v.expiry.date if v.expiry else None
    repealed = [by_id[i] for i in e.repealed_by if i in by_id]
    timeless = REPEALED if repealed else (UNSTATED if not commence and not expire else None)
    if timeless is None and commence == "on_issue" and not expire:
        timeless = IN_FORCE
    return {"commence": commence, "expire": expire, "repealed_by": repealed, "timeless": timeless,
            "trial": v.trial.word if v.trial else None}


def status_on(e: Entry, day: str) -> str:
    """The status on `day` (the rule of annotate.status, with repeals by corpus documents)."""
    return status(validity_of(e), day, e.repealed_by[0] if e.repealed_by else None)


def status_attrs(e: Entry, sf: dict) -> str:
    """The data attributes policy-facts.js reads."""
    out = f' data-status-of="{attr(e.id)}"'
    if sf["commence"]:
        out += f' data-commence="{attr(sf["commence"])}"'
    if sf["expire"]:
        out += f' data-expire="{attr(sf["expire"])}"'
    if sf["repealed_by"]:
        out += " data-repealed"
    return out


def status_dates(sf: dict, src: str) -> str:
    """The dates in words (what a reader without scripts sees), as readers write them (2024年8月1日)."""
    bits = []
    if sf["commence"] == "on_issue":
        bits.append("自印发之日起施行")
    elif sf["commence"]:
        bits.append(f"施行日期：{reader_date(sf['commence'])}")
    if sf["expire"]:
        bits.append(f"有效期至：{reader_date(sf['expire'])}")
    if sf["trial"]:
        bits.append(sf["trial"])
    for r in sf["repealed_by"]:
        bits.append(f'废止文件：<a href="{attr(html_path(rel(src, r.path)))}">{text(r.title)}</a>')
    return "；".join(bits) if bits else "文中未注明施行日期和有效期"


def status_html(e: Entry, by_id: dict[str, Entry]) -> str:
    """The badge and the dates of a document page: `<p class="doc-status" …>`."""
    sf = status_facts(e, by_id)
    t = sf["timeless"]
    badge = (f'<span class="status-badge status--{STATUS_CLASS[t]}">{t}</span>' if t
             else '<span class="status-badge" hidden></span>')
    return (f'<p class="doc-status"{status_attrs(e, sf)}>{badge}'
            f'<span class="status-dates">{status_dates(sf, e.path)}</span></p>')


# --- anchors and article links -------------------------------------------------------------------------


def block_anchors(e: Entry) -> dict[int, Anchor]:
    """Block index of the main text → its anchor (the first when a block has several)."""
    if not e.main.facts:
        return {}
    out: dict[int, Anchor] = {}
    for a in e.main.facts.anchors:
        out.setdefault(a.block, a)
    return out


def cite_label(a: Anchor) -> str | None:
    """What 复制引用 appends to 《标题》（文号）: `第十二条`, `第十二条第二款`, the heading's own words."""
    if a.kind in CITABLE:
        return a.label
    if a.kind == "paragraph" and a.label.startswith("第") and "条第" in a.label:
        return a.label
    return None


def anchor_attrs(a: Anchor | None) -> str:
    """attr_list attributes of a block: `{: #art-12 data-cite="第十二条" }` (empty when no anchor)."""
    if a is None:
        return ""
    label = cite_label(a)
    cite = f' data-cite="{attr(label)}"' if label else ""
    return f"{{: #{a.id}{cite} }}"


def anchor_html_attrs(a: Anchor | None) -> str:
    """The same as HTML attributes, for blocks written as raw HTML."""
    if a is None:
        return ""
    label = cite_label(a)
    return f' id="{a.id}"' + (f' data-cite="{attr(label)}"' if label else "")


def linked_text(raw: str, links, src: str, by_id: dict[str, Entry]) -> str:
    """A block's text escaped, each citation that leads into the corpus made a link (to the cited
    article when it is printed there); `links`: the entry's CitationLinks of this block."""
    out, at = [], 0
    for ln in sorted(links, key=lambda x: x.start):
        if ln.start < at or ln.end > len(raw) or ln.target not in by_id:
            continue
        target = by_id[ln.target]
        href = "" if target.path == src else html_path(rel(src, target.path))
        href += f"#{ln.anchor}" if ln.anchor else ""
        if not href:
            continue
        out.append(text(raw[at:ln.start]))
        out.append(f'<a class="cite-link" href="{attr(href)}">{text(raw[ln.start:ln.end])}</a>')
        at = ln.end
    out.append(text(raw[at:]))
    return "".join(out)


def links_by_block(e: Entry) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for ln in e.citation_links:
        out[ln.block].append(ln)
    return out


# --- targets -----------------------------------------------------------------------------------------


def _target_rows(e: Entry):
    """(target, anchor id of its paragraph, the sentence it stands in) for each target of the entry."""
    if not e.main.facts or not e.main.facts.targets:
        return []
    anchors = block_anchors(e)
    rows = []
    for t in e.main.facts.targets:
        a = anchors.get(t.span.block)
        block = e.main.blocks[t.span.block].text if 0 <= t.span.block < len(e.main.blocks) else ""
        rows.append((t, a.id if a else None, sentence(block, t.span.start, t.span.end)))
    return rows


def sentence(s: str, start: int, end: int) -> str:
    """The sentence of s that holds s[start:end] (cut at 。；！？)."""
    a = max(s.rfind(c, 0, start) for c in "。；！？") + 1
    ends = [i for c in "。；！？" if (i := s.find(c, end)) >= 0]
    return s[a:min(ends) + 1 if ends else len(s)].strip()


def _value(v: float) -> str:
    return f"{v:.0f}" if v == int(v) else f"{v:g}"


def targets_section(e: Entry) -> list[str]:
    """`## 政策目标` and the table of the entry's quantified targets (none: no lines)."""
    rows = _target_rows(e)
    if not rows:
        return []
    out = ["## 政策目标", "", f"文中的量化目标 {len(rows)} 项（自动识别，以原文为准）。", "",
           '<table class="targets"><thead><tr><th>年份</th><th>指标</th><th>目标</th><th>原文</th></tr></thead><tbody>']
    for t, anchor, _ in rows:
        where = f'<a href="#{anchor}">见原文</a>' if anchor else ""
        out.append(f"<tr><td>{t.year or ''}</td><td>{text(t.subject)}</td><td>{text(t.verb)} {text(t.quantity)}</td>"
                   f"<td>{where}</td></tr>")
    out += ["</tbody></table>", ""]
    return out


def _all_targets(lib: Library) -> list[tuple]:
    """(year or 9999, first theme, entry, target, anchor id, sentence) of every policy target, in the
    order 政策目标一览 lists them: by year and theme."""
    rows = []
    for e in lib.entries:
        if e.kind != "policy":
            continue
        for t, anchor, sent in _target_rows(e):
            rows.append((t.year or 9999, e.themes[0] if e.themes else "", e, t, anchor, sent))
    rows.sort(key=lambda r: (r[0], r[1], r[2].id, r[3].span.block, r[3].span.start))
    return rows


def _target_row(r: tuple, src: str) -> str:
    """A row of 政策目标一览 (on the page `src`): year, theme, subject, target, value, document link."""
    _, theme, e, t, anchor, sent = r
    href = html_path(rel(src, e.path)) + (f"#{anchor}" if anchor else "")
    return (f'<tr data-themes="{attr("|".join(e.themes))}"><td>{t.year or ""}</td><td>{text(theme)}</td>'
            f'<td title="{attr(sent)}">{text(t.subject)}</td><td>{text(t.verb)} {text(t.quantity)}</td>'
            f'<td data-sort="{_value(t.value)}">{_value(t.value)} {text(t.unit)}</td>'
            f'<td><a href="{attr(href)}">{text(e.title)}</a></td></tr>')


def _targets_table(rows: list[tuple], lines: list[str]) -> list[str]:
    """The theme filter and the sortable table of targets (`lines`: their rows, made by _target_row)."""
    themes = sorted({th for r in rows for th in r[2].themes})
    out = []
    if themes:
        out += ['<p class="targets-filter"><label for="target-theme" hidden>按主题筛选：</label>'
                '<select id="target-theme" data-filter-table="targets-all" hidden><option value="">全部主题</option>'
                + "".join(f'<option value="{attr(th)}">{text(th)}</option>' for th in themes)
                + f'</select> 显示 <span data-filter-count="targets-all">{len(rows)}</span> 项</p>', ""]
    out.append('<table class="targets sortable" id="targets-all"><thead><tr><th>年份</th><th>主题</th><th>指标</th>'
               "<th>目标</th><th>数值</th><th>文件</th></tr></thead><tbody>")
    return out + lines + ["</tbody></table>", ""]


TARGETS_META = {"title": "政策目标一览", "description": "各政策文件提出的量化目标：指标、目标值与期限。"}
TARGETS_ABOUT = "（到某年达到的数量、比例、规模），每项链接到原文所在段落。"
SORT_HINT = "点击表头按年份、主题等排序。"


def targets_pages(lib: Library) -> dict[str, str]:
    """政策目标一览: every quantified target of the corpus, each linking to its sentence; sortable by
    year and theme in the browser (click a header), ordered by year and theme without scripts. One page
    while its rows fit in PART_BYTES, else parts by the date of the targets' documents (split_pages),
    targets.md their overview."""
    rows = _all_targets(lib)
    split = split_pages(TARGETS_PAGE, rows, lambda r: r[2], _target_row, lib)
    if split is None:
        out = [front_matter(TARGETS_META), "# 政策目标一览", "",
               f"收录文件中自动识别的量化目标 {len(rows)} 项{TARGETS_ABOUT}{SORT_HINT}", ""]
        return {TARGETS_PAGE: "\n".join(out + _targets_table(rows, [_target_row(r, TARGETS_PAGE) for r in rows]))}
    parts, made = split
    pages = {}
    for here, label, items, links in made:
        part = [r for r, _ in items]
        out = [front_matter({**TARGETS_META, "title": f"政策目标一览（{label}）"}), "# 政策目标一览", "",
               f"本页（{label}，按所在文件的成文日期）：自动识别的量化目标 {len(part)} 项{TARGETS_ABOUT}{SORT_HINT}", "",
               links, ""]
        pages[here] = "\n".join(out + _targets_table(part, [line for _, line in items]))
    pages[TARGETS_PAGE] = overview_page(
        TARGETS_PAGE, TARGETS_META, parts, "项",
        f"收录文件中自动识别的量化目标 {len(rows)} 项{TARGETS_ABOUT}"
        f"按所在文件的成文日期分为 {len(parts)} 页，每页的表格可按年份、主题等排序：")
    return pages


# --- pages split by their documents' dates ------------------------------------------------------------

#: Most bytes of rows (the table rows of 政策目标一览, the entries of 效力状态) one page holds. A page
#: with more is split by the date of each row's document (split_pages), its parts at targets/<key>.md
#: and status/<key>.md (key: year, year-month, or year-month-n), the page itself an overview linking
#: every part. Around its rows a part has its links (the overview, its neighbours, the parts of its
#: year) and the theme's page (~17 KB of HTML): 150 KB of rows kept every page under 173 KB at 1,000
#: issues, within the 200 KB every page must stay (targets.html was 27.6 MB, status.html 6.1 MB).
PART_BYTES = 150_000


def arrival(lib: Library) -> dict[str, tuple]:
    """Entry id → when the corpus first had it: (the issue's place in time, render.issue_order; the
    entry's place in the library)."""
    from converter.stages.render import issue_order

    when = {c.id: issue_order(c) for c in lib.compilations}
    return {e.id: (min(when[d.occurrence.compilation] for d in e.versions), i) for i, e in enumerate(lib.entries)}


def split_pages(path: str, rows: list, entry_of, line, lib: Library) -> tuple[list, list] | None:
    """A fact page whose rows weigh more than PART_BYTES, split as the index lists are
    (render.split_list by the month of each row's document, newest first: year, month, numbered parts;
    render.part_pages with the overview at `path`): (the parts, [(page path, label, [(row, its line)],
    the part's links in Markdown)]), each part's rows in `rows`' order; None when the rows fit on one
    page. `entry_of(row)`: the row's document; `line(row, src)`: the row's HTML on the page src.

    Within a month (and among the undated) the rows go into numbered parts in the order their
    documents came into the corpus (arrival): a new issue's documents come last, so the parts before
    them keep their rows (a new document of an old month changes that month's last part only)."""
    from converter.stages import render as R

    order = {id(r): i for i, r in enumerate(rows)}
    came = arrival(lib)
    folder = f"{path[:-3]}/part.md"              # every part sits in this folder: its rows' links are alike
    items = [(r, line(r, folder)) for r in rows]
    items.sort(key=lambda it: (came[entry_of(it[0]).id], order[id(it[0])]))
    items.sort(key=lambda it: (entry_of(it[0]).date or "")[:7], reverse=True)    # newest month first, undated last
    parts = R.split_list(items, lambda it: entry_of(it[0]).date, PART_BYTES,
                         size=lambda it: len(it[1].encode()) + 1)                # a line and its newline
    if len(parts) == 1:
        return None
    made = []
    for (here, label, part, _, within), nav in zip(R.part_pages(path, parts, overview=True),
                                                   R.part_neighbours(path, parts)):
        made.append((here, label, sorted(part, key=lambda it: order[id(it[0])]), R.part_header(nav, within)))
    return parts, made


def overview_page(path: str, meta: dict, parts: list, unit: str, intro: str) -> str:
    """The page at `path` of a fact page split into parts: `intro` (Markdown), then every part linked
    with its number of rows, by year (render.part_overview)."""
    from converter.stages import render as R

    return R.page("overview.md.j2", meta, title=meta["title"], intro=intro, unit=unit,
                  years=R.part_overview(path, parts))


# --- status index ------------------------------------------------------------------------------------

STATUS_META = {"title": "效力状态", "description": "本站政策文件的效力状态：施行日期、有效期与废止情况。"}
STATUS_ABOUT = "按文中的施行日期、有效期和收录文件的废止条款判断，截至 <span data-status-day>{day}</span>"
STATUS_TODAY = "（打开页面时按当天日期重新计算）。状态为自动识别，以原文为准。"


def _status_item(r: tuple, src: str) -> str:
    """An entry of 效力状态 (on the page `src`): the policy's link, 文号 and dates."""
    e, _, sf = r
    return (f'<li{status_attrs(e, sf)}><a href="{attr(html_path(rel(src, e.path)))}">{text(e.title)}</a> '
            f"<small>{text(e.doc_number or '')} {status_dates(sf, src)}</small></li>")


def _status_lists(items: list[tuple[tuple, str]]) -> list[str]:
    """A heading and a list per status (`items`: (entry, status, facts) and its line, newest first)."""
    out = []
    for s in STATUSES:
        lines = [line for (_, st, _), line in items if st == s]
        out += [f'<h2 id="{STATUS_CLASS[s]}">{s} <small data-status-count="{s}">{len(lines)}</small></h2>', "",
                f'<ul data-status-list="{s}">', *lines, "</ul>", ""]
    return out


def status_pages(lib: Library, day: str) -> dict[str, str]:
    """Policies by status. The page is built with the status on `day` (the newest issue's date: a
    build does not read the clock); policy-facts.js moves each entry under its status today. One page
    while its entries fit in PART_BYTES, else parts by the policies' dates (split_pages), status.md
    their overview with the counts of each status on `day`."""
    by_id = {e.id: e for e in lib.entries}
    policies = sorted((e for e in lib.entries if e.kind == "policy"), key=lambda e: (e.date or "0000", e.title),
                      reverse=True)
    rows = [(e, status_on(e, day), status_facts(e, by_id)) for e in policies]
    about = STATUS_ABOUT.format(day=reader_date(day))
    split = split_pages(STATUS_PAGE, rows, lambda r: r[0], _status_item, lib)
    if split is None:
        out = [front_matter(STATUS_META), "# 效力状态", "", f"{about}{STATUS_TODAY}", ""]
        return {STATUS_PAGE: "\n".join(out + _status_lists([(r, _status_item(r, STATUS_PAGE)) for r in rows]))}
    parts, made = split
    pages = {}
    for here, label, items, links in made:
        out = [front_matter({**STATUS_META, "title": f"效力状态（{label}）"}), "# 效力状态", "",
               f"本页（{label}，按成文日期）：政策文件 {len(items)} 篇，{about}{STATUS_TODAY}", "", links, ""]
        pages[here] = "\n".join(out + _status_lists(items))
    counts = " · ".join(f"{s} {sum(st == s for _, st, _ in rows)} 篇" for s in STATUSES)
    pages[STATUS_PAGE] = overview_page(
        STATUS_PAGE, STATUS_META, parts, "篇",
        f"收录的政策文件 {len(rows)} 篇，{about}：{counts}。状态为自动识别，以原文为准。\n\n"
        f"按文件的成文日期分为 {len(parts)} 页（打开各页时按当天日期重新归类）：")
    return pages


# --- stable identifiers (ELI) ----------------------------------------------------------------------------


def eli_path(e: Entry) -> str | None:
    """`eli/cn/{issuer}/{year}/{type}/{number}` of a numbered policy (its 文号: series and number), or
    None (no 文号, no issuer, no year)."""
    if e.kind != "policy" or not e.doc_number or not e.issuers:
        return None
    no = normalise(e.doc_number)
    year = number = None
    if m := P.DOC_NUMBER.search(no):
        year, number = m["year"], f"{m['prefix']}-{m['num']}"
    elif m := P.ELI_DECREE.search(no):
        year, number = m["year"] or (e.date or "")[:4] or None, f"{m['prefix']}-{m['num']}"
    elif m := P.ELI_YEAR_NUMBER.search(no):
        year, number = m["year"], f"{m['prefix'] or '第'}-{m['num']}"
    if not year or not number:
        return None
    issuer = department_slug(department_of(e.issuers[0]))
    kind = slug(e.subtype or KIND_LABEL[e.kind], 20)
    return f"{ELI_ROOT}/{issuer}/{year}/{kind}/{slug(number, 40)}.html"


def eli_paths(lib: Library) -> dict[str, str]:
    """Entry id → its ELI alias; an alias two entries would share is given to neither."""
    seen: dict[str, list[str]] = defaultdict(list)
    for e in lib.entries:
        if p := eli_path(e):
            seen[p].append(e.id)
    return {ids[0]: p for p, ids in seen.items() if len(ids) == 1}


def eli_page(alias: str, e: Entry) -> str:
    """The alias: a page that sends the browser on to the document page (a meta refresh: works from
    file:// and with scripts off) and says where, for readers and crawlers (rel=canonical)."""
    target = html.escape(rel(alias, html_path(e.path)), quote=True)
    title = html.escape(e.title, quote=False)
    return ("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
            f"<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n"
            f"</head><body><p>本页是文件的稳定地址，正在转到：<a href=\"{target}\">{title}</a></p></body></html>\n")


# --- JSON-LD -----------------------------------------------------------------------------------------


def jurisdiction(e: Entry) -> str:
    """The area a document applies to: the province or city its first issuer names, else the country."""
    if e.level != "national":
        for name in (*e.issuers, e.title):
            if m := P.PLACE_OF_BODY.match(name):
                return m["place"]
    return JURISDICTION_NATIONAL


def jsonld(e: Entry, by_id: dict[str, Entry], eli: dict[str, str], day: str) -> dict:
    """schema.org data of a document page: Legislation for a policy (legislationIdentifier = 文号,
    legislationDate, legislationPassedBy, legislationType, legislationLegalForce on `day`,
    legislationJurisdiction, legislationChanges for what it amends); Article about the policy for an
    interpretation or a news item (about / isBasedOn). URLs are relative to the page."""
    src = e.path

    def ref(i: str) -> dict:
        t = by_id[i]
        return {"@id": html_path(rel(src, t.path)), "name": t.title}

    data: dict = {"@context": "https://schema.org", "@id": html_path(rel(src, e.path)), "name": e.title,
                  "inLanguage": "zh-CN"}
    if e.kind == "policy":
        data["@type"] = "Legislation"
        if e.doc_number:
            data["legislationIdentifier"] = e.doc_number
        if e.date:
            data["legislationDate"] = e.date
        if e.issuers:
            data["legislationPassedBy"] = [{"@type": "GovernmentOrganization", "name": i} for i in e.issuers]
        data["legislationType"] = e.subtype or KIND_LABEL[e.kind]
        force = LEGAL_FORCE.get(status_on(e, day))
        v = validity_of(e)
        if force and (v.commencement or v.expiry or e.repealed_by):
            data["legislationLegalForce"] = force
        if v.commencement and v.commencement.date:
            data["legislationDateOfApplicability"] = v.commencement.date
        if v.expiry and v.expiry.date:
            data["expires"] = v.expiry.date
        data["legislationJurisdiction"] = {"@type": "AdministrativeArea", "name": jurisdiction(e)}
        if e.amends:
            data["legislationChanges"] = [ref(i) for i in e.amends]
        if e.id in eli:
            data["sameAs"] = rel(src, eli[e.id])
    else:
        data["@type"] = "Article"
        if e.date:
            data["datePublished"] = e.date
        data["genre"] = e.subtype or KIND_LABEL[e.kind]
        if e.interprets:
            data["about"] = [ref(i) for i in e.interprets]
            data["isBasedOn"] = [ref(i) for i in e.interprets]
    if e.themes:
        data["keywords"] = list(e.themes)
    return data


def jsonld_script(data: dict) -> str:
    """The JSON of a `<script type="application/ld+json">`: `<` written \\u003c, so that no text in
    it can close the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


# --- open data -----------------------------------------------------------------------------------------


def fact_fields(e: Entry, eli: dict[str, str]) -> dict:
    """What corpus.json adds for a document: validity dates, relations both ways, counts, aliases."""
    v = validity_of(e)
    facts = e.main.facts
    return {
        "commencement": v.commencement.date or "on_issue" if v.commencement else None,
        "expiry": v.expiry.date if v.expiry else None,
        "trial": v.trial.word if v.trial else None,
        "repeals": list(e.repeals), "repealed_by": list(e.repealed_by),
        "amends": list(e.amends), "amended_by": list(e.amended_by), "issued_with": list(e.issued_with),
        "targets": len(facts.targets) if facts else 0,
        "eli": eli.get(e.id),
        "json": f"{DOCUMENT_JSON}/{e.id}.json",
    }


def _span(e: Entry, sp) -> dict:
    blocks = e.main.blocks
    raw = blocks[sp.block].text if 0 <= sp.block < len(blocks) else (e.main.title if sp.block == -1 else "")
    return {"block": sp.block, "start": sp.start, "end": sp.end, "text": raw[sp.start:sp.end]}


def _citation(e: Entry, c) -> dict:
    return {"title": c.title, "doc_number": c.doc_number, "article": c.article, "paragraph": c.paragraph,
            "span": _span(e, c.span)}


def document_json(e: Entry, base: dict, eli: dict[str, str]) -> str:
    """data/documents/{id}.json: the document's corpus.json record (`base`), its facts with their
    spans (block index, character offsets in that block's text, the text), its blocks with their
    anchors, and the links of its citations."""
    facts = e.main.facts
    v = validity_of(e)
    anchors = block_anchors(e)
    out = dict(base)
    out["validity"] = {
        "commencement": {"date": v.commencement.date, "rule": v.commencement.rule, "span": _span(e, v.commencement.span)}
        if v.commencement else None,
        "expiry": {"date": v.expiry.date, "years": v.expiry.years, "span": _span(e, v.expiry.span)} if v.expiry else None,
        "trial": {"word": v.trial.word, "span": _span(e, v.trial.span)} if v.trial else None,
        "repeals": [_citation(e, c) for c in v.repeals],
        "amendments": [{"relation": a.relation, "citation": _citation(e, a.citation), "span": _span(e, a.span)}
                       for a in v.amends],
    }
    out["targets"] = [{"year": t.year, "subject": t.subject, "verb": t.verb, "quantity": t.quantity, "value": t.value,
                       "unit": t.unit, "anchor": a.id if (a := anchors.get(t.span.block)) else None,
                       "span": _span(e, t.span)} for t in (facts.targets if facts else ())]
    out["citations"] = [_citation(e, c) for c in (facts.citations if facts else ())]
    out["citation_links"] = [{"block": ln.block, "start": ln.start, "end": ln.end, "target": ln.target,
                              "anchor": ln.anchor} for ln in e.citation_links]
    out["anchors"] = [{"id": a.id, "kind": a.kind, "number": a.number, "label": a.label, "block": a.block}
                      for a in (facts.anchors if facts else ())]
    out["blocks"] = [{"kind": b.kind, "text": b.text, **({"rows": [list(r) for r in b.rows]} if b.rows else {})}
                     for b in e.main.blocks]
    out["eli"] = eli.get(e.id)
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
