"""MkDocs hook: per-page work is reused while everything it is made from stays the same.

A new issue changes few pages, yet MkDocs reads, converts and renders every page on each build. Three
results are kept per page, each under a key made of exactly what produces it (plus this module's VERSION):

* **front matter** (`Page.read_source`): the page's source text → `page.markdown` and `page.meta`, the
  two attributes `read_source` sets (the title is derived from them on demand). Key: the source text
  (after `on_page_read_source`, read as MkDocs reads it) and the parser's versions.
* **conversion** (`Page.render`): Markdown → HTML, table of contents, title, anchors. Key: the page's
  path and final Markdown, the state of every local link target it names (present or not: MkDocs
  rewrites and validates links against the files of the build) and the Markdown configuration.
* **template output** (Jinja `template.render`, Material's main.html or overrides/document.html): the
  page's final HTML. Key: the template name; the theme (content of every file in `theme.dirs`, i.e.
  overrides/ and Material's templates, and the mkdocs, Material and Jinja versions); the configuration
  the templates read; the navigation as seen from the page (titles, URLs, active flags, page meta);
  the page itself (URL, canonical and edit URLs, title, meta, digest of its content, table of contents,
  previous/next page, ancestors); and every other context variable (base_url, extra_css, …). Context
  variables keyed on nothing else (`build_date_utc`, `pages`, `page.update_date`) join the key when a
  theme template names them. A value whose text is not deterministic (an object repr with a memory
  address) makes the page render uncached.

Safe because a hit sets exactly what the skipped step sets, and MkDocs' own steps around it still run
for every page: `on_page_markdown`, `on_page_content`, `on_page_context` and `on_post_page` hooks, link
and anchor validation, writing. A step that logged a warning is not stored, so a strict build fails again
on the next run. Output is byte-identical to an uncached build (tested).

Stored in one SQLite file per docs folder beside mkdocs.yml, `.cache/plugin/policy-pages/pages-<docs
folder hash>.sqlite` (outside the docs folder, so `serve` does not see it change); entries not used by
the last build of that folder are dropped. POLICY_PAGE_CACHE names another folder, or `off`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import sqlite3
import zlib
from collections.abc import Mapping
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta as front_matter

from converter.perf import codec
from converter.perf.store import Store, store_path
from converter.vocab import patterns as P

log = logging.getLogger("mkdocs.policy-site.page-cache")
VERSION = "2"
CACHE_DIR = ".cache/plugin/policy-pages"
#: Tables of the store (conversions, front matter, template outputs); each keeps what the last build used.
TABLES = ("pages", "sources", "outputs")
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
#: Template outputs are stored compressed (level 1: a quarter of their size, at little cost to a cold build).
ZLIB_LEVEL = 1
#: A repr with a memory address: its text changes from run to run, so it cannot be part of a key.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

_state: dict = {}
_pages_log = logging.getLogger("mkdocs.structure.pages")     # read_source's own messages


# --- the store --------------------------------------------------------------------------------------

def _folder(config) -> Path | None:
    env = os.environ.get("POLICY_PAGE_CACHE")
    if env == "off":
        return None
    return Path(env) if env else Path(config.config_file_path).resolve().parent / CACHE_DIR


def _open(config) -> Store | None:
    """This docs folder's store (converter/store.py), with the table of theme file digests; None if off."""
    folder = _folder(config)
    if folder is None:
        return None
    store = Store(store_path(folder, "pages", config["docs_dir"]), TABLES)
    if store.db is None:
        return None
    store.db.execute("CREATE TABLE IF NOT EXISTS theme_files "
                     "(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT, names TEXT)")
    return store


def _count(table: str, hit: bool) -> None:
    _state["counts"][table][0 if hit else 1] += 1


