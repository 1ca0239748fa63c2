"""What the template output key takes of the navigation (keys.nav_data, keys.nav_meta_keys): the meta of
the navigation's pages that the theme's navigation reads, and all of it where that cannot be known."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from converter.commands.config import PROJECT
from converter.site.pages import keys

#: `X.meta.KEY` in a Jinja template.
META_OF = re.compile(r"(\w+)\.meta\.(\w+)")


def material_templates() -> list[Path]:
    import material

    return sorted(p for p in (Path(material.__file__).parent / "templates").rglob("*.html")
                  if "languages" not in p.parts)


def test_material_navigation_reads_only_the_listed_meta_of_its_items():
    named = {(m[1], m[2]) for p in material_templates() for m in META_OF.finditer(p.read_text(encoding="utf-8"))}
    others = {key for owner, key in named if owner != "page"}
    assert {owner for owner, _ in named} <= {"page", "nav_item"}     # no other way into a page's meta
    assert others == set(keys.MATERIAL_NAV_META)


@pytest.mark.parametrize("template, keyed", [
    (None, keys.MATERIAL_NAV_META),                                           # the project's own overrides
    ('{% set m = page.meta %}<meta name="x" content="{{ m.title }}">', keys.MATERIAL_NAV_META),
    ("{{ nav_item.meta.description }}", None),
    ("{% for p in nav %}{{ p.meta }}{% endfor %}", None),
    ("{% set meta = page.meta %}{{ meta.title }}", None),                    # `meta` alone: cannot tell
])
def test_nav_meta_keys_by_the_custom_templates(tmp_path, template, keyed):
    overrides = tmp_path / "overrides"
    import shutil

    shutil.copytree(PROJECT / "overrides", overrides)
    if template is not None:
        (overrides / "partials" / "extra.html").write_text(template, encoding="utf-8")
    yml = tmp_path / "mkdocs.yml"
    yml.write_text((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(str(yml))
    assert keys.nav_meta_keys(config.theme) == keyed


class _Page:
    is_page, is_index, url, active, children = True, False, "index.html", False, None

    def __init__(self, meta):
        self.title, self.meta = "首页", meta


class _Nav:
    def __init__(self, meta):
        self.items, self.homepage = [_Page(meta)], None


@pytest.mark.parametrize("a, b, same", [
    ({"description": "2 期"}, {"description": "3 期"}, True),      # Material's navigation reads no description
    ({"icon": "x"}, {"icon": "y"}, False),
    ({}, {"description": "3 期"}, False),                           # has meta at all: read by nav-item.html
])
def test_nav_data_keeps_only_the_meta_the_navigation_reads(a, b, same):
    key = keys.MATERIAL_NAV_META
    assert (keys.nav_data(_Nav(a), key) == keys.nav_data(_Nav(b), key)) is same
    assert keys.nav_data(_Nav(a)) != keys.nav_data(_Nav(b))            # all of it without keys
