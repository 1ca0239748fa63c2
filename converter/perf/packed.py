"""Text held compressed in memory while nothing reads it: a page's HTML between its conversion and its
render, and again once it is written (search reads it at the end of the build).

MkDocs converts every page before it renders the first, and the search index reads every page's HTML
after the last is written, so a build held all of them at once: at 1,000 issues about 29,000 pages
whose HTML, as Python strings of Chinese text (two bytes a character), came to most of a gigabyte.
Compressed (zlib level 1, UTF-8) they take a fraction of that.

    page.content = Packed(html)        # the policy-pages plugin (site/pages/plugin.py)
    html = text_of(page.content)       # whoever reads it: the page's HTML, packed or not
"""
from __future__ import annotations

import zlib

#: zlib level: 1 packs HTML to about a fifth of its UTF-8 size at the least CPU.
LEVEL = 1


class Packed:
    """A text compressed; `unpack()` gives it back. Not a str: code that reads one as text without
    text_of fails at once instead of reading compressed bytes."""
    __slots__ = ("data",)

    def __init__(self, text: str):
        self.data = zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)

    def unpack(self) -> str:
        return zlib.decompress(self.data).decode("utf-8", "surrogatepass")


def text_of(value) -> str | None:
    """A text as it is, a packed one unpacked (None stays None)."""
    return value.unpack() if isinstance(value, Packed) else value
