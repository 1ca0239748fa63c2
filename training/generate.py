"""The layout generator: source documents composed into a compilation, with the truth about every
logical line and every document.

    docs = documents.load_all()
    for family in generate.families():
        composed = generate.compose(docs, family, seed=7)      # same seed, same compilation
        text, lines = render_text.render(composed)

A family (training/families.yaml) is a distribution over knobs; `compose` draws every knob from it
with a random generator seeded by (family, seed), records the values in `Composed.knobs` (with the
choices made per document under `per_document`), picks documents (policies, the interpretations
that follow them, news), groups them in sections and writes each as items: labels, 令 headers,
headlines, title lines, 文号 or metadata lines, body paragraphs and tables. Page numbers of the
table of contents are those the text renderer gives (render_text.paginate).
"""
from __future__ import annotations

import copy
import random
from contextlib import contextmanager
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from converter.model import Role
from converter.text.dates import parse_date
from converter.vocab import VOCAB
from converter.vocab import patterns as P
from training.documents import Para, SourceDocument, squash
from training import long_body
from training.records import Composed, DocTruth, Item

FAMILIES = Path(__file__).resolve().parent / "families.yaml"
#: Layouts for scoring only, never drawn in training (tests/layout_eval.py --unseen).
UNSEEN = Path(__file__).resolve().parent / "unseen.yaml"

#: A 令 number: 国务院令第712号 → (国务院, 712).
ORDER_NUMBER = re.compile(r"^(?P<org>.+?)令第(?P<n>\d+)号$")
#: A title that issues another document: …关于印发《X》的通知.
ISSUING_TITLE = re.compile(r"^(?P<org>.*?)关于(?:印发|发布|转发)(?:《(?P<inner>[^《》]+)》|(?P<bare>[^《》]+))的通知$")
#: The issuer and subject of a title: 国务院办公厅关于… → (国务院办公厅, 关于…).
ABOUT = re.compile(r"^(?P<org>[^《》关]{2,40}?)(?=关于)(?P<rest>关于.+)$")

PUBLISHERS = ["华东智能装备产业促进会", "江南新材料行业协会", "滨海数字经济促进会", "中原物流与供应链商会",
              "西岭现代农业产业联盟", "北湖中小企业服务中心", "东岳医药健康产业研究会", "南川低碳能源联合会"]
TITLES = ["政策汇编", "惠企政策汇编", "政策月报", "政策动态", "产业政策参考", "政策速递"]
SOURCES = ["中国政府网", "新华社", "人民日报", "部门网站", "省政府网站", "经济日报"]
LABELS = {"policy": ["【政策原文】", "【政策文件】", "【政策动态】"], "interpretation": ["【政策解读】", "【权威解读】"],
          "news": ["【相关新闻】", "【新闻动态】", "【政策动态】"]}
SECTION_NAMES = {"level": {"national": ["国家政策", "国家层面", "国家级政策"], "provincial": ["省级政策", "省级层面", "地方政策"],
                           "municipal": ["市级政策", "市级层面", "市县政策"]},
                 "kind": {"policy": ["政策文件", "政策原文"], "interpretation": ["政策解读", "解读材料"],
                          "news": ["新闻动态", "相关新闻"]}}
CN_DIGITS = "一二三四五六七八九十"
#: Invented names for the signature of a 令 that is not the State Council's.
INVENTED_SIGNERS = ["张明远", "李建华", "王志诚", "赵启航", "陈立新", "刘文博"]
#: A title that a publication sentence may put in force with no 令 header above it (a court's 解释 or 批复, a
#: ministry's 规定 as its 公告 prints it: `《X》已于…通过，现予公布…` / issuer / date / 文号 / X).
PROMULGATED_TITLE = re.compile(r"(?:条例|规定|办法|解释|批复|决定|细则|规则)$")
#: The meeting that passes what a publication sentence puts in force, by how the issuer's name ends
#: ({n}: its number); the last one for any other issuer.
MEETINGS = (("法院", "审判委员会第{n}次会议"), ("检察院", "检察委员会第{n}次会议"), ("部", "第{n}次部务会议"),
            ("委员会", "第{n}次委务会议"), ("", "第{n}次常务会议"))
#: What a web page's list of attachments names (after a noun of synth.NOUNS), each a link: `- 1.[X](#)`.
ATTACHMENT_NAMES = ["任务清单", "服务指南", "申报书", "推荐汇总表", "实施细则", "评价指标体系", "工作指南", "申报指南"]


# --- families and knobs ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _families() -> dict:
    return yaml.safe_load(FAMILIES.read_text(encoding="utf-8"))


def families() -> list[str]:
    """The names of the layout families, in the order of families.yaml."""
    return list(_families()["families"])


@lru_cache(maxsize=1)
def _unseen() -> dict:
    return yaml.safe_load(UNSEEN.read_text(encoding="utf-8"))["unseen"]


def unseen() -> list[str]:
    """The names of the layouts no family draws (unseen.yaml), in its order."""
    return list(_unseen())


def draw(spec, rng: random.Random):
    """One value from a knob's distribution (see families.yaml)."""
    if isinstance(spec, dict):
        if "range" in spec:
            lo, hi = spec["range"]
            return rng.randint(lo, hi)
        if "between" in spec:
            lo, hi = spec["between"]
            return round(rng.uniform(lo, hi), 3)
        values, weights = zip(*spec.items())
        return rng.choices(values, weights=weights)[0]
    if isinstance(spec, list):
        return rng.choice(spec)
    return spec


