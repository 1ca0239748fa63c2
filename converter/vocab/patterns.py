"""Every regular expression of the converter, named and commented, in one place.

Stages import the names they need; no other module compiles a pattern of its own.
"""
from __future__ import annotations

import re

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
#: full-width punctuation only; a space between two CJK words (`中共中央 国务院`) is kept.
SPACE_AROUND_DIGIT = re.compile(rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef])[ \t\u3000]+(?=\d)|(?<=\d)[ \t\u3000]+(?=[{CJK}\u3000-\u303f\uff00-\uffef])")
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
#: Publisher imprint footer: `中国重型机械工业协会 编` optionally followed by a page number.
IMPRINT_FOOTER = re.compile(rf"^[{CJK}（）()]{{2,30}}\s*编\s*\d{{0,4}}$")
#: Running title footer: `政策汇编（2024年 8月）总第 6期`.
RUNNING_TITLE = re.compile(r"^.{0,12}政策(?:汇编|速览)\s*[（(].{2,20}[）)]\s*(?:总第\s*\d+\s*期)?\s*\d{0,4}$")
#: Editor credit: `■责任编辑：…`.
EDITOR_CREDIT = re.compile(r"^[■□◆●]?\s*(?:责任编辑|编辑|校对|审核)\s*[:：]")
#: Stray link from the PDF's producer: `file:///C:/…`, `http://…` alone on a line.
STRAY_URL = re.compile(r"^(?:file|https?)://\S*$", re.I)
#: A digit run, to compare lines that differ only in their page numbers.
DIGITS = re.compile(r"\d+")

# --- cover and table of contents ----------------------------------------------------------------

#: The TOC heading: `目 录`, `目录`.
TOC_HEADING = re.compile(r"^目\s*录$")
#: A TOC entry: optional running number, title, leader (dots, ellipses, middle dots, tab or
#: nothing when the page number is glued to the title), page number at the end.
TOC_ENTRY = re.compile(
    r"^(?:(?P<num>\d{1,3})\s*[.．、]\s*)?(?P<title>.*?[^\d\s.．…·])[\s.．…·]*(?P<page>\d{1,3})$"
)
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
#: A line that is only a date, possibly bracketed: the date of a signature block.
DATE_LINE = re.compile(rf"^[（(]?\s*(?:(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[〇零一二三四五六七八九○Ｏ]{{4}}年[{CN_NUM}]{{1,3}}月[{CN_NUM}]{{1,3}}日)\s*[）)]?$")
#: `（此件公开发布）`, `（此件主动公开）`, `（此件不公开）`: closes a document's signature.
PUBLICATION_NOTE = re.compile(r"^[（(]此件[^（()）]{2,12}[）)]$")
#: A compiler's bracketed remark on its own line: `（本文有删减）`, `（有删节）`, `（节选）`, `（摘编）`.
EDITOR_NOTE = re.compile(r"^[（(](?:本文|全文|原文|内容)?(?:有)?(?:删减|删节|节选|摘编|摘录|略有删改)[）)]$")
#: A signature printed on one line with its date: `工业和信息化部办公厅 2024年7月9日`. (The lookahead
#: fails a line not ending in 日 before the lazy issuer part tries every length: 2.7× faster.)
SIGNATURE_DATE_LINE = re.compile(
    rf"^(?=.*日$)(?P<orgs>[{CJK}][{CJK}、 ]{{1,60}}?)\s*(?P<date>(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)$")
