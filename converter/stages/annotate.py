"""Validity, citations, anchors and quantified targets read from a document's body: pure functions.

Input: a document as a sequence of blocks, each `(kind, text)` with kind one of the converter's block
kinds (h2 h3 h4 p lead qa table signature attachment note title docno date column_start column_end:
see `converter.extract.structure`; a table's text may be empty). `records.Block` objects are accepted
too (their `kind` and `text` are read). Output: frozen dataclasses; every fact keeps a `Span(block,
start, end)`, character offsets into that block's text as given (block −1 is the `title` argument).

Text is read in a normalised form, the facts' string fields hold that form: full-width digits and
letters made ASCII, ％ → %, ．between digits → ., ○/Ｏ next to Chinese numerals → 〇, and white space
dropped unless it separates two ASCII letters or a letter and a digit (PDF extraction leaves
`2025 年 1 月` and `20 25`). Spans are mapped back to the text as given, so
`text[span.start:span.end]` is the printed stretch.

Validity (`validity(blocks, doc_date, title)`)
    Only statements about the document itself count. A commencement / validity period is the
    document's own when the clause before it is empty, or `本X` / `此X` / `该X` (X a 文种 such as 办法,
    条例, 实施细则, optionally `（试行）`), optionally after an article or heading number (`第三十九条`,
    `五、`); or a promulgation note (`…令第712号公布　自…起施行`, `《X》已经…通过，现予公布，自…起施行`);
    or `《T》自…起施行` where T is the document's own title. `《条例》自…起施行` in an interpretation is
    about another document and is not read. Several candidates: `本X` whose X is the title's 文种 (or the
    文种 of the document a `关于印发《…》的通知` issues) wins over a promulgation note, which wins over
    the rest; then the first in the text.
    A paragraph that stops without closing punctuation is read on into the next paragraph block (a
    page break or a blank line cut it: `…有效期至` / `2035年12月31日。`); the span stays in the first.
    * commencement: `自2025年1月1日起施行` → that date (rule "date"); `自印发/公布/发布之日起施行`
      → rule "on_issue", date = the document date when known (plus N days for `之日起N日后施行`).
      Verbs read: 施行 实施 执行 生效 试行.
    * expiry: the last day in force. `有效期至2027年12月31日` / `有效期到2027年底` → that day;
      `有效期N年` / `有效期为N年` → commencement date (else the document date) + N years − 1 day
      (2025-01-01 + 5 years → 2029-12-31); unknown base → date None, years N. Also 有效期限, 执行期,
      实施期限, 试行期, `试行两年`.
    * trial: `（试行）`, 试行, 暂行 in the title (span in block −1, or in the title block when the title
      is one of the blocks), else a body commencement `自…起试行` / a 试行期.
    * repeals: a repeal word (同时废止, 予以废止, 废止, 同时失效, 不再执行, 停止执行 …) with the
      citations it governs: those after it up to the end of the sentence when the word comes first
      (`同时废止《A》和《B》`, `下列文件同时废止：` + a list in the following blocks), else the clauses
      before it in its sentence, walking back while each clause holds a citation (`《A》（…〔2019〕12号）、
      2001年…令第15号发布的《B》同时废止`). A citation is a 《title》 and/or a 文号. Words such as
      `修改、废止有关法规` without a citation are not repeals; nor is a partial repeal
      (`《A》中有关…的规定不再施行`); `《A》第五条同时废止` is kept with article 5.
    * amends: `对《A》作如下修改` and a title `关于修改《A》的决定` (relation "amends": this document
      changes A); `根据《B》第一次修订`, `根据国务院关于修改《A》的决定修订`, `…令第773号第二次修订`
      (relation "amended_by": this text was revised by B).

Citations (`citations(text)`, `document_citations(blocks)`)
    A 《title》 (nested 〈〉 and nested 《》 kept in the title), with a 文号 in brackets right after it
    (`（国发〔2019〕5号）`, `（国务院令第712号）`) or a decree number right before it (`…令第76号公布的
    《…》`), and an article reference right after it (`第十二条`, `第三十五条第二款`, lists such as
    `第七条第三款、第八条第一款`: one citation per article, each span from the title to its article).
    Self-references `本条例第四十条` (title and doc_number None). Bare 文号 (`苏政发〔2019〕12号`,
    `国务院令第712号`, `第773号国务院令`) as citations with title None. Numerals → int via cn2an.
    `（以下简称《条例》）` defines an alias: the definition is not a citation, later `《条例》` cite the
    full title (within one text for `citations`, across blocks for `document_citations`).

Anchors (`anchors(blocks)`)
    Ids are made from the numbering printed in the text, never from a block's position in the document:
    `第十二条` → `art-12` (`第十二条之一` → `art-12-1`), `第二章` → `ch-2`, `第一节` in 第二章 →
    `ch-2-sec-1`, `三、` → `h-3`, `（二）` under 三、 → `h-3-2` (no 一、 before it: `h-0-2`), a heading
    `1.` → `h-3-2-1`; inside an article `（一）` is an item (项) `art-12-i-1` and `1.` a sub-item
    `art-12-i-1-1`; an attachment block `附件2` → `att-2`, and everything after it is prefixed
    `att-2-` (attachments restart their numbering). Every other block with text is a paragraph
    numbered within its parent, the nearest anchor above it: `h-3-2-p-1`, `h-3-2-p-2`; in an article
    the article's own block is its 第一款 and the next paragraphs are `art-12-p-2`, `art-12-p-3`
    (= 第十二条第二款, 第三款: `article_anchor(12, 2)`); before any numbered block `p-1`, `p-2`.
    A repeated id (the same numbering printed twice) gets `-2`, `-3` in order. Stable: changing the
    text of a paragraph changes no id; inserting a paragraph changes only the ids of the paragraphs
    after it under the same parent; headings, articles and paragraphs elsewhere keep theirs.
    kind: article chapter section heading item attachment paragraph; number: the printed number (a
    paragraph's: its place under its parent); label: `第十二条`, the heading's text (≤ 40 characters),
    `（一）`, `第十二条第二款`, `第2段`.

Targets (`targets(blocks, doc_date=None)`)
    A quantified target is a quantity the document sets as a goal: a number with a unit of the
    vocabulary (converter/data/annotate.yaml: %, 个百分点, 元, 家, 个, 项, 辆, 吨, 千瓦 …; durations and
    ages are not units) governed by a level verb (达到 下降 提高 超过 不低于 控制在 累计 力争 …) or an
    output verb (新增 培育 建设 打造 …) in the same clause, with a subject (a noun phrase: before the
    verb `新能源汽车年销量达到1000万辆`, between verb and number `新增残疾人就业800人以上`, after the
    number `建设50所高水平高等职业学校`, or between number and a final verb `100个示范社区全面建成`;
    `和150个骨干专业` / `、高新技术企业200家` share the verb before; `A和B分别达到90%和95%` gives each
    its subject; `由2%提高至3%` keeps the subject before 由), and either
    * a target-year frame before it in its paragraph (`到2025年`, `力争到2027年底`, `2025年前`,
      `2023年至2025年`, `到“十四五”末` = 2025, `到二〇三五年`; the frame runs to the end of the paragraph
      and into list items that follow a paragraph ending in a colon); a clause opening with a year
      (`2020年初步建成…`) frames its sentence when doc_date is given; a section under a heading with
      目标 (`二、主要目标`) is framed, its year the heading's or the title's (else None); a frame whose
      year is before the document's (doc_date given) makes its quantities reports, never targets; or
    * a target qualifier (以上 左右 以内 上下; 以下 after a lowering verb) or a goal word (力争 争取
      确保 目标 预期 累计 …) in the clause: `全国万元GDP能耗降低3%左右`.
    Not a target: a number without a unit or with a duration (dates, article numbers, 文号, phone
    numbers, `3年以上`, `6个月`); a clause that reports (已 截至 同比 目前 …, a verb followed by 了, 约 /
    近 before the number); a rule or penalty (不得 应当 原则上 罚款 …); a condition or a modifier
    (`…10%的`, `500万元以上的`, `持有50%以上股权的公司`); a range (`2万元以上5万元以下`, `5—10家`); a
    subsidy, award or fee (奖励 补助 补贴 … anywhere in the clause; 给予 按 最高 一次性 费率 … with a
    money or percent quantity: `给予最高50万元奖励`, `按30%给予补助`); a rank (`前10名`); a Chinese
    numeral of one character (`一个`, `三家`); tables, titles and furniture blocks. year: the frame's
    year, else None. quantity: as printed (normalised), with 多/余, the qualifier and a rate's 每万人
    (`10万家以上`, `每万人200台以上`). value: float in the unit's base, magnitudes folded in
    (1000万辆 → 10000000.0 辆, 2000亿元 → 200000000000.0 元). verb: the verb words as printed
    (`累计培育`, `达到`).

Status (`status(validity, today, repealed_by=None)`), the rule the browser applies too; dates are
ISO strings (`YYYY-MM-DD`) compared as strings, `today` a date or such a string:
    1. repealed_by is not None (another document repeals this one) → 已废止;
    2. else an expiry date and today > expiry date → 已到期 (the expiry day itself is in force);
    3. else a commencement date and today < commencement date → 尚未施行;
    4. else a commencement (a date, or "on_issue" even with the date unknown: a document we have has
       been issued) or an expiry date → 现行有效;
    5. else → 未注明.

Script mode: `python -m converter.stages.annotate FILE...` reads text files of one document each (one
paragraph per line, the title first), guesses block kinds the way `extract.structure` marks them, and
prints what it finds; `--index index.json` takes titles and dates from a corpus index; `--summary`
prints the counts only.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as _dt
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import cn2an

from converter.vocab import patterns as P
from converter.text.doc_numbers import doc_numbers
from converter.vocab.vocabulary import DATA, load_yaml, trie_pattern

# ======================================================================================================
# Vocabulary (converter/data/annotate.yaml): the words the target patterns below are built from
# ======================================================================================================

VOCAB_FILE = DATA / "annotate.yaml"
_V = load_yaml(VOCAB_FILE)
#: unit → its kind: percent, money, count, measure.
UNIT_KIND: dict[str, str] = {u: kind for kind, units in _V["units"].items() for u in units}
#: magnitude word → factor (万 → 1e4).
MAGNITUDE: dict[str, float] = {k: float(v) for k, v in _V["magnitudes"].items()}
QUALIFIERS: frozenset[str] = frozenset(_V["qualifiers"])


def _words(key: str) -> str:
    """A regex source matching any word of the vocabulary list `key`, the longest at each position."""
    return trie_pattern(_V[key])


# ======================================================================================================
# Regular expressions (every one named and commented; to be moved into converter/patterns.py)
# ======================================================================================================


#: A named group's opening in a pattern's source (`(?P<y>`), made plain when a pattern is embedded.
GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _anonymous(rx: re.Pattern) -> str:
    """A pattern's source with its named groups made plain groups, to embed it in another pattern."""
    return GROUP_NAME.sub("(?:", rx.pattern)


