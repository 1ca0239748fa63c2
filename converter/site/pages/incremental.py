"""An incremental site build: a page whose every input is what it was at the previous build keeps the
previous site's file, hard-linked into the new site (same bytes, same mtime, no read, no render); only
changed pages, the index pages they appear on and the search segments they belong to are made again.

    plan = Incremental(state_file, previous_site)     # a MkDocs plugin, added by `policy-site build`
    config.plugins["policy-site/incremental"] = plan
    adapter.build_dirty(config)                        # MkDocs' build; a file is made again when its
                                                       # File.is_modified() says so: here, when the plan does
    plan.save()                                        # once the new site has replaced the previous one

What makes a page's HTML, and how each part is known to be unchanged without reading the page:

* **the build** — one digest (`build_key`) of the theme (content of every template and asset, as the
  page cache keys it), mkdocs.yml's bytes, the configuration the templates and the Markdown conversion
  read (site_url given on the command line included), link validation, the plugins and their options,
  the converter's site code, every installed distribution's version, the Python version and the search
  dictionary (search postings depend on it). Any change: every page is made again (a full build, every
  cache still used). So does a theme template naming `pages` (every page would depend on every other).
* **the navigation as a page outside it sees it** (`nav_key`): titles, URLs, the meta the theme's
  navigation reads (keys.nav_meta_keys). Pages in the navigation are always made again (their
  active flags, previous and next links); for the others the navigation is checked once every page
  has been read: a change makes every skipped page again in the same build.
* **the page's own source** — its size and mtime (the converter rewrites only changed pages), and the
  previous output — size, mtime and inode of the previous site's file (a site changed by hand, or
  built by something else, is not trusted).
* **its links** — MkDocs rewrites a link by whether its target exists: a page is made again when a
  file it linked to was removed (an index page split into other parts, say), or when a file it named
  without its existing was added.
* **search** — the page's segment and postings key are kept; a page whose postings are missing from
  the search cache is read (front matter and conversion, from the page cache) for search, not rendered.

Anchors of other pages are checked by MkDocs only for the pages read in this build: where
`validation.anchors` is a warning or an error (not the default), every page is made again.

The previous site is never written: only files this build will not write are linked, and writers after
the pages (the markup plugin's feed) replace files instead of writing into them. What is stored
(`.cache/plugin/policy-pages/site-<site folder hash>.sqlite`): the two keys and, per file, its source's
and its output's stat, its search entry, the files it links to (as numbers in a table of paths) and the
link targets it named that did not exist.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import sqlite3
import sys
import zlib
from importlib import metadata
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from converter.site.pages import keys
from converter.site.pages import mkdocs_adapter as adapter

log = logging.getLogger("mkdocs.plugins.policy-site.incremental")
#: Plugins whose per-page work is known (config.plugins names): with any other, every page is made.
KNOWN_PLUGINS = frozenset({"search", "material/search", "policy-search", "policy-pages", "policy-markup",
                           "policy-site/progress", "policy-site/incremental"})
#: The converter's site code (plugins, Markdown extension): part of the build key.
SITE_CODE = Path(__file__).resolve().parents[1]
#: Part of the build key and of the stored state: a change of what is stored starts afresh.
VERSION = "2"
#: Where a page's search entry is kept by the search plugin (url → (segment, key, page)).
SEARCH = "policy-search"


def _stat(path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def code_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(SITE_CODE.rglob("*.py")):
        h.update(f"{path.relative_to(SITE_CODE)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def distributions() -> list[tuple[str, str]]:
    return sorted({(d.metadata.get("Name") or "?", d.version) for d in metadata.distributions()})


class Incremental(BasePlugin):
    """Plans which files the build makes again (File.is_modified), links the others from the
    previous site, hands the search plugin the entries of pages it did not read, and records the
    state the next build plans from."""

    def __init__(self, state_file: Path, previous_site: Path):
        super().__init__()
        self.state_file = Path(state_file)
        self.previous = Path(previous_site)
        self.db: sqlite3.Connection | None = None
        self.old: dict = {}
        self.build_key: str | None = None
        self.nav_key: str | None = None
        self.files = None
        self.nav = None
        self.skipped: dict[str, list] = {}       # src_uri → the previous entry, for pages not made again
        self.linked: dict[str, Path] = {}        # src_uri → the file linked into the new site
        self.dangling: dict[str, list] = {}      # src_uri → link targets named but absent (pages read)
        self.links: dict[str, list] = {}         # src_uri → link targets that exist (pages read)
        self.old_paths: list[str] = []
        self.search: dict[str, list | None] = {}  # src_uri → [segment, key] of pages read
        self.full_reason: str | None = None
        self.read_for_search = 0
        self.new_state: dict | None = None
        #: (theme dirs, keys.theme_digest of them) of this build: the page cache reads it in on_env
        #: instead of walking the theme's 14,000 files a second time (pages/plugin.py).
        self.theme: tuple | None = None

    # --- state -------------------------------------------------------------------------------------------

    def _open(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.state_file))
            self.db.execute("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, data BLOB)")
            row = self.db.execute("SELECT data FROM state WHERE name = 'site'").fetchone()
            self.old = json.loads(zlib.decompress(row[0])) if row else {}
        except (sqlite3.Error, OSError, ValueError, zlib.error) as exc:
            log.info("incremental build state unreadable (%s): a full build", exc)
            self.old = {}
            if self.db is not None:
                self.db.close()
            self.db = None
            self.state_file.unlink(missing_ok=True)
            try:
                self.db = sqlite3.connect(str(self.state_file))
                self.db.execute("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, data BLOB)")
            except sqlite3.Error:
                self.db = None

    def save(self, site_dir: Path) -> None:
        """Record this build's state, once its site is `site_dir` (after the swap: same inodes)."""
        if self.db is None or self.new_state is None:
            return
        self.new_state["site"] = str(Path(site_dir).resolve())
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO state VALUES ('site', ?)",
                            (zlib.compress(json.dumps(self.new_state, ensure_ascii=False).encode(), 1),))
        self.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.commit()                     # the theme files' stat cache (keys.theme_digest)
            self.db.close()
            self.db = None

    # --- the plan ----------------------------------------------------------------------------------------

    def key_of_build(self, config) -> str | None:
        """The build key (module docstring), or None where no page may be skipped (full_reason says why)."""
        unknown = sorted(set(config.plugins) - KNOWN_PLUGINS)
        if unknown:
            self.full_reason = f"plugins {', '.join(unknown)}"
            return None
        if config.validation.links.anchors >= logging.WARNING:
            self.full_reason = "anchors validated as warnings"
            return None
        theme, names = keys.theme_digest(self.db, config.theme)
        self.theme = (list(config.theme.dirs), (theme, names))
        if "pages" in names:
            self.full_reason = "the theme names `pages`"
            return None
        watched = {}
        if names & {"build_date_utc", "update_date"}:
            watched["date"] = os.environ.get("SOURCE_DATE_EPOCH") or "now"
        search = config.plugins.get(SEARCH)
        words = keys.digest(search.dictionary(config)) if search is not None else None
        config_file = config.config_file_path
        return keys.digest({
            "version": VERSION, "engine": adapter.engine(), "python": sys.version, "platform": platform.machine(),
            "theme": theme, "watched": watched,
            "template_config": keys.template_config_digest(config),
            "markdown_config": keys.markdown_config_digest(config),
            "validation": str(config.validation),
            "plugins": [(name, f"{type(p).__module__}.{type(p).__qualname__}") for name, p in config.plugins.items()],
            "mkdocs.yml": hashlib.sha256(Path(config_file).read_bytes()).hexdigest() if config_file else None,
            "docs_dir": str(Path(config.docs_dir).resolve()),
            "code": code_digest(), "distributions": distributions(), "words": words,
        })

    @event_priority(-200)                        # after every other handler: the files that will be built
    def on_files(self, files, config):
        self.files = files
        self.site_dir = Path(config.site_dir)
        self._open()
        if self.db is None:
            self.full_reason = "no state store"
            return files
        self.build_key = self.key_of_build(config)
        return files

    @event_priority(-200)
    def on_nav(self, nav, config, files):
        self.nav = nav
        old = self.old
        usable = (self.build_key is not None and old.get("build") == self.build_key
                  and old.get("site") == str(self.previous.resolve()) and self.previous.is_dir())
        if self.build_key is not None and not usable:
            self.full_reason = "first build" if not old else "the build changed"
        previous = old.get("files", {}) if usable else {}
        self.old_paths = old.get("paths", []) if usable else []
        current = {f.src_uri for f in files}
        removed = {i for i, path in enumerate(self.old_paths) if path not in current}
        added = current - set(previous)
        in_nav = {p.file.src_uri for p in nav.pages}
        for file in files:
            entry = previous.get(file.src_uri)
            skip = (entry is not None and file.src_uri not in in_nav and file.inclusion.is_included()
                    and self._unchanged(file, entry, added) and not removed.intersection(entry[6]))
            if skip and self._link(file, entry):
                if file.is_documentation_page():
                    self.skipped[file.src_uri] = entry
            else:
                adapter.set_modified(file, True)
        if self.skipped:
            pages = config.plugins.get("policy-pages")
            if pages is not None and getattr(pages, "store", None) is not None:
                pages.store.prune = False          # the skipped pages' cache entries are still good
        log.info("incremental build: %d pages kept, %d files linked%s", len(self.skipped), len(self.linked),
                 f" (every page made: {self.full_reason})" if self.full_reason else "")
        return nav

    def _unchanged(self, file, entry: list, added: set) -> bool:
        src_size, src_mtime, dest, out, _search, dangling, _links = entry
        if file._content is not None or file.abs_src_path is None or file.dest_uri != dest:
            return False
        src = _stat(file.abs_src_path)
        if src is None or src[:2] != (src_size, src_mtime):
            return False
        if _stat(self.previous / dest) != tuple(out):
            return False
        return not (set(dangling) & added)

    def _link(self, file, entry) -> bool:
        target = Path(file.abs_dest_path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(self.previous / entry[2], target)
        except OSError:
            return False
        self.linked[file.src_uri] = target
        adapter.set_modified(file, False)
        return True

    def _make_again(self, src_uri: str, config) -> None:
        """A skipped page made in this build after all: its link removed, the page read now."""
        file = self.files.get_file_from_path(src_uri)
        self.linked.pop(src_uri).unlink()
        self.skipped.pop(src_uri)
        adapter.set_modified(file, True)
        adapter.populate(file.page, config, self.files)

    # --- after every page is read, before any is written ---------------------------------------------

    @event_priority(-200)
    def on_page_markdown(self, markdown, page, config, files):
        states = keys.link_states(markdown, page.file.src_uri, files)
        self.dangling[page.file.src_uri] = [p for p, exists in states if not exists]
        self.links[page.file.src_uri] = [p for p, exists in states if exists]
        return markdown

    @event_priority(-200)
    def on_env(self, env, config, files):
        self.nav_key = keys.digest(keys.nav_data(self.nav, keys.nav_meta_keys(config.theme)))
        if self.skipped and self.nav_key != self.old.get("nav"):
            log.info("incremental build: the navigation changed, every page made")
            self.full_reason = "the navigation changed"
            for src_uri in list(self.skipped):
                self._make_again(src_uri, config)
        return env

    # --- search, then the state to record ---------------------------------------------------------------

    @event_priority(0)                           # before the search plugin (-100) indexes its pages
    def on_post_build(self, config):
        search = config.plugins.get(SEARCH)
        if search is not None:
            for url, (segment, key, page) in search.pages.items():
                self.search[page.file.src_uri] = [segment, key]
            self._hand_to_search(search, config)
        self.new_state = self._state() if self.build_key is not None else None

    def _hand_to_search(self, search, config) -> None:
        from converter.site.search import segments
        from converter.site.search.html_text import page_url

        wanted = {src: e[4] for src, e in self.skipped.items() if e[4] is not None}
        stored = segments.stored_page_keys(search.cache_file(config))
        for src_uri, (segment, key) in wanted.items():
            page = self.files.get_file_from_path(src_uri).page
            if key not in stored:                 # its postings are not cached: read the page for them
                adapter.populate(page, config, self.files)
                key = segments.page_key(page, config.get("site_name"), search.words_digest)
                self.read_for_search += 1
            search.pages[page_url(page)] = (segment, key, page)
            self.search[src_uri] = [segment, key]

    def _state(self) -> dict:
        files = {}
        paths = sorted(f.src_uri for f in self.files)
        number = {path: i for i, path in enumerate(paths)}
        for file in self.files:
            if file._content is not None or file.abs_src_path is None or not file.inclusion.is_included():
                continue
            old = self.skipped.get(file.src_uri)
            src, out = _stat(file.abs_src_path), _stat(file.abs_dest_path)
            if src is None or out is None:
                continue
            if old is not None:
                links = [number[self.old_paths[i]] for i in old[6]]     # all still there: it was kept
                files[file.src_uri] = [src[0], src[1], file.dest_uri, list(out),
                                       self.search.get(file.src_uri, old[4]), old[5], links]
            else:
                files[file.src_uri] = [src[0], src[1], file.dest_uri, list(out), self.search.get(file.src_uri),
                                       self.dangling.get(file.src_uri, []),
                                       sorted(number[p] for p in self.links.get(file.src_uri, ()) if p in number)]
        return {"version": VERSION, "build": self.build_key, "nav": self.nav_key, "paths": paths, "files": files}

    def on_build_error(self, error):
        self.close()
