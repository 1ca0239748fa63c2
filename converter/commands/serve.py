"""`policy-site serve`: convert, serve with live reload, and keep converting what changes among the
inputs (a new issue dropped into a watched folder appears in the browser)."""
from __future__ import annotations

import logging
from pathlib import Path

from converter.commands.config import config_path, default_docs_dir
from converter.commands.convert import SAMPLE, collect_inputs, convert
from converter.commands.watch import InputWatcher
from converter.errors import InputError
from converter.perf.cache import MemoryCache
from converter.stages.segment import labeller

log = logging.getLogger("policy-site")


def serve(inputs, config=None, dev_addr: str | None = None, docs_dir: Path | None = None, interval: float = 1.0,
          segmenter: str = labeller.DEFAULT):
    """Convert, serve with live reload, and keep converting what changes among the inputs."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    docs_dir = Path(docs_dir).resolve() if docs_dir else default_docs_dir(config)
    cache = MemoryCache()
    convert(inputs, docs_dir, cache, segmenter=segmenter)

    def reconvert():
        try:
            library, stats = convert(inputs, docs_dir, cache, segmenter=segmenter)
        except InputError as exc:
            for line in str(exc).splitlines():
                log.error("policy-site: error: %s (the site keeps its previous pages)", line)
            return
        log.warning("policy-site: inputs changed: %d pages, %d files written, %d removed",
                    len(library.entries), stats["written"], stats["removed"])

    watcher = InputWatcher(inputs or [SAMPLE], collect_inputs, reconvert, interval).start()
    try:
        mkdocs_serve(config_file=str(config_path(config)), dev_addr=dev_addr, livereload=True, docs_dir=str(docs_dir))
    finally:
        watcher.stop()
