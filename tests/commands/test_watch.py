"""`policy-site serve` watches its inputs; progress bars; the conversion cache."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from converter.commands import build, progress
from converter.commands.convert import collect_inputs
from converter.commands.watch import InputWatcher


def _change(folder: Path, what: str, sample: Path):
    target = folder / "a.txt"
    if what == "new file":
        shutil.copyfile(sample, folder / "b.txt")
    elif what == "edited file":
        target.write_bytes(target.read_bytes() + "\n补充一行。\n".encode())
    elif what == "touched, same size, newer time":
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    elif what == "nothing":
        pass


@pytest.mark.parametrize("what, changed", [
    ("new file", True), ("edited file", True), ("touched, same size, newer time", True), ("nothing", False),
])
def test_watcher_sees_files_added_and_edited(sample_files, tmp_path, what, changed):
    shutil.copyfile(sample_files[0], tmp_path / "a.txt")
    calls = []
    w = InputWatcher([tmp_path], collect_inputs, lambda: calls.append(1))
    _change(tmp_path, what, sample_files[1])
    assert w.poll() is changed
    assert len(calls) == int(changed)
    assert w.poll() is False                      # reported once


def test_watcher_survives_an_emptied_folder(sample_files, tmp_path):
    shutil.copyfile(sample_files[0], tmp_path / "a.txt")
    calls = []
    w = InputWatcher([tmp_path], collect_inputs, lambda: calls.append(1))
    (tmp_path / "a.txt").unlink()                 # collect_inputs now raises: reported as a change
    assert w.poll() is True and calls == [1]


def test_progress_bars_on_request_and_silent_with_q(sample_files, tmp_path, capsys, monkeypatch):
    from converter.cli import main

    monkeypatch.setattr(progress, "ENABLED", True)
    build.build([str(p) for p in sample_files], tmp_path / "site", tmp_path / "docs")
    err = capsys.readouterr().err
    assert "convert" in err and "build" in err and "page" in err
    assert main(["-q", "build", "--site", str(tmp_path / "site"), "--docs", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out == ""


# --- the real command, over http -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_picks_up_a_new_issue_and_survives_a_broken_one(sample_files, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(sample_files[0], inbox / sample_files[0].name)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "converter", "serve", str(inbox), "--docs", str(tmp_path / "docs"),
                             "--config", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    issues = lambda: _get(base + "issues/index.html")  # noqa: E731
    try:
        first = _wait_for(issues, 60)
        assert first is not None, "serve did not come up"
        assert first.count("总第") == 1
        shutil.copyfile(sample_files[1], inbox / sample_files[1].name)          # a new issue arrives
        assert _wait_for(lambda: (p := issues()) and p.count("总第") == 2, 60), "new issue not picked up"
        (inbox / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))   # a broken one
        assert _wait_for(lambda: "broken.txt" in Path(log.name).read_text(), 30), "broken file not reported"
        time.sleep(2)
        page = issues()
        assert page is not None and page.count("总第") == 2                      # the site stays up, as it was
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    text = Path(log.name).read_text()
    assert "broken.txt: not a text file" in text and "Traceback" not in text
