"""The offline audit: a built site must load nothing from outside its own folder.

`external_loads(site_dir)` reads every HTML and CSS file and lists each resource the browser would
fetch from another origin (scripts, stylesheets, fonts, images, frames, manifests, CSS `url()` and
`@import`). Links the reader may *follow* (`<a href>`, `rel=alternate|canonical`) are not loads.
`policy-site build --offline` refuses a site where this list is not empty, then can zip it.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from converter.errors import OfflineError  # noqa: F401 - raised by build with these loads
from converter.vocab import patterns as P

#: <tag attribute> pairs whose URL the browser fetches while rendering the page.
LOADING_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "link": ("href",),
}
#: <link rel> values that are references for readers and robots, not resources of the page.
LINK_NOT_LOADED = frozenset({"alternate", "canonical", "author", "help", "license", "next", "prev", "search",
                             "bookmark", "external", "nofollow", "noopener", "noreferrer", "me"})


@dataclass(frozen=True)
class Load:
    file: str  # relative to the site folder
    what: str  # tag/attribute or css
    url: str


class _LoadFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").lower().split()) <= LINK_NOT_LOADED and a.get("rel"):
            return
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            for url in a.get(name, "").split(",") if name == "srcset" else [a.get(name, "")]:
                if url.strip():
                    self.urls.append((f"{tag} {name}", url.strip().split(" ")[0]))
        if "style" in a:
            self.urls += [("style attribute", u) for u in css_urls(a["style"])]
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.urls += [("style element", u) for u in css_urls(data)]


def css_urls(css: str) -> list[str]:
    return [m["url"] or m["url2"] for m in P.CSS_LOAD.finditer(css)]


def is_external(url: str) -> bool:
    return bool(P.EXTERNAL_URL.match(url))


def external_loads(site_dir: Path) -> list[Load]:
    found: list[Load] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = str(path.relative_to(site_dir))
        if path.suffix == ".css":
            urls = [("css", u) for u in css_urls(text)]
        else:
            finder = _LoadFinder()
            finder.feed(text)
            urls = finder.urls
        found += [Load(rel, what, url) for what, url in urls if is_external(url)]
    return found
