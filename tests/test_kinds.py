"""The kind of a document (policy, interpretation, news) and the policy an interpretation names
(converter/text/kinds.py, as extract uses it). Invented examples only."""
from __future__ import annotations

import pytest

from converter.model import Paragraph, Segment
from converter.stages import extract
from converter.text.kinds import interpretation_heading, named_policy, news_lead


def _doc(*texts: str, label: str | None = None, year: str = "2031"):
    paras = tuple(Paragraph(t, (n,), 1) for n, t in enumerate(texts, start=1))
    return extract.extract(Segment(paras, label=label), "x.txt", "c", year)


@pytest.mark.parametrize("head, want", [
    ("解读 | 某某办法的五个亮点", True),
    ("（4）《某某市数字车间培育办法》政策解读", True),           # behind the compiler's running number
    ("2.【某某局】《关于推进某某协同发展的指导意见》解读", True),   # behind a number and a bracketed issuer
    ("关于《某某省电梯安全管理办法》的解读说明", True),
    ("《某某促进条例》系列解读文章之三 条例的主要制度", True),
    ("营造公平环境——某某部负责人详解《某某投资条例》", True),
    ("某某总局有关司局负责人就《某某登记管理细则》进行解读", True),
    ("（9）一图读懂《某某市优化营商环境若干措施》", True),
    ("某某假日安排调整八问", True),
    ("某某省稳岗扩岗政策问答", True),
    ("某某部负责同志就《关于某某的通知》答记者问", True),
    ("某某省人民政府关于做好政策解读工作的通知", False),           # about interpretation work: a policy
    ("某某市人民政府办公室关于印发某某问题整改方案的通知", False),
    ("某某部出台新政推动某某产业发展", False),
    ("推动某某高质量发展——相关部门解读《关于推动某某发展的意见》", False),  # a wire report: its lead decides
])
def test_interpretation_heading(head, want):
    assert interpretation_heading(head) is want


@pytest.mark.parametrize("texts, want", [
    (["某某部出台新政", "新华社北京12月7日电 记者从某某部获悉，《某某办法》日前印发实施。"], True),
    (["某某办法修改公布", "据新华社北京 11 月 12 日电《某某决定》12日公布。"], True),
    (["两部门规范某某资金", "本报北京3月2日讯 记者从财政部获悉，两部门近日联合印发办法。"], True),
    (["某某工作启动", "本报讯 近日，某某工作正式启动。"], True),
    (["某某条例为农民工撑腰", "来源：某某网 2031-01-07 17:02", "某某网消息：1月7日，某某办举行吹风会。"], True),
    (["某某部召开电视电话会议", "2031-02-28 某某总局", "2月27日，某某总局召开电视电话会议，部署有关工作。"], True),
    (["多项法规今起实施", "11月1日是某某企业家日，多项法规今起正式实施。"], True),
    (["某某部组织推荐某某集群", "某某部近日印发通知，组织开展某某集群推荐工作。"], True),
    (["某某示范单位创建启动", "记者从某某省市场监督管理局获悉，创建工作日前启动。"], True),
    (["某某市数字车间培育办法", "第一条 为推动数字车间建设，制定本办法。"], False),
    (["关于某某的通知", "各区人民政府：", "近日，国务院办公厅印发了有关文件。"], False),   # an addressee first
    (["某某实施方案", "2031年5月1日起，本市实施某某方案。"], False),              # a date with its year
])
def test_news_lead(texts, want):
    assert news_lead(texts) is want


@pytest.mark.parametrize("texts, label, kind", [
    (["（4）《某某市数字车间培育办法》政策解读", "一、出台背景", "为推动数字车间建设，制定了《办法》。", "二、主要内容",
      "《办法》共九条。"], None, "interpretation"),   # 一、二、 headings as a policy has: the heading decides
    (["营造公平环境——某某部负责人详解《某某投资条例》", "新华社北京5月6日电 题：营造公平环境",
      "日前，《某某投资条例》公布。某某部负责人就《条例》有关问题作了解读。"], None, "interpretation"),
    (["某某部出台新政推动某某产业发展", "新华社北京12月7日电 记者从某某部获悉，《某某办法》日前印发实施。",
      "有关负责人表示，将加强跟踪问效。"], None, "news"),
    (["推动某某高质量发展——相关部门解读《关于推动某某发展的意见》", "新华社北京11月9日电 题：推动某某高质量发展",
      "某某部有关负责人介绍了意见的主要内容。"], None, "news"),
    (["某某示范单位创建启动", "来源：某某日报", "记者从某某局获悉，创建工作日前启动。"], "【政策动态】", "news"),
    (["某某省人民政府关于做好政策解读工作的通知", "某政发〔2031〕3号", "各市人民政府：", "近日，有关部门印发了文件。",
      "某某省人民政府", "2031年3月1日"], None, "policy"),
    (["某某市数字车间培育办法", "第一条 为推动数字车间建设，制定本办法。", "第二条 本办法适用于本市。"], None, "policy"),
    (["某某市数字车间培育办法问答", "问：什么是数字车间？", "答：是指……的车间。"], "【政策文件】", "interpretation"),
])
def test_document_kind(texts, label, kind):
    assert _doc(*texts, label=label).kind == kind


def test_a_report_without_the_year_prints_no_date():
    d = _doc("某某部召开电视电话会议", "2月27日，某某总局召开电视电话会议，部署有关工作。", "会议要求，抓好落实。")
    assert d.kind == "news" and d.date is None


@pytest.mark.parametrize("texts, want", [
    (["（4）《某某市数字车间培育办法》政策解读", "一、出台背景"], "某某市数字车间培育办法"),
    (["解读 | 《办法》的五个亮点", "省工信厅近日印发《某某省数字车间培育办法》（以下简称《办法》），明确了培育路径。"],
     "某某省数字车间培育办法"),                                  # a 简称 in the heading, read through 以下简称
    (["专家解读 | 数字车间的三个着力点", "某某厅印发的《某某省数字车间培育办法》（以下简称《办法》）抓住了关键。"],
     "某某省数字车间培育办法"),
    (["解读 | 《条例》的五个亮点", "《条例》明确了职责。"], "条例"),     # no 以下简称: the 简称 as printed
    (["某某总局负责人就《某某登记管理细则》进行解读", "为贯彻落实《某某登记管理条例》，制定了细则。"], "某某登记管理细则"),
])
def test_named_policy(texts, want):
    assert named_policy(texts[0], texts) == want
