"""Hostile text in an input is rendered as text: no script, no event handler, no template, no escape
from the output folder."""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from conftest import convert_to
from test_end_to_end import build_site

HOSTILE = """目 录

工业和信息化部关于<script>alert(1)</script>测试: # & * ! | > ' " %的通知……1

工业和信息化部关于<script>alert(1)</script>测试: # & * ! | > ' " %的通知

工信部联装〔2031〕1 号

各省、自治区、直辖市工业和信息化主管部门：

一、<img src=x onerror=alert(2)>总体要求

请点击[这里](javascript:alert(3))或 {{ config }} {% include "base.html" %} 查看。

---

../../../etc/passwd 与 <a href="http://example.com" onclick="alert(4)">链接</a>。

工业和信息化部

2031年1月2日
"""


def test_hostile_text_is_inert(tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    docs = tmp_path / "docs"
    _, corpus = convert_to([src], docs)
    assert "<script>" in corpus["documents"][0]["title"]  # kept as data…
    site = build_site(docs, tmp_path / "site")
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attr in tag.attrs:
                assert not attr.lower().startswith("on"), f"{page.name}: event handler {tag}"
            if tag.name == "a":
                assert not str(tag.get("href", "")).lower().startswith("javascript:"), f"{page.name}: {tag}"
            if tag.name == "img":
                assert tag.get("src") != "x", f"{page.name}: {tag}"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":   # a data block: never run; it must parse
                data = json.loads(script.string)              # whole (the text could not close it)
                assert "</" not in script.string and isinstance(data, dict), f"{page.name}: JSON-LD"
                continue
            assert "alert(" not in (script.string or ""), f"{page.name}: script from content"
    text = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "alert(1)" in text  # …and shown as text
    written = {p.resolve() for p in tmp_path.rglob("*")}
    assert all(str(p).startswith(str(tmp_path.resolve())) for p in written)
    assert not any(re.search(r"etc[/\\]passwd", str(p)) for p in written)