#: Share of an interpretation's long bodies (long_style `any`) that are questions with long answers.
INTERP_QA = 0.5
#: Knobs drawn from a stream of their own (the compilation's `:long` rng), so that with long_body 0 a
#: compilation is exactly what it was before long bodies existed (same documents, same text).
LONG_KNOBS = ("long_body", "long_style", "long_sections")


def draw_knobs(family: str, rng: random.Random, long_rng: random.Random | None = None) -> dict:
    spec = {**_families()["defaults"], **(_families()["families"].get(family) or _unseen()[family])}
    long_rng = long_rng or rng
    return {k: draw(v, long_rng if k in LONG_KNOBS else rng) for k, v in spec.items()}


# --- picking documents -------------------------------------------------------------------------------------


def pick(documents: list[SourceDocument], knobs: dict, rng: random.Random) -> list[SourceDocument]:
    """Policies, each maybe followed by its interpretations, and other interpretations and news."""
    n = knobs["docs"]
    policies = [d for d in documents if d.truth.kind == "policy"]
    others = [d for d in documents if d.truth.kind != "policy"]
    by_target: dict[str, list[SourceDocument]] = {}
    for d in others:
        if d.interprets_key:
            by_target.setdefault(d.interprets_key, []).append(d)
    rng.shuffle(policies)
    chosen: list[SourceDocument] = []
    used: set[str] = set()
    n_policies = max(1, round(n * (1 - knobs["news_share"]) * 0.75))
    for p in policies:
        if len([c for c in chosen if c.truth.kind == "policy"]) >= n_policies or len(chosen) >= n:
            break
        chosen.append(p)
        used.add(p.key)
        for i in by_target.get(p.key, ()):
            if len(chosen) < n and i.key not in used and rng.random() < knobs["interp_follow"]:
                chosen.append(i)
                used.add(i.key)
    rest = [d for d in others if d.key not in used]
    rng.shuffle(rest)
    news = [d for d in rest if d.truth.kind == "news"]
    interp = [d for d in rest if d.truth.kind != "news"]
    while len(chosen) < n and (news or interp or policies):
        pool = news if news and rng.random() < knobs["news_share"] else interp or news
        if not pool:
            pool = [p for p in policies if p.key not in used]
            if not pool:
                break
        d = pool.pop(0) if pool is not policies else pool[0]
        if d.key in used:
            continue
        chosen.append(d)
        used.add(d.key)
    return chosen


def group(chosen: list[SourceDocument], knobs: dict) -> list[tuple[str | None, list[SourceDocument]]]:
    """Sections in print order: (section name or None, documents)."""
    if knobs["sections"] == "none":
        return [(None, chosen)]
    by = knobs["group_by"]
    order = ["national", "provincial", "municipal"] if by == "level" else ["policy", "interpretation", "news"]
    buckets: dict[str, list[SourceDocument]] = {k: [] for k in order}
    for d in chosen:
        k = d.truth.level if by == "level" else d.truth.kind
        if by == "level" and d.truth.kind != "policy" and d.interprets_key:
            # an interpretation stays with its policy when documents are grouped by level
            target = next((c for c in chosen if c.key == d.interprets_key), None)
            k = target.truth.level if target else k
        buckets.setdefault(k, []).append(d)
    return [(k, v) for k, v in buckets.items() if v]


# --- text of the pieces ---------------------------------------------------------------------------------------


def short_issuer(name: str) -> str:
    """The shortest alias of a body (工业和信息化部 → 工信部), or the name."""
    dept = VOCAB.departments.get(name) if hasattr(VOCAB, "departments") else None
    aliases = [a for a in getattr(dept, "aliases", ()) if 2 <= len(a) < len(name)]
    return min(aliases, key=len) if aliases else name


def cn_date(iso: str | None, with_year: bool = True) -> str | None:
    if not iso:
        return None
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日" if with_year else f"{m}月{d}日"


def headline_of(t: DocTruth, rng: random.Random) -> str | None:
    """A compiler's headline for a policy: 国务院办公厅印发《X》 / 工信部出台《关于…的通知》."""
    org = short_issuer(t.issuers[0]) if t.issuers else None
    m = ISSUING_TITLE.match(t.title)
    if m and org:
        return f"{org}印发《{m['inner'] or m['bare']}》"
    m = ABOUT.match(t.title)
    if m and org:
        verb = rng.choice(["印发", "出台", "发布"])
        return f"{org}{verb}《{m['rest']}》"
    return None


def split_title_lines(title: str, rng: random.Random) -> list[str]:
    """A title over two (or three, when long) lines, cut where a typesetter would: after 关于 or 印发《,
    else near the middle."""
    if len(title) < 16:
        return [title]
    parts = 3 if len(title) > 56 and rng.random() < 0.5 else 2
    cuts = []
    size = len(title) / parts
    for k in range(1, parts):
        at = round(size * k) + rng.randint(-3, 3)
        cuts.append(render_text_safe_cut(title, min(max(at, 4), len(title) - 2)))
    out, last = [], 0
    for c in sorted(set(cuts)):
        if c > last:
            out.append(title[last:c])
            last = c
    out.append(title[last:])
    return [p for p in out if p]


def render_text_safe_cut(text: str, at: int) -> int:
    from training.render_text import safe_cut

    return safe_cut(text, at)


