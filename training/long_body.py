"""Long document bodies: what a compilation prints when it prints a whole policy rather than its opening.

Real compilations print long documents whose bodies run on through numbered sections, boxed columns and
articles; a segmenter trained only on short openings takes those numbered lines for new documents. This
module lengthens a document's body with sections made of other documents' body paragraphs (the pool) and
of the phrase banks of training/synth.py, in one of several shapes:

- `cn`      一、… / （一）… headings over borrowed paragraphs
- `colon`   `N. 标题：正文` — a numbered run-in heading with a colon and its text on the same line
- `column`  专栏N 标题 boxes: the box heading, then short numbered or bulleted lines
- `chapter` 第一章 … chapters of 第N条 articles (articles as running text)
- `mixed`   a bit of every shape

    extra = long_body.sections(rng, pool, style, n_sections)   # list[Para]

Every choice comes from `rng`: the same rng state gives the same paragraphs.
"""
from __future__ import annotations

import random

from converter.model import Role
from training.documents import Para
from training import synth

STYLES = ("cn", "colon", "column", "chapter", "mixed")
CN = "一二三四五六七八九十"
#: Headings of chapters and of run-in numbered items (written for this project).
CHAPTERS = ["总则", "规划与建设", "支持措施", "监督管理", "服务保障", "法律责任", "附则", "组织实施", "资金管理"]
RUN_IN = ["适用范围", "支持对象", "支持标准", "申报方式", "审核流程", "资金拨付", "绩效评价", "工作目标", "实施路径",
          "重点方向", "示范应用", "责任分工", "推广模式", "配套政策", "监测评估"]
COLUMNS = ["重点建设项目", "主要指标", "示范工程", "重点任务分工", "典型案例", "专项行动", "支持政策清单"]


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
                out += [Para(Role.BODY, _sentence(rng, pool)) for _ in range(rng.randint(1, 2))]
        elif shape == "colon":
            if rng.random() < 0.5:
                out.append(Para(Role.HEADING, f"{cn_number(k)}、{rng.choice(synth.HEADINGS)}"))
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
