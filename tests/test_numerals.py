"""converter/text/numerals.py's own reading and writing of Chinese numerals gives cn2an's answers on
its whole domain, and declines everything else (annotate asks cn2an then)."""
from __future__ import annotations

import itertools

import cn2an
import pytest

from converter.stages.annotate import text as T
from converter.text.numerals import DIGIT_BY_DIGIT, STANDARD_RANGE, known_numeral, standard_numeral


def test_standard_numerals_are_cn2ans_on_the_whole_range():
    wrong = [(n, standard_numeral(n), cn2an.an2cn(n)) for n in STANDARD_RANGE if standard_numeral(n) != cn2an.an2cn(n)]
    assert wrong == []
    misread = [n for n in STANDARD_RANGE if known_numeral(standard_numeral(n)) != n
               or int(cn2an.cn2an(standard_numeral(n), "normal")) != n]
    assert misread == []


def test_digit_by_digit_numerals_are_read_as_cn2an_reads_them():
    texts = ["".join(t) for k in (2, 3, 4) for t in itertools.product(DIGIT_BY_DIGIT, repeat=k)]
    wrong = [t for t in texts if known_numeral(t) != int(cn2an.cn2an(t, "normal"))]
    assert wrong == [] and len(texts) == 11100


@pytest.mark.parametrize("text", [
    "一十", "一十二", "两千", "十万", "一万零一", "零五", "二〇二五五", "百", "千", "一百零", "十十", "一二十",
    "五零", "三千零零一", "〇一百", "一千〇一", "二十〇", "", "12", "十二条",
])
def test_other_spellings_are_left_to_cn2an(text):
    assert known_numeral(text) is None


@pytest.mark.parametrize("n", [-1, 10000, 12345, 100000])
def test_numbers_out_of_range_are_left_to_cn2an(n):
    assert standard_numeral(n) is None


@pytest.mark.parametrize("text", ["十二", "一百零五", "二〇二五", "二○二五", "１２", "两千", "十万", "一十", "百", "零五"])
def test_numeral_int_answers_as_cn2an(text):
    T.numeral_int.cache_clear()
    t = T.ZERO_LIKE.sub("〇", text).translate(T.FULLWIDTH)
    try:
        expected = int(cn2an.cn2an(t, "normal")) if not (t.isascii() and t.isdigit()) else int(t)
    except (ValueError, KeyError, TypeError):
        expected = None
    assert T.numeral_int(text) == expected


@pytest.mark.parametrize("n", [1, 2, 10, 17, 99, 1010, 9999, 10000, 20001])
def test_cn_numeral_writes_as_cn2an(n):
    assert T.cn_numeral(n) == cn2an.an2cn(n)