def trimmed(paras: tuple[Para, ...], limit: int) -> list[Para]:
    """At most about `limit` paragraphs: the opening of a long document and its closing block
    (signature, date, notes) when that is short."""
    paras = list(paras)
    if len(paras) <= limit:
        return paras
    tail_roles = (Role.SIGNATURE, Role.DATE, Role.NOTE)
    k = len(paras)
    while k > 0 and paras[k - 1].role in tail_roles:
        k -= 1
    tail = paras[k:] if len(paras) - k <= 6 else []
    head = paras[:limit]
    # never end on a heading: a heading with nothing under it is not what a publisher prints
    while head and head[-1].role is Role.HEADING:
        head.pop()
    return head + tail


def order_header(t: DocTruth, style: str) -> tuple[list[str], list[Para]] | None:
    """The header lines and the promulgation block of a 令 (None for other documents)."""
    m = ORDER_NUMBER.match(t.doc_number or "")
    if not m:
        return None
    org = m["org"]
    full = "中华人民共和国国务院令" if org == "国务院" else f"{org}令"
    head = [full, f"第{m['n']}号"] if style == "split" else [f"{full}　第{m['n']}号"]
    date = cn_date(t.date)
    name = re.sub(r"^[（(]?|[）)]$", "", t.title)
    block = [Para(Role.BODY, f"《{name}》已经{'国务院常务会议' if org == '国务院' else '有关会议'}通过，现予公布，"
                             f"自{'公布之日' if not date else date.split('年')[0] + '年下半年'}起施行。")]
    if org == "国务院":
        premier = "李强" if (t.date or "9999") >= "2023-03-11" else "李克强"
        block.append(Para(Role.SIGNATURE, f"总理　{premier}"))
    else:
        title = "省长" if org.endswith("省人民政府") else "市长" if org.endswith("市人民政府") else "局长"
        block.append(Para(Role.SIGNATURE, f"{title}　{INVENTED_SIGNERS[int(m['n']) % len(INVENTED_SIGNERS)]}"))
    if date:
        block.append(Para(Role.DATE, date))
    return head, block


def promulgation_block(t: DocTruth, rng: random.Random) -> list[Para] | None:
    """The publication block a policy is printed under when no 令 header stands above it: the sentence that
    puts it in force (its head), the issuer, the date and the 文号; None for a title it does not fit, or a
    令 (its number stands in its 令 header)."""
    if t.kind != "policy" or not t.issuers or not PROMULGATED_TITLE.search(t.title) or not (date := cn_date(t.date)) \
            or ORDER_NUMBER.match(t.doc_number or ""):
        return None
    issuer = t.issuers[0]
    meeting = next(m for end, m in MEETINGS if issuer.endswith(end)).format(n=rng.randint(3, 1990))
    start = rng.choice(["公布之日", f"{int(date.split('年')[0]) + 1}年{rng.randint(1, 12)}月1日"])
    return [Para(Role.ORDER_HEADER, f"《{t.title}》已于{date}由{issuer}{meeting}通过，现予公布，自{start}起施行。"),
            Para(Role.SIGNATURE, issuer), Para(Role.DATE, date)] + ([Para(Role.DOC_NUMBER, t.doc_number)] if t.doc_number else [])


def linked_attachments(rng: random.Random) -> list[Item]:
    """An 附件 line and its list as a web page gives it: every attachment a link (`- 1.[X](#)`), now and
    then one with a list of its own (`- 01-[X](#)`)."""
    from training.synth import NOUNS
    n = rng.randint(1, 4)
    items = [Item(Role.ATTACHMENT, rng.choice(["附件：", "附件"]))]
    for i, noun in enumerate(rng.sample(NOUNS, n), 1):
        items.append(Item(Role.ATTACHMENT, f"- {i}.[{noun}{rng.choice(ATTACHMENT_NAMES)}](#)"))
        if rng.random() < 0.3:
            items += [Item(Role.ATTACHMENT, f"- {j:02d}-[{sub}{rng.choice(ATTACHMENT_NAMES)}](#)")
                      for j, sub in enumerate(rng.sample(NOUNS, rng.randint(3, 12)), 1)]
    return items


def printed_order_first(paras: tuple[Para, ...], title: str) -> tuple[list[Para], tuple[Para, ...]] | None:
    """A 令 header the source prints under the title (as gov.cn pages do), moved above it as a gazette
    prints it: (the header block, the paragraphs left), the 令 number line and the title repeated after
    the block dropped. None when the block is not found whole."""
    start = next((k for k, p in enumerate(paras[:4]) if p.role is Role.ORDER_HEADER), None)
    if start is None:
        return None
    end = next((k for k in range(start, min(len(paras), start + 8)) if paras[k].role is Role.DATE), None)
    if end is None:
        return None
    block = list(paras[start:end + 1])
    rest = [p for k, p in enumerate(paras) if k < start and p.role is not Role.DOC_NUMBER or k > end]
    if rest and rest[0].role is Role.INNER_TITLE and squash(rest[0].text) == squash(title):
        rest = rest[1:]
    return block, tuple(rest)


def meta_lines(t: DocTruth, style: str, rng: random.Random) -> list[str]:
    source = rng.choice(SOURCES)
    if style == "source":
        return [f"来源：{source}"]
    lines = []
    if t.date:
        lines.append(f"{rng.choice(['发布时间', '发布日期', '成文日期'])}：{cn_date(t.date)}")
    if t.issuers and t.kind == "policy":
        lines.append(f"发文机关：{'、'.join(t.issuers)}")
    if t.doc_number:
        lines.append(f"文号：{t.doc_number}")
    lines.append(f"来源：{source}")
    return lines


