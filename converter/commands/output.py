"""What the commands write into the user's folders: pages into a docs folder (only what changed,
never outside it), the hand-written pages copied along."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Callable

from converter.commands import folders
from converter.errors import InputError
from converter.perf import parallel as fork
from converter.perf.render_cache import KEPT
from converter.stages import render

#: What `convert` owns inside a docs folder; everything else there is hand-written and left alone.
MANIFEST = "data/manifest.json"


#: From this many pages given as functions (document pages), they are made and written on every core,
#: while the processes fit in fork.BUDGET_MB.
PARALLEL_PAGES = 500


def write_pages(pages: dict[str, str | Callable[[], str]], docs_dir: Path) -> dict[str, int]:
    """Write what changed (unchanged files keep their bytes and mtime); remove pages no longer made.

    A page is its text, a function that makes it, or KEPT (perf/render_cache.py: its file already holds
    it; left as it is, unread, and kept in the manifest). A function (render.py gives document pages so): those are
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
    resolved: dict[str, Path] = {}                   # a page's folder as written → resolved, once each
    targets: dict[str, Path] = {}
    for rel_path in pages:
        folder, _, name = rel_path.rpartition("/")
        if folder not in resolved:
            resolved[folder] = (docs_dir / folder).resolve()
        parent = resolved[folder]
        if name in ("", ".", "..") or (parent != docs_dir and docs_dir not in parent.parents):
            raise InputError(f"refusing to write outside the docs folder: {rel_path}")
        targets[rel_path] = parent / name
    folders.mark(docs_dir, "docs")
    for parent in sorted(set(resolved.values())):
        parent.mkdir(parents=True, exist_ok=True)

    def write(rel_path: str) -> str:
        content = pages[rel_path]
        return _write_page(targets[rel_path], (content() if callable(content) else content).encode("utf-8"))

    kept = sum(1 for content in pages.values() if content is KEPT)
    made = sorted(p for p, content in pages.items() if callable(content))
    plain = sorted(p for p, content in pages.items() if not callable(content) and content is not KEPT)
    workers = (os.cpu_count() or 1) if len(made) >= PARALLEL_PAGES else 1
    if fork.available(workers) and fork.fits(workers):
        shares = fork.deal(made, workers)
        outcomes = Counter(o for share in fork.map_shares(write, [plain + shares[0], *shares[1:]]) for o in share)
    else:
        outcomes = Counter(map(write, plain + made))
    stats = {"written": outcomes["written"], "unchanged": outcomes["unchanged"] + kept, "removed": 0}
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


def copy_handwritten(docs_dir: Path, source_docs: Path) -> None:
    """A docs folder other than the configured one gets its hand-written pages and assets too: every
    file of `source_docs` but the generated ones, dot-files (caches, markers, locks) and whatever lies
    inside `docs_dir` itself (a docs folder nested in the source is never copied into itself)."""
    source_docs, docs_dir = source_docs.resolve(), docs_dir.resolve()
    if not source_docs.is_dir() or source_docs == docs_dir:
        return
    for src in sorted(source_docs.rglob("*")):
        rel_path = src.relative_to(source_docs)
        if docs_dir == src or docs_dir in src.parents or any(part.startswith(".") for part in rel_path.parts):
            continue
        if src.is_file() and rel_path.parts[0] not in render.GENERATED_TOP and str(rel_path) not in render.GENERATED_TOP:
            dst = docs_dir / rel_path
            if not dst.exists() or dst.read_bytes() != src.read_bytes():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)


def zip_site(site_dir: Path, target: Path) -> Path:
    """A zip whose single top folder is the site: unpack anywhere, double-click index.html."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{target.stem}/{path.relative_to(site_dir).as_posix()}",
                                       date_time=(2000, 1, 1, 0, 0, 0))   # reproducible archive
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, path.read_bytes())
        z.comment = folders.ZIP_COMMENT                      # says policy-site made it: a later --zip may replace it
    tmp.replace(target)
    return target
