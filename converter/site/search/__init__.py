"""Site search of our own: the `policy-search` MkDocs plugin writes a segmented, sharded index as
`<script>` files into `<site>/search/`, which docs/assets/policy-search.js reads (served or file://).

    config.py     the plugin's options (words, cache, cache_dir)
    plugin.py     thin event handlers
    html_text.py  a built page → title, headings, body, front-matter facts (a `Page`)
    terms.py      normalisation and tokenizers: bigrams, jieba words, Latin tokens, 文号 keys
    rank.py       a page's postings: field weights, BM25 body
    shards.py     the files: shards per segment, texts, docs.js
    segments.py   segments from the cache (perf/store.py) or built, on every core (perf/parallel.py)
"""
