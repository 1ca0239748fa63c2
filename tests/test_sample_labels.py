"""The bundled sample (invented text, written for this project) against its own labels."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import SAMPLE
from converter.pipeline import convert_file
from converter.vocab import VOCAB

LABELS = yaml.safe_load((SAMPLE / "LABELS.yaml").read_text(encoding="utf-8"))["documents"]


def squash(s):
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def converted():
    return {p.name: {d.occurrence.start_line: d for d in convert_file(p).documents} for p in SAMPLE.glob("*.txt")}


@pytest.mark.parametrize("want", LABELS, ids=[f"{w['source'][:7]}:{w['start_line']}" for w in LABELS])
def test_sample_document(converted, want):
    got = converted[want["source"]].get(want["start_line"])
    assert got is not None, f"not found: {want['title']}"
    assert squash(got.title) == squash(want["title"])
    assert squash(got.doc_number) == squash(want["doc_number"])
    assert got.date == (str(want["date"]) if want["date"] else None)
    assert got.kind == want["kind"]
    assert {VOCAB.canonical(i) for i in got.issuers} == {VOCAB.canonical(i) for i in want["issuers"]}


def test_sample_has_no_extra_documents(converted):
    for source, docs in converted.items():
        assert sorted(docs) == sorted(w["start_line"] for w in LABELS if w["source"] == source)


def test_sample_interpretations_link_across_issues(sample_corpus):
    _, _, corpus = sample_corpus
    by_title = {squash(d["title"]): d for d in corpus["documents"]}
    by_id = {d["id"]: d for d in corpus["documents"]}
    for want in LABELS:
        if want["kind"] == "interpretation" and want["interprets"]:
            got = by_title[squash(want["title"])]
            assert [squash(by_id[i]["title"]) for i in got["interprets"]] == [squash(want["interprets"])]
