"""A build's cache on disk: tables of key → bytes in one SQLite file, keeping what the last build used.

Both site plugins that cache per-page work keep one of these per docs folder (policy-pages: front
matter, conversions, template outputs; policy-search: postings and index segments). A build reads
entries (`get`), writes new ones (`put`: into the file at once, in a transaction committed at `close`,
so that a build holds none of them in memory: at 1,000 issues the search index's page postings held
until the end took the build from 3.5 to 6.6 GB), and at `close` every entry it neither read, wrote nor
asked to `keep` is dropped, so the file holds one build's worth and does not grow with old pages. A
store that cannot be read is deleted and rebuilt (see Store).
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("policy-site.cache")   # not under "mkdocs": a cache warning never fails a strict build


def store_path(folder: Path, prefix: str, docs_dir) -> Path:
    """`<folder>/<prefix>-<hash of the docs folder>.sqlite`: one store per docs folder."""
    corpus = hashlib.sha256(str(Path(docs_dir).resolve()).encode()).hexdigest()[:12]
    return folder / f"{prefix}-{corpus}.sqlite"


class Store:
    """A cache only: it can never fail a build. A store that cannot be read (garbage, a damaged page,
    a file of another program) is deleted and started afresh, with one warning line, so the next
    build is warm again; a store that cannot be written is left off for this build."""

    def __init__(self, path: Path | None, tables: tuple[str, ...]):
        self.path = path
        self.tables = tables
        self.used: dict[str, set[str]] = {t: set() for t in tables}
        self.db: sqlite3.Connection | None = None
        #: Drop the entries this build did not use (False: an incremental build, which skips pages
        #: whose entries are still good, keeps every entry).
        self.prune = True
        if path is not None:
            self._open(retry=True)

    def _open(self, retry: bool) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path))
            for table in self.tables:
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data BLOB)")
            self.db.execute(f"SELECT count(*) FROM {self.tables[0]}").fetchone()   # reads the pages
        except sqlite3.DatabaseError as exc:
            self._discard(exc)
            if retry:
                self._open(retry=False)
        except (OSError, sqlite3.Error) as exc:
            log.warning("policy-site: cache off for this build (%s: %s)", self.path, exc)
            self.db = None

    def _discard(self, exc: Exception) -> None:
        """Drop a store that cannot be read: it is rebuilt by this build."""
        log.warning("policy-site: cache %s was unreadable (%s); it is rebuilt", self.path, exc)
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def get(self, table: str, key: str) -> bytes | None:
        """The stored entry, or None; the key counts as used by this build."""
        self.used[table].add(key)
        if self.db is None:
            return None
        try:
            row = self.db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._discard(exc)
            self._open(retry=False)                   # empty now: this build fills it again
            return None
        return row[0] if row else None

    def put(self, table: str, key: str, data: bytes) -> None:
        """Write an entry (visible to `get` at once; committed at `close`, rolled back by `discard`)."""
        self.used[table].add(key)
        if self.db is None:
            return
        try:
            self.db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, data))
        except sqlite3.DatabaseError as exc:
            self._discard(exc)
            self._open(retry=False)                   # empty now: this build fills it again
        except sqlite3.Error as exc:
            log.warning("policy-site: cache off for this build (%s: %s)", self.path, exc)
            self.db.close()
            self.db = None

    def keep(self, table: str, keys) -> None:
        """Keep these entries although this build did not read them."""
        self.used[table].update(keys)

    def discard(self) -> None:
        """Close without keeping what this build wrote (a failed build)."""
        if self.db is not None:
            self.db.rollback()
            self.db.close()
            self.db = None

    def close(self) -> None:
        """Commit this build's new entries; drop the entries it did not use."""
        if self.db is None:
            return
        try:
            with self.db:
                for table in self.tables:
                    if not self.prune:
                        continue
                    self.db.execute("DROP TABLE IF EXISTS temp.used")
                    self.db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                    self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used[table]))
                    self.db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.DatabaseError as exc:
            self._discard(exc)                        # the next build starts afresh
            return
        except sqlite3.Error as exc:
            log.warning("policy-site: cache not written (%s: %s)", self.path, exc)
        self.db.close()
        self.db = None