#: Chinese digits (with the two zeros and 两) and the numerals that also hold 十百千万亿.
_CN_DIGITS = "〇零一二两三四五六七八九"
_CN_NUMERAL = _CN_DIGITS + "十百千万亿"
#: A number written with digits or Chinese numerals: `12`, `一百二十三`, `二〇二五`.
_NUMERAL = rf"(?:\d+|[{_CN_NUMERAL}]+)"
#: A year with digits or Chinese digits: `2025`, `二〇二五`.
_YEAR = r"(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})"
#: Clause and sentence punctuation (strings for `_pieces`, not patterns).
_SENTENCE_ENDS = "。；;！？!?"
_CLAUSE_ENDS = _SENTENCE_ENDS + "，,：:"
_OPENING, _CLOSING = "（(《〈“「【〔［[", "）)》〉”」】〕］]"
#: What `_pieces` looks at: brackets and quotes (not cut inside) and clause punctuation.
PIECE_MARK = re.compile("[" + re.escape(_OPENING + _CLOSING + _CLAUSE_ENDS) + "]")
#: The marks of a 《title》, outer and nested.
TITLE_MARK = re.compile(r"[《》]")

# --- normalisation -------------------------------------------------------------------------------------

#: A character the normalised view changes: white space, full-width digits/letters, ％, ．, ○, Ｏ.
NEEDS_NORMALISING = re.compile(r"[\s\u00a0\u2002-\u200b\u3000\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a○Ｏ]")
#: A run of white space: dropped unless it separates two ASCII letters or a letter and a digit.
SPACE_RUN = re.compile(r"[\s\u00a0\u2002-\u200b\u3000]+")
#: A circle or a full-width O written for 〇 inside a Chinese numeral (`二○二五年`).
ZERO_LIKE = re.compile(rf"[○Ｏ](?=[{_CN_DIGITS}○Ｏ年])|(?<=[{_CN_DIGITS}○Ｏ])[○Ｏ]")
#: A full-width point between digits (`13．5%`), after the digits were made ASCII.
FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")

# --- dates ---------------------------------------------------------------------------------------------

#: A date with digits or Chinese numerals (converter.patterns DATE, DATE_CN), no groups of its own.
_ANY_DATE = rf"(?:{_anonymous(P.DATE)}|{_anonymous(P.DATE_CN)})"
#: The end of a year or a month: `2027年底`, `2027年末`, `2025年12月底`.
PERIOD_END = re.compile(rf"(?P<y>{_YEAR})年(?:(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月)?(?:底|末)")

# --- validity ------------------------------------------------------------------------------------------

#: A commencement: `自2025年1月1日起施行`, `于2022年3月1日起施行`, `自印发之日起施行`,
#: `自公布之日起30日后施行`, `自二〇二五年一月一日起试行`. Whose commencement it is, the clause
#: before it says (SELF_PREFIX, PROMULGATED_NOTE).
COMMENCEMENT = re.compile(
    rf"(?:自|从|于)?(?:(?P<date>{_ANY_DATE})|(?P<issue>(?:印发|公布|发布|颁布|下发|发文|公告|签发)之日))起?"
    rf"(?:(?P<delay>\d{{1,3}})日后)?(?P<verb>施行|实施|执行|生效|试行)")
#: The clause before a commencement or a validity period when it is the document's own: an optional
#: article or heading number, then nothing or `本X` / `此X` / `该X` (X: the 文种 the text calls itself,
#: optionally `（试行）`), optionally followed by 的 / 规定.
SELF_PREFIX = re.compile(
    rf"^(?:第{_NUMERAL}条|[{P.CN_NUM}]{{1,3}}[、.．]|[（(][{P.CN_NUM}\d]{{1,3}}[）)]|\d{{1,2}}[.．、])?[“\"]?"
    rf"(?:[本此该](?P<kind>[{P.CJK}]{{1,10}}?)(?P<qual>[（(][^（）()]{{1,10}}[）)])?(?:的规定|规定|的)?)?$")
#: A promulgation note's clause before its commencement: `…国务院令第712号公布`, `…常务会议通过`.
PROMULGATED_NOTE = re.compile(r"(?:公布|发布|通过|印发|修订|修正)$")
#: A quoted title standing alone before a commencement: `《国务院关于…的规定》自…` (then compared with
#: the document's own title).
QUOTED_ALONE = re.compile(r"^(?:修订后的)?《(?P<t>[^《》]+)》$")
#: Words a validity period is named by: 有效期, 有效期限, 执行期限, 实施期限, 试行期 ….
_PERIOD_WORD = r"(?:有效期限?|执行期限?|实施期限?|试行期限?|施行期限?)"
#: A period running to a day: `有效期至2027年12月31日`, `有效期到2027年底`, `有效期为2025年1月1日至
#: 2027年12月31日`, `有效期自印发之日起至2026年6月30日止`.
EXPIRY_UNTIL = re.compile(
    rf"(?P<word>{_PERIOD_WORD})(?:为|暂定为?|是)?(?:自?[^，。；至]{{0,24}}?起?)?(?:至|到|截至|截止到?|截止至)"
    rf"(?:(?P<date>{_ANY_DATE})|(?P<end>{_anonymous(PERIOD_END)}))止?")
#: A period of N years: `有效期5年`, `有效期为五年`, `有效期暂定3年`, `试行期两年`, `试行两年`.
EXPIRY_YEARS = re.compile(
    rf"(?P<word>{_PERIOD_WORD}(?:为|暂定为?|是)?|试行)(?P<n>\d{{1,2}}|[一二两三四五六七八九十]{{1,2}})年(?![\d月底末以])")
#: Trial words in a title: `（试行）`, `暂行办法`, `暂行条例`, `试行办法` (not `关于扩大试行范围的通知`).
TRIAL_IN_TITLE = re.compile(r"[（(]试行[）)]|(?:暂行|试行)(?=管理办法|实施办法|办法|规定|条例|细则|方案|措施|规则|标准|意见)")
#: A 文种 word the document may call itself by, when it is named in the sentence of a period
#: (`本办法…，有效期5年`): the sentence is then about the document.
SELF_WORD = re.compile(
    rf"[本此该](?:[{P.CJK}]{{0,6}}?)(?:办法|规定|条例|通知|意见|方案|决定|细则|措施|政策|规则|公告|通告|文件|指南|"
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
REPEAL_OBJECT_AFTER = re.compile(r"[:：]?(?:《|下列|以下|如下|[{0}A-Za-z]{{1,14}}[〔\[［（(【](?:19|20)\d\d)".format(P.CJK))
#: `对《A》作如下修改`, `决定对《A》（国发〔2019〕5号）的部分条款予以修改`, `对《A》进行修订`.
AMEND_OBJECT = re.compile(
    r"对(?P<cit>《[^《》]+》(?:[（(][^（）()]{2,40}[）)])?)(?:的?部分条款|中的?部分条款|有关条款|部分内容)?"
    r"(?:作|作出|进行|予以)(?:如下|以下)?(?:修改|修订|修正)")
#: `根据2018年9月18日《国务院关于修改部分行政法规的决定》第一次修订`, `根据国务院关于修改《A》的决定修订`,
#: `根据…会议《关于修改〈…〉等八部法律的决定》第二次修正`: this text was amended by the cited decision.
AMENDED_BY = re.compile(
    rf"根据(?:{_ANY_DATE})?[^，。；《》]{{0,40}}?(?P<by>《[^《》]+》|[^，。；《》]{{2,40}}?关于修改《[^《》]+》"
    rf"(?:等[^，。；《》]{{0,12}})?的决定)(?:第[{_CN_NUMERAL}\d]{{1,3}}次)?(?:修订|修正|修改)")
#: `2024年1月22日中华人民共和国国务院令第773号第二次修订`: amended by a decree named by its number.
AMENDED_BY_DECREE = re.compile(rf"(?P<no>[{P.CJK}]{{2,24}}令第\d{{1,5}}号)(?:第[{_CN_NUMERAL}]{{1,3}}次)?(?:修订|修正)")
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
    rf"(?P<no>[{P.CJK}A-Za-z]{{2,30}}?(?:令|公告)(?:(?:19|20)\d\d年)?第\d{{1,5}}号|"
    rf"[{P.CJK}A-Za-z]{{1,14}}[〔\[［（(【](?:19|20)\d\d[〕\]］）)】]\d{{1,5}}号)(?:文件)?(?:公布|发布|印发|下发)?的?$")
