"""Never delete what is not ours, never drop a document, survive every fault (issue 15).

Each test is one case a demanding user or an attacker tried; each failed on the code before the fix.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, visible
from converter.commands import folders
from converter.errors import InputError


def run(*args, cwd=None, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "converter", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def user_folder(path: Path) -> dict[str, bytes]:
    path.mkdir(parents=True, exist_ok=True)
    (path / "thesis.tex").write_text("\\chapter{一}", encoding="utf-8")
    (path / "index.md").write_text("# 我的首页", encoding="utf-8")
    return {p.name: p.read_bytes() for p in path.iterdir()}


# --- data loss: targets that are not ours ---------------------------------------------------------------

@pytest.mark.parametrize("option", ["--site", "--docs"])
def test_a_folder_of_the_users_is_refused_and_kept(tmp_path, option):
    """`--site ~/thesis` deleted the user's files with exit code 0."""
    theirs = tmp_path / "thesis"
    before = user_folder(theirs)
    other = "--docs" if option == "--site" else "--site"
    r = run("build", option, str(theirs), other, str(tmp_path / "other"))
    assert r.returncode == 2, r.stderr
    assert "not made by policy-site" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in theirs.iterdir()} == before


def test_convert_refuses_a_folder_of_the_users(tmp_path):
    theirs = tmp_path / "notes"
    before = user_folder(theirs)
    r = run("convert", "--out", str(theirs))
    assert r.returncode == 2 and "not made by policy-site" in r.stderr
    assert {p.name: p.read_bytes() for p in theirs.iterdir()} == before


def layouts(tmp: Path) -> dict[str, tuple[Path, Path | None, list[Path]]]:
    """(docs, site, inputs) that overlap in each way the rules forbid."""
    inbox = tmp / "inbox"
    return {
        "site inside docs": (tmp / "d", tmp / "d" / "site", []),
        "docs inside site": (tmp / "s" / "docs", tmp / "s", []),
        "docs is the site": (tmp / "same", tmp / "same", []),
        "docs is an input folder": (inbox, tmp / "site", [inbox]),
        "site inside an input folder": (tmp / "docs", inbox / "site", [inbox]),
        "an input inside the site": (tmp / "docs", tmp / "site", [tmp / "site" / "issue.txt"]),
        "docs is the project folder": (tmp / "project", tmp / "site", []),
        "site is the root folder": (tmp / "docs", Path("/"), []),
        "site is the home folder": (tmp / "docs", Path.home(), []),
    }


@pytest.mark.parametrize("case", list(layouts(Path("/x"))))
def test_overlapping_targets_are_refused(tmp_path, case):
    docs, site, inputs = layouts(tmp_path)[case]
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text("x", encoding="utf-8")
    for i in inputs:
        if i.suffix:
            i.parent.mkdir(parents=True, exist_ok=True)
            i.write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        folders.check_targets(docs, site, inputs, project=tmp_path / "project")


def test_overlap_is_refused_on_the_command_line_before_anything_is_written(tmp_path):
    r = run("build", "--docs", str(tmp_path / "d"), "--site", str(tmp_path / "d" / "site"))
    assert r.returncode == 2 and "overlap" in r.stderr
    assert visible(tmp_path) == []


