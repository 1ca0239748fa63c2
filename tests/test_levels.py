"""Level (国家 / 省 / 市) of a document from its issuers, and the jurisdiction its JSON-LD states (issue 20:
facets by level 国家/省/市)."""
from __future__ import annotations

import json

import pytest

from converter.vocab import VOCAB


@pytest.mark.parametrize("issuer, level", [
    ("国务院办公厅", "national"),
    ("国家市场监督管理总局", "national"),          # 市场 is no city
    ("市场监管总局", "national"),
    ("江苏省工业和信息化厅", "provincial"),
    ("广西壮族自治区人民政府", "provincial"),
    ("上海市人民政府", "provincial"),               # a municipality under the State Council is provincial
    ("中共北京市委办公厅", "provincial"),
    ("济南市人民代表大会常务委员会", "municipal"),
    ("中共成都市委社会工作部", "municipal"),
    ("金华市婺城区人民政府", "municipal"),
    ("泽普县市场监督管理局", "municipal"),
    ("深圳市人大常委会办公厅", "municipal"),
])
def test_level_of_an_issuer(issuer, level):
    assert VOCAB.level(issuer) == level


def test_a_city_notice_is_municipal_with_its_city_as_jurisdiction(tmp_path):
    from converter.cli import main

    text = ("无锡市人民政府关于印发无锡市智能制造示范工厂培育办法的通知\n锡政发〔2031〕7号\n各市（县）、区人民政府，市各委办局：\n"
            "现将《无锡市智能制造示范工厂培育办法》印发给你们，请认真贯彻执行。\n无锡市人民政府\n2031年4月2日\n")
    src = tmp_path / "in" / "2031-04-issue.txt"
    src.parent.mkdir()
    src.write_text(text, encoding="utf-8")
    assert main(["-q", "convert", str(src), "--out", str(tmp_path / "docs")]) == 0
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    (doc,) = corpus["documents"]
    assert doc["level"] == "municipal"
    page = (tmp_path / "docs" / doc["path"]).read_text(encoding="utf-8")
    meta = json.loads(page.split("\n")[1])
    assert meta["facets"]["level"] == "市"
    assert json.loads(meta["jsonld"])["legislationJurisdiction"]["name"] == "无锡市"
