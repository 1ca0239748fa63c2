"""converter.stages.annotate: validity, citations, anchors, targets and status.

Every sentence below is invented for these tests (no corpus or seed text). The corpus tests at the end
read ../shared/corpus and skip when it is absent.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import cn2an
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.stages import annotate as A
from converter.stages.annotate import Span, Validity, Commencement, Expiry, normalise

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def doc(*texts: str, kind: str = "p") -> list[tuple[str, str]]:
    return [(kind, t) for t in texts]


def at(blocks, span: Span, title: str = "") -> str:
    """The text a span points at (block −1: the title)."""
    text = title if span.block == -1 else blocks[span.block][1]
    return text[span.start:span.end]


# ======================================================================================================
# Commencement
# ======================================================================================================

COMMENCEMENT_POSITIVE = [
    # (blocks, doc_date, title, expected date, rule)
    (doc("本办法自2025年1月1日起施行。"), None, "某市停车管理办法", "2025-01-01", "date"),
    (doc("本通知自印发之日起施行。"), "2024-03-05", "某厅关于加强管理的通知", "2024-03-05", "on_issue"),
    (doc("第三十九条　本条例自２０２５年３月１日起施行。"), None, "某省促进条例", "2025-03-01", "date"),
    (doc("本规定自二〇二五年一月一日起施行。"), None, "某规定", "2025-01-01", "date"),
    (doc("本意见自 2024 年 7 月 1 日起实施。"), None, "某意见", "2024-07-01", "date"),
    ([("title", "某某条例"), ("note", "（2024年1月5日某某令第800号公布　自2024年3月1日起施行）")], None, "某某条例",
     "2024-03-01", "date"),
    (doc("本办法自发布之日起施行。"), None, "某办法", None, "on_issue"),
    (doc("本决定自公布之日起30日后施行。"), "2024-01-01", "某决定", "2024-01-31", "on_issue"),
    (doc("五、本决定自2025年1月1日起施行。"), None, "某某关于调整的决定", "2025-01-01", "date"),
    (doc("《某某服务条例》已经2024年3月1日某会议通过，现予公布，自2024年5月1日起施行。"), None, "某某服务条例",
     "2024-05-01", "date"),
    (doc("自2024年10月1日起施行。"), None, "某通知", "2024-10-01", "date"),
    (doc("此通知自下发之日起执行。"), "2023-06-30", "某通知", "2023-06-30", "on_issue"),
]


@pytest.mark.parametrize("blocks, doc_date, title, date, rule", COMMENCEMENT_POSITIVE)
def test_commencement(blocks, doc_date, title, date, rule):
    c = A.validity(blocks, doc_date, title).commencement
    assert c is not None
    assert (c.date, c.rule) == (date, rule)
    assert "施行" in at(blocks, c.span) or "实施" in at(blocks, c.span) or "执行" in at(blocks, c.span)


COMMENCEMENT_NEGATIVE = [
    (doc("《条例》自2020年5月1日起施行，全文共五章。"), "某部负责人就《某某条例》答记者问"),
    (doc("国务院近日公布《某某条例》，自2024年5月1日起施行。"), "某某负责人就《某某条例》答记者问"),
    (doc("申请人应当自收到通知之日起30日内提交材料。"), "某办法"),
    (doc("2024年1月1日起，企业可以申请补贴。"), "某通知"),
    (doc("有关部门应当自批准之日起执行监督。"), "某办法"),
    (doc("原办法自2019年1月1日起施行，现已不适应需要。"), "某办法"),
    (doc("该市自2024年起实施新的停车收费标准。"), "某新闻"),
]


@pytest.mark.parametrize("blocks, title", COMMENCEMENT_NEGATIVE)
def test_no_commencement(blocks, title):
    assert A.validity(blocks, "2024-01-01", title).commencement is None


def test_commencement_of_the_document_wins_over_a_quoted_provision():
    """A decision amending a 办法 prints the 办法's own `本办法自公布之日起施行`; the decision's own
    `本决定自…` is the document's commencement, wherever it stands."""
    blocks = doc("第八条　本办法自公布之日起施行。", "本决定自2025年1月1日起施行。")
    c = A.validity(blocks, "2024-11-10", "某某关于修改《某某放假办法》的决定").commencement
    assert (c.date, c.span.block) == ("2025-01-01", 1)


def test_a_paragraph_cut_by_a_blank_line_is_read_with_its_continuation():
    blocks = doc("第十五条　本办法由某部负责解释，自2031年7月1日起施行，有效期至", "2035年12月31日。")
    v = A.validity(blocks, None, "某办法")
    assert (v.commencement.date, v.expiry.date) == ("2031-07-01", "2035-12-31")
    assert at(blocks, v.expiry.span) == "有效期至" and v.expiry.span.block == 0


def test_commencement_on_issue_date_unknown_then_known():
    blocks = doc("本方案自印发之日起施行。")
    assert A.validity(blocks, None, "关于印发某某方案的通知").commencement.date is None
    assert A.validity(blocks, "2024-02-02", "关于印发某某方案的通知").commencement.date == "2024-02-02"


# ======================================================================================================
# Expiry
# ======================================================================================================

