"""Table-driven tests of the per-file stages (clean, segment, extract) on small invented inputs."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from converter.read import text as read_text  # noqa: E402
from converter.stages import clean, extract, segment  # noqa: E402
from converter.vocab import patterns as P  # noqa: E402
from converter.model import Paragraph  # noqa: E402


def paras(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, (n,), 1) for n, t in enumerate(texts, start=1)]


# --- small parsers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, want", [
    ("为推动发展。", True), ("是否可行？", True), ("如下：", True), ("Done!", True), ("一是；", True),
    ("他说：“要加快发展。”", True), ("（详见附件。）", True), ("“好。”’」』)", True),
    ("为推动发展", False), ("《某某方案》", False), ("（牵头部门负责）", False), ("为推动，", False),
    ("”", False), ("", False), ("。中", False),
])
def test_ends_terminal(text, want):
    assert clean.ends_terminal(text) is want


@pytest.mark.parametrize("name, text, want", [
    ("DOC_NUMBER_LINE", "（苏政办发〔2024〕10号）", "苏政办发〔2024〕10号"),
    ("DOC_NUMBER_LINE", "工信部联装〔2031〕58号", "工信部联装〔2031〕58号"),
    ("DOC_NUMBER_LINE", "国家知识产权局公告第五九四号", "国家知识产权局公告第五九四号"),
    ("DOC_NUMBER_LINE", "2024年第20号 ", "2024年第20号"),
    ("DOC_NUMBER_LINE", "根据工信部联装〔2031〕58号文件要求", None),
    ("DOC_NUMBER_LINE", "各省、自治区、直辖市人民政府", None),
    ("SIGNATURE_DATE_LINE", "工业和信息化部办公厅 2024年7月9日", "工业和信息化部办公厅"),
    ("SIGNATURE_DATE_LINE", "国家发展改革委、国家能源局2025 年 1 月 3 日", "国家发展改革委、国家能源局"),
    ("SIGNATURE_DATE_LINE", "工业和信息化部办公厅 2024年7月9日印发", None),
    ("SIGNATURE_DATE_LINE", "2024年7月9日", None),
])
def test_whole_line_patterns(name, text, want):
    m = getattr(P, name).match(text)
    assert (m and (m["body"] if name == "DOC_NUMBER_LINE" else m["orgs"]).strip()) == want


@pytest.mark.parametrize("raw, want", [
    ("为推动发展。", "为推动发展。"),
    ("\t 为推动发展。 \r", "为推动发展。"),                  # white space at the ends only
    ("\u3000\u3000为推动发展。\xa0", "为推动发展。"),
    ("\u200b为推动发展。 ", "为推动发展。"),                  # zero-width: removed, then the ends
    (" 为 推动 ， 发展 。 ", "为 推动，发展。"),               # inside: spaces around punctuation go
    ("第 3 条\t 说明 ", "第3条\t说明"),                    # tab cells kept, digits joined
    ("\t\u3000 ", ""),
])
def test_normalise(raw, want):
    assert clean.normalise(raw) == want


@pytest.mark.parametrize("text, want", [
    ("（苏政办发〔2024〕10 号）", "苏政办发〔2024〕10号"),
    ("工信厅通装（2024）42号", "工信厅通装（2024）42号"),
    ("2024 年 第 20 号", "2024年第20号"),
    ("国家知识产权局公告第五九四号", "国家知识产权局公告第五九四号"),
    ("中华人民共和国民政部令第69号", "中华人民共和国民政部令第69号"),
    ("第一条", None),
])
def test_normalise_doc_number(text, want):
    assert extract.normalise_doc_number(text) == want


@pytest.mark.parametrize("text, want", [
    ("2024年7月31日", "2024-07-31"),
    ("2024 年 7 月 9 日", "2024-07-09"),
    ("二〇二四年三月五日", "2024-03-05"),
    ("二〇二三年十二月二十九日", "2023-12-29"),
    ("2024.7.31", "2024-07-31"),
    ("2024年13月1日", None),
])
def test_parse_date(text, want):
    assert extract.parse_date(text) == want


# --- clean: furniture and paragraphs -----------------------------------------------------------------


@pytest.mark.parametrize("text, count, want", [
    ("12", 1, "page number"),
    ("- 12 -", 1, "page number"),
    ("第 3 页", 1, "page number"),
    ("某某行业协会 编 7", 3, "imprint footer"),
    ("政策汇编（2031年3月）总第12期 5", 3, "running title"),
    ("政策汇编（2031年 3月）总第 12期", 1, "running title"),  # once is enough with an issue number
    ("政策汇编（2031年3月）", 1, None),
    ("file:///C:/tmp/x.html", 1, "stray link"),
    ("2031年3月5日", 5, None),
    ("一、总体要求", 5, None),
])
def test_furniture(text, count, want):
    assert clean.furniture_reason(text, count) == want


@pytest.mark.parametrize("tail, full, want", [
    ("html", True, "stray link"),            # the link ran to the margin: its rest is on the next line
    ("/b/c.wps", True, "stray link"),
    ("html", False, None),                   # the link ended on its line: what follows is not of it
    ("某某市关于印发《办法》的通知", True, None),  # a title under a long link is a title
])
def test_a_stray_link_wrapped_in_a_pdf_is_furniture_whole(tail, full, want):
    from converter.model import Placement, Source

    text = "file:///C:/Users/某某/Desktop/新建文件夹/某某申报模板.\n" + tail + "\n"
    layout = (Placement(1, full=full), Placement(1, full=False))
    got = clean.lines(Source("t.pdf", "t.pdf", "0" * 64, "pdf", text, layout))
    assert [line.furniture for line in got] == ["stray link", want]


@pytest.mark.parametrize("text, numbers", [
    ("一行\n\n二行\n", [1, 3]),
    ("一行\r\n   \r\n\t\u3000\r\n二行", [1, 4]),       # white space only: blank once normalised
    ("\u200b\ufeff\n一行\n\n\n", [2]),                  # zero-width characters only
    ("\n\n", []),
])
def test_lines_leave_blank_lines_out_and_keep_numbers(text, numbers):
    from converter.model import Source

    got = clean.lines(Source("t.txt", "t.txt", "0" * 64, "utf-8", text))
    assert [line.number for line in got] == numbers and all(line.text for line in got)


@pytest.mark.parametrize("prev, nxt, measure, last, want", [
    # hard-wrapped: a full line continues, a short one ends the paragraph
    ("甲" * 30, "乙乙乙。", 30.0, None, True),
    ("甲" * 10 + "。", "乙乙乙", 30.0, None, False),
    ("甲" * 40, "乙乙乙", 30.0, "甲" * 12, False),  # the paragraph is long but its last line is short
    # an opening 《 not closed on the line: the wrap fell inside the title
    ("某部印发《关于推进某某工作", "的意见》。该意见提出", 30.0, "某部印发《关于推进某某工作", True),
    ("某部印发《关于推进某某工作", "的意见》。", None, None, True),
    # one paragraph per line: a page-cut sentence joins, headings and closed brackets do not
    ("各地要加强协调，推进相关工作落实，确保各项任务", "按期完成。", None, None, True),
    ("解读一 | 推进某某改革，激发某某活力", "某某改革是一项重要工作。", None, None, False),
    ("一、以改革为动力，破解发展难题", "经过多年发展，取得明显成效。", None, None, False),
    ("（三）加强调度。定期开展调度。（某某部牵头，有关部门参与）", "下一段。", None, None, False),
    ("各地要加强协调，推进相关工作落实，确保各项任务", "某某部关于推进某某工作的通知", None, None, False),
    ("（本文有删减）", "某某工作方案", 30.0, None, False),
    # one paragraph a line: prose cut without its full stop does not run on into a title's first line
    ("近期，以某某为代表的大模型加速迭代，市政府办公厅同步印发《若干措施》", "某省人民政府关于同意某某高新", None, None, False),
    # ... nor into who speaks on what, cut inside its 《 (a press Q&A's title over two lines)
    ("数据流通工程。某某社北京3月9日电 题：推动某某发展——有关部门解读《关于推动某某发展的意见》", "某某部、某某局负责人 就《某某数据",
     None, None, False),
    ("日前，有关部门就此作出部署，各地要确保各项任务", "某某部负责人就《条例》的有关问题回答了记者提问。", None, None, True),
    # one paragraph a line: a promulgation notice cut before what it says was done runs on
    ("《某某经营者集中申报标准的规定》已经2031年12月29日某某院第22次常", "务会议通过，现予公布，自公布之日起施行。", None, None, True),
    ("《某某规定》已经某某会议通过，现予公布。", "某某院总理 李某", None, None, False),
    # an issue's section heading on a line of its own starts a paragraph (not glued to cut prose before it)
    ("近期，以某某为代表的大模型技术，展现出可行路径，为系统推动全市人", "政策速览", None, None, False),
    # a line opening with a stop or a closing mark: the wrap left it behind
    ("11月9日，某某局发布《某某局关于完善社区服务设施有关事项的通知》", "。该通知提出，完善社区服务设施是重要举措。", 30.0,
     None, True),
    ("11月9日，某某局发布《某某局关于完善社区服务设施有关事项的通知》", "。该通知提出，完善社区服务设施是重要举措。", None,
     None, True),
    # hard-wrapped: a news headline as wide as the measure ends over a report's first words (NEWS_LEAD) …
    ("某省启动“某某放心消费”示范单位创建 覆盖商场超市景区等六类场所", "记者从某省市场监督管理局获悉，2032年度“某某", 32.0, None, False),
    ("某某集团发布新一代工业机器人 核心部件国产化率超过九成", "新华社北京5月3日电 某某集团近日发布新一代", 28.0, None, False),
    # … which a prose line does not (the lead's words after a cut sentence), nor a headline over its second line
    ("对符合条件的项目按照实际投资额的百分之二十给予补助记者", "从某省市场监督管理局获悉，2032年度“某某", 28.0, None, True),
    ("某省启动“某某放心消费”示范单位创建 覆盖商场超市景区等六类", "场所", 30.0, None, True),
    # a 速览 entry's source note ends it, even under a line left inside an open 《 (a summary cut short)
    ("为贯彻落实《某某省人民政府办公厅关于印发〈某某省促进就业行动方案〉的通知》、《某某市人民政府办公室关于印发〈某某",
     "（源自：某某市人民政府办公室）", None, None, False),
    ("为贯彻落实《某某省人民政府办公厅关于印发〈某某省促进就业行动方案〉的通知》、《某某市人民政府办公室关于印发〈某某",
     "（源自：某某市人民政府办公室）", 30.0, None, False),
    ("为贯彻落实《某某省人民政府办公厅关于印发〈某某省促进就业行动方案〉的通知》、《某某市人民政府办公室关于印发〈某某",
     "市促进就业行动实施方案〉的通知》精神，制定本方案。", None, None, True),
])
def test_joins(prev, nxt, measure, last, want):
    assert clean._joins(prev, nxt, measure, last) == want


@pytest.mark.parametrize("text, keep", [
    ("【政策动态】", True), ("【相关新闻】", True), ("【国家层面】", False), ("某某协会 政策参考 总第25期", False),
])
def test_item_kind_labels_are_never_furniture(text, keep):
    """`【政策动态】` repeated at the top of every page an item starts on is content: a title follows it."""
    assert clean.keeps_content(text) == keep


@pytest.mark.parametrize("prev, short, nxt, indent, page_break, want", [
    ("◆ 某某部中小企业局负责同志就开展中小企业", 3.7, "数字化转型试点城市遴选工作答记者问", 1.0, False, True),  # hanging
    ("◆ 某某部中小企业局负责同志就开展中小企业", 3.7, "◆ 某某部印发《某某方案》", 1.0, False, False),  # the next entry
    # an entry set as a TOC entry is (room for a page number kept), its wrapped line at the margin
    ("◆ 某某部有关负责人就《某某中小企业管理办法》", 3.7, "答记者问", 0.0, False, True),
    ("◆ 某某部有关负责人就《某某中小企业管理办法》", 3.7, "答记者问", 2.0, False, True),  # at the paragraph indent
    ("◆ 某某部有关负责人就《某某中小企业管理办法》答记者问", 8.5, "某某部要求各地加强统筹协调。", 0.0, False, False),
    ("◆ 某某部有关负责人就《某某中小企业管理办法》", 3.7, "【政策原文】", 0.0, False, False),
    ("◆ 某某部有关负责人就《某某中小企业管理办法》", 3.7, "某某市优化营商环境条例", 0.0, True, False),
    # a numbered entry (`1.`, `（2）`) hangs its wrapped line as a bulleted one does
    ("1.某某院办公厅关于开展城镇某某治理工作的", 2.9, "通知", 1.0, False, True),
    ("（3）开展某某治理 增加某某教育资源——", 2.9, "某某工作小组负责人就《某某院办公厅关于开展某某治理工作的通知》答记者问",
     1.5, False, True),
    ("1.某某院办公厅关于开展城镇某某治理工作的", 2.9, "2.某某部印发《某某方案》", 1.0, False, False),
    ("1.某某院办公厅关于开展城镇某某治理工作。", 2.9, "某某部要求各地加强统筹协调", 1.0, False, False),
    # the list's last entry wrapped as a TOC entry is, then at the margin the first document's title
    ("◆ 专家解读｜把握《某某若干措施（2031—2033年）》的三个关键", 4.8, "某某院办公厅关于印发某某试点方案", 0.0, False, False),
])
def test_a_bullet_entry_runs_on_into_its_hanging_line(prev, short, nxt, indent, page_break, want):
    from converter.model import Align, Look
    first = Look(align=Align.LEFT, body_indent=2.0, short=short)
    hang = Look(align=Align.LEFT, indent=indent, first_indent=indent == 2.0, body_indent=2.0, short=9.9,
                page_break=page_break)
    assert bool(clean._joins_by_look(prev, nxt, first, hang)) == want


@pytest.mark.parametrize("indent, short, want", [
    (2.03, 2.01, True),    # as wide left and right: centred, though its left margin is the paragraph indent
    (2.0, 9.5, False),     # an indented first line that stops short: a paragraph of its own
    (0.0, 0.0, False),     # a full line at the margin
])
def test_a_title_line_centred_but_read_as_indented_runs_on(indent, short, want):
    from converter.model import Align, Look
    title = Look(size=1.125, bold=True, align=Align.CENTRE, indent=2.7, body_indent=2.0, short=2.65)
    line = Look(size=1.125, bold=True, align=Align.LEFT, indent=indent, first_indent=indent == 2.0 or indent > 2,
                body_indent=2.0, short=short, gap=1.0)
    got = clean._joins_by_look("某某省市场监督管理局印发《关于开展2032年", "度某某示范单位创建工作的通知》", title, line)
    assert bool(got) == want


@pytest.mark.parametrize("prev, nxt, want", [
    # a numbered item as wide as the line (a PDF line that reaches the margin) was cut by it
    ("3.开展某某治理 增加某某教育资源——某某配套治理工作小组", "联合办公室负责人就《某某院办公厅关于开展某某治理工作的通知》答", True),
    # ... unless a field line stands under it
    ("5.【某某新闻办公室】《某某基金使用监督管理条例》某某政策例行吹风会", "来源：省政府网站", False),
    ("一、总体要求", "为推动某某发展，制定本方案。", False),   # a heading
    # a line opening with a stop: the wrap left it behind, whatever the line before reads as
    ("11月9日，某某局发布《某某局关于完善社区服务设施有关事项的通知》", "。该通知提出，完善社区服务设施是重要举措。", True),
])
def test_a_full_numbered_line_runs_on(prev, nxt, want):
    assert clean._joins(prev, nxt, 30.0, full=True) == want


@pytest.mark.parametrize("prev, nxt, want", [
    # hard-wrapped text: a numbered item's title as wide as the wrap, then its field line: two paragraphs
    ("3.【某某委】权威解读：某某经济如何培育消费新增长点", "来源：省政府网站", False),
    ("3.【某某委】权威解读：某某经济如何培育消费新增长点", "发布时间：2031年5月6日", False),
    # a sentence the wrap cut before words that read like a field name: it runs on
    ("某某局负责人表示，这些数据的统计口径和", "来源：某某统计年鉴，详见附表。", True),
])
def test_a_field_line_starts_a_paragraph(prev, nxt, want):
    assert clean._joins(prev, nxt, float(len(prev))) == want   # each line as wide as the wrap


@pytest.mark.parametrize("para, nxt, want", [
    ("某某院关于规范某某机构为公司", "公开发行股票提供服务的规定", True),             # the title's second line
    ("某某院关于规范某某机构为公司公开发行股票提供服务的规定", "某某院关于规范某某机构为公司", False),  # printed again
    ("某某院关于规范某某机构为公司公开发行股票提供服务的规定", "某某院关于规范某某机构为公司公开发行股票提供服务的规定", False),
])
def test_centred_title_lines_run_on_but_not_into_the_title_again(para, nxt, want):
    from converter.model import Align, Look
    title = Look(size=1.375, bold=True, align=Align.CENTRE, body_indent=2.0, short=4.2, gap=1.0)
    assert bool(clean._joins_by_look(para, nxt, title, replace(title, gap=2.0))) == want


@pytest.mark.parametrize("prev, nxt, want", [
    ("政策速览", "（2031年6—12月）", False),    # an issue's section heading, its period under it in the same type
    ("政策解读", "（2031年第3期）", False),
    ("某某院办公厅关于印发某某方案的通知", "（2031年6—12月）", True),   # a title's last line: the title goes on
    ("某某省政策速览", "汇编说明", True),         # not a section heading's whole line
])
def test_a_section_heading_line_is_a_paragraph_of_its_own_in_title_type(prev, nxt, want):
    from converter.model import Align, Look
    heading = Look(size=1.125, bold=True, align=Align.CENTRE, body_indent=2.0, short=11.6, gap=2.0)
    assert bool(clean._joins_by_look(prev, nxt, heading, replace(heading, short=9.3))) == want


@pytest.mark.parametrize("prev, nxt", [
    # a full justified line, then a label or a bullet at the margin: the label starts a paragraph of its own
    ("此外，《规定》要求，某某执法机构应当根据经济发展情况评估。", "【政策动态】"),
    ("某某部要求各地加强统筹协调，建立健全工作机制，明确责任。", "◆ 某某部发布《关于推进某某工作的意见》"),
])
def test_a_label_or_bullet_line_starts_a_paragraph_in_a_laid_out_file(prev, nxt):
    from converter.model import Align, Look
    full = Look(align=Align.JUSTIFIED, body_indent=2.0, short=0.0)
    margin = Look(align=Align.LEFT, body_indent=2.0, short=20.0)
    assert not clean._joins_by_look(prev, nxt, full, margin)


# --- segment: TOC lines -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, title, page", [
    ("某某部关于推进某某工作的通知......12", "某某部关于推进某某工作的通知", 12),
    ("某某部关于推进某某工作的通知…………12", "某某部关于推进某某工作的通知", 12),
    ("某某部关于推进某某工作的通知·····12", "某某部关于推进某某工作的通知", 12),
    ("某某部关于推进某某工作的通知\t12", "某某部关于推进某某工作的通知", 12),
    ("某某部关于推进某某工作的通知 12", "某某部关于推进某某工作的通知", 12),
    ("某某部关于推进某某工作的通知12", "某某部关于推进某某工作的通知", 12),
    ("3. 某某部关于推进某某工作的通知 ..12", "某某部关于推进某某工作的通知", 12),
    ("专家解读之一 | 加快某某发展 支撑某某体系.....40", "专家解读之一 | 加快某某发展 支撑某某体系", 40),
])
def test_parse_toc_line(text, title, page):
    e = segment.parse_toc_line(text)
    assert e is not None and e.title == title and e.page == page


def test_toc_entry_with_its_page_number_alone():
    """`…答记者问` / `13`: the number wrapped onto a line of its own is the entry's page."""
    front = tuple(paras("目 录", "某某部关于推进某某工作的通知    3", "某某部有关负责人就《关于推进某某工作的通知》答记者问",
                        "13", "某某部关于推进某某工作的通知"))
    start, toc = segment.split_front(front)
    assert [(e.title, e.page) for e in toc] == [("某某部关于推进某某工作的通知", 3),
                                                 ("某某部有关负责人就《关于推进某某工作的通知》答记者问", 13)]
    assert start == 4


