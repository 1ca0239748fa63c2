"""Long document bodies: what a compilation prints when it prints a whole policy rather than its opening.

Real compilations print long documents whose bodies run on through numbered sections, boxed columns and
articles; a segmenter trained only on short openings takes those numbered lines for new documents. This
module lengthens a document's body with sections made of other documents' body paragraphs (the pool) and
of the phrase banks of training/synth.py, in one of several shapes:

- `cn`      一、… / （一）… headings over borrowed paragraphs, now and then numbered headings under them
            (`1. 加快发展新型储能`, `（2）…`: a line of its own, the look of a compiler's numbered item title)
- `colon`   `N. 标题：正文` — a numbered run-in heading with a colon and its text on the same line (now and
            then the numbered headings on lines of their own, as in `cn`)
- `column`  专栏N 标题 boxes: the box heading, then short numbered or bulleted lines
- `chapter` 第一章 … chapters of 第N条 articles (articles as running text)
- `qa`      an interpretation's questions (`问：…？` turns or `一、…？` headings) with long answers: several
            paragraphs of prose, points `一是…二是…`, short numbered lines (`1. 标题。正文`)
- `table`   一、 headings over prose and a table (tab-separated rows: a header row, then rows of figures)
- `mixed`   a bit of every shape

    extra = long_body.sections(rng, pool, style, n_sections)   # list[Para]

Every choice comes from `rng`: the same rng state gives the same paragraphs.
"""
from __future__ import annotations

import random

from converter.model import Role
from training.documents import Para
from training import synth

STYLES = ("cn", "colon", "column", "chapter", "qa", "table", "mixed")
CN = "一二三四五六七八九十"
#: Headings of chapters and of run-in numbered items (written for this project).
CHAPTERS = ["总则", "规划与建设", "支持措施", "监督管理", "服务保障", "法律责任", "附则", "组织实施", "资金管理"]
RUN_IN = ["适用范围", "支持对象", "支持标准", "申报方式", "审核流程", "资金拨付", "绩效评价", "工作目标", "实施路径",
          "重点方向", "示范应用", "责任分工", "推广模式", "配套政策", "监测评估"]
COLUMNS = ["重点建设项目", "主要指标", "示范工程", "重点任务分工", "典型案例", "专项行动", "支持政策清单"]
#: Questions of a long interpretation (`{s}`: the policy's short name) and how an answer's points open.
QUESTIONS = ["请介绍一下{s}出台的背景", "{s}在推动{n}方面有哪些考虑", "{s}提出了哪些主要目标", "如何理解{s}中的{n}",
             "{s}对{n}有哪些支持", "下一步如何抓好{s}的落实", "{s}与以往政策相比有哪些新变化", "企业如何申请{n}相关支持"]
