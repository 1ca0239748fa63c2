"""converter/index_lists.py: index lists made into HTML directly, byte-for-byte what Python-Markdown makes."""
from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import ROOT

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def markdown_pair():
    """Python-Markdown as mkdocs.yml configures it, without and with the index list extension."""
    names, configs = [], {}
    for item in CONFIG["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = {k: v == "true" if v in ("true", "false") else v for k, v in (options or {}).items()}
    assert "converter.site.index_lists" in names
    plain = [n for n in names if n != "converter.site.index_lists"]
    return (markdown.Markdown(extensions=plain, extension_configs={k: v for k, v in configs.items() if k in plain}),
            markdown.Markdown(extensions=names, extension_configs=configs))


PLAIN, FAST = markdown_pair()


@pytest.fixture
def built(monkeypatch) -> list:
    """Records each block the index list processor builds itself."""
    from converter.site.index_lists import IndexListProcessor

    done, original = [], IndexListProcessor.run

    def run(self, parent, blocks):
        block = blocks[0]
        result = original(self, parent, blocks)
        if result is None:
            done.append(block)
        return result

    monkeypatch.setattr(IndexListProcessor, "run", run)
    return done


def both(text: str) -> tuple[str, str]:
    return PLAIN.reset().convert(text), FAST.reset().convert(text)


@pytest.mark.parametrize("text, blocks", [
    # (Markdown, how many blocks the extension builds itself); the HTML must be the same either way
    ("- [关于推进设备更新的通知](../documents/a.md) <small>2024-05-20 · 发改环资〔2024〕1104号 · 通知</small>", 1),
    ("# 时间线\n\n- [解读二 \\| 齐齐哈尔](documents/b.md) <small>解读</small>\n- [c](c.md)", 1),
    ("- [A &amp; B &lt;C&gt; \\*星\\* \\_下\\_ \\[括\\] \\#号 \\!叹](x.md) <small>\\[2024\\] &amp;</small>", 1),
    ("- [反斜杠 \\\\ 本身](x.md)", 1),
    # entities typed in the input, as render.text escapes them: shown as typed, never decoded (the
    # extension once decoded &amp;copy; into ©)
    ("- [A &amp;copy; &amp;lt;b&amp;gt; &amp;#169;](x.md) <small>&amp;amp;</small>", 1),
    ("- [波浪 \\~ 号](x.md) <small>1 篇</small>", 0),        # not an escape in Markdown: kept as it is
    ("- [实体 &copy; 号](x.md)", 0),
    ("- [*强调*](x.md)", 0),
    ('- [链接](x.md "标题")', 0),
    ("- [a](a.md)\n\n- [b](b.md)", 0),                        # a loose list: items in <p>
    ("- [a](a.md)\n\n    继续", 0),
    ("- [a](a.md)\n\n1. [b](b.md)", 0),
    ("- [a](a.md)\n\n正文", 1),
    ("- [a](a.md)\n    - [b](b.md)", 1),                       # a nested list: the inner one
    ("1. [a](a.md)", 0),
    ("- [a](a.md) <small>x</small> 尾巴", 0),
    ("<div markdown>\n\n- [a](a.md) <small>1</small>\n\n</div>", 1),
    ("!!! note\n\n    - [a](a.md) <small>1</small>", 1),
])
def test_same_html_as_python_markdown(text, blocks, built):
    plain, ours = both(text)
    assert ours == plain
    assert len(built) == blocks


@pytest.mark.parametrize("corpus", ["sample_corpus", "seed_corpus"])
def test_generated_pages_convert_the_same(corpus, request, built):
    """Every page the converter writes gives the same HTML, and the index lists are built directly."""
    from mkdocs.utils import meta

    docs = request.getfixturevalue(corpus)[0]
    for page in sorted(docs.rglob("*.md")):
        body, _ = meta.get_data(page.read_text(encoding="utf-8"))
        plain, ours = both(body)
        assert ours == plain, page.relative_to(docs)
    assert len(built) > 20
