"""Module-level state: every cache a module keeps, and every module-level container that converting
and building the sample changes, is registered with its reason (converter/perf/memo.py); the rest
of what modules hold at their top level stays as it was (constant tables)."""
from __future__ import annotations

import copy
import functools
import importlib
import pkgutil

import converter
from converter.perf import memo

CONTAINERS = (dict, list, set)


def modules():
    for m in pkgutil.walk_packages(converter.__path__, "converter."):
        if not m.name.endswith("__main__"):
            yield importlib.import_module(m.name)


def module_state():
    """{module.name: value} of the module-level containers and function caches defined by each module."""
    out = {}
    for mod in modules():
        for name, value in vars(mod).items():
            if isinstance(value, CONTAINERS) and not name.startswith("__"):
                out[f"{mod.__name__}.{name}"] = value
            elif isinstance(value, functools._lru_cache_wrapper) and value.__module__ == mod.__name__:
                out[f"{mod.__name__}.{name}"] = value
    return out


def snapshot(value):
    """A copy to compare with later (a repr where the content cannot be copied: locks, tokenizers)."""
    try:
        return copy.deepcopy(value)
    except TypeError:
        return repr(value)


def registered(name, value) -> bool:
    return name in memo.ELSEWHERE or any(value is m.data for m in memo.MEMOS.values()) or name == "converter.perf.memo.MEMOS"


def test_every_cache_and_changed_container_is_registered(sample_files, tmp_path):
    from conftest import convert_to, mkdocs_build

    state = module_state()
    before = {k: snapshot(v) for k, v in state.items() if isinstance(v, CONTAINERS) and not registered(k, v)}
    docs, _ = tmp_path / "docs", convert_to(sample_files, tmp_path / "docs")
    mkdocs_build(docs, tmp_path / "site", page_cache=tmp_path / "pc", search_cache=tmp_path / "sc")
    state = module_state()                                  # modules the build imported too
    caches = {k for k, v in state.items() if isinstance(v, functools._lru_cache_wrapper)}
    changed = {k for k, v in state.items() if k in before and snapshot(v) != before[k]}
    unregistered = sorted(k for k in caches | changed if not registered(k, state[k]))
    assert not unregistered, f"module state without a reason in converter/perf/memo.py: {unregistered}"
    assert any(m.data for m in memo.MEMOS.values()), "the sample build fills no memo: this test would see nothing"


def test_registered_state_still_exists():
    """A registered name that no module defines any more is a stale reason."""
    state = module_state()
    assert sorted(set(memo.ELSEWHERE) - set(state)) == []
    assert all(len(m.reason.splitlines()) == 1 for m in memo.MEMOS.values())
    assert all(len(r.splitlines()) == 1 for r in memo.ELSEWHERE.values())


def test_clearing_the_memos_changes_no_output(sample_corpus, tmp_path):
    from conftest import mkdocs_build

    docs = sample_corpus[0]
    sites = []
    for n in range(2):
        site = tmp_path / f"site{n}"
        mkdocs_build(docs, site)
        sites.append({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()})
        memo.clear_all()
    assert sites[0] == sites[1]
