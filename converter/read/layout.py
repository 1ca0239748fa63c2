"""What the laid-out readers (PDF, Word) share, and the PDF page geometry: lines and their look,
page furniture by position and repetition, printed page numbers, tables from ruling lines.

    lines = lay_out(pages)      # [(text, Placement)] from the lines of every page (PdfLine)

Every measure is relative to the document itself: the body size is the size most characters are set
in, the line pitch the usual distance between body baselines, the text block's margins where most
lines start and where long lines end (per odd/even page, for mirrored margins). Nothing is a fixed
number of points, so an A4 page set 16 pt on a 28-character grid and a letter page set 10.5 pt read
alike.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from converter.model import Align, Look, Placement
from converter.text.chars import glue, normalise
from converter.vocab import patterns as P

#: Margin bands: a running header or footer lies within this share of the page height from its edge.
MARGIN_BAND = 0.15
#: At most this many lines at the top or bottom of a page make up its header or footer.
MARGIN_LINES = 3
#: A centred line's middle is within this many body characters of the text block's middle, with at
#: least this much room on either side.
CENTRE_TOLERANCE, CENTRE_ROOM = 0.75, 1.0
#: A line this much larger than the body is display type (a title): centred when its middle is, however wide.
TITLE_SIZE = 1.15
#: A line set to the right starts beyond this share of the text block's width and ends within this
#: many body characters of its right margin (GB/T 9704 sets the date four characters in from it).
RIGHT_START, RIGHT_REACH = 0.35, 5.0
#: A first-line indent is this many body characters at most; it is the body's when this share of
#: the body lines that start a paragraph have it.
MAX_FIRST_INDENT, FIRST_INDENT_SHARE = 4.5, 0.05


def one_line(text: str) -> str:
    """No line break inside a line of laid-out text (each is one line of Source.text)."""
    return "".join(" " if c in "\r\n\v\f\x85\u2028\u2029" else c for c in text)


@dataclass
class Glyph:
    ch: str
    x0: float  # origin
    x1: float  # origin + advance width (the PDF's widths)
    base: float  # baseline y (PDF coordinates: up is larger)
    size: float
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A ruling line: horizontal at y=`at` from x=`lo` to `hi`, or vertical at x=`at` from y=`lo` to `hi`."""

    horizontal: bool
    at: float
    lo: float
    hi: float


@dataclass
class PdfLine:
    page: int
    text: str
    x0: float
    x1: float
    base: float
    top: float  # distance of the baseline from the top edge of the page
    bottom: float  # distance of the baseline from the bottom edge
    size: float
    bold: bool
    page_width: float
    page_height: float
    cells: bool = False  # a table row rebuilt from ruling lines
    furniture: str | None = None


# --- lines ------------------------------------------------------------------------------------------


