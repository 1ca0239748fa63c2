"""The offline audit: a built site must load nothing from outside its own folder.

`external_loads(site_dir)` reads every HTML, SVG and CSS file and lists each URL the browser would
resolve against another origin. Complete by construction rather than by a list of loading tags:

* every attribute of every element is looked at; its value (each candidate of a srcset) counts when
  it parses, as a browser parses URLs (WHATWG: surrounding spaces and controls stripped, tabs and
  line breaks inside dropped, backslashes as slashes), into a URL of a scheme by which a browser
  reaches the network (http, https, ftp, ws, wss, and file: outside the site) or a scheme-relative
  `//host` — `https:host` and `http:\\\\host` included; a `javascript:` URL by the URLs in its
  code. Left out are the attributes a reader *follows* and the browser does not fetch on its own
  (NAVIGATION: `<a href>`, `<form action>`, `<link rel=alternate|canonical…>`, `cite`, `<meta
  content>` but for a refresh) and those that hold text or names (TEXT_ATTRIBUTES, aria-*, xmlns);
* `srcdoc` is audited as the HTML document it is; `style` attributes, `<style>` elements and CSS files
  as CSS: every `url(…)` and every quoted string (image-set("…"), @import "…") counts likewise;
* inline scripts and event handlers count by the absolute URLs written in them (`fetch("https://…")`).

Script files are not read (their code may name URLs it never loads); the browser tests load every
page with the network blocked and count the requests instead. `policy-site build --offline` refuses a
site where this list is not empty (the build's OfflineError), then can zip it.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from converter.vocab import patterns as P

#: (tag, attribute) pairs that hold a URL the reader may follow, which the browser does not fetch by
#: itself; "*" stands for any tag.
NAVIGATION = frozenset({("a", "href"), ("area", "href"), ("form", "action"), ("button", "formaction"),
                        ("input", "formaction"), ("*", "cite"), ("a", "ping"), ("area", "ping"),
                        ("meta", "content"), ("link", "href")})
#: <link rel> values that are references for readers and robots, not resources of the page.
LINK_NOT_LOADED = frozenset({"alternate", "canonical", "author", "help", "license", "next", "prev", "search",
                             "bookmark", "external", "nofollow", "noopener", "noreferrer", "me"})
#: Attributes that hold text for people or names for the page, never a URL the browser resolves.
TEXT_ATTRIBUTES = frozenset({"title", "alt", "class", "id", "lang", "dir", "name", "role", "placeholder", "label",
                             "value", "type", "for", "tabindex", "width", "height", "charset", "property",
                             "itemprop", "rel", "media", "sizes", "crossorigin", "integrity", "autocomplete"})
#: URL schemes by which a browser reaches another origin (or a file outside the site); a browser has no
#: way to fetch any other scheme (data:, blob:, about:, mailto: … or a word before a colon).
NETWORK_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})
#: Attributes whose value is a comma-separated list of `URL [descriptor]`.
SRCSET = frozenset({"srcset", "imagesrcset"})


@dataclass(frozen=True)
class Load:
    file: str  # relative to the site folder
    what: str  # tag/attribute or css
    url: str


def parse_url(value: str) -> str:
    """A URL attribute value as a browser reads it before resolving it (WHATWG URL parser's
    preprocessing): leading and trailing C0 controls and spaces stripped, tab and line breaks removed,
    backslashes read as slashes (as they are for http, https, ftp, ws, wss and file URLs)."""
    value = value.strip("".join(map(chr, range(0x21))))
    return value.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")


def is_external(url: str) -> bool:
    """Whether `url` resolves against another origin (or outside the site: file:); a `javascript:`
    URL counts when its code names such a URL."""
    url = parse_url(url)
    if url.startswith("//"):
        return True
    m = P.URL_SCHEME.match(url)
    if m and m["scheme"].lower() == "javascript":
        return any(map(is_external, P.SCRIPT_URL.findall(url)))
    return bool(m) and m["scheme"].lower() in NETWORK_SCHEMES


class _LoadFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._in: str | None = None                     # "style" or "script" while inside one

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        refresh = tag == "meta" and a.get("http-equiv", "").lower() == "refresh"
        for name, value in a.items():
            if name == "style":
                self.urls += [("style attribute", u) for u in css_urls(value)]
            elif name == "srcdoc":
                inner = _LoadFinder()
                inner.feed(value)
                inner.close()
                self.urls += [(f"{tag} srcdoc: {what}", u) for what, u in inner.urls]
            elif name.startswith("on"):
                self.urls += [(f"{tag} {name}", u) for u in P.SCRIPT_URL.findall(value)]
            elif refresh and name == "content":
                target = value.split("=", 1)[1] if "=" in value else ""
                self.urls.append((f"{tag} refresh", target.strip(" '\"")))
            elif (tag, name) in NAVIGATION or ("*", name) in NAVIGATION:
                if tag == "link" and name == "href" and not (rel and rel <= LINK_NOT_LOADED):
                    self.urls.append((f"{tag} {name}", value))
            elif name in TEXT_ATTRIBUTES or name.startswith(("aria-", "xmlns")):   # xmlns: a name, never fetched
                continue
            elif name in SRCSET:
                self.urls += [(f"{tag} {name}", c.strip().split(" ")[0]) for c in value.split(",") if c.strip()]
            else:
                self.urls.append((f"{tag} {name}", value))
        self._in = tag if tag == "style" or (tag == "script" and _runs(a)) else None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in = None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.urls += [("style element", u) for u in css_urls(data)]
        elif self._in == "script":
            self.urls += [("inline script", u) for u in P.SCRIPT_URL.findall(data)]


#: <script type> values a browser runs; any other type (application/ld+json, text/template) is a data
#: block that is never executed or fetched: the URLs in it (JSON-LD's "@context") load nothing.
SCRIPT_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                          "application/ecmascript", "text/jscript", "text/livescript", "text/x-javascript",
                          "application/x-javascript", "text/x-ecmascript", "application/x-ecmascript"})


def _runs(attrs: dict) -> bool:
    """Whether a <script> with these attributes runs its text (not a data block)."""
    return attrs.get("type", "").strip().lower() in SCRIPT_TYPES or attrs.get("type", "").strip().lower().startswith("text/javascript")


def css_urls(css: str) -> list[str]:
    """Every url(…) and every quoted string of a style sheet: whatever CSS may fetch is among them."""
    return [next(u for u in (m["quoted"], m["url"], m["string"]) if u is not None) for m in P.CSS_URL.finditer(css)]


def external_loads(site_dir: Path) -> list[Load]:
    found: list[Load] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".htm", ".svg", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = str(path.relative_to(site_dir))
        if path.suffix == ".css":
            urls = [("css", u) for u in css_urls(text)]
        else:
            finder = _LoadFinder()
            finder.feed(text)
            finder.close()
            urls = finder.urls
        found += [Load(rel, what, parse_url(url)) for what, url in urls if url and is_external(url)]
    return found
