"""Every regular expression of the converter, named and commented, in one place.

Stages import the names they need; no other module compiles a pattern of its own.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

# --- character classes (strings, to compose patterns) -------------------------------------------

#: One CJK ideograph (basic block plus extension A) or the ideographic zero 〇.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\u3007"
#: Chinese numerals as used in 一、 and （一） headings and in 第五九四号.
CN_NUM = r"一二三四五六七八九十百零〇两"
#: Vertical separators compilers put after 解读 / 专家解读: ASCII bar, 丨 (U+4E28), full-width bar.
BAR = "|丨｜"

# --- cleaning -------------------------------------------------------------------------------------

#: Spaces the PDF put between two characters that are not both Latin letters/digits of one word:
#: `2024 年 7 月` → `2024年7月`, `〔2024〕39 号` → `〔2024〕39号`. Applied around CJK, digits and
#: full-width punctuation only; a space between two CJK words (`中共中央 国务院`) is kept, and so is
#: the space before a telephone number (7 digits or more, or an area code and a hyphen:
#: `联系人：李某 18900000000`, `王某 010-68200000`), which separates a name from its number.
SPACE_AROUND_DIGIT = re.compile(rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef])[ \t\u3000]+(?=\d)(?!\d{{7}}|0\d{{2,3}}[-－])|(?<=\d)[ \t\u3000]+(?=[{CJK}\u3000-\u303f\uff00-\uffef])")
#: Spaces before closing / after opening full-width punctuation, and around 、，。 etc.
SPACE_AROUND_PUNCT = re.compile(r"[ \t\u3000]+(?=[，。、；：！？）》〕】”’」』,.;:!?)])|(?<=[（《〔【“‘「『(，。、；：！？])[ \t\u3000]+")
#: Runs of horizontal white space (ASCII space, tab kept separately, ideographic space, NBSP).
HSPACE = re.compile(r"[ \u3000\u00a0\u2002-\u200a]+")
#: Zero-width characters that PDF extraction leaves behind.
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
#: Characters no policy text needs and that change what a reader sees: control characters (C0 but tab,
#: C1, DEL: a NUL reached the HTML and the search index) and the bidirectional controls (U+202A–U+202E
#: embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks: an override in a
#: title reversed the 文号 and date printed next to it in index lists). Cleaning removes them (and
#: counts them for the conversion report).
INVISIBLE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: The bidirectional controls among INVISIBLE_CONTROL (reported apart: they are never accidental).
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: A line `clean.normalise` may change: white space (what `str.strip` and `\s` count), a zero-width
#: character or an INVISIBLE_CONTROL. Most lines of Chinese text have none, and are their own normal form.
NORMALISABLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: One character that Chinese text is made of beyond ASCII: CJK ideographs, CJK punctuation (U+3000–
#: U+303F), full-width forms (U+FF00–U+FFEF), general punctuation (U+2000–U+206F), Kangxi radicals and
#: compatibility ideographs that PDF fonts map to, bullets and box signs (U+25A0–U+25FF).
CJK_OR_PUNCT = re.compile(rf"[{CJK}\u2e80-\u2fdf\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u25a0-\u25ff\u00b7\u00d7]")
#: Control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) other than tab, line feed,
#: form feed and carriage return: binary decoded by luck has many.
CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

# --- page furniture (running headers/footers, page numbers, stray links) ------------------------

#: A page number alone on a line: `12`, `- 12 -`, `第 12 页`, `12 / 88`.
PAGE_NUMBER = re.compile(r"^(?:[-－—–]\s*)?\d{1,4}(?:\s*[-－—–])?$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$")
#: The page number at the end of a footer line that says more (`中国重型机械工业协会 编 7`,
#: `政策汇编（2024年8月）总第6期 7`): a number set apart by a space at the end.
TRAILING_PAGE_NUMBER = re.compile(r"\s(?P<n>\d{1,4})$")
#: Publisher imprint footer: `中国重型机械工业协会 编` optionally followed by a page number.
IMPRINT_FOOTER = re.compile(rf"^[{CJK}（）()]{{2,30}}\s*编\s*\d{{0,4}}$")
#: Running title footer: `政策汇编（2024年 8月）总第 6期`.
RUNNING_TITLE = re.compile(r"^.{0,12}政策(?:汇编|速览)\s*[（(].{2,20}[）)]\s*(?:总第\s*\d+\s*期)?\s*\d{0,4}$")
#: Editor credit: `■责任编辑：…`.
EDITOR_CREDIT = re.compile(r"^[■□◆●]?\s*(?:责任编辑|编辑|校对|审核)\s*[:：]")
#: Stray link from the PDF's producer: `file:///C:/…`, `http://…` alone on a line.
STRAY_URL = re.compile(r"^(?:file|https?)://\S*$", re.I)
#: The rest of a stray link a PDF wrapped onto the next line (`wps`, `/a/b.html`): printable ASCII, no space.
#: No title or sentence of a Chinese compilation is that.
URL_TAIL = re.compile(r"^[\x21-\x7e]{1,80}$")
#: A digit run, to compare lines that differ only in their page numbers.
DIGITS = re.compile(r"\d+")

# --- tables ---------------------------------------------------------------------------------------

#: A table cell opened by a serial number glued to the next cell's text (`3开办某事`: the tab between
#: 序号 and 名称 lost in extraction). Not a quantity: no unit, 年 or % after the digits.
SERIAL_GLUED = re.compile(r"^(?P<n>\d{1,3})(?![\d.．、,，:：%％年月日时个项次万亿元千百度倍])(?P<rest>[^\d\s].*)$")

# --- cover and table of contents ----------------------------------------------------------------

#: The TOC heading: `目 录`, `目录`.
TOC_HEADING = re.compile(r"^目\s*录$")
#: A TOC entry: optional running number, title, leader (dots, ellipses, middle dots, tab or
#: nothing when the page number is glued to the title), page number at the end.
TOC_ENTRY = re.compile(
    r"^(?:(?P<num>\d{1,3})\s*[.．、]\s*)?(?P<title>.*?[^\d\s.．…·])[\s.．…·]*(?P<page>\d{1,3})$"
)
#: The end of a TOC entry set with a dot leader: `……的通知 ........ 12`, `…………12`.
TOC_LEADER_END = re.compile(r"(?:(?:[.．·]\s*){3,}|…\s*)\d{1,3}$")
#: Issue number on a cover or footer: `总第 18 期`.
ISSUE_NO = re.compile(r"总第\s*(?P<n>\d+)\s*期")
#: Period on a cover: `(2025年8月)`, `2024年第一季度`, `2023年11—12月`, `2024年4月`.
PERIOD = re.compile(rf"(?P<p>\d{{4}}\s*年\s*(?:第[{CN_NUM}\d]季度|\d{{1,2}}\s*(?:[—–-]\s*\d{{1,2}}\s*)?月))")
#: The start of a normalised period (`2025年8月`, `2024年第一季度`, `2023年11—12月`, `2024年`): year,
#: first month or quarter — for issue ids and ordering issues in time.
PERIOD_START = re.compile(r"(?P<year>\d{4})年(?:(?P<month>\d{1,2})|第(?P<quarter>[一二三四1-4])季度)?")
#: Who holds a press conference: `国家发展改革委举行专题新闻发布会`, `国新办举行…吹风会`.
CONFERENCE_HOST = re.compile(r"^(?P<who>[^《》，。]{2,40}?)(?:召开|举行|举办)[^《》]{0,12}(?:新闻发布会|发布会|吹风会)")
#: A publisher's name on a cover: an organisation name ending in an association-like word.
PUBLISHER = re.compile(rf"^(?P<name>[{CJK}]{{2,30}}(?:协会|联合会|商会|促进会|研究会|学会|联盟|中心))(?:\s*编)?$")
#: A compilation title line on the cover.
COMPILATION_TITLE = re.compile(rf"^(?P<t>(?:\d{{4}}\s*年.{{0,8}})?[{CJK}\s]{{0,10}}政策(?:汇编|速览))$")

# --- documents: titles, numbers, dates ----------------------------------------------------------

#: 发文字号 with bracketed year: `国办发〔2024〕39号`, `工信厅通装（2024）42号`, `法释[2024]11号`.
#: The prefix is 1–14 CJK characters (agency abbreviation + 发/函/字…).
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{CJK}A-Za-z]{{1,14}})\s*(?P<open>[〔\[［（(【])\s*(?P<year>(?:19|20)\d\d)\s*[〕\]］）)】]\s*(?P<num>\d{{1,5}})\s*号"
)
#: DOC_NUMBER from its opening bracket on (`〔2024〕39号`): every 文号 contains one. It starts with a
#: bracket, so the engine skips to brackets quickly, where DOC_NUMBER tries its prefix at every
#: character of a body (extract.doc_numbers looks for this first, then for the prefix before it).
DOC_NUMBER_TAIL = re.compile(r"[〔\[［（(【]\s*(?:19|20)\d\d\s*[〕\]］）)】]\s*\d{1,5}\s*号")
#: The most characters a DOC_NUMBER prefix has (its `{1,14}`).
DOC_NUMBER_PREFIX_MAX = 14
#: 公告/令 number: `2024年第20号`, `国家知识产权局公告第五九四号`, `民政部令第69号`.
ANNOUNCEMENT_NUMBER = re.compile(
    rf"(?P<prefix>[{CJK}]{{0,16}}(?:公告|令))?\s*(?P<year>(?:19|20)\d\d\s*年\s*)?第\s*(?P<num>[\d{CN_NUM}]{{1,6}})\s*号"
)
#: A line that is nothing but a 文号, bare or in brackets: `（苏政办发〔2024〕10号）`. (Asked of nearly
#: every line: the lookahead fails a line without 号 in one scan, 3× faster than the lazy prefix.)
DOC_NUMBER_LINE = re.compile(r"^(?=[^号]*号)[（(]?\s*(?P<body>[^（()）]{0,30}?(?:〔|\[|［|（|\(|【)\s*\d{4}\s*(?:〕|\]|］|）|\)|】)\s*\d{1,5}\s*号|[^（()）]{0,20}第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*号)\s*[）)]?$")
#: A date written with digits: `2024年7月31日`, `2024 年 7 月 31 日`.
DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
#: A date written in Chinese numerals: `二〇二四年三月五日`.
DATE_CN = re.compile(rf"(?P<y>[〇零一二三四五六七八九○Ｏ]{{4}})年(?P<m>[{CN_NUM}]{{1,3}})月(?P<d>[{CN_NUM}]{{1,3}})日")
#: ISO-like date: `2024-07-31`, `2024.7.31`, `2024/7/31`.
DATE_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
#: A field of a source or meta line that names where and when a document was published: `来源：央视网
#: 2020-01-07 17:02`, `2019-05-06 14:48:41 来源： 新华网`, `来源：省政府新闻办 发布时间：2023-08-01`,
#: `发布日期：2024年7月30日` (group `when`: a 发布时间/发布日期 field, whose date is the one to read).
PUBLICATION_FIELD = re.compile(r"[【\[]?(?:信息来源|来源|(?P<when>发布时间|发布日期))[】\]]?\s*[:：]")
#: A line that is only a date, possibly bracketed: the date of a signature block.
DATE_LINE = re.compile(rf"^[（(]?\s*(?:(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[〇零一二三四五六七八九○Ｏ]{{4}}年[{CN_NUM}]{{1,3}}月[{CN_NUM}]{{1,3}}日)\s*[）)]?$")
#: `（此件公开发布）`, `（此件主动公开）`, `（此件不公开）`: closes a document's signature.
PUBLICATION_NOTE = re.compile(r"^[（(]此件[^（()）]{2,12}[）)]$")
#: A photo's caption or credit: `图为…`, `▲ 图为…`, `图1 …`, `（资料图片）`, `（记者 某某 摄）`, `…本刊记者 摄`. Kept
#: with the text; never a title.
PHOTO_CAPTION = re.compile(r"^(?:▲\s*)?图为|^图\s*\d+\s|[（(](?:资料图片|资料照片|[^（()）]{0,20}摄)[）)]$|\s摄$")
#: A note wholly in brackets that opens with a field's name and its colon: `（作者单位：某研究院…）`,
#: `（作者：…）`, `（责任编辑：…）`, `（来源：…）`. It closes an article; it never begins a title.
BRACKETED_FIELD_NOTE = re.compile(r"^[（(][^（()）:：]{1,8}[:：][^（()）]{1,60}[）)]$")
#: A compiler's bracketed remark on its own line: `（本文有删减）`, `（有删节）`, `（节选）`, `（摘编）`.
EDITOR_NOTE = re.compile(r"^[（(](?:本文|全文|原文|内容)?(?:有)?(?:删减|删节|节选|摘编|摘录|略有删改)[）)]$")
#: A signature printed on one line with its date: `工业和信息化部办公厅 2024年7月9日`. (The lookahead
#: fails a line not ending in 日 before the lazy issuer part tries every length: 2.7× faster.)
SIGNATURE_DATE_LINE = re.compile(
    rf"^(?=.*日$)(?P<orgs>[{CJK}][{CJK}、 ]{{1,60}}?)\s*(?P<date>(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)$")
#: A 令 header over a regulation: `中华人民共和国国务院令`, `国家发展和改革委员会令`, `民政部令`.
ORDER_HEADER_LINE = re.compile(rf"^[{CJK}]{{2,30}}令$")
#: The 令 number under it: `第 798 号`, `2024年第20号`.
ORDER_NUMBER_LINE = re.compile(rf"^(?:(?:19|20)\d\d\s*年\s*)?第\s*[\d{CN_NUM}]{{1,6}}\s*号$")
#: A promulgation note under a title: `（民政部令第69号……2024年1月8日公布，自…起施行）`.
PROMULGATION_NOTE = re.compile(r"^[（(][^（()）]{0,80}(?:通过|公布|发布|施行|令第)[^（()）]{0,120}[）)]$")
#: `…1月8日公布`, `2024年1月8日发布`: the date a note says the text was published (year optional).
PUBLISHED_ON = re.compile(r"(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:公布|发布|印发)")
#: An opening `7月25日下午，` or `2024年7月25日，` that dates a report or a press conference.
OPENING_DATE = re.compile(r"^(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:上午|下午|晚间|晚)?\s*[，,]")
#: A month-day date at the start of a 政策速览 entry: `11月2日，`, `12月 26日，`.
DIGEST_ENTRY = re.compile(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*[，,]")
#: The date opening a 政策速览 entry, with or without its year (`2019年1月1日，`, `11月2日，`). Extract reads
#: it; DIGEST_ENTRY (month-day only) is what segment looks for.
DIGEST_DATE = re.compile(r"^(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*[，,]")
#: Who issues what in a 政策速览 entry, after its date: `国务院办公厅印发《`, `财政部、工业和信息化部联合发布《`
#: (`who`: the issuers; the 《 that opens the title ends the match).
DIGEST_ISSUING = re.compile(r"(?P<who>[^《》，。；：]{2,80}?)\s*(?:近日|日前)?\s*(?:联合)?(?:印发|发布|出台|公布|转发|修订|批复|制定)了?\s*《")
#: The source note that closes a 政策速览 entry: `（源自：工业和信息化部）`.
DIGEST_SOURCE = re.compile(r"[（(]\s*源自\s*[:：]\s*(?P<src>[^（()）]+?)\s*[）)]\s*$")
#: A line that is only the tail of a wrapped title: `的通知`, `》的意见`, `通知`.
TITLE_TAIL = re.compile(r"^》?的?(?:通知|意见|决定|公告|通告|批复|复函|函|办法|方案|规定|细则)$")
#: A 《title》 in running text (outer angle brackets, nested 〈〉 allowed).
QUOTED_TITLE = re.compile(r"《(?P<t>[^《》]{2,80})》")

#: Words a document title ends with (文种), optionally followed by a bracketed qualifier such as
#: `（试行）` or `（2024—2027年）`. Longer words first.
TITLE_END = re.compile(
    r"(?:通知|意见|方案|办法|规定|决定|公告|通告|细则|指南|计划|纲要|规划|批复|复函|函|报告|条例|"
    r"措施|指引|清单|目录|标准|规则|要点|规范|答记者问|新闻发布会|发布会|问答|决议|命令|令|法|"
    r"行动|工程|倡议|公报|名单|解释|议案|通报|纪要|建议)"
    r"(?:[（(][^（()）]{1,16}[）)])?》?$"
)
#: A TOC entry printed without a leader, its page number right after the title's 文种: `…的通知3`, `…答记者问12`.
TOC_PAGE_AFTER_TITLE = re.compile(TITLE_END.pattern.removesuffix("$") + r"\s*\d{1,3}$")
#: Interpretation headings: `解读 | 《…》`, `专家解读之一丨…`, `解读一 …`, `政策解读：…`, `图解：…`.
INTERPRETATION_HEAD = re.compile(
    rf"^(?:(?:专家|政策|权威|深度|官方)?解读|图解|一图读懂)(?:之?[{CN_NUM}\d]{{1,3}})?\s*(?:[{BAR}:：]|\s)"
)
#: The number of a numbered interpretation, for ordering a policy's interpretations: `专家解读之二`,
#: `解读三`, `解读之1` (group `n`, Chinese or Arabic numerals).
INTERPRETATION_ORDINAL = re.compile(rf"解读\s*之?\s*(?P<n>[{CN_NUM}]{{1,3}}|\d{{1,2}})(?![{CN_NUM}\d]|部门|季度|月|年)")
#: `…负责同志就《…》答记者问`, `…负责人就…答记者问`, `…答记者问`.
PRESS_QA = re.compile(r"(?:答记者问|回答记者提问|接受.{0,8}采访)$")
#: A press conference heading.
PRESS_CONFERENCE = re.compile(r"(?:新闻发布会|发布会|吹风会)")
#: Who speaks about which policy: `国家发展改革委有关负责同志就《…》答记者问`.
SPEAKER_ON = re.compile(r"^(?P<who>.+?)(?:有关|相关)?(?:负责同志|负责人|司长|局长|主任).{0,6}就\s*《(?P<t>.+?)》")
#: The opening of such a title, maybe cut inside its 《 (`司法部、生态环境部负责人 就《碳排放权`): who speaks, 就, 《.
SPEAKER_OPENING = re.compile(r"^[^，。；《》]{2,40}?(?:负责同志|负责人|司长|局长|主任)\s*就\s*《")
#: Compiler headline: `国务院印发《…》`, `工信部等九部门联合印发《…》`, `…发布《…》`.
COMPILER_HEADLINE = re.compile(
    r"^(?P<who>[^《》]{2,60}?)\s*(?:近日|日前)?\s*(?:联合)?(?:印发|发布|出台|公布|修订|批复了?|明确)\s*[了]?\s*《(?P<t>.+)》(?:的?通知)?$"
)
#: A compiler's headline that names who issued what: `国务院印发《关于…的意见》`, `工信部等九部门联合印发《…》`,
#: `生态环境部 国家发展改革委发布 《…》`, `国务院办公厅转发…《…》` (groups `who`: the issuers, `more`:
#: `等九部门` after them, `verb`, `via`: whose document a 转发 passes on, `t`: the quoted title).
ISSUING_HEADLINE = re.compile(
    r"^(?P<who>[^《》，。；：]{2,60}?)(?P<more>等[\d一二三四五六七八九十]{0,3}个?部门)?\s*(?:近日|日前)?\s*(?:联合)?"
    r"(?P<verb>印发|发布|出台|转发)\s*了?\s*(?P<via>[^《》，。；：]{0,30}?)\s*《(?P<t>[^《》]+)》(?:的?通知)?$")
#: A body that issues (or passes on) the document its title names: `现将《…》印发给你们`,
#: `…已经国务院同意，现印发给你们`, `现予印发`, `现转发给你们` (group `verb`).
ISSUING_NOTICE = re.compile(r"(?:现将|现予|现)?[^。]{0,80}?(?P<verb>印发|转发)(?:给)?你们|现予(?P<verb2>印发|发布)")
#: A short reference in title marks, not a document's name: `《条例》`, `《行动方案》`, `《若干措施》` stand for
#: a document named before (or the one an interpretation is about), as a 简称 does.
SHORT_REFERENCE = re.compile(r"^(?:若干|行动|实施|工作|指导|专项|总体|管理|暂行)?(?:方案|意见|计划|措施|办法|条例|规定|纲要|"
                             r"批复|通知|决定|细则|指南|规划|要点|标准|报告|公告)$")
#: Headline of an announcement of a call/selection: `…征集工作启动`, `…遴选工作启动`.
LAUNCH_HEADLINE = re.compile(r"(?:工作启动|正式启动|开始申报|启动申报|工作的通知|正式发布|发布实施|政策明确)$")
#: Headline of a call the compiler reports: `工信部组织开展…案例征集工作`, `…公开征集…委员`, `…申报推荐工作`.
CALL_HEADLINE = re.compile(r"(?:组织开展|开展|启动|部署|公开征集|征集)[^，。；《》]{2,60}?(?:征集|申报|推荐|遴选|评选|认定|评估|培育|试点)(?:工作|活动)?(?:事项)?$|公开征集[^，。；]{2,40}$")
#: What separates issuer names printed on one line: spaces or 、.
ORG_SEPARATOR = re.compile(r"[\s、]+")
#: The start of a title of its own: `关于…`, or an organisation name directly followed by `关于`.
NEW_TITLE_START = re.compile(rf"^(?:关于|[{CJK}]{{2,24}}?(?:部|委|委员会|局|厅|署|院|办公室|办公厅|政府|中心)(?:等[\d{CN_NUM}]+个?部门)?关于)")
#: How a title's first line ends when the title cannot end there: on 关于 or a joining word
#: (`人力资源和社会保障部关于`, `…的`, `…和`), inside 关于 (`…工业和信息化局关` + `于印发…`), on a number not
#: closed by 号 (`…关于开展2032`), inside an open 《 (`关于印发《X`), or on a 《X》 that a 关于 before it
#: announces (`…关于发布《X规范》` + `等3项…的公告`). The wrapped title goes on on the next line.
OPEN_TITLE_END = re.compile(r"(?:关于|关|的|和|及|与|暨|、|对|\d|《[^》]*)$|关于[^《》]*(?:印发|发布|公布|修改|废止)?[^《》]*《[^《》]+》$")
#: A headline's line ending on the verb of what an issuer issues (`江苏省工业和信息化厅印发` + `《X》`): the
#: title cannot end there.
ISSUING_VERB_END = re.compile(r"(?:印发|发布|公布|转发|出台)$")
#: How a title goes on under its issuers printed on a line of their own: `关于…`, `印发《…`, `联合发布…`.
ISSUER_LINE_NEXT = re.compile(r"^(?:关于|(?:联合)?(?:印发|发布|公布)《)")
#: A news item's dateline: `新华社北京4月10日电`, `本报北京3月2日讯`, `人民网北京5月6日电（记者 …）`.
NEWS_DATELINE = re.compile(rf"^(?:[{CJK}]{{1,12}}(?:社|报|网|台)(?:记者)?\s*)?[{CJK}]{{2,6}}\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:电|讯)")
#: The outlet a news item's lead names (its dateline, or `据…消息`): `新华社北京1月26日电`, `据新华社北京11月12日电`,
#: `中新网5月13日电`, `人民网北京1月22日电（记者 …）`, `据新华社消息` (`who`: the outlet; `本报` names none).
NEWS_OUTLET_LEAD = re.compile(
    rf"^\s*据?(?P<who>(?!本报)[{CJK}]{{1,8}}(?:社|网|报|台|新闻))(?:记者)?\s*"
    rf"(?:[{CJK}]{{0,6}}\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:电|讯)|消息)")
#: A source line naming who published a text: `来源：人民网`, `2019-01-23 13:05:46 来源：人民网`,
#: `来源：央视网 2020-01-07 17:02`, `（来源：光明日报）` (`who`: the name).
SOURCE_NAMED = re.compile(rf"(?:信息来源|稿件来源|来源)\s*[:：]\s*(?P<who>[{CJK}]{{2,24}})")
#: A web page's date line with its publisher: `2019-02-28 国家市场监督管理总局`, `2022-10-26 11:22:23 市场监管总局网站`.
SOURCE_DATED = re.compile(rf"^(?:19|20)\d\d-\d{{1,2}}-\d{{1,2}}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?P<who>[{CJK}]{{2,24}})$")
#: A date line as web pages print it, alone: `2024-03-22`, `2019-05-06 14:48:41`.
ISO_DATE_LINE = re.compile(r"^(?:19|20)\d\d-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
#: A site's name after a publisher (`教育部网站`, `司法部官网`): the publisher is the body.
SITE_SUFFIX = re.compile(r"(?:官方网站|门户网站|政府网站|网站|官网|网)$")
#: The time field of a press conference or an event under its heading: `时间：2024年9月13日（星期五）下午3时`.
EVENT_TIME = re.compile(r"^时\s*间\s*[:：]\s*(?P<value>.+)$")
#: Officials who answer the press, in the lead of a 答记者问: `日前，司法部、水利部负责人就《条例》的有关问题回答了
#: 记者提问` (`who`: their bodies).
ANSWERING_OFFICIALS = re.compile(
    r"(?P<who>[^，。；：《》“”]{2,80}?)(?:有关|相关)?(?:负责同志|负责人)(?:[^，。；]{0,20})?就[^。]{0,80}?"
    r"(?:回答了?记者提问|答记者问|接受了?记者(?:的)?采访)")
#: The date a note under a title says its text was approved: `…2022年1月21日山东省…会议批准）` (a local
#: regulation takes effect when approved; no other date between the date and 批准).
APPROVED_ON = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:(?!(?:19|20)\d\d\s*年)[^（()）]){2,60}?批准")
#: The people's congress whose session passed a text, in a note under its title: `（2021年6月23日上海市第十五届
#: 人民代表大会常务委员会第三十二次会议通过）` (`place` + `body`: 上海市人民代表大会常务委员会).
PASSED_BY = re.compile(
    rf"日\s*(?P<place>[{CJK}]{{0,12}}?)第[{CN_NUM}\d]{{1,4}}届\s*(?P<body>全国人民代表大会常务委员会|全国人民代表大会|"
    rf"人民代表大会常务委员会|人民代表大会)\s*第[{CN_NUM}\d]{{1,4}}次(?:全体)?会议(?:审议)?通过")
#: A 令 header naming its issuer: `中华人民共和国国务院令`, `无锡市人民政府令`, `国家市场监督管理总局令　第56号`.
ORDER_ISSUER = re.compile(rf"^(?:中华人民共和国)?(?P<org>[{CJK}]{{2,24}}?)令(?:\s*第\s*[\d{CN_NUM}]{{1,6}}\s*号)?$")
#: The bracketed issuer a compiler prints before an item's title: `5.【省政府】`, `10.【新华社】` (`who`).
ITEM_BRACKET = re.compile(r"^\d{1,3}\s*[.．、]\s*【(?P<who>[^【】]{1,30})】")
#: The date an opening sentence gives to another document's signing, not to the item: `3月9日，国务院总理李强
#: 签署第776号国务院令，…` (an interpretation reporting the 令 it discusses).
SIGNING_LEAD = re.compile(r"^[^，。]{0,16}[，,][^，。]{0,24}签署")
#: Who holds a press conference on a policy it names: `国务院新闻办公室就《关于…的意见》举行国务院政策例行吹风会`.
CONFERENCE_ON = re.compile(r"^(?P<who>[^《》，。]{2,40}?)就\s*《[^《》]+》\s*(?:召开|举行|举办)[^《》]{0,16}(?:新闻发布会|发布会|吹风会)")
#: The officials a press conference's host invited: `今天我们邀请国家发展改革委有关负责同志`, `邀请到国家医保局副局长
#: 施子海先生` (`who`: their body).
CONFERENCE_GUESTS = re.compile(
    r"邀请(?:到)?(?P<who>[^，。；：、“”《》]{2,30}?)(?:有关负责同志|负责同志|有关负责人|负责人|党组书记|副?局长|副?部长|副?主任|副?司长)")
#: An official speaking for a body in a report: `国家发展改革委有关司局负责同志表示` (`who`: the body).
OFFICIALS_SAY = re.compile(r"(?:^|[。；，])(?P<who>[^，。；：《》“”]{2,40}?)(?:有关司局|有关|相关)?(?:负责同志|负责人)(?:表示|介绍|指出)")
#: A note under a title glued to the text after it (a hard-wrapped page): `（2021年6月23日…会议通过）第一条 …`.
LEADING_NOTE = re.compile(r"^[（(][^（()）]{0,200}?(?:通过|批准|公布|发布|施行|令第)[^（()）]{0,120}[）)]")
#: A general office, which speaks for itself: `全国人民代表大会常务委员会办公厅`, `国务院办公厅`.
GENERAL_OFFICE = re.compile(r"(?:办公厅|办公室)$")
#: Whom a reporter learnt a news item from: `本报北京3月2日讯 记者从财政部获悉，…` (`who`).
REPORTER_LEARNT = re.compile(r"记者从(?P<who>[^，。；《》]{2,30}?)(?:获悉|了解到|获得)")
#: The body a report's opening sentence says issued the policy it reports: `日前，临江市人民政府印发《…》`,
#: `近日，财政部、工业和信息化部联合印发《…》` (`who`; at the sentence's start, after an opening `日前，`).
REPORTED_ISSUER = re.compile(r"^(?:(?:日前|近日|近期|今天|今年以来)[，,]\s*)?(?P<who>[^，。；：《》“”\s]{2,40}?)"
                             r"(?:近日|日前|近期)?(?:联合)?(?:印发|发布|出台|公布)(?:了)?《")
#: A heading naming the officials who speak about a policy: `好钢用在刀刃上——司法部、发展改革委负责人详解《…》`,
#: `…负责人解读《…》` (`who`: their bodies).
SPEAKERS_IN_HEAD = re.compile(r"(?:^|——)(?P<who>[^——《》，。]{2,40}?)(?:有关|相关)?(?:负责同志|负责人)(?:详解|解读|谈|介绍)\s*《")
#: The kind word closing a 公告/令 number's issuer: `商务部公告` → 商务部.
ANNOUNCEMENT_KIND = re.compile(r"(?:公告|令)$")
#: The words of a report, never of a title: `江苏省工业和信息化厅近日印发《…》` opens a sentence.
REPORTED_TIME = re.compile(r"近日|日前")
#: A body named by its level alone (`省政府`, `市发展改革委`, not `市场监管总局`): which province or city is not said.
BARE_LOCAL = re.compile(r"^(?:省|市(?!场))")
#: A headline's subtitle naming the policy: `…——《关于…的批复》正式发布`.
DASH_SUBTITLE = re.compile(r"——\s*《[^《》]{4,80}》")
#: A promulgation notice that opens a document: `《X》已于2024年6月3日由…通过，现予公布，自…起施行。`
PROMULGATION_LEAD = re.compile(r"^《(?P<t>[^《》]{4,80})》(?:已于|已经|经).{0,80}?(?:现予公布|现予发布|现予印发|予以公布)")
#: The opening of such a notice, before what it says was done (`《X》已经2023年12月29日国务院第22次常`): a
#: sentence begun, that a line's end may cut.
PROMULGATION_OPENING = re.compile(r"^《[^《》]{4,80}》(?:已于|已经|经)")
#: A sentence that speaks of what was just named (`该办法提出，…`, `该通知明确…`): it goes on with the text
#: before it, it opens no document (a 政策速览 entry's second sentence on a line of its own).
ANAPHOR_OPENING = re.compile(rf"^该[{CJK}]{{1,8}}?(?:提出|明确|指出|要求|强调|规定|包括|共)")
#: Phrases by which a document says it issues the 《title》 it names (its inner title follows).
ISSUES_PHRASE = re.compile(r"印发给你们|现印发|予以公布|现予公布|现予发布|发布实施|已经国务院同意")
#: `关于印发《X》的通知`: the 通知 issues X (X follows after the signature).
ISSUES_INNER = re.compile(r"(?:印发|发布|转发|公布)\s*《?(?P<t>[^《》]{2,80}?)》?\s*的?通知")
#: Addressee line after the title: `各省、自治区、直辖市人民政府，…：`.
ADDRESSEE = re.compile(r"^(?:各|有关|[{}]{{1,12}}(?:人民政府|部|委|厅|局)).{{0,400}}[:：]$".format(CJK))

# --- body structure ----------------------------------------------------------------------------

#: Level-1 heading `一、总体要求`.
H1_CN = re.compile(rf"^(?P<n>[{CN_NUM}]{{1,3}})\s*[、．.]\s*")
#: Level-2 heading `（一）指导思想` with full- or half-width parentheses.
H2_CN = re.compile(rf"^[（(]\s*(?P<n>[{CN_NUM}]{{1,3}})\s*[）)]\s*")
#: Level-3 heading `1. 工业母机`, `1、`, `1．`.
H3_NUM = re.compile(r"^(?P<n>\d{1,2})\s*[.．、](?!\d)\s*")
#: Level-4 heading `（1）`.
H4_NUM = re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*")
#: Clause or sentence punctuation anywhere in a line: an item with one reads as a sentence, not a heading.
CLAUSE_INSIDE = re.compile(r"[，,；;。]")
#: Ordinal prose lead: `一是…`, `第一，…` — paragraph, never a heading.
ORDINAL_LEAD = re.compile(rf"^(?:[{CN_NUM}]是|第[{CN_NUM}]+[，,、])")
#: The first sentence of a numbered paragraph (to bold it): up to the first 。 or ：.
LEAD_SENTENCE = re.compile(r"^(?P<lead>[^。：:]{2,60}[。：:])(?P<rest>.+)$")
#: Attachment heading: `附件`, `附件1`, `附件 2：…`, `附：`.
ATTACHMENT = re.compile(r"^(?:附件\s*\d{0,2}|附)\s*[:：]?\s*(?P<t>.{0,60})$")
#: A period or edition closing a title, `（2025—2030年）`, `（2024版）`, `（2024年）`: an interpretation may
#: name a policy with it when the policy's own title has none (or the other way round).
TITLE_EDITION = re.compile(r"\s*[（(](?:\d{4}\s*[—–-]+\s*\d{4}\s*年?|\d{4}\s*年?\s*版?|\d{4}\s*年度)[）)]$")
#: A numbered attachment `附件1`, `附件 2：…`: the heading of the attachment's own text, not a list.
ATTACHMENT_NUMBERED = re.compile(r"^附件\s*\d{1,2}")
#: A boxed feature `专栏 1 智能装备创新发展工程`.
COLUMN_BOX = re.compile(r"^专栏\s*\d{0,2}\s*[:：]?\s*(?P<t>.*)$")
#: A question/answer turn `问：…`, `答：…`, `记者：…`, `主持人：…`.
QA_TURN = re.compile(r"^(?P<who>问|答|记者|主持人|提问|回答|[{0}]{{2,6}}(?:司长|局长|主任|部长|副部长|负责人|发言人))\s*[:：]\s*(?P<text>.*)$".format(CJK))
#: A complete paragraph ends with terminal punctuation, then any closing quotes and brackets (`……。”`);
#: one without it was cut by the page or the wrap. Tested with string methods (clean.ends_terminal):
#: a regex search for it tries every position of the line, five times slower.
TERMINAL_PUNCT = "。！？；：!?;:"
CLOSING_MARKS = "'’”」』）)"
#: A line that opens with punctuation that closes or ends what came before (`。该通知提出…`): no line of
#: text begins with one, so the line before was cut by a wrap that left it behind.
LEADING_CLOSER = re.compile(r"^[。，、；：！？》」』”’）]")
#: Sentence punctuation inside a line: such a line is prose, not a title.
PROSE_PUNCT = re.compile(r"[，。；]")
#: A sentence end in a line (a question mark only at its end: `一、出台背景是什么？` is a heading), or a
#: comma, semicolon or colon at its end: such a line is no heading.
NOT_A_HEADING = re.compile(r"[。！!；;]|[？?](?!$)|[，,：:]$")
#: A bullet opening a paragraph, as text extracted from web pages or Word lists prints it: `- `, `• `,
#: `· `, `● `, `▪ `, `◆ ` (group `text`: the item).
BULLET = re.compile(r"^[-•·●▪◆■]\s+(?P<text>\S.*)$")
#: A Markdown link left in extracted text, `[名称](#)` or `[名称](http…)` (group `text`: the name).
MD_LINK_RESIDUE = re.compile(r"\[(?P<text>[^\[\]]{1,200})\]\([^()\s]*\)")
#: An item of an attachment list: numbered (`1.` `1．` `（1）`), bulleted, or a file name (`….wps`).
ATTACHMENT_ITEM = re.compile(r"^(?:\d{1,2}\s*[.．、]|[（(]\s*\d{1,2}\s*[）)]|[-•·●▪◆■]\s)|\.(?:wps|docx?|pdf|xlsx?|et|ofd|zip|rar)$",
                             re.IGNORECASE)

# --- normalisation for matching ------------------------------------------------------------------

#: Everything that does not carry meaning when two titles are compared.
TITLE_NOISE = re.compile(rf"[\s{BAR}·•.．…\-—–_“”\"'‘’「」『』〈〉<>《》：:，,、。（）()〔〕\[\]【】]+")
#: Characters unsafe in a file name (for slugs).
UNSAFE_PATH = re.compile(r"[\x00-\x1f\x7f\\/:*?\"<>|\s《》“”‘’\"'`#%&{}$!@^=+,;（）()〔〕\[\]【】、，。：；？！…·]+")

# --- moved from the stages: small helpers' patterns --------------------------------------------------

#: Any run of white space (removed when a 文号 or a note is compared).
WHITESPACE = re.compile(r"\s+")
#: White space between CJK text and a quoted title inside a title (`关于 《…》` → `关于《…》`).
SPACE_IN_TITLE = re.compile(rf"(?<=[{CJK}》”）)])\s+(?=[{CJK}《“（(])")
#: The rest of a string, newlines included (a match object for `squeeze`).
REST = re.compile(r".*", re.S)
#: Sentence ends inside a paragraph (the issuer may be glued after the last one).
SENTENCE_END = re.compile(r"[。；！]")
#: A title ending in `——《…》` or `——…`: the policy an interpretation is about.
DASH_TITLE = re.compile(r"——\s*《?(?P<t>[^《》]{4,80})》?$")
#: An interpretation's head naming its speaker: `国家发展改革委有关负责同志…`.
RESPONSIBLE_OFFICIAL = re.compile(r"^(?P<who>[^《》]{2,40}?)(?:有关|相关)?(?:负责同志|负责人)")
#: Opening and closing brackets of a 文号 year, any style (compared as 〔 〕).
NUMBER_OPEN = re.compile(r"[〔\[［（(【]")
NUMBER_CLOSE = re.compile(r"[〕\]］）)】]")
#: A short parenthesised note at the end of a title: `（试行）`, `（2024年版）`.
TITLE_TAIL_NOTE = re.compile(r"[（(][^（()）]{1,16}[）)]$")
#: Sub-unit suffixes that attach to a known body: 工业和信息化部办公厅, 生态环境部应对气候变化司.
SUBUNIT = re.compile(rf"^(?:办公厅|办公室|[{CJK}]{{1,10}}?(?:司|局|中心))")
#: What may sit between issuer names at the head of a title: spaces, 、，和及与, sub-unit suffixes.
ISSUER_FILLER = re.compile(rf"[\s、，,和及与]|{SUBUNIT.pattern[1:]}")
#: Words that end the issuer part of a title: `…关于…`, `…等七部门`, `…印发…`.
ISSUER_END = re.compile(r"关于|等[\d一二三四五六七八九十]*(?:个)?部门|联合|印发|发布|出台|有关负责|负责同志|相关负责")
#: Suffixes of an organisation name printed in a signature block but missing from the vocabulary.
ORG_SUFFIX = re.compile(rf"^[{CJK}]{{2,24}}(?:部|委|委员会|局|厅|署|院|办公室|办公厅|总局|总社|中央|政府|行|会|协会|联合会|银行|集团有限公司|公司)$")
#: A character half as wide as a CJK one (below U+2E80: Latin, digits, ASCII punctuation).
NARROW_CHAR = re.compile(r"[\u0000-\u2e7f]")
#: A run of CJK characters (a document's size is counted in them, run by run: one string per
#: run, not one per character).
CJK_RUN = re.compile(f"[{CJK}]+")
#: A bracketed date line `（2024年3月5日…`: a 成文日期 printed under the title.
BRACKETED_DATE = re.compile(r"^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
#: A provincial body: `江苏省…`, `省…`, `广西壮族自治区…`, and the four municipalities under the State Council
#: (`上海市人民政府`, `中共北京市委…`).
PROVINCIAL_BODY = re.compile(rf"^(?:[{CJK}]{{2,3}}省|省|[{CJK}]{{2,6}}自治区|(?:中共)?(?:北京|上海|天津|重庆)市(?!场))")
#: The place a local body belongs to: `江苏省` of 江苏省工业和信息化厅, `成都市` of 中共成都市委社会工作部.
PLACE_OF_BODY = re.compile(rf"^(?:中共)?(?P<place>(?!国家|全国|中华|国务院)[{CJK}]{{2,7}}?(?:省|自治区|市(?!场)|县|自治州|地区))")
#: A city's or county's body: `济南市人民政府`, `中共成都市委…`, `金华市婺城区人民政府`, `泽普县市场监督管理局`,
#: `深圳市人大常委会办公厅` (not the four municipalities under the State Council, which are provincial, nor
#: a national body with 市场 in its name).
MUNICIPAL_BODY = re.compile(
    rf"^(?:中共)?(?!北京|上海|天津|重庆|国家|全国|中华|国务院)[{CJK}]{{2,4}}?(?:市(?!场)|县|自治州|地区)"
    rf"(?:[{CJK}]{{2,3}}?(?:区|县))?(?:人民政府|人民代表大会|人大|政府|[{CJK}]{{0,10}}?(?:局|委|厅|办|中心))")
#: A back-cover line closing the last document of an issue: address, phone, an English name.
BACK_COVER = re.compile(r"^(?:地址|电话|传真|邮箱|邮编|网址|E-?mail)\s*[:：]|^[A-Za-z][A-Za-z .,&'-]+$", re.I)
#: A section heading of an issue (not a document): 政策速览, 国家政策, `江苏省政策`, 行业动态 ….
SECTION_HEADING = re.compile(rf"^(?:政策速览|政策解读|政策文件|国家政策|地方政策|省级政策|市级政策|国家级政策|"
                             rf"[{CJK}]{{2,3}}(?:省|市|自治区)政策|行业动态|要闻|专题)$")
#: The `编 2024` tail of a publisher line on a cover (`某某协会 编`).
EDITED_BY_TAIL = re.compile(r"\s*编\s*\d*$")
#: A link target in Markdown (`](target)`) or in raw HTML (`href="…"`, `src="…"`), for the page cache.
LOCAL_LINK = re.compile(r"""\]\((?P<md>[^)\s]+)(?:\s+"[^"]*")?\)|\b(?:href|src)=["'](?P<html>[^"']+)["']""")
#: A telephone number printed glued to the e-mail address after it (`联系人：李某 18900000000lim@example.cn`):
#: a mobile number (11 digits from 13…–19…) or an area code and number (`010-68200000`), not inside a
#: longer run of digits, followed by an address whose local part starts with a letter (`liwei4@…`; one
#: starting with digits cannot be told from the number, and is left as printed). The page puts a space
#: between them (group 1: the number).
PHONE_GLUED_TO_EMAIL = re.compile(r"(?<![\d-])(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?=[A-Za-z][\w.+-]*@[\w-]+\.)")
#: Markdown syntax anywhere in a line (escaped with a backslash when input text is rendered).
MD_INLINE = re.compile(r"([\\`*_\[\]{}#|!])")
#: What JSON writes as it is and YAML reads otherwise (front matter is JSON read by a YAML loader): YAML's
#: line breaks NEL, LS, PS (folded into a space inside a quoted string) and what YAML refuses in a file
#: (DEL, C1 controls, the BOM, U+FFFE, U+FFFF). JSON itself escapes the C0 controls.
YAML_NOT_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: Markdown syntax at the start of a line: an ordered-list number `1.`, or `- + > =`.
MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+>=])")

