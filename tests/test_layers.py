"""The layering contracts of pyproject.toml ([tool.importlinter]) hold: domain stages (stages/, text/,
vocab/, read/, model.py) never import perf/, site/ or commands/; perf/ and site/ never import the
commands. Checked by import-linter over the real import graph."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache", *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_package_keeps_its_layers():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "2 kept, 0 broken" in done.stdout


def test_a_stage_importing_a_speed_up_breaks_the_contract(tmp_path):
    """The same contracts over a copy of the package with one forbidden import added: lint-imports fails."""
    shutil.copytree(ROOT / "converter", tmp_path / "converter", ignore=shutil.ignore_patterns("__pycache__", "sample"))
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = tmp_path / "converter" / "stages" / "clean.py"
    clean.write_text(clean.read_text(encoding="utf-8") + "\nfrom converter.perf import memo  # noqa\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode != 0
    assert "converter.stages.clean -> converter.perf.memo" in done.stdout