EXPIRY_POSITIVE = [
    # (blocks, doc_date, expected date, years)
    (doc("本办法自2025年1月1日起施行，有效期5年。"), None, "2029-12-31", 5),
    (doc("本通知自印发之日起施行，有效期至2027年12月31日。"), "2024-01-01", "2027-12-31", None),
    (doc("本措施有效期为三年。"), "2024-06-01", "2027-05-31", 3),
    (doc("本政策自2024年1月1日起执行，有效期至2026年底。"), None, "2026-12-31", None),
    (doc("本实施细则自发布之日起施行，有效期５年。"), "2023-12-31", "2028-12-30", 5),
    (doc("本方案有效期自印发之日起至2025年6月30日止。"), "2024-01-01", "2025-06-30", None),
    (doc("本办法试行期两年。"), "2024-01-01", "2025-12-31", 2),
    (doc("本规定自2024年3月1日起施行，有效期为 2 年。"), None, "2026-02-28", 2),
    (doc("本通知自印发之日起施行，有效期3年。"), None, None, 3),
    (doc("本意见自2024年1月1日起施行，有效期至2025年12月底。"), None, "2025-12-31", None),
]


@pytest.mark.parametrize("blocks, doc_date, date, years", EXPIRY_POSITIVE)
def test_expiry(blocks, doc_date, date, years):
    e = A.validity(blocks, doc_date, "某文件").expiry
    assert e is not None
    assert (e.date, e.years) == (date, years)
    assert "期" in at(blocks, e.span) or "试行" in at(blocks, e.span)


EXPIRY_NEGATIVE = [
    doc("排污许可证有效期为5年。"),
    doc("申请人应当在有效期内提交有关批准文件。"),
    doc("证书有效期至2026年12月31日。"),
    doc("有效期届满前三十日提出延续申请。"),
    doc("第十条　许可的有效期为3年。"),
    doc("资格证书的有效期限为五年，期满需重新认定。"),
]


@pytest.mark.parametrize("blocks", EXPIRY_NEGATIVE)
def test_no_expiry(blocks):
    assert A.validity(blocks, "2024-01-01", "某条例").expiry is None


# ======================================================================================================
# Trial
# ======================================================================================================

TRIAL_POSITIVE = [
    ([], "某某管理暂行办法", "暂行", -1),
    ([], "某某市停车管理办法（试行）", "试行", -1),
    (doc("本办法自2024年1月1日起试行。"), "某某办法", "试行", 0),
    ([], "关于印发《某某奖励办法（试行）》的通知", "试行", -1),
    (doc("本细则试行期两年。"), "某细则", "试行", 0),
    ([("title", "某某交易暂行条例"), ("p", "第一条　为了规范交易，制定本条例。")], "某某交易暂行条例", "暂行", 0),
    (doc("本办法（试行）自2024年5月1日起施行。"), "某某办法", "试行", 0),
    ([], "某某进口经营管理试行办法", "试行", -1),
]


@pytest.mark.parametrize("blocks, title, word, block", TRIAL_POSITIVE)
def test_trial(blocks, title, word, block):
    t = A.validity(blocks, None, title).trial
    assert t is not None and (t.word, t.span.block) == (word, block)
    assert word in at(blocks, t.span, title)


TRIAL_NEGATIVE = [
    ([], "某部负责人就《某某交易暂行条例》答记者问"),
    (doc("试行汽车保税存储。"), "某某意见"),
    ([], "关于开展试点工作的通知"),
    (doc("依照《医院处方点评管理规范（试行）》相应条款处理。"), "某某通知"),
    ([], "关于扩大试行范围的通知"),
]


@pytest.mark.parametrize("blocks, title", TRIAL_NEGATIVE)
def test_no_trial(blocks, title):
    assert A.validity(blocks, None, title).trial is None


# ======================================================================================================
# Repeals
# ======================================================================================================

REPEAL_POSITIVE = [
    # (blocks, [(title, doc_number), ...])
    (doc("本办法自2025年1月1日起施行，《某某管理办法》同时废止。"), [("某某管理办法", None)]),
    (doc("原《某某实施细则》（某政发〔2019〕12号）同时废止。"), [("某某实施细则", "某政发〔2019〕12号")]),
    (doc("《甲办法》（甲发〔2019〕1号）、《乙办法》（乙发〔2020〕2号）同时废止。"),
     [("甲办法", "甲发〔2019〕1号"), ("乙办法", "乙发〔2020〕2号")]),
    (doc("本规定自公布之日起施行，同时废止《丙规定》和《丁规定》。"), [("丙规定", None), ("丁规定", None)]),
    (doc("苏政发〔2019〕12号文件同时废止。"), [(None, "苏政发〔2019〕12号")]),
    (doc("2001年3月1日原某某部令第15号发布的《戊规定》同时废止。"), [("戊规定", "某某部令第15号")]),
    (doc("《己通知》（己办〔2018〕3号）不再执行。"), [("己通知", "己办〔2018〕3号")]),
    (doc("此前印发的《庚意见》（庚发〔2017〕9号）停止执行。"), [("庚意见", "庚发〔2017〕9号")]),
    (doc("下列文件同时废止：", "1.《子办法》（子〔2019〕1号）", "2.《丑办法》（丑〔2019〕2号）", "本办法由某局负责解释。"),
     [("子办法", "子〔2019〕1号"), ("丑办法", "丑〔2019〕2号")]),
    (doc("本规定自2022年7月1日起施行。2000年1月1日某委令第8号发布的《寅规定》，2001年2月2日某委令第9号发布的"
         "《卯规定》同时废止。"), [("寅规定", "某委令第8号"), ("卯规定", "某委令第9号")]),
    (doc("《辰办法》（辰〔２０１９〕５号）同时废止。"), [("辰办法", "辰〔2019〕5号")]),
]