QUESTION_ENDS = ["？", "?", "？", ""]
POINTS = ["一是", "二是", "三是", "四是", "五是"]
#: Column names and units of the tables in long bodies.
TABLE_HEADS = [["序号", "项目名称", "建设内容", "完成时限"], ["指标", "{y0}年", "{y1}年", "属性"],
               ["序号", "任务", "牵头单位", "配合单位"], ["类别", "支持标准", "备注"]]


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (up to 99)."""
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def _sentence(rng: random.Random, pool: list[str]) -> str:
    if pool and rng.random() < 0.6:
        return rng.choice(pool)
    return synth._fill(rng.choice(synth.SENTENCES), rng, t=rng.choice(synth.TOPICS), y=rng.randint(2026, 2035))


def _noun(rng: random.Random) -> str:
    return rng.choice(synth.NOUNS)


def _prose(rng: random.Random, pool: list[str], lo: int = 2, hi: int = 5) -> str:
    """A long paragraph: several sentences run together (an answer, a section's running text)."""
    return "".join(_sentence(rng, pool) for _ in range(rng.randint(lo, hi)))


def _answer(rng: random.Random, pool: list[str]) -> list[Para]:
    """A long answer: `答：` prose, then more paragraphs, sometimes points or short numbered lines."""
    out = [Para(Role.BODY, "答：" + _prose(rng, pool, 1, 4))]
    for _ in range(rng.randint(1, 4)):
        shape = rng.random()
        if shape < 0.25:
            points = rng.randint(2, 5)
            out.append(Para(Role.BODY, "".join(f"{POINTS[j]}{_sentence(rng, pool)}" for j in range(points))))
        elif shape < 0.45:
            for j in range(1, rng.randint(2, 4) + 1):
                out.append(Para(Role.BODY, f"{j}. {_noun(rng)}{rng.choice(RUN_IN)}。{_sentence(rng, pool)}"))
        else:
            out.append(Para(Role.BODY, _prose(rng, pool)))
    return out


#: Share of a `cn` section's parts printed as numbered headings of their own (`1. 加快发展先进制造业`, `（2）…`)
#: over their text: the shape of a compiler's numbered item title (`1. 关于…的通知`), found inside a body.
NUMBERED_SHARE = 0.35
#: How a numbered heading's number is printed: `1. `, `1.`, `1．`, `1、`, `（1）`.
NUMBER_FORMS = ("{j}. ", "{j}.", "{j}．", "{j}、", "（{j}）")
#: The verb phrases a numbered body heading is made of, before a noun of synth.NOUNS (written for this project).
HEADING_VERBS = ["加快发展", "大力推进", "着力提升", "积极培育", "支持", "加强", "完善", "推动", "深化", "优化"]


def _numbered_heading_text(rng: random.Random) -> str:
    """A numbered heading's text: a verb phrase (`加快发展新型储能`, a topic), or a run-in name; no 关于, no
    punctuation — a title's look without a title's words."""
    shape = rng.random()
    if shape < 0.4:
        return f"{rng.choice(HEADING_VERBS)}{_noun(rng)}"
    if shape < 0.7:
        return rng.choice(synth.TOPICS)
    return f"{_noun(rng)}{rng.choice(RUN_IN)}" if rng.random() < 0.5 else rng.choice(RUN_IN)


def _numbered_headings(rng: random.Random, pool: list[str]) -> list[Para]:
    """2–5 numbered headings (one number form), each a line of its own over one or two paragraphs of text."""
    form = rng.choice(NUMBER_FORMS)
    out = []
    for j in range(1, rng.randint(2, 5) + 1):
        out.append(Para(Role.HEADING, form.format(j=j) + _numbered_heading_text(rng)))
        out += [Para(Role.BODY, _sentence(rng, pool)) for _ in range(rng.randint(1, 2))]
    return out


def _table(rng: random.Random) -> list[Para]:
    y0 = rng.randint(2025, 2030)
    head = [c.format(y0=y0, y1=y0 + 5) for c in rng.choice(TABLE_HEADS)]
    rows = [Para(Role.TABLE_ROW, "\t".join(head))]
    for j in range(1, rng.randint(2, 6) + 1):
        cells = [str(j) if head[0] == "序号" else _noun(rng)]
        for c in head[1:]:
            if c.endswith("年"):
                cells.append(f"{rng.randint(5, 95)}%")
            elif "时限" in c:
                cells.append(f"{rng.randint(y0, y0 + 5)}年底")
            elif "单位" in c:
                cells.append(rng.choice(["市发展改革委", "市工业和信息化局", "市财政局", "各区政府"]))
            else:
                cells.append(f"{_noun(rng)}{rng.choice(['工程', '项目', '约束性', '预期性', '不超过500万元'])}")
        rows.append(Para(Role.TABLE_ROW, "\t".join(cells)))
    return rows


def sections(rng: random.Random, pool: list[str], style: str, n: int) -> list[Para]:
    """`n` sections of the given style (a list of paragraphs with their roles)."""
    out: list[Para] = []
    article = 0
    for k in range(1, n + 1):
        shape = rng.choice(STYLES[:-1]) if style == "mixed" else style
        if shape == "cn":
            out.append(Para(Role.HEADING, f"{cn_number(k)}、{rng.choice(synth.HEADINGS + RUN_IN)}"))
            for j in range(1, rng.randint(1, 4) + 1):
                if rng.random() < 0.5:
                    out.append(Para(Role.HEADING, f"（{cn_number(j)}）{rng.choice(RUN_IN)}"))
                if rng.random() < NUMBERED_SHARE:
                    out += _numbered_headings(rng, pool)
                else:
                    out += [Para(Role.BODY, _sentence(rng, pool)) for _ in range(rng.randint(1, 2))]
        elif shape == "colon":
            if rng.random() < 0.5:
                out.append(Para(Role.HEADING, f"{cn_number(k)}、{rng.choice(synth.HEADINGS)}"))
            if rng.random() < NUMBERED_SHARE:      # the numbered lines as headings over their text
                out += _numbered_headings(rng, pool)
                continue
            for j in range(1, rng.randint(2, 6) + 1):
                lead = f"{_noun(rng)}{rng.choice(['', '方面', '领域'])}" if rng.random() < 0.4 else rng.choice(RUN_IN)
                sep = rng.choice([". ", ".", "．", "、"])
                out.append(Para(Role.BODY, f"{j}{sep}{lead}：{_sentence(rng, pool)}"))
        elif shape == "column":
            out.append(Para(Role.HEADING, f"专栏{k}{rng.choice(['　', ' ', '：', ''])}{_noun(rng)}{rng.choice(COLUMNS)}"))
            bullet = rng.choice(["num", "dot", "none"])
            for j in range(1, rng.randint(2, 6) + 1):
                text = f"{_noun(rng)}{rng.choice(['工程', '项目', '行动', '计划'])}。{_sentence(rng, pool)}"
                text = {"num": f"{j}. {text}", "dot": f"● {text}", "none": text}[bullet]
                out.append(Para(Role.BODY, text))
            if rng.random() < 0.5:
                out.append(Para(Role.BODY, _prose(rng, pool)))
        elif shape == "qa":
            q = rng.choice(QUESTIONS).format(s=rng.choice(["《实施方案》", "《若干措施》", "此次出台的政策", "该办法"]),
                                             n=_noun(rng)) + rng.choice(QUESTION_ENDS)
            if rng.random() < 0.5:
                out.append(Para(Role.HEADING, f"{cn_number(k)}、{q}"))
                out += _answer(rng, pool)[1:] or [Para(Role.BODY, _prose(rng, pool))]
                out.insert(len(out) - 1, Para(Role.BODY, _prose(rng, pool)))
            else:
                out.append(Para(Role.BODY, f"问：{q}"))
                out += _answer(rng, pool)
        elif shape == "table":
            out.append(Para(Role.HEADING, f"{cn_number(k)}、{rng.choice(synth.HEADINGS + RUN_IN)}"))
            out.append(Para(Role.BODY, _prose(rng, pool, 1, 3)))
            if rng.random() < 0.6:
                out.append(Para(Role.BODY, f"表{k}　{_noun(rng)}{rng.choice(COLUMNS)}"))
                out += _table(rng)
        else:  # chapter
            out.append(Para(Role.HEADING, f"第{cn_number(k)}章{rng.choice(['　', ' '])}{rng.choice(CHAPTERS)}"))
            for _ in range(rng.randint(2, 5)):
                article += 1
                out.append(Para(Role.BODY, f"第{cn_number(article)}条　{_sentence(rng, pool)}"))
    return out


def lengthen(paras: list[Para], rng: random.Random, pool: list[str], style: str, n: int) -> list[Para]:
    """The body with `n` sections of `style` put before its closing block (signature, date, notes)."""
    tail_roles = (Role.SIGNATURE, Role.DATE, Role.NOTE, Role.ATTACHMENT)
    k = len(paras)
    while k > 0 and paras[k - 1].role in tail_roles:
        k -= 1
    return paras[:k] + sections(rng, pool, style, n) + paras[k:]
