"""The `policy-markup` MkDocs plugin.

* **Valid HTML.** Material's base template writes `autocomplete="off"` on its checkbox toggles (the
  drawer, the search), which HTML allows on text inputs only: the Nu Html Checker reports each, on
  every page. Its table of contents has a `<label for="__toc">` whose checkbox exists only on pages
  in the navigation (a label for no control). Both are fixed after the page is made (`valid_markup`):
  the attribute taken off checkboxes, the label's `for` dropped where there is no `__toc`.
* **Sitemap.** MkDocs writes sitemap.xml and sitemap.xml.gz whatever the configuration; without a
  `site_url` their `<loc>` elements are empty (0 URLs for 219 pages). Without one they are removed.
* **Feed.** The converter writes feed.xml with links relative to the feed (it works wherever the site
  is put). With a `site_url` they are made absolute, as feed readers that do not resolve relative
  links (RFC 4287 allows both) need.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.plugins import BasePlugin, event_priority

#: A checkbox `<input …>` of the theme carrying `autocomplete="off"` (not allowed on checkboxes).
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
#: The table of contents' title label, pointing at the `__toc` checkbox.
TOC_LABEL = '<label class="md-nav__title" for="__toc">'
#: The sitemap files MkDocs writes.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
#: A relative `href` in the feed (anything not starting with a scheme or `/`).
FEED_HREF = re.compile(r'\bhref="(?![a-z][a-z0-9+.-]*:|/)([^"]*)"')


def valid_markup(html: str) -> str:
    """The page with the theme's invalid attributes removed (nothing else changes)."""
    if 'autocomplete="off"' in html:
        html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(TOC_LABEL, '<label class="md-nav__title">')
    return html


def absolute_feed(xml: str, site_url: str) -> str:
    """The feed's relative links resolved against the site's address (which ends in `/`)."""
    top = site_url if site_url.endswith("/") else site_url + "/"
    return FEED_HREF.sub(lambda m: f'href="{top}{m[1]}"', xml)


class MarkupConfig(base.Config):
    pass


class PolicyMarkupPlugin(BasePlugin[MarkupConfig]):
    @event_priority(-100)                       # after every other plugin has had the page
    def on_post_page(self, output: str, page, config) -> str:
        return valid_markup(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return valid_markup(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config) -> None:
        site = Path(config["site_dir"])
        if not config.get("site_url"):
            for name in SITEMAPS:
                (site / name).unlink(missing_ok=True)
            return
        feed = site / "feed.xml"
        if feed.is_file():           # replaced, not written into: it may be a link to the previous site's file
            tmp = feed.with_name(".feed.xml.tmp")
            tmp.write_text(absolute_feed(feed.read_text(encoding="utf-8"), config["site_url"]), encoding="utf-8")
            os.replace(tmp, feed)
