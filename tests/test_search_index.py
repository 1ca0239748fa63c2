"""The search index writer (converter/search_index.py) without a browser."""
from __future__ import annotations

import json

from converter import search_index as si


def page(url, title, body="", number="", weight=1.0, meta=""):
    return si.Page(url, title, "", number, meta, [], body, weight)


def test_doc_number_terms_for_every_bracket_style():
    for printed in ("发改环资〔2024〕1104号", "发改环资[2024]1104号", "发改环资（2024）1104号", "发改环资【2024】1104号",
                    "发改环资［２０２４］１１０４号"):
        assert "〔2024〕1104" in si.terms(si.normalize(printed), None), printed
    assert "〔2024〕5" in si.terms(si.normalize("国家市场监督管理总局公告2024年第5号"), None)


def test_own_doc_number_outranks_a_mention_and_title_outranks_body():
    pages = [page("a.html", "关于推进设备更新的通知", number="发改环资〔2024〕1104号"),
             page("b.html", "另一份文件", body="根据《关于推进设备更新的通知》（发改环资〔2024〕1104号）"),
             page("c.html", "清单", body="发改环资〔2024〕1104号", weight=si.W_LIST_PAGE)]
    rows, postings = si.build_index(pages, None)
    weight = {doc: w for doc, w in postings["〔2024〕1104"]}
    assert weight[0] > weight[1] > weight[2]
    assert [d for d, _ in postings["发改环资〔2024〕1104号"]] == [0]
    title = {doc: w for doc, w in postings["设备"]}
    assert title[0] > title[1]


def test_written_files_are_scripts_and_shards_follow_the_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(si, "SHARD_BYTES", 500)
    pages = [page(f"p{i}.html", f"第{i}号文件\u200b标题", body="可靠性提升 " * i) for i in range(30)]
    stats = si.write_index(tmp_path, pages, None)
    out = tmp_path / "search"
    meta = (out / "docs.js").read_text(encoding="utf-8")
    assert meta.startswith("__policySearch.meta(") and "\u200b" not in meta
    data = json.loads(meta[meta.index("(") + 1:meta.rindex(")")])
    assert data["shards"] == stats["shards"] > 1 and len(data["docs"]) == 30
    for k in range(stats["shards"]):
        text = (out / "s" / f"{k}.js").read_text(encoding="utf-8")
        terms = json.loads(text[text.index(",") + 1:text.rindex(")")])
        assert all(si.shard_of(t, stats["shards"]) == k for t in terms)
    assert (out / "t" / "29.js").read_text(encoding="utf-8").startswith("__policySearch.text(29,")


def test_segmentation_does_not_depend_on_earlier_builds_in_the_process(tmp_path):
    """Loading the same user dictionary from two docs folders (two builds in one process) must not
    change how words are cut: jieba's global tokenizer would add the frequencies up."""
    import jieba

    words = "碳足迹核算规则 50000\n设备更新行动 50000\n"
    text = "推动碳足迹核算规则与设备更新行动方案衔接"
    jieba.initialize()
    total = jieba.dt.total
    cuts = []
    for n in (1, 2, 3):
        d = tmp_path / f"docs{n}"
        d.mkdir()
        (d / "words.txt").write_text(words, encoding="utf-8")
        cuts.append(si.Segmenter(d / "words.txt").words(text))
    assert cuts[0] == cuts[1] == cuts[2]
    assert jieba.dt.total == total          # the global tokenizer's frequencies are left alone
    assert "碳足迹核算规则" in cuts[0]


def test_search_dictionary_does_not_change_with_the_corpus(sample_files, tmp_path):
    """A new issue leaves the jieba user dictionary as it was (the segmentation cache is keyed by it)."""
    from conftest import convert_to
    from converter.render import SEARCH_WORDS

    convert_to(sample_files[:1], tmp_path / "one")
    convert_to(sample_files, tmp_path / "two")
    one, two = ((tmp_path / d / SEARCH_WORDS).read_text(encoding="utf-8") for d in ("one", "two"))
    assert one == two and "国家发展改革委 50000" in one