def test_a_folder_made_by_an_earlier_version_is_ours(tmp_path):
    """Docs folders and sites built before the marker existed are recognised by what only we write."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "data").mkdir(parents=True)
    (docs / "data" / "manifest.json").write_text("[]", encoding="utf-8")
    (site / "search").mkdir(parents=True)
    (site / "search" / "docs.js").write_text("", encoding="utf-8")
    folders.check_targets(docs, site, [SAMPLE])             # no error


def test_docs_folder_nested_in_the_projects_docs_is_not_copied_into_itself(tmp_path, sample_files):
    """A docs folder inside the configured docs/ folder: the hand-written pages are copied into it,
    never the folder into itself (docs/inner/inner/inner/…)."""
    from converter.commands.convert import convert

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (project / "docs" / "about.md").write_text("# 关于", encoding="utf-8")
    inner = project / "docs" / "inner"
    convert(sample_files, inner, config=project / "mkdocs.yml")
    convert(sample_files, inner, config=project / "mkdocs.yml")
    assert (inner / "about.md").exists() and not (inner / "inner").exists()


def test_zip_onto_an_input_or_into_the_site_is_refused(tmp_path, sample_files):
    inputs = [tmp_path / p.name for p in sample_files]
    for src, dst in zip(sample_files, inputs):
        dst.write_bytes(src.read_bytes())
    before = inputs[0].read_bytes()
    r = run("build", *map(str, inputs), "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"),
            "--zip", str(inputs[0]))
    assert r.returncode == 2 and "is an input file" in r.stderr and inputs[0].read_bytes() == before
    r = run("build", *map(str, inputs), "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"),
            "--zip", str(tmp_path / "site" / "all.zip"))
    assert r.returncode == 2 and "which it would pack" in r.stderr
    theirs = tmp_path / "theirs.zip"
    with zipfile.ZipFile(theirs, "w") as z:
        z.writestr("a.txt", "mine")
    r = run("build", *map(str, inputs), "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"),
            "--zip", str(theirs))
    assert r.returncode == 2 and "not made by policy-site" in r.stderr
    ours = tmp_path / "ours.zip"
    for _ in range(2):                                          # our own zip is replaced the second time
        r = run("build", *map(str, inputs), "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"),
                "--zip", str(ours))
        assert r.returncode == 0, r.stderr
    assert folders.is_our_zip(ours)


# --- data loss: documents that vanished ----------------------------------------------------------------

def numbered_notices(n: int) -> str:
    """Notices whose titles differ only in a number: taken for a running header and removed."""
    out = []
    for k in range(1, n + 1):
        out += [f"关于公布第{k}批专精特新中小企业名单的通知", f"工信厅企业函〔2031〕{k}号", "各省、自治区、直辖市中小企业主管部门：",
                f"经企业申报、地方推荐、专家评审，现将第{k}批专精特新中小企业名单予以公布，请各地加强跟踪服务。",
                "工业和信息化部办公厅", f"2031年{k % 12 + 1}月5日", ""]
    return "\n".join(out)


@pytest.mark.parametrize("n", [4, 20])
def test_numbered_notices_are_all_kept(tmp_path, n):
    """4 documents in, 1 out; with 20, "no document found"."""
    from converter.pipeline import convert_file

    path = tmp_path / "numbered.txt"
    path.write_text(numbered_notices(n), encoding="utf-8")
    comp = convert_file(path)
    assert [d.title for d in comp.documents] == [f"关于公布第{k}批专精特新中小企业名单的通知" for k in range(1, n + 1)]
    assert not comp.furniture


def test_a_running_header_at_page_breaks_is_still_furniture(tmp_path):
    """The rule that removed the notices still removes a real running header: one at page breaks."""
    from converter.pipeline import convert_file

    body = "为深入贯彻落实有关部署，现就做好相关工作提出如下意见，请各单位认真组织实施并按时报送工作进展情况。"
    lines = ["关于做好2031年度重点工作的通知", "工信厅函〔2031〕9号", "各有关单位："]
    for page in range(1, 5):
        lines += [body] * 6 + [f"中国机械工业协会 2031年第{page}期", f"— {page} —"]
    lines += ["工业和信息化部", "2031年3月1日"]
    path = tmp_path / "headers.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    comp = convert_file(path)
    assert len(comp.documents) == 1
    assert sorted({f.furniture for f in comp.furniture}) == ["page number", "running header"]


# --- faults --------------------------------------------------------------------------------------------

def build(tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    return run("build", "--docs", str(tmp / "docs"), "--site", str(tmp / "site"), *extra, cwd=tmp)


def project(tmp: Path) -> Path:
    """A site folder of its own (its mkdocs.yml names the repository's theme overrides by path; the plugins are installed)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")
    import shutil

    shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True,
                    ignore=lambda d, names: [n for n in names if n not in ("about.md", "assets", "policy-search.js",
                                                                           "policy-site.css", ".policy-site")])
    return tmp


