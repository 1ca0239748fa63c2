"""Speed-ups, kept apart from the domain code. Each wraps pure stages from the outside (the commands
and the site plugins call them; no stage imports this package) and each says in its docstring what it
buys, as measured. Removing one leaves a correct, slower program.

    batch.py      convert many files: cached compilations reused, the rest on every core
    cache.py      converted compilations on disk (docs/.cache/policy-site/) or in memory (serve)
    collector.py  the cyclic garbage collector off while converting
    memo.py       process-wide memos, each registered with its reason
    parallel.py   work shared out to forked processes (search index, document pages)
    store.py      the site plugins' per-page caches: one SQLite file per docs folder
"""
