"""The command line as a user meets it: help, errors without tracebacks, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "converter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("argv", [["--help"], ["convert", "--help"], ["build", "--help"], ["serve", "--help"]])
def test_every_command_has_help(argv):
    r = run(*argv)
    assert r.returncode == 0 and "usage: policy-site" in r.stdout


def written(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make_input, message", [
    (lambda d: d / "missing.txt", "no such file or folder"),
    (lambda d: written(d / "empty-folder" / "notes.md", b"x").parent, "folder has no compilation files"),
    (lambda d: written(d / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), "not a text file"),
    (lambda d: written(d / "archive.txt", b"PK\x03\x04" + bytes(range(256)) * 4), "not a text file"),
    (lambda d: written(d / "blank.txt", b"\n" * 10000), "no document found"),
    (lambda d: written(d / "tiny.txt", "你好".encode()), "no document found"),
])
def test_bad_input_is_one_line_error_exit_2(tmp_path, make_input, message):
    path = make_input(tmp_path)
    r = run("convert", str(path), "--out", str(tmp_path / "docs"))
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "docs").exists()  # a refused run writes nothing


def test_convert_sample_by_default_and_summarise(tmp_path):
    r = run("convert", "--out", str(tmp_path / "docs"))
    assert r.returncode == 0, r.stderr
    assert "documents" in r.stdout and "unmatched" in r.stdout
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert len(corpus["compilations"]) == 2


def test_convert_never_imports_mkdocs(tmp_path):
    """`convert` builds no site: MkDocs (0.06 s of imports) is loaded by `build` and `serve` only."""
    code = ("import sys; from converter import cli; code = cli.main(['-q', 'convert', '--out', sys.argv[1]]); "
            "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "docs")], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.split() == ["0", "[]"], r.stdout + r.stderr


def test_segmenter_option_chooses_the_crf(tmp_path, monkeypatch):
    """`--segmenter crf` (the default) labels with the model, `--segmenter rules` does not, and the conversion
    cache keeps the two apart: were the choice not in its key, the crf run would take the rules' entry and never label."""
    from converter import cli
    from converter.commands.convert import CACHE_DIR, SAMPLE
    from converter.stages.segment import labeller

    calls = []
    label = labeller.label
    monkeypatch.setattr(labeller, "label", lambda *a, **k: calls.append(a[0]) or label(*a, **k))
    source = SAMPLE / "2031-06-sample-issue-13.txt"      # one file: converted here, not in worker processes
    docs = tmp_path / "docs"
    entries, corpus = {}, {}
    for choice in ("rules", "crf", "rules"):
        argv = ["-q", "convert", str(source), "--out", str(docs)] + (["--segmenter", choice] if choice != labeller.DEFAULT else [])
        before = len(calls)
        assert cli.main(argv) == 0
        entries[choice] = {p.name for p in (docs / CACHE_DIR).glob("*.json")}
        corpus.setdefault(choice, []).append((docs / "data" / "corpus.json").read_bytes())
        assert (len(calls) > before) is (choice == "crf"), choice
    assert len(entries["rules"]) == len(entries["crf"]) == 1 and entries["rules"] != entries["crf"]
    assert len(calls) == 1                                # only the crf run labelled (a rules hit would not)
    assert corpus["rules"][0] == corpus["rules"][1]       # the rules' entry served again, same pages


def test_unknown_segmenter_is_refused(tmp_path):
    r = run("convert", "--segmenter", "neural", "--out", str(tmp_path / "docs"))
    assert r.returncode == 2 and "invalid choice: 'neural'" in r.stderr and "Traceback" not in r.stderr
