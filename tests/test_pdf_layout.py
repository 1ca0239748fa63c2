"""PDFs typeset like official documents (GB/T 9704, tests/gbt_fixture.py): the layout of every line,
titles over several centred lines, wrapped TOC entries, 令 header, captions, ruled tables, `— N —`
footers and printed page numbers; the same reading with the machine's fonts hidden; .docx styles as
the same line fields (issue 18)."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from converter.model import Align
from converter.pipeline import convert_file
from converter.read import read_source
from gbt_fixture import Styled as S, text as as_text, typeset

P1 = "为推动大规模设备更新和消费品以旧换新，加快构建新发展格局，推动高质量发展，经国务院同意，现将有关事项通知如下。"
P2 = "各地区、各部门要结合实际，认真组织实施，确保各项任务落到实处，按季度报送工作进展情况，重大问题及时报告。"
TITLE = "国务院办公厅关于|印发推动大规模设备更新和|消费品以旧换新行动方案的通知"
ITEMS = [
    S("华东装备促进会", "centre"), S("政策汇编", "title"), S("2031年第3期（总第12期）", "centre"),
    S("", "page"), S("目  录", "toc_heading"),
    S(TITLE.replace("|", ""), "toc", 1),  # wraps: its page number on the continuation line
    S("促进装备制造业高质量发展条例", "toc", 3),
    S("", "page"),
    S(TITLE, "title"), S("国办发〔2031〕7号", "centre"),
    S("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", "left"),
    S(P1), S(P2), S("一、总体要求", "heading"), S(P1 + P2),
    S("序号\t装备类别\t更新目标", "row"), S("1\t工业机器人\t80000台", "row"),
    S("图为某地工厂的智能生产线（摄影：张明）", "caption"),
    S(P2), S(P1),
    S("国务院办公厅", "right"), S("2031年3月7日", "right"),
    S("", "page"),
    S("中华人民共和国国务院令", "title"), S("第 798 号", "centre"),
    S("《促进装备制造业高质量发展条例》已经2031年2月20日国务院第50次常务会议通过，现予公布，自2031年5月1日起施行。"),
    S("总理  李强", "right"), S("2031年3月1日", "right"),
    S("促进装备制造业高质量发展条例", "title"),
    S("第一条 为了促进装备制造业高质量发展，制定本条例。", "left"), S(P1),
]


@pytest.fixture(scope="module")
def typeset_issue(tmp_path_factory):
    out = tmp_path_factory.mktemp("gbt")
    pages = typeset(ITEMS, out / "issue.pdf")
    (out / "issue.txt").write_text(as_text(ITEMS), encoding="utf-8")
    return out, pages


def _key(d):
    return "".join(d.title.split()), d.doc_number


def test_typeset_pdf_gives_the_documents_of_its_text_with_physical_and_printed_pages(typeset_issue):
    out, pages = typeset_issue
    text, pdf = convert_file(out / "issue.txt"), convert_file(out / "issue.pdf")
    assert pages == 5
    assert [_key(d) for d in pdf.documents] == [_key(d) for d in text.documents]
    first = pdf.documents[0]
    assert first.title == TITLE.replace("|", "")  # three centred lines, the first ending in 关于: one title
    assert first.doc_number == "国办发〔2031〕7号"
    assert (first.occurrence.start_page, first.occurrence.end_page, first.occurrence.printed_page) == (3, 4, 1)
    assert all((d.occurrence.start_page, d.occurrence.printed_page) == (5, 3) for d in pdf.documents[1:])
    # the caption stays in the text, never a title; the table rows are rows
    body = [b for b in first.blocks]
    assert any("图为某地工厂的智能生产线" in b.text for b in body)
    assert any(b.kind == "table" and ("序号", "装备类别", "更新目标") in b.rows for b in body)
    assert [(b.kind, b.text, b.rows) for b in body] == [(b.kind, b.text, b.rows) for b in text.documents[0].blocks]


def test_wrapped_toc_entries_read_as_the_text_s(typeset_issue):
    out, _ = typeset_issue
    text, pdf = convert_file(out / "issue.txt"), convert_file(out / "issue.pdf")
    assert [(e.title, e.page) for e in pdf.cover.toc] == [(e.title, e.page) for e in text.cover.toc] == \
           [(TITLE.replace("|", ""), 1), ("促进装备制造业高质量发展条例", 3)]


def test_running_header_under_its_rule_and_dash_footers_are_furniture_with_printed_numbers(typeset_issue):
    out, _ = typeset_issue
    lines = list(zip(read_source(out / "issue.pdf").text.split("\n"), read_source(out / "issue.pdf").layout))
    headers = [p.page for t, p in lines if t == "华东装备促进会 政策汇编"]
    assert headers == [3, 4, 5] and all(p.furniture == "running header" for t, p in lines if t == "华东装备促进会 政策汇编")
    assert [(t, p.page, p.furniture) for t, p in lines if t.startswith("—")] == \
           [("— 1 —", 3, "page number"), ("— 2 —", 4, "page number"), ("— 3 —", 5, "page number")]
    assert {p.page: p.printed for _, p in lines} == {1: None, 2: None, 3: 1, 4: 2, 5: 3}


LOOKS = [  # line text → expected (align, size above the body, bold, first-line indent)
    ("国务院办公厅关于", Align.CENTRE, True, True, False),
    ("消费品以旧换新行动方案的通知", Align.CENTRE, True, True, False),
    ("国办发〔2031〕7号", Align.CENTRE, False, False, False),
    ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", Align.JUSTIFIED, False, False, False),
    ("一、总体要求", Align.LEFT, False, True, True),
    ("图为某地工厂的智能生产线（摄影：张明）", Align.CENTRE, False, False, False),
    ("国务院办公厅", Align.RIGHT, False, False, False),
    ("2031年3月7日", Align.RIGHT, False, False, False),
    ("中华人民共和国国务院令", Align.CENTRE, True, True, False),
    ("第 798 号", Align.CENTRE, False, False, False),
]


@pytest.mark.parametrize("text, align, larger, bold, first_indent", LOOKS, ids=[x[0][:8] for x in LOOKS])
def test_every_line_carries_its_look(typeset_issue, text, align, larger, bold, first_indent):
    out, _ = typeset_issue
    source = read_source(out / "issue.pdf")
    look = next(p.look for t, p in zip(source.text.split("\n"), source.layout) if t == text)
    assert (look.align, look.size > 1.1, look.bold, look.first_indent) == (align, larger, bold, first_indent)


def test_paragraph_lines_first_indent_gap_and_page_break(typeset_issue):
    out, _ = typeset_issue
    source = read_source(out / "issue.pdf")
    rows = list(zip(source.text.split("\n"), source.layout))
    body = [(t, p) for t, p in rows if p.page == 3 and not p.furniture]
    starts = [t for t, p in body if p.look.first_indent]
    assert starts[0].startswith("为推动大规模") and starts[1].startswith("各地区")
    runs = [p.full for t, p in body if t.startswith("为推动大规模")]
    assert runs and all(runs)  # a justified line runs on
    assert body[0][1].look.page_break and body[0][1].look.gap is None
    assert all(p.look.gap and p.look.gap > 0 for _, p in body[1:])
    assert all(0 < p.look.top < 1 for _, p in rows)


def _ruled_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    from gbt_fixture import FONT, _font

    _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    c.setFont(FONT, 12)
    c.drawString(80, 760, "附表 重点装备更新目标")
    xs, ys = [80, 160, 330, 500], [740, 715, 690, 665]
    for y in ys:
        if y == ys[2]:  # rows 2 and 3 of column 2 are one cell: no border between them there
            c.line(xs[0], y, xs[1], y)
            c.line(xs[2], y, xs[-1], y)
        else:
            c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for r, row in enumerate([("序号", "装备类别", "更新目标"), ("1", "工业机器人", "8万台"), ("2", "", "5万台")]):
        for k, cell in enumerate(row):
            if cell:
                c.drawString(xs[k] + 4, ys[r] - 17, cell)
    c.drawString(80, 640, "以上目标按年度分解落实。")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_bordered_table_rebuilt_from_its_ruling_lines(tmp_path):
    path = tmp_path / "ruled.pdf"
    path.write_bytes(_ruled_pdf())
    source = read_source(path)
    assert source.text.split("\n") == ["附表 重点装备更新目标", "序号\t装备类别\t更新目标", "1\t工业机器人\t8万台",
                                       "2\t工业机器人\t5万台", "以上目标按年度分解落实。"]


# --- the machine's fonts make no difference -------------------------------------------------------------

READ_ALL = """
import json, sys
from pathlib import Path
from converter.read import read_source
out = []
for path in sys.argv[1:]:
    s = read_source(Path(path))
    out.append([s.text, [repr(p) for p in s.layout]])