# --- plain texts (site/plain_text.py: texts no inline Markdown pattern can change) -------------------

#: A character (or the two spaces of a line break) without which none of Python-Markdown's inline
#: patterns can match: backtick (code), backslash (escapes), `[` and `!` (links, images, references),
#: `<` (autolinks, inline HTML), `&` (entities), `*` `_` (emphasis), STX/ETX (placeholders of what an
#: earlier step stashed). A text with none of them leaves the inline processor as it came.
INLINE_TRIGGER = re.compile(r"[`\\\[!<&*_\x02\x03]|  \n")

# --- index lists (index_lists.py: the converter's list lines, made into HTML directly) ----------------

#: Text as render.text writes it: no Markdown syntax but backslash escapes (`\|`) and the entities
#: `&amp;` `&lt;` `&gt;`; read left to right, a backslash and the character after it are one unit.
_INDEX_TEXT = r"(?:[^\\\[\]`*_{}<>&!\n]|\\.|&(?:amp|lt|gt);)"
#: One line of an index list: `- [text](target.md)`, optionally followed by ` <small>note</small>`.
INDEX_LIST_LINE = re.compile(rf"- \[(?P<text>{_INDEX_TEXT}+)\]\((?P<href>[^\s()<>\"'\\]+)\)"
                             rf"(?: <small>(?P<note>{_INDEX_TEXT}*)</small>)?")
