"""MkDocs hook: a page's Markdown → HTML conversion is reused while the page and its links stay the same.

Converting Markdown is most of MkDocs' time on a large corpus, and a new issue changes few pages.
Each page's result (HTML, table of contents, title, anchors) is stored under a key made of:
the page's path and final Markdown, the state of every local link target it names (present or not:
MkDocs rewrites and validates links against the files of the build), the Markdown configuration
and this module's version. A hit skips the conversion and sets exactly what `Page.render` sets;
anything else converts as usual. Stored in one SQLite file per docs folder beside mkdocs.yml,
`.cache/plugin/policy-pages/pages-<docs folder hash>.sqlite` (outside the docs folder, so `serve`
does not see it change); entries not used by the last build of that folder are dropped. POLICY_PAGE_CACHE names another folder,
or `off`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import posixpath
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink, TableOfContents

from converter import patterns as P

log = logging.getLogger("mkdocs.policy-site.page-cache")
VERSION = "1"
CACHE_DIR = ".cache/plugin/policy-pages"

_state: dict = {}


def _folder(config) -> Path | None:
    env = os.environ.get("POLICY_PAGE_CACHE")
    if env == "off":
        return None
    return Path(env) if env else Path(config.config_file_path).resolve().parent / CACHE_DIR


def _config_digest(config) -> str:
    """What the conversion depends on besides the page: Markdown extensions and link handling."""
    relevant = {k: config.get(k) for k in ("markdown_extensions", "mdx_configs", "use_directory_urls")}
    relevant["validation"] = str(config.get("validation"))
    relevant["version"] = VERSION
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()


def link_states(markdown: str, src_uri: str, files) -> list[tuple[str, bool]]:
    """Each local link target named in the page, with whether the build has that file."""
    out = set()
    base = posixpath.dirname(src_uri)
    for m in P.LOCAL_LINK.finditer(markdown):
        url = m["md"] or m["html"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        out.add((path, files.get_file_from_path(path) is not None))
    return sorted(out)


def _toc_data(items) -> list:
    return [{"title": a.title, "id": a.id, "level": a.level, "children": _toc_data(a.children)} for a in items]


def _toc_from(data) -> TableOfContents:
    def build(items):
        out = []
        for d in items:
            a = AnchorLink(d["title"], d["id"], d["level"])
            a.children = build(d["children"])
            out.append(a)
        return out
    items = build(data)
    if items:
        items[0].active = True             # as mkdocs.structure.toc.get_toc does
    return TableOfContents(items)


def on_config(config):
    _state.clear()
    folder = _folder(config)
    if folder is None:
        return config
    try:
        folder.mkdir(parents=True, exist_ok=True)
        corpus = hashlib.sha256(str(Path(config["docs_dir"]).resolve()).encode()).hexdigest()[:12]
        db = sqlite3.connect(str(folder / f"pages-{corpus}.sqlite"))     # one per docs folder
        db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, data BLOB)")
    except (OSError, sqlite3.Error) as exc:
        log.warning("page cache off: %s", exc)
        return config
    _state.update(db=db, config=_config_digest(config), used=set(), new={}, hits=0, misses=0)
    return config


@event_priority(-100)                     # after every other handler: the Markdown as it will be converted
def on_page_markdown(markdown, page, config, files):
    if "db" not in _state:
        return markdown
    key = hashlib.sha256(json.dumps([_state["config"], page.file.src_uri, markdown,
                                     link_states(markdown, page.file.src_uri, files)],
                                    ensure_ascii=False).encode()).hexdigest()
    _state["used"].add(key)
    row = _state["db"].execute("SELECT data FROM pages WHERE key = ?", (key,)).fetchone()
    original = page.render

    def render_cached(config, files, _data=row[0] if row else None):
        if _data is not None:
            try:
                d = pickle.loads(_data)
                page.content = d["content"]
                page.toc = _toc_from(d["toc"])
                page._title_from_render = d["title"]
                page.present_anchor_ids = d["anchors"]
                if d["links"] is not None:
                    page.links_to_anchors = {f: v for uri, v in d["links"].items()
                                             if (f := files.get_file_from_path(uri)) is not None}
                _state["hits"] += 1
                return
            except Exception:  # noqa: BLE001 - a damaged entry converts as usual
                pass
        original(config, files)
        _state["misses"] += 1
        links = getattr(page, "links_to_anchors", None)
        _state["new"][key] = pickle.dumps({
            "content": page.content, "toc": _toc_data(page.toc), "title": page._title_from_render,
            "anchors": page.present_anchor_ids,
            "links": None if links is None else {f.src_uri: v for f, v in links.items()},
        }, protocol=pickle.HIGHEST_PROTOCOL)

    page.render = render_cached
    return markdown


def on_post_build(config):
    db = _state.get("db")
    if db is None:
        return
    with db:
        db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", _state["new"].items())
        db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
        db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in _state["used"]))
        db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM used)")
    db.close()
    log.info("page cache: %d pages reused, %d converted", _state["hits"], _state["misses"])
    _state.clear()


def on_build_error(error):
    db = _state.pop("db", None)
    if db is not None:
        db.close()
    _state.clear()