def table_items(text: str, style: str) -> list[str]:
    cells = text.split("\t")
    if style == "spaces":
        return ["  ".join(cells)]
    if style == "lines":
        return [c for c in cells if c.strip()] or [text]
    return [text]


def digest_entry(t: DocTruth, body: list[Para], rng: random.Random, year: str) -> tuple[str, str] | None:
    """A 政策速览 entry for a policy: `3月2日，X印发《title》。该通知提出，…。` and its （源自：…） note."""
    if not t.date or not t.issuers:
        return None
    first = next((p.text for p in body if p.role is Role.BODY and len(p.text) >= 30), None)
    if first is None:
        return None
    summary = re.split(r"(?<=。)", first)[0][:90].rstrip("，、；")
    if not summary.endswith("。"):
        summary += "。"
    org = "、".join(t.issuers[:2])
    kind = (t.subtype or "文件")[-2:]
    verb = "公布" if ORDER_NUMBER.match(t.doc_number or "") else rng.choice(["印发", "发布", "印发"])
    quoted = t.title.replace("《", "〈").replace("》", "〉")     # a title inside 《》 quotes its own titles in 〈〉
    text = f"{cn_date(t.date, with_year=not t.date.startswith(year))}，{org}{verb}《{quoted}》。该{kind}提出，{summary}"
    return text, f"（源自：{t.issuers[0]}）"


# --- composing ---------------------------------------------------------------------------------------------------


def compose(documents: list[SourceDocument], family: str, seed: int) -> Composed:
    """One compilation of the family, the same for the same documents, family and seed."""
    from training import render_text

    rng = random.Random(f"{family}:{seed}")
    long_rng = random.Random(f"{family}:{seed}:long")
    knobs = draw_knobs(family, rng, long_rng)
    chosen = pick(sorted(documents, key=lambda d: d.key), knobs, rng)
    sections = group(chosen, knobs)
    publisher = rng.choice(PUBLISHERS)
    title = rng.choice(TITLES)
    years = sorted({d.truth.date[:4] for d in chosen if d.truth.date}) or ["2025"]
    year, month = years[-1], rng.randint(1, 12)
    period = f"{year}年{month}月"
    issue = f"总第{rng.randint(3, 120)}期"

    truths: list[DocTruth] = []
    per_doc: list[dict] = []
    body: list[Item] = []          # everything after the cover and the TOC
    toc: list[tuple[str, int | None]] = []   # (entry title, document index or None for a section)
    counter = 0
    for s_no, (section, docs) in enumerate(sections):
        if section is not None:
            name = rng.choice(SECTION_NAMES[knobs["group_by"]][section])
            heading = {"part": f"第{CN_DIGITS[s_no]}部分　{name}", "cn": f"{CN_DIGITS[s_no]}、{name}",
                       "bracket": f"【{name}】", "plain": name}[knobs["sections"]]
            body.append(Item(Role.SECTION_HEADING, heading, new_page=knobs["new_page"] >= 1.0 or rng.random() < 0.5,
                             align="centre"))
            toc.append((heading, None))
            if knobs["daodu"] == "per_section":
                body.append(Item(Role.TOC_HEADING, "导读"))
                for k, d in enumerate(docs):
                    body.append(Item(Role.TOC_ENTRY, f"{k + 1}.{d.truth.title}"))
        for d in docs:
            counter += 1
            index = len(truths)
            items, truth, choices = document_items(d, index, counter, knobs, rng, pool=body_pool(chosen, d),
                                                   long_rng=long_rng)
            if knobs["new_page"] and rng.random() < knobs["new_page"] and not (section is not None and d is docs[0]):
                items[0] = replace(items[0], new_page=True)
                choices["new_page"] = True
            truths.append(truth)
            per_doc.append(choices)
            body.extend(items)
            toc.append((truth.heading or truth.title, index))
    # interpretations point at their policy when it is in this compilation
    index_of = {d.key: k for k, d in enumerate(_in_print_order(sections))}
    truths = [replace(t, interprets=index_of.get(d.interprets_key)) if d.interprets_key else t
              for t, d in zip(truths, _in_print_order(sections))]
    # a 政策速览 section of short entries about policies (some in this compilation, some not)
    if rng.random() < knobs["digest"]:
        digest = digest_section(documents, index_of, truths, knobs, rng, year)
        if knobs["digest_position"] == "front":
            body = digest + body
        else:
            body.extend(digest)
    if rng.random() < knobs["back_matter"]:
        body.append(Item(Role.FURNITURE, f"责任编辑：{rng.choice(INVENTED_SIGNERS)}"))
        body.append(Item(Role.FURNITURE, f"{publisher}秘书处　联系电话：0571-8{rng.randint(1000000, 9999999)}"))

    body, truths = in_print_order(body, truths)
    year_shown = knobs["cover"] != "none" or knobs["header"] in ("name_issue", "alternate") or any(
        it.role is Role.SECTION_HEADING and f"{year}年" in it.text for it in body)
    truths = printed_numbers(printed_dates(truths, body, year_shown), body)
    truths = printed_issuers(reported_by(truths, body), body)
    front = front_items(knobs, publisher, title, period, issue, toc, truths)
    composed = Composed(family=family, seed=seed, knobs={**knobs, "per_document": per_doc}, items=tuple(front + body),
                        documents=tuple(truths), publisher=publisher, title=title, issue=issue, period=period)
    return with_toc_pages(composed, render_text)


