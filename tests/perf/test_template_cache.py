"""perf/template_cache.py: a fresh process loads the templates a previous run compiled, and its pages are
the same bytes as pages rendered from templates compiled afresh."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from converter.commands import folders
from converter.perf import template_cache
from converter.stages import render

#: A fresh process that loads every template inside compiled_templates(folder) and prints how many
#: templates Jinja had to compile (Environment.compile counted).
LOAD_ALL = """
import sys, jinja2
from converter.perf.template_cache import compiled_templates
from converter.stages import render
compiled = []
original = jinja2.Environment.compile
def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
    compiled.append(name)
    return original(self, source, name, filename, raw, defer_init)
jinja2.Environment.compile = counted
with compiled_templates(sys.argv[1]):
    for name in render.templates().list_templates():
        render.templates().get_template(name)
print(len(compiled))
"""


def compiled_in_fresh_process(docs: Path) -> int:
    out = subprocess.run([sys.executable, "-c", LOAD_ALL, str(docs)], check=True, capture_output=True, text=True)
    return int(out.stdout)


def test_the_second_process_compiles_nothing(tmp_path):
    every = len(render.templates().list_templates())
    assert [compiled_in_fresh_process(tmp_path), compiled_in_fresh_process(tmp_path)] == [every, 0]
    assert len(list((tmp_path / template_cache.FOLDER).iterdir())) == every


def test_a_damaged_entry_is_compiled_again(tmp_path):
    compiled_in_fresh_process(tmp_path)
    stored = sorted((tmp_path / template_cache.FOLDER).iterdir())
    stored[0].write_bytes(stored[0].read_bytes()[:-40] + b"\0" * 40)   # a damaged entry: Jinja recompiles it
    assert compiled_in_fresh_process(tmp_path) == 1


def convert_sample(docs: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-m", "converter", "-q", "convert", "--out", str(docs), "--segmenter", "rules"],
                   check=True, capture_output=True)
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*.md")) if ".cache" not in p.parts}


def test_pages_from_cached_templates_are_the_same_bytes(tmp_path):
    docs = tmp_path / "docs"
    fresh = convert_sample(docs)                     # templates compiled afresh, and stored
    for p in sorted(docs.rglob("*"), reverse=True):  # everything else goes: pages, render state, converted files
        kept = template_cache.FOLDER in p.as_posix() or p == docs / folders.MARKER
        if p.is_file() and not kept:
            p.unlink()
    assert fresh and not list(docs.rglob("*.md"))
    assert convert_sample(docs) == fresh             # every page made again, from the stored bytecode


def test_the_environment_is_left_as_it_was(tmp_path):
    before = render.templates().bytecode_cache
    with template_cache.compiled_templates(tmp_path):
        assert render.templates().bytecode_cache is not before
    assert render.templates().bytecode_cache is before