#: A backslash escape in such a text (the character is group 1).
INDEX_LIST_ESCAPE = re.compile(r"\\(.)")
#: An entity in such a text.
INDEX_LIST_ENTITY = re.compile(r"&(?:amp|lt|gt);")
#: A block that Python-Markdown would add to a list just before it: a list item, or indented text.
LIST_CONTINUES = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+|[ ]{4}")

# --- site output (the offline audit) ----------------------------------------------------------------

#: The scheme of an absolute URL (after the URL parser's preprocessing, offline.parse_url): `https:`,
#: `http:`, `ftp:`, `data:` … — `https:host` has one too.
URL_SCHEME = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):")
#: What CSS may fetch: every `url(…)` token (quoted or not) and every quoted string (image-set("…"),
#: @import "…", src: "…"); a string that is not a URL is harmless to look at.
CSS_URL = re.compile(r"""url\(\s*(?:(?P<q>['"])(?P<quoted>.*?)(?P=q)|(?P<url>[^'")\s]*))\s*\)|(?P<sq>['"])(?P<string>(?:\\.|(?!(?P=sq)).)*)(?P=sq)""", re.I | re.S)
#: An absolute URL written in script code (an inline <script> or an on… handler), in quotes:
#: `"https://…"`, `'//host/…'`, `"http:\\\\host"`.
SCRIPT_URL = re.compile(r"""["'`]\s*((?:(?:https?|wss?|ftp|file):|(?:[a-z][a-z0-9+.-]*:)?//|\\\\)[^"'`\s]*)""", re.I)


