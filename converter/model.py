"""The records passed between the stages, and the typed vocabularies they use.

Records are frozen: a stage makes new records, never edits old ones. Every record that comes from
the input keeps its source position (file name, 1-based line, page).

`Kind` is what a document is (policy, interpretation, …), `BlockKind` what a unit of its body is,
and `Role` what a line of a compilation is to its reader: the segmenter labels every line with one,
and documents, their spans and their metadata are derived from the sequence of roles. The layout
generator (training/) writes compilations with the role of every line, so the labels a model is
trained on and the labels it predicts are the same words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class _Word(str, Enum):
    """An enumeration whose members are their words: printed, formatted, written to JSON and compared
    as the plain string (`Kind.POLICY == "policy"`)."""

    __str__ = str.__str__
    __format__ = str.__format__


class Kind(_Word):
    """What a document is."""

    POLICY = "policy"                    # the text of an official document
    INTERPRETATION = "interpretation"    # 解读, 专家解读, 答记者问, 新闻发布会
    NEWS = "news"                        # a report about a policy, not its text
    DIGEST_ITEM = "digest_item"          # an entry of a 政策速览


class BlockKind(_Word):
    """What one unit of a document body is, as the page shows it."""

    P = "p"                              # a paragraph
    H2 = "h2"                            # 一、 heading (or an 附件 heading)
    H3 = "h3"                            # （一） heading
    H4 = "h4"                            # 1. heading
    LEAD = "lead"                        # a paragraph opened by a bold lead sentence (一是…。)
    QA = "qa"                            # a question or an answer (问：/答：), with its speaker
    TABLE = "table"                      # rows of cells
    COLUMN_START = "column_start"        # a boxed column (专栏) begins: its title
    COLUMN_END = "column_end"            # the boxed column ends
    SIGNATURE = "signature"              # issuer names under the text
    DATE = "date"                        # the date of the signature block
    DOCNO = "docno"                      # the 文号 line under the title
    TITLE = "title"                      # an inner title (what a 通知 issues)
    ATTACHMENT = "attachment"            # 附件 line
    LI = "li"                            # a list item: a bullet, an attachment of an 附件 list
    NOTE = "note"                        # （此件公开发布） and the like


class Role(_Word):
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

class Align(_Word):
    """How a laid-out line sits between the margins of its text block."""

    LEFT = "left"                        # starts at the left margin (or its indent), stops short of the right
    JUSTIFIED = "justified"              # runs from the left margin (or a first-line indent) to the right one
    CENTRE = "centre"                    # centred: a title, a 文号 under it, a 令 header, a caption
    RIGHT = "right"                      # set to the right: signature, date


@dataclass(frozen=True)
class Look:
    """How one line of a laid-out input is set: the layout signals the segmenter reads beside the words.
    PDF: measured on the page; Word: from the paragraph's style and formatting."""

    size: float = 1.0  # font size relative to the body text's (1.0; a 22 pt title over 16 pt body: 1.38)
    bold: bool = False  # most of its characters are in a bold face (or drawn bold)
    align: Align = Align.LEFT
    indent: float = 0.0  # left edge from the text block's left margin, in body characters
    first_indent: bool = False  # indented as the body's paragraphs' first lines are (starts a paragraph)
    body_indent: float | None = None  # the body's first-line indent in characters (None: paragraphs not indented)
    short: float | None = None  # how far its end stops short of the right margin, in body characters (PDF)
    gap: float | None = None  # distance from the previous line's baseline in body line pitches; None: first on its page
    top: float | None = None  # the baseline's distance from the top edge, as a share of the page height
    page_break: bool = False  # the first line of its page
    style: str | None = None  # Word: the paragraph style's name (Title, Heading 1); PDF: None
    heading_level: int | None = None  # Word: 0 for Title, n for Heading n (or the outline level); PDF: None