@pytest.mark.parametrize("damage", ["garbage", "malformed pages"])
def test_a_damaged_sqlite_cache_is_rebuilt_with_one_warning(tmp_path, damage):
    """A damaged cache made every later build fail ("database disk image is malformed"); a garbage
    file silently turned caching off for good."""
    project(tmp_path)
    assert build(tmp_path).returncode == 0
    stores = sorted((tmp_path / ".cache" / "plugin").rglob("*.sqlite"))
    assert stores
    for store in stores:
        data = bytearray(store.read_bytes())
        if damage == "garbage":
            data[:] = os.urandom(len(data))
        else:
            data[4096:] = os.urandom(len(data) - 4096)        # valid header, garbage pages
        store.write_bytes(bytes(data))
    r = build(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "unreadable" in r.stderr and "it is rebuilt" in r.stderr
    again = build(tmp_path)                                   # warm again, and quiet
    assert again.returncode == 0 and "unreadable" not in again.stderr
    for store in sorted((tmp_path / ".cache" / "plugin").rglob("*.sqlite")):
        with sqlite3.connect(store) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            assert sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables) > 0


def test_a_planted_cache_file_is_data_never_code(tmp_path, sample_files):
    """The converted-issue cache was pickled: a file planted there ran code when loaded."""
    import pickle

    from converter.commands.convert import CACHE_DIR, convert

    docs = tmp_path / "docs"
    convert(sample_files, docs)
    entries = sorted((docs / CACHE_DIR).glob("*.json"))
    assert len(entries) == len(sample_files)
    proof = tmp_path / "pwned"

    class Planted:
        def __reduce__(self):
            return (Path.write_text, (proof, "ran"))

    for e in entries:
        e.write_bytes(pickle.dumps(Planted()))
    library, _ = convert(sample_files, docs)
    assert not proof.exists() and len(library.compilations) == len(sample_files)
    assert all(json.loads(e.read_bytes()) for e in sorted((docs / CACHE_DIR).glob("*.json")))


