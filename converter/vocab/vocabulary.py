"""Vocabularies loaded from the YAML files in converter/data/: departments, themes, document types.

Code asks questions of them (`canonical`, `issuers_in`, `subtype_of`); the words live in the data.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from converter.vocab import patterns as P
from converter.vocab.patterns import trie_pattern  # noqa: F401  (re-exported)

DATA = Path(__file__).resolve().parents[1] / "data"



def load_yaml(path: Path):
    """A vocabulary file (libyaml's parser when installed: each worker process loads them)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))




@dataclass(frozen=True)
class Department:
    name: str
    slug: str
    level: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    slug: str
    keywords: tuple[str, ...]


class Vocabulary:
    def __init__(self, data: Path = DATA):
        self.data = data

    # departments ---------------------------------------------------------------------------------

    @cached_property
    def departments(self) -> dict[str, Department]:
        path = self.data / "departments.yaml"
        items = load_yaml(path) if path.exists() else []
        out = {}
        for d in items or []:
            out[d["name"]] = Department(d["name"], d["slug"], d.get("level", "national"), d.get("parent"),
                                        tuple(d.get("aliases") or ()))
        return out

    @cached_property
    def _alias(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in self.departments.values():
            for a in (d.name, *d.aliases):
                out.setdefault(a, d.name)
        return out

    @cached_property
    def _alias_re(self) -> re.Pattern:
        return re.compile(trie_pattern(self._alias))

    def canonical(self, name: str) -> str:
        """The canonical name of a body (alias resolved), or the name as given."""
        name = name.strip()
        if name in self._alias:
            return self._alias[name]
        m = self._alias_re.match(name)
        if m and m.end() < len(name):
            rest = name[m.end():]
            if P.SUBUNIT.fullmatch(rest):
                return self._alias[m.group()] + rest
        return name

    def parent(self, name: str) -> str | None:
        d = self.departments.get(name)
        if d and d.parent:
            return d.parent
        m = self._alias_re.match(name)
        if m and m.end() < len(name) and P.SUBUNIT.fullmatch(name[m.end():]):
            return self._alias[m.group()]
        return None

    def level(self, name: str) -> str:
        d = self.departments.get(name) or self.departments.get(self.parent(name) or "")
        if d:
            return d.level
        if P.PROVINCIAL_BODY.match(name):
            return "provincial"
        return "municipal" if P.MUNICIPAL_BODY.match(name) else "national"

    def issuers_in(self, text: str) -> list[str]:
        """Known bodies named in `text`, canonical, in order, without repeats; sub-units kept."""
        out: list[str] = []
        pos = 0
        while m := self._alias_re.search(text, pos):
            name = self._alias[m.group()]
            end = m.end()
            sub = P.SUBUNIT.match(text[end:])
            if sub and not self._alias_re.match(text, end):
                name, end = name + sub.group(), end + sub.end()
            if name not in out:
                out.append(name)
            pos = end
        return out

    def leading_issuers(self, title: str) -> list[str]:
        """Bodies named before `关于` / `等N部门` / `印发` at the start of a title."""
        m = P.ISSUER_END.search(title)
        head = title[:m.start()] if m else ""
        if not head:
            return []
        found = self.issuers_in(head)
        # every character of the head must be covered by names, spaces or 、 to count
        rest = self._alias_re.sub("", head)
        rest = P.ISSUER_FILLER.sub("", rest)
        return found if len(rest) <= 2 else []

    def without_departments(self, text: str) -> str:
        return self._alias_re.sub(" ", text)

    def trailing_org(self, text: str) -> str | None:
        """The known body a text ends with, when something else precedes it (`…情况表工业和信息化部`)."""
        best = None
        for n in range(len(text) - 1, 0, -1):
            if text[n:] in self._alias:
                best = self._alias[text[n:]]
        return best

    def is_org(self, text: str) -> bool:
        return text in self._alias or bool(P.ORG_SUFFIX.match(text)) or bool(
            (m := self._alias_re.match(text)) and (m.end() == len(text) or P.SUBUNIT.fullmatch(text[m.end():])))

    # news outlets (media.yaml: not departments, only a news item's issuer) -----------------------

    @cached_property
    def _outlets(self) -> dict[str, str]:
        """Every name and alias of an outlet → its canonical name."""
        path = self.data / "media.yaml"
        out: dict[str, str] = {}
        for d in (load_yaml(path) if path.exists() else None) or []:
            for a in (d["name"], *(d.get("aliases") or ())):
                out.setdefault(a, d["name"])
        return out

    def outlet(self, name: str) -> str | None:
        """The canonical name of the news outlet `name` names (`中新网` → 中国新闻网), or None."""
        return self._outlets.get(name.strip())

    # themes and types ----------------------------------------------------------------------------

    @cached_property
    def themes(self) -> tuple[Theme, ...]:
        path = self.data / "themes.yaml"
        items = load_yaml(path) if path.exists() else []
        return tuple(Theme(t["name"], t["slug"], tuple(t["keywords"])) for t in items or [])

    @cached_property
    def keyword_themes(self) -> dict[str, tuple[int, ...]]:
        """Keyword → the index of each theme listing it (twice if listed twice)."""
        out: dict[str, list[int]] = {}
        for n, theme in enumerate(self.themes):
            for k in theme.keywords:
                out.setdefault(k, []).append(n)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _keyword_automaton(self):
        """Aho–Corasick automaton of the theme keywords (ahocorasick_rs: Rust), or None without
        keywords: every occurrence, overlapping ones too, in one pass over a text (a regex
        alternation of hundreds of words tries each at every position). Almost 4× faster than
        pyahocorasick's match iterator here: it hands back all matches in one list (measured)."""
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self._theme_keywords) if self._theme_keywords else None

    @cached_property
    def _theme_keywords(self) -> tuple[str, ...]:
        """Every theme keyword once, sorted."""
        return tuple(sorted({k for t in self.themes for k in t.keywords}))

    @cached_property
    def _self_overlapping_keywords(self) -> frozenset[str]:
        """Keywords two of whose occurrences can overlap (one begins as it ends, like ABA): the
        automaton counts both, `str.count` only the first."""
        return frozenset(k for k in self._theme_keywords if any(k[:n] == k[-n:] for n in range(1, len(k))))

    def keyword_counts(self, text: str) -> dict[str, int]:
        """How often each theme keyword occurs in `text`, as `text.count(keyword)` counts: every
        occurrence the automaton finds, counted in one pass (keywords whose occurrences can overlap
        are counted again by `str.count`)."""
        if self._keyword_automaton is None:
            return {}
        counts = Counter(self._keyword_automaton.find_matches_as_strings(text, overlapping=True))
        for k in self._self_overlapping_keywords.intersection(counts):
            counts[k] = text.count(k)
        return dict(counts)

    @cached_property
    def doctypes(self) -> dict:
        return load_yaml(self.data / "doctypes.yaml")

    def conference_host(self, heading: str) -> str | None:
        """The fixed host of the press conference a heading names (`…国务院政策例行吹风会` → 国务院新闻办公室)."""
        return next((host for name, host in (self.doctypes.get("conference_hosts") or {}).items() if name in heading), None)

    def subtype_of(self, title: str) -> tuple[str | None, str | None]:
        """(kind, subtype) a title announces, from its last 文种 word or its interpretation prefix."""
        t = P.TITLE_NOISE.sub("", title)
        for item in self.doctypes["interpretation"]:
            if any(t.startswith(w) for w in item.get("starts_with", ())) or any(
                    t.endswith(w) for w in item.get("ends_with", ())):
                return "interpretation", item["subtype"]
        bare = P.TITLE_TAIL_NOTE.sub("", title).rstrip("》 ")
        best: tuple[int, str] | None = None
        for item in self.doctypes["policy"]:
            for w in item["ends_with"]:
                if bare.endswith(w) and (best is None or len(w) > best[0]):
                    best = (len(w), item["subtype"])
        return ("policy", best[1]) if best else (None, None)


VOCAB = Vocabulary()
