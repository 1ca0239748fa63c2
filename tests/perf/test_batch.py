"""Converting many files (converter/perf/batch.py, perf/cache.py): cached compilations reused, the rest
on every core; the same records as one process converting every file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converter.commands import convert as convert_cmd
from converter.commands.convert import collect_inputs, read_compilations
from converter.perf import batch
from converter.stages.segment import labeller


def copies(sample_files, folder, count: int = 3) -> list:
    """`count` copies of each sample file, each a little different (so none is a duplicate input)."""
    files = []
    for n in range(count):
        for f in sample_files:
            target = folder / f"{n}-{f.name}"
            target.write_bytes(f.read_bytes() + f"\n第{n}份副本。\n".encode())
            files.append(target)
    return files


def test_cache_converts_only_changed_files(sample_files, tmp_path, monkeypatch):
    for f in sample_files:
        shutil.copyfile(f, tmp_path / f.name)
    converted = []
    real = convert_cmd.convert_file
    monkeypatch.setattr(convert_cmd, "convert_file", lambda p, **kw: converted.append(p.name) or real(p, **kw))
    cache: dict = {}
    files = collect_inputs([tmp_path])
    first, _ = read_compilations(files, cache, cache)
    assert sorted(converted) == sorted(f.name for f in sample_files)
    converted.clear()
    again, _ = read_compilations(files, cache)
    assert converted == [] and [c.id for c in again] == [c.id for c in first]
    edited = tmp_path / sample_files[0].name
    edited.write_bytes(edited.read_bytes() + "\n".encode())
    fresh: dict = {}
    read_compilations(files, cache, fresh)
    assert converted == [sample_files[0].name]
    assert len(fresh) == len(files) and set(fresh) != set(cache)   # the caller stores it on success


def _plain(files):
    """The reference: every file converted here, one after the other, no cache."""
    return [convert_cmd.convert_file(f) for f in files]


def _parallel(files, tmp_path):
    return read_compilations(files)[0]


def _disk_cache_cold(files, tmp_path):
    from converter.perf.cache import DiskCache

    return read_compilations(files, DiskCache(tmp_path / "store"), {})[0]


def _disk_cache_warm(files, tmp_path):
    from converter.perf.cache import DiskCache

    fresh: dict = {}
    read_compilations(files, DiskCache(tmp_path / "store"), fresh)
    cache = DiskCache(tmp_path / "store")
    cache.replace(fresh)
    return read_compilations(files, DiskCache(tmp_path / "store"))[0]


def _memory_cache_warm(files, tmp_path):
    from converter.perf.cache import MemoryCache

    fresh: dict = {}
    read_compilations(files, MemoryCache(), fresh)
    cache = MemoryCache()
    cache.replace(fresh)
    return read_compilations(files, cache)[0]


#: Each speed-up of converting many files, alone: the records are those of the plain loop.
SPEED_UPS = {"workers": _parallel, "disk cache, cold": _disk_cache_cold, "disk cache, warm": _disk_cache_warm,
             "memory cache, warm": _memory_cache_warm}


@pytest.mark.parametrize("speed_up", sorted(SPEED_UPS))
def test_same_compilations_as_the_plain_loop(speed_up, sample_files, tmp_path, monkeypatch):
    files = copies(sample_files, tmp_path)
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)   # other tests may have left threads
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2 if speed_up == "workers" else 10**6)
    assert list(SPEED_UPS[speed_up](files, tmp_path)) == _plain(files)


def test_a_failing_file_is_reported_alike_with_and_without_workers(sample_files, tmp_path, monkeypatch):
    files = copies(sample_files, tmp_path)
    (tmp_path / "x-broken.txt").write_bytes(b"%PDF-1.4 not text")
    files.append(tmp_path / "x-broken.txt")
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    errors = []
    for threshold in (10**6, 2):
        monkeypatch.setattr(batch, "PARALLEL_FROM", threshold)
        with pytest.raises(Exception) as failure:
            read_compilations(files)
        errors.append(str(failure.value))
    assert errors[0] == errors[1] and "x-broken.txt" in errors[0]


def test_workers_take_the_largest_files_first(sample_files, tmp_path, monkeypatch):
    """Files go to the workers largest first, so that they finish together (a large file given last
    would leave one worker converting it alone); results still come in the order given."""
    from concurrent.futures import ProcessPoolExecutor

    files = copies(sample_files, tmp_path)
    sizes = {f: f.stat().st_size for f in files}
    assert len(set(sizes.values())) > 1
    dispatched = []
    real_map = ProcessPoolExecutor.map
    monkeypatch.setattr(ProcessPoolExecutor, "map", lambda self, fn, items, **kw: real_map(
        self, fn, dispatched.extend(items) or dispatched, **kw))
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    comps, _ = read_compilations(list(reversed(files)))
    assert [sizes[f] for f in dispatched] == sorted(sizes.values(), reverse=True)
    assert [c.source.name for c in comps] == [f.name for f in reversed(files)]


def test_parallel_conversion_fills_the_caches(sample_files, tmp_path, monkeypatch):
    """Worker processes encode each compilation for the disk cache: the bytes they send are what the disk cache
    stores, and both caches give back the compilations of the run."""
    from converter.perf.cache import DiskCache, MemoryCache, Spilled

    files = copies(sample_files, tmp_path)
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    fresh: dict = {}
    comps, _ = read_compilations(files, DiskCache(tmp_path / "store"), fresh)
    assert len(fresh) == len(files) and all(isinstance(v, Spilled) for v in fresh.values())   # on disk till stored
    disk, memory = DiskCache(tmp_path / "store"), MemoryCache()
    disk.replace(fresh)
    memory.replace(fresh)
    keys = sorted(fresh, key=lambda k: [str(f) for f in files].index(k[0]))
    assert [disk.get(k) for k in keys] == [memory[k] for k in keys] == list(comps)


@pytest.mark.parametrize("filled", [False, True])
def test_each_file_is_read_once_per_run(sample_files, tmp_path, monkeypatch, filled):
    """An empty cache is not looked up, so files are read only by their conversion (and keyed by its
    hash); a filled one is looked up by a hash of each file, and hits are not converted again."""
    import hashlib

    from converter.perf.cache import DiskCache

    cache = DiskCache(tmp_path / "store")
    if filled:
        fresh: dict = {}
        read_compilations(sample_files, cache, fresh)
        cache.replace(fresh)
    reads: list[str] = []
    real = Path.read_bytes
    inputs = {f.name for f in sample_files}
    monkeypatch.setattr(Path, "read_bytes", lambda self: (self.name in inputs and reads.append(self.name)) or real(self))
    fresh = {}
    read_compilations(sample_files, cache, fresh)
    assert sorted(reads) == sorted(inputs)
    assert set(fresh) == {(str(f), hashlib.sha256(real(f)).hexdigest(), labeller.DEFAULT) for f in sample_files}


def test_disk_cache_spares_unchanged_files_across_runs(sample_files, tmp_path, monkeypatch):
    from converter.perf import cache as cache_module

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sample_files:
        shutil.copyfile(f, inbox / f.name)
    docs = tmp_path / "site-src" / "docs"
    converted = []
    real = convert_cmd.convert_file
    monkeypatch.setattr(convert_cmd, "convert_file", lambda p, **kw: converted.append(p.name) or real(p, **kw))
    first, _ = convert_cmd.convert([inbox], docs)
    store = docs / convert_cmd.CACHE_DIR
    assert len(list(store.glob("*.json"))) == len(sample_files)
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}

    converted.clear()
    again, stats = convert_cmd.convert([inbox], docs)                  # a new run (a new process would do the same)
    assert converted == [] and stats["written"] == 0
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before

    (inbox / sample_files[0].name).write_bytes((inbox / sample_files[0].name).read_bytes() + b"\n")
    convert_cmd.convert([inbox], docs)
    assert converted == [sample_files[0].name]
    assert len(list(store.glob("*.json"))) == len(sample_files)   # the stale entry is gone

    converted.clear()
    next(store.glob("*.json")).write_bytes(b"not a cache entry")     # a damaged entry is a miss
    convert_cmd.convert([inbox], docs)
    assert len(converted) == 1

    converted.clear()
    monkeypatch.setattr(cache_module, "code_version", lambda: "rules-changed")
    convert_cmd.convert([inbox], docs)                                  # new rules: everything again
    assert sorted(converted) == sorted(f.name for f in sample_files)