@pytest.mark.parametrize("blocks, expected", REPEAL_POSITIVE)
def test_repeals(blocks, expected):
    repeals = A.validity(blocks, None, "某文件").repeals
    assert [(c.title, c.doc_number) for c in repeals] == expected
    for c in repeals:
        shown = normalise(at(blocks, c.span))
        assert (c.title or "") in shown and (c.doc_number or "") in shown


REPEAL_NEGATIVE = [
    doc("依照法定权限和程序及时制定或者修改、废止有关法规。"),
    doc("《甲办法》中有关退休年龄的规定不再施行。"),
    doc("对已废止的文件进行清理。"),
    doc("废止程序由市政府另行规定。"),
    doc("本办法自2025年1月1日起施行。"),
    doc("根据《某某法》，制定本办法。"),
]


@pytest.mark.parametrize("blocks", REPEAL_NEGATIVE)
def test_no_repeals(blocks):
    assert A.validity(blocks, None, "某文件").repeals == ()


# ======================================================================================================
# Amendments
# ======================================================================================================

AMEND_POSITIVE = [
    # (blocks, title, [(relation, cited title, cited number)])
    (doc("国务院决定对《某某条例》作如下修改："), "某决定", [("amends", "某某条例", None)]),
    ([], "国务院关于修改《某某办法》的决定", [("amends", "某某办法", None)]),
    (doc("（2008年8月3日某某令第529号公布　根据2018年9月18日《某某关于修改部分行政法规的决定》第一次修订）"), "某规定",
     [("amended_by", "某某关于修改部分行政法规的决定", None)]),
    (doc("（根据2024年1月22日中华人民共和国国务院令第773号第二次修订）"), "某规定",
     [("amended_by", None, "中华人民共和国国务院令第773号")]),
    (doc("决定对《甲办法》（甲发〔2019〕5号）的部分条款予以修改。"), "某决定", [("amends", "甲办法", "甲发〔2019〕5号")]),
    (doc("根据国务院关于修改《乙条例》的决定修订。"), "乙条例", [("amended_by", "国务院关于修改《乙条例》的决定", None)]),
    (doc("市政府决定对《丙规定》进行修订。"), "某决定", [("amends", "丙规定", None)]),
    (doc("根据2019年4月23日第十三届某会议《关于修改〈某法〉等八部法律的决定》第二次修正"), "某法",
     [("amended_by", "关于修改〈某法〉等八部法律的决定", None)]),
]


@pytest.mark.parametrize("blocks, title, expected", AMEND_POSITIVE)
def test_amends(blocks, title, expected):
    amends = A.validity(blocks, None, title).amends
    assert [(a.relation, a.citation.title, a.citation.doc_number) for a in amends] == expected
    for a in amends:
        shown = normalise(at(blocks, a.span, title))
        assert (a.citation.title or "") in shown or f"《{a.citation.title}》" in shown
        assert (a.citation.doc_number or "") in shown


AMEND_NEGATIVE = [
    doc("公司变更事项涉及章程修改的，应当提交修改后的章程。"),
    doc("此外，对条文顺序和个别文字作相应调整和修改。"),
    doc("《某某办法》根据本决定作相应修改，重新公布。"),
    doc("及时修改不适应的规章。"),
    doc("根据《中华人民共和国价格法》制定本规定。"),
]


@pytest.mark.parametrize("blocks", AMEND_NEGATIVE)
def test_no_amends(blocks):
    assert A.validity(blocks, None, "某规定").amends == ()


# ======================================================================================================
# Citations
# ======================================================================================================

CITATION_POSITIVE = [
    # (text, [(title, doc_number, article, paragraph)])
    ("依据《某某条例》第十二条规定，制定本办法。", [("某某条例", None, 12, None)]),
    ("违反《某某法》第三十五条第二款的，依法处理。", [("某某法", None, 35, 2)]),
    ("根据《关于某事的通知》（国办发〔2024〕39号），现提出如下意见。", [("关于某事的通知", "国办发〔2024〕39号", None, None)]),
    ("违反《某某法》第一百二十三条的，责令改正。", [("某某法", None, 123, None)]),
    ("依照本条例第四十条的规定处理。", [(None, None, 40, None)]),
    ("违反《甲条例》第七条第三款、第八条第一款规定的。", [("甲条例", None, 7, 3), ("甲条例", None, 8, 1)]),
    ("国务院令第712号公布的《乙条例》同时适用。", [("乙条例", "国务院令第712号", None, None)]),
    ("按照《国务院关于修改〈丙办法〉的决定》执行。", [("国务院关于修改〈丙办法〉的决定", None, None, None)]),
    ("转发《关于印发《丁方案》的通知》。", [("关于印发《丁方案》的通知", None, None, None)]),
    ("《戊条例》（以下简称《条例》）施行后，《条例》第五条另有规定。", [("戊条例", None, None, None), ("戊条例", None, 5, None)]),
    ("依据《甲法》第２０条。", [("甲法", None, 20, None)]),
    ("工信厅通装（2024）42号文件要求。", [(None, "工信厅通装（2024）42号", None, None)]),
    ("总理签署第773号国务院令。", [(None, "国务院令第773号", None, None)]),
    ("根据苏政发〔2019〕12号精神。", [(None, "苏政发〔2019〕12号", None, None)]),
    ("依据《某某 条例》第 十二 条。", [("某某条例", None, 12, None)]),
    ("《某某办法》（工信部企业〔2022〕119号，以下简称《办法》）明确，《办法》第三条……",
     [("某某办法", "工信部企业〔2022〕119号", None, None), ("某某办法", None, 3, None)]),
]


