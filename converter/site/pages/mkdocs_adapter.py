"""Every touch of MkDocs' (and Jinja's) internals that the page cache needs, in one place.

MkDocs has no public API to skip a page's front-matter parse, its Markdown conversion or its
template render, so the page cache replaces three methods on each page or environment and restores
what they set. What that relies on is listed in RELIED_ON and checked against the installed MkDocs by
tests/site/test_pages_adapter.py, which fails with the name of what changed: run it after upgrading
MkDocs (or moving to a fork such as ProperDocs).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import mkdocs
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta as front_matter
from mkdocs.utils import normalize_url

#: What this module relies on, checked by the test: {"Class.method": (parameters, attributes it sets)}.
RELIED_ON = {
    "Page.read_source": (("self", "config"), ("markdown", "meta")),
    "Page.render": (("self", "config", "files"),
                    ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")),
}
#: Functions of mkdocs.commands.build the incremental build calls: {name: parameters}.
RELIED_ON_BUILD = {
    "build": ("config", "serve_url", "dirty"),
    "_populate_page": ("page", "config", "files", "dirty"),
}
#: The logger whose messages read_source writes (File not found, Encoding error).
_pages_log = logging.getLogger("mkdocs.structure.pages")


def engine() -> str:
    """Which MkDocs runs, part of every key: `mkdocs 1.6.1`, or `properdocs 1.6.7` (ProperDocs aliases the
    `mkdocs` modules to its own, and both may be installed side by side)."""
    return f"{mkdocs.__name__} {mkdocs.__version__}"


# --- front matter: Page.read_source -------------------------------------------------------------------

def parse_front_matter(source: str):
    """(markdown, meta) as MkDocs splits a page's source."""
    return front_matter.get_data(source)


def replace_read_source(page, split: Callable[[str], tuple]) -> None:
    """Page.read_source as MkDocs writes it, with `split(source)` for its front-matter parse."""
    def read_source(config) -> None:
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
        page.markdown, page.meta = split(source)
    page.read_source = read_source


# --- conversion: Page.render ----------------------------------------------------------------------------

def replace_render(page, reuse: Callable[[object, object], bool], done: Callable[[object], None]) -> None:
    """Page.render: `reuse(page, files)` restores a stored conversion (True) or the page is converted
    as usual and `done(page)` may store it."""
    original = page.render

    def render(config, files) -> None:
        if reuse(page, files):
            return
        original(config, files)
        done(page)
    page.render = render


def conversion_of(page) -> dict:
    """What Page.render set, as data."""
    links = getattr(page, "links_to_anchors", None)
    return {"content": page.content, "toc": _toc_data(page.toc), "title": page._title_from_render,
            "anchors": page.present_anchor_ids,
            "links": None if links is None else {f.src_uri: v for f, v in links.items()}}


def restore_conversion(page, files, d: dict) -> None:
    """Set exactly what Page.render sets."""
    page.content = d["content"]
    page.toc = _toc_from(d["toc"])
    page._title_from_render = d["title"]
    page.present_anchor_ids = d["anchors"]
    if d["links"] is not None:
        page.links_to_anchors = {f: v for uri, v in d["links"].items()
                                 if (f := files.get_file_from_path(uri)) is not None}


def _toc_data(items) -> list:
    return [{"title": a.title, "id": a.id, "level": a.level, "children": _toc_data(a.children)} for a in items]


def toc_data(page) -> list:
    return _toc_data(page.toc)


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


# --- template output: the theme's Jinja environment ------------------------------------------------------

class CachingTemplate:
    """A Jinja template whose `render(context)` of a page goes through `render_page(template, name,
    context)`; everything else delegated."""

    def __init__(self, template, name: str, render_page):
        self._template = template
        self._name = name
        self._render_page = render_page

    def __getattr__(self, attr):
        if attr == "_template":                 # not yet set (a copy being made): no recursion
            raise AttributeError(attr)
        return getattr(self._template, attr)

    def render(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], Mapping) and args[0].get("page") is not None:
            return self._render_page(self._template, self._name, args[0])
        return self._template.render(*args, **kwargs)


class CachingEnv:
    """The theme's Jinja environment, handing out caching templates; everything else delegated."""

    def __init__(self, env, render_page):
        object.__setattr__(self, "_env", env)
        object.__setattr__(self, "_render_page", render_page)

    def __getattr__(self, attr):
        if attr == "_env":
            raise AttributeError(attr)
        return getattr(self._env, attr)

    def __setattr__(self, attr, value):
        setattr(self._env, attr, value)

    def get_template(self, name, *args, **kwargs):
        return CachingTemplate(self._env.get_template(name, *args, **kwargs), name, self._render_page)


# --- the incremental build: MkDocs' `dirty` build, File.is_modified set per file -------------------------

#: What MkDocs logs of a dirty build that says nothing here: every file's is_modified is decided by the
#: incremental plan (incremental.py), and the staging folder holds nothing but the files it linked.
DIRTY_NOTICES = ("A 'dirty' build is being performed", "The directory contains stale files")


class _DirtyNotices(logging.Filter):
    def filter(self, record) -> bool:
        return not str(record.msg).startswith(DIRTY_NOTICES)


def build_dirty(config) -> None:
    """mkdocs.commands.build.build(config, dirty=True): a documentation page is read and rendered,
    a static file copied, when its File.is_modified() is true (set_modified); the site folder is not
    emptied first. Its warning that a dirty build may be inaccurate is dropped (it would fail a strict
    build): what is skipped here is skipped because its inputs are unchanged."""
    from mkdocs.commands import build

    logger = logging.getLogger(build.__name__)
    notices = _DirtyNotices()
    logger.addFilter(notices)
    try:
        build.build(config, dirty=True)
    finally:
        logger.removeFilter(notices)


def set_modified(file, modified: bool) -> None:
    """File.is_modified(), as MkDocs' dirty build asks it of every page and static file."""
    file.is_modified = (lambda: True) if modified else (lambda: False)


def populate(page, config, files) -> None:
    """Read a page (front matter, Markdown hooks, conversion) as MkDocs' build does before rendering."""
    from mkdocs.commands import build

    build._populate_page(page, config, files, dirty=False)


def pages_to_read(files) -> list:
    """The documentation pages MkDocs' build reads, in its order (mkdocs.commands.build.build)."""
    from mkdocs.structure.files import InclusionLevel

    return list(files.documentation_pages(inclusion=InclusionLevel.is_included))


def populate_share(file, config, files, dirty: bool) -> None:
    """One page read as MkDocs' build loop reads it (its Page made when it is not in the nav)."""
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    if file.page is None and file.inclusion.is_not_in_nav():
        Page(None, file, config)
    build._populate_page(file.page, config, files, dirty=dirty)


def let_go_markdown(page) -> None:
    """The page's Markdown dropped (what Page.read_source set and Page.render converted). An empty
    string, not None: Page.title is None while page.markdown is (the page "not read yet"), and from
    the empty string it is worked out as before (front matter, the rendered H1, the file name)."""
    page.markdown = ""


def let_go(page) -> None:
    """What reading a page set that is large (its Markdown and HTML), dropped: in the helper process,
    once the conversion is sent."""
    if page is not None:
        page.markdown = None
        page.content = None


# --- the error page ---------------------------------------------------------------------------------------

def relative_error_page(context, config, base: str):
    """404.html with `base` as its base URL: MkDocs gives error templates `/` when site_url is empty."""
    context["base_url"] = base
    context["extra_css"] = [normalize_url(str(path), None, base) for path in config.extra_css]
    context["extra_javascript"] = [normalize_url(str(script), None, base) for script in config.extra_javascript]
    return context
