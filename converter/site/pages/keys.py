"""Cache keys of the page cache: digests of exactly what makes each result (see __init__.py)."""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import sqlite3
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

from converter.perf import memo
from converter.site.pages.mkdocs_adapter import engine, toc_data
from converter.vocab import patterns as P

#: Part of every key: a change of what the cache stores starts afresh.
VERSION = "2"
#: Configuration read by the templates (Material's and ours); theme options and plugins are added.
TEMPLATE_CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
                        "repo_url", "repo_name", "edit_uri", "edit_uri_template", "extra", "extra_css",
                        "extra_javascript", "nav", "use_directory_urls", "markdown_extensions",
                        "mdx_configs")
#: Context variables keyed through their own digests (config, nav, page) or only when named (below).
KEYED_CONTEXT = frozenset({"config", "nav", "page", "pages", "build_date_utc"})
#: Values that no digest covers, keyed only when a theme template names them (they change per build).
WATCHED_NAMES = re.compile(rb"\b(build_date_utc|update_date)\b|(?<![\w.])(pages)\b")
#: Theme files scanned for WATCHED_NAMES: those that Jinja renders (assets and icons hold no names).
TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".j2", ".jinja", ".jinja2", ".txt")
#: A repr with a memory address: its text changes from run to run, so it cannot be part of a key.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
#: The meta of a navigation item that Material's navigation partials read (nav-item.html, tabs-item.html:
#: `nav_item.meta.icon`, `.subtitle`, `.status`, and whether it has meta at all): another nav page's
#: description or title in its front matter reaches no other page's HTML. Checked against the installed
#: Material by tests/site/test_pages_keys.py.
MATERIAL_NAV_META = ("icon", "status", "subtitle")
#: In a template of the site's own (theme.custom_dir): the meta of anything but the page itself
#: (`nav_item.meta`, `x.meta`, `meta` alone; not `page.meta`, not an HTML `<meta>` tag). One such use and
#: the navigation's whole meta is keyed.
OTHER_META = re.compile(rb"(?<!page)\.meta\b|(?<![\w.<])meta\b")
#: The converter's own Markdown extension (and the plain-text step it registers): part of every conversion.
INDEX_LISTS = Path(__file__).resolve().parents[1] / "index_lists.py"
PLAIN_TEXT = Path(__file__).resolve().parents[1] / "plain_text.py"


class Unstable(TypeError):
    """A value whose text is not the same from run to run."""


