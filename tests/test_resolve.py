"""Stage resolve: merge keys, ids, department aliases, themes, interpretation ↔ policy links."""
from __future__ import annotations

import re

import pytest

from converter.resolve import choose_themes, number_key, slug
from converter.vocab import VOCAB
from seed_eval import labels, squash


@pytest.mark.parametrize("a, b", [
    ("工信厅通装（2024）42号", "工信厅通装〔2024〕42号"),
    ("发改环资[2024]1104号", "发改环资〔2024〕1104号"),
])
def test_number_key_ignores_bracket_style(a, b):
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize("text, expected", [
    ("发改环资〔2024〕1104号", "发改环资-2024-1104号"),
    ("../../etc/passwd", "etc-passwd"),
    ("《关于印发<x>的通知》: # & * !", "关于印发-x-的通知"),
])
def test_slug_is_a_safe_file_name(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("alias, canonical", [
    ("国家发展改革委", "国家发展和改革委员会"),
    ("发改委", "国家发展和改革委员会"),
    ("工信部", "工业和信息化部"),
    ("人力资源社会保障部", "人力资源和社会保障部"),
    ("市场监管总局", "国家市场监督管理总局"),
    ("省工信厅", "江苏省工业和信息化厅"),
])
def test_department_aliases(alias, canonical):
    assert VOCAB.canonical(alias) == canonical


@pytest.mark.parametrize("unit, parent", [
    ("工业和信息化部办公厅", "工业和信息化部"),
    ("国家发展改革委办公厅", "国家发展和改革委员会"),
])
def test_subunits_file_under_their_parent(unit, parent):
    assert VOCAB.parent(VOCAB.canonical(unit)) == parent


@pytest.mark.parametrize("title, body, theme", [
    ("关于加快推进工业领域碳达峰的实施方案", "", "绿色低碳与双碳"),
    ("关于促进中小企业专精特新发展的若干措施", "", "中小企业与民营经济"),
    ("关于推动大规模设备更新的通知", "以旧换新", "设备更新与以旧换新"),
    ("国家能源局关于印发办公室文书格式的通知", "", None),  # 能源 inside a department name is no evidence
])
def test_themes_from_title_over_body(title, body, theme):
    got = choose_themes(title, body)
    if theme is None:
        assert "能源电力" not in got
    else:
        assert theme in got and len(got) <= 4


def test_theme_taxonomy_is_controlled():
    names = [t.name for t in VOCAB.themes]
    assert 15 <= len(names) <= 25 and len(set(names)) == len(names)
    slugs = [t.slug for t in VOCAB.themes]
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs) and len(set(slugs)) == len(slugs)


def test_department_vocabulary_aliases_are_unambiguous():
    seen = {}
    for d in VOCAB.departments.values():
        for a in (d.name, *d.aliases):
            assert seen.setdefault(a, d.name) == d.name, f"{a} names {seen[a]} and {d.name}"


@pytest.mark.seeds
def test_department_index_has_no_alias_duplicates(seed_corpus):
    docs, _, _ = seed_corpus
    names = []
    for page in (docs / "departments").glob("*.md"):
        if page.name != "index.md":
            names.append(re.search(r"^title: (.+)$", page.read_text(encoding="utf-8"), re.M).group(1))
    canon = [VOCAB.canonical(n) for n in names]
    assert len(canon) == len(set(canon)), sorted(n for n in canon if canon.count(n) > 1)


@pytest.mark.seeds
def test_every_labelled_interpretation_links_to_its_policy(seed_corpus):
    """The labels say which policy each 解读 discusses; the corpus must link it there."""
    _, _, corpus = seed_corpus
    by_id = {d["id"]: d for d in corpus["documents"]}
    by_source_line = {(o["source"], o["start_line"]): d for d in corpus["documents"] for o in d["occurrences"]}
    labelled_titles = {squash(d["title"]) for lab in labels().values() for d in lab["documents"]}
    checked, wrong = 0, []
    for lab in labels().values():
        for want in lab["documents"]:
            if want["kind"] != "interpretation" or not want.get("interprets"):
                continue
            if squash(want["interprets"]) not in labelled_titles:
                continue  # the policy is not in the corpus: shown as unresolved
            got = by_source_line.get((lab["source"], want["start_line"]))
            if got is None:
                wrong.append((want["title"], "not segmented"))
                continue
            checked += 1
            targets = [squash(by_id[i]["title"]) for i in got["interprets"]]
            if squash(want["interprets"]) not in targets:
                wrong.append((want["title"], targets))
    assert checked >= 20
    assert len(wrong) <= 0.05 * checked, wrong