def test_toc_entries_without_leaders_stay_apart():
    """A TOC printed without leaders (`…的通知3`) on a hard-wrapped page: each entry ends at its number, and a
    number wrapped alone under an entry (`…答记者问` / `5`) is that entry's page, not the page's."""
    text = ("目　录\n" + "".join(f"某某部关于推进某某领域第{n}项重点工作的有关事项的通知{n}\n" for n in range(1, 4))
            + "某某部有关负责人就《关于推进某某领域重点工作的通知》答记者问\n5\n"
            + "某某部关于推进某某领域第六项重点工作的有关事项的通知6\n第 2 页\n")
    src = read_text.read_text(Path("toc.txt"), text.encode(), "0")
    lines = clean.lines(src)
    paras = clean.paragraphs(lines, 30.0)
    start, toc = segment.split_front(paras)
    assert [e.page for e in toc] == [1, 2, 3, 5, 6]


@pytest.mark.parametrize("lines, title", [
    # an entry wrapped over three lines, the number on the third
    (("某某市发展和改革委员会 中共某某市委社会工作部 某某", "市规划和自然资源局 某某市住房和城乡建设局 关于印",
      "发某某市社区服务设施建设工程实施方案的通知 ……………… 3"),
     "某某市发展和改革委员会 中共某某市委社会工作部 某某市规划和自然资源局 某某市住房和城乡建设局 关于印发某某市社区服务设施建设工程实施方案的通知"),
    # `《X》` + `解读 ………… 3`: the interpretation's last word wrapped with the number
    (("《关于推进某某分布式光伏与储能协同发展的指导意见》", "解读 ……………………………… 3"),
     "《关于推进某某分布式光伏与储能协同发展的指导意见》解读"),
    (("某某厅有关负责人就《关于推进某某小区改造有关事项的通知》", "答记者问·····3"),
     "某某厅有关负责人就《关于推进某某小区改造有关事项的通知》答记者问"),
    # a first line cut after an issuer that ends like a 文种 (`…市规划`), the title's 关于 on the next
    (("某某市发展和改革委员会 中共某某市委社会工作部 某某市规划", "和自然资源局 关于印发某某实施方案的通知……3"),
     "某某市发展和改革委员会 中共某某市委社会工作部 某某市规划和自然资源局 关于印发某某实施方案的通知"),
])
def test_toc_entry_wrapped_over_issuers(lines, title):
    front = tuple(paras("目 录", *lines, "某某部有关负责人就《某某方案》答记者问……9", "正文标题"))
    start, toc = segment.split_front(front)
    assert [(e.title, e.page) for e in toc] == [(title, 3), ("某某部有关负责人就《某某方案》答记者问", 9)]