@pytest.mark.parametrize("text, expected", CITATION_POSITIVE)
def test_citations(text, expected):
    cits = A.citations(text)
    assert [(c.title, c.doc_number, c.article, c.paragraph) for c in cits] == expected
    for c in cits:
        shown = normalise(text[c.span.start:c.span.end])
        if c.doc_number:
            assert c.doc_number in shown or "第773号" in shown
        if c.article is not None:
            assert "条" in shown


CITATION_NEGATIVE = [
    "第十二条　本条例自2025年1月1日起施行。",
    "2024年7月1日召开会议。",
    "联系电话：0517-88888888。",
    "《》",
    "公布第三批名单。",
    "依据反外国制裁法第六条处理。",
]


@pytest.mark.parametrize("text", CITATION_NEGATIVE)
def test_no_citations(text):
    assert A.citations(text) == ()


def test_document_citations_carry_an_alias_and_skip_the_documents_own_number():
    blocks = [("title", "关于印发《某方案》的通知"), ("docno", "某发〔2024〕1号"),
              ("p", "根据《某某条例》（以下简称《条例》），制定本方案。"), ("p", "依照《条例》第九条执行。")]
    cits = A.document_citations(blocks)
    assert [(c.title, c.article, c.span.block) for c in cits] == [("某某条例", None, 2), ("某某条例", 9, 3)]


# ======================================================================================================
# Anchors
# ======================================================================================================

REGULATION = [
    ("title", "某某条例"),
    ("p", "第一章　总则"),
    ("p", "第一条　为了规范管理，制定本条例。"),
    ("p", "第二条　本条例适用于下列事项："),
    ("h3", "（一）登记；"),
    ("h3", "（二）备案。"),
    ("p", "前款规定以外的事项，依照有关规定办理。"),
    ("p", "第二章　登记"),
    ("p", "第一节　一般规定"),
    ("p", "第一百二十三条　本条例自2025年1月1日起施行。"),
]


def test_anchor_ids_of_a_regulation():
    ids = [(a.kind, a.id, a.block) for a in A.anchors(REGULATION)]
    assert ids == [
        ("paragraph", "p-1", 0), ("chapter", "ch-1", 1), ("article", "art-1", 2), ("article", "art-2", 3),
        ("item", "art-2-i-1", 4), ("item", "art-2-i-2", 5), ("paragraph", "art-2-p-2", 6),
        ("chapter", "ch-2", 7), ("section", "ch-2-sec-1", 8), ("article", "art-123", 9)]
    labels = {a.id: a.label for a in A.anchors(REGULATION)}
    assert labels["art-2-p-2"] == "第二条第二款" and labels["art-123"] == "第一百二十三条"
    assert A.article_anchor(2, 2) == "art-2-p-2" and A.article_anchor(123) == "art-123" == A.article_anchor(123, 1)


NOTICE = [
    ("title", "关于印发某方案的通知"),
    ("p", "现将方案印发给你们。"),
    ("h2", "一、总体要求"),
    ("p", "以某某为指导。"),
    ("h3", "（一）基本原则"),
    ("p", "坚持问题导向。"),
    ("p", "坚持系统观念。"),
    ("h4", "1.强化创新"),
    ("p", "加强攻关。"),
    ("h2", "二、重点任务"),
    ("lead", "（一）加快建设。推动项目落地。"),
    ("attachment", "附件2"),
    ("h2", "一、申报条件"),
    ("p", "符合下列条件。"),
    ("column_end", ""),
    ("table", ""),
]


def test_anchor_ids_of_a_notice():
    ids = [a.id for a in A.anchors(NOTICE)]
    assert ids == ["p-1", "p-2", "h-1", "h-1-p-1", "h-1-1", "h-1-1-p-1", "h-1-1-p-2", "h-1-1-1", "h-1-1-1-p-1",
                   "h-2", "h-2-1", "att-2", "att-2-h-1", "att-2-h-1-p-1", "att-2-h-1-p-2"]


ANCHOR_CASES = [
    # (blocks, expected ids)
    (doc("第十二条之一　新增的条文。"), ["art-12-1"]),
    (doc("第１２条　全角数字。"), ["art-12"]),
    (doc("第十二条规定的情形，依照处理。"), ["p-1"]),                  # a reference, not an article
    ([("h3", "（二）无上级标题")], ["h-0-2"]),
    ([("h2", "一、甲"), ("h2", "一、甲")], ["h-1", "h-1-2"]),           # the same number printed twice
    ([("qa", "第一条是什么意思？")], ["p-1"]),                          # a Q&A turn is never an article
    (doc("“第五条　引用的条文。”"), ["p-1"]),                            # quoted amended text
    ([("p", "第三条　条文："), ("p", "1.第一目"), ("h3", "（一）第一项"), ("p", "1.第一项第一目")],
     ["art-3", "art-3-i-0-1", "art-3-i-1", "art-3-i-1-1"]),
    (doc("一是加强组织领导。"), ["p-1"]),                                # an ordinal lead, no heading
    ([("note", "（一）此件公开发布")], ["p-1"]),                         # a note is never numbered structure
    (doc("10.5%的企业达标。"), ["p-1"]),                                 # a decimal, not a heading 10.
    ([("signature", "第一条街道办事处")], ["p-1"]),
]