# --- pattern builders ---------------------------------------------------------------------------

def trie_pattern(words) -> str:
    """A regex source matching any of `words`, the longest at each position, built as a character
    trie (`碳(?:达峰(?:碳中和)?|排放)`): Python's engine then tests one branch per character instead of
    every word at every position, which a plain `a|b|c…` of hundreds of names does."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{group})?" if "" in node else group

    return build(trie) if trie else r"(?!x)x"


# ======================================================================================================
# converter.stages.annotate — vocabulary (converter/data/annotate.yaml): the words its target patterns are built from
# ======================================================================================================

#: The words the annotate patterns are built from (read here: vocabulary.py imports this module).
ANNOTATE_VOCABULARY = Path(__file__).resolve().parents[1] / "data" / "annotate.yaml"
ANNOTATE_WORDS = yaml.load(ANNOTATE_VOCABULARY.read_text(encoding="utf-8"),
                           Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
#: unit → its kind: percent, money, count, measure.
UNIT_KIND: dict[str, str] = {u: kind for kind, units in ANNOTATE_WORDS["units"].items() for u in units}
#: magnitude word → factor (万 → 1e4).
MAGNITUDE: dict[str, float] = {k: float(v) for k, v in ANNOTATE_WORDS["magnitudes"].items()}
QUALIFIERS: frozenset[str] = frozenset(ANNOTATE_WORDS["qualifiers"])


def _words(key: str) -> str:
    """A regex source matching any word of the vocabulary list `key`, the longest at each position."""
    return trie_pattern(ANNOTATE_WORDS[key])


# ======================================================================================================
# Regular expressions of converter.stages.annotate
# ======================================================================================================


#: A named group's opening in a pattern's source (`(?P<y>`), made plain when a pattern is embedded.
GROUP_NAME = re.compile(r"\(\?P<\w+>")


def anonymous(rx: re.Pattern) -> str:
    """A pattern's source with its named groups made plain groups, to embed it in another pattern."""
    return GROUP_NAME.sub("(?:", rx.pattern)