def line_text(line: list[Glyph]) -> str:
    """A line's text: a gap wider than a space becomes one, a wide gap a tab (a table column, a TOC page)."""
    kept: list[Glyph] = []
    for g in line:  # text drawn twice for a bold effect: keep one copy
        if kept and g.ch == kept[-1].ch and abs(g.x0 - kept[-1].x0) < 0.25 * max(kept[-1].x1 - kept[-1].x0, 0.1 * g.size):
            kept[-1].bold = True
            continue
        kept.append(g)
    space = [g.ch.isspace() for g in kept]
    gaps = [b.x0 - a.x1 for a, b, sa, sb in zip(kept, kept[1:], space, space[1:]) if not sa and not sb]
    usual = max(0.0, statistics.median(gaps)) if gaps else 0.0  # letter spacing of a justified line
    parts = [kept[0].ch] if kept else []
    for k in range(1, len(kept)):
        a, b = kept[k - 1], kept[k]
        if not space[k - 1] and not space[k]:
            extra = b.x0 - a.x1 - usual
            if extra > 0.2 * a.size or extra > 0.2 * b.size:
                size = a.size if a.size > b.size else b.size
                if extra > 1.5 * size:
                    parts.append("\t")
                elif extra > 0.2 * size:
                    parts.append(" ")
        parts.append(b.ch)
    return "".join(parts).strip()


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs into lines: same baseline (within half a character), each line sorted left to right."""
    out: list[list[Glyph]] = []
    low = float("inf")
    for g in sorted(glyphs, key=lambda g: -g.base):
        if out and g.base >= low - 0.5 * g.size:
            out[-1].append(g)
            low = min(low, g.base)
        else:
            out.append([g])
            low = g.base
    return [sorted(line, key=lambda g: g.x0) for line in out]


# --- tables from ruling lines -------------------------------------------------------------------------


def _positions(values: list[float], close: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= close:
            continue
        out.append(v)
    return out


def _touch(h: Rule, v: Rule, slack: float = 2.0) -> bool:
    return h.lo - slack <= v.at <= h.hi + slack and v.lo - slack <= h.at <= v.hi + slack


def _grids(rules: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules that touch one another, as (horizontals, verticals) per connected group."""
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    for i in hs:
        for j in vs:
            if _touch(rules[i], rules[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = defaultdict(list)
    for i, r in enumerate(rules):
        groups[find(i)].append(r)
    return [([r for r in g if r.horizontal], [r for r in g if not r.horizontal]) for g in groups.values()]


def tables_from_rules(glyphs: list[Glyph], rules: list[Rule]) -> tuple[list[Glyph], list[tuple[list[Glyph], tuple[str, ...]]]]:
    """Bordered tables: the glyphs outside every table, and one (glyphs, cells) per table row.

    A table is a group of touching ruling lines with two columns at least (a row at least: a table
    continued on the next page may bring one); its rows lie
    between the horizontal rules, its columns between the vertical ones. A cell whose inner border is
    missing spans its neighbours: its text is repeated in each column (and each row) it spans."""
    rows_out: list[tuple[list[Glyph], tuple[str, ...]]] = []
    rest = glyphs
    for hs, vs in _grids(rules):
        ys = _positions([h.at for h in hs])[::-1]  # top to bottom
        xs = _positions([v.at for v in vs])
        if len(ys) < 2 or len(xs) < 3:
            continue  # a box around text (专栏: one column), a rule under a header: not a table
        top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]
        inside = [g for g in rest if left <= (g.x0 + g.x1) / 2 <= right and bottom < g.base < top]
        if not inside:
            continue
        ids = {id(g) for g in inside}
        rest = [g for g in rest if id(g) not in ids]
        n_rows, n_cols = len(ys) - 1, len(xs) - 1

        def v_border(x: float, y0: float, y1: float) -> bool:
            mid = (y0 + y1) / 2
            return any(abs(v.at - x) <= 1.5 and v.lo - 1 <= mid <= v.hi + 1 for v in vs)

        def h_border(y: float, x0: float, x1: float) -> bool:
            mid = (x0 + x1) / 2
            return any(abs(h.at - y) <= 1.5 and h.lo - 1 <= mid <= h.hi + 1 for h in hs)

        cell_of = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

        def root(k):
            while cell_of[k] != k:
                k = cell_of[k]
            return k

        for r in range(n_rows):
            for c in range(1, n_cols):
                if not v_border(xs[c], ys[r + 1], ys[r]):
                    cell_of[root((r, c))] = root((r, c - 1))
        for r in range(1, n_rows):
            for c in range(n_cols):
                if not h_border(ys[r], xs[c], xs[c + 1]) and root((r, c)) != root((r - 1, c)):
                    cell_of[root((r, c))] = root((r - 1, c))
        content: dict[tuple, list[Glyph]] = defaultdict(list)
        by_row: dict[int, list[Glyph]] = defaultdict(list)
        for g in inside:
            r = next((k for k in range(n_rows) if ys[k + 1] < g.base < ys[k]), None)
            mid = (g.x0 + g.x1) / 2
            c = next((k for k in range(n_cols) if xs[k] <= mid <= xs[k + 1]), None)
            if r is None or c is None:
                continue
            content[root((r, c))].append(g)
            by_row[r].append(g)
        text = {k: _cell_text(gs) for k, gs in content.items()}
        for r in range(n_rows):
            if not by_row[r] and not any(text.get(root((r, c))) for c in range(n_cols)):
                continue
            cells: list[str] = []
            for c in range(n_cols):
                cells.append(text.get(root((r, c)), "") or " ")
            if not by_row[r]:
                continue  # a row only a spanning cell reaches into: its text is in the row that holds it
            rows_out.append((by_row[r], tuple(cells)))
    return rest, rows_out


def _cell_text(glyphs: list[Glyph]) -> str:
    text = ""
    for line in group_lines(glyphs):
        part = line_text(line).replace("\t", " ")
        text = glue(text, part) if text else part
    return text


# --- furniture ------------------------------------------------------------------------------------------


def _template(text: str) -> str:
    return P.DIGITS.sub("#", text.replace(" ", "").replace("\t", ""))


def _pitch(pages: list[list[PdfLine]], body: float) -> float:
    """The usual distance between two baselines of body text."""
    steps = [a.base - b.base for lines in pages for a, b in zip(lines, lines[1:])
             if abs(a.size - body) <= 0.1 * body and 0.8 * a.size <= a.base - b.base <= 3 * a.size]
    return statistics.median(steps) if steps else 1.5 * body


def _margin_zones(lines: list[PdfLine], pitch: float) -> list[tuple[str, list[PdfLine]]]:
    """The lines in the top and bottom margin of one page: at most MARGIN_LINES lines within the band,
    set apart from the text block by a gap clearly wider than the line pitch."""
    zones = []
    for band, seq, edge in (("header", lines, "top"), ("footer", lines[::-1], "bottom")):
        zone: list[PdfLine] = []
        for k, line in enumerate(seq[:MARGIN_LINES]):
            if getattr(line, edge) > MARGIN_BAND * (line.top + line.bottom):
                break
            zone.append(line)
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if nxt is None or abs(line.base - nxt.base) > max(1.4 * pitch, pitch + line.size):
                zones.append((band, zone))
                break
    return zones


def _keeps_content(text: str) -> bool:
    """A title or a 文号 line is never furniture, wherever it stands (issue 15)."""
    from converter.stages.clean import keeps_content  # the same rule as the text's furniture

    return keeps_content(text)


def mark_furniture(pages: list[list[PdfLine]], pitch: float) -> None:
    """Mark running headers/footers (repeated on two or more pages) and page numbers in the margins."""
    zones = [(band, line) for lines in pages for band, zone in _margin_zones(lines, pitch) for line in zone]
    repeated = Counter((band, _template(line.text)) for band, line in zones)
    for band, line in zones:
        text = normalise(line.text)
        if P.PAGE_NUMBER.match(text):
            line.furniture = "page number"
        elif repeated[band, _template(line.text)] >= 2 and not _keeps_content(text):
            line.furniture = f"running {band}"
    # A header or footer set close to the text block: the same short line at the same height at the
    # edge of three or more pages (not a table row: a table's head repeated on every page is content).
    for band in ("header", "footer"):
        for depth in range(MARGIN_LINES):
            edge = []
            for lines in pages:
                seq = lines if band == "header" else lines[::-1]
                if len(seq) > depth + 1 and all(x.furniture for x in seq[:depth]) and not seq[depth].furniture:
                    line = seq[depth]
                    if (line.top if band == "header" else line.bottom) <= MARGIN_BAND * (line.top + line.bottom) \
                            and "\t" not in line.text and len(line.text) <= 40 and not line.cells:
                        edge.append(line)
            spots = Counter((_template(x.text), round(x.base / 2)) for x in edge)
            for line in edge:
                text = normalise(line.text)
                if spots[_template(line.text), round(line.base / 2)] >= 3 and not _keeps_content(text):
                    line.furniture = "page number" if P.PAGE_NUMBER.match(text) else f"running {band}"


def printed_pages(pages: list[list[PdfLine]]) -> dict[int, int]:
    """PDF page → the page number printed on it (`— 7 —`, `第 7 页`, `7`): read from its page-number
    line, and for a page without one, from its neighbours when they agree on the offset."""
    found: dict[int, int] = {}
    for lines in pages:
        for line in lines:
            if line.furniture == "page number" and (m := P.DIGITS.search(line.text)):
                found.setdefault(line.page, int(m.group()))
    from converter.stages.clean import infer_printed

    return infer_printed(found, {lines[0].page for lines in pages if lines})


# --- the text block, alignment, fullness ------------------------------------------------------------------


def _body_size(lines: list[PdfLine]) -> float:
    sizes = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


@dataclass
class _Block:
    left: float
    right: float
    tolerance: float  # how far short of `right` a line may stop and still run on (points)


def _blocks(lines: list[PdfLine], body: float) -> dict[int, _Block]:
    """The text block per page parity (0 even, 1 odd): left margin where most body lines start, right
    margin the usual end of long lines; tolerance from how ragged the long lines are (1 character for
    justified text, at most 2.5)."""
    plain_all = [x for x in lines if not x.furniture and "\t" not in x.text and abs(x.size - body) <= 0.15 * body]
    out = {}
    for parity in (0, 1):
        plain = [x for x in plain_all if x.page % 2 == parity]
        if len(plain) < 8:
            plain = plain_all
        if not plain:
            out[parity] = _Block(0.0, 0.0, body)
            continue
        starts = Counter(round(x.x0) for x in plain)
        common = [x for x, n in starts.items() if n >= max(2, 0.1 * len(plain))]
        left = min(common) if common else min(x.x0 for x in plain)
        right = max(x.x1 for x in plain)
        long = [x.x1 for x in plain if x.x1 - left >= 0.5 * (right - left)]
        edge = statistics.median_high(long) if long else right
        short = sorted((edge - x1) / body for x1 in long if -0.5 <= (edge - x1) / body <= 3)
        spread = short[int(0.9 * (len(short) - 1))] if short else 0.0
        out[parity] = _Block(left, edge, min(2.5, max(1.0, spread + 0.5)) * body)
    return out


def _first_indent(lines: list[PdfLine], blocks: dict[int, _Block], body: float) -> float | None:
    """The body's first-line indent in body characters (2 in GB/T 9704), or None when paragraphs are
    not indented: the usual indent of body lines that start a little in from the left margin."""
    plain = [x for x in lines if not x.furniture and not x.cells and abs(x.size - body) <= 0.15 * body]
    indents = Counter()
    for x in plain:
        block = blocks[x.page % 2]
        k = (x.x0 - block.left) / body
        if 0.5 <= k <= MAX_FIRST_INDENT and x.x1 >= block.right - block.tolerance:
            indents[round(k * 2) / 2] += 1  # an indented line that runs to the margin: a paragraph's first
    if not indents:
        return None
    k, n = indents.most_common(1)[0]
    return k if n >= 2 and n >= FIRST_INDENT_SHARE * len(plain) else None


def lay_out(pages: list[list[PdfLine]]) -> list[tuple[str, Placement]]:
    """Furniture, printed page numbers, fullness and the look of every line of a PDF."""
    every = [x for lines in pages for x in lines]
    body = _body_size(every)
    pitch = _pitch(pages, body)
    mark_furniture(pages, pitch)
    printed = printed_pages(pages)
    content = [x for x in every if not x.furniture]
    body = _body_size(content) if content else body
    blocks = _blocks(every, body)
    first_indent = _first_indent(every, blocks, body)
    out: list[tuple[str, Placement]] = []
    for lines in pages:
        prev: PdfLine | None = None
        for line in lines:
            block = blocks[line.page % 2]
            indent = (line.x0 - block.left) / body
            full = line.x1 >= block.right - block.tolerance and not line.cells and "\t" not in line.text
            centre = (block.left + block.right) / 2
            room = min(line.x0 - block.left, block.right - line.x1) / body
            if abs((line.x0 + line.x1) / 2 - centre) <= CENTRE_TOLERANCE * body and not line.cells \
                    and (room >= CENTRE_ROOM - 0.01 or line.size >= TITLE_SIZE * body) \
                    and (line.size >= TITLE_SIZE * body or first_indent is None or abs(indent - first_indent) > 0.35):
                # (a title line as wide as the block is centred; a body line at the paragraph indent is not)
                align = Align.CENTRE
            elif full and indent <= MAX_FIRST_INDENT + 0.5:
                align = Align.JUSTIFIED
            elif full and not line.cells and "\t" not in line.text:
                align, full = Align.RIGHT, False  # flush right, far from the left margin: a signature, a date
            elif line.x0 - block.left >= RIGHT_START * (block.right - block.left) and \
                    block.right - line.x1 <= RIGHT_REACH * body and not line.cells:
                align = Align.RIGHT
            else:
                align = Align.LEFT
            look = Look(
                size=round(line.size / body, 3), bold=line.bold, align=align, indent=round(indent, 2),
                short=round((block.right - line.x1) / body, 2),
                first_indent=first_indent is not None and align in (Align.LEFT, Align.JUSTIFIED)
                and abs(indent - first_indent) <= 0.35, body_indent=first_indent,
                gap=None if prev is None else round((prev.base - line.base) / pitch, 3),
                top=round(line.top / line.page_height, 4), page_break=prev is None and line.page > 1)
            if not line.furniture:
                prev = line
            runs_on = None if line.furniture else full and not line.cells and "\t" not in line.text
            out.append((line.text, Placement(line.page, runs_on, line.furniture, look, printed.get(line.page))))
    return out
