"""The benchmark's synthetic corpus (bench/generate.py): issues as long as their sources, which
convert to as many documents, none merged with another issue's."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT, SEEDS, convert_to


def load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module                  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# Documents found in the generated issues, at least, as a share of those in the sources. The sample
# alone is repeated within each issue, and its long wrapped titles get the issue's tag twice: a
# title line then runs past the width of the text around it and is no longer read as a title
# (measured: 47 of 72 documents; the seeds: 95 of 97). The benchmark uses the seeds when present.
@pytest.mark.parametrize("use_seeds, share", [(False, 0.6), (True, 0.95)])
def test_generated_issues_convert_to_their_sources_documents(tmp_path, use_seeds, share):
    if use_seeds and not SEEDS.is_dir():
        pytest.skip(f"no seeds: {SEEDS} is absent (the real compilations live outside the repository)")
    gen = load_generator()
    out = tmp_path / "corpus"
    info = gen.generate(3, out, use_seeds=use_seeds)
    issues = sorted(out.glob("issue-*.txt"))
    assert len(issues) == info["files"] == 3
    sources = {p.name: p.stat().st_size for p in gen.sources(use_seeds)}
    assert min(p.stat().st_size for p in issues) >= 0.9 * min(sources.values())   # no issue comes out empty
    assert sum(p.stat().st_size for p in issues) == info["bytes"]
    _, corpus = convert_to(issues, tmp_path / "docs")
    facts = gen.merges(tmp_path / "docs" / "data" / "corpus.json")
    assert facts["compilations"] == 3 and facts["shared_across_issues"] == 0
    converted = sum(len(c["documents"]) for c in corpus["compilations"])
    assert share * info["source_documents"] <= converted <= info["source_documents"]