def _in_print_order(sections) -> list[SourceDocument]:
    return [d for _, docs in sections for d in docs]


def body_pool(chosen: list[SourceDocument], d: SourceDocument) -> list[str]:
    """Running-text paragraphs of the compilation's other documents, for lengthening `d`'s body."""
    return [p.text for o in chosen if o is not d for p in o.paragraphs
            if p.role is Role.BODY and 20 <= len(p.text) <= 200 and "\t" not in p.text
            and not re.match(r"^(?:问|答)[:：]", p.text)]


def document_items(d: SourceDocument, index: int, counter: int, knobs: dict, rng: random.Random,
                   pool: list[str] = (), long_rng: random.Random | None = None):
    """The items of one document, its truth and the choices made for it."""
    t = d.truth
    choices: dict = {"origin": t.origin}
    items: list[Item] = []
    if rng.random() < knobs["item_labels"]:
        label = rng.choice(LABELS[t.kind])
        items.append(Item(Role.ITEM_LABEL, label))
        choices["label"] = label
    head: list[Item] = []
    printed = any(p.role is Role.ORDER_HEADER for p in d.paragraphs[:4])
    order = order_header(t, knobs["order_header"]) if t.kind == "policy" and not printed else None
    source_paras = d.paragraphs
    if printed and rng.random() < knobs["order_first"]:
        moved = printed_order_first(d.paragraphs, t.title)
        if moved:
            block, source_paras = moved
            order = ([], [])
            head += [Item(p.role, p.text, doc=index, align="centre" if p.role is Role.ORDER_HEADER else
                          "right" if p.role in (Role.SIGNATURE, Role.DATE) else "") for p in block]
            choices["order_first"] = True
    # the later variants draw from a generator of their own: the main one's draws stay as they were
    vrng = random.Random(f"{t.origin}:{index}:{counter}:variants")
    promulgated = promulgation_block(t, vrng) if not printed and vrng.random() < knobs["promulgated"] else None
    if promulgated:
        order = None        # printed under its publication sentence instead of a 令 header
        head += [Item(p.role, p.text, doc=index, align="right" if p.role in (Role.SIGNATURE, Role.DATE) else
                      "centre" if p.role is Role.DOC_NUMBER else "") for p in promulgated]
        choices["promulgated"] = True
    if order and order != ([], []):
        lines, block = order
        head += [Item(Role.ORDER_HEADER, l, doc=index, align="centre") for l in lines]
        head += [Item(p.role, p.text, doc=index, align="right" if p.role in (Role.SIGNATURE, Role.DATE) else "")
                 for p in block]
        choices["order_header"] = True
    headline = None
    if t.kind == "policy" and not order and not promulgated and rng.random() < knobs["headline"]:
        headline = headline_of(t, rng)
        if headline:
            head.append(Item(Role.HEADLINE, headline, doc=index, align="centre"))
            choices["headline"] = True
    if rng.random() < knobs["title_split"]:
        title_lines = split_title_lines(t.title, rng)
    else:
        title_lines = list(d.title_lines)
    prefix = ""
    if knobs["numbering"] == "bracket_org":
        org = short_issuer(t.issuers[0]) if t.issuers else "综合"
        prefix = f"{counter}.【{org}】"
    elif knobs["numbering"] == "number":
        prefix = f"{counter}. "
    elif knobs["numbering"] == "circled":
        prefix = f"（{counter}）"
    title_lines[0] = prefix + title_lines[0]
    choices["title_lines"] = len(title_lines)
    head += [Item(Role.DOC_TITLE, l, doc=index, align="centre") for l in title_lines]
    paras = trimmed(source_paras, knobs["max_paragraphs"])
    long_rng = long_rng or random.Random(f"{t.origin}:long")
    if t.kind != "news" and knobs["long_body"] and long_rng.random() < knobs["long_body"]:
        style = knobs["long_style"] if knobs["long_style"] != "any" else long_rng.choice(long_body.STYLES)
        if t.kind == "interpretation" and knobs["long_style"] == "any" and long_rng.random() < INTERP_QA:
            style = "qa"  # an interpretation's long body is mostly questions and answers
        n = knobs["long_sections"]
        paras = long_body.lengthen(paras, long_rng, list(pool), style, n)
        choices["long_body"] = {"style": style, "sections": n}
    if knobs["meta"] != "none":
        paras = [p for p in paras if p.role is not Role.DOC_NUMBER]
        head += [Item(Role.META, l, doc=index) for l in meta_lines(t, knobs["meta"], rng)]
    elif order:
        paras = [p for p in paras if p.role is not Role.DOC_NUMBER or "令" not in p.text]
    elif promulgated:
        paras = [p for p in paras if p.role is not Role.DOC_NUMBER]
    elif t.doc_number and not any(p.role is Role.DOC_NUMBER for p in paras[:1]):
        # a 文号 the source page does not print under the title: the publisher prints it
        head.append(Item(Role.DOC_NUMBER, t.doc_number, doc=index, align="centre"))
    head[0] = replace(head[0], starts=True)
    items += head
    indent = {"none": "", "fullwidth": "\u3000\u3000", "spaces": "    "}[knobs["indent"]]
    for p in paras:
        if p.role is Role.TABLE_ROW:
            items += [Item(Role.TABLE_ROW, c, doc=index) for c in table_items(p.text, knobs["table"])]
        elif p.role in (Role.BODY,):
            items.append(Item(p.role, indent + p.text, doc=index))
        elif p.role is Role.HEADING:
            level = 1 if re.match(rf"^[{P.CN_NUM}]+、|^第", p.text) else 2 if p.text.startswith(("（", "(")) else 3
            items.append(Item(p.role, p.text, doc=index, level=level))
        else:
            align = "right" if p.role in (Role.SIGNATURE, Role.DATE) else "centre" if p.role in (
                Role.DOC_NUMBER, Role.INNER_TITLE) else ""
            items.append(Item(p.role, p.text, doc=index, align=align))
    if t.kind == "policy" and vrng.random() < knobs["attach_links"]:
        # before the signature block that closes the document, else at its end
        end = len(items)
        while end > 1 and items[end - 1].role in (Role.SIGNATURE, Role.DATE, Role.NOTE) and not items[end - 1].starts:
            end -= 1
        items[end:end] = [replace(it, doc=index) for it in linked_attachments(vrng)]
        choices["attach_links"] = True
    items = printed_variants(items, knobs, rng, choices)
    truth = replace(t, heading=headline)
    return items, truth, choices


