"""The `policy-pages` MkDocs plugin: thin event handlers around the page cache (see __init__.py) and
the relative error page. Every touch of MkDocs internals is in mkdocs_adapter.py; keys in keys.py."""
from __future__ import annotations

import logging
import os
import pickle
import signal
import sqlite3
import zlib
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from converter.perf import codec
from converter.perf import parallel as fork
from converter.perf.packed import Packed
from converter.perf.store import Store, store_path
from converter.site.pages import keys
from converter.site.pages import mkdocs_adapter as adapter
from converter.site.pages.config import PagesConfig

log = logging.getLogger("mkdocs.plugins.policy-pages")
#: Tables of the store (conversions, front matter, template outputs); each keeps what the last build used.
TABLES = ("pages", "sources", "outputs")
#: Template outputs are stored compressed (level 1: a quarter of their size, at little cost to a cold build).
ZLIB_LEVEL = 1
#: Error pages: without a site_url they live at the top of the site, so "." is their base.
ERROR_TEMPLATES = frozenset({"404.html"})
TOP_LEVEL_BASE = "."
#: With this many pages to read and a second core, every other page is converted (Markdown → HTML) in a
#: forked helper while this process converts the rest (_Helper): the conversion was 40 % of a cold
#: build's time (cProfile at 100 issues: 40 of 103 s in MkDocs), on one core of two.
PARALLEL_PAGES = 200


