"""Golden files: the bundled sample → the exact Markdown and corpus.json we reviewed.

Regenerate with `pytest tests/test_golden.py --update-golden` and review the diff."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from converter.stages.render import GENERATED_TOP

GOLDEN = ROOT / "tests" / "golden" / "sample"


def generated(docs: Path) -> dict[str, str]:
    return {str(p.relative_to(docs)): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*")) if p.is_file() and p.suffix in (".md", ".json", ".xml")
            and not p.name == "manifest.json" and p.relative_to(docs).parts[0] in GENERATED_TOP}


def test_sample_matches_golden(sample_corpus, request):
    docs, _, _ = sample_corpus
    got = generated(docs)     # hand-written pages (docs/ of the project) are not golden
    if request.config.getoption("--update-golden"):
        import shutil
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in got.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten: review `git diff tests/golden`")
    if not GOLDEN.is_dir():
        pytest.fail("no golden files: run pytest tests/test_golden.py --update-golden and review them")
    want = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel] == want[rel], f"{rel} differs from its golden file"