@pytest.mark.parametrize("entry, lines, want", [
    ("《某某条例》系列解读文章之四 《某某条例》制定的背景和过程……5",
     ("《某某条例》系列解读文章之四", "《某某条例》制定的背景和过程", "2031-10-26 某某网站"),
     "《某某条例》系列解读文章之四《某某条例》制定的背景和过程"),
    # the TOC aligned with the title's last line: the line before it opens the title
    ("某省启动“某某放心消费”示范单位创建 覆盖商场超市景区等六类场所……5",
     ("某省启动“某某放心消费”示", "范单位创建 覆盖商场超市景区等六类场所"),
     "某省启动“某某放心消费”示范单位创建 覆盖商场超市景区等六类场所"),
])
def test_a_title_the_toc_gives_whole_is_joined(entry, lines, want):
    """The TOC names the whole title; the body's lines that print it join."""
    texts = ("目 录", "某某部关于推进某某工作的通知……1", entry) + FIRST + lines + ("《某某条例》是为促进发展制定的。",)
    assert _titles(texts) == [FIRST[0], want]


def test_wrapped_toc_entry():
    front = tuple(paras("目 录", "某某部关于推进某某工作加快", "某某体系建设的通知......3", "解读 | 某某工作方案......9",
                        "某某部关于推进某某工作加快某某体系建设的通知"))
    start, toc = segment.split_front(front)
    assert [e.title for e in toc] == ["某某部关于推进某某工作加快某某体系建设的通知", "解读 | 某某工作方案"]
    assert start == 4