#: Chinese digits (with the two zeros and 两) and the numerals that also hold 十百千万亿.
CN_DIGITS = "〇零一二两三四五六七八九"
CN_NUMERAL = CN_DIGITS + "十百千万亿"
#: A number written with digits or Chinese numerals: `12`, `一百二十三`, `二〇二五`.
NUMERAL = rf"(?:\d+|[{CN_NUMERAL}]+)"
#: A year with digits or Chinese digits: `2025`, `二〇二五`.
YEAR = r"(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})"
#: Clause and sentence punctuation (strings for `pieces`, not patterns).
SENTENCE_ENDS = "。；;！？!?"
CLAUSE_ENDS = SENTENCE_ENDS + "，,：:"
OPENING_BRACKETS, CLOSING_BRACKETS = "（(《〈“「【〔［[", "）)》〉”」】〕］]"
#: What `pieces` looks at: brackets and quotes (not cut inside) and clause punctuation.
PIECE_MARK = re.compile("[" + re.escape(OPENING_BRACKETS + CLOSING_BRACKETS + CLAUSE_ENDS) + "]")
#: The marks of a 《title》, outer and nested.
TITLE_MARK = re.compile(r"[《》]")

# --- normalisation -------------------------------------------------------------------------------------

#: A character the normalised view changes: white space, full-width digits/letters, ％, ．, ○, Ｏ.
NEEDS_NORMALISING = re.compile(r"[\s\u00a0\u2002-\u200b\u3000\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a○Ｏ]")
#: A run of white space: dropped unless it separates two ASCII letters or a letter and a digit.
SPACE_RUN = re.compile(r"[\s\u00a0\u2002-\u200b\u3000]+")
#: A circle or a full-width O written for 〇 inside a Chinese numeral (`二○二五年`).
ZERO_LIKE = re.compile(rf"[○Ｏ](?=[{CN_DIGITS}○Ｏ年])|(?<=[{CN_DIGITS}○Ｏ])[○Ｏ]")
#: A full-width point between digits (`13．5%`), after the digits were made ASCII.
FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")

# --- dates ---------------------------------------------------------------------------------------------

#: A date with digits or Chinese numerals (converter.patterns DATE, DATE_CN), no groups of its own.
ANY_DATE = rf"(?:{anonymous(DATE)}|{anonymous(DATE_CN)})"
#: The end of a year or a month: `2027年底`, `2027年末`, `2025年12月底`.
PERIOD_END = re.compile(rf"(?P<y>{YEAR})年(?:(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月)?(?:底|末)")

# --- validity ------------------------------------------------------------------------------------------

#: A commencement: `自2025年1月1日起施行`, `于2022年3月1日起施行`, `自印发之日起施行`,
#: `自公布之日起30日后施行`, `自二〇二五年一月一日起试行`. Whose commencement it is, the clause
#: before it says (SELF_PREFIX, PROMULGATED_NOTE).
COMMENCEMENT = re.compile(
    rf"(?:自|从|于)?(?:(?P<date>{ANY_DATE})|(?P<issue>(?:印发|公布|发布|颁布|下发|发文|公告|签发)之日))起?"
    rf"(?:(?P<delay>\d{{1,3}})日后)?(?P<verb>施行|实施|执行|生效|试行)")
#: The clause before a commencement or a validity period when it is the document's own: an optional
#: article or heading number, then nothing or `本X` / `此X` / `该X` (X: the 文种 the text calls itself,
#: optionally `（试行）`), optionally followed by 的 / 规定.
SELF_PREFIX = re.compile(
    rf"^(?:第{NUMERAL}条|[{CN_NUM}]{{1,3}}[、.．]|[（(][{CN_NUM}\d]{{1,3}}[）)]|\d{{1,2}}[.．、])?[“\"]?"
    rf"(?:[本此该](?P<kind>[{CJK}]{{1,10}}?)(?P<qual>[（(][^（）()]{{1,10}}[）)])?(?:的规定|规定|的)?)?$")
#: A promulgation note's clause before its commencement: `…国务院令第712号公布`, `…常务会议通过`.
PROMULGATED_NOTE = re.compile(r"(?:公布|发布|通过|印发|修订|修正)$")
#: A quoted title standing alone before a commencement: `《国务院关于…的规定》自…` (then compared with
#: the document's own title).
QUOTED_ALONE = re.compile(r"^(?:修订后的)?《(?P<t>[^《》]+)》$")
#: Words a validity period is named by: 有效期, 有效期限, 执行期限, 实施期限, 试行期 ….
PERIOD_WORD = r"(?:有效期限?|执行期限?|实施期限?|试行期限?|施行期限?)"
#: A period running to a day: `有效期至2027年12月31日`, `有效期到2027年底`, `有效期为2025年1月1日至
#: 2027年12月31日`, `有效期自印发之日起至2026年6月30日止`.
EXPIRY_UNTIL = re.compile(
    rf"(?P<word>{PERIOD_WORD})(?:为|暂定为?|是)?(?:自?[^，。；至]{{0,24}}?起?)?(?:至|到|截至|截止到?|截止至)"
    rf"(?:(?P<date>{ANY_DATE})|(?P<end>{anonymous(PERIOD_END)}))止?")
#: A period of N years: `有效期5年`, `有效期为五年`, `有效期暂定3年`, `试行期两年`, `试行两年`.
EXPIRY_YEARS = re.compile(
    rf"(?P<word>{PERIOD_WORD}(?:为|暂定为?|是)?|试行)(?P<n>\d{{1,2}}|[一二两三四五六七八九十]{{1,2}})年(?![\d月底末以])")
#: Trial words in a title: `（试行）`, `暂行办法`, `暂行条例`, `试行办法` (not `关于扩大试行范围的通知`).
TRIAL_IN_TITLE = re.compile(r"[（(]试行[）)]|(?:暂行|试行)(?=管理办法|实施办法|办法|规定|条例|细则|方案|措施|规则|标准|意见)")
#: A 文种 word the document may call itself by, when it is named in the sentence of a period
#: (`本办法…，有效期5年`): the sentence is then about the document.
SELF_WORD = re.compile(
    rf"[本此该](?:[{CJK}]{{0,6}}?)(?:办法|规定|条例|通知|意见|方案|决定|细则|措施|政策|规则|公告|通告|文件|指南|"
    rf"计划|标准|规划|纲要|清单|目录|批复|函)")
