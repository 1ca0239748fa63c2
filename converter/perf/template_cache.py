"""Compiled templates kept on disk, so a fresh process loads Jinja's bytecode instead of compiling the
templates of converter/templates/ again.

Every `policy-site convert` and `build` is a fresh process, and Jinja compiles each template the first
time a page asks for it: ≈46 ms CPU per process for the 14 templates, against ≈2 ms to load them from
this cache (a fresh process loading every template, three runs each); a whole `convert` of the five
seeds into a docs folder that keeps its converted files spends 0.40 s user CPU with the bytecode kept
against 0.46 s without it (five runs each, alternated). Jinja checks each template's
source against the checksum stored with its bytecode and the Python version against the bytecode's
marker, so an edited template or another interpreter compiles afresh; the pages are the same either way
(tests/perf/test_template_cache.py). Lives beside the converted compilations, in the docs folder's
`.cache/` (left out of the site; `make clean` removes it).
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2

from converter.stages import render

#: The bytecode's folder inside the docs folder.
FOLDER = ".cache/templates"


class _MadeOnFirstWrite(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache whose folder is made when the first template is written into it, so a run that
    is refused before it renders a page leaves no docs folder behind."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        Path(self.directory).mkdir(parents=True, exist_ok=True)
        super().dump_bytecode(bucket)


@contextlib.contextmanager
def compiled_templates(docs_dir: Path):
    """Within the block, render's templates are loaded from (and compiled into) docs_dir/FOLDER."""
    folder = Path(docs_dir) / FOLDER
    env = render.templates()
    before, env.bytecode_cache = env.bytecode_cache, _MadeOnFirstWrite(str(folder))
    try:
        yield folder
    finally:
        env.bytecode_cache = before