#: A promulgation note under a title: `（民政部令第69号……2024年1月8日公布，自…起施行）`.
PROMULGATION_NOTE = re.compile(r"^[（(][^（()）]{0,80}(?:通过|公布|发布|施行|令第)[^（()）]{0,120}[）)]$")
#: `…1月8日公布`, `2024年1月8日发布`: the date a note says the text was published (year optional).
PUBLISHED_ON = re.compile(r"(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:公布|发布|印发)")
#: An opening `7月25日下午，` or `2024年7月25日，` that dates a report or a press conference.
OPENING_DATE = re.compile(r"^(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:上午|下午|晚间|晚)?\s*[，,]")
#: A month-day date at the start of a 政策速览 entry: `11月2日，`, `12月 26日，`.
DIGEST_ENTRY = re.compile(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*[，,]")
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
#: Interpretation headings: `解读 | 《…》`, `专家解读之一丨…`, `解读一 …`, `政策解读：…`, `图解：…`.
INTERPRETATION_HEAD = re.compile(
    rf"^(?:(?:专家|政策|权威|深度|官方)?解读|图解|一图读懂)(?:之?[{CN_NUM}\d]{{1,3}})?\s*(?:[{BAR}:：]|\s)"
)
#: `…负责同志就《…》答记者问`, `…负责人就…答记者问`, `…答记者问`.
PRESS_QA = re.compile(r"(?:答记者问|回答记者提问|接受.{0,8}采访)$")
#: A press conference heading.
PRESS_CONFERENCE = re.compile(r"(?:新闻发布会|发布会|吹风会)")
#: Who speaks about which policy: `国家发展改革委有关负责同志就《…》答记者问`.
SPEAKER_ON = re.compile(r"^(?P<who>.+?)(?:有关|相关)?(?:负责同志|负责人|司长|局长|主任).{0,6}就\s*《(?P<t>.+?)》")
#: Compiler headline: `国务院印发《…》`, `工信部等九部门联合印发《…》`, `…发布《…》`.
COMPILER_HEADLINE = re.compile(
    r"^(?P<who>[^《》]{2,60}?)\s*(?:近日|日前)?\s*(?:联合)?(?:印发|发布|出台|公布|修订|批复了?|明确)\s*[了]?\s*《(?P<t>.+)》(?:的?通知)?$"
)
#: Headline of an announcement of a call/selection: `…征集工作启动`, `…遴选工作启动`.
LAUNCH_HEADLINE = re.compile(r"(?:工作启动|正式启动|开始申报|启动申报|工作的通知|正式发布|发布实施|政策明确)$")
#: Headline of a call the compiler reports: `工信部组织开展…案例征集工作`, `…公开征集…委员`, `…申报推荐工作`.
CALL_HEADLINE = re.compile(r"(?:组织开展|开展|启动|部署|公开征集|征集)[^，。；《》]{2,60}?(?:征集|申报|推荐|遴选|评选|认定|评估|培育|试点)(?:工作|活动)?(?:事项)?$|公开征集[^，。；]{2,40}$")
#: What separates issuer names printed on one line: spaces or 、.
ORG_SEPARATOR = re.compile(r"[\s、]+")
#: The start of a title of its own: `关于…`, or an organisation name directly followed by `关于`.
NEW_TITLE_START = re.compile(rf"^(?:关于|[{CJK}]{{2,24}}?(?:部|委|委员会|局|厅|署|院|办公室|办公厅|政府|中心)(?:等[\d{CN_NUM}]+个?部门)?关于)")
#: A headline's subtitle naming the policy: `…——《关于…的批复》正式发布`.
DASH_SUBTITLE = re.compile(r"——\s*《[^《》]{4,80}》")
#: A promulgation notice that opens a document: `《X》已于2024年6月3日由…通过，现予公布，自…起施行。`
PROMULGATION_LEAD = re.compile(r"^《(?P<t>[^《》]{4,80})》(?:已于|已经|经).{0,80}?(?:现予公布|现予发布|现予印发|予以公布)")
#: Phrases by which a document says it issues the 《title》 it names (its inner title follows).
ISSUES_PHRASE = re.compile(r"印发给你们|现印发|予以公布|现予公布|现予发布|发布实施|已经国务院同意")
#: `关于印发《X》的通知`: the 通知 issues X (X follows after the signature).
ISSUES_INNER = re.compile(r"(?:印发|发布|转发|公布)\s*《?(?P<t>[^《》]{2,80}?)》?\s*的?通知")
#: Addressee line after the title: `各省、自治区、直辖市人民政府，…：`.
ADDRESSEE = re.compile(r"^(?:各|有关|[{}]{{1,12}}(?:人民政府|部|委|厅|局)).{{0,400}}[:：]$".format(CJK))

# --- body structure ----------------------------------------------------------------------------

#: Level-1 heading `一、总体要求`.
H1_CN = re.compile(rf"^[{CN_NUM}]{{1,3}}\s*[、．.]\s*")
#: Level-2 heading `（一）指导思想` with full- or half-width parentheses.
H2_CN = re.compile(rf"^[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]\s*")
#: Level-3 heading `1. 工业母机`, `1、`, `1．`.
H3_NUM = re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*")
#: Level-4 heading `（1）`.
H4_NUM = re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")
#: Ordinal prose lead: `一是…`, `第一，…` — paragraph, never a heading.
ORDINAL_LEAD = re.compile(rf"^(?:[{CN_NUM}]是|第[{CN_NUM}]+[，,、])")
#: The first sentence of a numbered paragraph (to bold it): up to the first 。 or ：.
LEAD_SENTENCE = re.compile(r"^(?P<lead>[^。：:]{2,60}[。：:])(?P<rest>.+)$")
#: Attachment heading: `附件`, `附件1`, `附件 2：…`, `附：`.
ATTACHMENT = re.compile(r"^(?:附件\s*\d{0,2}|附)\s*[:：]?\s*(?P<t>.{0,60})$")
#: A boxed feature `专栏 1 智能装备创新发展工程`.
COLUMN_BOX = re.compile(r"^专栏\s*\d{0,2}\s*[:：]?\s*(?P<t>.*)$")
#: A question/answer turn `问：…`, `答：…`, `记者：…`, `主持人：…`.
QA_TURN = re.compile(r"^(?P<who>问|答|记者|主持人|提问|回答|[{0}]{{2,6}}(?:司长|局长|主任|部长|副部长|负责人|发言人))\s*[:：]\s*(?P<text>.*)$".format(CJK))
#: A complete paragraph ends with terminal punctuation, then any closing quotes and brackets (`……。”`);
#: one without it was cut by the page or the wrap. Tested with string methods (clean.ends_terminal):
#: a regex search for it tries every position of the line, five times slower.
TERMINAL_PUNCT = "。！？；：!?;:"
CLOSING_MARKS = "'’”」』）)"
#: Sentence punctuation inside a line: such a line is prose, not a title.
PROSE_PUNCT = re.compile(r"[，。；]")

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
#: A provincial body: `江苏省…`, `省…`, `广西壮族自治区…`.
PROVINCIAL_BODY = re.compile(rf"^(?:[{CJK}]{{2,3}}省|省|[{CJK}]{{2,6}}自治区)")
#: A back-cover line closing the last document of an issue: address, phone, an English name.
BACK_COVER = re.compile(r"^(?:地址|电话|传真|邮箱|邮编|网址|E-?mail)\s*[:：]|^[A-Za-z][A-Za-z .,&'-]+$", re.I)
#: A section heading of an issue (not a document): 政策速览, 国家政策, `江苏省政策`, 行业动态 ….
SECTION_HEADING = re.compile(rf"^(?:政策速览|政策解读|政策文件|国家政策|地方政策|省级政策|市级政策|国家级政策|"
                             rf"[{CJK}]{{2,3}}(?:省|市|自治区)政策|行业动态|要闻|专题)$")
#: The `编 2024` tail of a publisher line on a cover (`某某协会 编`).
EDITED_BY_TAIL = re.compile(r"\s*编\s*\d*$")
#: A link target in Markdown (`](target)`) or in raw HTML (`href="…"`, `src="…"`), for the page cache.
LOCAL_LINK = re.compile(r"""\]\((?P<md>[^)\s]+)(?:\s+"[^"]*")?\)|\b(?:href|src)=["'](?P<html>[^"']+)["']""")
#: Markdown syntax anywhere in a line (escaped with a backslash when input text is rendered).
MD_INLINE = re.compile(r"([\\`*_\[\]{}#|~!])")
#: Markdown syntax at the start of a line: an ordered-list number `1.`, or `- + > =`.
MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+>=])")

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

