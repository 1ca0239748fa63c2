"""Chinese numerals: 二〇二四 (digit by digit) and 三十五 (with 十) as integers."""
from __future__ import annotations

#: Digit-by-digit numerals (`二〇二五`, `一一`): these characters, each worth its index.
DIGIT_BY_DIGIT = "〇一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGIT_BY_DIGIT)}
#: The value of each Chinese digit, including the zeros PDF fonts map to look-alikes.
CN_DIGITS = _DIGIT_VALUE | {"零": 0, "○": 0, "Ｏ": 0}


def cn_number(s: str) -> int:
    """`二〇二四` → 2024, `十二` → 12, `三十一` → 31."""
    if all(c in CN_DIGITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, n = 0, 0
    for c in s:
        if c == "十":
            total += (n or 1) * 10
            n = 0
        else:
            n = CN_DIGITS.get(c, 0)
    return total + n


# ------------------------------------------------------------------------------------------------------
# The numerals annotate reads, without cn2an where its answer is known (annotate/text.numeral_int,
# cn_numeral): importing cn2an costs ≈0.21 s of CPU in every process that converts (its patterns and
# its dependency's city list), more than annotating the five seeds takes. Within STANDARD_RANGE the
# answers below are cn2an's own (tests/test_numerals.py compares every one); outside it the caller asks
# cn2an, so no output depends on which path answered.
# ------------------------------------------------------------------------------------------------------

#: Numbers written here as cn2an.an2cn writes them (and read back as cn2an.cn2an(…, "normal") reads them).
STANDARD_RANGE = range(10000)
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_UNIT_VALUE = {"千": 1000, "百": 100, "十": 10}


def standard_numeral(n: int) -> str | None:
    """0 ≤ n < 10000 as cn2an.an2cn(n) writes it (12 → 十二, 110 → 一百一十, 1010 → 一千零一十, 0 → 零);
    None outside STANDARD_RANGE."""
    if n not in STANDARD_RANGE:
        return None
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (DIGIT_BY_DIGIT[n - 10] if n > 10 else "")
    out: list[str] = []
    zero = False                                   # a 零 is owed before the next digit written
    for unit, name in (*_UNITS, (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                out.append("零")
            out.append(DIGIT_BY_DIGIT[d] + name)
            zero = False
        elif out:
            zero = True
    return "".join(out)


def known_numeral(text: str) -> int | None:
    """The value cn2an.cn2an(text, "normal") gives, for a numeral in the standard form of
    STANDARD_RANGE or two to four DIGIT_BY_DIGIT characters; None for any other text (ask cn2an)."""
    if 2 <= len(text) <= 4 and all(c in _DIGIT_VALUE for c in text):
        return int("".join(str(_DIGIT_VALUE[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _DIGIT_VALUE:
            if digit is not None:
                return None
            digit = _DIGIT_VALUE[c]
        elif c in _UNIT_VALUE:
            total += (1 if digit is None else digit) * _UNIT_VALUE[c]
            digit = None
        elif c == "零":
            digit = None                               # a misplaced 零 fails the spelling check below
        else:
            return None
    if digit is not None:
        total += digit
    return total if standard_numeral(total) == text else None   # only the standard spelling is known