#: Words that repeal: `同时废止`, `予以废止`, `废止`, `同时失效`, `不再执行`, `停止执行`, `不再施行`.
REPEAL = re.compile(r"(?:同时|一并|予以|自行|即行|宣布|决定)?废止|(?:同时|即)?(?:不再执行|停止执行|不再施行|停止施行)|同时失效")
#: What before a repeal word shows it is one of several verbs, not a repeal (`修改、废止`, `或者废止`).
REPEAL_NOT_BEFORE = re.compile(r"(?:、|或者|或|和|及|被|拟|应当|应|可以|可|需要|需|及时)$")
#: What after a repeal word shows the same (`废止、修改`, `废止的`, `废止或者修改`).
REPEAL_NOT_AFTER = re.compile(r"(?:、|或|和|的|工作|程序|情况|制度|意见|决定的)")
#: What between a citation and a repeal word makes the repeal partial, not of the document
#: (`《A》中有关退休年龄的规定不再施行`, `《A》的部分条款同时废止`); an article reference makes the
#: citation itself partial (its `article` is set) and is kept.
PARTIAL_REPEAL = re.compile(r"中|部分|有关|条款|规定|内容")
#: A repeal word whose objects follow it: `同时废止《…》`, `废止下列文件：`, `废止国发〔…〕号`.
REPEAL_OBJECT_AFTER = re.compile(r"[:：]?(?:《|下列|以下|如下|[{0}A-Za-z]{{1,14}}[〔\[［（(【](?:19|20)\d\d)".format(CJK))
#: `对《A》作如下修改`, `决定对《A》（国发〔2019〕5号）的部分条款予以修改`, `对《A》进行修订`.
AMEND_OBJECT = re.compile(
    r"对(?P<cit>《[^《》]+》(?:[（(][^（）()]{2,40}[）)])?)(?:的?部分条款|中的?部分条款|有关条款|部分内容)?"
    r"(?:作|作出|进行|予以)(?:如下|以下)?(?:修改|修订|修正)")
#: `根据2018年9月18日《国务院关于修改部分行政法规的决定》第一次修订`, `根据国务院关于修改《A》的决定修订`,
#: `根据…会议《关于修改〈…〉等八部法律的决定》第二次修正`: this text was amended by the cited decision.
AMENDED_BY = re.compile(
    rf"根据(?:{ANY_DATE})?[^，。；《》]{{0,40}}?(?P<by>《[^《》]+》|[^，。；《》]{{2,40}}?关于修改《[^《》]+》"
    rf"(?:等[^，。；《》]{{0,12}})?的决定)(?:第[{CN_NUMERAL}\d]{{1,3}}次)?(?:修订|修正|修改)")
#: `2024年1月22日中华人民共和国国务院令第773号第二次修订`: amended by a decree named by its number.
AMENDED_BY_DECREE = re.compile(rf"(?P<no>[{CJK}]{{2,24}}令第\d{{1,5}}号)(?:第[{CN_NUMERAL}]{{1,3}}次)?(?:修订|修正)")
#: A title that is an amending decision: `国务院关于修改《A》的决定`, `关于修改《A》等三部规章的决定`.
AMENDING_TITLE = re.compile(r"关于修改(?P<cit>《[^《》]+》)(?:等[^的《》]{0,12})?的决定")

# --- citations -----------------------------------------------------------------------------------------

#: A 文号 in brackets right after a 《title》: `（国发〔2019〕5号）`, `（工信厅通装（2024）42号）`,
#: `（国务院令第712号）`, `（工信部企业〔2022〕119号，以下简称《办法》）`.
NUMBER_AFTER_TITLE = re.compile(
    r"[（(](?P<no>[^（）()，,、；《》]{1,30}?(?:[〔\[［（(【](?:19|20)\d\d[〕\]］）)】]\d{1,5}号|(?:(?:19|20)\d\d年)?第\d{1,5}号))"
    r"(?:文件)?(?:[，,、；](?P<rest>[^（）()]{0,40}))?[）)]")
#: A decree or 文号 right before the title it published: `…令第76号公布的《…》`, `国发〔2019〕5号印发的《…》`.
NUMBER_BEFORE_TITLE = re.compile(
    rf"(?P<no>[{CJK}A-Za-z]{{2,30}}?(?:令|公告)(?:(?:19|20)\d\d年)?第\d{{1,5}}号|"
    rf"[{CJK}A-Za-z]{{1,14}}[〔\[［（(【](?:19|20)\d\d[〕\]］）)】]\d{{1,5}}号)(?:文件)?(?:公布|发布|印发|下发)?的?$")
#: A decree number in running text: `国务院令第712号`, `国家市场监督管理总局令第52号`, `商务部公告2023年第4号`.
DECREE_NUMBER = re.compile(rf"[{CJK}]{{2,30}}?(?:令|公告)(?:(?:19|20)\d\d年)?第\d{{1,5}}号")
#: A decree number written the other way round: `第773号国务院令`.
DECREE_INVERTED = re.compile(rf"第(?P<n>\d{{1,5}})号(?P<org>[{CJK}]{{2,12}}?)令")
#: An alias defined after a citation: `（以下简称《条例》）`, `以下简称“办法”`.
#: The words that define a short name: `以下简称`, `以下称`, `下称`, `简称` (group-free).
ALIAS_WORDS = r"(?:以下简称|以下称|下称|简称)"
ALIAS_DEF = re.compile(ALIAS_WORDS + r"[《“\"](?P<a>[^《》“”\"]{1,20})[》”\"]")
#: The words before a 《title》 that make it an alias being defined, not a citation.
ALIAS_BEFORE = re.compile(ALIAS_WORDS + "$")
#: An alias in quotes in brackets right after a citation: `（以下简称“意见”）`.
ALIAS_AFTER = re.compile(r"[（(]" + ALIAS_WORDS + r"[“\"](?P<a>[^”\"]{1,20})[”\"]")
#: An article reference: `第十二条`, `第三十五条第二款`, `第十六条第一款第（三）项`, `第二十条之一`.
ARTICLE_REF = re.compile(
    rf"第(?P<art>{NUMERAL})条(?:之(?P<sub>[{CN_NUMERAL}\d]{{1,3}}))?(?:第(?P<para>{NUMERAL})款)?"
    rf"(?:第[（(]?(?P<item>{NUMERAL})[）)]?项)?")
#: What joins two article references of one list: `、`, `和`, `及`, `或者`, `以及`, `至`.
ARTICLE_LIST_SEP = re.compile(r"、|以及|和|及|或者|或|至|到")
#: What may stand between a title (and its 文号) and the article it cites: `的`, `中`, `中的`.
ARTICLE_GAP = re.compile(r"(?:中的|中|的)?")
#: A self-reference right before an article number: `本条例`, `本规定`, `本实施细则`, `本法`.
SELF_NAME = re.compile(
    rf"本(?:[{CJK}]{{0,4}}?)(?:法|条例|规定|办法|细则|决定|规则|意见|通知|方案|措施|准则|章程|标准)(?:[（(]试行[）)])?(?=第{NUMERAL}条)")
#: The part of a 文号's prefix that is running text, not the issuer: everything up to the last 日, 的,
#: 据, 照, 即, 见, 按, 经, 将, 对, 、 (and 和 及 与 for bracketed 文号, whose issuer abbreviations
#: never hold them; a decree's issuer may: 中华人民共和国, 国家发展和改革委员会).
NUMBER_NOISE = re.compile(r"^.*(?:日|的|据|照|即|见|按|经|将|对|、|由|在|于)")
NUMBER_NOISE_BRACKETED = re.compile(r"^.*(?:日|的|据|照|即|见|按|经|将|对|、|由|在|于|和|及|与|或)")
#: Where a decree or announcement number begins after its issuer: `令第`, `公告2023年第`.
DECREE_MARK = re.compile(r"(?:令|公告)(?:(?:19|20)\d\d年)?第\d")
#: Verbs and 原 that may open a 文号's prefix: `印发国发〔…〕` → `国发〔…〕`, `原国家工商行政管理局令…`.
NUMBER_LEAD = re.compile(r"^(?:印发|转发|落实|贯彻|执行|参照|依据|根据|按照|依照|原|以|为|是)+")

# --- anchors -------------------------------------------------------------------------------------------

#: An article's number at the start of its first paragraph: `第十二条　…`, `第12条…`, `第十二条之一`
#: (not `第十二条规定的…`, a reference).
ARTICLE_HEAD = re.compile(rf"^第(?P<n>{NUMERAL})条(?:之(?P<sub>[{CN_NUMERAL}\d]{{1,3}}))?(?![的规之、和及或至中第])")
#: A chapter heading: `第二章 总则`.
CHAPTER_HEAD = re.compile(rf"^第(?P<n>{NUMERAL})章")
#: A section heading (within a chapter): `第一节 一般规定`.
SECTION_HEAD = re.compile(rf"^第(?P<n>{NUMERAL})节")
#: The number of an attachment heading: `附件2`, `附件 3：…`.
ATTACHMENT_NO = re.compile(r"^附件(?P<n>\d{1,2})")
#: The numeral of a heading H1_CN / H2_CN / H3_NUM matched: `三、` → 三, `（二）` → 二, `1.` → 1.
HEAD_NUMERAL = re.compile(rf"[{CN_NUM}\d]+")
#: Quoted text at the start of a block (an amended provision quoted in full): never a heading.
QUOTED_START = re.compile(r"^[“\"‘「]")

# --- targets -------------------------------------------------------------------------------------------

UNITS = trie_pattern(UNIT_KIND)
#: A quantity with its unit: `13.5%`, `1000万辆`, `10万家以上`, `3%左右`, `2,000亿元`, `五十万吨`,
#: `7600多名`, `每万人200台`. Not after a digit, a point, 第 (an ordinal), 前 (a rank), a bracket or a
#: Latin letter; Chinese numerals not after another one either (the whole numeral is read).
QUANTITY = re.compile(
    rf"(?P<num>(?<![\d.,第前〔［\[A-Za-z])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?<![\d第前{CN_NUMERAL}])[{CN_NUMERAL}]{{2,}})"
    rf"(?P<approx>多|余)?(?P<mag>万亿|亿|万|千|百)?(?P<unit>{UNITS})(?![A-Za-z])(?P<qual>以上|左右|以内|上下|以下)?")
