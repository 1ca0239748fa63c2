"""What the commands write into the user's folders: pages into a docs folder (only what changed,
never outside it), the hand-written pages copied along."""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Callable

from converter.errors import InputError
from converter.perf import parallel as fork
from converter.stages import render

PROJECT = Path(__file__).resolve().parents[2]
#: What `convert` owns inside a docs folder; everything else there is hand-written and left alone.
MANIFEST = "data/manifest.json"


#: From this many pages given as functions (document pages), they are made and written on every core.
PARALLEL_PAGES = 500


def write_pages(pages: dict[str, str | Callable[[], str]], docs_dir: Path) -> dict[str, int]:
    """Write what changed (unchanged files keep their bytes and mtime); remove pages no longer made.

    A page is its text, or a function that makes it (render.py gives document pages so): those are
    made where they are written, shared out over the cores (fork.py) when there are many, since
    making and writing them is most of what follows resolve (0.7 → 0.5 s at 100 issues, measured).

    Every path is checked before anything is written: its folder, resolved (symbolic links
    followed), must be the docs folder or inside it, and its name a plain file name. A changed page
    replaces the old one atomically (written beside it, then renamed over it); a new page is written
    in place, which spares a rename per page on a first build."""
    docs_dir = docs_dir.resolve()
    docs_dir.mkdir(parents=True, exist_ok=True)
    manifest = docs_dir / MANIFEST
    previous = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.exists() else set()
    folders: dict[str, Path] = {}                    # a page's folder as written → resolved, once each
    targets: dict[str, Path] = {}
    for rel_path in pages:
        folder, _, name = rel_path.rpartition("/")
        if folder not in folders:
            folders[folder] = (docs_dir / folder).resolve()
        parent = folders[folder]
        if name in ("", ".", "..") or (parent != docs_dir and docs_dir not in parent.parents):
            raise InputError(f"refusing to write outside the docs folder: {rel_path}")
        targets[rel_path] = parent / name
    for parent in sorted(set(folders.values())):
        parent.mkdir(parents=True, exist_ok=True)

    def write(rel_path: str) -> str:
        content = pages[rel_path]
        return _write_page(targets[rel_path], (content() if callable(content) else content).encode("utf-8"))

    made = sorted(p for p, content in pages.items() if callable(content))
    plain = sorted(p for p, content in pages.items() if not callable(content))
    workers = (os.cpu_count() or 1) if len(made) >= PARALLEL_PAGES else 1
    if fork.available(workers):
        shares = fork.deal(made, workers)
        outcomes = Counter(o for share in fork.map_shares(write, [plain + shares[0], *shares[1:]]) for o in share)
    else:
        outcomes = Counter(map(write, plain + made))
    stats = {"written": outcomes["written"], "unchanged": outcomes["unchanged"], "removed": 0}
    for stale in sorted(previous - set(pages) - {MANIFEST}):
        path = (docs_dir / stale).resolve()
        if docs_dir in path.parents and path.exists():
            path.unlink()
            stats["removed"] += 1
    manifest_text = json.dumps(sorted(set(pages) | {MANIFEST}), ensure_ascii=False, indent=0) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != manifest_text:
        manifest.parent.mkdir(exist_ok=True)
        manifest.write_text(manifest_text, encoding="utf-8")
    return stats


def _write_page(target: Path, data: bytes) -> str:
    """"written", or "unchanged" when the file already holds these bytes (left as it is)."""
    try:
        if target.read_bytes() == data:
            return "unchanged"
    except FileNotFoundError:
        with open(target, "xb") as new:
            new.write(data)
    else:
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return "written"


def copy_handwritten(docs_dir: Path, source_docs: Path = PROJECT / "docs") -> None:
    """A docs folder other than the project's gets the hand-written pages and assets too."""
    if not source_docs.is_dir() or source_docs.resolve() == docs_dir.resolve():
        return
    for src in source_docs.rglob("*"):
        rel_path = src.relative_to(source_docs)
        if src.is_file() and rel_path.parts[0] not in render.GENERATED_TOP and str(rel_path) not in render.GENERATED_TOP:
            dst = docs_dir / rel_path
            if not dst.exists() or dst.read_bytes() != src.read_bytes():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
