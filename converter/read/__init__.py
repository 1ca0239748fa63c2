"""Stage 0 — read: a compilation file in (plain text, PDF or Word .docx), one Source out.

    source = read.read_source(path)    # Source(text, layout): one line of text per physical line

Plain text is decoded by `read.text`; a PDF is read from its text layer by `read.pdf`, a Word file in
document order by `read.docx` (each module says how). A PDF or Word source carries, per line, where
it was found on its page (`Source.layout`); a text file has no layout.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from converter.errors import InputError
from converter.model import Source
from converter.read import limits
from converter.read.docx import docx_lines
from converter.read.pdf import pdf_lines
from converter.read.text import read_text

#: Suffixes read as laid-out documents; every other file is read as text (and refused when binary).
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)


def file_kind(path: Path, raw: bytes) -> str:
    """"pdf", "docx" or "text": by suffix, else by content for a file without a .txt suffix."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix != ".txt":
        if b"%PDF-" in raw[:1024]:
            return "pdf"
        if raw.startswith(b"PK\x03\x04") and _is_docx(raw):
            return "docx"
    return "text"


def read_source(path: Path) -> Source:
    """Read one input file, whatever its type, into a Source (InputError when it cannot be)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    sha = hashlib.sha256(raw).hexdigest()
    kind = file_kind(path, raw)
    if kind == "text":
        if path.suffix.lower() == ".doc":
            raise InputError(f"{path.name}: an old Word .doc file; save it as .docx (or PDF) and convert that")
        return read_text(path, raw, sha)
    (limits.check_pdf if kind == "pdf" else limits.check_docx)(raw, path.name)
    laid_out = (pdf_lines if kind == "pdf" else docx_lines)(raw, path.name)
    text = "\n".join(t for t, _ in laid_out)
    return Source(str(path), path.name, sha, kind, text, tuple(place for _, place in laid_out))


def _is_docx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False