#: A decree number in running text: `国务院令第712号`, `国家市场监督管理总局令第52号`, `商务部公告2023年第4号`.
DECREE_NUMBER = re.compile(rf"[{P.CJK}]{{2,30}}?(?:令|公告)(?:(?:19|20)\d\d年)?第\d{{1,5}}号")
#: A decree number written the other way round: `第773号国务院令`.
DECREE_INVERTED = re.compile(rf"第(?P<n>\d{{1,5}})号(?P<org>[{P.CJK}]{{2,12}}?)令")
#: An alias defined after a citation: `（以下简称《条例》）`, `以下简称“办法”`.
ALIAS_DEF = re.compile(r"(?:以下简称|以下称|下称|简称)[《“\"](?P<a>[^《》“”\"]{1,20})[》”\"]")
#: The words before a 《title》 that make it an alias being defined, not a citation.
ALIAS_BEFORE = re.compile(r"(?:以下简称|以下称|下称|简称)$")
#: An alias in quotes in brackets right after a citation: `（以下简称“意见”）`.
ALIAS_AFTER = re.compile(r"[（(](?:以下简称|以下称|下称|简称)[“\"](?P<a>[^”\"]{1,20})[”\"]")
#: An article reference: `第十二条`, `第三十五条第二款`, `第十六条第一款第（三）项`, `第二十条之一`.
ARTICLE_REF = re.compile(
    rf"第(?P<art>{_NUMERAL})条(?:之(?P<sub>[{_CN_NUMERAL}\d]{{1,3}}))?(?:第(?P<para>{_NUMERAL})款)?"
    rf"(?:第[（(]?(?P<item>{_NUMERAL})[）)]?项)?")
#: What joins two article references of one list: `、`, `和`, `及`, `或者`, `以及`, `至`.
ARTICLE_LIST_SEP = re.compile(r"、|以及|和|及|或者|或|至|到")
#: What may stand between a title (and its 文号) and the article it cites: `的`, `中`, `中的`.
ARTICLE_GAP = re.compile(r"(?:中的|中|的)?")
#: A self-reference right before an article number: `本条例`, `本规定`, `本实施细则`, `本法`.
SELF_NAME = re.compile(
    rf"本(?:[{P.CJK}]{{0,4}}?)(?:法|条例|规定|办法|细则|决定|规则|意见|通知|方案|措施|准则|章程|标准)(?:[（(]试行[）)])?(?=第{_NUMERAL}条)")
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
ARTICLE_HEAD = re.compile(rf"^第(?P<n>{_NUMERAL})条(?:之(?P<sub>[{_CN_NUMERAL}\d]{{1,3}}))?(?![的规之、和及或至中第])")
#: A chapter heading: `第二章 总则`.
CHAPTER_HEAD = re.compile(rf"^第(?P<n>{_NUMERAL})章")
#: A section heading (within a chapter): `第一节 一般规定`.
SECTION_HEAD = re.compile(rf"^第(?P<n>{_NUMERAL})节")
#: The number of an attachment heading: `附件2`, `附件 3：…`.
ATTACHMENT_NO = re.compile(r"^附件(?P<n>\d{1,2})")
#: The numeral of a heading P.H1_CN / P.H2_CN / P.H3_NUM matched: `三、` → 三, `（二）` → 二, `1.` → 1.
HEAD_NUMERAL = re.compile(rf"[{P.CN_NUM}\d]+")
#: Quoted text at the start of a block (an amended provision quoted in full): never a heading.
QUOTED_START = re.compile(r"^[“\"‘「]")

# --- targets -------------------------------------------------------------------------------------------

_UNITS = trie_pattern(UNIT_KIND)
#: A quantity with its unit: `13.5%`, `1000万辆`, `10万家以上`, `3%左右`, `2,000亿元`, `五十万吨`,
#: `7600多名`, `每万人200台`. Not after a digit, a point, 第 (an ordinal), 前 (a rank), a bracket or a
#: Latin letter; Chinese numerals not after another one either (the whole numeral is read).
QUANTITY = re.compile(
    rf"(?P<num>(?<![\d.,第前〔［\[A-Za-z])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?<![\d第前{_CN_NUMERAL}])[{_CN_NUMERAL}]{{2,}})"
    rf"(?P<approx>多|余)?(?P<mag>万亿|亿|万|千|百)?(?P<unit>{_UNITS})(?![A-Za-z])(?P<qual>以上|左右|以内|上下|以下)?")
#: Words a unit may start that are not that unit: `6个月`, `3个工作日`, `人民币`, `10部门`, `条例`,
#: `场所`, `处罚`, `名单`, `家庭`, `项目`.
UNIT_FALSE_START = re.compile(r"个(?:月|工作日|小时|季度|年度|自然日|交易日|学期)|人民|部门|条例|所有|场所|处理|处罚|名单|家庭|家长|项目|台账|套餐")
#: The digits of a number (to read its value).
_VERBS = trie_pattern(list(_V["level_verbs"]) + list(_V["output_verbs"]))
#: Target verbs right before the quantity: `达到`, `下降`, `提高到`, `控制在`, `累计培育`, `力争达到`,
#: `达到每万人` (a rate per head belongs to the quantity's side).
VERB_CHAIN_END = re.compile(rf"(?:{_VERBS})+(?:到|至|为|在)?(?P<per>每[^\d，。；、]{{1,4}})?$")
#: What separates the subjects of `A和B分别达到90%和95%` (each quantity takes its own).
SUBJECT_SPLIT = re.compile(r"和|、|及|与")
#: 分别 closing the subjects of several quantities.
RESPECTIVELY = re.compile(r"分别$")
#: The word before a starting value: `研发投入占比由2%提高至3%` (the subject stands before it).
FROM_BEFORE = re.compile(r"(?:由|从)$")
#: The first run of target verbs in a stretch of text (subject between it and the number); not 增加值.
VERB_RUN = re.compile(rf"(?:{_VERBS})+(?!值)")
#: The rest of a clause after its quantity when the verb comes last: `(100个)示范社区全面建成`
#: (subject, an optional adverb, the verb); read inside a target-year frame only.
POST_VERB = re.compile(rf"(?P<subj>[^，。；：]{{2,30}}?)(?:全面|基本|全部|陆续|相继|均|初步|成功|如期)?(?P<verb>{_VERBS})[。；;，,：:]?")
#: A target verb followed by 了: a report (`增长了5%`).
VERB_PERFECT = re.compile(rf"(?:{_VERBS})了")
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
RANGE_BEFORE = re.compile(rf"(?:\d|[{_CN_NUMERAL}])(?:多|余)?(?:万亿|亿|万|千|百)?(?:{_UNITS})?(?:[-—–~～]|至|到|以上)$")
#: A range sign or another number right after a quantity: `5%—6%`, `2万元以上5万元以下` (not a
#: Chinese numeral: `10家以上百亿级企业`).
RANGE_AFTER = re.compile(rf"(?:[-—–~～]|至|到)(?:\d|[{_CN_NUMERAL}])|\d")
#: A target-year frame: `到2025年`, `力争到2027年底`, `确保2025年`, `2025年前`, `在2025年底前`,
#: `2023年至2025年` (the later year), `到“十四五”末` (十四五 → 2025), `到二〇三五年`; relative
#: `到今年底`, `力争明年` (need the document's year). Never a full date (`到2025年6月30日`).
YEAR_FRAME = re.compile(
    rf"(?:(?:力争|争取|预计|计划|确保|努力)?到|力争|争取|确保)(?P<y>{_YEAR})年(?:底|末)?(?:前|以前|之前)?(?!\d{{1,2}}月|[一二三四五六七八九十]{{1,3}}月)"
    rf"|(?:在)?(?P<y2>{_YEAR})年(?:底|末)?(?:前|以前|之前)"
    rf"|{_YEAR}年?(?:[-—–~～]|至|到)(?P<y3>{_YEAR})年(?!\d{{1,2}}月)"
    rf"|(?:到|至)[“\"]?(?P<plan>十[一二三四五六七八九]五)[”\"]?(?:时期|期)?末"
    rf"|(?:到|力争|争取)(?P<rel>今年|明年)(?:底|末)?")
#: A paragraph that continues a list a colon opened: `——…`, `（一）…`, `1.…`, `一是…`, `①…`.
LIST_ITEM_START = re.compile(rf"^(?:——|—|[（(][{P.CN_NUM}\d]{{1,3}}[）)]|\d{{1,2}}[.．、]|[{P.CN_NUM}]{{1,3}}[、是]|[·•●■◆①-⑳])")
#: Words opening a subject that belong to the clause, not the noun phrase (`其中`, `推动`, `确保` …).
SUBJECT_LEAD = re.compile(
    rf"(?:{_words('subject_lead')}|[、，,]|\d{{1,2}}[.．、]|[（(][{P.CN_NUM}\d]{{1,3}}[）)]|[{P.CN_NUM}]{{1,3}}[、是]|——)+")
