"""Tables keep their columns: the header row's columns define the table (issue 19).

Invented tables, one shape a case: how a line's cells survive normalising, how rows are fitted to
the header (`extract.table_rows`), how `structure` keeps a table whole; then, as an invariant over the
sample's and the seeds' pages, every Markdown table has all its rows as wide as its header and rows
under that header."""
from __future__ import annotations

import re

import pytest

from converter.model import Paragraph
from converter.stages.extract import structure, table_rows
from converter.text.chars import normalise

H = ("序号", "名称", "具体事项", "责任部门")


@pytest.mark.parametrize("raw, cells", [
    ("1\t甲类事项\t子项一\t某部门", ["1", "甲类事项", "子项一", "某部门"]),       # a digit then CJK across a tab
    ("指标\t2030年基准\t2035年目标", ["指标", "2030年基准", "2035年目标"]),          # CJK then a digit across a tab
    ("\t\t子项二\t另一部门", ["", "", "子项二", "另一部门"]),                      # merged cells kept empty
    ("（一）某类事项\t\t\t", ["（一）某类事项", "", "", ""]),                      # a section row keeps its width
    ("第 3 项\t某部门 。", ["第3项", "某部门。"]),                                # spaces still go inside a cell
])
def test_normalise_keeps_cells(raw, cells):
    assert normalise(raw).split("\t") == cells


@pytest.mark.parametrize("raw, text", [
    ("某段文字\t", "某段文字"),                 # a stray tab is no table
    ("\t某段文字", "某段文字"),                 # nor a leading one
    ("甲\t\t乙", "甲\t\t乙"),                   # three cells: the empty one holds a column
])
def test_normalise_drops_stray_tabs(raw, text):
    assert normalise(raw) == text


@pytest.mark.parametrize("raw, rows", [
    pytest.param([H, ("1", "甲事", "子项一", "某部门"), ("2", "乙事", "子项二", "他部门")],
                 [H, ("1", "甲事", "子项一", "某部门"), ("2", "乙事", "子项二", "他部门")], id="header+rows"),
    pytest.param([H, ("3乙事", "子项", "某部门")],
                 [H, ("3", "乙事", "子项", "某部门")], id="serial-glued-to-name"),
    pytest.param([H, ("12丙事“一件事”", "子项", "某部门")],
                 [H, ("12", "丙事“一件事”", "子项", "某部门")], id="two-digit-serial-glued"),
    pytest.param([("指标", "基准", "目标"), ("30年内完成", "五成")],
                 [("指标", "基准", "目标"), ("", "30年内完成", "五成")], id="quantity-is-no-serial"),
    pytest.param([H, ("1", "甲事", "子项一", "某部门"), ("", "", "子项二", "他部门")],
                 [H, ("1", "甲事", "子项一", "某部门"), ("", "", "子项二", "他部门")], id="merged-cells-kept"),
    pytest.param([H, ("1", "甲事", "子项一", "某部门"), ("子项二", "他部门")],
                 [H, ("1", "甲事", "子项一", "某部门"), ("", "", "子项二", "他部门")], id="merged-cells-dropped"),
    pytest.param([H, ("4", "丁事", "很长的子"), ("项名称", "某部门")],
                 [H, ("4", "丁事", "很长的子项名称", "某部门")], id="row-broken-over-two-lines"),
    pytest.param([H, ("5", "戊事", "子项", "某"), ("部门",)],
                 [H, ("5", "戊事", "子项", "某部门")], id="last-cell-wrapped"),
    pytest.param([H, ("6", "己事前半", "子项", "某部门"), ("", "后半", "", "")],
                 [H, ("6", "己事前半后半", "子项", "某部门")], id="middle-cell-wrapped"),
    pytest.param([H, ("（一）某类事项",), ("1", "甲事", "子项", "某部门")],
                 [H, ("（一）某类事项", "", "", ""), ("1", "甲事", "子项", "某部门")], id="section-row"),
    pytest.param([("甲", "乙"), ("1", "2", "3")],
                 [("甲", "乙"), ("1", "2 3")], id="wider-row-kept-in-last-cell"),
])
def test_rows_fit_the_header(raw, rows):
    got = table_rows(raw)
    assert got == tuple(rows)
    assert {len(r) for r in got} == {len(raw[0])}


def paras(texts):
    return [Paragraph(normalise(t), (n,), 1) for n, t in enumerate(texts, start=1)]


def tables(texts):
    return [b.rows for b in structure(paras(texts), set(), set(), set()) if b.kind == "table"]


@pytest.mark.parametrize("texts, rows", [
    pytest.param(["序号\t名称\t具体事项\t责任部门", "（一）某类事项", "1\t甲事\t子项一\t某部门", "\t\t子项二\t他部门"],
                 [H, ("（一）某类事项", "", "", ""), ("1", "甲事", "子项一", "某部门"), ("", "", "子项二", "他部门")],
                 id="header-only-then-rows"),
    pytest.param(["序号\t名称\t具体事项\t责任部门", "（一）某类事项\t\t\t", "2乙事\t子项\t某部门"],
                 [H, ("（一）某类事项", "", "", ""), ("2", "乙事", "子项", "某部门")], id="section-row-with-tabs"),
    pytest.param(["序号\t名称\t具体事项\t责任部门", "1\t甲事\t很长的子", "项名称\t某部门", "2\t乙事\t子项二\t他部门"],
                 [H, ("1", "甲事", "很长的子项名称", "某部门"), ("2", "乙事", "子项二", "他部门")], id="row-broken-over-two-lines"),
])
def test_structure_keeps_one_table(texts, rows):
    assert tables(texts) == [tuple(rows)]


def test_a_title_after_a_table_is_no_row():
    texts = ["序号\t名称\t责任部门", "1\t甲事\t某部门", "另一张表的标题", "序号\t指标\t目标", "1\t乙项\t五成"]
    blocks = structure(paras(texts), set(), set(), set())
    assert [b.kind for b in blocks] == ["table", "p", "table"]


# --- invariant: the pages' Markdown tables ------------------------------------------------------------

CELL_SEP = re.compile(r"(?<!\\)\|")


def markdown_tables(md: str):
    """(header cells, body rows' cell counts) of every pipe table of a page."""
    lines = md.split("\n")
    i = 0
    while i + 1 < len(lines):
        if lines[i].lstrip().startswith("|") and re.fullmatch(r"\s*\|( --- \|)+\s*", lines[i + 1]):
            header = CELL_SEP.split(lines[i].strip())[1:-1]
            j = i + 2
            body = []
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                body.append(len(CELL_SEP.split(lines[j].strip())[1:-1]))
                j += 1
            yield i + 1, header, body, lines[j:j + 3]
            i = j
        else:
            i += 1


def check_tables(out):
    problems, seen = [], 0
    for page in sorted((out / "documents").glob("*.md")):
        for line, header, body, after in markdown_tables(page.read_text(encoding="utf-8")):
            seen += 1
            if any(n != len(header) for n in body):
                problems.append(f"{page.name}:{line}: rows of {sorted(set(body))} cells under a header of {len(header)}")
            if not body:
                problems.append(f"{page.name}:{line}: a header-only table")
    return seen, problems


def test_sample_tables_keep_their_columns(sample_corpus):
    seen, problems = check_tables(sample_corpus[0])
    assert seen >= 1, "the sample has tables: the invariant must see one"
    assert problems == []


def test_seed_tables_keep_their_columns(seed_corpus):
    seen, problems = check_tables(seed_corpus[0])
    assert problems == []
