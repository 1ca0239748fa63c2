"""Terms of a text, as the index stores them and as policy-search.js derives them from a query.

    * CJK bigrams of every run of CJK characters (recall for any word, typed in any segmentation);
    * jieba words of 3+ characters (titles, metadata, headings only: see rank.py), cut with the
      corpus' user dictionary (config.py: `words`): a query that is a whole word gets a bonus;
    * lower-cased Latin/digit tokens (`5g`, `rcep`, `2024`);
    * 文号 keys: `〔2024〕1104` for any bracket style and `2024年第5号`.

Text is normalised first (`normalize`), character by character, as the browser does. Patterns are
converter/vocab/patterns.py's SEARCH_*.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import unicodedata
from collections import Counter

from converter.perf import memo
from converter.perf import parallel as fork
from converter.vocab import patterns as P

#: Exact keys (rank.exact_keys): a document's whole title, a part of the line under its title, a 〔year〕number
#: key of its own 文号. No other term begins with these characters; an exact key lives in the shard of
#: the key without its mark (shards.shard_of), which the query loads for its own words anyway.
EXACT_TITLE, EXACT_LINE, EXACT_NUMBER = "=", "≡", "#"
EXACT_MARKS = EXACT_TITLE + EXACT_LINE + EXACT_NUMBER

#: Below this many characters to segment, one process does it; above, every core (fork, see prefetch).
PARALLEL_CHARS = 200_000

_NORM_SEEN = memo.table("search.normalize.seen", "each character's NFKC worked out once per process")
_NORM_TABLE = memo.table("search.normalize.table", "then str.translate does whole texts (the above's results)")
_TOKENIZERS = memo.table("search.tokenizer", "jieba's dictionary takes ~1 s to load: kept for the next build "
                                             "of the same corpus in this process (serve)")


def normalize(text: str) -> str:
    """Per character NFKC + lower case when that gives one character (full-width → ASCII brackets and
    digits), zero-width characters removed. The browser does the same, character by character."""
    text = P.SEARCH_ZERO_WIDTH.sub("", text)
    for ch in [ch for ch in set(text) if ch not in _NORM_SEEN]:     # (set - dict keys walks every key)
        n = unicodedata.normalize("NFKC", ch).lower()
        if len(n) == 1 and n != ch:
            _NORM_TABLE[ord(ch)] = n
        _NORM_SEEN[ch] = True
    return text.translate(_NORM_TABLE)


def number_key(year: str, num: str) -> str:
    return f"〔{year}〕{int(num)}"


def number_full(prefix: str, year: str, num: str) -> str:
    return f"{prefix}〔{year}〕{int(num)}号"


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def tokenizer(user_words: str):
    """A private jieba tokenizer per user dictionary *content*: loading a dictionary into jieba's
    global tokenizer adds to its frequency total, so a second build in one process would cut words
    differently. Keyed by content, two builds of the same corpus segment identically."""
    if user_words not in _TOKENIZERS:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        if user_words:
            tok.load_userdict(io.StringIO(user_words))
        _TOKENIZERS.clear()                # one corpus per process at a time; don't hoard memory
        _TOKENIZERS[user_words] = tok
    return _TOKENIZERS[user_words]


class Segmenter:
    """jieba with the corpus user dictionary; words of 3+ characters only (bigrams cover 2).

    Segmentations of whole texts are remembered by content for one build (text_words) and
    prefetched on every core (prefetch)."""

    def __init__(self, user_words: str = ""):
        self.user_words = user_words          # the user dictionary's text (jieba's format)
        self._jieba = None
        self.memo: dict[str, list[str]] = {}
        self.parallel = True

    def words(self, run: str) -> list[str]:
        if len(run) < 3:
            return []
        return [w for w in self.load().cut(run, HMM=False) if len(w) >= 3]

    def load(self):
        """The tokenizer, loaded on first use (a build whose index comes from the cache never needs it)."""
        if self._jieba is None:
            self._jieba = tokenizer(self.user_words)
        return self._jieba

    def cut(self, text: str) -> list[str]:
        """The words of every CJK run of a normalised text."""
        out: list[str] = []
        for run in P.SEARCH_CJK_RUN.findall(text):
            if len(run) >= 3:
                out += self.words(run)
        return out

    def text_words(self, text: str) -> list[str]:
        k = digest(text)
        words = self.memo.get(k)
        if words is None:
            words = self.memo[k] = self.cut(text)
        return words

    def prefetch(self, texts: list[str]) -> None:
        """Segment the texts not seen yet, split over the cores (forked workers) when there is much."""
        todo = {}
        for t in texts:
            k = digest(t)
            if k not in self.memo and k not in todo:
                todo[k] = t
        if not todo:
            return
        keys = list(todo)
        workers = min(os.cpu_count() or 1, 8)
        size = sum(len(t) for t in todo.values())
        if not self.parallel or size < PARALLEL_CHARS or not fork.available(workers):
            results = [self.cut(todo[k]) for k in keys]       # `mkdocs serve` has threads: no fork there
        else:
            results = fork.undeal(fork.map_shares(self.cut, fork.deal([todo[k] for k in keys], workers)))
        self.memo.update(zip(keys, results))


def terms(text: str, seg: Segmenter | None) -> Counter:
    """Terms of a normalised text (see the module docstring); with seg=None, no jieba words."""
    found: Counter = Counter()
    for m in P.SEARCH_DOC_NUMBER.finditer(text):
        year, num = (m["year"], m["num"]) if m["year"] else (m["year2"], m["num2"])
        found[number_key(year, num)] += 1
    for run in P.SEARCH_CJK_RUN.findall(text):
        found.update(bigrams(run))
    if seg:
        found.update(seg.text_words(text))
    found.update(P.SEARCH_WORD.findall(text))
    return found
