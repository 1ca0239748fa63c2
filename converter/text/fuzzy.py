"""Titles → values, searched by similarity without comparing a query with every title."""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import repeat

from converter.text.titles import key, similarity


class FuzzyIndex:
    """Titles → values, searched by `titles.similarity` without comparing a query with every title.

    A title similar enough to link or merge (≥ LINK_MATCH) shares most of the query's character
    bigrams: at least SHARED of them for any pair we accept (containment at ≥0.65 of the length, or a
    SequenceMatcher ratio ≥0.86). By pigeonhole, such a title contains one of the query's
    `n - ceil(SHARED·n) + 1` rarest bigrams, so the titles posted under those bigrams are the only
    candidates. This keeps linking and merging linear in practice (thousands of documents, tens of
    thousands of citations) and gives the same answers as comparing with every title.

    Shelves: a title can be filed on a named shelf and a query can search some shelves only; it then
    finds what a search of all shelves finds on those shelves (which bigrams are rarest is counted
    over all titles, whatever their shelf)."""

    SHARED = 0.4

    def __init__(self):
        self.keys: list[str] = []
        self.texts: list[str] = []
        self.values: list = []
        # (shelf, bigram) → [key lengths, indexes, (length, index) added since]: the first two in order
        # of length, so that a query reads only the slice of lengths that can score high enough
        self.postings: dict[tuple[str, str], tuple[list[int], list[int], list[tuple[int, int]]]] = {}
        self.posted: Counter = Counter()                  # bigram → how many titles have it
        self.char_bits: dict[str, int] = {}              # character → its bit (a power of two)
        self.masks: list[int] = []                        # per title: the bits of its characters
        self._counts: dict[int, Counter] = {}             # character counts, made when first needed

    @staticmethod
    def bigrams(k: str) -> set[str]:
        return {k[i:i + 2] for i in range(len(k) - 1)}

    def add(self, text: str, value, shelf: str = "") -> None:
        k = key(text)
        n = len(self.keys)
        self.keys.append(k)
        self.texts.append(text)
        self.values.append(value)
        chars, bits = set(k), self.char_bits
        for c in [c for c in chars if c not in bits]:
            bits[c] = 1 << len(bits)
        self.masks.append(sum(map(bits.__getitem__, chars)))     # distinct powers of two: sum = OR
        grams = self.bigrams(k)
        self.posted.update(grams)
        item, postings = (len(k), n), self.postings
        for b in grams:
            if (posting := postings.get((shelf, b))) is None:
                postings[shelf, b] = ([], [], [item])
            else:
                posting[2].append(item)

    @staticmethod
    def _sorted(posting) -> tuple[list[int], list[int]]:
        """A posting's lengths and indexes in order of length, with the titles added since it was
        last read filed in: only the postings queries read are ever sorted (most bigrams are not
        among the rarest of any query), each when first read, and later few titles are inserted."""
        lengths, ids, added = posting
        if added:
            if 4 * len(added) >= len(lengths):
                added += zip(lengths, ids)
                added.sort()
                lengths[:] = [size for size, _ in added]
                ids[:] = [n for _, n in added]
            else:
                for size, n in added:
                    at = bisect_right(lengths, size)
                    lengths.insert(at, size)
                    ids.insert(at, n)
            added.clear()
        return lengths, ids

    def mask(self, chars) -> int:
        """The bits of those of `chars` that some title has (no other can be shared)."""
        return sum(map(self.char_bits.get, chars, repeat(0)))

    def counts(self, i: int) -> Counter:
        if (c := self._counts.get(i)) is None:
            c = self._counts[i] = Counter(self.keys[i])
        return c

    def candidates(self, text: str, min_ratio: float = 0.0, shelves: tuple[str, ...] = ("",)) -> list[int]:
        """Indexes of the titles on `shelves` that may be similar to `text`, in the order they were
        added; with min_ratio, only those whose length is within that ratio of the query's."""
        k = key(text)
        posted = self.posted
        grams = sorted(self.bigrams(k), key=lambda b: (posted.get(b, 0), b))
        if not grams:
            return []
        take = len(grams) - math.ceil(self.SHARED * len(grams)) + 1
        shortest, longest = (min_ratio * len(k), len(k) / min_ratio) if min_ratio > 0 else (0, math.inf)
        found: set[int] = set()
        for b in grams[:take]:
            for shelf in shelves:
                if posting := self.postings.get((shelf, b)):
                    lengths, ids = self._sorted(posting)
                    found.update(ids[bisect_left(lengths, shortest):bisect_right(lengths, longest)])
        return sorted(found)

    @staticmethod
    def length_ratio(threshold: float) -> float:
        """The least shorter/longer key length of a pair `similarity` can score ≥ threshold: ≥ 2r/(1+r)
        needs r ≥ t/(2−t); a key containing the other scores 0.6 + 0.4r, so r ≥ (t−0.6)/0.4. A little
        less, so that rounding never drops a pair the exact tests in `scored` would keep."""
        return max(0.0, min(threshold / (2 - threshold), (threshold - 0.6) / 0.4) - 1e-6)

    def scored(self, text: str, threshold: float, shelves: tuple[str, ...] = ("",)):
        """(index, score, value) of the candidates scoring ≥ threshold, in the order added.

        Before the full `similarity`, upper bounds of it skip hopeless candidates cheaply: the
        length bound (`length_ratio`, then exactly) and the shared-character bound (difflib's
        real_quick_ratio and quick_ratio, here with the candidates' characters computed once): first
        as distinct shared characters plus the query's repeats (the bits two character masks share),
        then exactly. A title that contains the other scores by length instead, as in `similarity`,
        so containment is tested first."""
        k = key(text)
        chars = Counter(k)
        repeats = len(k) - len(chars)
        query_mask = self.mask(chars)
        keys, masks = self.keys, self.masks
        for i in self.candidates(text, self.length_ratio(threshold), shelves):
            t = keys[i]
            short, total = min(len(k), len(t)), len(k) + len(t)
            contained = short >= 8 and (k in t or t in k)
            if not contained:
                if 2 * short < threshold * total:
                    continue
                if 2 * ((query_mask & masks[i]).bit_count() + repeats) < threshold * total:
                    continue
                counts = self.counts(i)
                if 2 * sum(n for c, n in chars.items() if c in counts) < threshold * total:
                    continue
                if 2 * sum(min(n, counts.get(c, 0)) for c, n in chars.items()) < threshold * total:
                    continue
            r = similarity(text, self.texts[i])
            if r >= threshold:
                yield i, r, self.values[i]
