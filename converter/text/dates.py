"""Dates as printed (2024年7月31日, 二〇二四年三月五日, 2024-07-31) and issue periods (2025年8月)."""
from __future__ import annotations

from converter.text.numerals import cn_number
from converter.vocab import patterns as P


def parse_date(text: str) -> str | None:
    """The first full date in `text` as YYYY-MM-DD."""
    for pat, conv in ((P.DATE, int), (P.DATE_ISO, int), (P.DATE_CN, cn_number)):
        m = pat.search(text)
        if m:
            y, mo, d = conv(m["y"]), conv(m["m"]), conv(m["d"])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def period_start(period: str | None) -> tuple[str, int | None, int | None] | None:
    """(year, month, quarter) where an issue's period starts, or None."""
    m = P.PERIOD_START.match(period or "")
    if not m:
        return None
    quarter = m["quarter"]
    return m["year"], int(m["month"]) if m["month"] else None, \
        (int(quarter) if quarter.isdigit() else "一二三四".index(quarter) + 1) if quarter else None