# --- segment: similarity and TOC alignment ----------------------------------------------------------


@pytest.mark.parametrize("a, b, low, high", [
    ("解读之一 把某某作为重要抓手", "解读之一 | 把某某作为重要抓手", 0.99, 1.0),
    ("解读一 推进某某改革，激发某某活力", "解读一丨推进某某改革，激发某某活力", 0.99, 1.0),
    # a short inner title inside a long TOC entry is a weak match
    ("某某部印发《某某产业对接活动实施方案》的通知", "某某产业对接活动实施方案", 0.0, 0.9),
])
def test_similarity(a, b, low, high):
    assert low <= segment.similarity(a, b) <= high


def test_align_toc_prefers_interpretation_heading():
    from converter.model import TocEntry
    body = paras("某某部印发《某某产业创新发展实施方案》", "某某产业创新发展实施方案", "一、总体要求",
                 "解读 | 某某产业创新发展实施方案", "近日，某某部印发方案。")
    toc = (TocEntry("某某部印发《某某产业创新发展实施方案》", 1, 0), TocEntry("解读 | 某某产业创新发展实施方案", 5, 0))
    found, missing = segment.align_toc(body, toc)
    assert sorted(found) == [0, 3] and not missing


# --- segment: wrapped titles ------------------------------------------------------------------------


@pytest.mark.parametrize("texts, measure, want", [
    # two-line title completed by a 文种 word
    (("某某部关于征集2031年度某某人才计划", "项目的通知", "某科函〔2031〕5号"), 30.0,
     "某某部关于征集2031年度某某人才计划项目的通知"),
    # three-line title
    (("某某局关于发布某某计划“某某清洁高", "效利用技术”等4个重点专项年度项目申报指", "南的通知", "各有关单位："), 30.0,
     "某某局关于发布某某计划“某某清洁高效利用技术”等4个重点专项年度项目申报指南的通知"),
    # `…》` + `的通知`
    (("某某委 某某局关于印发《某某行动方案（2031—2033年）》", "的通知", "某发〔2031〕8号"), 30.0,
     "某某委 某某局关于印发《某某行动方案（2031—2033年）》的通知"),
    # headline whose words do not end like a title, followed by its 文号
    (("某某部组织开展2031年度某某数字化转型典型", "做法交流事项", "某厅函〔2031〕3号"), 30.0,
     "某某部组织开展2031年度某某数字化转型典型做法交流事项"),
    # interpretation heading cut by the wrap
    (("专家解读之一丨加快某某全面转型 推动某某新实", "践落地生根", "近日，某某印发意见。"), 30.0,
     "专家解读之一丨加快某某全面转型 推动某某新实践落地生根"),
    # `——《…》` subtitle, also in a file with one paragraph a line
    (("解读之一 | 把某某作为重要抓手", "——《关于加快发展某某产业的指导意见》", "正文。"), None,
     "解读之一 | 把某某作为重要抓手——《关于加快发展某某产业的指导意见》"),
    # a headline printed over two short lines and a dash subtitle
    (("保护某某的合法权益", "促进某某公平竞争", "——《关于某某问题的批复》正式发布", "正文。"), 30.0,
     "保护某某的合法权益促进某某公平竞争——《关于某某问题的批复》正式发布"),
    # issuers on one line, `关于…` on the next
    (("某省财政厅 某省市场监督管理局", "关于实施某某贴息政策的通知", "各有关单位："), None,
     "某省财政厅 某省市场监督管理局关于实施某某贴息政策的通知"),
    # one paragraph a line: a first line that cannot end a title (关于, a number, mid-word), completed by a 文种
    (("某某部关于", "印发《某某传承创新若干措施》的通知", "某发〔2031〕12号"), None,
     "某某部关于印发《某某传承创新若干措施》的通知"),
    (("某某委员会关于开展2031", "年度某某服务设施试点工作的通知", "正文。"), None,
     "某某委员会关于开展2031年度某某服务设施试点工作的通知"),
    (("某某局 某某委关于推进县域分布", "式某某与储能协同发展的指导意见", "某发〔2031〕316号"), None,
     "某某局 某某委关于推进县域分布式某某与储能协同发展的指导意见"),
    (("关于促进某某经济", "产业高质量发展的", "实施意见", "某政发〔2031〕5号"), None,
     "关于促进某某经济产业高质量发展的实施意见"),
    # issuers on a line of their own over `印发《…》的通知`, itself wrapped
    (("中共某某市委 某某市人民政府", "印发《关于更好发挥数据要素作用进一步加快发展", "数字经济的实施意见》的通知", "各区委、区政府："), 30.0,
     "中共某某市委 某某市人民政府印发《关于更好发挥数据要素作用进一步加快发展数字经济的实施意见》的通知"),
    # cut inside 关于; a 《X》 a 关于 announces, its 文种 on the next line
    (("某某市工业和信息化局关", "于印发《某某智能制造实施方案》的通知", "（某工信〔2031〕22号）"), 30.0,
     "某某市工业和信息化局关于印发《某某智能制造实施方案》的通知"),
    (("某某总局关于发布《某某电池安全技术规范》", "等3项强制性国家标准的公告", "正文。"), None,
     "某某总局关于发布《某某电池安全技术规范》等3项强制性国家标准的公告"),
    # a 条例's name over two lines, over the note saying when it was adopted
    (("某某经济特区人工智能", "产业促进条例", "（2031年8月30日某某市人民代表大会常务委员会通过）"), None,
     "某某经济特区人工智能产业促进条例"),
    # an interpretation heading's last words on a short line, then prose
    (("解读之二丨数据产权登", "记如何做到便民高效", "《办法》规定申请人通过统一的登记平台提交申请，登记机构限时完成审核。"), None,
     "解读之二丨数据产权登记如何做到便民高效"),
    # an interpretation heading cut after its colon
    (("专家解读之二|从“能用”到“耐用”：", "以可靠性提升重塑国产某某装备竞争力", "某某部等四部门近期印发的《某某方案》，把可靠性作为重点。"), None,
     "专家解读之二|从“能用”到“耐用”：以可靠性提升重塑国产某某装备竞争力"),
    # a headline's second line before a news dateline
    (("李某签署某某院令 公布", "《某某保护补偿条例》", "新华社北京4月10日电 某某日前签署令。"), None,
     "李某签署某某院令 公布《某某保护补偿条例》"),
    (("两部门印发管理办法 规范某某新型技术改造城", "市试点资金使用", "本报北京3月2日讯 记者获悉，某某印发办法。"), 30.0,
     "两部门印发管理办法 规范某某新型技术改造城市试点资金使用"),
    # over a dateline, the headline's second line may be the wider
    (("李某签署某某院", "令 公布《某某用水条例》", "新华社北京3月20日电 某某日前签署令。"), None, "李某签署某某院令 公布《某某用水条例》"),
    # a headline cut after the verb of what is issued, the 《X》 on the next line
    (("某某省工业和信息化厅印发", "《关于促进某某服务消费的若干措施》", "本报讯 近日，某某厅印发措施。"), None,
     "某某省工业和信息化厅印发《关于促进某某服务消费的若干措施》"),
    # a block of issuers cut inside a name, the title over three lines after it
    (("某某市发展和改革委员会 中共某某市委社会工作", "部 某某市规划和自然资源局 某某市住房和城乡建", "设局 关于印发某某市社区服务设施建",
      "设工程实施方案的通知", "各区县政府，市级有关部门："), 30.0,
     "某某市发展和改革委员会 中共某某市委社会工作部 某某市规划和自然资源局 某某市住房和城乡建设局 关于印发某某市社区服务设施建设工程实施方案的通知"),
])
def test_merge_wrapped_titles(texts, measure, want):
    assert segment.merge_wrapped_titles(paras(*texts), measure)[0].text == want