def _plain(obj):
    """json.dumps `default`: mappings and sets as JSON, functions and classes by name, other objects by
    type and str() — unless that text holds a memory address."""
    if isinstance(obj, Mapping):
        return {str(k): v for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    bound_to = getattr(obj, "__self__", None)         # a bound method's object has state: by str() below
    if callable(obj) and hasattr(obj, "__qualname__") and (bound_to is None or isinstance(bound_to, ModuleType)):
        return f"{getattr(obj, '__module__', '')}.{obj.__qualname__}"
    text = str(obj)
    if ADDRESS.search(text):
        raise Unstable(type(obj).__qualname__)
    return f"{type(obj).__qualname__}:{text}"


def digest(data) -> str:
    """sha256 of a JSON text; raises Unstable (or TypeError/ValueError) for values with no stable text."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


# --- front matter ---------------------------------------------------------------------------------------

def parser_versions() -> str:
    """The front-matter parser's versions, part of every source key (worked out once per build)."""
    return f"{VERSION} {engine()} pyyaml {version('pyyaml')}\0"


def source_key(parser: str, source: str) -> str:
    return hashlib.sha256((parser + source).encode("utf-8", "surrogatepass")).hexdigest()


# --- conversion -----------------------------------------------------------------------------------------

def markdown_config_digest(config) -> str:
    """What the conversion depends on besides the page: Markdown extensions and link handling."""
    relevant = {k: config.get(k) for k in ("markdown_extensions", "mdx_configs", "use_directory_urls")}
    relevant["validation"] = str(config.get("validation"))
    relevant["version"] = VERSION
    relevant["extension"] = hashlib.sha256(INDEX_LISTS.read_bytes() + PLAIN_TEXT.read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()


def link_states(markdown: str, src_uri: str, files) -> list[tuple[str, bool]]:
    """Each local link target named in the page, with whether the build has that file.

    Asked twice of every page read, with the same Markdown (the page cache's conversion key, then the
    incremental plan's links): the last answer is kept for the next call (a pure function of its
    arguments; `files` by identity, as MkDocs keeps one Files a build). Paths are looked up in
    `files.src_uris` as normalised here (what get_file_from_path does, without a PurePath per link:
    its cost was most of this function's at 100 issues)."""
    last = _LAST_LINKS.get("last")
    if last and last[0] == src_uri and last[1] is files and last[2] == markdown:
        return list(last[3])
    out = set()
    base = posixpath.dirname(src_uri)
    uris = files.src_uris
    for m in P.LOCAL_LINK.finditer(markdown):
        url = m["md"] or m["html"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        out.add((path, uris.get(path) is not None))
    result = sorted(out)
    _LAST_LINKS["last"] = (src_uri, files, markdown, tuple(result))
    return result


_LAST_LINKS = memo.table("pages.link_states", "a page's link states asked twice in a row (page cache, then the "
                                              "incremental plan): the last answer kept (1.4 s of a new issue's build)")


def conversion_key(markdown_config: str, markdown: str, page, files) -> str:
    return hashlib.sha256(json.dumps([markdown_config, page.file.src_uri, markdown,
                                      link_states(markdown, page.file.src_uri, files)],
                                     ensure_ascii=False).encode()).hexdigest()


# --- template output ------------------------------------------------------------------------------------

def template_config_digest(config) -> str:
    """The configuration the templates read: listed keys, theme options, plugins with their options."""
    theme = config.theme
    return digest({
        **{k: config.get(k) for k in TEMPLATE_CONFIG_KEYS},
        "theme": {"name": theme.name, "options": dict(theme), "static": sorted(theme.static_templates)},
        "plugins": {name: None if isinstance(plugin, ModuleType) else getattr(plugin, "config", None)
                    for name, plugin in config.plugins.items()},
        "version": VERSION,
    })


def _theme_files(dirs):
    """(dir index, relative path, path) of every file in the theme's template folders, in order."""
    for i, top in enumerate(dirs):
        for root, subdirs, names in os.walk(top):
            subdirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                yield i, os.path.relpath(path, top), path


def _file_entry(path: str, st) -> tuple:
    """(size, mtime_ns, sha256, watched names) of one theme file, reading its content."""
    with open(path, "rb") as fh:
        data = fh.read()
    names = ""
    if path.endswith(TEMPLATE_SUFFIXES):
        names = ",".join(sorted({(m[1] or m[2]).decode() for m in WATCHED_NAMES.finditer(data)}))
    return st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest(), names


def theme_digest(db: sqlite3.Connection, theme) -> tuple[str, frozenset]:
    """Digest of the content of every theme file (relative path + sha256) and the package versions, and
    the watched names the page templates mention (static templates such as sitemap.xml are rendered
    without a page, never from this cache). A file's sha256 is read again only when its size or
    mtime changed (the theme is 14,000 files, mostly icons: hashing them all takes over a second)."""
    db.execute("CREATE TABLE IF NOT EXISTS theme_files "
               "(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT, names TEXT)")
    known = {row[0]: row[1:] for row in db.execute("SELECT * FROM theme_files")}
    seen = {}
    h = hashlib.sha256(json.dumps([engine(), version("mkdocs-material"),
                                   version("jinja2"), VERSION]).encode())
    names: set[str] = set()
    for i, rel, path in _theme_files(theme.dirs):
        st = os.stat(path)
        entry = known.get(path)
        if entry is None or entry[:2] != (st.st_size, st.st_mtime_ns):
            entry = _file_entry(path, st)
        seen[path] = entry
        h.update(f"{i}\0{rel}\0{entry[2]}\n".encode())
        if rel.replace(os.sep, "/") not in theme.static_templates:
            names.update(n for n in entry[3].split(",") if n)
    if seen != known:
        db.execute("DELETE FROM theme_files")      # committed with the store (a failed build keeps nothing)
        db.executemany("INSERT INTO theme_files VALUES (?, ?, ?, ?, ?)", ((p, *e) for p, e in seen.items()))
    return h.hexdigest(), frozenset(names)


def nav_meta_keys(theme) -> tuple[str, ...] | None:
    """The page meta keys a navigation item's templates read: MATERIAL_NAV_META for Material with
    custom templates that name no meta but the page's own; None (all of it) otherwise."""
    if theme.name != "material":
        return None
    import material

    packaged = (Path(material.__file__).resolve().parent, Path(mkdocs_package()).resolve().parent)
    for top in theme.dirs:
        if any(Path(top).resolve().is_relative_to(p) for p in packaged):
            continue
        for _, _, path in _theme_files([top]):
            if path.endswith(TEMPLATE_SUFFIXES):
                with open(path, "rb") as fh:
                    if OTHER_META.search(fh.read()):
                        return None
    return MATERIAL_NAV_META


def mkdocs_package() -> str:
    import mkdocs

    return mkdocs.__file__


def nav_data(nav, meta_keys: tuple[str, ...] | None = None) -> dict:
    """The navigation as the current page's templates see it: every item's title, URL, active flag
    (page meta — only `meta_keys` of it when given, see nav_meta_keys — and index flag for pages),
    recursively."""
    def item(x):
        d = {"kind": type(x).__name__, "title": x.title, "url": getattr(x, "url", None),
             "active": bool(getattr(x, "active", False))}
        if getattr(x, "is_page", False):
            meta = x.meta if meta_keys is None else {"any": bool(x.meta), **{k: x.meta[k] for k in meta_keys
                                                                             if k in (x.meta or {})}}
            d.update(meta=meta, is_index=x.is_index)
        if getattr(x, "children", None):
            d["children"] = [item(c) for c in x.children]
        return d
    return {"items": [item(x) for x in nav.items],
            "homepage": nav.homepage.url if nav.homepage is not None else None}


def page_data(page) -> dict:
    """What the templates read of the page itself (content by digest)."""
    def link(p):
        return None if p is None else {"title": p.title, "url": p.url}
    return {
        "src_uri": page.file.src_uri, "url": page.url, "canonical_url": page.canonical_url,
        "edit_url": page.edit_url, "title": page.title, "is_homepage": page.is_homepage,
        "meta": page.meta, "toc": toc_data(page),
        "content": hashlib.sha256((page.content or "").encode("utf-8", "surrogatepass")).hexdigest(),
        "previous": link(page.previous_page), "next": link(page.next_page),
        "ancestors": [a.title for a in page.ancestors],
    }


def pages_digest(pages) -> str:
    return digest([(f.src_uri, f.url, f.page.title if f.page else None) for f in pages or ()])