#: Adverbs closing a subject, between the noun phrase and its verb (`要`, `分别`, `年均` …).
SUBJECT_TRAIL = re.compile(rf"(?:{_words('subject_trail')}|[、，,])+$")
#: A comparison closing a subject: `比2020年`, `较上年`, `与2020年相比`.
COMPARISON_TRAIL = re.compile(rf"(?:比|较|相比|相较于?|与)(?:{_YEAR}年(?:底|末)?|上年|去年|基期|同期|上一年|现在|目前)(?:相比)?$")
#: What closes the text after a quantity that is its subject (`建设50所学校和…`, `…基地。`).
TAIL_END = re.compile(r"(?:以及|[和及与、，,。；;：:！？!?\s])+$")
#: A clause that is only a year, opening a sentence of goals: `2025年，力争…达到…` (a frame when the
#: sentence holds a goal word).
BARE_YEAR = re.compile(rf"(?P<y>{_YEAR})年[，,]")
#: A year opening a clause: `2020年初步建成300个…` (a frame for its sentence when the document's year
#: is known and the year is not before it; never a date `2020年5月`, a start `2020年起`).
YEAR_START = re.compile(rf"(?P<y>{_YEAR})年(?:底|末)?(?:前|以前)?(?!\d|[一二三四五六七八九十]{{1,3}}月|以来|度|起|开始)")
#: A heading that opens a section of goals: `二、主要目标`, `（三）工作目标。`, `一、经济社会发展主要目标`.
GOAL_HEADING = re.compile(r"^[^。：:]{0,16}目标")
#: A year in a title or a goal heading: `…2024年重点工作…`, `（2023—2025年）` (the last one is taken).
TITLE_YEAR = re.compile(rf"(?P<y>{_YEAR})年")
#: What joins two quantities sharing a verb: `建设50所学校和150个专业`.
CONJ_ONLY = re.compile(r"^(?:和|及|以及|与|、|，)?$")
#: A second subject sharing the verb of the quantity before it: `新增规上企业100家、高新技术企业200家`.
CONJ_SUBJECT = re.compile(r"^(?:和|及|以及|与|、)(?P<subj>[^，。；、\d]{2,20})$")
#: A subject must hold a word: two CJK characters or Latin letters.
WORDY = re.compile(rf"[{P.CJK}A-Za-z].*[{P.CJK}A-Za-z]")

# ======================================================================================================
# Records
# ======================================================================================================


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact's text lies: block index (−1: the title argument), character offsets in its text."""

    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited document: its 《title》 and/or 文号, and an article (and 款) when one is named."""

    title: str | None
    doc_number: str | None
    article: int | None
    paragraph: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class Commencement:
    """When the document takes effect: rule "date" (date set) or "on_issue" (date = the document date
    when known, else None)."""

    date: str | None
    rule: str
    span: Span


@dataclass(frozen=True, slots=True)
class Expiry:
    """The last day the document is in force (None when it is N years from an unknown day)."""

    date: str | None
    years: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class Trial:
    """The document is on trial: 试行 or 暂行."""

    word: str
    span: Span


@dataclass(frozen=True, slots=True)
class Amendment:
    """relation "amends": this document changes `citation`; "amended_by": this text was revised by it."""

    relation: str
    citation: Citation
    span: Span


@dataclass(frozen=True, slots=True)
class Validity:
    commencement: Commencement | None = None
    expiry: Expiry | None = None
    trial: Trial | None = None
    repeals: tuple[Citation, ...] = ()
    amends: tuple[Amendment, ...] = ()


@dataclass(frozen=True, slots=True)
class Anchor:
    kind: str  # article chapter section heading item attachment paragraph
    number: int
    label: str
    block: int
    id: str


@dataclass(frozen=True, slots=True)
class Target:
    year: int | None
    quantity: str
    value: float
    unit: str
    subject: str
    verb: str
    span: Span


# ======================================================================================================
# The normalised view of a text, and numerals
# ======================================================================================================

_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "％": "%"})


class _Text:
    """A block's text as the patterns read it (`s`), with the way back to offsets in the text as given."""

    __slots__ = ("raw", "s", "_pos")

    def __init__(self, raw: str):
        self.raw = raw
        if not NEEDS_NORMALISING.search(raw):
            self.s, self._pos = raw, None
            return
        t = ZERO_LIKE.sub("〇", raw).translate(_FULLWIDTH)                       # one for one
        pieces: list[str] = []
        pos: list[int] = []
        last = 0
        for m in SPACE_RUN.finditer(t):
            a, b = m.span()
            pieces.append(t[last:a])
            pos.extend(range(last, a))
            if 0 < a and b < len(t) and _ascii_alnum(t[a - 1]) and _ascii_alnum(t[b]) \
                    and not (t[a - 1].isdigit() and t[b].isdigit()):
                pieces.append(" ")
                pos.append(a)
            last = b
        pieces.append(t[last:])
        pos.extend(range(last, len(t)))
        self.s, self._pos = FULLWIDTH_POINT.sub(".", "".join(pieces)), pos     # one for one

    def span(self, block: int, i: int, j: int) -> Span:
        """The Span of s[i:j] in the text as given."""
        if self._pos is None:
            return Span(block, i, j)
        start = self._pos[i] if i < len(self._pos) else len(self.raw)
        end = self._pos[j - 1] + 1 if j > i else start
        return Span(block, start, end)


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def normalise(text: str) -> str:
    """The normalised view of a text the facts' strings are written in (see the module docstring)."""
    return _Text(text).s


@lru_cache(maxsize=4096)
def _int(numeral: str) -> int | None:
    """`12`, `１２`, `十二`, `一百二十三`, `二〇二五`, `二○二五` → int; None when it is not a numeral."""
    t = ZERO_LIKE.sub("〇", numeral).translate(_FULLWIDTH)
    if t.isascii() and t.isdigit():
        return int(t)
    try:
        return int(cn2an.cn2an(t, "normal"))
    except (ValueError, KeyError, TypeError):
        return None


def _number(numeral: str) -> float | None:
    """`13.5`, `2,000`, `五十`, `十万` → float."""
    if numeral[0].isdigit():
        return float(numeral.replace(",", ""))
    n = _int(numeral)
    return None if n is None else float(n)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _date(text: str) -> str | None:
    """A date printed with digits or Chinese numerals → `YYYY-MM-DD`."""
    m = P.DATE.search(text) or P.DATE_CN.search(text)
    if not m:
        return None
    y, mo, d = _int(m["y"]), _int(m["m"]), _int(m["d"])
    return _iso(y, mo, d) if None not in (y, mo, d) else None


def _period_end(text: str) -> str | None:
    """`2027年底` → 2027-12-31, `2025年6月底` → 2025-06-30."""
    m = PERIOD_END.search(text)
    if not m:
        return None
    y = _int(m["y"])
    mo = _int(m["m"]) if m["m"] else 12
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    return _iso(y, mo, calendar.monthrange(y, mo)[1])


def _plus_years_less_a_day(iso: str, years: int) -> str:
    """The last day of a period of `years` years starting on `iso` (2025-01-01, 5 → 2029-12-31)."""
    d = _dt.date.fromisoformat(iso)
    try:
        end = d.replace(year=d.year + years)
    except ValueError:                                  # 29 February → 1 March
        end = d.replace(year=d.year + years, month=3, day=1)
    return (end - _dt.timedelta(days=1)).isoformat()


def _pairs(blocks) -> list[tuple[str, str]]:
    """(kind, text) pairs from tuples or from objects with .kind and .text."""
    return [(b.kind, b.text or "") if hasattr(b, "kind") else (b[0], b[1] or "") for b in blocks]


def _pieces(s: str, start: int, end: int, enders: str) -> list[tuple[int, int]]:
    """s[start:end] cut after each character of `enders` that is outside brackets and quotes."""
    out, depth, a = [], 0, start
    for m in PIECE_MARK.finditer(s, start, end):
        c = m.group()
        if c in _OPENING:
            depth += 1
        elif c in _CLOSING:
            depth = max(0, depth - 1)
        elif c in enders and depth == 0:
            i = m.start()
            out.append((a, i + 1))
            a = i + 1
    if a < end:
        out.append((a, end))
    return out


def _last_boundary(s: str, pos: int, chars: str) -> int:
    """The index after the last of `chars` before pos (0 when there is none)."""
    return max(s.rfind(c, 0, pos) for c in chars) + 1


# ======================================================================================================
# Citations
# ======================================================================================================