@pytest.mark.parametrize("texts, measure", [
    # one paragraph per line: a signature + date line is not the start of the next title
    (("某某部办公厅 2031年7月9日", "某某委等部门关于加快发展某某产业的指导意见"), None),
    # a quoted form name stays apart from the next document's title
    (("《某某合作银行承诺书》", "某省政府办公厅关于印发某某三年行动计划的通知"), None),
    (("《某某合作银行承诺书》", "某省政府办公厅关于印发某某三年行动计划的通知"), 30.0),
    # a short line that opens a new title is not a continuation
    (("某某部关于推进某某领域标准化工作的", "某某局关于某某的通知", "正文。"), 30.0),
    # one paragraph a line: a complete title, or a line the next does not complete with a 文种, stays apart
    (("某某部关于推进某某工作的通知", "某某体系建设", "某发〔2031〕1号"), None),
    (("某某部关于推进某某工作", "各有关单位要认真落实", "正文。"), None),
    (("第一部分　国家层面", "某某用水条例", "某某令第776号"), None),
    (("【政策文件】", "某某用水条例", "某某令第776号"), None),
    # a compiler's field line under a title, before the 文号 line, does not continue the title
    (("5.【某办】某某院办公厅关于进一步优化某某服务的意见", "发文机关：某某院办公厅", "文号：某办发〔2031〕10号"), 30.0),
    # bulleted entries of a list, and a 令 header after the last of them, stay apart
    (("◆ 李某签署某某院令 公布《某某用水条例》", "◆ 某某保护补偿条例", "◆ 某某部印发《某某行动方案（2031—2033年）》",
      "中华人民共和国某某令", "第776号"), 30.0),
    # nor does an item's date line
    (("【权威解读】", "《某某条例》系列解读文章之六 |《条例》内容详解（一）——主要原则", "2031-11-02", "《某某条例》用10条的篇幅，明确了原则。"), None),
    # an author's note at the end of an article, then a 令 header and its number: the header opens its own head
    (("（作者系某高校公共管理学院教授）", "中华人民共和国某某院令", "第773号", "《某某规定》已经某某会议通过，现予公布。"), None),
    (("（作者系某高校公共管理学院教授）", "中华人民共和国某某院令", "第773号", "《某某规定》已经某某会议通过，现予公布。"), 30.0),
])
def test_merge_wrapped_titles_keeps_apart(texts, measure):
    assert len(segment.merge_wrapped_titles(paras(*texts), measure)) == len(texts)


# --- segment: scores, inner titles, starts ---------------------------------------------------------


@pytest.mark.parametrize("texts, i, at_least", [
    (("某某部关于推进某某工作的通知", "某发〔2031〕1号", "各有关单位："), 0, 4),
    (("某某部公开征集首届某某标准化工作组委员", "某函〔2031〕6号", "各有关单位："), 0, 4),
    (("保护某某的合法权益——《关于某某问题的批复》正式发布", "为进一步解决某某问题，制定本批复。"), 0, 4),
    (("专家解读之二丨推进某某改革", "近日，某某印发意见。"), 0, 4),
    (("某某部", "2031年1月10日", "某某组织名称管理办法", "（某某部令第3号，2031年1月8日公布，自2031年5月1日起施行）",
      "第一条 为加强管理，制定本办法。"), 2, 4),
])
def test_title_score(texts, i, at_least):
    assert segment.title_score(paras(*texts), i) >= at_least


ORDER = ("中华人民共和国某某令", "第799号", "《某某信息系统管理条例》已经2031年12月16日某某常务会议通过，现予公布，自2032年4月1日起施行。",
         "总理　李某", "2031年12月27日", "某某信息系统管理条例", "第一章　总则", "第一条　为了规范某某，制定本条例。")
BEFORE = ("某某部关于推进某某工作的通知", "某发〔2031〕1号", "各有关单位：", "现就有关事项通知如下。")


@pytest.mark.parametrize("texts, starts", [
    # a 令 opens at its header: the promulgation note and the 条例's title under it open nothing
    (BEFORE + ORDER, [0, 4]),
    # a 令 header under the 令's own title and 文号 goes on in that document
    (BEFORE + ("某某信息系统管理条例", "某某令第799号") + ORDER, [0, 4]),
])
def test_order_header_opens_its_order(texts, starts):
    assert segment.analyse(tuple(paras(*texts))).starts == starts


def test_order_document_title_and_number():
    seg = segment.segment(tuple(paras(*BEFORE + ORDER)), [])[1][1]
    doc = extract.extract(seg, "x.txt", "c", "2031")
    assert (doc.title, doc.doc_number) == ("某某信息系统管理条例", "某某令第799号")


