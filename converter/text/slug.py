"""Safe file names for page paths: the same text always gives the same name."""
from __future__ import annotations

from converter.vocab import patterns as P


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of `text`, at most `limit` characters ("doc" when nothing is left)."""
    s = P.UNSAFE_PATH.sub("-", text).strip("-.")
    return s[:limit].rstrip("-.") or "doc"
