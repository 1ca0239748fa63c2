"""The cyclic garbage collector off while converting (converter/perf/collector.py)."""
from __future__ import annotations

import gc

import pytest

from converter.commands import convert as convert_cmd
from converter.errors import InputError
from converter.perf.collector import no_cycle_collection


@pytest.mark.parametrize("enabled_before", [True, False])
@pytest.mark.parametrize("fails", [False, True])
def test_off_inside_and_as_before_afterwards(enabled_before, fails):
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(InputError) if fails else __import__("contextlib").nullcontext():
            with no_cycle_collection():
                assert not gc.isenabled()
                if fails:
                    raise InputError("refused")
        assert gc.isenabled() == enabled_before
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_no_collection_runs_while_converting(sample_files, tmp_path):
    """With a threshold that would collect at every allocation, a conversion sees no collection."""
    collections = []
    converting = [False]

    def count(phase, info):
        if phase == "start" and converting[0]:
            collections.append(info["generation"])

    real = convert_cmd.read_compilations

    def watched(*args, **kwargs):
        converting[0] = True
        try:
            return real(*args, **kwargs)
        finally:
            converting[0] = False

    threshold = gc.get_threshold()
    gc.set_threshold(1)
    gc.callbacks.append(count)
    convert_cmd.read_compilations = watched
    try:
        convert_cmd.convert(sample_files, tmp_path / "docs")
    finally:
        convert_cmd.read_compilations = real
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)
        gc.unfreeze()
    assert collections == []


def test_convert_leaves_its_records_out_of_later_collections(sample_files, tmp_path):
    """What a conversion made is frozen (gc.freeze): later collections (a MkDocs build's) never
    traverse it; the next conversion unfreezes what the previous one froze."""
    import gc

    def in_generations(obj) -> bool:
        return any(o is obj for g in range(3) for o in gc.get_objects(g))

    try:
        library, _ = convert_cmd.convert(sample_files, tmp_path / "docs")
        record, frozen = library.entries[0], gc.get_freeze_count()
        assert frozen > 0 and not in_generations(record) and not in_generations(library.entries)
        unfrozen = []
        real = convert_cmd.read_compilations

        def spy(*args, **kwargs):
            unfrozen.append((gc.get_freeze_count(), in_generations(record)))
            return real(*args, **kwargs)

        convert_cmd.read_compilations = spy
        try:
            convert_cmd.convert(sample_files, tmp_path / "docs")
        finally:
            convert_cmd.read_compilations = real
        assert unfrozen == [(0, True)]
    finally:
        gc.unfreeze()
