"""The user's folders, kept safe: what the commands may write into, replace or delete.

    check_targets(docs, site, inputs, project)    # refuse (exit 2) a folder that is not ours to fill
    with locked(docs), locked_site(site):          # one build at a time into each folder
        staging = new_staging(site)                #   the new site is built beside the old one
        swap_into_place(staging, site)             #   and exchanged with it in one step

A folder this tool made carries a marker file (MARKER). A target that exists, is not empty and has no
marker is somebody else's: `--site ~/thesis` is refused, never emptied. So are targets that overlap
(a site inside its docs folder, either inside an input folder, either the project folder, `/` or the
home folder). Folders made by earlier versions (before the marker) are recognised by what only this
tool writes there (LEGACY) and get the marker.

The new site replaces the old one with renameat2(RENAME_EXCHANGE) where the system has it (Linux ≥ 3.15
on ext4, btrfs, xfs, tmpfs …): the two folders trade places at once, so a crash leaves either the old
site or the new one, never none. Elsewhere the old site is moved aside first (two renames). Staging
folders of builds that were killed are removed by the next build of the same site, under its lock.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import logging
import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from converter.errors import InputError

log = logging.getLogger("policy-site")

#: The marker file in a docs or site folder this tool made: JSON {"made_by": "policy-site", "kind": …}.
MARKER = ".policy-site"
#: What folders made before the marker existed hold, by kind (a file only this tool writes there).
LEGACY = {"docs": "data/manifest.json", "site": "search/docs.js"}
#: The comment of a zip this tool made (`--zip` replaces only such a file).
ZIP_COMMENT = b"policy-site"


def is_ours(folder: Path, kind: str) -> bool:
    """Whether `folder` is a `kind` ("docs" / "site") folder this tool made (marker, or legacy file)."""
    marker = folder / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return (folder / LEGACY[kind]).is_file()
    return isinstance(data, dict) and data.get("made_by") == "policy-site" and data.get("kind") == kind


def mark(folder: Path, kind: str) -> None:
    """Leave the marker that says this tool made `folder` (a `kind` folder)."""
    marker = folder / MARKER
    text = json.dumps({"made_by": "policy-site", "kind": kind}) + "\n"
    try:
        if marker.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    marker.write_text(text, encoding="utf-8")


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())


def _inside(a: Path, b: Path) -> bool:
    """a is b or lies inside b."""
    return a == b or b in a.parents


def check_target(folder: Path, kind: str, label: str) -> None:
    """Refuse a target folder that exists, is not empty and was not made by this tool."""
    if folder.is_symlink() or folder.exists() and not folder.is_dir():
        raise InputError(f"{label} {folder}: exists and is not a folder; give a new or empty folder")
    if folder.is_dir() and not _empty(folder) and not is_ours(folder, kind):
        raise InputError(f"{label} {folder}: not empty and not made by policy-site (no {MARKER} file); "
                         "give a new or empty folder")


def check_targets(docs_dir: Path, site_dir: Path | None, inputs: list[Path], project: Path | None = None,
                  zip_target: Path | None = None) -> None:
    """Every rule of this module's docstring, before anything is written (InputError: exit code 2)."""
    docs = docs_dir.resolve()
    site = site_dir.resolve() if site_dir is not None else None
    forbidden = {Path("/"): "the root folder", Path.home().resolve(): "the home folder"}
    if project is not None:
        forbidden[project.resolve()] = "the project folder"
    named = [("docs folder", docs)] + ([("site folder", site)] if site is not None else [])
    for label, folder in named:
        if folder in forbidden:
            raise InputError(f"{label} {folder}: is {forbidden[folder]}; give a folder of its own")
    if site is not None:
        if _inside(site, docs) or _inside(docs, site):
            raise InputError(f"site folder {site} and docs folder {docs} overlap; give separate folders")
    for item in inputs:
        item = Path(item).resolve()
        for label, folder in named:
            if item.is_dir() and _inside(folder, item):
                raise InputError(f"{label} {folder}: inside the input folder {item}; give a folder elsewhere")
            if _inside(item, folder):
                raise InputError(f"input {item}: inside the {label} {folder}, which the build replaces")
    check_target(docs, "docs", "docs folder")
    if site is not None:
        check_target(site, "site", "site folder")
    if zip_target is not None:
        check_zip_target(zip_target, [docs] + ([site] if site else []), inputs)


def check_zip_target(target: Path, folders: list[Path], inputs: list[Path]) -> None:
    """`--zip FILE`: never an input, never inside what it packs, never a file this tool did not make."""
    target = target.resolve()
    for folder in folders:
        if _inside(target, folder):
            raise InputError(f"--zip {target}: inside {folder}, which it would pack; give a path outside")
    for item in inputs:
        item = Path(item).resolve()
        if target == item:
            raise InputError(f"--zip {target}: is an input file; give another name")
    if target.exists() and not (target.is_file() and is_our_zip(target)):
        raise InputError(f"--zip {target}: exists and was not made by policy-site; give a new file name")


def is_our_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return z.comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False


# --- locks ---------------------------------------------------------------------------------------------


@contextmanager
def locked(lock_file: Path, what: str):
    """An exclusive lock (fcntl) held while the block runs; a second run waits for it, saying so."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            log.warning("policy-site: another build (pid %s) is writing into %s; waiting for it to finish",
                        holder, what)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)                                  # closing releases the lock


def lock_file(folder: Path) -> Path:
    """Beside the folder, not in it: a site folder is exchanged for the new one, and a refused run
    leaves no trace in a docs folder it did not write."""
    return folder.parent / f".{folder.name}.policy-site.lock"


# --- the new site beside the old one -------------------------------------------------------------------


def _staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.staging-"


def new_staging(site_dir: Path) -> Path:
    """An empty, marked folder beside `site_dir` to build the new site in (its name says whose it is)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(site_dir), dir=site_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; the site is a normal, readable folder
    return staging


def remove_stale_staging(site_dir: Path, keep: Path | None = None) -> list[Path]:
    """Staging folders of killed builds of this site (call under the site's lock)."""
    removed = []
    prefix = _staging_prefix(site_dir)
    for p in site_dir.parent.glob(prefix + "*"):
        if p != keep and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is not None:
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    fn = _renameat2() if hasattr(os, "uname") and os.uname().sysname == "Linux" else None
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False                                  # this file system or kernel cannot exchange
    raise OSError(err, os.strerror(err), str(a))


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site; the previous site (if any) ends up at `staging`'s path and is removed."""
    mark(staging, "site")
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)    # now the previous site
        return
    old = staging.with_name(staging.name + "-old")    # unique, and ours by its name
    os.replace(site_dir, old)
    try:
        os.replace(staging, site_dir)
    except OSError:
        os.replace(old, site_dir)                     # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)
