"""A disk cache of converted compilations, so a rebuild after one new issue converts one file.

Keyed by the file's path, its content hash, the segmenter chosen and the converter's own code and vocabularies: editing a
compilation, moving it, or changing a rule or a YAML vocabulary invalidates what it affects. Lives in
`.cache/policy-site/` inside the docs folder, as JSON (MkDocs leaves dot-folders out of the site; git-ignored).
`serve` keeps a MemoryCache instead. Both offer what `build.convert` uses: `get(key)`, and
`replace(entries)` to keep exactly this run's entries once the run has succeeded.
"""
from __future__ import annotations

import hashlib
import logging
import tempfile
from functools import lru_cache
from pathlib import Path

from converter.model import Compilation
from converter.perf import codec

log = logging.getLogger("policy-site")

PACKAGE = Path(__file__).resolve().parents[1]
#: What a converted compilation is made by: the per-file pipeline, its records, stages, text helpers,
#: vocabularies and data (the site, the commands and the speed-ups make no difference to it).
CONVERSION_CODE = ("pipeline.py", "model.py", "errors.py", "read", "stages", "text", "vocab", "data")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the converter's code and vocabularies: any change of rules starts a fresh cache."""
    h = hashlib.sha256()
    files = []
    for name in CONVERSION_CODE:
        path = PACKAGE / name
        files += sorted(p for p in path.rglob("*") if p.suffix in (".py", ".yaml", ".crfsuite")) if path.is_dir() else [path]
    for p in files:
        h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def entry_key(path, sha256: str, segmenter: str) -> tuple[str, str, str]:
    """The key of one converted file: its path, its content hash and the segmenter chosen (`--segmenter`:
    the rules and the CRF make different compilations of the same bytes)."""
    return (str(path), sha256, str(segmenter))


class Spilled:
    """An encoded compilation written to an unnamed temporary file as it came (`DiskCache.hold`),
    `bytes()` reads it back: a run held every file's encoding until it had succeeded (at 1,000 issues
    about 400 MB, beside the library)."""
    __slots__ = ("file", "offset", "size")

    def __init__(self, file, data: bytes):
        self.file = file
        file.seek(0, 2)
        self.offset, self.size = file.tell(), len(data)
        file.write(data)

    def __bytes__(self) -> bytes:
        self.file.seek(self.offset)
        return self.file.read(self.size)


def encoded(value) -> bytes | None:
    """An entry's encoding (bytes, or Spilled read back); None for a compilation not encoded."""
    return bytes(value) if isinstance(value, (bytes, Spilled)) else None


class DiskCache:
    """{(path, sha256): Compilation} on disk as JSON (perf/codec.py: data only, so a file planted in
    the folder can never run code). A damaged, foreign or stale entry is a miss, and is replaced by
    the run's own entry. `replace` also takes compilations already encoded (bytes), as worker
    processes send them, or held on disk until then (`hold`)."""

    SUFFIX = ".json"

    def __init__(self, folder: Path):
        self.folder = folder
        self._spill = None

    def hold(self, data: bytes) -> Spilled:
        """A run's encoded entry until `replace`: on disk (an unnamed file in the cache's folder, gone
        with the process), not in memory."""
        if self._spill is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._spill = tempfile.TemporaryFile(dir=self.folder)
        return Spilled(self._spill, data)

    def _file(self, key: tuple[str, str]) -> Path:
        name = hashlib.sha256("\0".join((*key, code_version())).encode()).hexdigest()[:40]
        return self.folder / f"{name}{self.SUFFIX}"

    def __bool__(self) -> bool:
        """Whether anything is stored (an empty cache needs no lookup)."""
        return self.folder.is_dir() and any(self.folder.glob("*" + self.SUFFIX))

    def get(self, key, default=None):
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return default
        try:
            comp = codec.loads(Compilation, data)
        except codec.CodecError as exc:
            log.warning("policy-site: a damaged entry of the conversion cache was dropped (%s); "
                        "the file is converted again", exc)
            self._file(key).unlink(missing_ok=True)
            return default
        return comp if comp.source.sha256 == key[1] else default

    def replace(self, entries: dict) -> None:
        """Store this run's entries; remove entries of files no longer given (or changed), and
        whatever else lies in the folder (pickles of earlier versions among them)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = set()
        for key, comp in entries.items():
            target = self._file(key)
            keep.add(target)
            if not target.exists():
                tmp = target.with_suffix(".tmp")
                data = encoded(comp)
                tmp.write_bytes(codec.dumps(comp) if data is None else data)
                tmp.replace(target)
        for old in self.folder.iterdir():
            if old not in keep and old.is_file():
                old.unlink(missing_ok=True)


class MemoryCache(dict):
    """The same in memory, for a long-running `serve`."""

    def replace(self, entries: dict) -> None:
        self.clear()
        self.update((k, v if (data := encoded(v)) is None else codec.loads(Compilation, data))
                    for k, v in entries.items())