@pytest.mark.parametrize("blocks, expected", ANCHOR_CASES)
def test_anchor_cases(blocks, expected):
    assert [a.id for a in A.anchors(blocks)] == expected


def test_anchor_ids_are_url_safe():
    import re
    for a in A.anchors(REGULATION + NOTICE):
        assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", a.id), a.id


# --- property tests: a generated document, a paragraph inserted or changed elsewhere ----------------

_CN = "一二三四五六七八九十"

_UNIT = st.sampled_from(["article", "chapter", "h1", "h2", "h3", "para", "para", "para", "attachment", "item"])


def _render(units: list[str]) -> list[tuple[str, str]]:
    """Blocks for a sequence of structural units, numbered the way a real document numbers them."""
    n = dict(article=0, chapter=0, h1=0, h2=0, h3=0, attachment=0, item=0, para=0)
    out = []
    for u in units:
        n[u] += 1
        k = n[u]
        if u == "chapter":
            out.append(("p", f"第{cn2an.an2cn(k)}章　章名"))
        elif u == "article":
            n["item"] = 0
            out.append(("p", f"第{cn2an.an2cn(k)}条　条文内容。"))
        elif u == "h1":
            n["h2"] = n["h3"] = 0
            out.append(("h2", f"{cn2an.an2cn(k)}、标题"))
        elif u in ("h2", "item"):
            n["h3"] = 0
            out.append(("h3", f"（{cn2an.an2cn(n[u] if u == 'h2' else k)}）小标题"))
        elif u == "h3":
            out.append(("h4", f"{k}.三级标题"))
        elif u == "attachment":
            n.update(article=0, chapter=0, h1=0, h2=0, h3=0, item=0)
            out.append(("attachment", f"附件{k}"))
        else:
            out.append(("p", f"段落{k}的文字。"))
    return out


def _parent(ident: str) -> str:
    """The parent part of a paragraph id: `h-3-2-p-4` → `h-3-2`, `p-4` → ``."""
    return ident[:ident.rindex("-p-")] if "-p-" in ident else ""


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_UNIT, min_size=1, max_size=40), st.data())
def test_anchors_unique_and_stable_under_an_inserted_paragraph(units, data):
    """Inserting a paragraph changes only the ids of the paragraphs after it under the same parent
    (each moves up by one); every other id, numbered blocks' included, stays as it was."""
    blocks = _render(units)
    before = A.anchors(blocks)
    ids = [a.id for a in before]
    assert len(ids) == len(set(ids))
    j = data.draw(st.integers(0, len(blocks)))
    inserted = blocks[:j] + [("p", "新插入的一段文字。")] + blocks[j:]
    new = A.anchors(inserted)
    assert len({a.id for a in new}) == len(new)
    (added,) = [a for a in new if a.block == j]
    assert added.kind == "paragraph"
    parent = _parent(added.id)
    after = {(a.block if a.block < j else a.block - 1): a for a in new if a.block != j}
    for a in before:
        b = after[a.block]
        if a.kind == "paragraph" and a.block >= j and _parent(a.id) == parent:
            assert (b.id, b.number) == (f"{parent + '-' if parent else ''}p-{a.number + 1}", a.number + 1)
        else:
            assert b.id == a.id, (a, b)


@settings(max_examples=100)
@given(st.lists(_UNIT, min_size=1, max_size=40), st.data())
def test_anchors_unchanged_when_a_paragraph_changes(units, data):
    blocks = _render(units)
    paras = [k for k, u in enumerate(units) if u == "para"]
    if not paras:
        return
    k = data.draw(st.sampled_from(paras))
    changed = blocks[:k] + [("p", "完全不同的另一段文字，长度也不同。")] + blocks[k + 1:]
    assert [a.id for a in A.anchors(blocks)] == [a.id for a in A.anchors(changed)]


# ======================================================================================================
# Targets
# ======================================================================================================