class _WarningCount(logging.Handler):
    """Counts the WARNING records of MkDocs' loggers (what strict mode counts), attached for one build:
    a step that logged one is not stored, so that the next build logs it again (and fails again)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _warned_since(count: int) -> bool:
    return _state["warnings"].count != count


def _detach_warning_count() -> None:
    handler = _state.get("warnings")
    if handler is not None:
        logging.getLogger("mkdocs").removeHandler(handler)


# --- digests ----------------------------------------------------------------------------------------

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


def _digest(data) -> str:
    """sha256 of a JSON text; raises Unstable (or TypeError/ValueError) for values with no stable text."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _markdown_config_digest(config) -> str:
    """What the conversion depends on besides the page: Markdown extensions and link handling."""
    relevant = {k: config.get(k) for k in ("markdown_extensions", "mdx_configs", "use_directory_urls")}
    relevant["validation"] = str(config.get("validation"))
    relevant["version"] = VERSION
    relevant["extension"] = _own_extension_code()
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()


@lru_cache(maxsize=1)
def _own_extension_code() -> str:
    """The converter's own Markdown extension (index_lists.py) is part of every conversion: a change of
    its code must not leave conversions made by the old code in the cache."""
    return hashlib.sha256((Path(__file__).parent / "index_lists.py").read_bytes()).hexdigest()


def _template_config_digest(config) -> str:
    """The configuration the templates read: listed keys, theme options, plugins with their options."""
    theme = config.theme
    return _digest({
        **{k: config.get(k) for k in TEMPLATE_CONFIG_KEYS},
        "theme": {"name": theme.name, "options": dict(theme), "static": sorted(theme.static_templates)},
        "plugins": {name: None if isinstance(plugin, ModuleType) else getattr(plugin, "config", None)
                    for name, plugin in config.plugins.items()},
        "version": VERSION,
    })


@lru_cache(maxsize=None)
def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


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


def _theme_digest(db: sqlite3.Connection, theme) -> tuple[str, frozenset]:
    """Digest of the content of every theme file (relative path + sha256) and the package versions, and
    the watched names the page templates mention (static templates such as sitemap.xml are rendered
    without a page, never from this cache). A file's sha256 is read again only when its size or
    mtime changed (the theme is 14,000 files, mostly icons: hashing them all takes over a second)."""
    known = {row[0]: row[1:] for row in db.execute("SELECT * FROM theme_files")}
    seen = {}
    h = hashlib.sha256(json.dumps([_version("mkdocs"), _version("mkdocs-material"),
                                   _version("jinja2"), VERSION]).encode())
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
        with db:
            db.execute("DELETE FROM theme_files")
            db.executemany("INSERT INTO theme_files VALUES (?, ?, ?, ?, ?)",
                           ((p, *e) for p, e in seen.items()))
    return h.hexdigest(), frozenset(names)


def _nav_data(nav) -> dict:
    """The navigation as the current page's templates see it: every item's title, URL, active flag
    (page meta and index flag for pages: Material reads icon, status, subtitle), recursively."""
    def item(x):
        d = {"kind": type(x).__name__, "title": x.title, "url": getattr(x, "url", None),
             "active": bool(getattr(x, "active", False))}
        if getattr(x, "is_page", False):
            d.update(meta=x.meta, is_index=x.is_index)
        if getattr(x, "children", None):
            d["children"] = [item(c) for c in x.children]
        return d
    return {"items": [item(x) for x in nav.items],
            "homepage": nav.homepage.url if nav.homepage is not None else None}


def _page_data(page) -> dict:
    """What the templates read of the page itself (content by digest)."""
    def link(p):
        return None if p is None else {"title": p.title, "url": p.url}
    return {
        "src_uri": page.file.src_uri, "url": page.url, "canonical_url": page.canonical_url,
        "edit_url": page.edit_url, "title": page.title, "is_homepage": page.is_homepage,
        "meta": page.meta, "toc": _toc_data(page.toc),
        "content": hashlib.sha256((page.content or "").encode("utf-8", "surrogatepass")).hexdigest(),
        "previous": link(page.previous_page), "next": link(page.next_page),
        "ancestors": [a.title for a in page.ancestors],
    }


def _watched_values(context, page) -> dict:
    """Values keyed only because a theme template names them (see WATCHED_NAMES)."""
    out = {}
    names = _state["theme_names"]
    if "build_date_utc" in names:
        out["build_date_utc"] = str(context.get("build_date_utc"))
    if "update_date" in names:
        out["update_date"] = getattr(page, "update_date", None)
    if "pages" in names:
        if "pages_digest" not in _state:
            _state["pages_digest"] = _digest([(f.src_uri, f.url, f.page.title if f.page else None)
                                              for f in context.get("pages") or ()])
        out["pages"] = _state["pages_digest"]
    return out


