"""Dates, issuers and titles extract reads from the shapes compilations print (issue 17), on invented
examples: 政策速览 entries, news datelines and source lines, 令 headers, notes under a title, press
conferences and 答记者问 leads, titles wrapped over lines."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from converter.model import Paragraph, Role, Segment  # noqa: E402
from converter.stages import extract  # noqa: E402
from converter.text.titles import quoted_from  # noqa: E402


def paras(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(t, (n,), 1) for n, t in enumerate(texts, start=1))


def doc(*texts, year="2031", last_month=None, digest=False, roles=None, label=None):
    seg = Segment(paras(*texts), digest=digest, roles=tuple(roles) if roles else (), label=label)
    return extract.extract(seg, "x.txt", "c", year, last_month)


# --- 政策速览 entries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("entry, title, issuers, date", [
    # the date with its year, one issuer
    ("2029年1月3日，国务院办公厅印发《国务院办公厅关于加快某某试点工作的通知》。该通知提出，加快试点。",
     "国务院办公厅关于加快某某试点工作的通知", ("国务院办公厅",), "2029-01-03"),
    # month and day only: the issue's year
    ("6月17日，临江市人民政府办公室发布《临江市人民政府办公室关于加快新型储能产业发展的通知》。该通知提出，…。",
     "临江市人民政府办公室关于加快新型储能产业发展的通知", ("临江市人民政府办公室",), "2031-06-17"),
    # two issuers joined by 、, the title quoting its inner title in 〈〉 (Chinese nesting): 《》 on its own
    ("2030年6月20日，中共北京市委、北京市人民政府发布《中共北京市委 北京市人民政府印发〈关于某某的实施意见〉的通知》。",
     "中共北京市委 北京市人民政府印发《关于某某的实施意见》的通知", ("中共北京市委", "北京市人民政府"), "2030-06-20"),
    # a body the vocabulary lacks, a title longer than 80 characters
    ("2028年3月5日，清河市数据局印发《清河市数据局关于组织开展二〇二八年度先进制造业"
     "集群培育对象申报推荐和跟踪评估服务工作有关事项的补充通知》。",
     "清河市数据局关于组织开展二〇二八年度先进制造业集群培育对象申报推荐和跟踪评估服务工作有关事项的补充通知",
     ("清河市数据局",), "2028-03-05"),
])
def test_digest_entry(entry, title, issuers, date):
    d = doc(entry, f"（源自：{issuers[0]}）", digest=True)
    assert (d.title, d.issuers, d.date) == (title, issuers, date)


def test_digest_entry_without_a_year_known_stays_undated():
    d = doc("6月17日，财政部印发《财政部关于某某资金管理的通知》。", "（源自：财政部）", year=None, digest=True)
    assert d.date is None and d.issuers == ("财政部",)


@pytest.mark.parametrize("text, at, want", [
    ("X印发《关于印发〈某某方案〉的通知》。", 3, "关于印发《某某方案》的通知"),
    ("《甲《乙》丙》后", 0, "甲《乙》丙"),
    # quoted twice over: the outer inner marks are the title's 《》, the inner ones stay 〈〉
    ("X发布《关于印发〈贯彻落实〈某某法〉的方案〉的通知》", 3, "关于印发《贯彻落实〈某某法〉的方案》的通知"),
    ("X发布《关于印发〈贯彻落实《某某法》的方案〉的通知》", 3, "关于印发《贯彻落实〈某某法〉的方案》的通知"),
    ("《未闭合", 0, None),
    ("没有书名号", 0, None),
])
def test_quoted_from(text, at, want):
    assert quoted_from(text, at) == want


# --- news: datelines, source lines -------------------------------------------------------------------


@pytest.mark.parametrize("lead, want", [
    ("新华社北京1月26日电 国务院总理日前签署国务院令，公布修订后的《某某规定》。", ("新华社",)),
    ("据新华社北京11月12日电《国务院关于修改〈某某办法〉的决定》12日公布。", ("新华社",)),
    ("中新网5月13日电 据某某网站消息，会议总结前期工作。", ("中国新闻网",)),
    ("人民网北京1月22日电 （记者 某某）日前，某某通知印发。", ("人民网",)),
    ("据新华社消息，《某某办法》12日公布。", ("新华社",)),
    ("本报北京3月2日讯 记者从财政部获悉，《某某办法》印发。", ("财政部",)),   # 本报 names no outlet
])
def test_news_issuer_from_its_dateline(lead, want):
    d = doc("某某工作取得新进展", lead, "会议要求，各地抓好落实。", roles=[Role.DOC_TITLE, Role.BODY, Role.BODY],
            label="【相关新闻】")
    assert d.issuers == want


@pytest.mark.parametrize("line, issuers, published", [
    ("2030-01-23 13:05:46 来源：人民网", ("人民网",), "2030-01-23"),
    ("来源：央视网 2030-01-07 17:02", ("央视网",), "2030-01-07"),
    ("2030-02-28 国家市场监督管理总局", ("国家市场监督管理总局",), "2030-02-28"),
    ("2030-02-28国家市场监督管理总局", ("国家市场监督管理总局",), "2030-02-28"),   # the space lost
    ("2030-10-26 11:22:23 市场监管总局网站", ("国家市场监督管理总局",), "2030-10-26"),   # a known body's site
])
def test_news_issuer_and_date_from_a_source_line(line, issuers, published):
    d = doc("某某工作电视电话会议召开", line, "会议研究部署有关工作。", "会议要求，各地抓好落实。",
            roles=[Role.DOC_TITLE, Role.META, Role.BODY, Role.BODY], label="【相关新闻】")
    # the page's date is its 发布日期 (`published`), no 成文日期 (`date`)
    assert (d.kind, d.issuers, d.date, d.published) == ("news", issuers, None, published)


@pytest.mark.parametrize("name, want", [
    ("人民网", ["人民网"]), ("中新网", ["中国新闻网"]), ("教育部网站", ["教育部"]), ("市场监管总局网站", ["国家市场监督管理总局"]),
    ("泽普县市场监督管理局", ["泽普县市场监督管理局"]),
    ("省政府网站", []), ("部门网站", []), ("中国政府网", []),   # which province, which department: not said
])
def test_publisher(name, want):
    assert extract.publisher(name, True) == want


def test_news_issuer_from_a_compilers_bracket():
    d = doc("3.【新华社】某某条例公布", "会议要求，各地抓好落实。", roles=[Role.DOC_TITLE, Role.BODY], label="【相关新闻】")
    assert (d.kind, d.title, d.issuers) == ("news", "某某条例公布", ("新华社",))


@pytest.mark.parametrize("lead, issuers", [
    ("日前，临江市人民政府印发《关于促进某某产业高质量发展的实施意见》，明确到2034年…。", ("临江市人民政府",)),
    ("近日，财政部、工业和信息化部联合印发《某某资金管理办法》，对…作出规定。", ("财政部", "工业和信息化部")),
    # a sentence that names no body before 印发
    ("今年以来，各地陆续印发《某某方案》，推动…。", ()),
])
def test_news_issuer_from_its_opening_sentence(lead, issuers):
    d = doc("某某市出台某某发展实施意见 到2034年产业规模突破300亿元", lead, "《实施意见》提出，…。",
            roles=[Role.DOC_TITLE, Role.BODY, Role.BODY], label="【相关新闻】")
    assert (d.kind, d.issuers) == ("news", issuers)


@pytest.mark.parametrize("texts, kind, issuers", [
    # a report the compiler credits to a body, copied from an outlet: the body (the 来源 names the copy's source)
    (("8.【财政部】两部门印发管理办法 规范某某资金使用", "来源：新华社",
      "本报北京3月2日讯 记者从财政部获悉，财政部、工业和信息化部近日联合印发《某某办法》。", "《办法》明确，…。"),
     "news", ("财政部",)),
    # the compiler credits an outlet, the copy came from another
    (("4.【红星新闻】某某假期安排来了，春节连休9天！", "来源：经济日报", "11月4日，某某安排的通知发布。", "根据通知，…。"),
     "news", ("红星新闻",)),
    # an interpretation: the body the compiler's heading names, not the outlet it was copied from
    (("5.【北京市人民政府办公厅】《北京市某某若干措施》解读", "来源：人民日报", "现就《若干措施》解读如下：",
      "一、出台背景", "某某。", "二、主要内容", "某某。"),
     "interpretation", ("北京市人民政府办公厅",)),
    # the heading's 四部门 named in the lead, not the body of the compiler's bracket
    (("3.【司法部】四部门负责人就《某某用水条例》答记者问", "来源：省政府网站",
      "3月9日，国务院总理签署第776号国务院令，公布《某某用水条例》。日前，司法部、水利部、住房城乡建设部、国家发展改革委负责人就《条例》"
      "有关问题回答了记者提问。", "问：请简要介绍出台背景。", "答：某某。"),
     "interpretation", ("司法部", "水利部", "住房和城乡建设部", "国家发展和改革委员会")),
    # the same under a page's meta lines
    (("4.【司法部】四部门负责人就《某某用水条例》答记者问", "发布时间：2031年3月22日", "来源：新华社", "2031-03-22",
      "日前，司法部、水利部负责人就《条例》有关问题回答了记者提问。", "问：请简要介绍出台背景。"),
     "interpretation", ("司法部", "水利部")),
    # a dateline still names the outlet that wrote it, over the compiler's bracket
    (("3.【商务部】某某新政出台", "新华社北京5月9日电 商务部日前印发通知，…。"), "news", ("新华社",)),
])
def test_compilers_bracket_over_a_source_line(texts, kind, issuers):
    d = doc(*texts, roles=[Role.DOC_TITLE] + [Role.BODY] * (len(texts) - 1))
    assert (d.kind, d.issuers) == (kind, issuers)


# --- policies: 令 headers, notes under the title, titles naming bodies --------------------------------


@pytest.mark.parametrize("header, number, issuers", [
    ("中华人民共和国国务院令", "第901号", ("国务院",)),
    ("临江市人民政府令", "第 12 号", ("临江市人民政府",)),
])
def test_order_header_names_the_issuer(header, number, issuers):
    d = doc(header, number, "《某某管理条例》已经常务会议通过，现予公布，自2031年5月1日起施行。", "市长　某某",
            "2031年3月2日", "某某管理条例", "第一条 为了规范某某管理，制定本条例。")
    assert (d.issuers, d.date, d.title) == (issuers, "2031-03-02", "某某管理条例")


def test_order_title_wrapped_over_two_lines():
    d = doc("临江市人民政府令", "第12号", "《临江市公共区域视频图像信息系统管理办法》已经市政府常务会议审议通过，现予发布。",
            "市长　某某", "2031年3月2日", "临江市公共区域视频图", "像信息系统管理办法", "第一条 为了规范管理，制定本办法。")
    assert d.title == "临江市公共区域视频图像信息系统管理办法"


@pytest.mark.parametrize("note, issuers, date", [
    # passed by a people's congress standing committee: its name without the 第N届
    ("（2030年6月23日清河市第十五届人民代表大会常务委员会第三十二次会议通过）",
     ("清河市人民代表大会常务委员会",), "2030-06-23"),
    # passed, then approved by the province: the date it was approved
    ("（2030年12月10日清河市第十七届人民代表大会常务委员会第二十四次会议通过　2031年1月21日某某省第十三届人民代表大会"
     "常务委员会第三十三次会议批准）", ("清河市人民代表大会常务委员会",), "2031-01-21"),
])
def test_note_under_the_title(note, issuers, date):
    d = doc("清河市某某条例", note, "第一章　总则", "第一条 为了规范某某工作，制定本条例。")
    assert (d.issuers, d.date) == (issuers, date)


def test_note_glued_to_the_text_under_it():
    d = doc("清河市某某条例", "（2030年6月23日清河市第十五届人民代表大会常务委员会第三十二次会议通过）第一条 为了规范某某工作，制定本条例。")
    assert (d.issuers, d.date) == (("清河市人民代表大会常务委员会",), "2030-06-23")


@pytest.mark.parametrize("title, issuers", [
    ("清河市人民政府关于持续深化某某改革的实施意见", ("清河市人民政府",)),          # a body the vocabulary lacks
    ("临江市人大常委会办公厅关于某某条例公开征求意见的公告", ("临江市人大常委会办公厅",)),
    ("财政部 工业和信息化部关于印发《某某资金管理办法》的通知", ("财政部", "工业和信息化部")),
])
def test_title_names_the_issuers(title, issuers):
    d = doc(title, "各有关单位：", "现将有关事项通知如下。")
    assert d.issuers == issuers


def test_announcement_number_names_the_issuer():
    d = doc("2031年某某商品进口允许量申领条件和申请程序", "商务部公告2031年第4号", "根据有关规定，现将有关事项公告如下。")
    assert d.issuers == ("商务部",)


@pytest.mark.parametrize("texts, title", [
    (("某某省人民政府关于同意某某开发区加挂某某园区牌子", "的批复", "某某市人民政府："), "某某省人民政府关于同意某某开发区加挂某某园区牌子的批复"),
    (("某某部负责人就《某某条例》答记者", "问", "问：请介绍出台背景。"), "某某部负责人就《某某条例》答记者问"),
    # a quoted title that ends in a 文种 word, and 解读 on the line under it
    (("《关于推进某某与储能协同发展的指导意见》", "解读", "一、出台背景", "某某。", "二、主要内容", "某某。"),
     "《关于推进某某与储能协同发展的指导意见》解读"),
])
def test_wrapped_title_tail(texts, title):
    assert doc(*texts).title == title


@pytest.mark.parametrize("head, roles, title", [
    # a running number before a title that opens with a year; the labeller says it is the title
    ("1. 2031年某某进口允许量申领条件、分配原则及相关程序", [Role.DOC_TITLE, Role.DOC_NUMBER, Role.BODY],
     "2031年某某进口允许量申领条件、分配原则及相关程序"),
    ("（5）2031年某某进口允许量申领条件、分配原则及相关程序", [Role.DOC_TITLE, Role.DOC_NUMBER, Role.BODY],
     "2031年某某进口允许量申领条件、分配原则及相关程序"),
    # the rules took the item's head for the title
    ("1. 2031年某某进口允许量申领条件、分配原则及相关程序", None, "2031年某某进口允许量申领条件、分配原则及相关程序"),
    # a headline ending in ！, the labeller's title
    ("（4）2031年放假日历来了，春节连休9天！", [Role.DOC_TITLE, Role.BODY, Role.BODY], "2031年放假日历来了，春节连休9天！"),
    # a number with a decimal is the title's own
    ("1.5倍补贴政策某某实施细则", [Role.DOC_TITLE, Role.DOC_NUMBER, Role.BODY], "1.5倍补贴政策某某实施细则"),
])
def test_running_number_before_a_year_is_no_title(head, roles, title):
    assert doc(head, "商务部公告2031年第4号", "根据《某某条例》，商务部制定了某某程序，现予公布。", roles=roles).title == title


def test_wrapped_interpretation_heading_gives_the_kind():
    d = doc("《某某基金使用监督管理条例》国务院政策例行吹", "风会", "主持人：", "女士们、先生们，大家上午好。欢迎出席国务院政策例行吹风会。",
            roles=[Role.DOC_TITLE, Role.DOC_TITLE, Role.BODY, Role.BODY])
    assert (d.title, d.kind) == ("《某某基金使用监督管理条例》国务院政策例行吹风会", "interpretation")


@pytest.mark.parametrize("head", ["3. 两部门印发管理办法 规范某某资金使用", "3.【财政部】两部门印发管理办法 规范某某资金使用"])
def test_running_number_is_no_title(head):
    assert doc(head, "本报北京3月2日讯 记者从财政部获悉，财政部、工业和信息化部近日联合印发《某某办法》。").title \
        == "两部门印发管理办法 规范某某资金使用"


def test_report_sentence_is_no_official_title():
    d = doc("（7）专家解读 | 以梯度培育推动某某由点及面", "江苏省工业和信息化厅近日印发《江苏省某某梯度培育实施方案》",
            "，提出三个层级的培育目标。", "（作者系某某专家咨询委员会委员）")
    assert d.title == "专家解读 | 以梯度培育推动某某由点及面" and d.heading is None


def test_bracketed_issuer_prefix_is_no_title():
    assert doc("4.【市场监管总局】《某某条例》系列解读文章之四", "来源：部门网站", "一、背景", "二、内容").title \
        == "《某某条例》系列解读文章之四"


# --- interpretations: press conferences, 答记者问 leads ----------------------------------------------


@pytest.mark.parametrize("texts, issuers, date", [
    # the host, and the officials it invited
    (("国务院新闻办公室就《关于某某的意见》举行国务院政策例行吹风会", "时间：2031年4月2日（星期五）上午10时", "主持人：",
      "女士们、先生们，大家上午好。今天我们邀请国家发展改革委有关负责同志，介绍《意见》有关情况。"),
     ("国务院新闻办公室", "国家发展和改革委员会"), "2031-04-02"),
    # a fixed host the heading does not name
    (("《某某条例》国务院政策例行吹风会", "主持人：", "女士们、先生们，今天我们非常高兴邀请到国家医保局副局长某某先生。"),
     ("国务院新闻办公室", "国家医疗保障局"), None),
    # a general office speaks for itself
    (("全国人大常委会办公厅举行新闻发布会", "时间：2031年9月13日（星期五）下午3时", "地点：某某厅"),
     ("全国人民代表大会常务委员会办公厅",), "2031-09-13"),
])
def test_press_conference(texts, issuers, date):
    d = doc(*texts)
    assert (d.kind, d.issuers, d.date) == ("interpretation", issuers, date)


def test_answering_officials_in_the_lead():
    d = doc("四部门负责人就《某某条例》答记者问", "2031-03-22",
            "3月9日，国务院总理某某签署国务院令，公布《某某条例》。日前，司法部、水利部负责人就《条例》的有关问题回答了记者提问。",
            "问：请简要介绍一下《条例》的出台背景。")
    # no date of its own but the page's date line (its 发布日期), not the signing the lead reports
    assert (d.issuers, d.date, d.published) == (("司法部", "水利部"), None, "2031-03-22")


def test_unknown_body_speaks():
    d = doc("清河市工业和信息化局有关负责人就《清河市某某实施方案》答记者问", "问：为什么要出台《方案》？")
    assert d.issuers == ("清河市工业和信息化局",)


# --- dates without a year ------------------------------------------------------------------------------


@pytest.mark.parametrize("last_month, want", [
    (None, "2031-08-02"),   # the issue covers the year
    (8, "2031-08-02"),      # an issue of 2031年8月
    (12, "2031-08-02"),
    (2, None),              # an issue of 2031年2月: 8月2日 is of an earlier year the text does not give
])
def test_opening_month_day_takes_the_issues_year_only_when_unambiguous(last_month, want):
    d = doc("某某部召开新闻发布会介绍《某某措施》", "8月2日，某某部召开新闻发布会，介绍《某某措施》有关情况。",
            "有关负责人表示，下一步将抓好落实。", last_month=last_month)
    assert d.date == want


def test_page_date_over_the_opening_date():
    # a report's page date is its date; the day its opening reports (a meeting the day before) is none
    d = doc("某某工作电视电话会议召开", "2030-02-28 国家市场监督管理总局", "2月27日，市场监管总局召开电视电话会议，部署有关工作。",
            label="【相关新闻】", last_month=12)
    assert (d.date, d.published) == (None, "2030-02-28")


def test_signing_date_is_not_the_items_date():
    d = doc("司法部负责人就《某某条例》答记者问", "2031年1月15日，国务院总理某某签署第735号国务院令，公布《某某条例》。",
            "问：请简要介绍一下《条例》的出台背景。")
    assert d.date is None