def test_two_builds_at_once_take_turns(tmp_path):
    """Two builds into the same folders: one failed with FileExistsError, or both exited 0 with a site
    that matched neither run. The second now waits for the first, saying so."""
    project(tmp_path)
    lock = folders.lock_file((tmp_path / "docs").resolve())
    with folders.locked(lock, "docs"):
        proc = subprocess.Popen([sys.executable, "-m", "converter", "build", "--docs", str(tmp_path / "docs"),
                                 "--site", str(tmp_path / "site")], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        said = threading.Event()                              # the child says it waits (however slow it starts)

        def listen():
            for line in proc.stderr:
                lines.append(line)
                if "another build" in line and "waiting" in line:
                    said.set()
        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert said.wait(timeout=120), "".join(lines)
        assert proc.poll() is None                            # waiting for us
        assert not (tmp_path / "site").exists()
    proc.stdout.read()
    proc.wait(timeout=300)
    listener.join(timeout=60)
    err = "".join(lines)
    assert proc.returncode == 0, err
    assert (tmp_path / "site" / "index.html").exists()


def test_concurrent_builds_give_one_consistent_site(tmp_path, sample_files):
    """Two different builds started together: the site and corpus.json are those of one of them."""
    project(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sample_files:
        (inbox / f.name).write_bytes(f.read_bytes())
    procs = [subprocess.Popen([sys.executable, "-m", "converter", "build", *args, "--docs", str(tmp_path / "docs"),
                               "--site", str(tmp_path / "site")], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
             for args in ([str(inbox)], [str(inbox / sample_files[0].name)])]
    assert [p.wait(timeout=600) for p in procs] == [0, 0], [p.stderr.read() for p in procs]
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    issues = {c["path"][:-3] + ".html" for c in corpus["compilations"]}
    built = {f"issues/{p.name}" for p in (tmp_path / "site" / "issues").glob("*.html") if p.name != "index.html"}
    assert built == issues


def test_the_swap_is_one_step_and_stale_staging_is_cleaned(tmp_path):
    """The swap was two renames (a crash between them left no site); killed builds left .site-XXXX
    folders behind for ever."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("a"), (b / "x").write_text("b")
    if not folders.exchange(a, b):
        pytest.skip("this file system cannot exchange two paths (the fallback is tested elsewhere)")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"
    project(tmp_path)
    stale = [tmp_path / ".site.staging-killed1", tmp_path / ".site.staging-killed2"]
    for s in stale:
        s.mkdir()
        (s / "index.html").write_text("half a site")
    neighbour = tmp_path / ".other.staging-x"                # another site's: not ours to remove
    neighbour.mkdir()
    assert build(tmp_path).returncode == 0
    assert not any(s.exists() for s in stale) and neighbour.exists()


def test_a_build_killed_while_building_leaves_the_previous_site(tmp_path):
    """kill -9 in the middle of the MkDocs build: the previous site is whole, the next build cleans up."""
    project(tmp_path)
    assert build(tmp_path).returncode == 0
    before = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    proc = subprocess.Popen([sys.executable, "-m", "converter", "build", "--docs", str(tmp_path / "docs"),
                             "--site", str(tmp_path / "site")], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not any(p.is_dir() and any(p.iterdir()) for p in tmp_path.glob(".site.staging-*")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*")) == before
    assert build(tmp_path).returncode == 0
    assert not list(tmp_path.glob(".site.staging-*"))


def children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and two cores (worker processes)")
def test_workers_die_with_their_parent(tmp_path, sample_files):
    """kill -9 of the main process during a convert left pool workers running forever."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = sample_files[0].read_text(encoding="utf-8")
    for k in range(12):                                       # enough work to catch the workers at it
        (inbox / f"issue-{k:02d}.txt").write_text(text * 20 + f"\n（第{k}份）\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "converter", "convert", str(inbox), "--out", str(tmp_path / "docs")],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2:
        workers = children_of(proc.pid)
        time.sleep(0.02)
    assert workers, "no worker processes started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() and "Z" not in
                                         Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0]
                                         for w in workers if Path(f"/proc/{w}/stat").exists()):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
             and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []


# --- unpack bombs ----------------------------------------------------------------------------------------

def test_a_docx_that_unpacks_to_too_much_xml_is_refused_quickly(tmp_path):
    """460 KB of .docx unpacked to 126 MB of XML took 97 s and 2.9 GB."""
    from converter.read import limits, read_source

    path = tmp_path / "bomb.docx"
    para = "<w:p><w:r><w:t>关于开展试点工作的通知</w:t></w:r></w:p>"
    body = para * ((limits.DOCX_XML_LIMIT // len(para.encode())) + 1000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                                         f'2006/main"><w:body>{body}</w:body></w:document>')
    assert path.stat().st_size < 2 * 2**20
    t = time.perf_counter()
    with pytest.raises(InputError, match=r"bomb\.docx: .*64 MB"):
        read_source(path)
    assert time.perf_counter() - t < 10


def test_a_docx_whose_directory_understates_its_sizes_gains_nothing(tmp_path):
    """zipfile inflates no member beyond its declared size: the reader gets broken XML, not a bomb."""
    from converter.read import read_source

    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:p/>" * 10_000_000)          # 60 MB
    raw = path.read_bytes().replace((60_000_000).to_bytes(4, "little"), (100).to_bytes(4, "little"))
    path.write_bytes(raw)
    t = time.perf_counter()
    with pytest.raises(InputError, match="liar.docx"):
        read_source(path)
    assert time.perf_counter() - t < 10


def test_a_pdf_whose_streams_inflate_too_far_is_refused(tmp_path, monkeypatch):
    from converter.read import limits, read_source

    monkeypatch.setattr(limits, "PDF_STREAM_LIMIT", 8 * 2**20)
    data = zlib.compress(b"0 0 m " * (2 * 2**20), 9)           # 12 MB of content stream
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    pdf = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n" % (n + 1) + o + b"\nendobj\n" for n, o in enumerate(objects))
    pdf += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    with pytest.raises(InputError, match=r"bomb\.pdf: its streams unpack to more than 8 MB"):
        read_source(path)


def test_images_do_not_count_against_a_pdfs_limit(monkeypatch):
    from converter.read import limits

    monkeypatch.setattr(limits, "PDF_STREAM_LIMIT", 1000)
    data = zlib.compress(b"\xff" * 100_000)
    pdf = (b"%%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Width 100 /Height 1000 /Length %d "
           b"/Filter /FlateDecode >>\nstream\n" % len(data)) + data + b"\nendstream\nendobj\n"
    limits.check_pdf(pdf, "photo.pdf")                        # no error


# --- bad bytes -----------------------------------------------------------------------------------------

NOTICE = "关于开展智能制造试点工作的通知\n工信厅装〔2031〕12号\n各有关单位：\n为推进智能制造，现将有关事项通知如下，请认真组织申报工作并按时报送材料。\n工业和信息化部办公厅\n2031年4月8日\n"


def test_a_nul_byte_near_the_start_does_not_turn_the_file_into_mojibake(tmp_path):
    """A NUL in the first 4 KB made the file read as UTF-16; later NULs reached Markdown, HTML and search."""
    from converter.commands.convert import convert

    raw = NOTICE.encode("utf-8")
    raw = raw[:9] + b"\x00" + raw[9:] + b"\x00"
    (tmp_path / "nul.txt").write_bytes(raw)
    library, _ = convert([tmp_path / "nul.txt"], tmp_path / "docs")
    (doc,) = library.entries
    assert doc.title == "关于开展智能制造试点工作的通知" and doc.doc_number == "工信厅装〔2031〕12号"
    assert not [p for p in (tmp_path / "docs").rglob("*") if p.is_file() and b"\x00" in p.read_bytes()]
    report = next((tmp_path / "docs" / "reports").glob("*.md")).read_text(encoding="utf-8")
    assert "控制字符（如 NUL） 2 个" in report


def test_bidi_controls_are_removed_and_reported(tmp_path):
    """U+202E in a title reversed the 文号 and date shown next to it in index lists."""
    from converter.commands.convert import convert

    text = NOTICE.replace("智能制造试点", "智能\u202e制造\u2066试点\u2069")
    (tmp_path / "bidi.txt").write_text(text, encoding="utf-8")
    library, _ = convert([tmp_path / "bidi.txt"], tmp_path / "docs")
    assert library.entries[0].title == "关于开展智能制造试点工作的通知"
    for page in (tmp_path / "docs").rglob("*.md"):
        assert not any(c in page.read_text(encoding="utf-8") for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    report = next((tmp_path / "docs" / "reports").glob("*.md")).read_text(encoding="utf-8")
    assert "双向文字控制符" in report and " 3 个" in report


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_read(tmp_path, encoding):
    from converter.read import read_source

    path = tmp_path / "u16.txt"
    path.write_bytes(NOTICE.encode(encoding))
    assert read_source(path).text == NOTICE


def test_sitemap_is_the_same_bytes_on_another_day(tmp_path, monkeypatch):
    """sitemap.xml.gz carried the build's gzip timestamp: builds differed from one day to the next."""
    import datetime as dt

    import mkdocs.utils

    from converter.commands.build import build as build_site

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sites = []
    for day in (dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2032, 6, 15, tzinfo=dt.timezone.utc)):
        class Clock(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return day
        monkeypatch.setattr(mkdocs.utils, "datetime", Clock, raising=False)
        site = tmp_path / f"site-{day.year}"
        # a sitemap is written only for a site with an address (without one it would list no URL)
        build_site([], site_dir=site, docs_dir=tmp_path / "docs", site_url="https://policy.example.org/")
        sites.append(site)
    for name in ("sitemap.xml", "sitemap.xml.gz", "index.html"):
        assert (sites[0] / name).read_bytes() == (sites[1] / name).read_bytes(), name


def test_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    import gzip

    from converter.commands.build import build as build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = tmp_path / "site"
    build_site([], site_dir=site, docs_dir=tmp_path / "docs", site_url="https://policy.example.org/")
    with open(site / "sitemap.xml.gz", "rb") as f:
        header = f.read(10)
    assert int.from_bytes(header[4:8], "little") == 1700000000 - 1700000000 % 86400   # MkDocs keeps the day
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_lock_is_released_when_a_build_fails(tmp_path):
    """A refused or failed run leaves no lock held: the next run does not wait."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG binary")
    assert run("convert", str(bad), "--out", str(tmp_path / "docs")).returncode == 2
    done = threading.Event()
    fd_holder = {}

    def take():
        with folders.locked(folders.lock_file((tmp_path / "docs").resolve()), "docs"):
            fd_holder["ok"] = True
        done.set()
    t = threading.Thread(target=take)
    t.start()
    assert done.wait(5) and fd_holder["ok"]
