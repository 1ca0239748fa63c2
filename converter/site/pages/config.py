"""Options of the `policy-pages` plugin (mkdocs.yml):

    plugins:
      - policy-pages:
          cache: true                             # reuse per-page work while its inputs are the same
          cache_dir: .cache/plugin/policy-pages   # relative to the folder of mkdocs.yml
          relative_404: true                      # 404.html links relatively when site_url is empty
          release_markdown: true                  # a page's Markdown let go once converted (memory);
                                                  # false for a plugin that reads page.markdown later
          pack_content: true                      # a page's HTML held compressed (perf/packed.py) but
                                                  # while its template is rendered (memory); false
                                                  # for a plugin that reads page.content as text
                                                  # outside on_page_context … on_post_page
"""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PagesConfig(base.Config):
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/policy-pages")
    relative_404 = c.Type(bool, default=True)
    release_markdown = c.Type(bool, default=True)
    pack_content = c.Type(bool, default=True)
