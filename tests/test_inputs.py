"""Inputs as people receive them: every encoding and line ending converts to the same documents."""
from __future__ import annotations

import codecs

import pytest

from converter.pipeline import convert_file


def documents(path):
    comp = convert_file(path)
    return [(d.title, d.doc_number, d.date, d.kind, d.issuers, d.occurrence.start_line) for d in comp.documents]


ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("gb18030", lambda t: t.encode("gb18030")),
    ("gbk", lambda t: t.encode("gbk", errors="strict")),
    ("utf-16 LE with BOM", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    ("utf-16 BE with BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ("CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ("CR", lambda t: t.replace("\n", "\r").encode("utf-8")),
]


@pytest.mark.parametrize("name, encode", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_convert_identically(sample_files, tmp_path, name, encode):
    original = sample_files[0]
    text = original.read_text(encoding="utf-8")
    try:
        data = encode(text)
    except UnicodeEncodeError:
        pytest.skip(f"the sample has characters {name} cannot encode")
    path = tmp_path / original.name
    path.write_bytes(data)
    assert documents(path) == documents(original)