def _top_level_titles(s: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost 《…》 (end after 》); 《》 nested inside are part of the title."""
    out, depth, a = [], 0, 0
    if "《" not in s:
        return out
    for m in TITLE_MARK.finditer(s):
        i, c = m.start(), m.group()
        if c == "《":
            if depth == 0:
                a = i
            depth += 1
        elif c == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((a, i + 1))
    return out


def _trim_number(no: str) -> str:
    """A 文号 or decree number without the running text its prefix caught: `根据国发〔2019〕5号` →
    `国发〔2019〕5号`, `1988年11月3日原国家工商行政管理局令第1号` → `国家工商行政管理局令第1号`."""
    bracket = P.NUMBER_OPEN.search(no)
    decree = DECREE_MARK.search(no)
    cut = min(x.start() for x in (bracket, decree) if x) if (bracket or decree) else len(no)
    head, tail = no[:cut], no[cut:]
    noise = NUMBER_NOISE_BRACKETED if not decree or (bracket and bracket.start() < decree.start()) else NUMBER_NOISE
    if m := noise.match(head):
        head = head[m.end():]
    if m := NUMBER_LEAD.match(head):
        if len(head) - m.end() >= 1:
            head = head[m.end():]
    return head + tail


def citations(text: str, block: int = 0) -> tuple[Citation, ...]:
    """The citations of one text (aliases it defines apply within it); spans in `block`."""
    return tuple(_citations(_Text(text), block, {}))


def document_citations(blocks) -> tuple[Citation, ...]:
    """The citations of every block but the title and the 文号 line (the document's own), in order; an
    alias defined in one block applies to the blocks after it."""
    aliases: dict[str, str] = {}
    out: list[Citation] = []
    for i, (kind, text) in enumerate(_pairs(blocks)):
        if text and kind not in ("title", "docno"):         # the document's own title and 文号
            out.extend(_citations(_Text(text), i, aliases))
    return tuple(out)


def _articles_after(s: str, at: int):
    """The article references starting at `at` (`第七条第三款、第八条第一款`): (match, start) pairs,
    the first starting at `at`."""
    m = ARTICLE_REF.match(s, at)
    while m:
        yield m
        sep = ARTICLE_LIST_SEP.match(s, m.end())
        if not sep:
            return
        m = ARTICLE_REF.match(s, sep.end())


def _citations(T: _Text, block: int, aliases: dict[str, str]) -> list[Citation]:
    s = T.s
    out: list[Citation] = []
    used: list[tuple[int, int]] = []
    for a, b in _top_level_titles(s):
        title = s[a + 1:b - 1].strip()
        if len(title) < 2:
            continue
        if ALIAS_BEFORE.search(s, 0, a):
            if out and out[-1].title:                   # `《A》（以下简称《条例》）`
                aliases[title] = out[-1].title
            used.append((a, b))
            continue
        title = aliases.get(title, title)
        start, end, number = a, b, None
        if m := NUMBER_AFTER_TITLE.match(s, b):
            number = _trim_number(m["no"])
            end = m.end()
            if m["rest"] and (al := ALIAS_DEF.search(m["rest"])):
                aliases[al["a"]] = title
        elif m := NUMBER_BEFORE_TITLE.search(s[max(0, a - 40):a]):
            number = _trim_number(m["no"])
            start = max(0, a - 40) + m.start() + (len(m["no"]) - len(number))
        if al := ALIAS_AFTER.match(s, end):
            aliases[al["a"]] = title
        gap = ARTICLE_GAP.match(s, end)
        refs = list(_articles_after(s, gap.end()))
        if refs:
            for r in refs:
                out.append(Citation(title, number, _int(r["art"]), _int(r["para"]) if r["para"] else None,
                                    T.span(block, start, r.end())))
            end = refs[-1].end()
        else:
            out.append(Citation(title, number, None, None, T.span(block, start, end)))
        used.append((start, end))
    for m in SELF_NAME.finditer(s):
        if any(x <= m.start() < y for x, y in used):
            continue
        refs = list(_articles_after(s, m.end()))
        for r in refs:
            out.append(Citation(None, None, _int(r["art"]), _int(r["para"]) if r["para"] else None,
                                T.span(block, m.start(), r.end())))
        if refs:
            used.append((m.start(), refs[-1].end()))
    numbers: list[tuple[int, int, str]] = []
    for m in doc_numbers(s):
        no = _trim_number(m.group())
        numbers.append((m.end() - len(no), m.end(), no))
    for m in DECREE_NUMBER.finditer(s):
        no = _trim_number(m.group())
        numbers.append((m.end() - len(no), m.end(), no))
    for m in DECREE_INVERTED.finditer(s):
        numbers.append((m.start(), m.end(), f"{m['org']}令第{m['n']}号"))
    for x, y, no in sorted(numbers):
        if any(u < y and x < v for u, v in used) or len(no) < 4:
            continue
        out.append(Citation(None, no, None, None, T.span(block, x, y)))
        used.append((x, y))
    out.sort(key=lambda c: (c.span.start, c.span.end))
    return out


# ======================================================================================================
# Validity
# ======================================================================================================


def _title_kinds(title: str) -> tuple[str, ...]:
    """The 文种 words the document may call itself by: its title's (`…的决定` → 决定) and, for a notice
    issuing a document (`关于印发《…方案》的通知`), that document's."""
    kinds = []
    for t in (title, (m["t"] if (m := P.ISSUES_INNER.search(title)) else "")):
        t = normalise(t).rstrip("》")
        if t and (m := P.TITLE_END.search(t)):
            kinds.append(P.TITLE_TAIL_NOTE.sub("", m.group().rstrip("》")))
    return tuple(k for k in kinds if k)


def _same_title(quoted: str, title: str) -> bool:
    """Whether a quoted title is the document's own: the title, or the document its 印发 notice issues
    (compared without punctuation and white space). An interpretation's title holds the policy's
    title but is not it."""
    inner = P.ISSUES_INNER.search(title)
    q = P.TITLE_NOISE.sub("", normalise(quoted))
    return bool(q) and any(q == P.TITLE_NOISE.sub("", normalise(t)) for t in (title, inner["t"] if inner else "") if t)


def _self_rank(s: str, at: int, kinds: tuple[str, ...], title: str, note: bool):
    """How surely the statement at s[at:] is about the document itself, as (rank, qualifier, named):
    rank 0 (`本X`, X its 文种; its own 《title》), 1 (a promulgation note), 2 (an empty clause, or `本X`
    of another 文种); None when it is another document's. qualifier: `（试行）` of `本办法（试行）`;
    named: the clause names the document (False for an empty clause)."""
    cs = _last_boundary(s, at, "，,。；;：:！？!?")
    prefix = s[cs:at].lstrip("（(“\"")
    if m := SELF_PREFIX.match(prefix):
        kind, qual = m["kind"], m["qual"]
        if kind:
            return (0 if any(kind.endswith(k) or k.endswith(kind) for k in kinds) else 2), qual, True
        ss = _last_boundary(s, at, "。；;！？!?")
        quoted = [s[a + 1:b - 1] for a, b in _top_level_titles(s[ss:at])]
        if quoted and not any(_same_title(q, title) for q in quoted):
            return None                         # `公布《节约用水条例》，自…起施行`: that document's
        if note or quoted or P.PROMULGATION_LEAD.match(s[ss:at].lstrip("（(")):
            return 1, None, True
        return 2, None, False
    if PROMULGATED_NOTE.search(prefix):
        return 1, None, True
    if (m := QUOTED_ALONE.match(prefix)) and title and _same_title(m["t"], title):
        return 0, None, True
    return None


class _Joined(_Text):
    """A paragraph cut by a page or a blank line, read with its continuation (`…有效期至` + `2035年12月31日。`):
    a span is reported in the block where it starts, cut at that block's end."""

    __slots__ = ("first", "cut")

    def __init__(self, first: int, text: str, continuation: str):
        super().__init__(text + continuation)
        self.first, self.cut = first, len(text)

    def span(self, block: int, i: int, j: int) -> Span:
        sp = super().span(block, i, j)
        if sp.start >= self.cut:
            return Span(self.first + 1, sp.start - self.cut, sp.end - self.cut)
        return Span(self.first, sp.start, min(sp.end, self.cut))


#: Block kinds that continue a paragraph cut short before them.
CONTINUING_KINDS = frozenset({"p", "lead"})


def _with_continuations(pairs) -> list[_Text]:
    """Each block's text, joined to the next block's when it stops without closing punctuation."""
    out: list[_Text] = []
    for i, (kind, text) in enumerate(pairs):
        tail = text.rstrip()
        if tail and i + 1 < len(pairs) and pairs[i + 1][0] in CONTINUING_KINDS and pairs[i + 1][1] \
                and kind in CONTINUING_KINDS and tail[-1] not in P.TERMINAL_PUNCT + P.CLOSING_MARKS + "。":
            out.append(_Joined(i, text, pairs[i + 1][1]))
        else:
            out.append(_Text(text))
    return out


def validity(blocks, doc_date: str | None = None, title: str = "") -> Validity:
    """The document's validity facts (see the module docstring for what counts)."""
    pairs = _pairs(blocks)
    texts = [_Text(t) for _, t in pairs]
    joined = _with_continuations(pairs)
    title = title or ""
    kinds = _title_kinds(title)
    commencement, trial = _commencement(pairs, joined, doc_date, kinds, title)
    expiry, period_trial = _expiry(pairs, joined, doc_date, commencement, kinds, title)
    trial = _title_trial(pairs, title) or trial or period_trial
    return Validity(commencement=commencement, expiry=expiry, trial=trial,
                    repeals=_repeals(pairs, texts), amends=_amendments(pairs, texts, title))


def _commencement(pairs, texts, doc_date, kinds, title):
    best = None
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        for m in COMMENCEMENT.finditer(s):
            rank = _self_rank(s, m.start(), kinds, title, kind == "note" or s.startswith(("（", "(")))
            if rank is None:
                continue
            r, qual, _ = rank
            if best is not None and best[0] <= r:
                continue
            if m["date"]:
                date, rule = _date(m["date"]), "date"
                if date is None:
                    continue
            else:
                rule = "on_issue"
                date = doc_date
                if date and m["delay"]:
                    date = (_dt.date.fromisoformat(date) + _dt.timedelta(days=int(m["delay"]))).isoformat()
            span = T.span(i, m.start(), m.end())
            trial = None
            if m["verb"] == "试行":
                trial = Trial("试行", T.span(i, m.start("verb"), m.end("verb")))
            elif qual and "试行" in qual and (w := s.rfind("试行", 0, m.start())) >= 0:
                trial = Trial("试行", T.span(i, w, w + 2))
            best = (r, Commencement(date, rule, span), trial)
    return (best[1], best[2]) if best else (None, None)


def _expiry(pairs, texts, doc_date, commencement, kinds, title):
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        found = sorted([(m.start(), m, "until") for m in EXPIRY_UNTIL.finditer(s)]
                       + [(m.start(), m, "years") for m in EXPIRY_YEARS.finditer(s)], key=lambda x: x[0])
        for at, m, how in found:
            rank = _self_rank(s, at, kinds, title, kind == "note")
            if rank is None:
                continue
            if not rank[2]:                     # an empty clause: its sentence must name the document
                ss = _last_boundary(s, at, "。；;！？!?")
                if not (COMMENCEMENT.search(s, ss, at) or SELF_WORD.search(s, ss, at)):
                    continue
            span = T.span(i, m.start(), m.end())
            trial = Trial("试行", T.span(i, m.start("word"), m.start("word") + 2)) if m["word"].startswith("试行") else None
            if how == "until":
                date = _date(m["date"]) if m["date"] else _period_end(m["end"])
                if date:
                    return Expiry(date, None, span), trial
                continue
            n = _int(m["n"])
            if not n:
                continue
            base = (commencement.date if commencement and commencement.date else None) or doc_date
            return Expiry(_plus_years_less_a_day(base, n) if base else None, n, span), trial
    return None, None


def _title_trial(pairs, title):
    """试行 / 暂行 in the title's own words or in the document a 印发 notice issues (not in a 《title》
    an interpretation is about: `就《…暂行条例》答记者问`)."""
    if not title:
        return None
    inner = P.ISSUES_INNER.search(title)
    masked = "".join("《" + "＿" * (b - a - 2) + "》"
                     if title[a] == "《" and not (inner and a <= inner.start("t") < b) else title[a:b]
                     for a, b in _segments(title))
    if not (m := TRIAL_IN_TITLE.search(masked)):
        return None
    m = TRIAL_IN_TITLE.match(title, m.start())
    word = "暂行" if m.group() == "暂行" else "试行"
    for i, (kind, text) in enumerate(pairs):
        if kind == "title" and (at := text.find(m.group())) >= 0:
            return Trial(word, Span(i, at, at + len(m.group())))
    return Trial(word, Span(-1, m.start(), m.end()))


def _segments(s: str) -> list[tuple[int, int]]:
    """s cut into its outermost 《…》 and the stretches between them, in order."""
    out, at = [], 0
    for a, b in _top_level_titles(s):
        if at < a:
            out.append((at, a))
        out.append((a, b))
        at = b
    if at < len(s):
        out.append((at, len(s)))
    return out


def _has_citation(cits: list[Citation], a: int, b: int, T: _Text, block: int) -> list[Citation]:
    """The citations of a document (title and/or 文号, not self-references) within s[a:b]."""
    span = T.span(block, a, b)
    return [c for c in cits if (c.title or c.doc_number) and span.start <= c.span.start and c.span.end <= span.end]


def _repeals(pairs, texts) -> tuple[Citation, ...]:
    out: list[Citation] = []
    cits_of = _LazyCitations(texts)
    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        if kind in ("title", "table") or not T.s:
            continue
        s = T.s
        for m in REPEAL.finditer(s):
            if REPEAL_NOT_BEFORE.search(s, 0, m.start()) and REPEAL_NOT_BEFORE.search(s[max(0, m.start() - 4):m.start()]):
                continue
            if REPEAL_NOT_AFTER.match(s, m.end()):
                continue
            ss = _last_boundary(s, m.start(), "。；;！？!?")
            se = min((s.find(c, m.end()) for c in "。；;！？!?" if s.find(c, m.end()) >= 0), default=len(s))
            if REPEAL_OBJECT_AFTER.match(s, m.end()) or s[m.end():se + 1].strip() in ("：", ":"):
                found = _has_citation(cits_of[i], m.end(), se, T, i)
                if not found and s[m.end():].rstrip("。 ").endswith(("：", ":")):
                    found = _listed_after(pairs, texts, cits_of, i)
            else:
                found = []
                clauses = _pieces(s, ss, m.start(), "，,：:")
                for a, b in reversed(clauses):
                    here = _has_citation(cits_of[i], a, b, T, i)
                    if not here:
                        break
                    found = here + found
                if found:
                    gap = T.raw[found[-1].span.end:T.span(i, m.start(), m.end()).start]
                    if PARTIAL_REPEAL.search(normalise(gap)):
                        found = []
            seen = {(c.title, c.doc_number, c.article) for c in out}
            out.extend(c for c in found if (c.title, c.doc_number, c.article) not in seen)
    return tuple(out)


class _LazyCitations:
    """The citations of each block, found when first asked for (most blocks repeal nothing)."""

    def __init__(self, texts: list[_Text]):
        self.texts, self.found = texts, {}

    def __getitem__(self, i: int) -> list[Citation]:
        if i not in self.found:
            self.found[i] = _citations(self.texts[i], i, {}) if self.texts[i].s else []
        return self.found[i]


def _listed_after(pairs, texts, cits_of, i) -> list[Citation]:
    """The citations of the list items that follow a `下列文件同时废止：` paragraph."""
    found: list[Citation] = []
    for j in range(i + 1, min(len(pairs), i + 60)):
        s = texts[j].s
        if not s or not LIST_ITEM_START.match(s) and not s.startswith("《"):
            break
        here = [c for c in cits_of[j] if c.title or c.doc_number]
        if not here:
            break
        found.extend(here)
    return found


def _amendments(pairs, texts, title) -> tuple[Amendment, ...]:
    out: list[Amendment] = []
    seen: set[tuple[str, str | None, str | None]] = set()

    def add(relation: str, cit: Citation, span: Span):
        key = (relation, P.TITLE_NOISE.sub("", cit.title) if cit.title else None, cit.doc_number)
        if key not in seen:
            seen.add(key)
            out.append(Amendment(relation, cit, span))

    for i, ((kind, _), T) in enumerate(zip(pairs, texts)):
        s = T.s
        if not s or kind == "table":
            continue
        if kind != "title":
            for m in AMEND_OBJECT.finditer(s):
                a = m.start("cit")
                close = s.index("》", a)
                no = NUMBER_AFTER_TITLE.match(s, close + 1, m.end("cit"))
                cit = Citation(s[a + 1:close], _trim_number(no["no"]) if no else None, None, None,
                               T.span(i, a, m.end("cit")))
                add("amends", cit, T.span(i, m.start(), m.end()))
        for m in AMENDED_BY.finditer(s):
            by = m["by"]
            t = by[1:-1] if by.startswith("《") and by.endswith("》") else by
            add("amended_by", Citation(t, None, None, None, T.span(i, m.start("by"), m.end("by"))),
                T.span(i, m.start(), m.end()))
        for m in AMENDED_BY_DECREE.finditer(s):
            no = _trim_number(m["no"])
            a = m.end("no") - len(no)
            add("amended_by", Citation(None, no, None, None, T.span(i, a, m.end("no"))), T.span(i, a, m.end()))
        if kind == "title" and (m := AMENDING_TITLE.search(s)):
            cit = m["cit"][1:-1]
            add("amends", Citation(cit, None, None, None, T.span(i, m.start("cit"), m.end("cit"))),
                T.span(i, m.start(), m.end()))
    if title and (m := AMENDING_TITLE.search(title)):
        add("amends", Citation(m["cit"][1:-1], None, None, None, Span(-1, m.start("cit"), m.end("cit"))),
            Span(-1, m.start(), m.end()))
    return tuple(out)


# ======================================================================================================
# Anchors
# ======================================================================================================

#: Block kinds that get no anchor (an empty marker that shows nothing).
NO_ANCHOR_KINDS = frozenset({"column_end"})
#: Block kinds whose text is never a heading or an article (what they show is not numbered structure).
NOT_STRUCTURE_KINDS = frozenset({"title", "docno", "date", "signature", "note", "table", "qa", "column_start"})


def article_anchor(article: int, paragraph: int | None = None, scope: str = "") -> str:
    """The anchor id of 第N条 (第M款): `art-12`, `art-12-p-2`; the 第一款 is the article's own block."""
    base = f"{scope}art-{article}"
    return base if not paragraph or paragraph == 1 else f"{base}-p-{paragraph}"


def _heading_label(s: str) -> str:
    cut = min((s.find(c) for c in "。：:" if s.find(c) > 0), default=len(s))
    return s[:min(cut, 40)]


def anchors(blocks) -> tuple[Anchor, ...]:
    """An anchor for every numbered block and every paragraph (the scheme: module docstring)."""
    out: list[Anchor] = []
    used: set[str] = set()
    scope = ""
    l1 = l2 = chapter = None
    article: tuple[str, str] | None = None           # (id, label) of the article being read
    item = None
    parent: tuple[str, str] | None = None            # (id, label) of the nearest anchor above
    count: dict[str, int] = {}
    attachments = 0

    def add(kind: str, number: int, label: str, i: int, ident: str) -> str:
        k, unique = 2, ident
        while unique in used:
            unique, k = f"{ident}-{k}", k + 1
        used.add(unique)
        out.append(Anchor(kind, number, label, i, unique))
        return unique

    for i, (kind, text) in enumerate(_pairs(blocks)):
        if kind in NO_ANCHOR_KINDS or (not text and kind != "table"):
            continue
        s = normalise(text)
        structural = kind not in NOT_STRUCTURE_KINDS and not QUOTED_START.match(s)
        n = None
        if kind == "attachment":
            attachments += 1
            m = ATTACHMENT_NO.match(s)
            n = int(m["n"]) if m else attachments
            ident = add("attachment", n, _heading_label(s), i, f"att-{n}")
            scope = f"{ident}-"
            l1 = l2 = chapter = article = item = None
            parent = (ident, _heading_label(s))
            count[ident] = 0
            continue
        if structural and (m := ARTICLE_HEAD.match(s)) and (n := _int(m["n"])) is not None:
            sub = _int(m["sub"]) if m["sub"] else None
            ident = add("article", n, m.group(), i, f"{scope}art-{n}" + (f"-{sub}" if sub else ""))
            article, item = (ident, m.group()), None
            parent = article
            count[ident] = 1
            continue
        if structural and (m := CHAPTER_HEAD.match(s)) and (n := _int(m["n"])) is not None:
            chapter = n
            ident = add("chapter", n, _heading_label(s), i, f"{scope}ch-{n}")
            article = item = None
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := SECTION_HEAD.match(s)) and (n := _int(m["n"])) is not None:
            ident = add("section", n, _heading_label(s), i, f"{scope}ch-{chapter or 0}-sec-{n}")
            article = item = None
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := P.H1_CN.match(s)) and (n := _int(HEAD_NUMERAL.match(s)[0])) is not None:
            l1, l2, article, item = n, None, None, None
            ident = add("heading", n, _heading_label(s), i, f"{scope}h-{n}")
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and (m := P.H2_CN.match(s)) and (n := _int(HEAD_NUMERAL.search(s)[0])) is not None:
            if article:
                item = n
                add("item", n, m.group().strip(), i, f"{article[0]}-i-{n}")
                continue
            l2 = n
            ident = add("heading", n, _heading_label(s), i, f"{scope}h-{l1 or 0}-{n}")
            parent, count[ident] = (ident, _heading_label(s)), 0
            continue
        if structural and kind in ("h4", "lead", "p") and (m := P.H3_NUM.match(s)) and (n := int(HEAD_NUMERAL.match(s)[0])):
            if article:
                add("item", n, m.group().strip(), i, f"{article[0]}-i-{item or 0}-{n}")
                continue
            if kind == "h4" or kind == "lead":
                ident = add("heading", n, _heading_label(s), i, f"{scope}h-{l1 or 0}-{l2 or 0}-{n}")
                parent, count[ident] = (ident, _heading_label(s)), 0
                continue
        key = parent[0] if parent else scope
        count[key] = count.get(key, 0) + 1
        k = count[key]
        if parent and article and parent[0] == article[0]:
            label = f"{article[1]}第{cn2an.an2cn(k)}款"
        else:
            label = f"第{k}段"
        add("paragraph", k, label, i, f"{parent[0]}-p-{k}" if parent else f"{scope}p-{k}")
    return tuple(out)