class _WarningCount(logging.Handler):
    """Counts the WARNING records of MkDocs' loggers (what strict mode counts), attached for one build:
    a step that logged one is not stored, so that the next build logs it again (and fails again)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class _NoStore:
    """The store of the helper process: it reads and writes nothing (the parent's SQLite connection
    must not be used after a fork); what it converts is sent to the parent, which stores it."""

    prune = True

    def get(self, table, key):
        return None

    def put(self, table, key, data):
        pass


class _Helper:
    """A forked process that reads and converts `share` (every other page MkDocs will read) in MkDocs'
    order, sending (src_uri, conversion key, stored conversion or None) for each page, in that order,
    through a pipe; the parent takes them as it reaches each page (`take`) and restores the conversion
    as from the page cache (same key, same data: the conversion is what the cache would have kept). A
    conversion that logged a warning is not sent (None: the parent converts the page itself and logs it),
    nor is anything once the helper has failed or been stopped. Only for a build, never under threads."""

    def __init__(self, plugin, share, config, files, dirty: bool):
        self.share = {f.src_uri for f in share}
        self.pid = None
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:                                     # the helper
            try:
                os.close(read)
                fork.die_with_parent(parent)
                plugin._helper_mode(os.fdopen(write, "wb"))
                for file in share:
                    adapter.populate_share(file, config, files, dirty)
                    plugin._helper_sent(file)
                plugin._out.flush()
            finally:
                os._exit(0)
        os.close(write)
        self.pid = pid
        self.pipe = os.fdopen(read, "rb")

    def take(self, src_uri: str):
        """(key, data) the helper sent for this page (the ones before it dropped), or None."""
        if self.pipe is None or src_uri not in self.share:
            return None
        while True:
            try:
                uri, key, data = pickle.load(self.pipe)
            except Exception:  # noqa: BLE001 - EOF, a dead helper: the rest is converted here
                self.close()
                return None
            if uri == src_uri:
                return key, data

    def close(self) -> None:
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None


class PolicyPagesPlugin(BasePlugin[PagesConfig]):
    def __init__(self):
        self.store: Store | None = None
        self.warnings: _WarningCount | None = None
        self.helper: _Helper | None = None
        self._out = None                          # in the helper process: the pipe to the parent
        self._rendering = None                    # (packed, unpacked) HTML of the page being rendered

    # --- one build's state ----------------------------------------------------------------------------

    def _start(self, config) -> None:
        self._stop()
        self.counts = {t: [0, 0] for t in TABLES}
        self.helped = 0                          # conversions the helper process made (_Helper)
        self.theme: str | None = None            # theme digest; None: template outputs not cached
        self.theme_names: frozenset = frozenset()
        self.pages_digest: str | None = None
        if not self.config.cache:
            return
        folder = Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir
        store = Store(store_path(folder, "pages", config["docs_dir"]), TABLES)
        if store.db is None:
            return
        self.store = store
        self.markdown_config = keys.markdown_config_digest(config)
        self.parser = keys.parser_versions()
        self.warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def _stop(self, keep: bool = True) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.store is not None:
            if keep:
                self.store.close()
            else:
                self.store.discard()             # nothing of a failed build is kept
            self.store = None

    def _count(self, table: str, hit: bool) -> None:
        self.counts[table][0 if hit else 1] += 1

    def _get(self, table: str, key: str, load):
        """The stored value, or None (a damaged entry is a miss)."""
        data = self.store.get(table, key)
        if data is not None:
            try:
                value = load(data)
                self._count(table, True)
                return value
            except Exception:  # noqa: BLE001
                pass
        self._count(table, False)
        return None

    # --- events ---------------------------------------------------------------------------------------

    def on_config(self, config):
        self._start(config)
        return config

    @event_priority(-100)                 # after every other handler: wrap the page MkDocs will read
    def on_pre_page(self, page, config, files):
        if self.store is not None:
            adapter.replace_read_source(page, self.split_source)
        return page

    @event_priority(-100)                 # after every other handler: the Markdown as it will be converted
    def on_page_markdown(self, markdown, page, config, files):
        if self.store is None:
            return markdown
        key = keys.conversion_key(self.markdown_config, markdown, page, files)
        data = self.store.get("pages", key)
        warnings = [0]

        def reuse(page, files) -> bool:
            helped = self.helper.take(page.file.src_uri) if self.helper is not None else None
            if data is not None:
                try:
                    adapter.restore_conversion(page, files, codec.load_data(data))
                    self._count("pages", True)
                    return True
                except Exception:  # noqa: BLE001 - a damaged entry converts as usual
                    pass
            if helped is not None and helped[0] == key and helped[1] is not None:
                try:
                    adapter.restore_conversion(page, files, codec.load_data(helped[1]))
                except Exception:  # noqa: BLE001 - converted here as usual
                    pass
                else:
                    self._count("pages", False)
                    self.helped += 1
                    self.store.put("pages", key, helped[1])
                    return True
            warnings[0] = self.warnings.count
            return False

        def done(page) -> None:
            self._count("pages", False)
            if self.warnings.count == warnings[0]:
                stored = codec.dump_data(adapter.conversion_of(page))
                self.store.put("pages", key, stored)
                if self._out is not None:                # the helper: sent to the parent
                    self._sent = (key, stored)

        adapter.replace_render(page, reuse, done)
        return markdown

    @event_priority(-100)                 # last: every handler has had the page's Markdown and its HTML
    def on_page_content(self, html, page, config, files):
        """The page's Markdown let go once it is converted: MkDocs reads every page before it renders the
        first, so it would hold every page's Markdown beside its HTML until the build ends (at 1,000
        issues, 29,000 pages); nothing after the conversion reads it (templates use page.content)."""
        if self.config.release_markdown:
            adapter.let_go_markdown(page)
        if self.config.pack_content and isinstance(html, str) and html:
            return Packed(html)
        return html

    @event_priority(100)                  # first: every handler and the template read the page's HTML as text
    def on_page_context(self, context, page, config, nav):
        """The page's HTML unpacked for its render (on_page_content packed it: MkDocs converts every page
        before it renders the first, so it held every page's HTML at once; at 1,000 issues most of a
        gigabyte of Python strings)."""
        self._rendering = None
        if isinstance(page.content, Packed):
            self._rendering = (page.content, page.content.unpack())
            page.content = self._rendering[1]
        return context

    @event_priority(-100)                 # last: the page is rendered; what search reads later stays packed
    def on_post_page(self, output, page, config):
        rendering, self._rendering = self._rendering, None
        if rendering is not None and page.content is rendering[1]:
            page.content = rendering[0]                       # unchanged: packed as it was
        elif self.config.pack_content and isinstance(page.content, str) and page.content:
            page.content = Packed(page.content)
        return output

    @event_priority(-300)                 # after the incremental plan (-200) decided which pages are read
    def on_nav(self, nav, config, files):
        if self.store is None or self.helper is not None or (os.cpu_count() or 1) < 2 or not fork.available(2):
            return nav
        dirty = config.plugins.get("policy-site/incremental") is not None     # build_dirty
        todo = [f for f in adapter.pages_to_read(files) if not dirty or f.is_modified()]
        if len(todo) >= PARALLEL_PAGES:
            self.helper = _Helper(self, todo[1::2], config, files, dirty)
        return nav

    def _helper_mode(self, out) -> None:
        """In the helper process: no store, no output but the pipe (the parent logs what matters)."""
        self.store = _NoStore()
        self.helper = None
        self._out = out
        self._sent = None
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        for name in ("", "mkdocs"):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if handler is not self.warnings:
                    logger.removeHandler(handler)
        logging.getLogger().addHandler(logging.NullHandler())

    def _helper_sent(self, file) -> None:
        """In the helper: the page's message sent, its conversion let go."""
        key, stored = self._sent or (None, None)
        pickle.dump((file.src_uri, key, stored), self._out, protocol=pickle.HIGHEST_PROTOCOL)
        self._out.flush()
        self._sent = None
        adapter.let_go(file.page)

    @event_priority(-100)                 # last: other handlers get (and may change) the plain environment
    def on_env(self, env, config, files):
        if self.helper is not None:       # every page is read: the helper has nothing more to do
            self.helper.close()
            self.helper = None
            log.info("page cache: %d pages converted by a second process", self.helped)
        if self.store is None:
            return env
        try:
            plan = config.plugins.get("policy-site/incremental")
            done = getattr(plan, "theme", None)          # worked out by this build's plan already
            if done is not None and done[0] == list(config.theme.dirs):
                self.theme, self.theme_names = done[1]
            else:
                self.theme, self.theme_names = keys.theme_digest(self.store.db, config.theme)
            self.template_config = keys.template_config_digest(config)
            self.nav_meta = keys.nav_meta_keys(config.theme)
        except (OSError, sqlite3.Error, TypeError, ValueError) as exc:
            log.info("template outputs not cached: %s", exc)
            self.theme = None
            return env
        return adapter.CachingEnv(env, self.render_page)

    def on_template_context(self, context, template_name, config):
        if self.config.relative_404 and template_name in ERROR_TEMPLATES and not config.site_url:
            return adapter.relative_error_page(context, config, TOP_LEVEL_BASE)
        return context

    def on_post_build(self, config):
        if self.store is None:
            return
        self._stop()
        c = self.counts
        log.info("page cache: %d pages reused, %d converted; front matter %d reused, %d parsed; "
                 "template outputs %d reused, %d rendered", *c["pages"], *c["sources"], *c["outputs"])

    def on_build_error(self, error):
        self._stop(keep=False)

    # --- the cached steps -----------------------------------------------------------------------------

    def split_source(self, source: str):
        """(markdown, meta) as MkDocs splits them, reused by the source's content."""
        key = keys.source_key(self.parser, source)
        hit = self._get("sources", key, codec.load_data)
        if hit is not None:
            rest, meta = hit
            return (source[rest:] if isinstance(rest, int) else rest), meta
        markdown, meta = adapter.parse_front_matter(source)
        rest = len(source) - len(markdown) if source.endswith(markdown) else markdown   # usually a suffix
        self.store.put("sources", key, codec.dump_data((rest, meta)))
        return markdown, meta

    def render_page(self, template, name: str, context) -> str:
        key = self.output_key(name, context) if self.store is not None and self.theme else None
        if key is None:
            return template.render(context)
        html = self._get("outputs", key, lambda data: zlib.decompress(data).decode("utf-8", "surrogatepass"))
        if html is not None:
            return html
        warnings = self.warnings.count
        html = template.render(context)
        if self.warnings.count == warnings:
            self.store.put("outputs", key, zlib.compress(html.encode("utf-8", "surrogatepass"), ZLIB_LEVEL))
        return html

    def output_key(self, name: str, context) -> str | None:
        """The template output's key, or None when some part has no stable text."""
        page = context["page"]
        try:
            return keys.digest([self.theme, self.template_config, name, keys.nav_data(context["nav"], self.nav_meta),
                                keys.page_data(page), self.watched_values(context, page),
                                {k: v for k, v in context.items() if k not in keys.KEYED_CONTEXT}])
        except (TypeError, ValueError) as exc:                 # Unstable, unorderable keys, cycles
            log.debug("page %s rendered uncached: %s", page.file.src_uri, exc)
            return None

    def watched_values(self, context, page) -> dict:
        """Values keyed only because a theme template names them (keys.WATCHED_NAMES)."""
        out = {}
        if "build_date_utc" in self.theme_names:
            out["build_date_utc"] = str(context.get("build_date_utc"))
        if "update_date" in self.theme_names:
            out["update_date"] = getattr(page, "update_date", None)
        if "pages" in self.theme_names:
            if self.pages_digest is None:
                self.pages_digest = keys.pages_digest(context.get("pages"))
            out["pages"] = self.pages_digest
        return out
