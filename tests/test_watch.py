"""`policy-site serve` watches its inputs; progress bars; the conversion cache."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from converter.commands import build, progress
from converter.commands import convert as convert_cmd
from converter.perf import batch
from converter.commands.convert import collect_inputs, read_compilations
from converter.commands.watch import InputWatcher


def _change(folder: Path, what: str, sample: Path):
    target = folder / "a.txt"
    if what == "new file":
        shutil.copyfile(sample, folder / "b.txt")
    elif what == "edited file":
        target.write_bytes(target.read_bytes() + "\n补充一行。\n".encode())
    elif what == "touched, same size, newer time":
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    elif what == "nothing":
        pass


@pytest.mark.parametrize("what, changed", [
    ("new file", True), ("edited file", True), ("touched, same size, newer time", True), ("nothing", False),
])
def test_watcher_sees_files_added_and_edited(sample_files, tmp_path, what, changed):
    shutil.copyfile(sample_files[0], tmp_path / "a.txt")
    calls = []
    w = InputWatcher([tmp_path], collect_inputs, lambda: calls.append(1))
    _change(tmp_path, what, sample_files[1])
    assert w.poll() is changed
    assert len(calls) == int(changed)
    assert w.poll() is False                      # reported once


def test_watcher_survives_an_emptied_folder(sample_files, tmp_path):
    shutil.copyfile(sample_files[0], tmp_path / "a.txt")
    calls = []
    w = InputWatcher([tmp_path], collect_inputs, lambda: calls.append(1))
    (tmp_path / "a.txt").unlink()                 # collect_inputs now raises: reported as a change
    assert w.poll() is True and calls == [1]


def test_cache_converts_only_changed_files(sample_files, tmp_path, monkeypatch):
    for f in sample_files:
        shutil.copyfile(f, tmp_path / f.name)
    converted = []
    real = convert_cmd.convert_file
    monkeypatch.setattr(convert_cmd, "convert_file", lambda p: converted.append(p.name) or real(p))
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


def test_progress_bars_on_request_and_silent_with_q(sample_files, tmp_path, capsys, monkeypatch):
    from converter.cli import main

    monkeypatch.setattr(progress, "ENABLED", True)
    build.build([str(p) for p in sample_files], tmp_path / "site", tmp_path / "docs")
    err = capsys.readouterr().err
    assert "convert" in err and "build" in err and "page" in err
    assert main(["-q", "build", "--site", str(tmp_path / "site"), "--docs", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out == ""


# --- the real command, over http -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_picks_up_a_new_issue_and_survives_a_broken_one(sample_files, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(sample_files[0], inbox / sample_files[0].name)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "converter", "serve", str(inbox), "--docs", str(tmp_path / "docs"),
                             "--config", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    issues = lambda: _get(base + "issues/index.html")  # noqa: E731
    try:
        first = _wait_for(issues, 60)
        assert first is not None, "serve did not come up"
        assert first.count("总第") == 1
        shutil.copyfile(sample_files[1], inbox / sample_files[1].name)          # a new issue arrives
        assert _wait_for(lambda: (p := issues()) and p.count("总第") == 2, 60), "new issue not picked up"
        (inbox / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))   # a broken one
        assert _wait_for(lambda: "broken.txt" in Path(log.name).read_text(), 30), "broken file not reported"
        time.sleep(2)
        page = issues()
        assert page is not None and page.count("总第") == 2                      # the site stays up, as it was
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    text = Path(log.name).read_text()
    assert "broken.txt: not a text file" in text and "Traceback" not in text


def copies(sample_files, folder, count: int = 3) -> list:
    """`count` copies of each sample file, each a little different (so none is a duplicate input)."""
    files = []
    for n in range(count):
        for f in sample_files:
            target = folder / f"{n}-{f.name}"
            target.write_bytes(f.read_bytes() + f"\n第{n}份副本。\n".encode())
            files.append(target)
    return files


def test_parallel_conversion_equals_serial(sample_files, tmp_path, monkeypatch):
    """From PARALLEL_FROM files on, files are converted in worker processes: same records, same order,
    errors reported per file as in a serial run."""
    files = copies(sample_files, tmp_path)
    (tmp_path / "x-broken.txt").write_bytes(b"%PDF-1.4 not text")
    files.append(tmp_path / "x-broken.txt")
    results = {}
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)   # other tests may have left threads
    for mode, threshold in (("serial", 10**6), ("parallel", 2)):
        monkeypatch.setattr(batch, "PARALLEL_FROM", threshold)
        with pytest.raises(Exception) as failure:
            read_compilations(files)
        results[mode] = str(failure.value)
        monkeypatch.setattr(batch, "PARALLEL_FROM", threshold)
        results[mode + " ok"] = read_compilations(files[:-1])
    assert results["serial"] == results["parallel"] and "x-broken.txt" in results["serial"]
    assert results["serial ok"] == results["parallel ok"]


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
    from converter.perf.cache import DiskCache, MemoryCache

    files = copies(sample_files, tmp_path)
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    fresh: dict = {}
    comps, _ = read_compilations(files, DiskCache(tmp_path / "store"), fresh)
    assert len(fresh) == len(files) and all(isinstance(v, bytes) for v in fresh.values())
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
    assert set(fresh) == {(str(f), hashlib.sha256(real(f)).hexdigest()) for f in sample_files}


def test_disk_cache_spares_unchanged_files_across_runs(sample_files, tmp_path, monkeypatch):
    from converter.perf import cache as cache_module

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sample_files:
        shutil.copyfile(f, inbox / f.name)
    docs = tmp_path / "site-src" / "docs"
    converted = []
    real = convert_cmd.convert_file
    monkeypatch.setattr(convert_cmd, "convert_file", lambda p: converted.append(p.name) or real(p))
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