# ======================================================================================================
# Targets
# ======================================================================================================

#: Block kinds never read for targets: the title and furniture, and tables (their cells are
#: indicators and figures, not sentences; a table block's text is empty anyway).
NO_TARGET_KINDS = frozenset({"title", "docno", "date", "signature", "note", "table", "attachment", "column_end"})
_PAST = -1                                                # a frame whose year is before the document's
_UNDATED = 0                                              # a goal section without a year


def _frame_year(m: re.Match, doc_year: int | None) -> int | None:
    if m["plan"]:
        return 2005 + 5 * _int(m["plan"][1])
    if m["rel"]:
        return None if doc_year is None else doc_year + (m["rel"] == "明年")
    return _int(m["y"] or m["y2"] or m["y3"])


def _heading_level(kind: str, s: str) -> int | None:
    """0 第N章, 1 一、, 2 （一）, 3 1. — for blocks marked as headings (h2 h3 h4 lead)."""
    if kind not in ("h2", "h3", "h4", "lead"):
        return None
    if CHAPTER_HEAD.match(s):
        return 0
    if P.H1_CN.match(s):
        return 1
    if P.H2_CN.match(s):
        return 2
    if P.H3_NUM.match(s):
        return 3
    return None


def _last_year(text: str) -> int | None:
    years = [y for m in TITLE_YEAR.finditer(normalise(text)) if (y := _int(m["y"])) and 1900 < y < 2100]
    return years[-1] if years else None


