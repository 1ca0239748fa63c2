"""Checkers the reader tests run against a built site, fetched at test time, never committed:

* axe-core (npm, MPL-2.0): the accessibility rules, injected into the page in Chromium;
* the Nu Html Checker (`vnu-jar` on npm, MIT): HTML validity, run with the machine's Java.

Each is fetched once with `npm pack` into .cache/test-tools/ (git-ignored) and reused; a test that
needs one skips, with the reason, when npm, the registry or Java is not there.
"""
from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT

TOOLS = ROOT / ".cache" / "test-tools"
AXE = "axe-core@4.14.1"
VNU = "vnu-jar@26.9.27"


def npm_package(spec: str) -> Path:
    """The unpacked npm package `spec` (name@version), fetched once; skips when it cannot be."""
    name, _, version = spec.rpartition("@")
    folder = TOOLS / f"{name}-{version}"
    if (folder / "package.json").is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"{spec}: npm is not installed (apt-get install npm)")
    TOOLS.mkdir(parents=True, exist_ok=True)
    try:
        out = subprocess.run([npm, "pack", spec, "--pack-destination", str(TOOLS), "--silent"], capture_output=True,
                             text=True, timeout=300, check=True).stdout.strip().splitlines()
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"{spec}: npm pack failed ({exc}); the registry may be unreachable")
    tarball = TOOLS / out[-1]
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        tar.extractall(staging, filter="data")
    (staging / "package").rename(folder)
    shutil.rmtree(staging, ignore_errors=True)
    tarball.unlink()
    return folder


def axe_script() -> str:
    return (npm_package(AXE) / "axe.min.js").read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    jar = next((npm_package(VNU) / "build" / "dist").glob("vnu.jar"), None)
    if jar is None:
        pytest.skip(f"{VNU}: no vnu.jar in the package")
    return [java, "-Xss1024k", "-jar", str(jar)]
