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