@pytest.mark.parametrize("text, current, want", [
    # the issued 方案 after the 通知's signature
    ("某某体系工作方案", ("某某办公厅关于印发《某某体系工作方案》的通知", "某办发〔2031〕3号",
                     "《某某体系工作方案》已经同意，现印发给你们。", "某某办公厅", "2031年7月30日"), True),
    # an interpretation naming the same 方案 is a document of its own
    ("某某委有关负责同志就《某某体系工作方案》答记者问",
     ("某某办公厅关于印发《某某体系工作方案》的通知", "《某某体系工作方案》已经同意，现印发给你们。", "正文。"), False),
    ("解读 | 某某体系工作方案", ("某某办公厅关于印发《某某体系工作方案》的通知", "正文。"), False),
    # a date in running text (`…从` / `2020年9月1日` / `开始施行…`) is no signature date
    ("《某某法院关于大型企业与中小企业约定以某某支付款项为付款前提条款效力问题的批复》已于2031年6月3日通过，现予公布。",
     ("保护某某的合法权益——《关于大型企业与中小企业约定以某某支付款项为付款前提条款效力问题的批复》正式发布", "正文。", "四是溯及力的问题。因《某某条例》从",
      "2020年9月1日", "开始施行的，适用《批复》的规定。"), False),
])
def test_is_inner_title(text, current, want):
    assert segment.is_inner_title(text, paras(*current)) == want


def _starts(texts, measure=None):
    _, segs, _, _ = segment.segment(tuple(paras(*texts)), [], measure)
    return [s.paragraphs[0].text for s in segs]


def test_segment_new_document_after_signature_and_promulgation():
    texts = (
        "某某部关于推进某某工作的通知", "某发〔2031〕1号", "各有关单位：", "为推进某某工作，现通知如下。",
        "某某部", "2031年3月1日",
        "《某某法院关于某某条款效力问题的批复》已于2031年5月3日由某某委员会通过，现予公布，自2031年6月1日起施行。",
        "某某法院", "2031年6月1日", "法释〔2031〕2号", "某某法院关于某某条款效力问题的批复", "某省高级人民法院：",
        "你院请示收悉。经研究，批复如下。",
    )
    starts = _starts(texts)
    assert starts == [texts[0], texts[6]]


def test_segment_announcement_then_notice():
    texts = (
        "某某局关于调整某某收费标准的公告", "某某局公告第一二三号", "根据有关规定，现将有关事项公告如下：",
        "一、调整某某收费。", "特此公告。", "某某局", "2031年8月6日",
        "关于某某费用缴纳等相关事项的通知", "各有关单位：", "为做好某某工作，现将有关事项通知如下：", "一、缴费方式。",
        "某某局", "2031年8月6日",
    )
    assert _starts(texts) == [texts[0], texts[7]]


def _titles(texts, measure=None):
    _, segs, _, _ = segment.segment(tuple(paras(*texts)), [], measure)
    return [extract.extract(s, "x.txt", "c", "2031").title for s in segs]


FIRST = ("某某部关于推进某某工作的通知", "某发〔2031〕1号", "各有关单位：", "为推进某某工作，现通知如下。", "某某部", "2031年3月1日")


@pytest.mark.parametrize("texts, measure, want", [
    # a title numbered as the compiler's item (`（2）`, `3.`), wrapped: it opens its document, without the number
    (FIRST + ("（2）某某院办公厅关于印发某某药品集中", "采购和使用试点方案的通知", "某办发〔2031〕2号", "各省人民政府：",
              "现印发给你们，请认真贯彻执行。"), 30.0,
     [FIRST[0], "某某院办公厅关于印发某某药品集中采购和使用试点方案的通知"]),
    (FIRST + ("（3）某某院办公厅关于", "2031年部分节假日安排的通知", "（某办发明电〔2031〕7号）", "各省人民政府：",
              "经某某院批准，现将安排通知如下。"), 30.0,
     [FIRST[0], "某某院办公厅关于2031年部分节假日安排的通知"]),
    (FIRST + ("3. 某某院关于修改《某某管理条例》的决定", "某某院令第801号", "某某院决定对《某某管理条例》作如下修改。"), None,
     [FIRST[0], "某某院关于修改《某某管理条例》的决定"]),
    (FIRST + ("（5）某某部有关负责人就《关于加快发展某某的指导意见》答记者问", "近日，某某部印发意见。",
              "问：为什么要出台《意见》？", "答：为了促进发展。"), None,
     [FIRST[0], "某某部有关负责人就《关于加快发展某某的指导意见》答记者问"]),
    # a compiler's item `1.【issuer】title` over its field lines (`成文日期：…`, `来源：…`)
    (("【政策动态】", "1.【某某总局】某某总局关于促进某某高质量发展的指导意见", "成文日期：2031年6月10日",
      "发文机关：某某总局", "来源：某某网站", "各有关单位：", "现提出如下意见。") + FIRST, None,
     ["某某总局关于促进某某高质量发展的指导意见", FIRST[0]]),
    # a 令 header over its note and the compiler's numbered item of the 条例: the 令 is the 条例
    (FIRST + ("中华人民共和国某某令", "第799号", "《某某信息系统管理条例》已经2031年12月16日某某常务会议通过，现予公布。",
              "总理　李某", "2031年1月13日", "3.【某某院】某某信息系统管理条例", "发布日期：2031年1月13日",
              "第一条 为了规范某某，制定本条例。"), None,
     [FIRST[0], "某某信息系统管理条例"]),
    # a 令 header under the numbered item of its 条例 and the item's field lines: one document, from the item
    (FIRST + ("【政策原文】", "9.【某省人民政府】某省可制毒化学品管理规定", "成文日期：2031年9月19日", "发文机关：某省人民政府",
              "文号：某省人民政府令第231号", "某省人民政府令", "第231号",
              "《某省可制毒化学品管理规定》已经2031年9月3日某省人民政府常务会议通过，现予公布。", "省长　王某",
              "2031年9月19日", "某省可制毒化学品管理规定", "第一条 为了加强管理，制定本规定。"), None,
     [FIRST[0], "某省可制毒化学品管理规定"]),
    # `李强签署国务院令` + `公布修订后的《X》`: one headline, over its field lines
    (FIRST + ("4.【新华社】李某签署某某院令", "公布修订后的《某某院关于某某申报标准的规定》", "成文日期：2031年1月27日",
              "来源：某某日报", "新华社北京1月26日电 某某日前签署令。"), None,
     [FIRST[0], "李某签署某某院令公布修订后的《某某院关于某某申报标准的规定》"]),
    # an article's author line in brackets (`（作者单位：…）`) over the next document's title: not its first line
    (("解读之二丨数据产权登记如何做到便民高效", "《办法》规定申请人通过统一平台提交申请，压缩了办理时限。",
      "统一平台还有利于登记信息的互联互通。", "（作者单位：某某大学数据法治研究中心）", "某省可制毒化学品管理规定",
      "某省人民政府令第231号", "第一条 为了加强管理，制定本规定。"), None,
     ["解读之二丨数据产权登记如何做到便民高效", "某省可制毒化学品管理规定"]),
    # `本期导读` and its `◆` entries are no documents; an item kind label announces the item's title
    (("本期导读", "◆ 某某部发布《关于推进某某工作的通知》", "◆ 《某某实施方案》政策解读") + FIRST
     + ("【政策解读】", "《某某实施方案》政策解读", "一、出台背景", "为推进某某工作，制定本方案。"), None,
     [FIRST[0], "《某某实施方案》政策解读"]),
    # one paragraph a line: a labelled item's headline cut mid-word, then prose
    (FIRST + ("【新闻动态】", "多项某某经济特区法规今", "起实施 为新兴产业发展保驾护航", "11月1日是某某企业家日，涉及人工智能的法规施行。"),
     None, [FIRST[0], "多项某某经济特区法规今起实施 为新兴产业发展保驾护航"]),
    # with a TOC: a 令 header, its note naming the 条例, the compiler's numbered 条例 title the TOC lists: one
    # document; a numbered `（4）《X》政策解读` and a numbered interpretation heading wrapped, the TOC giving it whole
    (("目 录", "某某部关于推进某某工作的通知……1", "某某营商环境条例……2", "《某某三年行动计划》政策解读……3",
      "专家解读|以梯度培育推动某某由点及面……4") + FIRST
     + ("中华人民共和国某某令", "第722号", "《某某营商环境条例》已经2031年10月8日某某常务会议通过，现予公布。", "总理　李某",
        "2031年10月22日", "（3）某某营商环境条例", "第一章 总则", "第一条 为了持续优化营商环境，制定本条例。",
        "（4）《某某三年行动计划》政策解读", "一、出台背景", "我们将加强政策宣传。",
        "（8）专家解读|以梯度培育", "推动某某由点及面", "某某厅近日印发方案，提出三个层级。"), None,
     [FIRST[0], "某某营商环境条例", "《某某三年行动计划》政策解读", "专家解读|以梯度培育推动某某由点及面"]),
    # a compiler's headline over the official title of the document it announces: one document
    (FIRST + ("【政策动态】", "某某数据局印发《某某经济管理办法（2031—2033年）》", "某某数据局关于印发《某某经济管理办法（2031—2033年）》的通知",
              "某数函〔2031〕146号", "各有关单位：", "现将《某某经济管理办法（2031—2033年）》印发给你们。"), None,
     [FIRST[0], "某某数据局关于印发《某某经济管理办法（2031—2033年）》的通知"]),
    # a numbered list of titles (导读) is no document, nor is a numbered attachment line a title's first line
    (("导读", "1.某某部关于印发《某某行动计划》的通知", "2.某某部关于推进某某工作的意见") + FIRST, None, [FIRST[0]]),
    (("某某部关于印发《某某办法》的通知", "某发〔2031〕2号", "各有关单位：", "现印发给你们。", "附件：",
      "1. [某某企业变更申请报告](#)", "2031年某某工厂名录遴选工作启动", "正文。"), None,
     ["某某部关于印发《某某办法》的通知"]),
])
def test_numbered_titles(texts, measure, want):
    assert _titles(texts, measure) == want


