"""Fuzzing the whole tool (issue 15): random compilations and random bytes.

Whatever comes in: no traceback, exit code 0 or 2, every input line in exactly one place (a document,
the issue page — cover, TOC, section headings — or the furniture list), and no markup from the
content reaching a page raw. The compilations come from hypothesis strategies that put together what
compilations are made of (titles that differ only in a number, 文号, addressees, prose, signatures,
page furniture, tables, TOC lines) with hostile text mixed in, and from the layout generator
(training/generate.py: every layout family, any seed, hostile text put into some of its lines).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from converter.errors import InputError
from converter.pipeline import convert_file
from converter.stages import clean
from training import documents, generate, render_text

#: What the generator composes from: the corpus when ../shared/corpus is there, else what is committed.
SOURCE_DOCS = documents.load_all()

HOSTILE = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>', "&lt;b&gt;", "&copy;", "[链接](javascript:alert(1))",
           "{{ config }}", "{% raw %}", "\\", "`代码`", "*强调*", "# 标题", "| a | b |", "\u202e反转", "\x00", "\x1b[31m"]

number = st.integers(1, 40)
org = st.sampled_from(["工业和信息化部", "国家发展改革委", "财政部", "江苏省人民政府办公厅", "某某协会", "国务院办公厅"])
topic = st.sampled_from(["专精特新中小企业", "智能制造试点", "绿色工厂", "首台套装备", "数字化转型", "中小企业公共服务"])
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30)


@st.composite
def document(draw) -> list[str]:
    n = draw(number)
    kind = draw(st.sampled_from(["notice", "numbered", "interpretation", "news"]))
    if kind == "numbered":
        title = f"关于公布第{n}批{draw(topic)}名单的通知"
    elif kind == "interpretation":
        title = f"解读之{'一二三四五'[n % 5]} | {draw(topic)}政策问答"
    elif kind == "news":
        title = f"{draw(org)}印发《关于推进{draw(topic)}的意见》"
    else:
        title = f"{draw(org)}关于开展{draw(topic)}工作的通知"
    lines = [title]
    if kind in ("notice", "numbered") and draw(st.booleans()):
        lines.append(f"工信厅函〔{draw(st.integers(2030, 2035))}〕{n}号")
    if draw(st.booleans()):
        lines.append("各省、自治区、直辖市有关部门：")
    for _ in range(draw(st.integers(1, 6))):
        sentence = draw(st.sampled_from(["为深入贯彻落实有关部署，现就有关事项通知如下。", "请各地加强组织领导，确保各项任务落到实处。",
                                         "一、总体要求", "（一）加强组织领导。", "项目名称\t牵头单位\t完成时间",
                                         "附件：1.申报表"]))
        if draw(st.integers(0, 9)) == 0:
            sentence += draw(st.sampled_from(HOSTILE))
        if draw(st.integers(0, 14)) == 0:
            sentence += draw(noise)
        lines.append(sentence)
    if kind in ("notice", "numbered"):
        lines += [draw(org), f"20{draw(st.integers(30, 35))}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日"]
    return lines


@st.composite
def compilation(draw) -> str:
    docs = draw(st.lists(document(), min_size=1, max_size=6))
    out: list[str] = []
    if draw(st.booleans()):
        out += ["某某行业协会", "政策汇编", "（2032年3月）", "目 录"] + [f"{d[0]}……{k + 1}" for k, d in enumerate(docs)]
    page = 1
    for d in docs:
        for line in d:
            out.append(line)
            if draw(st.integers(0, 7)) == 0:                      # a page break, anywhere
                out += [draw(st.sampled_from([f"— {page} —", f"第{page}页", f"-{page}-", f"{page}"]))]
                if draw(st.booleans()):
                    out.append(f"某某行业协会 2032年第{page}期")
                page += 1
            if draw(st.integers(0, 5)) == 0:
                out.append("")
    return "\n".join(out) + draw(st.sampled_from(["", "\n", "\r\n"]))


@st.composite
def generated_composed(draw):
    """A compilation from the layout generator: any family, any seed, hostile text in a few lines."""
    c = generate.compose(SOURCE_DOCS, draw(st.sampled_from(generate.families())), draw(st.integers(0, 100_000)))
    if draw(st.booleans()):
        items = list(c.items)
        for _ in range(draw(st.integers(1, 4))):
            k = draw(st.integers(0, len(items) - 1))
            items[k] = replace(items[k], text=items[k].text + draw(st.sampled_from(HOSTILE)))
        c = replace(c, items=tuple(items))
    return c


def generated() -> st.SearchStrategy[str]:
    return generated_composed().map(lambda c: render_text.render(c)[0])


def where_lines_went(comp, text: str) -> dict[int, list[str]]:
    """Every non-blank input line → the places it landed in (must be exactly one)."""
    places: dict[int, list[str]] = {}
    furniture = {f.number for f in comp.furniture}
    for n in furniture:
        places.setdefault(n, []).append("furniture")
    for n in comp.cover.lines:
        places.setdefault(n, []).append("issue page")
    for n in comp.section_lines:
        places.setdefault(n, []).append("issue page")
    for d in comp.documents:
        o = d.occurrence
        for n in range(o.start_line, o.end_line + 1):
            if n not in furniture:
                places.setdefault(n, []).append(f"document {o.start_line}")
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = {n for n, raw in enumerate(physical, 1) if clean.normalise(raw)}
    return {n: places.get(n, []) for n in content | set(places)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=compilation() | generated())
def test_every_line_lands_in_exactly_one_place(tmp_path, text):
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    try:
        comp = convert_file(path)
    except InputError:
        return                                                     # refused in one line: allowed
    wrong = {n: p for n, p in where_lines_went(comp, text).items() if len(p) != 1}
    assert not wrong, wrong


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(docs=st.lists(document(), min_size=1, max_size=8), breaks=st.data())
def test_every_title_line_survives_cleaning(tmp_path, docs, breaks):
    """Whatever the layout (page furniture anywhere, titles that differ only in a number), the first
    line of every document is still there after cleaning, and not as furniture."""
    lines, titles = [], []
    for k, d in enumerate(docs):
        titles.append(len(lines) + 1)
        for line in d:
            lines.append(line)
            if breaks.draw(st.booleans()):
                lines += [f"— {len(lines)} —", f"某某行业协会 2032年第{k}期"]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    from converter.read import read_source

    try:
        source = read_source(path)
    except InputError:
        return                                                     # refused as a whole (binary-looking)
    kept = {line.number: line for line in clean.lines(source)}
    for n in titles:
        assert n in kept and kept[n].furniture is None, (lines[n - 1], kept.get(n))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(composed=generated_composed())
def test_every_generated_title_line_survives_cleaning(tmp_path, composed):
    """The same for the generator's compilations: the first line of every document (its 令 header,
    headline, title or digest entry) is kept by cleaning and not taken for furniture."""
    text, lines = render_text.render(composed)
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    from converter.read import read_source

    try:
        source = read_source(path)
    except InputError:
        return
    kept = {line.number: line for line in clean.lines(source)}
    for l in lines:
        if l.starts:
            assert l.number in kept and kept[l.number].furniture is None, (composed.family, composed.seed, l.text,
                                                                            kept.get(l.number))


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "converter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONHASHSEED": "0"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.binary(max_size=3000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_convert_or_are_refused_in_one_line(tmp_path, raw):
    from converter.commands.convert import convert

    for name in ("x.txt", "x.pdf", "x.docx"):
        path = tmp_path / name
        path.write_bytes(raw)
        try:
            convert([path], tmp_path / f"docs-{name}")
        except InputError as exc:
            assert str(exc).startswith(name) or name in str(exc), exc


#: Markup from the content, had it reached a page raw (escaped, it reads `&lt;script&gt;…`).
SCRIPTED = re.compile(r"<script>alert|<img[^>]*\sonerror=|href=\"?javascript:", re.I)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(compilation() | generated(), min_size=1, max_size=3))
def test_random_sites_build_and_carry_no_markup_from_content(tmp_path_factory, texts):
    """Whole sites from random compilations, through the command line: exit 0 or 2, never a traceback,
    no script or handler from the content anywhere in the site."""
    tmp = tmp_path_factory.mktemp("fuzz-site")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for k, text in enumerate(texts):
        (inbox / f"{k}.txt").write_text(text + "\n" + HOSTILE[k % 2], encoding="utf-8")
    r = cli("build", str(inbox), "--docs", str(tmp / "docs"), "--site", str(tmp / "site"),
            "--config", str(ROOT / "mkdocs.yml"), cwd=tmp)
    assert r.returncode in (0, 2), r.stderr
    assert "Traceback" not in r.stderr
    if r.returncode == 0:
        bad = [str(p) for p in (tmp / "site").rglob("*.html") if SCRIPTED.search(p.read_text(encoding="utf-8"))]
        assert not bad, bad