@dataclass(frozen=True)
class Placement:
    """Where one line of a laid-out input (PDF, Word) was found; plain text has no placements."""

    page: int  # 1-based: the PDF page; in a Word file, counted from its page breaks
    full: bool | None = None  # PDF: the line runs to the right edge of the text block, so its paragraph
    #                           goes on; False: the paragraph ends here; None: unknown (text rules decide)
    furniture: str | None = None  # page furniture told by position (running header/footer, page number)
    look: Look | None = None  # how the line is set (None: not known)
    printed: int | None = None  # the page number printed on its page (its footer), when there is one


@dataclass(frozen=True)
class Source:
    """One input file, decoded. A converted Compilation keeps it without text and layout
    (`identity()`): its lines live on in the documents' blocks, and every worker result and cache
    entry would otherwise carry the whole file a second time."""

    path: str  # as given on the command line
    name: str  # file name, as reported in corpus.json
    sha256: str  # of the raw bytes
    encoding: str  # of a text file; "pdf" or "docx" for those
    text: str  # one line per physical line (for a PDF or Word file: as laid out by ingest)
    layout: tuple[Placement, ...] = ()  # one per line of `text` for PDF and Word inputs, else empty

    def identity(self) -> Source:
        """The file without its text: path, name, hash and encoding."""
        return Source(self.path, self.name, self.sha256, self.encoding, "")


@dataclass(frozen=True)
class Line:
    """One physical line of an input, after cleaning."""

    source: str  # file name
    number: int  # 1-based line number in the file
    page: int  # 1-based page: counted from page furniture, or the PDF/Word page (Source.layout)
    raw: str  # the line as decoded (no line end)
    text: str  # normalised; "" for a blank line
    furniture: str | None = None  # why the line was removed (footer, page number, …), else None
    full: bool | None = None  # PDF: the line reaches the right margin (see Placement.full)
    look: Look | None = None  # PDF, Word: how the line is set (Placement.look)
    printed_page: int | None = None  # the page number printed on its page: a PDF's footer, a text's footer line


@dataclass(frozen=True)
class Paragraph:
    """Consecutive content lines rejoined into one logical line (a paragraph, a title, a heading)."""

    text: str
    lines: tuple[int, ...]  # the 1-based line numbers it was made from
    page: int  # of its first line
    end_page: int | None = None  # of its last line, when that is on a later page
    look: Look | None = None  # of its first line (laid-out inputs)
    printed_page: int | None = None  # the page number printed on its first line's page

    @property
    def last_page(self) -> int:
        return self.end_page or self.page

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass(frozen=True)
class TocEntry:
    title: str
    page: int | None
    line: int
    number: int | None = None  # running number printed before the title, if any