# --- extract --------------------------------------------------------------------------------------


def _doc(*texts, year="2031"):
    from converter.model import Segment
    return extract.extract(Segment(tuple(paras(*texts))), "x.txt", "c", year)


def test_extract_signature_and_date_on_one_line():
    d = _doc("工信部印发2031年度某某诊断服务任务", "工信厅节函〔2031〕75号", "各有关单位：", "现将任务印发给你们。",
             "工业和信息化部办公厅 2031年7月9日")
    assert d.issuers == ("工业和信息化部办公厅",) and d.date == "2031-07-09" and d.doc_number == "工信厅节函〔2031〕75号"


def test_extract_promulgation_note():
    d = _doc("某某组织名称管理办法",
             "(中华人民共和国民政部令第12号已经2031年1月4日民政部部务会议通过，1月8日公布，自2031年5月1日起施行)",
             "第一条 为加强管理，制定本办法。")
    assert d.doc_number == "中华人民共和国民政部令第12号" and d.date == "2031-01-08" and d.issuers == ("民政部",)


def test_extract_press_conference():
    d = _doc("国家发展改革委举行专题新闻发布会 介绍《关于某某的若干措施》相关情况",
             "7月25日下午，国家发展改革委举行专题新闻发布会，介绍有关情况。", "主持人：各位好。")
    assert d.kind == "interpretation" and d.subtype == "新闻发布会"
    assert d.issuers == ("国家发展和改革委员会",) and d.date == "2031-07-25"


def test_extract_signer_glued_to_attachment_line():
    d = _doc("工信部等三部门明确2031年度某某清单制定工作事项", "各有关单位：", "现将有关事项通知如下。",
             "附件：1. 某某证明材料清单", "2. 企业重大变化情况表工业和信息化部", "财政部", "国家税务总局", "2031年8月1日")
    assert d.issuers == ("工业和信息化部", "财政部", "国家税务总局") and d.date == "2031-08-01"


@pytest.mark.parametrize("title, expected", [
    ("某部等七部门关于实施高技能人才 培育计划的通知", "某部等七部门关于实施高技能人才培育计划的通知"),
    ("省某厅关于印发《技师 培育计划实施办法（试行）》的通知", "省某厅关于印发《技师培育计划实施办法（试行）》的通知"),
    ("中共中央 国务院关于加快某项转型的意见", "中共中央 国务院关于加快某项转型的意见"),
    ("解读二 健全某项制度 加快某项发展", "解读二 健全某项制度 加快某项发展"),
])
def test_tidy_title_drops_wrap_spaces_only(title, expected):
    from converter.stages.extract import tidy_title

    assert tidy_title(title) == expected


@pytest.mark.parametrize("period, expected", [
    ("2025年8月", "2025-08-01T00:00:00Z"),
    ("2024年第一季度", "2024-01-01T00:00:00Z"),
    ("2024年第3季度", "2024-07-01T00:00:00Z"),
    ("2023年11—12月", "2023-11-01T00:00:00Z"),
    ("2024年", "2024-01-01T00:00:00Z"),
    (None, None),
])
def test_issue_time_orders_months_and_quarters(period, expected):
    from converter.model import Cover, Compilation, Source
    from converter.stages.render import issue_time

    comp = Compilation("x", Source("a", "a", "0" * 64, "utf-8", ""), Cover(None, None, None, period), (), ())
    assert issue_time(comp) == expected


@pytest.mark.parametrize("meta", [
    {"title": "关于印发《x》的通知", "id": "工信部-2024-1号", "issuers": ["工业和信息化部"], "date": None,
     "themes": [], "sources": [{"issue": "2024年第1期", "pages": None}], "lines": "1–2"},
    {"title": "<b>A & B</b> \"引号\" 'x'", "heading": "2024: yes # no", "id": "on", "date": "2024-01-02"},
    {"title": "- 项: 1. 总体要求", "themes": ["null", "~", "12", "1.5"], "subtype": "\u3000通知\u3000"},
])
def test_front_matter_reads_back_as_written(meta):
    """Front matter (JSON) reads back through MkDocs' own parser as the same data, strings staying
    strings, with the title HTML-escaped (the theme prints it unescaped)."""
    import html

    from mkdocs.utils.meta import get_data

    from converter.stages.render import front_matter

    assert get_data(front_matter(meta) + "正文\n") == ("正文\n", {**meta, "title": html.escape(meta["title"], quote=True)})


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_front_matter_reads_back_any_text(s):
    """Whatever a text holds (YAML's own line breaks NEL/LS/PS, DEL, C1 controls, BOM, U+FFFF…),
    MkDocs reads the front matter back as written and the page body after it."""
    import html

    from mkdocs.utils.meta import get_data

    from converter.stages.render import front_matter

    meta = {"title": s, "heading": s, "sources": [{"issue": s, "pages": None}], "themes": [s]}
    assert get_data(front_matter(meta) + "正文\n") == ("正文\n", {**meta, "title": html.escape(s, quote=True)})


@pytest.mark.parametrize("value, want", [
    ([], "[]"),
    (None, "null"),
    ("2031年3月", '"2031年3月"'),
    ([{"id": "a", "themes": ["碳"]}, {"id": "b", "occurrences": [{"start_line": 1}]}],
     '[\n  {"id": "a", "themes": ["碳"]},\n  {"id": "b", "occurrences": [{"start_line": 1}]}\n ]'),
])
def test_corpus_json_lists_one_item_per_line(value, want):
    from converter.stages.render import _json_rows

    assert _json_rows(value) == want and json.loads(_json_rows(value)) == value


