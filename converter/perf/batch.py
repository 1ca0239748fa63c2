"""Convert many files with one pure function: what the cache holds is reused, the rest is converted
on every core (a process pool, largest files first); each worker also encodes its result for the disk
cache (perf/codec.py), so that the serial parent does not.

    results = batch.convert_all(convert_file, files, cache, fresh, bar, segmenter="rules")

A failed file's InputError is returned in its place (the caller decides what a run with broken files
does). Without the pool (one core, few files, or threads running: `serve`), the files are converted
here one after the other; the results are the same.
"""
from __future__ import annotations

import hashlib
import os
import threading
from functools import partial
from pathlib import Path
from typing import Callable

from converter.errors import InputError
from converter.perf import codec
from converter.perf.cache import entry_key
from converter.perf.parallel import die_with_parent

#: Files converted in worker processes from this many on (below, starting workers costs more).
PARALLEL_FROM = 4


def convert_all(convert: Callable[..., object], files: list[Path], cache, fresh: dict, bar,
                segmenter: str = "rules") -> list:
    """convert(file, segmenter=segmenter) (or the InputError it raised) per file, in order; files in
    `cache` (under this segmenter) are not converted again. `fresh` receives this run's cache entries
    {cache.entry_key(…): compilation or its encoding}, for the caller to store once the run has succeeded."""
    convert = partial(convert, segmenter=segmenter)
    keys: list = [None] * len(files)
    if cache:                                 # an empty cache cannot hit: no file is read and hashed twice
        for n, path in enumerate(files):
            try:
                keys[n] = entry_key(path, hashlib.sha256(path.read_bytes()).hexdigest(), segmenter)
            except OSError:
                pass                        # the conversion reports it in its own words
    done: dict[int, object] = {}
    for n, key in enumerate(keys):
        if key is not None and (comp := cache.get(key)) is not None:
            done[n] = comp
    todo = [n for n in range(len(files)) if n not in done]
    encoded: dict[int, object] = {}
    hold = getattr(cache, "hold", None)           # DiskCache: the encodings wait on disk, not in memory
    workers = min(os.cpu_count() or 1, len(todo))
    if workers > 1 and len(todo) >= PARALLEL_FROM and hasattr(os, "fork") and threading.active_count() == 1:   # no fork under `serve`
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        todo.sort(key=lambda n: -_size(files[n]))  # largest first: the workers finish together, on small files
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            for n, got in zip(todo, pool.map(partial(_convert_encoded, convert, cache is not None),
                                             [files[n] for n in todo], chunksize=1)):
                if isinstance(got, tuple):
                    got, data = got
                    encoded[n] = hold(data) if hold is not None else data
                done[n] = got
                bar.update()
    else:
        for n in todo:
            done[n] = _convert_or_error(convert, files[n])
            bar.update()
    bar.update(len(files) - len(todo))
    if cache is not None:
        for n, key in enumerate(keys):
            if not isinstance(comp := done[n], InputError):   # a file not hashed above: its conversion's hash
                fresh[key or entry_key(files[n], comp.source.sha256, segmenter)] = encoded.get(n, comp)
    return [done[n] for n in range(len(files))]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0                                    # the conversion reports it in its own words


def _convert_or_error(convert, path: Path):
    try:
        return convert(path)
    except InputError as exc:
        return exc


def _convert_encoded(convert, encode: bool, path: Path):
    """In a worker: the result, and (for the disk cache) its encoding, made here on every core."""
    comp = _convert_or_error(convert, path)
    return comp if isinstance(comp, InputError) or not encode else (comp, codec.dumps(comp))