# --- the learned segmenter's line shapes (stages/segment/features.py) -----------------------------------

#: A metadata line of a numbered item: `发布时间：2024-05-06`, `发文机关：国务院办公厅`, `文号：国办发〔2024〕1号`,
#: `来源：中国政府网`. These are the field names government sites and compilers print, not words of any text.
META_FIELD = re.compile(r"^[【\[]?(?P<field>发布时间|发布日期|印发日期|成文日期|发文日期|发文时间|发文机关|发文单位|"
                        r"发布机关|发布机构|发布单位|文号|发文字号|来源|信息来源|索引号|主题分类|公文种类)[】\]]?\s*[:：]\s*(?P<value>.*)$")
#: A 令 header: `中华人民共和国国务院令`, `国家发展和改革委员会令`, `第N号` on its own line below it.
ORDER_HEADER = re.compile(rf"^[{CJK}]{{2,24}}令$")
ORDER_NUMBER = re.compile(rf"^第\s*[\d{CN_NUM}]{{1,6}}\s*号$")
#: A numbered item of a compiler's list with its issuer in brackets: `1.【工信部】关于…`, `12、【国务院】…`.
NUMBERED_ITEM = re.compile(r"^\d{1,3}\s*[.．、]\s*【[^【】]{1,30}】")
#: The running number (and bracketed issuer) a compiler prints before an item's title: `1.【工信部】`,
#: `12. `, `（3）`; not part of the title.
ITEM_PREFIX = re.compile(r"^(?:\d{1,3}\s*[.．、]\s*(?:【[^【】]{1,30}】)?|[（(]\d{1,3}[）)])\s*(?=[^\d\s])")
#: Words of an item label (`【权威解读】`, `【相关新闻】`) that tell the item's kind.
INTERPRETATION_LABEL = re.compile(r"解读|答记者问|问答|图解")
NEWS_LABEL = re.compile(r"新闻|报道|资讯|媒体")
#: A bracket label standing alone: `【政策解读】`, `【相关新闻】`, `【省级政策】`.
BRACKET_LABEL = re.compile(r"^[【\[［〖][^【】\[\]［］〖〗]{1,12}[】\]］〗]$")
#: Articles, chapters and parts: `第一条`, `第三章`, `第一部分`, `第二节`.
ARTICLE = re.compile(rf"^第[{CN_NUM}\d]{{1,4}}条")
CHAPTER = re.compile(rf"^第[{CN_NUM}\d]{{1,3}}(?:章|节)")
PART = re.compile(rf"^第[{CN_NUM}\d]{{1,3}}部分")
#: A 文号 or 令 number anywhere in a line: `〔2024〕39号`, `令第69号`.
ORDER_NUMBER_IN = re.compile(rf"令\s*第\s*[\d{CN_NUM}]{{1,6}}\s*号")
#: A title's signature words for the 关于印发 family: `关于印发`, `印发《`.
ISSUING = re.compile(r"关于印发|印发《|发布《|转发《")
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
#: The year of an issue in the URL of a document's source: `issues/2024-03-no12-….html`.
ISSUE_URL_YEAR = re.compile(r"(?:^|/)issues/((?:19|20)\d\d)-")