def test_corpus_json_has_one_document_per_line(sample_corpus):
    from converter.stages.render import corpus_json

    _, library, _ = sample_corpus
    out = corpus_json(library)
    data = json.loads(out)
    assert out.count("\n") == 7 + len(data["compilations"]) + len(data["documents"])
    assert [json.loads(line.strip().rstrip(",")) for line in out.split("\n")
            if line.startswith('  {"id"')][-len(data["documents"]):] == data["documents"]


#: Contact lines as compilations print them: the space between a name and its number is kept by
#: cleaning, a number glued to the e-mail address after it is given one on the page, and nothing
#: else in a contact line moves (a number inside a longer one, an address starting with digits).
@pytest.mark.parametrize("raw, page", [
    ("联系人：李某 18900000000", "联系人：李某 18900000000"),
    ("联系人：李某  18900000000", "联系人：李某 18900000000"),
    ("联系人：王某 010-68200000", "联系人：王某 010-68200000"),
    ("联系人：李某 18900000000lim4@example.cn", "联系人：李某 18900000000 lim4@example.cn"),
    ("电话：010-68200000，邮箱：wang@example.org", "电话：010-68200000，邮箱：wang@example.org"),
    ("王某 010-68200000wang@example.org", "王某 010-68200000 wang@example.org"),
    ("李某 18900000000 123456@example.cn", "李某 18900000000 123456@example.cn"),
    ("编号 918900000000lim@example.cn", "编号 918900000000lim@example.cn"),  # no phone: 12 digits
    ("2024 年 7 月 30 日", "2024年7月30日"),
])
def test_contact_lines_keep_their_separators(raw, page):
    from converter.stages.render import text

    assert text(clean.normalise(raw)) == page


@pytest.mark.parametrize("raw, want", [
    ("1. 总体要求", "1\\. 总体要求"),
    ("  2) 工作", "  2\\) 工作"),
    ("- 项", "\\- 项"),
    ("> 引", "&gt; 引"),
    ("=", "\\="),
    ("第1. 条\n- 不在行首", "第1. 条\n- 不在行首"),
    ("a*b_c [d] <e> & #f", "a\\*b\\_c \\[d\\] &lt;e&gt; &amp; \\#f"),
])
def test_text_escapes_markdown_at_the_start_only(raw, want):
    from converter.stages.render import text

    assert text(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("国务院办公厅关于印发", "国务院办公厅关于印发"),
    ("国务院\u200b办公厅", "国务院办公厅"),
    (" 第 1 条 ", "第1条"),
    ("\u2028", ""),
    ("\x85x", "x"),
    ("a\x1cb", "ab"),                       # a control character: removed (and counted for the report)
    ("a\x00b", "ab"),
    ("国务院令\u202e第1号", "国务院令第1号"),     # a bidi override: removed
    ("a\u2066b\u2069c", "abc"),
    ("关于\t12", "关于\t12"),               # a tab separates cells (or a TOC page): never glued away
    ("名称\t\t数量", "名称\t\t数量"),         # a row of three cells keeps its empty one (its column)
    ("名称\t", "名称"),                      # a stray tab goes
    ("", ""),
])
def test_normalise_lines(raw, want):
    """Lines without white space or zero-width characters pass unchanged; any white space (what
    str.strip removes, not only spaces) still goes through the rules."""
    assert clean.normalise(raw) == want


@pytest.mark.parametrize("text, plausible", [
    ("正文" * 100, True),
    ("正文\t\n\r\f" * 100, True),
    ("正文\x00\x1b\x7f\x9f" * 100, False),
    ("\x0b\x0b", True),
    ("\x0b\x0b\x0b", False),
])
def test_plausible_counts_control_characters(text, plausible):
    assert read_text._plausible(text) is plausible



@pytest.mark.parametrize("texts, number", [
    # a 令 under the item's title and a 来源 line
    (("某某促进条例", "来源：某某网", "中华人民共和国国务院令", "第901号", "《某某促进条例》已经国务院常务会议通过，现予公布。",
      "总理　某某", "2031年3月1日"), "国务院令第901号"),
    # header and number on one line, opening the document
    (("中华人民共和国国务院令　第902号", "《某某管理条例》已经国务院常务会议通过，现予公布。", "总理　某某", "2031年3月2日",
      "某某管理条例", "第一条 为了加强管理，制定本条例。"), "国务院令第902号"),
    (("某某总局令 第7号", "《某某办法》已经局务会议通过，现予公布。", "局长　某某", "2031年3月3日", "某某办法"), "某某总局令第7号"),
    # a 令 past the first running text belongs to another document
    (("某某负责人就《某某条例》答记者问", "日前，国务院公布《某某条例》，自2031年5月1日起施行。某某负责人就有关问题回答了记者提问。",
      "问：出台背景是什么？", "中华人民共和国国务院令", "第903号"), None),
])
def test_extract_order_number_printed_near_the_head(texts, number):
    assert _doc(*texts).doc_number == number


@pytest.mark.parametrize("texts, measure, at, want", [
    # a document numbered `（1）` under a 导读 list numbered `1.`, `2.`: its title cut mid-word is one title
    (("导读", "1.某某总局关于促进某某电子商务发展的指导意见", "2.某某部印发《某某方案》", "（1）某某总局关于促",
      "进某某电子商务发展的指导意见", "某市监函〔2031〕223号", "各省、自治区、直辖市人民政府："), 32.0, 3,
     "（1）某某总局关于促进某某电子商务发展的指导意见"),
    (("导读", "1.某某总局关于促进某某电子商务发展的指导意见", "2.某某部印发《某某方案》", "1.某某总局关于促",
      "进某某电子商务发展的指导意见", "某市监函〔2031〕223号", "各省、自治区、直辖市人民政府："), 32.0, 3,
     "1.某某总局关于促进某某电子商务发展的指导意见"),       # numbered as the list is, but not next in it
    # a running number naming the issuer in brackets: the issuer's name on a line over its `关于…` line
    (("导读", "1.济南市人民政府关于深化某某改革的实施意见", "【政策原文】", "8.【济南市人民政府】济南市人民政府",
      "关于深化某某改革的实施意见", "发文机关：济南市人民政府"), None, 3,
     "8.【济南市人民政府】济南市人民政府关于深化某某改革的实施意见"),
    # ... or a headline whose words say no title, closed by a `——…答记者问` subtitle
    (("3.【教育部】开展某某治理 增加某某教育资源", "——某某工作小组负责人就《某某院办公厅关于开展某某治理工作的通知》答记者问",
      "成文日期：2031年1月22日"), None, 0,
     "3.【教育部】开展某某治理 增加某某教育资源——某某工作小组负责人就《某某院办公厅关于开展某某治理工作的通知》答记者问"),
])
def test_merge_wrapped_titles_of_numbered_items(texts, measure, at, want):
    assert segment.merge_wrapped_titles(paras(*texts), measure)[at].text == want


@pytest.mark.parametrize("texts, measure", [
    # a 导读 list's entries stay apart, whatever their numbers
    (("导读", "1.某某总局关于促进某某电子商务发展的指导意见", "2.某某部关于", "3.某某部印发《某某方案》的通知"), None),
    (("导读", "（1）某某总局关于促进某某电子商务", "（2）某某部印发《某某方案》的通知"), 32.0),
])
def test_merge_wrapped_titles_keeps_list_entries_apart(texts, measure):
    assert len(segment.merge_wrapped_titles(paras(*texts), measure)) == len(texts)