def _output_key(name: str, context) -> str | None:
    """The template output's key, or None when some part has no stable text."""
    page = context["page"]
    try:
        return _digest([_state["theme"], _state["template_config"], name, _nav_data(context["nav"]),
                        _page_data(page), _watched_values(context, page),
                        {k: v for k, v in context.items() if k not in KEYED_CONTEXT}])
    except (TypeError, ValueError) as exc:                 # Unstable, unorderable keys, cycles
        log.debug("page %s rendered uncached: %s", page.file.src_uri, exc)
        return None


# --- 1. front matter ---------------------------------------------------------------------------------

def _source_key(source: str) -> str:
    parser = f"{VERSION} mkdocs {_version('mkdocs')} pyyaml {_version('pyyaml')}\0"
    return hashlib.sha256((parser + source).encode("utf-8", "surrogatepass")).hexdigest()


def _split_source(source: str):
    """(markdown, meta) as `mkdocs.utils.meta.get_data` gives them, reused by the source's content."""
    key = _source_key(source)
    data = _state["store"].get("sources", key)
    if data is not None:
        try:
            rest, meta = codec.load_data(data)
            _count("sources", True)
            return (source[rest:] if isinstance(rest, int) else rest), meta
        except Exception:  # noqa: BLE001 - a damaged entry parses as usual
            pass
    markdown, meta = front_matter.get_data(source)
    _count("sources", False)
    rest = len(source) - len(markdown) if source.endswith(markdown) else markdown   # usually a suffix
    _state["store"].put("sources", key, codec.dump_data((rest, meta)))
    return markdown, meta


def _read_source(page, config) -> None:
    """`Page.read_source` (mkdocs/structure/pages.py), with the front matter parse reused."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except OSError:
            _pages_log.error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            _pages_log.error(f"Encoding error reading file: {page.file.src_path}")
            raise
    page.markdown, page.meta = _split_source(source)


# --- 2. conversion -----------------------------------------------------------------------------------

def link_states(markdown: str, src_uri: str, files) -> list[tuple[str, bool]]:
    """Each local link target named in the page, with whether the build has that file."""
    out = set()
    base = posixpath.dirname(src_uri)
    for m in P.LOCAL_LINK.finditer(markdown):
        url = m["md"] or m["html"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        out.add((path, files.get_file_from_path(path) is not None))
    return sorted(out)


def _toc_data(items) -> list:
    return [{"title": a.title, "id": a.id, "level": a.level, "children": _toc_data(a.children)} for a in items]


def _toc_from(data) -> TableOfContents:
    def build(items):
        out = []
        for d in items:
            a = AnchorLink(d["title"], d["id"], d["level"])
            a.children = build(d["children"])
            out.append(a)
        return out
    items = build(data)
    if items:
        items[0].active = True             # as mkdocs.structure.toc.get_toc does
    return TableOfContents(items)


def _conversion_key(markdown: str, page, files) -> str:
    return hashlib.sha256(json.dumps([_state["markdown_config"], page.file.src_uri, markdown,
                                      link_states(markdown, page.file.src_uri, files)],
                                     ensure_ascii=False).encode()).hexdigest()


def _restore_conversion(page, files, data: bytes) -> None:
    """Set exactly what `Page.render` sets."""
    d = codec.load_data(data)
    page.content = d["content"]
    page.toc = _toc_from(d["toc"])
    page._title_from_render = d["title"]
    page.present_anchor_ids = d["anchors"]
    if d["links"] is not None:
        page.links_to_anchors = {f: v for uri, v in d["links"].items()
                                 if (f := files.get_file_from_path(uri)) is not None}


def _conversion_entry(page) -> bytes:
    links = getattr(page, "links_to_anchors", None)
    return codec.dump_data({
        "content": page.content, "toc": _toc_data(page.toc), "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links": None if links is None else {f.src_uri: v for f, v in links.items()},
    })


# --- 3. template output ------------------------------------------------------------------------------

class _CachingTemplate:
    """A Jinja template whose `render(context)` of a page is reused by key; everything else delegated."""

    def __init__(self, template, name: str):
        self._template = template
        self._name = name

    def __getattr__(self, attr):
        if attr == "_template":                 # not yet set (a copy being made): no recursion
            raise AttributeError(attr)
        return getattr(self._template, attr)

    def render(self, *args, **kwargs):
        if ("store" in _state and len(args) == 1 and not kwargs and isinstance(args[0], Mapping)
                and args[0].get("page") is not None):
            return _render_page(self._template, self._name, args[0])
        return self._template.render(*args, **kwargs)


class _CachingEnv:
    """The theme's Jinja environment, handing out caching templates; everything else delegated."""

    def __init__(self, env):
        object.__setattr__(self, "_env", env)

    def __getattr__(self, attr):
        if attr == "_env":
            raise AttributeError(attr)
        return getattr(self._env, attr)

    def __setattr__(self, attr, value):
        setattr(self._env, attr, value)

    def get_template(self, name, *args, **kwargs):
        return _CachingTemplate(self._env.get_template(name, *args, **kwargs), name)