def cn_numeral_date(text: str) -> str:
    """2024年3月9日 → 二〇二四年三月九日 (as some signature blocks print it)."""
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        return (("" if n < 20 else digits[n // 10]) + "十" + ("" if n % 10 == 0 else digits[n % 10])) if n >= 10 \
            else digits[n]

    def one(m) -> str:
        return f"{''.join(digits[int(c)] for c in m['y'])}年{small(int(m['m']))}月{small(int(m['d']))}日"
    return P.DATE.sub(one, text)


def printed_variants(items: list[Item], knobs: dict, rng: random.Random, choices: dict) -> list[Item]:
    """The 文号 under the title in parentheses, the signature date in Chinese numerals (the knobs
    docno_paren and cn_date)."""
    out = []
    paren = rng.random() < knobs["docno_paren"]
    cn = rng.random() < knobs["cn_date"]
    for it in items:
        if paren and it.role is Role.DOC_NUMBER and not it.text.startswith(("（", "(")):
            it = replace(it, text=f"（{it.text}）")
            choices["docno_paren"] = True
        elif cn and it.role is Role.DATE and P.DATE_LINE.match(it.text) and P.DATE.search(it.text):
            it = replace(it, text=cn_numeral_date(it.text))
            choices["cn_date"] = True
        out.append(it)
    return out


def digest_section(documents, in_comp: dict[str, int], truths, knobs, rng, year) -> list[Item]:
    """A 政策速览 section; in_comp: key → index of the documents printed in full."""
    pool = sorted((d for d in documents if d.truth.kind == "policy" and d.truth.date and d.truth.issuers),
                  key=lambda d: d.key)
    rng.shuffle(pool)
    items = [Item(Role.SECTION_HEADING, "政策速览", new_page=rng.random() < 0.5, align="centre")]
    if rng.random() < 0.5:
        items.append(Item(Role.SECTION_HEADING, f"（{year}年{rng.randint(1, 6)}—{rng.randint(7, 12)}月）", align="centre"))
    entries = []
    for d in pool:
        if len(entries) >= knobs["digest_entries"]:
            break
        made = digest_entry(d.truth, list(d.paragraphs), rng, year)
        if made:
            entries.append((d, made))
    entries.sort(key=lambda e: e[0].truth.date)
    for d, (text, note) in entries:
        index = len(truths)
        truths.append(DocTruth(title=d.truth.title, heading=None, doc_number=None, issuers=d.truth.issuers[:2],
                               date=d.truth.date, kind="digest_item", subtype="政策速览", level=d.truth.level,
                               interprets=in_comp.get(d.key), origin=d.truth.origin))
        srng = random.Random(f"{d.key}:{index}:split")   # (its own generator: the main one's draws stay)
        lead, said, summary = text.partition("。该")
        if summary and srng.random() < knobs["digest_split"]:
            # the entry's summary printed as paragraphs of their own under its first sentence
            items.append(Item(Role.DIGEST_ENTRY, lead + said[:1], doc=index, starts=True))
            items.append(Item(Role.BODY, "该" + summary, doc=index))
            more = next((q.text for q in d.paragraphs if q.role is Role.BODY and len(q.text) >= 30
                         and q.text[:20] not in summary), None)
            if more and srng.random() < 0.5:
                items.append(Item(Role.BODY, re.split(r"(?<=。)", more)[0][:90], doc=index))
        else:
            items.append(Item(Role.DIGEST_ENTRY, text, doc=index, starts=True))
        items.append(Item(Role.NOTE, note, doc=index))
    return items if entries else []


def in_print_order(body: list[Item], truths: list[DocTruth]) -> tuple[list[Item], list[DocTruth]]:
    """Documents numbered in the order they are printed (a digest printed before the full texts)."""
    order: list[int] = []
    for it in body:
        if it.doc is not None and it.doc not in order:
            order.append(it.doc)
    new = {old: k for k, old in enumerate(order)}
    if all(k == v for k, v in new.items()):
        return body, truths
    body = [replace(it, doc=new[it.doc]) if it.doc is not None else it for it in body]
    truths = [truths[old] for old in order]
    truths = [replace(t, interprets=new[t.interprets]) if t.interprets is not None else t for t in truths]
    return body, truths


def printed_numbers(truths: list[DocTruth], body: list[Item]) -> list[DocTruth]:
    """A document's 文号 is the truth only when its text prints it (as the labels have it): a publisher
    that prints only a `来源：` line under the title (meta: source) drops the 文号 line with the rest of
    the metadata. Compared without white space and bracket style, over the document's items joined (a
    令 number is printed over two lines: `中华人民共和国国务院令` + `第712号`)."""
    text: dict[int, str] = {}
    for it in body:
        if it.doc is not None:
            text[it.doc] = text.get(it.doc, "") + _number_form(it.text)
    return [replace(t, doc_number=None) if t.doc_number and _number_form(t.doc_number) not in text.get(k, "") else t
            for k, t in enumerate(truths)]


def _number_form(s: str) -> str:
    return P.NUMBER_CLOSE.sub("〕", P.NUMBER_OPEN.sub("〔", squash(s)))


#: How many of a document's first paragraphs (past its title lines) count as under its heading: where a
#: press conference prints its `时间：` field, an interpretation names who speaks (the source line, meta lines
#: and the host's opening words come first).
LEAD_ITEMS = 5


def printed_dates(truths: list[DocTruth], body: list[Item], year_shown: bool = True) -> list[DocTruth]:
    """A document's date is the truth only when its text prints it (as the labels have it: null when
    the text gives none): a news item's publication date, or a policy's whose signature was cut. Printed
    means as 2024年3月22日 or as 2024-03-22 (a source page's date line). A 政策速览 entry printed with its
    month and day only is dated when the compilation shows its year (`year_shown`: the cover's or a running
    header's period, or the section's `（2024年1—6月）`); else the text gives no date. A generated
    interpretation without a date that prints its event's time (`时间：2032年4月2日（星期五）上午10时`) is dated
    by it, as the labels date press conferences."""
    seen: dict[int, set[str]] = {}
    event: dict[int, str] = {}       # the date of an event-time line (`时间：…`) under each document's heading
    under: dict[int, int] = {}       # paragraphs past the title lines seen so far, per document
    for it in body:
        if it.doc is None:
            continue
        if it.role not in (Role.DOC_TITLE, Role.HEADLINE):
            under[it.doc] = under.get(it.doc, 0) + 1
        for m in P.DATE.finditer(it.text):
            seen.setdefault(it.doc, set()).add(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
        for m in P.DATE_ISO.finditer(it.text):     # a web page's `2024-03-22`, `发布时间：2021-03-05` prints it too
            seen.setdefault(it.doc, set()).add(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
        if it.role is Role.DATE and parse_date(it.text):
            seen.setdefault(it.doc, set()).add(parse_date(it.text))
        if it.role is Role.DIGEST_ENTRY:
            m = P.DIGEST_ENTRY.match(it.text)
            if m:
                seen.setdefault(it.doc, set()).add(f"{int(m['m']):02d}-{int(m['d']):02d}")
        if under.get(it.doc, 0) <= LEAD_ITEMS and (m := P.EVENT_TIME.match(it.text.strip())) \
                and (d := P.DATE.search(m["value"])):
            event.setdefault(it.doc, f"{d['y']}-{int(d['m']):02d}-{int(d['d']):02d}")
    out = []
    for k, t in enumerate(truths):
        dates = seen.get(k, set())
        if t.date and t.date not in dates and not (t.kind == "digest_item" and year_shown and t.date[5:] in dates):
            t = replace(t, date=None)
        if t.date is None and t.kind == "interpretation" and k in event and (t.origin or "").startswith(("synth:", "invented:")):
            t = replace(t, date=event[k])    # a press conference's `时间：2032年4月2日（星期五）上午10时`: the date printed
        out.append(t)
    return out


#: A news outlet's dateline opening a news item: `新华社北京10月4日电`.
OUTLET_DATELINE = re.compile(r"^\s*据?(?P<who>新华社|人民网|中新网|央视网|光明日报)[^，。\d]{0,6}\d{1,2}月\d{1,2}日电")


def reported_by(truths: list[DocTruth], body: list[Item]) -> list[DocTruth]:
    """A news item that opens with an outlet's dateline is issued by that outlet, as the corpus labels
    every such item (`新华社北京3月7日电` under `国务院办公厅印发《…》`: 新华社). The invented and synthetic
    news items name the body they report on instead; their truth follows the labels' rule here (the text
    is not changed). Hand-labelled truths (the corpus, the sample) are kept as labelled."""
    first: dict[int, str] = {}
    for it in body:
        if it.doc is not None and it.role is Role.BODY and it.doc not in first:
            first[it.doc] = it.text
    out = []
    for k, t in enumerate(truths):
        m = OUTLET_DATELINE.match(first.get(k, ""))
        if t.kind == "news" and m and (t.origin or "").startswith(("synth:", "invented:")):
            t = replace(t, issuers=(VOCAB.outlet(m["who"]) or m["who"],))
        out.append(t)
    return out


#: Where an interpretation names the body it speaks for, in its first paragraphs: its officials
#: (`国家能源局有关负责人就…`, `商务部新闻发言人表示`), the site it comes from (`来源：教育部网站`), the body a
#: reporter learnt it from (`记者从财政部获悉`).
SPEAKS_FOR = re.compile(r"(?P<who>[^，。；：“”《》\s]{2,30}?)(?:有关|相关)?(?:司局)?(?:负责同志|负责人|新闻发言人|发言人)"
                        r"|来源[：:](?P<site>[^\s，。]{2,30})|记者从(?P<from>[^，。]{2,30}?)获悉")
#: How many of an item's first paragraphs SPEAKS_FOR reads (past its title lines).
SPEAKS_FOR_LOOK = LEAD_ITEMS


def printed_issuers(truths: list[DocTruth], body: list[Item]) -> list[DocTruth]:
    """The issuer of a generated interpretation (origin synth: or invented:) only where the item prints it,
    as the labels define it (tests/labels/README.md: the body whose officials speak, or that published it
    when the heading says so, else []): in its heading
    lines (with the compiler's `5.【工信部】` before them), or where its first paragraphs name that body's
    officials, its site or a reporter's source (SPEAKS_FOR). A `《X》政策解读` whose text only says what the
    policy's issuers did (`国家发展改革委、国家能源局联合印发《指导意见》`) has none; the synthetic sources kept
    the policy's issuer for every interpretation. Hand-labelled truths (the corpus, the sample) are kept."""
    heads: dict[int, str] = {}
    lead: dict[int, list[str]] = {}
    for it in body:
        if it.doc is None:
            continue
        if it.role in (Role.DOC_TITLE, Role.HEADLINE):
            heads[it.doc] = heads.get(it.doc, "") + it.text
        elif len(lead.setdefault(it.doc, [])) < SPEAKS_FOR_LOOK:
            lead[it.doc].append(it.text)
    out = []
    for k, t in enumerate(truths):
        if t.kind == "interpretation" and t.issuers and (t.origin or "").startswith(("synth:", "invented:")):
            texts = [heads.get(k, "")] + [m["who"] or m["site"] or m["from"]
                                          for text in lead.get(k, []) for m in SPEAKS_FOR.finditer(text)]
            named = {n for text in texts for n in VOCAB.issuers_in(text)}
            named |= {VOCAB.parent(n) for n in named if VOCAB.parent(n)}
            kept = tuple(i for i in t.issuers if VOCAB.canonical(i) in named or any(i in text for text in texts))
            if kept != t.issuers:
                t = replace(t, issuers=kept)
        out.append(t)
    return out


def front_items(knobs, publisher, title, period, issue, toc, truths) -> list[Item]:
    items: list[Item] = []
    if knobs["cover"] == "full":
        items += [Item(Role.COVER, publisher, align="centre"), Item(Role.COVER, issue, align="centre"),
                  Item(Role.COVER, title, align="centre"), Item(Role.COVER, f"（{period}）", align="centre"),
                  Item(Role.COVER, f"{publisher}　编", align="centre")]
    elif knobs["cover"] == "simple":
        items += [Item(Role.COVER, title, align="centre"), Item(Role.COVER, period, align="centre")]
    if knobs["toc"] != "none":
        items.append(Item(Role.TOC_HEADING, "目　录" if knobs["cover"] != "none" else "目录", new_page=bool(items),
                          align="centre"))
        k = 0
        for entry, doc in toc:
            if doc is not None:
                k += 1
            text = f"{k}. {entry}" if knobs["toc_numbered"] and doc is not None else entry
            items.append(Item(Role.TOC_ENTRY, text, doc=None))
    if knobs["daodu"] == "front":
        items.append(Item(Role.TOC_HEADING, "本期导读", new_page=False))
        for entry, doc in toc:
            if doc is not None:
                items.append(Item(Role.TOC_ENTRY, f"◆ {entry}"))
    return items


def with_toc_pages(composed: Composed, render_text) -> Composed:
    """The TOC entries of the front matter given the pages their documents / sections start on."""
    if composed.knobs["toc"] == "none":
        return composed
    starts = render_text.paginate(composed)       # item index → page
    items = list(composed.items)
    toc_at = [k for k, it in enumerate(items) if it.role is Role.TOC_ENTRY and not _in_daodu(items, k)]
    targets = [k for k, it in enumerate(items) if it.starts or it.role is Role.SECTION_HEADING and it.text != "政策速览"
               and not it.text.startswith("（")]
    # the TOC lists sections and documents in print order; a digest entry is not listed
    targets = [k for k in targets if items[k].role is not Role.DIGEST_ENTRY]
    for k, target in zip(toc_at, targets):
        items[k] = replace(items[k], level=starts.get(target, 0))
    return replace(composed, items=tuple(items))


def _in_daodu(items: list[Item], k: int) -> bool:
    """Whether the TOC entry at k belongs to a 导读 list (not the table of contents)."""
    j = k
    while j >= 0 and items[j].role is Role.TOC_ENTRY:
        j -= 1
    return j >= 0 and items[j].role is Role.TOC_HEADING and "导读" in items[j].text


def main(argv: list[str]) -> None:
    """python -m training.generate FAMILY SEED [--no-corpus]: the rendered text with every line's truth."""
    from training import documents, render_text

    args = [a for a in argv if not a.startswith("-")]
    family, seed = (args + [families()[0], "0"])[:2]
    composed = compose(documents.load_all(with_corpus="--no-corpus" not in argv), family, int(seed))
    print({k: v for k, v in composed.knobs.items() if k != "per_document"})
    for l in render_text.render(composed)[1]:
        print(f"{l.number:5} p{l.page:<3} {l.role.value:15} {'' if l.doc is None else l.doc:>3} {'*' if l.starts else ' '} {l.text}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])


@contextmanager
def knobs_set(**values):
    """Within this block every family (and the defaults) takes these knob values, e.g.
    `knobs_set(long_body=0)`: the compilations as they were before long bodies."""
    spec = _families()
    saved = copy.deepcopy(spec)
    for knobs in (spec["defaults"], *spec["families"].values()):
        knobs.update(values)
    try:
        yield
    finally:
        spec.clear()
        spec.update(saved)