def targets(blocks, doc_date: str | None = None) -> tuple[Target, ...]:
    """The quantified targets of a document (the definition: module docstring). doc_date (YYYY-MM-DD)
    drops frames whose year is before the document's and resolves 今年 / 明年."""
    doc_year = int(doc_date[:4]) if doc_date else None
    pairs = _pairs(blocks)
    title_year = next((_last_year(t) for k, t in pairs if k == "title"), None)
    out: list[Target] = []
    carry = None
    goal: tuple[int, int] | None = None                   # (heading level, frame) of a goal section
    for i, (kind, text) in enumerate(pairs):
        if kind in NO_TARGET_KINDS or not text:
            if kind not in ("column_start", "column_end"):
                carry = None
            continue
        T = _Text(text)
        level = _heading_level(kind, T.s)
        if level is not None:
            if goal and level <= goal[0]:
                goal = None
            body = SUBJECT_LEAD.sub("", T.s, count=1) if level else T.s
            if GOAL_HEADING.match(body):
                year = _last_year(body[:20]) or title_year
                goal = (level, _UNDATED if year is None else (_PAST if doc_year and year < doc_year else year))
        in_list = carry is not None and LIST_ITEM_START.match(T.s)
        start = carry if in_list else (goal[1] if goal else None)
        found, frame, colon = _block_targets(T, i, start, doc_year)
        out.extend(found)
        if colon and frame is not None:
            carry = frame
        elif not in_list:
            carry = None
    return tuple(out)


