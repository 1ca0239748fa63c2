"""The page cache's hold on MkDocs internals (converter/site/pages/mkdocs_adapter.py) still holds.

These fail with the name of what changed when an upgrade of MkDocs (or a move to a fork) changes a
method the adapter replaces or an attribute it restores: the cache would otherwise skip work whose
results it does not put back."""
from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from converter.site.pages import mkdocs_adapter as adapter


def assigned_self_attributes(fn) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    out = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for t in targets:
            for el in (t.elts if isinstance(t, ast.Tuple) else [t]):
                if isinstance(el, ast.Attribute) and isinstance(el.value, ast.Name) and el.value.id == "self":
                    out.add(el.attr)
    return out


@pytest.mark.parametrize("name", sorted(adapter.RELIED_ON))
def test_replaced_methods_have_the_signature_and_set_the_attributes_the_adapter_knows(name):
    from mkdocs.structure import pages

    cls, method = name.split(".")
    fn = getattr(getattr(pages, cls), method)
    params, attributes = adapter.RELIED_ON[name]
    assert tuple(inspect.signature(fn).parameters) == params, f"{name}: signature changed"
    assert assigned_self_attributes(fn) == set(attributes), f"{name}: sets other attributes now"


def test_what_the_adapter_restores_covers_what_render_sets():
    """conversion_of / restore_conversion name every attribute Page.render sets."""
    restored = {n.attr for n in ast.walk(ast.parse(inspect.getsource(adapter.restore_conversion)))
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "page"
                and isinstance(n.ctx, ast.Store)}
    assert restored == set(adapter.RELIED_ON["Page.render"][1])


def test_helpers_the_adapter_calls_exist_with_their_signatures():
    from jinja2 import Environment, Template
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure import toc
    from mkdocs.utils import meta, normalize_url

    assert tuple(inspect.signature(toc.AnchorLink).parameters)[:3] == ("title", "id", "level")
    assert "toc[0].active = True" in inspect.getsource(toc.get_toc)      # as _toc_from does
    assert tuple(inspect.signature(meta.get_data).parameters) == ("doc",)
    assert tuple(inspect.signature(normalize_url).parameters) == ("path", "page", "base")
    assert hasattr(PluginCollection, "on_page_read_source")
    assert callable(Environment.get_template) and callable(Template.render)
    from mkdocs.theme import Theme

    theme = Theme(name="material")
    assert isinstance(theme.dirs, list) and isinstance(theme.static_templates, set)


@pytest.mark.parametrize("name", sorted(adapter.RELIED_ON_BUILD))
def test_build_functions_the_incremental_build_calls_have_their_signatures(name):
    from mkdocs.commands import build

    params = adapter.RELIED_ON_BUILD[name]
    assert tuple(inspect.signature(getattr(build, name)).parameters) == params, f"{name}: signature changed"


def test_a_dirty_build_asks_is_modified_of_every_page_and_static_file():
    """What the incremental build relies on: with dirty=True MkDocs reads, renders and copies exactly
    the files whose File.is_modified() is true, and its only extra messages are DIRTY_NOTICES."""
    from mkdocs.commands import build
    from mkdocs.structure.files import File

    populate, render = inspect.getsource(build._populate_page), inspect.getsource(build._build_page)
    assert "if dirty and not page.file.is_modified():\n            return" in populate
    assert "if dirty and not page.file.is_modified():\n            return" in render
    assert "if dirty and not self.is_modified():" in inspect.getsource(File.copy_file)
    source = inspect.getsource(build.build)
    assert "files.copy_static_files(dirty=dirty" in source and "if not dirty:" in source
    for notice in adapter.DIRTY_NOTICES:
        assert notice in source, notice


@pytest.mark.parametrize("message, dropped", [
    ("A 'dirty' build is being performed, this will likely lead to inaccurate navigation", True),
    ("The directory contains stale files. Use --clean to remove them.", True),
    ("Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files.", False),
])
def test_only_the_dirty_build_notices_are_dropped(message, dropped):
    import logging

    record = logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1, message, None, None)
    assert adapter._DirtyNotices().filter(record) is not dropped