#: What every QUANTITY match holds: its numeral's last character, then its approx, magnitude and
#: unit as QUANTITY reads them (no lookbehind before it). A text without it holds no QUANTITY: the
#: engine looks for its first character class quickly, where QUANTITY (its lookbehinds first) is tried
#: at every position (targets' first test of a block: seeds 0.072 → 0.01 s).
QUANTITY_CORE = re.compile(rf"[\d{CN_NUMERAL}](?:多|余)?(?:万亿|亿|万|千|百)?(?:{UNITS})")
#: Words a unit may start that are not that unit: `6个月`, `3个工作日`, `人民币`, `10部门`, `条例`,
#: `场所`, `处罚`, `名单`, `家庭`, `项目`.
UNIT_FALSE_START = re.compile(r"个(?:月|工作日|小时|季度|年度|自然日|交易日|学期)|人民|部门|条例|所有|场所|处理|处罚|名单|家庭|家长|项目|台账|套餐")
#: The digits of a number (to read its value).
VERBS = trie_pattern(list(ANNOTATE_WORDS["level_verbs"]) + list(ANNOTATE_WORDS["output_verbs"]))
#: Target verbs right before the quantity: `达到`, `下降`, `提高到`, `控制在`, `累计培育`, `力争达到`,
#: `达到每万人` (a rate per head belongs to the quantity's side).
VERB_CHAIN_END = re.compile(rf"(?:{VERBS})+(?:到|至|为|在)?(?P<per>每[^\d，。；、]{{1,4}})?$")
#: What separates the subjects of `A和B分别达到90%和95%` (each quantity takes its own).
SUBJECT_SPLIT = re.compile(r"和|、|及|与")
#: 分别 closing the subjects of several quantities.
RESPECTIVELY = re.compile(r"分别$")
#: The word before a starting value: `研发投入占比由2%提高至3%` (the subject stands before it).
FROM_BEFORE = re.compile(r"(?:由|从)$")
#: The first run of target verbs in a stretch of text (subject between it and the number); not 增加值.
VERB_RUN = re.compile(rf"(?:{VERBS})+(?!值)")
#: The rest of a clause after its quantity when the verb comes last: `(100个)示范社区全面建成`
#: (subject, an optional adverb, the verb); read inside a target-year frame only.
POST_VERB = re.compile(rf"(?P<subj>[^，。；：]{{2,30}}?)(?:全面|基本|全部|陆续|相继|均|初步|成功|如期)?(?P<verb>{VERBS})[。；;，,：:]?")
#: A target verb followed by 了: a report (`增长了5%`).
VERB_PERFECT = re.compile(rf"(?:{VERBS})了")
#: Verbs of lowering or capping: with them `以下` marks a target (`控制在5%以下`).
LOWERING = re.compile(_words("lowering_verbs"))
#: Goal words: `力争`, `确保`, `目标`, `累计` ….
GOAL = re.compile(_words("goal_words"))
#: Words of a report, not a goal: `已`, `截至`, `同比`, `目前` …; `以来` (`今年以来`).
STATISTIC = re.compile(rf"{_words('statistic_words')}|以来")
#: Words of a rule, a penalty or a condition: `不得`, `应当`, `罚款`, `原则上` ….
RULE = re.compile(_words("rule_words"))
#: Words of a subsidy or an award: `奖励`, `补助`, `补贴`, `资助` ….
SUBSIDY = re.compile(_words("subsidy_words"))
#: Words that make a money or percent quantity a payment or a rate: `给予`, `按`, `最高`, `费率` ….
RATE = re.compile(_words("rate_words"))
#: An approximation right before a number: `约4.4亿吨`, `近3000家` (a report's figure).
APPROX_BEFORE = re.compile(r"(?:大约|将近|约|近|逾)$")
#: A number and a range sign right before a quantity: `5—10家`, `5至10家`, `2万元以上5万元以下`.
RANGE_BEFORE = re.compile(rf"(?:\d|[{CN_NUMERAL}])(?:多|余)?(?:万亿|亿|万|千|百)?(?:{UNITS})?(?:[-—–~～]|至|到|以上)$")
#: A range sign or another number right after a quantity: `5%—6%`, `2万元以上5万元以下` (not a
#: Chinese numeral: `10家以上百亿级企业`).
RANGE_AFTER = re.compile(rf"(?:[-—–~～]|至|到)(?:\d|[{CN_NUMERAL}])|\d")
#: A target-year frame: `到2025年`, `力争到2027年底`, `确保2025年`, `2025年前`, `在2025年底前`,
#: `2023年至2025年` (the later year), `到“十四五”末` (十四五 → 2025), `到二〇三五年`; relative
#: `到今年底`, `力争明年` (need the document's year). Never a full date (`到2025年6月30日`).
YEAR_FRAME = re.compile(
    rf"(?:(?:力争|争取|预计|计划|确保|努力)?到|力争|争取|确保)(?P<y>{YEAR})年(?:底|末)?(?:前|以前|之前)?(?!\d{{1,2}}月|[一二三四五六七八九十]{{1,3}}月)"
    rf"|(?:在)?(?P<y2>{YEAR})年(?:底|末)?(?:前|以前|之前)"
    rf"|{YEAR}年?(?:[-—–~～]|至|到)(?P<y3>{YEAR})年(?!\d{{1,2}}月)"
    rf"|(?:到|至)[“\"]?(?P<plan>十[一二三四五六七八九]五)[”\"]?(?:时期|期)?末"
    rf"|(?:到|力争|争取)(?P<rel>今年|明年)(?:底|末)?")
#: A paragraph that continues a list a colon opened: `——…`, `（一）…`, `1.…`, `一是…`, `①…`.
LIST_ITEM_START = re.compile(rf"^(?:——|—|[（(][{CN_NUM}\d]{{1,3}}[）)]|\d{{1,2}}[.．、]|[{CN_NUM}]{{1,3}}[、是]|[·•●■◆①-⑳])")
#: Words opening a subject that belong to the clause, not the noun phrase (`其中`, `推动`, `确保` …).
SUBJECT_LEAD = re.compile(
    rf"(?:{_words('subject_lead')}|[、，,]|\d{{1,2}}[.．、]|[（(][{CN_NUM}\d]{{1,3}}[）)]|[{CN_NUM}]{{1,3}}[、是]|——)+")
#: Adverbs closing a subject, between the noun phrase and its verb (`要`, `分别`, `年均` …).
SUBJECT_TRAIL = re.compile(rf"(?:{_words('subject_trail')}|[、，,])+$")
#: A comparison closing a subject: `比2020年`, `较上年`, `与2020年相比`.
COMPARISON_TRAIL = re.compile(rf"(?:比|较|相比|相较于?|与)(?:{YEAR}年(?:底|末)?|上年|去年|基期|同期|上一年|现在|目前)(?:相比)?$")
#: What closes the text after a quantity that is its subject (`建设50所学校和…`, `…基地。`).
TAIL_END = re.compile(r"(?:以及|[和及与、，,。；;：:！？!?\s])+$")
#: A clause that is only a year, opening a sentence of goals: `2025年，力争…达到…` (a frame when the
#: sentence holds a goal word).
BARE_YEAR = re.compile(rf"(?P<y>{YEAR})年[，,]")
#: A year opening a clause: `2020年初步建成300个…` (a frame for its sentence when the document's year
#: is known and the year is not before it; never a date `2020年5月`, a start `2020年起`).
YEAR_START = re.compile(rf"(?P<y>{YEAR})年(?:底|末)?(?:前|以前)?(?!\d|[一二三四五六七八九十]{{1,3}}月|以来|度|起|开始)")
#: A heading that opens a section of goals: `二、主要目标`, `（三）工作目标。`, `一、经济社会发展主要目标`.
GOAL_HEADING = re.compile(r"^[^。：:]{0,16}目标")
#: A year in a title or a goal heading: `…2024年重点工作…`, `（2023—2025年）` (the last one is taken).
TITLE_YEAR = re.compile(rf"(?P<y>{YEAR})年")
#: What joins two quantities sharing a verb: `建设50所学校和150个专业`.
CONJ_ONLY = re.compile(r"^(?:和|及|以及|与|、|，)?$")
#: A second subject sharing the verb of the quantity before it: `新增规上企业100家、高新技术企业200家`.
CONJ_SUBJECT = re.compile(r"^(?:和|及|以及|与|、)(?P<subj>[^，。；、\d]{2,20})$")
#: A subject must hold a word: two CJK characters or Latin letters.
WORDY = re.compile(rf"[{CJK}A-Za-z].*[{CJK}A-Za-z]")

# --- stable identifiers (render_facts.eli_path) ----------------------------------------------------------

#: A decree or announcement number without brackets: `民政部令第69号`, `国家发展改革委令2024年第7号`
#: (prefix: the issuer's series, year when printed, num).
ELI_DECREE = re.compile(rf"^(?P<prefix>[{CJK}]{{1,30}}?(?:令|公告))(?:(?P<year>(?:19|20)\d\d)年)?第(?P<num>\d{{1,5}})号$")
#: A number of the year: `2024年第20号` (公告 of a ministry), with an optional series before it.
ELI_YEAR_NUMBER = re.compile(rf"^(?P<prefix>[{CJK}]{{0,20}}?)(?P<year>(?:19|20)\d\d)年第(?P<num>\d{{1,5}})号$")
# --- the learned segmenter's line shapes (stages/segment/features.py) -----------------------------------

#: A metadata line of a numbered item: `发布时间：2024-05-06`, `发文机关：国务院办公厅`, `文号：国办发〔2024〕1号`,
#: `来源：中国政府网`. These are the field names government sites and compilers print, not words of any text.
META_FIELD = re.compile(r"^[【\[]?(?P<field>发布时间|发布日期|印发日期|成文日期|发文日期|发文时间|发文机关|发文单位|"
                        r"发布机关|发布机构|发布单位|文号|发文字号|来源|信息来源|索引号|主题分类|公文种类)[】\]]?\s*[:：]\s*(?P<value>.*)$")
#: A 令 header: `中华人民共和国国务院令`, `国家发展和改革委员会令`, `第N号` on its own line below it.
ORDER_HEADER = re.compile(rf"^[{CJK}]{{2,24}}令$")
ORDER_NUMBER = re.compile(rf"^第\s*[\d{CN_NUM}]{{1,6}}\s*号$")
#: A 令 header and its number on one line: `中华人民共和国国务院令　第735号`, `国家数据局令第3号` (white space
#: removed first; groups `h`: the header, `n`: 第N号).
ORDER_ONE_LINE = re.compile(rf"^(?P<h>[{CJK}]{{2,24}}令)(?P<n>第[\d{CN_NUM}]{{1,6}}号)$")
#: A numbered item of a compiler's list with its issuer in brackets: `1.【工信部】关于…`, `12、【国务院】…`.
NUMBERED_ITEM = re.compile(r"^\d{1,3}\s*[.．、]\s*【[^【】]{1,30}】")
#: The running number (and bracketed issuer) a compiler prints before an item's title: `1.【工信部】`,
#: `12. `, `（3）`; not part of the title.
ITEM_PREFIX = re.compile(r"^(?:\d{1,3}\s*[.．、]\s*(?:【[^【】]{1,30}】)?|[（(]\d{1,3}[）)])\s*(?=[^\d\s])")
#: The running number a compiler prints before an item that is a document's own title: `3. `, `12、`,
#: `（2）`, with the issuer in brackets after it (`5.【国办】`); unlike ITEM_PREFIX, a bracketed number may
#: be followed by a year (`（1）2023年…`), and a bare number never by a digit (`1.5倍`). Segment reads the
#: text after it as the title it numbers.
ITEM_NUMBER = re.compile(r"^(?:\d{1,3}\s*[.．、](?!\d)|[（(]\s*\d{1,3}\s*[）)])\s*(?:【[^【】]{1,30}】\s*)?")
#: What an ITEM_NUMBER holds besides the way its number is written: the digits, spaces, a bracketed
#: issuer. `3.【国办】` and `4. ` are written the same way (`.`), `（2）` another; segment tells a list's
#: items from a document numbered in a list of its own by it.
ITEM_NUMBER_STYLE = re.compile(r"\d+|\s+|【[^【】]*】")
#: The bracketed name in a running number (`5.【国办】` → 国办): the issuer, or the source, a compiler
#: names before an item's title.
BRACKET_ISSUER = re.compile(r"【(?P<org>[^【】]{1,30})】")
#: Words of an item label (`【权威解读】`, `【相关新闻】`) that tell the item's kind.
INTERPRETATION_LABEL = re.compile(r"解读|答记者问|问答|图解")
NEWS_LABEL = re.compile(r"新闻|报道|资讯|媒体")
#: A bracket label standing alone: `【政策解读】`, `【相关新闻】`, `【省级政策】`.
BRACKET_LABEL = re.compile(r"^[【\[［〖][^【】\[\]［］〖〗]{1,12}[】\]］〗]$")
#: A bracket label that names the kind of the item under it (`【政策解读】`, `【相关新闻】`, `【权威解读】`,
#: `【政策文件】`, `【政策动态】`): the next line is that item's title. Section names (`【国家层面】`) are not.
ITEM_KIND_LABEL = re.compile(r"^[【\[［〖][^【】\[\]［］〖〗]{0,8}(?:解读|答记者问|问答|图解|新闻|报道|资讯|动态|文件)"
                             r"[^【】\[\]［］〖〗]{0,4}[】\]］〗]$")