def _block_targets(T: _Text, block: int, frame, doc_year):
    s = T.s
    found: list[Target] = []
    colon = s.rstrip().rstrip("。").endswith(("：", ":"))
    if not QUANTITY.search(s) and not colon:
        return found, frame, colon                      # nothing to read, nothing to carry
    for ss, se in _pieces(s, 0, len(s), _SENTENCE_ENDS):
        outer, local = frame, False
        for cs, ce in _pieces(s, ss, se, _CLAUSE_ENDS):
            start = cs
            if (bm := BARE_YEAR.match(s, cs)) and bm.end() == ce and GOAL.search(s, ce, se):
                y = _int(bm["y"])
                frame = _PAST if doc_year and y < doc_year else y
                continue
            if doc_year and (ym := YEAR_START.match(s, cs, ce)) and (y := _int(ym["y"])) \
                    and not YEAR_FRAME.match(s, cs, ce):
                frame, start, local = (y if y >= doc_year else _PAST), ym.end(), True
            for fm in YEAR_FRAME.finditer(s, cs, ce):
                y = _frame_year(fm, doc_year)
                if y is None:
                    continue
                frame = _PAST if doc_year and y < doc_year else y
                start = fm.end()
            if not QUANTITY.search(s, start, ce):
                continue
            clause = s[cs:ce]
            if frame == _PAST or STATISTIC.search(clause) or RULE.search(clause) or SUBSIDY.search(clause) \
                    or VERB_PERFECT.search(clause):
                continue
            found.extend(_clause_targets(T, block, start, ce, frame,
                                         bool(RATE.search(clause)), bool(GOAL.search(clause))))
        if local:
            frame = outer                               # a clause-opening year holds for its sentence
    return found, frame, colon


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Subject bounds without the clause words around the noun phrase."""
    while a < b:
        m = SUBJECT_LEAD.match(s, a, b)
        if not m or m.end() == a:
            break
        a = m.end()
    while a < b:
        t = s[a:b]
        m = SUBJECT_TRAIL.search(t) or COMPARISON_TRAIL.search(t)
        if not m or m.start() == len(t):
            break
        b = a + m.start()
    while a < b and s[a] in "“\"" and "”" not in s[a:b] and s[a:b].count('"') < 2:
        a += 1                                          # an opening quote whose close is elsewhere
    while a < b and s[b - 1] in "”\"" and "“" not in s[a:b] and s[a:b].count('"') < 2:
        b -= 1
    return a, b


def _clause_targets(T: _Text, block: int, start: int, end: int, frame: int | None, rate: bool, goal: bool):
    s = T.s
    qs = [m for m in QUANTITY.finditer(s, start, end) if not UNIT_FALSE_START.match(s, m.start("unit"))]
    out: list[Target] = []
    prev_end, prev_verb, prev_va = start, None, None
    from_subject = None                                 # the subject of `X由2%提高至3%`
    pending: list[tuple[int, int]] = []                 # the other subjects of `A和B分别达到…`
    for n, m in enumerate(qs):
        seg_a = prev_end
        seg = s[seg_a:m.start()]
        next_start = qs[n + 1].start() if n + 1 < len(qs) else end
        kind = UNIT_KIND[m["unit"]]
        prev_end = m.end()
        if (kind in ("money", "percent") and rate) or s.startswith("的", m.end()) \
                or RANGE_AFTER.match(s, m.end()) or RANGE_BEFORE.search(s, max(0, m.start() - 12), m.start()) \
                or APPROX_BEFORE.search(seg):
            prev_verb = None
            continue
        post, quantity, qa = False, m.group(), m.start()
        if chain := VERB_CHAIN_END.search(seg):
            verb, va, vb = chain.group(), seg_a + chain.start(), seg_a + chain.end()
            if chain["per"]:                            # `达到每万人200台`: 每万人 is the quantity's
                verb, vb, qa = verb[:-len(chain["per"])], seg_a + chain.start("per"), seg_a + chain.start("per")
                quantity = chain["per"] + quantity
            sa, sb = _trim(s, seg_a, va)
            if sa >= sb and from_subject:
                sa, sb = from_subject
            elif RESPECTIVELY.search(s, seg_a, va):
                cuts = [x.span() for x in SUBJECT_SPLIT.finditer(s, sa, sb)]
                if cuts:
                    bounds = [sa] + [b for _, b in cuts]
                    ends = [a for a, _ in cuts] + [sb]
                    parts = [_trim(s, a, b) for a, b in zip(bounds, ends)]
                    (sa, sb), pending = parts[0], parts[1:]
            post = sa >= sb
        elif run := VERB_RUN.search(seg):
            verb, va, vb = run.group(), seg_a + run.start(), seg_a + run.end()
            sa, sb = _trim(s, vb, m.start())
        elif prev_verb and CONJ_ONLY.match(seg):
            verb, va, vb = prev_verb, prev_va, None
            if pending:
                sa, sb = pending.pop(0)
            else:
                post = True
        elif prev_verb and (cj := CONJ_SUBJECT.match(seg)):
            verb, va, vb = prev_verb, prev_va, None
            sa, sb = _trim(s, seg_a + cj.start("subj"), seg_a + cj.end("subj"))
        elif frame is not None and (pv := POST_VERB.fullmatch(s, m.end(), end)):
            verb, va, vb = pv["verb"], pv.start("verb"), pv.end("verb")
            sa, sb = _trim(s, pv.start("subj"), pv.end("subj"))
        else:
            if FROM_BEFORE.search(seg):
                from_subject = _trim(s, seg_a, m.start() - 1)
            prev_verb = None
            continue
        if post:
            tail = s[m.end():next_start]
            tail_end = m.end() + ((tm.start()) if (tm := TAIL_END.search(tail)) else len(tail))
            sa, sb = _trim(s, m.end(), tail_end)
            if sb - sa > 30:
                prev_verb = None
                continue
            prev_end = max(prev_end, sb)
        elif TAIL_END.sub("", s[m.end():end]) and "的" in s[m.end():end]:
            prev_verb = None                    # `持有50%以上股权的公司`: inside a modifier
            continue
        qual = m["qual"]
        if qual == "以下" and not LOWERING.search(verb):
            prev_verb = None
            continue
        if frame is None and not ((qual in QUALIFIERS) or goal):     # neither framed nor worded as a goal
            prev_verb, prev_va = verb, va
            continue
        subject = s[sa:sb]
        if not (sa < sb and WORDY.search(subject) and len(subject) <= 40):
            prev_verb, prev_va = verb, va
            continue
        value = _number(m["num"])
        if value is None:
            continue
        value *= MAGNITUDE.get(m["mag"] or "", 1.0)
        lo = min(x for x in (sa, va, qa) if x is not None)
        hi = max(x for x in (m.end(), sb, vb) if x is not None)
        out.append(Target(frame or None, quantity, value, m["unit"], subject, verb, T.span(block, lo, hi)))
        prev_verb, prev_va = verb, va
    return out


# ======================================================================================================
# Status
# ======================================================================================================

IN_FORCE, NOT_YET, EXPIRED, REPEALED, UNSTATED = "现行有效", "尚未施行", "已到期", "已废止", "未注明"


def status(v: Validity, today, repealed_by=None) -> str:
    """现行有效 / 尚未施行 / 已到期 / 已废止 / 未注明 (the rule, step by step: module docstring)."""
    day = str(today)[:10]                   # a date, a datetime or an ISO string
    if repealed_by is not None:
        return REPEALED
    if v.expiry and v.expiry.date and day > v.expiry.date:
        return EXPIRED
    if v.commencement and v.commencement.date and day < v.commencement.date:
        return NOT_YET
    if v.commencement or (v.expiry and v.expiry.date):
        return IN_FORCE
    return UNSTATED


# ======================================================================================================
# Script mode
# ======================================================================================================


def guess_blocks(lines: Sequence[str], title_lines: int = 1) -> list[tuple[str, str]]:
    """Blocks of a one-document text file (one paragraph a line), kinds marked the way
    extract.structure marks them (tables: kind table, text empty)."""
    out: list[tuple[str, str]] = []
    for k, raw in enumerate(lines):
        t = raw.strip()
        if not t:
            continue
        if k < title_lines:
            out.append(("title", t))
        elif "\t" in t:
            out.append(("table", ""))
        elif P.DOC_NUMBER_LINE.match(t):
            out.append(("docno", t))
        elif P.DATE_LINE.match(t):
            out.append(("date", t))
        elif P.PUBLICATION_NOTE.match(t) or P.PROMULGATION_NOTE.match(t):
            out.append(("note", t))
        elif P.ATTACHMENT.match(t) and len(t) <= 40 and not P.PROSE_PUNCT.search(t):
            out.append(("attachment", t))
        elif P.H1_CN.match(t):
            out.append(("h2" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif P.H2_CN.match(t):
            out.append(("h3" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif P.H3_NUM.match(t):
            out.append(("h4" if len(t) <= 40 and "。" not in t[:-1] else "lead", t))
        elif m := P.QA_TURN.match(t):
            out.append(("qa", m["text"]))
        else:
            out.append(("p", t))
    return out


def _title_lines(lines: Sequence[str], title: str | None) -> int:
    """How many lines the title wraps over (the index title, compared without white space)."""
    if not title:
        return 1
    want, got = P.WHITESPACE.sub("", title), ""
    for k, line in enumerate(lines[:4]):
        got += P.WHITESPACE.sub("", line)
        if len(got) >= len(want):
            return k + 1
    return 1


def _first_date(blocks) -> str | None:
    """The first date of a date line, a signature or a note: the document's date in script mode."""
    for kind, text in blocks:
        if kind in ("date", "signature", "note") and (d := _date(normalise(text))):
            return d
    return None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m converter.stages.annotate", description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, help="a corpus index.json (id, title, date) for titles and dates")
    ap.add_argument("--summary", action="store_true", help="print the counts only")
    ap.add_argument("--today", default=_dt.date.today().isoformat())
    args = ap.parse_args(argv)
    meta = {}
    if args.index:
        meta = {r["id"]: r for r in json.loads(args.index.read_text(encoding="utf-8"))}
    counts = dict(documents=0, commencement=0, expiry=0, trial=0, repeals=0, repealed=0, amends=0, amendments=0,
                  citations=0, article_citations=0, anchors=0, targets=0, with_targets=0)
    for f in args.files:
        lines = f.read_text(encoding="utf-8").splitlines()
        rec = meta.get(f.stem, {})
        blocks = guess_blocks(lines, _title_lines(lines, rec.get("title")))
        title = rec.get("title") or (blocks[0][1] if blocks else "")
        doc_date = rec.get("date") or _first_date(blocks)
        v = validity(blocks, doc_date, title)
        cits = document_citations(blocks)
        ans = anchors(blocks)
        ts = targets(blocks, doc_date)
        counts["documents"] += 1
        counts["commencement"] += v.commencement is not None
        counts["expiry"] += v.expiry is not None
        counts["trial"] += v.trial is not None
        counts["repeals"] += bool(v.repeals)
        counts["repealed"] += len(v.repeals)
        counts["amends"] += bool(v.amends)
        counts["amendments"] += len(v.amends)
        counts["citations"] += len(cits)
        counts["article_citations"] += sum(c.article is not None for c in cits)
        counts["anchors"] += len(ans)
        counts["targets"] += len(ts)
        counts["with_targets"] += bool(ts)
        if args.summary:
            continue
        print(f"== {f.name}  {title[:50]}  date={doc_date}  status={status(v, args.today)}")
        if v.commencement:
            print(f"  commencement {v.commencement.rule} {v.commencement.date}  [{_show(blocks, v.commencement.span)}]")
        if v.expiry:
            print(f"  expiry {v.expiry.date} years={v.expiry.years}  [{_show(blocks, v.expiry.span)}]")
        if v.trial:
            print(f"  trial {v.trial.word}")
        for c in v.repeals:
            print(f"  repeals {c.title} {c.doc_number or ''}")
        for a in v.amends:
            print(f"  {a.relation} {a.citation.title or ''} {a.citation.doc_number or ''}")
        print(f"  citations {len(cits)} (with article {sum(c.article is not None for c in cits)}), anchors {len(ans)}")
        for t in ts:
            print(f"  target {t.year} | {t.subject} | {t.verb} | {t.quantity} = {t.value:g} {t.unit}"
                  f"  [{_show(blocks, t.span)}]")
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def _show(blocks, span: Span) -> str:
    text = blocks[span.block][1] if span.block >= 0 else ""
    return text[span.start:span.end]


if __name__ == "__main__":
    sys.exit(main())
