"""Typed vocabularies shared by the stages, the layout generator and the typesetter.

`Role` is what a line of a compilation is to its reader: the segmenter labels every line with one,
and documents, their spans and their metadata are derived from the sequence of roles. The layout
generator (training/) writes compilations with the role of every line, so the labels a model is
trained on and the labels it predicts are the same words.
"""
from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """The role of one line (or paragraph) of a compilation."""

    # the issue around the documents
    COVER = "cover"                      # cover page: publisher, compilation title, period, 总第N期, 编印
    TOC_HEADING = "toc_heading"          # 目录 / 目 录
    TOC_ENTRY = "toc_entry"              # an entry of the table of contents (or its continuation line)
    SECTION_HEADING = "section_heading"  # 第一部分 国家政策 / 一、国家层面 / 【省级政策】 between documents
    ITEM_LABEL = "item_label"            # 【政策解读】【相关新闻】 printed before a document, not part of it
    FURNITURE = "furniture"              # running header / footer, page number, stray link, editor credit
    # the head of a document (a document starts at the first of these)
    ORDER_HEADER = "order_header"        # 中华人民共和国国务院令 / 第N号 above a 令's text
    HEADLINE = "headline"                # a compiler's headline above the official title (国务院印发《…》)
    DOC_TITLE = "doc_title"              # the document's title (every line of a title printed over several)
    DIGEST_ENTRY = "digest_entry"        # first line of a 政策速览 item: `11月2日，工信部印发《…》…`
    DOC_NUMBER = "doc_number"            # 国办发〔2024〕39号 under the title
    META = "meta"                        # 发布时间：/ 发文机关：/ 文号：/ 来源：/ 发布日期 lines of an item
    ADDRESSEE = "addressee"              # 各省、自治区、直辖市人民政府，…：
    # the body of a document
    BODY = "body"                        # running text
    HEADING = "heading"                  # 一、 （一） 1. 第一条 第一章 … inside a document
    TABLE_ROW = "table_row"              # a row of a table (cells separated by tabs, or one cell a line)
    SIGNATURE = "signature"              # issuer names under the text (国务院办公厅; 总理 李强)
    DATE = "date"                        # the date of the signature block
    ATTACHMENT = "attachment"            # 附件：1. … / 附件1 …
    NOTE = "note"                        # （此件公开发布）（本文有删减）（源自：…）, 来源 notes at the end
    INNER_TITLE = "inner_title"          # title of what a 通知 issues, printed after its signature
    CAPTION = "caption"                  # photo caption, picture credit, 图 N

    @property
    def starts_document(self) -> bool:
        """A document starts at the first line of one of these after anything else."""
        return self in DOCUMENT_HEAD

    @property
    def outside_documents(self) -> bool:
        return self in OUTSIDE


#: Roles a document can start with (its head); a run of them is one head.
DOCUMENT_HEAD = frozenset({Role.ORDER_HEADER, Role.HEADLINE, Role.DOC_TITLE, Role.DIGEST_ENTRY})
#: Roles of lines that belong to the issue, not to any document.
OUTSIDE = frozenset({Role.COVER, Role.TOC_HEADING, Role.TOC_ENTRY, Role.SECTION_HEADING, Role.ITEM_LABEL,
                     Role.FURNITURE})
