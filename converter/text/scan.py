"""Pattern scans that skip the texts a pattern cannot match.

    for m in scan.finditer(P.REPEAL, s):     # the matches of P.REPEAL.finditer(s), the same ones
    if scan.search(P.AMENDED_BY, s): …       # P.AMENDED_BY.search(s)

Every match of a pattern contains one string of each of its `needed` groups, worked out from the
pattern's own parse (a run of fixed characters it must match, one string per alternative of a branch
it must take, a class of a few named characters): REPEAL needs 废止, 不再执行, 停止执行, 不再施行,
停止施行 or 同时失效; AMENDED_BY_DECREE needs 令第 and 修. A text lacking a group has no match, and `in`
finds a few fixed strings far faster than the engine tries a pattern without a fixed first character
at every position of a long body (annotate's validity over the five seeds: 0.295 → 0.094 s; citations
0.187 → 0.072 s; bench/convspeed.py). Nothing is known of a pattern without such a part or a
case-insensitive one: it is always run. The answers are the pattern's own; only texts it cannot match
are skipped (tests/test_scan.py compares both on every scanned pattern and text given).
"""
from __future__ import annotations

import re
from functools import lru_cache

try:                                        # Python ≥ 3.11
    from re import _constants as C, _parser as parser
except ImportError:                         # pragma: no cover (3.10)
    import sre_constants as C
    import sre_parse as parser

_REPEATS = tuple(getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, n))
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)


#: A group of more alternatives than this is not checked (asking `in` that often costs what it saves).
MAX_ALTERNATIVES = 8
#: The groups checked, the surest first (longest shortest string).
MAX_GROUPS = 3


def needed(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """Groups of strings: every match of `pattern` contains a string of each group; () when none is known."""
    return _needed(pattern.pattern, pattern.flags)   # by its text: a Pattern's own hash reads its whole code


@lru_cache(maxsize=256)
def _needed(source: str | bytes, flags: int) -> tuple[tuple[str, ...], ...]:
    if flags & re.IGNORECASE or isinstance(source, bytes):
        return ()
    groups = [g for g in _groups(parser.parse(source, flags)) if len(g) <= MAX_ALTERNATIVES]
    groups.sort(key=lambda g: (-min(map(len, g)), len(g), sorted(g)))
    return tuple(tuple(sorted(g)) for g in groups[:MAX_GROUPS])


def possible(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """False when text[pos:endpos] cannot hold a match of `pattern` (a needed group is missing from it)."""
    whole = pos == 0 and endpos is None
    end = len(text) if endpos is None else endpos
    for group in _needed(pattern.pattern, pattern.flags):
        for n in group:
            if (n in text) if whole else text.find(n, pos, end) >= 0:
                break
        else:
            return False
    return True


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """pattern.finditer(text, pos, endpos), without running the pattern over a text it cannot match."""
    if not possible(pattern, text, pos, endpos):
        return iter(())
    return pattern.finditer(text, pos) if endpos is None else pattern.finditer(text, pos, endpos)


def search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """pattern.search(text, pos, endpos), without running the pattern over a text it cannot match."""
    if not possible(pattern, text, pos, endpos):
        return None
    return pattern.search(text, pos) if endpos is None else pattern.search(text, pos, endpos)


def _groups(seq) -> list[frozenset[str]]:
    """Each group holds a string that every match of the parsed sequence `seq` contains (a string
    holding another of its group is dropped: 同时废止 holds 废止)."""
    candidates: list[frozenset[str]] = []
    for found in _each(seq):
        if found:
            candidates.append(frozenset(s for s in found if not any(t != s and t in s for t in found)))
    return candidates


def _needs(seq) -> frozenset[str] | None:
    """One of these strings is in every match of `seq` (None: nothing known): its surest group."""
    groups = _groups(seq)
    return max(groups, key=lambda g: (min(map(len, g)), -len(g))) if groups else None


def _each(seq):
    """For each part of `seq` a match must go through: the strings one of which it matches there (or None)."""
    run: list[str] = []
    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            yield frozenset(["".join(run)])
            run = []
        if op is C.SUBPATTERN:
            add_flags = av[1]
            found = None if add_flags & C.SRE_FLAG_IGNORECASE else _needs(av[-1])
        elif op is _ATOMIC:
            found = _needs(av)
        elif op in _REPEATS:
            found = _needs(av[2]) if av[0] >= 1 else None
        elif op is C.IN:                    # a class of a few characters named one by one: [ \t\u3000]
            found = _class_members(av)
        elif op is C.BRANCH:
            alternatives = [_needs(b) for b in av[1]]
            found = None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
        else:                               # any character, an anchor, a lookaround, a group reference
            found = None
        yield found
    if run:
        yield frozenset(["".join(run)])


def _class_members(items) -> frozenset[str] | None:
    """The characters of a class made only of single characters (no range, category or negation)."""
    if len(items) > MAX_ALTERNATIVES or any(op is not C.LITERAL for op, _ in items):
        return None
    return frozenset(chr(av) for _, av in items)
