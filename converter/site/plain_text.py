"""Markdown speed-up: texts in which no inline pattern can match are passed by Python-Markdown's inline
parsing (marked atomic), the same HTML.

A document page is mostly paragraphs of plain Chinese text: no link, no emphasis, no code, no entity.
Python-Markdown's inline processor still tries each of its 15 patterns on every text and tail of the
tree, one regular expression search at a time (py-spy of a cold build at 100 issues: the inline
processor was 6.8 % of every process's samples, a quarter of the Markdown conversion). Every one of
those patterns needs one of a few characters to match — a backtick, a backslash, `[`, `!`, `<`, `&`,
`*`, `_`, two spaces before a line break — and so does the placeholder of something already stashed
(STX, ETX). A text with none of them comes out of the inline processor as it went in, so it is marked
atomic (util.AtomicString, what Python-Markdown itself does to code) before the inline processor runs
(priority above its 20), and the inline processor leaves it be.

Only while the inline patterns are exactly Python-Markdown's own (`DEFAULT_PATTERNS`, by name) and
every tree processor is one known to read an atomic text as a plain one (`KNOWN_TREEPROCESSORS`): an
extension that adds a pattern (nl2br, wikilinks) could match other characters, one that runs patterns
of its own (smarty) or skips atomic texts (legacy_attrs) would change; then nothing is marked. Registered by the converter's Markdown extension (index_lists.py), which mkdocs.yml names;
tests/site/test_plain_text.py compares the HTML with and without it.
"""
from __future__ import annotations

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from converter.vocab import patterns as P

#: Python-Markdown's inline patterns (markdown.inlinepatterns.build_inlinepatterns), by name: the
#: characters in INLINE_TRIGGER are what each of them needs to match.
DEFAULT_PATTERNS = frozenset({"backtick", "escape", "reference", "link", "image_link", "image_reference",
                              "short_reference", "short_image_ref", "autolink", "automail", "linebreak",
                              "html", "entity", "em_strong", "em_strong2"})
#: The tree processors known to treat an atomic text as a plain one (every one mkdocs.yml's extensions and
#: MkDocs register, but the inline processor, which is the point): with any other (smarty runs inline
#: patterns of its own; legacy_attrs skips atomic texts) nothing is marked.
KNOWN_TREEPROCESSORS = frozenset({"inline", "prettify", "unescape", "attr_list", "toc", "policy_plain_text",
                                  "mkdocs_extract_anchors", "relpath", "mkdocs_extract_title"})
#: Run before Python-Markdown's inline processor (registered at 20).
PRIORITY = 20.5


class PlainTextTreeprocessor(Treeprocessor):
    """Marks as atomic every text and tail that no inline pattern could change."""

    def run(self, root) -> None:
        if not (_only(self.md.inlinePatterns, DEFAULT_PATTERNS) and _only(self.md.treeprocessors, KNOWN_TREEPROCESSORS)):
            return None
        trigger = P.INLINE_TRIGGER.search
        for el in root.iter():
            text = el.text
            if text and type(text) is str and not trigger(text):
                el.text = AtomicString(text)
            tail = el.tail
            if tail and type(tail) is str and not trigger(tail):
                el.tail = AtomicString(tail)
        return None


def _only(registry, names: frozenset) -> bool:
    """Whether everything registered is one of `names` (markdown.util.Registry: by name, by count)."""
    return len(registry) == sum(name in registry for name in names)


def register(md) -> None:
    md.treeprocessors.register(PlainTextTreeprocessor(md), "policy_plain_text", PRIORITY)
