"""The `policy-search` MkDocs plugin: thin event handlers; the work is in the modules beside it.

    on_page_markdown   an author's own `search: exclude` noted; Material's lunr told to skip the page
    on_page_context    the page noted (segment, key) for the index
    on_post_build      segments from the cache or built (segments.py), files written (shards.py)

Why not Material's search: it runs lunr in a Web Worker that is fetched, which Chromium refuses for
file:// pages (search silently returns nothing), and Material's `offline` plugin loads a shim from
unpkg.com and Google Fonts. Material's search plugin stays in mkdocs.yml only because Material's header
renders the search box when it is there; every page is marked `search: exclude` for it (its documented
per-page switch), so it indexes nothing, and its empty search_index.json is removed after the build.
The search box markup is overrides/partials/search.html (Material's classes, no
`data-md-component="search"`, so Material's bundle does not start its worker).
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from converter.perf.store import store_path
from converter.site.search import segments, shards
from converter.site.search.config import SearchConfig
from converter.site.search.html_text import page_url, searched, segment_of
from converter.site.search.terms import Segmenter, digest

log = logging.getLogger("mkdocs.plugins.policy-search")


class PolicySearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self):
        #: The site this build replaces, when it builds into another folder (`policy-site build` builds
        #: into a staging folder): the files of segments that did not change are linked from it.
        self.previous_site: Path | None = None
        self._reset()

    def _reset(self) -> None:
        self.pages: dict[str, tuple] = {}       # url → (segment, page_key, page) of this build
        self.excluded: set[str] = set()         # urls whose author wrote `search: exclude`
        self.words: str | None = None           # the user dictionary's text, read once per build
        self.words_digest = ""

    def on_config(self, config):
        self._reset()
        return config

    def on_page_markdown(self, markdown, page, config, files):
        search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
        if search.get("exclude"):
            self.excluded.add(page_url(page))
        page.meta["search"] = {**search, "exclude": True}
        return markdown

    def on_page_context(self, context, page, config, nav):
        url = page_url(page)
        if searched(url) and url not in self.excluded:
            self.dictionary(config)
            self.pages[url] = (segment_of(page.meta or {}),
                               segments.page_key(page, config.get("site_name"), self.words_digest), page)
        return context

    @event_priority(-100)  # after Material's search plugin has written its (empty) index
    def on_post_build(self, config):
        seg = Segmenter(self.dictionary(config))
        cache = segments.IndexCache(self.cache_file(config))
        try:
            entries = [entry for _, entry in sorted(self.pages.items(), key=lambda item: (item[1][0], item[0]))]
            site = Path(config["site_dir"])
            linkable = shards.previous_keys(self.previous_site, site / shards.OUT)   # files to link, not read
            built = segments.iter_segments(entries, config.get("site_name"), seg, cache, linkable)   # one at a time
            stats = shards.write_segments(site, built, cache.keys, self.previous_site)
        finally:
            cache.close()
            self._reset()
        stats.update(reused=cache.hits["segments"], pages_reused=cache.hits["pages"])
        log.info("search index: %(pages)d pages in %(segments)d segments (%(reused)d reused), %(shards)d shards; "
                 "%(pages_reused)d page postings reused; %(linked)d files linked from the previous site", stats)

    def on_build_error(self, error):
        self._reset()

    def dictionary(self, config) -> str:
        """The jieba user dictionary of the docs folder (`words`); empty if there is none."""
        if self.words is None:
            path = Path(config["docs_dir"]) / self.config.words
            self.words = path.read_text(encoding="utf-8") if path.is_file() else ""
            self.words_digest = digest(self.words)
        return self.words

    def cache_file(self, config) -> Path | None:
        if not self.config.cache:
            return None
        base = Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir
        return store_path(base, f"index-v{shards.VERSION}", config["docs_dir"])
