"""Options of the `policy-search` plugin (mkdocs.yml):

    plugins:
      - search                  # Material's: kept only so that its header shows the search box
      - policy-search:
          words: data/search-words.txt     # the jieba user dictionary, a path inside docs_dir
          cache: true
          cache_dir: .cache/plugin/policy-search   # relative to the folder of mkdocs.yml

`words` is how the corpus' words reach the index: `policy-site convert` writes them into the docs
folder (render.SEARCH_WORDS, one word a line in jieba's format `word freq`); a docs folder without that
file is indexed without a user dictionary (bigrams still find every word).
"""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    words = c.Type(str, default="data/search-words.txt")
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/policy-search")
