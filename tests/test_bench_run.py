"""bench/run.py: no timed command starts in the minute after thousands of files were deleted."""
from __future__ import annotations

import importlib.util
import math

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("now, deleted_at, expected", [
    (100.0, -math.inf, 0.0),      # nothing deleted yet
    (100.0, 100.0, 61.0),         # just deleted: the whole quarantine
    (130.0, 100.0, 31.0),
    (161.0, 100.0, 0.0),          # exactly over
    (500.0, 100.0, 0.0),
])
def test_inode_quarantine(run, now, deleted_at, expected):
    assert run.inode_quarantine(now, deleted_at, 61.0) == pytest.approx(expected)


def test_empty_trash_records_a_deletion_only_when_it_deleted(run, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "TRASH", tmp_path / ".trash")
    monkeypatch.setattr(run, "DELETED_AT", [-math.inf])
    run.empty_trash(settle=0)
    assert run.DELETED_AT[0] == -math.inf
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x")
    run.discard(tmp_path / "site")
    assert run.DELETED_AT[0] == -math.inf          # put aside, not deleted
    assert not (tmp_path / "site").exists() and any(run.TRASH.iterdir())
    run.empty_trash(settle=0)
    assert not run.TRASH.exists() and run.DELETED_AT[0] > -math.inf
