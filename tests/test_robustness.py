"""Robustness: random text through the cleaning and segmentation stages, truncated and huge inputs,
deterministic output whatever the input order, atomic output on failure, no path escape."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, convert_to, visible
from converter.commands import build, folders, output
from converter.commands import convert as convert_cmd
from converter.stages import clean, segment
from converter.errors import InputError
from converter.model import Source

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SAMPLE_12 = SAMPLE / "2031-03-sample-issue-12.txt"

# --- 1. property-based: clean and segment ------------------------------------------------------------

cjk_char = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
piece = st.one_of(
    st.text(cjk_char, min_size=1, max_size=12),
    st.sampled_from(list("，。；：《》〔〕（）“”、") + [" ", "\t", "\u3000", "  ", "\u200b"]),
    st.integers(0, 3000).map(str),
)
plain_line = st.lists(piece, max_size=12).map("".join)
shaped_line = st.one_of(
    st.sampled_from(["一、", "二、", "（一）", "（二）", "1.", "2．", "第一条", "第二章"]).flatmap(
        lambda h: st.text(cjk_char, min_size=1, max_size=15).map(lambda t: h + t)),
    st.tuples(st.integers(1990, 2040), st.integers(1, 12), st.integers(1, 31)).map(
        lambda d: f"{d[0]} 年 {d[1]} 月 {d[2]} 日"),
    st.tuples(st.text(cjk_char, min_size=1, max_size=5), st.integers(2000, 2040), st.integers(1, 300)).map(
        lambda d: f"{d[0]}〔{d[1]}〕{d[2]} 号"),
    st.text(cjk_char, min_size=4, max_size=30).map(lambda t: f"关于{t}的通知"),
    st.integers(1, 99).map(lambda n: f"- {n} -"),
    st.tuples(st.text(cjk_char, min_size=4, max_size=30), st.integers(1, 99)).map(
        lambda t: f"关于{t[0]}的通知……{t[1]}"),
    st.sampled_from(["目 录", "目录", "政策速览", "政策解读", "专家解读之一 | 《方案》", "工业和信息化部",
                     "问：", "答：", "附件：1.", "（此件公开发布）"]),
    st.just(""),
)
def hard_wrap(args) -> str:
    """A hard-wrapped file: paragraphs cut every `n` characters, as PDF extraction prints them."""
    n, paras = args
    return "\n".join("\n".join(p[i:i + n] for i in range(0, len(p), n)) for p in paras)


wide_piece = st.one_of(st.text(cjk_char, min_size=1, max_size=12), st.sampled_from(list("，。；：《》〔〕（）“”、")))
wrapped_text = st.tuples(st.integers(18, 40), st.lists(st.lists(wide_piece, min_size=40, max_size=120).map("".join),
                                                       min_size=3, max_size=8)).map(hard_wrap)
document_text = st.one_of(st.lists(st.one_of(plain_line, shaped_line), max_size=40).map("\n".join), wrapped_text,
                          st.tuples(wrapped_text, st.lists(shaped_line, max_size=10).map("\n".join))
                          .map("\n".join))
PROPERTY = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def source(text: str) -> Source:
    return Source("random.txt", "random.txt", "0" * 64, "utf-8", text)


@PROPERTY
@given(st.lists(st.one_of(piece, st.sampled_from(["\r", "\t\t", "\u3000\u3000", " \t "])), max_size=30).map("".join))
def test_normalise_never_crashes_and_keeps_cjk(raw):
    out = clean.normalise(raw)
    assert "\r" not in out and "\n" not in out
    assert CJK.findall(out) == CJK.findall(raw)
    assert clean.normalise(out) == out  # idempotent


@PROPERTY
@given(document_text)
def test_lines_paragraphs_segment_keep_every_character(text):
    lines = clean.lines(source(text))
    paras = clean.paragraphs(lines)
    kept = "".join(line.text for line in lines if line.text and not line.furniture)
    assert CJK.findall("".join(p.text for p in paras)) == CJK.findall(kept)
    numbers = [n for p in paras for n in p.lines]
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    measure = clean.wrap_width([line for line in lines if line.text and not line.furniture])
    cover, segments, sections, unmatched = segment.segment(paras, [l.text for l in lines if l.furniture], measure)
    placed = [n for s in segments for p in s.paragraphs for n in p.lines]
    placed += [n for p in sections for n in p.lines]
    # every paragraph lands somewhere: a document, a section heading, or the cover/TOC
    assert set(numbers) <= set(placed) | set(cover.lines)
    assert len(placed) == len(set(placed))  # and in one document only


# --- 2. truncated, huge and blank inputs -----------------------------------------------------------


def test_file_ending_mid_paragraph_converts_and_keeps_text(tmp_path):
    text = SAMPLE_12.read_text(encoding="utf-8")
    at = text.index("构建覆盖设计、制造、使用")  # inside a long paragraph, no final punctuation, no newline
    src = tmp_path / "truncated.txt"
    src.write_text(text[:at], encoding="utf-8")
    _, corpus = convert_to([src], tmp_path / "docs")
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "docs" / "documents").glob("*.md"))
    assert "以试验验证和数据积累为支撑，" in pages
    assert corpus["documents"]


@pytest.mark.parametrize("make", [
    pytest.param(lambda: ("坚持问题导向与用户评价相结合，" * 23302).encode(), id="1MB-line"),
    pytest.param(lambda: "\n".join(SAMPLE_12.read_text(encoding="utf-8").split("\n")[:40]).encode()
                 + ("坚持问题导向与用户评价相结合，" * 23302).encode(), id="document-ending-in-1MB-line"),
    pytest.param(lambda: b"\n" * 10000 + SAMPLE_12.read_bytes(), id="10000-blank-lines"),
    pytest.param(lambda: SAMPLE_12.read_bytes() + b"\n" * 10000, id="10000-trailing-blank-lines"),
])
def test_huge_inputs_finish_in_bounded_time(tmp_path, make):
    src = tmp_path / "big.txt"
    src.write_bytes(make())
    started = time.monotonic()
    try:
        _, corpus = convert_to([src], tmp_path / "docs")
    except InputError as exc:
        message = str(exc)
        assert "\n" not in message and "big.txt" in message
    else:
        assert corpus["documents"]
    assert time.monotonic() - started < 20


# --- 3. determinism --------------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every file written, but the caches (.cache/: perf/render_cache.py's state holds file mtimes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(folder).parts}


def test_output_is_independent_of_runs_and_input_order(sample_files, tmp_path):
    convert_to(sample_files, tmp_path / "a")
    convert_to(sample_files, tmp_path / "b")
    convert_to(list(reversed(sample_files)), tmp_path / "c")
    a, b, c = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert "data/corpus.json" in a
    assert a == b
    assert sorted(a) == sorted(c)
    assert [name for name in a if a[name] != c[name]] == []


def test_rerun_into_the_same_folder_changes_nothing(sample_files, tmp_path):
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    _, stats = convert_cmd.convert([str(p) for p in reversed(sample_files)], docs)
    assert stats["written"] == 0 and stats["removed"] == 0
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


# --- 4. atomic output ----------------------------------------------------------------------------------------


def test_failed_convert_leaves_previous_docs_untouched(sample_files, tmp_path):
    docs = tmp_path / "docs"
    convert_to(sample_files, docs)
    before = tree(docs)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for f in sample_files:
        shutil.copy(f, inputs / f.name)
    (inputs / "2031-04-other.txt").write_text(SAMPLE_12.read_text(encoding="utf-8").replace("12", "14"),
                                              encoding="utf-8")
    (inputs / "2031-05-scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match="2031-05-scan.txt: not a text file"):
        convert_cmd.convert([inputs], docs)
    assert tree(docs) == before


def test_failed_mkdocs_build_leaves_previous_site_untouched(sample_files, tmp_path, monkeypatch):
    import mkdocs.commands.build as mkdocs_build

    docs, site = tmp_path / "docs", tmp_path / "site"
    site.mkdir()
    folders.mark(site, "site")
    (site / "index.html").write_text("previous site", encoding="utf-8")
    (site / "old.html").write_text("old page", encoding="utf-8")
    before = tree(site)

    def broken(cfg, *args, **kwargs):
        Path(cfg["site_dir"], "index.html").write_text("half-built", encoding="utf-8")
        raise RuntimeError("mkdocs failed")

    monkeypatch.setattr(mkdocs_build, "build", broken)
    with pytest.raises(RuntimeError, match="mkdocs failed"):
        build.build([str(p) for p in sample_files], site_dir=site, docs_dir=docs)
    assert tree(site) == before
    assert visible(tmp_path) == ["docs", "site"]  # no staging folder left behind


def test_build_into_a_site_folder_whose_parent_is_missing(sample_files, tmp_path, monkeypatch):
    import mkdocs.commands.build as mkdocs_build

    def fake(cfg, *args, **kwargs):
        Path(cfg["site_dir"], "index.html").write_text("new site", encoding="utf-8")

    monkeypatch.setattr(mkdocs_build, "build", fake)
    site = tmp_path / "out" / "deeper" / "site"
    _, _, final = build.build([str(p) for p in sample_files], site_dir=site, docs_dir=tmp_path / "docs")
    assert final == site.resolve() and (site / "index.html").read_text(encoding="utf-8") == "new site"


# --- 5. no escape from the docs folder ------------------------------------------------------------------------

ESCAPE = """目 录