TARGET_POSITIVE = [
    # (text, doc_date, [(year, quantity, value, unit, subject, verb)])
    ("到2025年，规模以上工业单位增加值能耗比2020年下降13.5%。", None,
     [(2025, "13.5%", 13.5, "%", "规模以上工业单位增加值能耗", "下降")]),
    ("力争到2027年，新能源汽车年销量达到1000万辆。", None, [(2027, "1000万辆", 1e7, "辆", "新能源汽车年销量", "达到")]),
    ("累计培育专精特新中小企业10万家以上。", None, [(None, "10万家以上", 1e5, "家", "专精特新中小企业", "累计培育")]),
    ("全国万元GDP能耗降低3%左右。", None, [(None, "3%左右", 3.0, "%", "全国万元GDP能耗", "降低")]),
    ("到2025年，数字经济核心产业增加值占比达到50%。", None, [(2025, "50%", 50.0, "%", "数字经济核心产业增加值占比", "达到")]),
    ("到2026年底，全市集成电路产业规模超过2000亿元。", None, [(2026, "2000亿元", 2e11, "元", "全市集成电路产业规模", "超过")]),
    ("到二〇三五年，全省新增光伏装机10GW以上。", None, [(2035, "10GW以上", 10.0, "GW", "光伏装机", "新增")]),
    ("到 2025 年，全市新增残疾人就业 800 人以上。", None, [(2025, "800人以上", 800.0, "人", "残疾人就业", "新增")]),
    ("到２０２５年，研发投入强度达到２．５％。", None, [(2025, "2.5%", 2.5, "%", "研发投入强度", "达到")]),
    ("到2025年，建设50所高水平学校和150个骨干专业。", None,
     [(2025, "50所", 50.0, "所", "高水平学校", "建设"), (2025, "150个", 150.0, "个", "骨干专业", "建设")]),
    ("力争城镇调查失业率控制在5.5%以内。", None, [(None, "5.5%以内", 5.5, "%", "城镇调查失业率", "控制在")]),
    ("到“十四五”末，培育国家级单项冠军企业20家。", None, [(2025, "20家", 20.0, "家", "国家级单项冠军企业", "培育")]),
    ("2025年前，建成5G基站2万个。", None, [(2025, "2万个", 2e4, "个", "5G基站", "建成")]),
    ("到2024年，全市累计建成充电桩五十万个。", "2023-05-01", [(2024, "五十万个", 5e5, "个", "充电桩", "累计建成")]),
    ("2025年，力争全社会研发投入强度达到2.9%。", "2025-03-01", [(2025, "2.9%", 2.9, "%", "全社会研发投入强度", "达到")]),
    ("到2025年，全省工业机器人密度达到每万人200台以上。", None,
     [(2025, "每万人200台以上", 200.0, "台", "全省工业机器人密度", "达到")]),
    ("到2025年，研发投入占比由2%提高至3%。", None, [(2025, "3%", 3.0, "%", "研发投入占比", "提高至")]),
    ("到2025年，培育10家以上百亿级企业，打造3个千亿级产业集群。", None,
     [(2025, "10家以上", 10.0, "家", "百亿级企业", "培育"), (2025, "3个", 3.0, "个", "千亿级产业集群", "打造")]),
    ("到2025年，新增规上工业企业100家、高新技术企业200家。", None,
     [(2025, "100家", 100.0, "家", "规上工业企业", "新增"), (2025, "200家", 200.0, "家", "高新技术企业", "新增")]),
    ("力争到2030年，氢燃料电池汽车推广应用1万辆左右。", None, [(2030, "1万辆左右", 1e4, "辆", "氢燃料电池汽车", "推广应用")]),
    ("到2025年底前，全市首批100个示范社区全面建成。", None, [(2025, "100个", 100.0, "个", "示范社区", "建成")]),
    ("2026年初步建成30个数字化车间。", "2025-01-01", [(2026, "30个", 30.0, "个", "数字化车间", "建成")]),
    ("到2025年，建立100个“双师型”教师培养基地。", None, [(2025, "100个", 100.0, "个", "“双师型”教师培养基地", "建立")]),
    ("到2032年，废气收集率和设施同步运行率分别达到90% 和95% 以上。", None,
     [(2032, "90%", 90.0, "%", "废气收集率", "达到"), (2032, "95%以上", 95.0, "%", "设施同步运行率", "达到")]),
    ("到2030年，园区新能源就地消纳比例不低于85%，重点领域标准制修订60项以上。", None,
     [(2030, "85%", 85.0, "%", "园区新能源就地消纳比例", "不低于"), (2030, "60项以上", 60.0, "项", "重点领域标准", "制修订")]),
]


@pytest.mark.parametrize("text, doc_date, expected", TARGET_POSITIVE)
def test_targets(text, doc_date, expected):
    ts = A.targets(doc(text), doc_date)
    assert [(t.year, t.quantity, t.value, t.unit, t.subject, t.verb) for t in ts] == expected
    for t in ts:
        shown = normalise(text[t.span.start:t.span.end])
        assert t.subject in shown and t.verb in shown and t.quantity in shown


def test_targets_in_a_goal_section_and_a_list_after_a_colon():
    blocks = [("title", "某市关于明确2024年重点工作的通知"), ("h2", "一、主要目标"),
              ("h4", "1.地区生产总值增长6%。"), ("h2", "二、重点任务"), ("h4", "1.生产总值增长9%的企业给予奖励。"),
              ("p", "到2027年，实现以下目标："), ("p", "——新增高新技术企业300家；"), ("p", "（二）研发投入强度提高到3%。"),
              ("p", "全年地区生产总值增长5.2%。")]
    ts = A.targets(blocks, "2024-02-01")
    assert [(t.span.block, t.year, t.subject, t.quantity) for t in ts] == [
        (2, 2024, "地区生产总值", "6%"), (6, 2027, "高新技术企业", "300家"), (7, 2027, "研发投入强度", "3%")]


TARGET_NEGATIVE = [
    ("本办法自2025年1月1日起施行。", None),
    ("依据《某法》第十二条第二款处理。", None),
    ("根据国发〔2024〕12号文件精神。", None),
    ("联系电话：0517-88886666。", None),
    ("对认定的企业给予最高50万元奖励。", None),
    ("按项目投资额的30%给予补助，最高不超过200万元。", None),
    ("按30%给予补助。", None),
    ("逾期不改正的，处2万元以上5万元以下的罚款。", None),
    ("截至2023年底，全国已累计培育专精特新中小企业1.2万家以上。", None),
    ("上半年全市规模以上工业增加值同比增长6.1%。", None),
    ("在职职工总数30人以下的企业暂免征收。", None),
    ("具有3年以上企业工作经历。", None),
    ("顶岗实习时间一般为6个月。", None),
    ("到2025年，打造一个平台。", None),
    ("排名前10名的企业优先推荐。", None),
    ("全市工业总产值达到2000亿元。", None),
    ("到2020年，全市新增企业100家以上。", "2024-01-01"),
    ("担保费率原则上不超过1%。", None),
    ("以全市7600多名持证残疾人为主要对象。", None),
    ("到2025年，累计成交量约4.4亿吨。", None),
    ("投资概算超过可行性研究报告投资估算10%的，应当报告。", None),
    ("到2025年，建成产值超过1000亿元的产业集群。", None),
    ("2023年，全市地区生产总值增长5%，新增企业300家。", "2024-01-01"),
    ("2023年，全市新增高新技术企业300家以上。", "2024-01-01"),
    ("2026年起，新建100个停车场。", "2025-01-01"),
    ("2026年，全市新增企业300家。", None),
    ("对年产值首次突破10亿元的企业，予以表彰。", None),
    ("年营业收入达到2000万元以上的企业可以申报。", None),
    ("项目总投资不低于5000万元。", None),
    ("单个项目最高支持500万元。", None),
    ("贷款贴息比例不超过50%。", None),
    ("每年安排专项资金1亿元。", None),
    ("到2025年，新增企业5—10家。", None),
    ("全市规上工业增加值同比增长12%以上。", None),
]


