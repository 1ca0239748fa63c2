"""The `policy-pages` MkDocs plugin: per-page work is reused while everything it is made from stays the same.

A new issue changes few pages, yet MkDocs reads, converts and renders every page on each build. Three
results are kept per page, each under a key made of exactly what produces it (plus keys.VERSION), each
because it pays (notes/NOTES-arch.md: CPU seconds at 100 issues, build with no change / with one new issue:
6.1 / 10.7 with all three, 16.1 / 18.9 without conversions, 9.3 / 14.5 without template outputs, 20.3 /
38.9 with none; without the front-matter parse 6.3 / 11.0 there, and at 30 issues a rebuild's CPU
3.2 → 3.5 s: MkDocs' pure-Python YAML parse is the largest per-page cost a warm build has left):

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
the last build of that folder are dropped. Options: config.py.

    config.py          options (cache, cache_dir, relative_404)
    plugin.py          thin event handlers; this build's state
    keys.py            the digests
    incremental.py     `policy-site build`'s incremental build: pages whose inputs did not change keep
                       the previous site's file, unread and unrendered (the cache above still reads
                       and checks every page)
    mkdocs_adapter.py  every touch of MkDocs internals (checked by tests/site/test_pages_adapter.py)
"""