@dataclass(frozen=True)
class Cover:
    """What the cover, the TOC and the running footers say about the issue."""

    publisher: str | None
    title: str | None
    issue: str | None  # 总第18期
    period: str | None  # 2025年8月
    lines: tuple[int, ...] = ()  # cover and TOC lines (they land on the issue page)
    toc: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A span of paragraphs that a careful reader would call one document."""

    paragraphs: tuple[Paragraph, ...]
    digest: bool = False  # a 政策速览 entry
    toc: TocEntry | None = None  # the TOC entry it was aligned with
    roles: tuple[str, ...] = ()  # the learned segmenter's Role of each paragraph (empty: the rules segmented)
    label: str | None = None  # the item label printed just before it (【政策解读】), as the labeller found it


@dataclass(frozen=True)
class Block:
    """One unit of a document body, as the page will show it."""

    kind: str  # h2 h3 h4 p lead qa table column signature attachment note
    text: str
    lines: tuple[int, ...] = ()
    who: str | None = None  # qa: the speaker
    rows: tuple[tuple[str, ...], ...] = ()  # table cells


# --- facts read from a document's body (converter.stages.annotate) ------------------------------------
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


@dataclass(frozen=True, slots=True)
class Facts:
    """What converter.stages.annotate reads in one document's body (spans index its `blocks`; block −1
    is its title): validity, citations down to the article, an anchor for every numbered block and
    paragraph, quantified targets."""

    validity: Validity = Validity()
    citations: tuple[Citation, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True, slots=True)
class CitationLink:
    """A citation in an entry's main text that names a document of the corpus (or the entry itself:
    `本条例第四十条`): where it is (block of `Entry.main.blocks`, character offsets in its text) and
    where it leads (the entry's id, the anchor of the article when one is cited and found)."""

    block: int
    start: int
    end: int
    target: str
    anchor: str | None = None


@dataclass(frozen=True)
class Occurrence:
    compilation: str  # compilation id
    source: str  # input file name
    start_line: int
    end_line: int
    start_page: int | None = None  # physical pages: of the PDF, or counted from a text's footers
    end_page: int | None = None
    printed_page: int | None = None  # the number printed on its first page (footer, else the TOC entry)


@dataclass(frozen=True)
class Document:
    """One document as extracted from one issue (before merging across issues)."""

    title: str
    heading: str | None  # compiler headline when it differs from the title
    kind: str  # policy | interpretation | news | digest_item
    subtype: str | None
    doc_number: str | None
    issuers: tuple[str, ...]  # canonical department names
    date: str | None  # YYYY-MM-DD
    level: str  # national | provincial
    blocks: tuple[Block, ...]
    occurrence: Occurrence
    named_policy: str | None = None  # interpretation/news: the 《title》 it discusses
    digest_source: str | None = None  # （源自：…）
    toc_title: str | None = None
    text_chars: int = 0
    # What the text says, read by extract (resolve only reads these): theme keywords in the body and in
    # title + heading (department names blanked), {keyword: count} as sorted pairs …
    keyword_counts: tuple[tuple[str, int], ...] = ()
    title_keyword_counts: tuple[tuple[str, int], ...] = ()
    # … and what the body cites, in order: the 《titles》 it quotes, the 文号 it names
    quoted_titles: tuple[str, ...] = ()
    cited_numbers: tuple[str, ...] = ()
    # validity, citations, anchors and targets of the body (annotate.facts); None: not read
    facts: Facts | None = None
    published: str | None = None  # YYYY-MM-DD 发布日期 printed in a meta or source line (`date` is the 成文日期)


@dataclass(frozen=True)
class Compilation:
    """One converted input file."""

    id: str
    source: Source  # without its text (Source.identity)
    cover: Cover
    documents: tuple[Document, ...]
    furniture: tuple[Line, ...]  # lines removed as page furniture
    unmatched_toc: tuple[TocEntry, ...] = ()
    section_lines: tuple[int, ...] = ()  # section headings of the issue (政策速览 …) kept on the issue page
    # characters cleaning removed because no policy text needs them: (what, how many), e.g.
    # ("bidi control", 2) ("control character", 1) — reported on the conversion report
    removed_characters: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Entry:
    """A document of the library: one or more Documents merged, with links resolved."""

    id: str
    path: str  # page path relative to the docs folder
    title: str
    kind: str
    subtype: str | None
    doc_number: str | None
    issuers: tuple[str, ...]
    date: str | None
    level: str
    themes: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    versions: tuple[Document, ...]  # the merged documents, the full text first
    interprets: tuple[str, ...] = ()
    interpreted_by: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    cited_by: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()  # titles named but not in the corpus
    heading: str | None = None
    # relations read from the texts (annotate's validity facts), both ways, between corpus entries
    repeals: tuple[str, ...] = ()
    repealed_by: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    issued_with: tuple[str, ...] = ()  # a 印发 notice and the document it issues (each names the other)
    citation_links: tuple[CitationLink, ...] = ()  # citations in the main text that lead to an entry
    # citations in the main text (a 《title》, a 文号) that name no document of the corpus, in text order
    unresolved_citations: tuple[Citation, ...] = ()
    published: str | None = None  # the 发布日期 printed with a version (`date` falls back on it when no 成文日期 is)

    @property
    def main(self) -> Document:
        return self.versions[0]


@dataclass(frozen=True)
class Library:
    """The whole corpus: compilations in input order, entries in a stable order."""

    compilations: tuple[Compilation, ...]
    entries: tuple[Entry, ...]
    duplicates: tuple[str, ...] = ()  # input files skipped as byte-identical to another (the first by name is kept)
    # compilation id -> how many citations of its documents' texts name no document of the corpus
    # (each listed on its conversion report: Entry.unresolved_citations)
    unresolved_citations: dict = field(default_factory=dict)