@pytest.mark.parametrize("text, doc_date", TARGET_NEGATIVE)
def test_no_targets(text, doc_date):
    assert A.targets(doc(text), doc_date) == ()


def test_no_targets_in_tables_titles_and_furniture():
    blocks = [("title", "到2025年新增企业100家以上的方案"), ("table", ""), ("note", "（到2025年新增企业100家以上）"),
              ("date", "2024年1月1日")]
    assert A.targets(blocks) == ()


# --- property tests: spans point at the fact's words, whatever PDF spaces and full-width digits ----

_SUBJECTS = ["新能源汽车年销量", "规模以上工业增加值", "数字经济核心产业占比", "高新技术企业", "研发投入强度"]
_VERBS = ["达到", "超过", "提高到", "增长", "突破", "累计达到", "不低于"]
_QUANTITIES = ["1000万辆", "13.5%", "10万家以上", "3%左右", "2000亿元", "50个", "1.5万吨"]
_FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _scramble(text: str, spaces: list[bool], fullwidth: bool) -> str:
    """The text with a space after some characters (as PDF extraction leaves them) and full-width digits."""
    if fullwidth:
        text = text.translate(_FW)
    return "".join(c + (" " if s else "") for c, s in zip(text, spaces + [False] * len(text)))


@settings(max_examples=300)
@given(st.sampled_from(["到2025年，", "力争到2027年，", "", "到二〇三〇年，"]), st.sampled_from(_SUBJECTS),
       st.sampled_from(_VERBS), st.sampled_from(_QUANTITIES), st.lists(st.booleans(), max_size=60), st.booleans())
def test_target_spans_hold_the_target_words(frame, subject, verb, quantity, spaces, fullwidth):
    sentence = f"{frame}{subject}{verb}{quantity}。"
    text = _scramble(sentence, spaces, fullwidth)
    ts = A.targets(doc(text))
    for t in ts:
        assert 0 <= t.span.start < t.span.end <= len(text)
        shown = normalise(text[t.span.start:t.span.end])
        assert t.subject in shown and t.verb in shown and t.quantity in shown
    if frame:                                      # a framed sentence of this form is always a target
        assert [(t.subject, t.quantity) for t in ts] == [(subject, normalise(quantity))]


@settings(max_examples=300)
@given(st.sampled_from(["本办法", "本规定", "第十条本条例", "本通知"]),
       st.sampled_from(["2025年1月1日", "二〇二五年三月一日", "2024年12月31日"]), st.sampled_from(["", "有效期5年", "有效期至2027年12月31日"]),
       st.sampled_from(["《甲办法》", "原《乙规定》（乙发〔2019〕3号）", "苏政发〔2020〕5号文件"]),
       st.lists(st.booleans(), max_size=80), st.booleans())
def test_validity_spans_hold_the_fact_words(prefix, date, period, repealed, spaces, fullwidth):
    sentence = f"{prefix}自{date}起施行" + (f"，{period}" if period else "") + f"。{repealed}同时废止。"
    text = _scramble(sentence, spaces, fullwidth)
    blocks = doc(text)
    v = A.validity(blocks, None, "某文件")
    assert v.commencement is not None and v.commencement.date is not None
    assert "施行" in normalise(at(blocks, v.commencement.span))
    assert (v.expiry is not None) == bool(period)
    if v.expiry:
        assert "有效期" in normalise(at(blocks, v.expiry.span))
    assert len(v.repeals) == 1
    c = v.repeals[0]
    shown = normalise(at(blocks, c.span))
    assert (c.title or "") in shown and (c.doc_number or "") in shown


@settings(max_examples=300)
@given(st.text(alphabet="到年月日第条款项一二三十百〇0123456789.%万亿元家个辆以上左右达到下降提高累计力争《》（）〔〕号，。；：的本办法自起施行废止有效期 　",
               max_size=80))
def test_every_span_is_inside_its_text_and_nothing_breaks(text):
    blocks = doc(text)
    v = A.validity(blocks, "2024-01-01", "某办法")
    facts = [f for f in (v.commencement, v.expiry, v.trial) if f] + list(v.repeals) + [a.citation for a in v.amends]
    facts += list(A.citations(text)) + list(A.targets(blocks))
    for f in facts:
        assert f.span.block in (0, -1) and 0 <= f.span.start <= f.span.end <= len(text)
    for t in A.targets(blocks):
        shown = normalise(text[t.span.start:t.span.end])
        assert t.subject in shown and t.verb in shown and t.quantity in shown
    for c in A.citations(text):
        shown = normalise(text[c.span.start:c.span.end])
        assert (c.doc_number or "") in shown or "号" in shown


