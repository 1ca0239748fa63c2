"""converter/site/plain_text.py: texts no inline pattern can change pass Python-Markdown's inline parsing
by, and the HTML is byte-for-byte what Python-Markdown makes without the step."""
from __future__ import annotations

import markdown
import pytest
from markdown.util import AtomicString

from converter.site import plain_text

from test_index_lists import CONFIG


def extensions(extra=()):
    names, configs = [], {}
    for item in CONFIG["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = {k: v == "true" if v in ("true", "false") else v for k, v in (options or {}).items()}
    return names + list(extra), configs


def converters(monkeypatch, extra=()):
    """(without the step, with it): Python-Markdown as mkdocs.yml configures it (+ `extra` extensions)."""
    names, configs = extensions(extra)
    with monkeypatch.context() as m:
        m.setattr(plain_text, "register", lambda md: None)
        without = markdown.Markdown(extensions=names, extension_configs=configs)
    return without, markdown.Markdown(extensions=names, extension_configs=configs)


@pytest.fixture
def marked(monkeypatch) -> list:
    """Each text or tail the step marks atomic."""
    done = []
    original = plain_text.PlainTextTreeprocessor.run

    def run(self, root):
        before = {id(t) for el in root.iter() for t in (el.text, el.tail) if isinstance(t, AtomicString)}
        original(self, root)
        done.extend(t for el in root.iter() for t in (el.text, el.tail)
                    if isinstance(t, AtomicString) and id(t) not in before)

    monkeypatch.setattr(plain_text.PlainTextTreeprocessor, "run", run)
    return done


@pytest.mark.parametrize("text, plain", [
    # (Markdown, texts the step marks); the HTML must be the same either way
    ("第一条 为了规范管理，制定本办法。", 1),
    ("# 第一章 总则\n\n第一条 正文。\n\n第二条 正文。", 3),
    ("正文 [链接](a.md) 之后", 0),                         # `[`: the link pattern's text
    ("甲 &amp; 乙", 0),
    ("甲 &copy; 乙", 0),
    ("a < b", 0),
    ("<span>内嵌</span> 正文", 0),
    ("*强调* 正文", 0),
    ("下_划_线", 0),
    ("反斜杠 \\* 号", 0),
    ("代码 `x` 号", 0),
    ("感叹！与 ! 号", 0),
    ("换行  \n下一行", 0),                                  # two spaces before a line break: <br />
    ("单空格 \n下一行", 1),
    ("| 甲 | 乙 |\n|---|---|\n| 一 | 二 |", 4),             # header and body cells
    ("!!! note \"提示\"\n\n    正文一段。", 2),           # the title and the body
    ("<div markdown>\n\n正文。\n\n</div>", 1),
    ("## 标题 {: #art-12 }\n\n正文。", 2),                  # attr_list reads the text after the inline step
    ("- 一\n- 二\n    - 三", 3),
    ("??? note \"附件\"\n    正文", 2),
])
def test_same_html_as_python_markdown(text, plain, marked, monkeypatch):
    without, with_step = converters(monkeypatch)
    expected = without.convert(text)
    marked.clear()
    assert with_step.convert(text) == expected
    assert len(marked) == plain


@pytest.mark.parametrize("extra, text", [
    ("nl2br", "第一行\n第二行"),                             # a pattern matching a bare newline
    ("smarty", "他说 -- 好..."),                            # dashes and ellipses
])
def test_nothing_marked_when_another_inline_pattern_is_registered(extra, text, marked, monkeypatch):
    without, with_step = converters(monkeypatch, (extra,))
    expected = without.convert(text)
    marked.clear()
    assert with_step.convert(text) == expected
    assert ("<br />" in expected) if extra == "nl2br" else ("&ndash;" in expected)
    assert marked == []


def test_registered_by_the_converters_extension():
    names, configs = extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    assert "policy_plain_text" in md.treeprocessors
    assert md.treeprocessors.get_index_for_name("policy_plain_text") < md.treeprocessors.get_index_for_name("inline")


@pytest.mark.parametrize("corpus", ["sample_corpus", "seed_corpus"])
def test_generated_pages_convert_the_same(corpus, request, marked, monkeypatch):
    from mkdocs.utils import meta

    without, with_step = converters(monkeypatch)
    docs = request.getfixturevalue(corpus)[0]
    for page in sorted(docs.rglob("*.md")):
        body, _ = meta.get_data(page.read_text(encoding="utf-8"))
        assert with_step.reset().convert(body) == without.reset().convert(body), page.relative_to(docs)
    assert len(marked) > 100
