"""The plugins' cache store (converter/perf/store.py): entries written at once (none held in memory),
committed at close, rolled back by discard; what a build did not use dropped, unless it keeps all."""
from __future__ import annotations

import pytest

from converter.perf.store import Store


def reopen(path) -> Store:
    return Store(path, ("a", "b"))


def test_an_entry_is_in_the_file_before_close_and_none_is_held_in_memory(tmp_path):
    store = reopen(tmp_path / "s.sqlite")
    store.put("a", "k", b"x" * 1000)
    assert not hasattr(store, "new")                               # nothing buffered
    assert store.get("a", "k") == b"x" * 1000                      # read back in the same build
    store.close()
    assert reopen(tmp_path / "s.sqlite").get("a", "k") == b"x" * 1000


@pytest.mark.parametrize("prune, kept", [(True, {"read", "written", "kept"}),
                                         (False, {"read", "written", "kept", "unused"})])
def test_close_drops_what_the_build_did_not_use_unless_told_to_keep_all(tmp_path, prune, kept):
    first = reopen(tmp_path / "s.sqlite")
    for key in ("read", "kept", "unused"):
        first.put("a", key, key.encode())
    first.close()
    second = reopen(tmp_path / "s.sqlite")
    second.prune = prune
    assert second.get("a", "read") == b"read"
    second.put("a", "written", b"w")
    second.keep("a", ["kept"])
    second.close()
    third = reopen(tmp_path / "s.sqlite")
    assert {k for k in ("read", "written", "kept", "unused") if third.get("a", k) is not None} == kept


def test_discard_keeps_nothing_of_a_failed_build(tmp_path):
    first = reopen(tmp_path / "s.sqlite")
    first.put("a", "old", b"1")
    first.close()
    failed = reopen(tmp_path / "s.sqlite")
    failed.put("a", "new", b"2")
    failed.discard()
    after = reopen(tmp_path / "s.sqlite")
    assert after.get("a", "old") == b"1" and after.get("a", "new") is None


def test_a_damaged_file_is_rebuilt_by_the_build(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"not a database" * 100)
    store = reopen(path)
    store.put("a", "k", b"v")
    store.close()
    assert reopen(path).get("a", "k") == b"v"