# ======================================================================================================
# Status
# ======================================================================================================

_S = Span(0, 0, 1)
STATUS_CASES = [
    # (validity, today, repealed_by, expected)
    (Validity(), "2025-01-01", None, "未注明"),
    (Validity(commencement=Commencement("2025-01-01", "date", _S)), "2024-12-31", None, "尚未施行"),
    (Validity(commencement=Commencement("2025-01-01", "date", _S)), "2025-01-01", None, "现行有效"),
    (Validity(commencement=Commencement(None, "on_issue", _S)), "2025-01-01", None, "现行有效"),
    (Validity(expiry=Expiry("2027-12-31", None, _S)), "2027-12-31", None, "现行有效"),
    (Validity(expiry=Expiry("2027-12-31", None, _S)), "2028-01-01", None, "已到期"),
    (Validity(commencement=Commencement("2025-01-01", "date", _S), expiry=Expiry("2029-12-31", 5, _S)),
     datetime.date(2030, 1, 1), None, "已到期"),
    (Validity(commencement=Commencement("2025-01-01", "date", _S)), "2026-01-01", "some-other-doc", "已废止"),
    (Validity(), "2026-01-01", "", "已废止"),
    (Validity(expiry=Expiry(None, 5, _S)), "2026-01-01", None, "未注明"),
    (Validity(commencement=Commencement("2025-01-01", "date", _S)), datetime.datetime(2024, 12, 31, 23, 59), None, "尚未施行"),
]


@pytest.mark.parametrize("v, today, repealed_by, expected", STATUS_CASES)
def test_status(v, today, repealed_by, expected):
    assert A.status(v, today, repealed_by) == expected


# ======================================================================================================
# Records, script mode
# ======================================================================================================


def test_records_are_frozen_with_slots():
    t = A.targets(doc("到2025年，新增企业100家。"))[0]
    with pytest.raises(AttributeError):
        t.value = 1.0                                   # frozen
    assert not hasattr(t, "__dict__")                   # slots


def test_blocks_may_be_records():
    from converter.model import Block
    v = A.validity([Block("p", "本办法自2025年1月1日起施行。")], None, "某办法")
    assert v.commencement.date == "2025-01-01"


def test_script_mode(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text("某市停车管理办法（试行）\n第一条　为了规范管理，制定本办法。\n第二条　到2025年，新增停车位1万个。\n"
                 "第三条　本办法自2025年1月1日起施行，有效期3年。《某市停车办法》同时废止。\n", encoding="utf-8")
    assert A.main([str(f), "--today", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "commencement date 2025-01-01" in out and "expiry 2027-12-31" in out and "trial 试行" in out
    assert "repeals 某市停车办法" in out and "target 2025 | 停车位 | 新增 | 1万个" in out and "status=现行有效" in out
    assert json.loads(out.strip().splitlines()[-1])["targets"] == 1


# ======================================================================================================
# The corpus (../shared/corpus): invariants on real documents, figures that must not regress
# ======================================================================================================


@pytest.fixture(scope="module")
def corpus():
    index = CORPUS / "index.json"
    if not index.is_file():
        pytest.skip(f"no corpus: {CORPUS} is absent (real documents live outside the repository)")
    out = []
    for rec in json.loads(index.read_text(encoding="utf-8")):
        lines = (CORPUS / "docs" / f"{rec['id']}.txt").read_text(encoding="utf-8").splitlines()
        blocks = A.guess_blocks(lines, A._title_lines(lines, rec["title"]))
        out.append((rec, blocks))
    return out


def test_corpus_spans_and_anchors(corpus):
    for rec, blocks in corpus:
        ids = [a.id for a in A.anchors(blocks)]
        assert len(ids) == len(set(ids)), rec["id"]
        assert len(ids) == sum(1 for k, t in blocks if t or k == "table"), rec["id"]
        for t in A.targets(blocks, rec["date"]):
            shown = normalise(blocks[t.span.block][1][t.span.start:t.span.end])
            assert t.subject in shown and t.verb in shown and t.quantity in shown, rec["id"]
        for c in A.document_citations(blocks):
            shown = normalise(blocks[c.span.block][1][c.span.start:c.span.end])
            if c.title:                             # an alias (《条例》) stands for the full title
                assert shown.startswith("《") or "号" in shown[:40] or shown.startswith("本"), (rec["id"], shown)
            else:
                assert c.article is not None or c.doc_number in shown or shown.startswith("第"), (rec["id"], shown)
            if c.article is not None:
                assert "条" in shown, (rec["id"], shown)


def test_corpus_validity_figures(corpus):
    """Commencements are read from policies only (interpretations and news quote their policy's), and
    from most 条例/规定 (which all print one)."""
    got = {rec["id"]: A.validity(blocks, rec["date"], rec["title"]) for rec, blocks in corpus}
    kinds = {rec["id"]: rec for rec, _ in corpus}
    assert all(kinds[i]["kind"] == "policy" for i, v in got.items() if v.commencement)
    regulations = [i for i, r in kinds.items() if r["doctype"] in ("条例", "规定") and not r["truncated"]]
    assert sum(got[i].commencement is not None for i in regulations) >= 0.9 * len(regulations)
    assert sum(bool(v.repeals) for v in got.values()) >= 3