#: A title about an interpretation, named at its end: `《X》政策解读`, `关于《X》的解读说明`.
INTERPRETATION_TAIL = re.compile(r"解读(?:说明)?$")
# --- the kind of a document (converter/text/kinds.py) ---------------------------------------------
#: A heading that says it is an interpretation, wherever the name of the policy stands in it: `《X》政策解读`,
#: `关于《X》的解读说明`, `《X》系列解读文章之四 …`, `…负责人详解《X》`, `…负责人就《X》进行解读`, `一图读懂《X》`,
#: `…节假日安排六问`, `…政策问答`. (INTERPRETATION_HEAD only reads a heading that opens with 解读.)
INTERPRETATION_ANYWHERE = re.compile(
    rf"》[^《》]{{0,6}}解读(?:说明|材料)?$"                                  # 《X》政策解读, 关于《X》的解读
    rf"|系列解读|解读(?:文章)?之\s*[{CN_NUM}\d]{{1,3}}"                      # 系列解读文章之四, 解读之二
    rf"|(?:负责同志|负责人|发言人|司长|局长|主任|专家)[^《》，。]{{0,8}}?(?:详解|解读|解析|解答|谈|就)\s*"
    rf"(?:修订后的|新修订的|新出台的)?《"                                   # …负责人详解《X》
    rf"|^(?:一图读懂|一图看懂|一图了解|图解)"                                  # 一图读懂《X》
    rf"|[{CN_NUM}\d]{{1,3}}问(?:[{CN_NUM}\d]{{1,3}}答)?$|问答$"               # …六问, 十问十答, 政策问答
)
#: A news report's opening words, after any metadata and byline lines: a dateline (`新华社北京12月7日电`,
#: `据新华社北京 11 月 12 日电`, `人民网北京1月22日电`, `本报北京3月2日讯`), `本报讯`, `据…报道`, `央视网消息：`, `记者从…获悉`, a date
#: without a year (`12月5日，`, `11月1日是…`: official texts write the year), `近日，`, or an organisation
#: reported as having done something lately (`工业和信息化部近日印发通知`). Group-free; matched at a
#: paragraph's start.
NEWS_LEAD = re.compile(
    rf"^据?\s*(?:[{CJK}]{{1,12}}(?:社|报|网|台)(?:记者)?\s*)?[{CJK}]{{2,6}}\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:电|讯)"
    rf"|^(?:本报讯|本刊讯|本网讯|据[{CJK}]{{1,12}}(?:社|报|网|台)[{CJK}]{{0,6}}(?:消息|报道)|[{CJK}]{{1,12}}(?:社|报|网|台)消息\s*[：:，,])"
    rf"|^\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:上午|下午|晚间|晚)?\s*(?:[，,]|是)"
    rf"|^(?:近日|日前|近期)\s*[，,]"
    rf"|^(?:本报|本刊)?记者[^，。；]{{0,30}}?(?:获悉|了解到)"
    rf"|^[^，。；：《》]{{2,30}}?(?:近日|日前|近期)(?:联合)?(?:印发|发布|出台|召开|公布|举行|部署|启动|宣布)"
)
#: Lines that may stand between a news item's headline and its first sentence: metadata (`来源：…`), a date
#: and time with the site (`2019-01-23 13:05:46 来源：人民网`), a byline (`新华社记者`), names; not an addressee
#: (`各区人民政府：`), which opens an official text.
NEWS_PREAMBLE = re.compile(rf"^(?:\d{{4}}-\d{{2}}-\d{{2}}|[^，。；：:]{{0,40}}$)")
#: How a 简称 is defined right after the 《title》 it stands for: `《X》（以下简称《办法》）`, `《X》(简称“意见”)`
#: (groups `t`: the title, `a`: the short name).
TITLE_ALIAS = re.compile(r"《(?P<t>[^《》]{2,80})》[^《》（(]{0,12}[（(]" + ALIAS_DEF.pattern)
#: The subject of a title, what a report's headline takes over: `…关于组织推荐X的通知` → X (group `s`).
TITLE_SUBJECT = re.compile(r"关于(?:印发|发布|转发)?《?(?P<s>[^《》]{6,80}?)》?(?:的)?(?:通知|意见|方案|办法|规定|决定|公告|通告|细则|批复|函|措施)$")
#: A year in a title or headline (`2032年度`, `（2034—2036年）`, `2025年`): a headline often drops it, so a
#: subject is compared without it.
SUBJECT_YEAR = re.compile(rf"[（(]?{YEAR}\s*(?:[—–-]+\s*{YEAR}\s*)?年度?[）)]?")

#: A headline's first line that ends where someone signs an order (`李强签署国务院令`): the headline goes
#: on with what the order promulgates (`公布修订后的《…》`), though 令 ends titles elsewhere.
SIGNS_ORDER_END = re.compile(r"签署[^，。；]{0,16}令$")
#: What an order does, opening the line after SIGNS_ORDER_END: `公布《…》`, `发布…`.
PROMULGATES = re.compile(r"^(?:公布|发布)")
#: Articles, chapters and parts: `第一条`, `第三章`, `第一部分`, `第二节`.
ARTICLE = re.compile(rf"^第(?P<n>[{CN_NUM}\d]{{1,4}})条")
CHAPTER = re.compile(rf"^第[{CN_NUM}\d]{{1,3}}(?:章|节)")
PART = re.compile(rf"^第[{CN_NUM}\d]{{1,3}}部分")
#: A 文号 or 令 number anywhere in a line: `〔2024〕39号`, `令第69号`.
ORDER_NUMBER_IN = re.compile(rf"令\s*第\s*[\d{CN_NUM}]{{1,6}}\s*号")
#: A title's signature words for the 关于印发 family: `关于印发`, `印发《`.
ISSUING = re.compile(r"关于印发|印发《|发布《|转发《")
#: What a document issues, so that the issued text's own title printed after it goes on in the same document
#: (labeller.document_starts): its title `关于印发《X》的通知` (group `t`), a paragraph of its body that opens
#: with the issuing sentence `现将《X》印发给你们`, `《X》已经…通过，现予公布` (group `b`), or a decision's
#: clause approving it, `四、批准《X》。` (group `a`). A headline without
#: 关于 (`国务院印发《X》`: news) issues nothing, nor does a sentence inside prose that names 《X》.
ISSUED_BY_TITLE = re.compile(r"关于(?:印发|发布|公布|转发)[^《》]{0,20}《(?P<t>[^《》]{4,80})》")
ISSUED_IN_BODY = re.compile(r"^(?:现将)?《(?P<b>[^《》]{4,80})》[^。《》]{0,80}?(?:印发给你们|现予公布|现予发布|现予印发|予以公布|已经[^。《》]{0,60}通过)"
                            # a decision's clause that approves what it prints after it: `四、批准《X》。`
                            rf"|^(?:[{CN_NUM}]{{1,3}}、)?(?:决定)?批准《(?P<a>[^《》]{{4,80}})》")
#: Words of a document that issues another: in its title (`关于印发…`, `关于发布…`: ISSUES_IN_TITLE; a
#: headline `X印发《Y》` over Y's text issues nothing) or in its text (`现将…印发给你们`, `现予公布`,
#: `现印发如下`: ISSUES_IN_TEXT). Only such a document prints the title of what it issues after its
#: signature (labeller: an inner title elsewhere is not the model's to keep where the rules start a
#: document there).
ISSUES_IN_TITLE = re.compile(r"关于(?:印发|发布|公布|转发|颁布|下发|印送)")
ISSUES_IN_TEXT = re.compile(r"(?:印发|转发|下发|印送)给你们|(?:现予|予以)(?:公布|发布|印发)|现(?:将[^。]{0,80})?(?:印发|发布)如下")
#: Signatory with office title: `总理 李强`, `部长 王某某`, `主任：…`.
SIGNATORY = re.compile(rf"^(?:总理|副总理|部长|主任|局长|署长|行长|主席|省长|市长|厅长)\s*[{CJK}]{{2,4}}$")

# --- search terms (converter/site/search/terms.py; docs/assets/policy-search.js derives the same) ----
# Applied to normalised text (NFKC per character, lower case): brackets and digits are ASCII there.

#: A run of CJK ideographs for search bigrams: CJK plus the compatibility ideographs (U+F900–U+FAFF),
#: which NFKC does not always fold (a compatibility ideograph typed in a query must still match).
SEARCH_CJK = rf"{CJK}\uf900-\ufaff"
SEARCH_CJK_RUN = re.compile(f"[{SEARCH_CJK}]+")
#: A Latin/digit search token (`5g`, `rcep`, `2024`).
SEARCH_WORD = re.compile(r"[a-z0-9]+")
#: A 文号 in normalised text: `发改环资[2024]1104号` (any bracket style once normalised; 第 and 号
#: optional, as typed in a query) or `2024年第5号`; prefix groups hold the issuing body's abbreviation.
SEARCH_DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{SEARCH_CJK}a-z]*)\s*[〔\[【(]\s*(?P<year>(?:19|20)\d\d)\s*[〕\]】)]\s*第?\s*(?P<num>\d{{1,5}})\s*号?"
    rf"|(?P<prefix2>[{SEARCH_CJK}a-z]*?)(?P<year2>(?:19|20)\d\d)\s*年\s*第\s*(?P<num2>\d{{1,5}})\s*号")
#: Characters search drops before anything else: soft hyphen, zero-width and direction marks, BOM.
SEARCH_ZERO_WIDTH = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
#: The year of an issue in the URL of a document's source: `issues/2024-03-no12-….html` (19xx–21xx: the
#: benchmark's 1,000 monthly issues run to 2103, and an issue of 2100 is no undated one).
ISSUE_URL_YEAR = re.compile(r"(?:^|/)issues/((?:19|20|21)\d\d)-")