print(json.dumps(out))
"""


def _hidden_fonts_command() -> list[str] | None:
    """A command prefix that runs a child with an empty /usr/share/fonts (a private mount namespace
    with a tmpfs over it), or None when this machine cannot (not root, no unshare)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("unshare") or not Path("/usr/share/fonts").is_dir():
        return None
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /usr/share/fonts && ls -A /usr/share/fonts"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip():
        return None
    return ["unshare", "-m", "sh", "-c", 'mount -t tmpfs none /usr/share/fonts && exec "$0" "$@"']


def test_the_same_reading_with_the_system_fonts_hidden(typeset_issue, tmp_path):
    prefix = _hidden_fonts_command()
    if prefix is None:
        pytest.skip("cannot hide the system fonts here: needs root and unshare -m (a private mount namespace)")
    from layouts import make_pdf

    out, _ = typeset_issue
    sample = make_pdf(sorted(SAMPLE.glob("*.txt"))[0], tmp_path / "sample.pdf")
    files = [str(out / "issue.pdf"), str(sample.path), str(tmp_path / "ruled.pdf")]
    (tmp_path / "ruled.pdf").write_bytes(_ruled_pdf())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    normal = subprocess.run([sys.executable, "-c", READ_ALL, *files], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=300)
    hidden = subprocess.run([*prefix, sys.executable, "-c", READ_ALL, *files], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    assert normal.returncode == 0 and hidden.returncode == 0, (normal.stderr[-500:], hidden.stderr[-500:])
    check = subprocess.run([*prefix, "fc-list"], capture_output=True, text=True) if shutil.which("fc-list") else None
    assert check is None or not check.stdout.strip()  # the child really saw no fonts
    assert json.loads(hidden.stdout) == json.loads(normal.stdout)


def test_neutral_font_is_what_pdfium_substitutes():
    """The font PDFium gets for a font the PDF does not embed is ours: one em wide for every character."""
    from converter.read import fonts

    data = fonts.neutral_font()
    assert data[:4] == b"\x00\x01\x00\x00" and len(data) < 2000
    fonts.install()
    fonts.install()  # idempotent
    assert fonts._installed is not None and len(fonts._installed) == 4


# --- text input: printed pages from the footers -------------------------------------------------------------


def test_text_input_keeps_printed_page_numbers_from_its_footers():
    comp = convert_file(sorted(SAMPLE.glob("*.txt"))[0])
    pairs = [(d.occurrence.start_page, d.occurrence.printed_page) for d in comp.documents]
    assert all(printed is None or printed == page - 1 for page, printed in pairs), pairs  # the cover is unnumbered
    assert any(printed for _, printed in pairs)


# --- Word styles ------------------------------------------------------------------------------------------


def test_docx_paragraph_styles_are_the_same_line_fields(tmp_path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.size = Pt(16)
    t = d.add_paragraph("关于开展测试工作的通知", style="Title")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("一、总体要求", style="Heading 1")
    body = d.add_paragraph("为做好测试工作，现将有关事项通知如下。")
    body.paragraph_format.first_line_indent = Pt(32)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    bold = d.add_paragraph()
    run = bold.add_run("一是加强组织领导。")
    run.bold = True
    run.font.size = Pt(22)
    d.add_paragraph("2031年3月7日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = tmp_path / "styled.docx"
    d.save(str(path))
    source = read_source(path)
    looks = {t: p.look for t, p in zip(source.text.split("\n"), source.layout) if p.look}
    assert looks["关于开展测试工作的通知"].align == Align.CENTRE and looks["关于开展测试工作的通知"].heading_level == 0
    assert looks["一、总体要求"].heading_level == 1 and looks["一、总体要求"].style == "Heading 1"
    assert looks["为做好测试工作，现将有关事项通知如下。"].first_indent
    assert looks["为做好测试工作，现将有关事项通知如下。"].align == Align.JUSTIFIED
    assert looks["为做好测试工作，现将有关事项通知如下。"].size == 1.0
    assert looks["一是加强组织领导。"].bold and looks["一是加强组织领导。"].size > 1.3
    assert looks["2031年3月7日"].align == Align.RIGHT


def test_corpus_json_carries_printed_pages_beside_physical_ones(typeset_issue, tmp_path):
    from conftest import convert_to

    out, _ = typeset_issue
    _, corpus = convert_to([out / "issue.pdf"], tmp_path / "docs")
    pages = sorted((o["start_page"], o["printed_page"]) for d in corpus["documents"] for o in d["occurrences"])
    assert pages[0] == (3, 1) and all(p == (5, 3) for p in pages[1:])


# --- a title in display type under a line in body type (tests/typeset.py: the generator's records) ---

QA_TITLE = "司法部、工业和信息化部负责人就《智能装备可靠性提升专项行动方案》答记者问"
BYLINE_TITLES = ("专家解读 | 可靠性提升要抓住三个关键", QA_TITLE)
BYLINE_BODY = ("推动国产装备由“能用”向“好用、耐用”跃升，关键在于补齐基础材料、核心部件和试验验证三块短板，"
               "各地要结合实际认真组织实施，形成一批可复制可推广的经验做法。")


def _byline_issue(toc: bool):
    """An interpretation ending on its author's line `（作者单位：…）` (body type, short of the margin, like
    a title's first line in its words), then a press Q&A whose centred display title comes next, its
    speakers two bodies (`司法部、工业和信息化部负责人就…`: no leading issuer the words would start a
    title with)."""
    from training.records import Composed, DocTruth, Item
    from converter.model import Role

    items = [Item(Role.COVER, "华东智能装备产业促进会"), Item(Role.COVER, "政策汇编"), Item(Role.COVER, "2031年3月")]
    if toc:
        items += [Item(Role.TOC_HEADING, "目　录")] + [Item(Role.TOC_ENTRY, t) for t in BYLINE_TITLES]
    items += [Item(Role.DOC_TITLE, BYLINE_TITLES[0], 0, True)]
    items += [Item(Role.BODY, BYLINE_BODY, 0)] * 4
    items += [Item(Role.BODY, "（作者单位：华东智能装备研究院可靠性中心）", 0),
              Item(Role.DOC_TITLE, QA_TITLE, 1, True), Item(Role.META, "发布时间：2031-03-05", 1),
              Item(Role.BODY, "问：请简要介绍一下《方案》的出台背景。", 1)]
    items += [Item(Role.BODY, "答：" + BYLINE_BODY, 1)] * 3
    docs = tuple(DocTruth(title=t, heading=None, doc_number=None, issuers=(), date=None, kind="interpretation",
                          subtype=None, level="national") for t in BYLINE_TITLES)
    return Composed("test", 0, {}, tuple(items), docs, "华东智能装备产业促进会", "政策汇编", "总第12期", "2031年3月")


@pytest.mark.parametrize("breaks, toc", [("document", True), ("document", False), ("continuous", True),
                                         ("continuous", False)])
def test_a_display_title_never_continues_the_body_type_line_over_it(tmp_path, breaks, toc):
    """The Q&A's title is its own, on the page the typesetter put it: the author's line over it (on
    the page before, or on the same page) is no first line of it, though in words it could be."""
    from typeset import typeset as typeset_composed

    composed = _byline_issue(toc)
    made = typeset_composed(composed, fonts="stsong", breaks=breaks)
    path = tmp_path / "byline.pdf"
    path.write_bytes(made.pdf)
    docs = convert_file(path).documents
    assert [_key(d)[0] for d in docs] == ["".join(t.split()) for t in BYLINE_TITLES]
    assert [d.occurrence.start_page for d in docs] == list(made.start_pages)


DIGEST_SUMMARY = ("到2035年，某某产业创新体系初步建立，关键技术取得突破，骨干企业减污降碳工作取得明显成效，绿色制造水平"
                  "有效提升，标准体系基本完善，形成一批可复制可推广的经验做法；各地要结合实际认真组织实施，"
                  "建立健全工作机制，加强统筹协调，确保各项任务落到实处。")
DIGEST_ENTRIES = (("11月2日", "某某部", "某某机器人创新发展指导意见"), ("11月6日", "某某委", "某某碳达峰试点建设方案"),
                  ("11月13日", "某某部", "某某中小企业公共服务体系建设实施意见"),
                  ("12月7日", "某某院", "某某空气质量持续改善行动计划"), ("12月19日", "某某委、某某局等5部门", "某某锅炉绿色低碳高质量发展行动方案"),
                  ("12月21日", "某某部", "某某负责任研究行为规范指引"), ("12月26日", "某某院办公厅", "某某疾病预防控制事业发展实施方案"),
                  ("12月29日", "某某部等八部门", "某某传统制造业转型升级指导意见"))


def _digest_issue(entries: int, summaries: int, split: bool = False):
    """A 政策速览 issue: its section heading and period in one type over two lines, then dated entries, each a
    paragraph of `summaries` summaries (long enough that some run over a page) and its source note; `split`:
    one more summary printed as a paragraph of its own under the entry."""
    from training.records import Composed, DocTruth, Item
    from converter.model import Role

    items = [Item(Role.COVER, "华东智能装备产业促进会"), Item(Role.COVER, "政策速览"), Item(Role.COVER, "2031年第6期"),
             Item(Role.SECTION_HEADING, "政策速览", new_page=True, align="centre"),
             Item(Role.SECTION_HEADING, "（2031年11—12月）", align="centre")]
    docs = []
    for k, (day, who, title) in enumerate(DIGEST_ENTRIES[:entries]):
        text = f"{day}，{who}印发《{title}》。该{title[-2:]}提出，" + DIGEST_SUMMARY * summaries
        items += [Item(Role.DIGEST_ENTRY, text, k, True)] + [Item(Role.BODY, DIGEST_SUMMARY, k)] * split \
            + [Item(Role.NOTE, f"（源自：{who.split('、')[0]}）", k)]
        docs.append(DocTruth(title=title, heading=None, doc_number=None, issuers=(), date=None, kind="digest_item",
                             subtype=None, level="national"))
    return Composed("test", 0, {}, tuple(items), tuple(docs), "华东智能装备产业促进会", "政策速览", "2031年第6期",
                    "2031年11—12月")


@pytest.mark.parametrize("entries, summaries, split", [(8, 2, False), (8, 3, False), (5, 4, False), (8, 1, True),
                                                     (8, 2, True), (6, 4, True)])
def test_digest_entries_running_over_pages_are_the_text_s_documents(tmp_path, entries, summaries, split):
    """Each 速览 entry is a document in the PDF, the entries a page break cuts too; the section heading over
    its period (one type, two lines) is no title: the same documents as the issue's text."""
    from typeset import typeset as typeset_composed

    composed = _digest_issue(entries, summaries, split)
    made = typeset_composed(composed, fonts="stsong")
    pages_of = {}
    for line in made.lines:
        if line.role == "digest_entry":
            pages_of.setdefault(line.item, set()).add(line.page)
    assert any(len(p) > 1 for p in pages_of.values())   # an entry runs over a page
    (tmp_path / "digest.pdf").write_bytes(made.pdf)
    converted = convert_file(tmp_path / "digest.pdf")
    assert [d.title for d in converted.documents] == [t for _, _, t in DIGEST_ENTRIES[:entries]]
    # a source note at the foot of a page, twice the same, is the entry's last line, not a running footer
    assert not [f.text for f in converted.furniture if "源自" in f.text]
