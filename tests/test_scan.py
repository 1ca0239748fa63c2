"""converter/text/scan.py skips only the texts a pattern cannot match: the literals it reads from a
pattern are in every match, and its scans give the pattern's own matches. QUANTITY_CORE is in every
QUANTITY match (targets tests it first)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from converter.text import scan
from converter.vocab import patterns as P

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"

#: The patterns converter code scans through scan.finditer / scan.search.
SCANNED = ("COMMENCEMENT", "EXPIRY_UNTIL", "EXPIRY_YEARS", "REPEAL", "AMEND_OBJECT", "AMENDED_BY",
           "AMENDED_BY_DECREE", "DECREE_NUMBER", "DECREE_INVERTED", "SPACE_AROUND_DIGIT", "TOC_LEADER_END",
           "YEAR_FRAME")

#: Sentences each of which some scanned pattern matches (invented, in the forms the patterns read).
MATCHING = [
    "本办法自2025年1月1日起施行。", "本规定自印发之日起实施，有效期至2027年12月31日。", "有效期为五年。", "试行两年",
    "《关于加快发展的意见》（国发〔2019〕5号）同时废止。", "下列文件同时废止：", "原办法停止执行。", "即不再施行",
    "对《某某条例》作如下修改：", "根据2018年9月18日《国务院关于修改部分行政法规的决定》第一次修订",
    "2024年1月22日中华人民共和国国务院令第773号第二次修订", "依据国务院令第712号", "第773号国务院令", "同时失效",
    "2021 年 3 月", "关于开展试点的通知 ........ 12", "到2025年，产值达到100亿元", "力争到“十四五”末",
]


def texts() -> list[str]:
    out = list(MATCHING)
    for path in sorted((ROOT / "converter" / "sample").glob("*.txt")):
        out += path.read_text(encoding="utf-8").splitlines()
    if CORPUS.is_dir():                             # real documents, when ../shared/corpus is there
        for path in sorted(CORPUS.glob("*.txt"))[:40]:
            out += path.read_text(encoding="utf-8").splitlines()
    return [t for t in out if t]


@pytest.mark.parametrize("source, groups", [
    (r"(?:同时|予以)?废止", (("废止",),)),
    (r"废止|(?:不再|停止)执行|同时失效", (("同时失效", "废止", "执行"),)),
    (r"根据[^，]{0,4}修订", (("修订",), ("根据",))),
    (r"[ab]cd?", (("c",), ("a", "b"))),
    (r"(?:ab)+x*", (("ab",),)),
    (r"(?:ab)*", ()),
    (r"(?=abc)d", (("d",),)),
    (r"(?i)abc", ()),
    (r"x(?i:yz)", (("x",),)),
    (r"\d+年", (("年",),)),
    (r"a|[bc]", (("a", "b", "c"),)),
    (r"[ \t\u3000]+(?=\d)", (("\t", " ", "\u3000"),)),
    (r"[a-z]x|y", (("x", "y"),)),
    (r"[^a]b", (("b",),)),
    (r"\w+", ()),
])
def test_the_literals_read_from_a_pattern(source, groups):
    assert scan.needed(re.compile(source)) == groups


@pytest.mark.parametrize("name", SCANNED)
def test_scans_give_the_patterns_own_matches(name):
    pattern = getattr(P, name)
    assert scan.needed(pattern), f"{name}: no literal known, the scan would skip nothing"
    matched = 0
    for t in texts():
        found = [m.span() for m in pattern.finditer(t)]
        assert [m.span() for m in scan.finditer(pattern, t)] == found, t
        assert bool(scan.search(pattern, t)) == bool(found), t
        for pos, endpos in ((1, None), (2, len(t) - 1), (0, len(t) // 2)):   # within bounds, as targets asks
            assert [m.span() for m in scan.finditer(pattern, t, pos, endpos)] == \
                [m.span() for m in (pattern.finditer(t, pos) if endpos is None else pattern.finditer(t, pos, endpos))], t
        for m in pattern.finditer(t):               # the literals are in the match itself
            assert scan.possible(pattern, m.group()), (t, m.group())
            matched += 1
    assert matched, f"{name} matched no text: this test saw nothing"


def test_every_quantity_holds_its_core():
    seen = 0
    for t in texts() + ["产值达到五十万吨", "增长13.5%", "新增7600多名", "达到每万人200台", "3个月内"]:
        for m in P.QUANTITY.finditer(t):
            assert P.QUANTITY_CORE.search(m.group()), m.group()
            seen += 1
        assert bool(P.QUANTITY_CORE.search(t)) or not P.QUANTITY.search(t), t
    assert seen
