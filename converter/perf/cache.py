"""A disk cache of converted compilations, so a rebuild after one new issue converts one file.

Keyed by the file's path, its content hash and the converter's own code and vocabularies: editing a
compilation, moving it, or changing a rule or a YAML vocabulary invalidates what it affects. Lives in
`.cache/policy-site/` inside the docs folder (MkDocs leaves dot-folders out of the site; git-ignored).
`serve` keeps a MemoryCache instead. Both offer what `build.convert` uses: `get(key)`, and
`replace(entries)` to keep exactly this run's entries once the run has succeeded.
"""
from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from converter.model import Compilation

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


class DiskCache:
    """{(path, sha256): Compilation} on disk; unreadable entries are misses. `replace` also takes
    compilations already pickled (bytes), as worker processes send them."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _file(self, key: tuple[str, str]) -> Path:
        name = hashlib.sha256("\0".join((*key, code_version())).encode()).hexdigest()[:40]
        return self.folder / f"{name}.pickle"

    def __bool__(self) -> bool:
        """Whether anything is stored (an empty cache needs no lookup)."""
        return self.folder.is_dir() and any(self.folder.glob("*.pickle"))

    def get(self, key, default=None):
        try:
            comp = pickle.loads(self._file(key).read_bytes())
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is just a miss
            return default
        return comp if isinstance(comp, Compilation) else default

    def replace(self, entries: dict) -> None:
        """Store this run's entries; remove entries of files no longer given (or changed)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = set()
        for key, comp in entries.items():
            target = self._file(key)
            keep.add(target)
            if not target.exists():
                tmp = target.with_suffix(".tmp")
                tmp.write_bytes(comp if isinstance(comp, bytes) else pickle.dumps(comp, protocol=pickle.HIGHEST_PROTOCOL))
                tmp.replace(target)
        for old in self.folder.glob("*.pickle"):
            if old not in keep:
                old.unlink(missing_ok=True)


class MemoryCache(dict):
    """The same in memory, for a long-running `serve`."""

    def replace(self, entries: dict) -> None:
        self.clear()
        self.update((k, pickle.loads(v) if isinstance(v, bytes) else v) for k, v in entries.items())
