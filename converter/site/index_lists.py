"""Markdown extension: the converter's index lists, made into HTML without inline parsing.

Index pages (timeline, 文种, themes, departments, issues) are long lists of lines the converter writes
itself (render.entry_line, render.grouped_index):

    - [《关于…的通知》](../documents/x.md) <small>2024-05-20 · 发改环资〔2024〕1104号 · 通知</small>

At 100 issues these pages hold ~11,000 such lines, and a new issue changes nearly all of them, so their
Markdown conversion is most of what a rebuild converts; almost all of that time is Python-Markdown's
inline parsing of each line. This block processor recognises a block made only of such lines and
builds the list directly: `<ul>`, `<li>`, `<a href>` with the unescaped link text, `<small>` with the
unescaped note, texts marked atomic so the inline patterns pass them by. MkDocs still rewrites and
validates every link (its tree processor walks the `<a>` elements as before).

Exact: the HTML is byte-for-byte what Python-Markdown makes of the same block (tested on the sample, the
seeds and synthetic corpora). A block with anything else — other syntax, an entity other than the
`&amp;` `&lt;` `&gt;` that render.text writes, a list that continues a previous one or is continued
by the next block (a loose list), an item with an indented continuation — goes to Python-Markdown's
own list processor.

Registered in mkdocs.yml as `converter.site.index_lists`; it registers plain_text.py too (any other
text no inline pattern can change passes the inline parsing by: the same HTML).
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from converter.site import plain_text
from converter.vocab import patterns as P

#: The entities render.text writes, and what they stand for. An ampersand stays the entity `&amp;`,
#: written with Python-Markdown's placeholder for the `&` of an entity (replaced after serialising):
#: a plain `&` would let the serialiser keep `&copy;` or `&lt;` typed in the input as entities, which
#: the page would then show as © or <.
ENTITIES = {"&amp;": AMP_SUBSTITUTE + "amp;", "&lt;": "<", "&gt;": ">"}
#: Before Python-Markdown's own unordered lists (priority 30); after ordered lists (40).
PRIORITY = 35


class IndexListProcessor(BlockProcessor):
    """A block of index list lines → `<ul>` of `<li><a href>text</a> <small>note</small></li>`."""

    def test(self, parent: etree.Element, block: str) -> bool:
        if parent.tag in ("ul", "ol") or self.parser.state.isstate("list") or self.parser.state.isstate("looselist"):
            return False
        sibling = self.lastChild(parent)
        if sibling is not None and sibling.tag in ("ul", "ol"):
            return False                     # Python-Markdown would continue that list (a loose one)
        return all(P.INDEX_LIST_LINE.fullmatch(line) for line in block.split("\n"))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        if len(blocks) > 1 and P.LIST_CONTINUES.match(blocks[1]):
            return False                     # a loose list: Python-Markdown wraps the items in <p>
        lines = [P.INDEX_LIST_LINE.fullmatch(line) for line in blocks[0].split("\n")]
        items = [(self.inline(m["text"]), m["href"], m["note"] is not None and self.inline(m["note"]))
                 for m in lines]
        if any(text is None or note is None for text, _, note in items):
            return False                     # an escape Python-Markdown would keep: its own processor
        blocks.pop(0)
        lst = etree.SubElement(parent, "ul")
        for text, href, note in items:
            li = etree.SubElement(lst, "li")
            a = etree.SubElement(li, "a", {"href": href})
            a.text = AtomicString(text)
            if note is not False:
                a.tail = AtomicString(" ")
                small = etree.SubElement(li, "small")
                small.text = AtomicString(note)
        return None

    def inline(self, text: str) -> str | None:
        """The text Python-Markdown's inline patterns make of an escaped text, or None when it holds an
        escape of a character Python-Markdown does not unescape."""
        out = P.INDEX_LIST_ENTITY.sub(lambda m: ENTITIES[m[0]], text)
        if "\\" not in out:
            return out
        escaped = self.parser.md.ESCAPED_CHARS
        if any(m[1] not in escaped for m in P.INDEX_LIST_ESCAPE.finditer(out)):
            return None
        return P.INDEX_LIST_ESCAPE.sub(r"\1", out)


class IndexListExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.parser.blockprocessors.register(IndexListProcessor(md.parser), "policy_index_list", PRIORITY)
        plain_text.register(md)            # texts no inline pattern can change pass the inline parsing by


def makeExtension(**kwargs) -> IndexListExtension:
    return IndexListExtension(**kwargs)