def _render_page(template, name: str, context) -> str:
    key = _output_key(name, context) if _state.get("theme") else None
    if key is None:
        return template.render(context)
    data = _state["store"].get("outputs", key)
    if data is not None:
        try:
            html = zlib.decompress(data).decode("utf-8", "surrogatepass")
            _count("outputs", True)
            return html
        except Exception:  # noqa: BLE001 - a damaged entry renders as usual
            pass
    warnings = _state["warnings"].count
    html = template.render(context)
    _count("outputs", False)
    if not _warned_since(warnings):
        _state["store"].put("outputs", key, zlib.compress(html.encode("utf-8", "surrogatepass"), ZLIB_LEVEL))
    return html


# --- MkDocs hook events ------------------------------------------------------------------------------

def on_config(config):
    _detach_warning_count()
    _state.clear()
    store = _open(config)
    if store is None:
        return config
    _state.update(store=store, markdown_config=_markdown_config_digest(config),
                  counts={t: [0, 0] for t in TABLES}, warnings=_WarningCount())
    logging.getLogger("mkdocs").addHandler(_state["warnings"])
    return config


@event_priority(-100)                     # after every other handler: wrap the page MkDocs will read
def on_pre_page(page, config, files):
    if "store" in _state:
        page.read_source = partial(_read_source, page)
    return page


@event_priority(-100)                     # after every other handler: the Markdown as it will be converted
def on_page_markdown(markdown, page, config, files):
    if "store" not in _state:
        return markdown
    key = _conversion_key(markdown, page, files)
    data = _state["store"].get("pages", key)
    original = page.render

    def render_cached(config, files):
        if data is not None:
            try:
                _restore_conversion(page, files, data)
                _count("pages", True)
                return
            except Exception:  # noqa: BLE001 - a damaged entry converts as usual
                pass
        warnings = _state["warnings"].count
        original(config, files)
        _count("pages", False)
        if not _warned_since(warnings):
            _state["store"].put("pages", key, _conversion_entry(page))

    page.render = render_cached
    return markdown


@event_priority(-100)                     # last: other handlers get (and may change) the plain environment
def on_env(env, config, files):
    if "store" not in _state:
        return env
    try:
        _state["theme"], _state["theme_names"] = _theme_digest(_state["store"].db, config.theme)
        _state["template_config"] = _template_config_digest(config)
    except (OSError, sqlite3.Error, TypeError, ValueError) as exc:
        log.info("template outputs not cached: %s", exc)
        _state["theme"] = None
        return env
    return _CachingEnv(env)


def on_post_build(config):
    store = _state.get("store")
    if store is None:
        return
    _detach_warning_count()
    store.close()
    c = _state["counts"]
    log.info("page cache: %d pages reused, %d converted; front matter %d reused, %d parsed; "
             "template outputs %d reused, %d rendered",
             *c["pages"], *c["sources"], *c["outputs"])
    _state.clear()


def on_build_error(error):
    _detach_warning_count()
    store = _state.pop("store", None)
    if store is not None and store.db is not None:
        store.db.close()                  # nothing of a failed build is kept
    _state.clear()
