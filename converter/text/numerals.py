"""Chinese numerals: 二〇二四 (digit by digit) and 三十五 (with 十) as integers."""
from __future__ import annotations

#: The value of each Chinese digit, including the zeros PDF fonts map to look-alikes.
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


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