../../x关于开展试点工作的通知

../../x关于开展试点工作的通知

../../etc〔2031〕1 号

各有关单位：

为规范管理，现将有关事项通知如下。请各单位认真贯彻落实，确保各项工作取得实效，按时报送有关材料。

工业和信息化部

2031年1月2日

..\\..\\关于../../y的通知

../../〔2031〕2 号

各有关单位：

请各单位认真贯彻落实，确保各项工作取得实效，按时报送有关材料和工作总结，不得延误。

国家发展改革委

2031年1月3日
"""


def test_dot_dot_in_titles_and_numbers_never_escapes(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    src = work / "escape.txt"
    src.write_text(ESCAPE, encoding="utf-8")
    docs = work / "docs"
    _, corpus = convert_to([src], docs)
    assert corpus["documents"]
    everything = {p.resolve() for p in tmp_path.rglob("*")}
    outside = [p for p in everything if docs.resolve() not in p.parents and p != docs.resolve() and p != src.resolve()
               and p != work.resolve() and p != folders.lock_file(docs.resolve())]
    assert outside == []
    for d in corpus["documents"]:
        parts = d["path"].split("/")
        assert parts[0] == "documents" and len(parts) == 2 and parts[1] not in (".", "..") and "\\" not in d["path"]
    for c in corpus["compilations"]:
        assert ".." not in c["path"].split("/")
    assert {d["title"] for d in corpus["documents"]} >= {"../../x关于开展试点工作的通知"}  # the title itself is kept as text


@pytest.mark.parametrize("bad", ["documents/../../x.md", "../x.md", "/tmp/policy-site-x.md", "documents/..",
                                 "documents/", "..", "link/x.md"])
def test_write_pages_refuses_a_path_outside(tmp_path, bad):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (docs / "link").symlink_to(tmp_path / "elsewhere")        # a folder that leads out of docs
    with pytest.raises(InputError, match="outside the docs folder"):
        output.write_pages({"a.md": "a", bad: "x", "z.md": "z"}, docs)
    assert not (tmp_path / "x.md").exists() and not Path("/tmp/policy-site-x.md").exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nothing half-written, in or out


def test_write_pages_replaces_a_linked_file_and_never_writes_through_it(tmp_path):
    docs, outside = tmp_path / "docs", tmp_path / "outside.md"
    docs.mkdir()
    outside.write_text("theirs", encoding="utf-8")
    (docs / "a.md").symlink_to(outside)
    stats = output.write_pages({"a.md": "ours", "b/c.md": "new"}, docs)
    assert stats == {"written": 2, "unchanged": 0, "removed": 0}
    assert outside.read_text(encoding="utf-8") == "theirs"
    assert not (docs / "a.md").is_symlink() and (docs / "a.md").read_text(encoding="utf-8") == "ours"
    assert output.write_pages({"a.md": "ours", "b/c.md": "new"}, docs)["unchanged"] == 2


def test_document_pages_made_on_every_core_are_the_pages_made_here(sample_files, tmp_path, monkeypatch):
    """write_pages makes the pages render gives as functions (document pages) in forked processes
    when there are many: the same files, the same counts, as making them all here."""
    import os

    from converter.perf import parallel as fork

    shared = []
    real = fork.map_shares
    monkeypatch.setattr(fork, "map_shares", lambda fn, shares: shared.append(len(shares)) or real(fn, shares))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(output, "PARALLEL_PAGES", 10**9)
    _, here = convert_cmd.convert(sample_files, tmp_path / "here")
    assert shared == []
    monkeypatch.setattr(output, "PARALLEL_PAGES", 1)
    _, cores = convert_cmd.convert(sample_files, tmp_path / "cores")
    assert shared == [2] and here == cores and tree(tmp_path / "here") == tree(tmp_path / "cores")
    assert convert_cmd.convert(sample_files, tmp_path / "cores")[1]["unchanged"] == here["written"]


def test_document_pages_are_made_here_when_workers_would_not_fit_the_memory_budget(sample_files, tmp_path, monkeypatch):
    """A worker making document pages copies most of what it inherited: no fork when the processes
    would not fit fork.BUDGET_MB; the same files either way."""
    import os

    from converter.perf import parallel as fork

    shared = []
    real = fork.map_shares
    monkeypatch.setattr(fork, "map_shares", lambda fn, shares: shared.append(len(shares)) or real(fn, shares))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(output, "PARALLEL_PAGES", 1)
    _, cores = convert_cmd.convert(sample_files, tmp_path / "cores")
    assert shared == [2]
    monkeypatch.setattr(fork, "BUDGET_MB", 1)
    _, here = convert_cmd.convert(sample_files, tmp_path / "here")
    assert shared == [2] and here == cores and tree(tmp_path / "here") == tree(tmp_path / "cores")


@pytest.mark.parametrize("parallel_from", [1, 10**9])
def test_write_pages_makes_pages_given_as_functions_and_reports_their_errors(tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(output, "PARALLEL_PAGES", parallel_from)
    pages = {f"documents/d{n}.md": (lambda n=n: f"page {n}") for n in range(6)} | {"index.md": "home"}
    assert output.write_pages(pages, tmp_path / "docs") == {"written": 7, "unchanged": 0, "removed": 0}
    assert (tmp_path / "docs" / "documents" / "d5.md").read_text(encoding="utf-8") == "page 5"

    def broken():
        raise RuntimeError("a page could not be made")

    with pytest.raises(RuntimeError, match="could not be made"):
        output.write_pages({**pages, "documents/d9.md": broken}, tmp_path / "docs")


def test_built_site_folder_has_normal_permissions(sample_files, tmp_path, monkeypatch):
    import os

    import mkdocs.commands.build as mkdocs_build

    monkeypatch.setattr(mkdocs_build, "build", lambda cfg, *a, **k: Path(cfg["site_dir"], "index.html").write_text("x"))
    site = tmp_path / "site"
    build.build([str(p) for p in sample_files], site_dir=site, docs_dir=tmp_path / "docs")
    umask = os.umask(0)
    os.umask(umask)
    assert site.stat().st_mode & 0o777 == 0o777 & ~umask  # not mkdtemp's 0700


@PROPERTY
@given(st.text(st.one_of(st.sampled_from(list("./\\:*?\"<>|〔〕 \t\n\x00")), cjk_char, st.characters()), max_size=80))
def test_slugs_are_single_safe_file_names(text):
    from converter.stages import render, resolve

    for s in (resolve.slug(text), resolve.slug(text, 60), render.department_slug(text), render.theme_slug(text)):
        assert s and s not in (".", "..") and not s.startswith(".")
        assert not set(s) & set("/\\\x00")


def test_real_mkdocs_failure_leaves_previous_site_untouched(sample_files, tmp_path):
    """A strict build of a config whose nav names a missing page fails inside MkDocs itself."""
    from conftest import ROOT

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.rstrip("\n") + "\n  - 缺失: no-such-page.md\n"
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    folders.mark(site, "site")
    (site / "index.html").write_text("previous site", encoding="utf-8")
    before = tree(site)
    with pytest.raises(Exception) as failure:
        build.build([str(p) for p in sample_files], site_dir=site, docs_dir=tmp_path / "docs", config=config)
    assert type(failure.value).__name__ == "Abort" and "strict" in str(failure.value)  # MkDocs itself refused
    assert tree(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-") or p.name.endswith(".old")]


doc_block = st.tuples(
    st.text(cjk_char, min_size=4, max_size=30), st.integers(2000, 2040), st.integers(1, 300),
    st.lists(plain_line.map(lambda t: t + "。"), min_size=1, max_size=5),
    st.tuples(st.integers(2000, 2040), st.integers(1, 12), st.integers(1, 28)),
).map(lambda b: "\n\n".join([f"工业和信息化部关于{b[0]}的通知", f"工信部规〔{b[1]}〕{b[2]} 号", "各有关单位：", *b[3],
                                "工业和信息化部", f"{b[4][0]}年{b[4][1]}月{b[4][2]}日"]))


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(plain_line, shaped_line, shaped_line, doc_block), min_size=1, max_size=30).map("\n".join))
def test_whole_pipeline_on_random_text_converts_or_refuses_in_one_line(tmp_path, text):
    """clean → segment → extract → resolve → render: a Compilation, or the one-line 'no document' error."""
    from converter.stages import render, resolve
    from converter.pipeline import convert_file

    src = tmp_path / "random.txt"
    src.write_text(text, encoding="utf-8")
    try:
        comp = convert_file(src)
    except InputError as exc:
        assert "\n" not in str(exc) and "random.txt" in str(exc)
        return
    library = resolve.resolve((comp,))
    pages = render.render(library)
    assert "data/corpus.json" in pages
    kept = CJK.findall("".join(line for line in text.split("\n")))
    assert kept  # a document was found, so there was text


def test_same_file_twice_gives_the_same_output_in_any_order(sample_files, tmp_path):
    copy = tmp_path / "0000-copy-of-issue-12.txt"
    shutil.copy(SAMPLE_12, copy)
    inputs = [*sample_files, copy]
    lib_a, _ = convert_to(inputs, tmp_path / "a")
    lib_b, _ = convert_to(list(reversed(inputs)), tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert lib_a.duplicates == lib_b.duplicates and len(lib_a.duplicates) == 1


def test_build_swap_never_touches_a_neighbouring_folder(sample_files, tmp_path, monkeypatch):
    import mkdocs.commands.build as mkdocs_build

    monkeypatch.setattr(mkdocs_build, "build", lambda cfg, *a, **k: Path(cfg["site_dir"], "index.html").write_text("new"))
    site = tmp_path / "site"
    site.mkdir()
    folders.mark(site, "site")
    (site / "index.html").write_text("previous", encoding="utf-8")
    neighbour = tmp_path / "site.old"  # a user's folder that happens to carry the name
    neighbour.mkdir()
    (neighbour / "keep.txt").write_text("mine", encoding="utf-8")
    build.build([str(p) for p in sample_files], site_dir=site, docs_dir=tmp_path / "docs")
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (neighbour / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert visible(tmp_path) == ["docs", "site", "site.old"]


@pytest.mark.parametrize("exchange", ["fails", "unsupported"])
def test_failed_swap_puts_the_previous_site_back(sample_files, tmp_path, monkeypatch, exchange):
    """The exchange of old and new site fails (disk trouble): the previous site stays. Where the system
    cannot exchange, the fallback's two renames put the previous site back when the second fails."""
    import os

    import mkdocs.commands.build as mkdocs_build

    monkeypatch.setattr(mkdocs_build, "build", lambda cfg, *a, **k: Path(cfg["site_dir"], "index.html").write_text("new"))
    site = tmp_path / "site"
    site.mkdir()
    folders.mark(site, "site")
    (site / "index.html").write_text("previous", encoding="utf-8")
    if exchange == "fails":
        def broken(a, b):
            raise OSError("disk trouble")
        monkeypatch.setattr(folders, "exchange", broken)
    else:
        real_replace = os.replace

        def replace(src, dst):
            if ".staging-" in Path(src).name and not Path(src).name.endswith("-old"):
                raise OSError("disk trouble")
            return real_replace(src, dst)
        monkeypatch.setattr(folders, "exchange", lambda a, b: False)
        monkeypatch.setattr(folders.os, "replace", replace)
    with pytest.raises(OSError, match="disk trouble"):
        build.build([str(p) for p in sample_files], site_dir=site, docs_dir=tmp_path / "docs")
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert visible(tmp_path) == ["docs", "site"]


def test_two_builds_give_identical_html(sample_files, tmp_path):
    """Apart from what MkDocs itself stamps (sitemap dates), two builds are byte-identical."""
    from conftest import convert_to
    from test_end_to_end import build_site

    sites = []
    for n in (1, 2):
        docs = tmp_path / f"docs{n}"
        convert_to(sample_files, docs)
        sites.append(build_site(docs, tmp_path / f"site{n}"))
    files = [{p.relative_to(s): p.read_bytes() for p in s.rglob("*")
              if p.is_file() and not p.name.startswith("sitemap")} for s in sites]
    assert files[0].keys() == files[1].keys()
    differ = [str(k) for k in files[0] if files[0][k] != files[1][k]]
    assert not differ, differ[:10]
