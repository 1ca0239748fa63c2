"""How much a .docx or PDF may unpack to before it is read: a small file that inflates into gigabytes
(460 KB of .docx unpacked to 126 MB of XML took 97 s and 2.9 GB) is refused with a message naming the
file and the limit.

A .docx is a zip: the sizes its directory declares are checked (a directory that understates them
gains nothing: Python's zipfile never inflates a member beyond its declared size). A PDF keeps its text in Flate streams: every stream but images (which reading
the text layer never decodes) is inflated here, within the budget, before PDFium sees the file.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from converter.errors import InputError

#: The XML a .docx may hold, unpacked (the text of a 1,000-page compilation is about 30 MB of XML).
DOCX_XML_LIMIT = 64 * 2**20
#: Everything a .docx may hold, unpacked (pictures included).
DOCX_TOTAL_LIMIT = 512 * 2**20
#: What the non-image Flate streams of a PDF may inflate to, together.
PDF_STREAM_LIMIT = 256 * 2**20
#: The start of a stream's data, and the dictionary before it (its last 4 KB are enough to see /Image).
_STREAM = re.compile(rb"stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")


def _mb(n: int) -> str:
    return f"{n // 2**20} MB"


def check_docx(raw: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
            total = sum(i.file_size for i in infos)
            if xml > DOCX_XML_LIMIT or total > DOCX_TOTAL_LIMIT:
                raise InputError(f"{name}: unpacks to {_mb(total)} ({_mb(xml)} of XML); a .docx may unpack "
                                 f"to {_mb(DOCX_XML_LIMIT)} of XML and {_mb(DOCX_TOTAL_LIMIT)} in all")
    except zipfile.BadZipFile:
        return                                    # python-docx reports a broken package in its own words


def check_pdf(raw: bytes, name: str) -> None:
    budget = PDF_STREAM_LIMIT
    for m in _STREAM.finditer(raw):
        if raw[m.start() - 3:m.start()] == b"end":
            continue                              # `endstream`
        head = raw[max(0, m.start() - 4096):m.start()]
        if (o := list(_OBJ.finditer(head))):
            head = head[o[-1].end():]
        if _IMAGE.search(head) or not _FLATE.search(head):
            continue
        inflate = zlib.decompressobj()
        pos = m.end()
        while pos < len(raw) and not inflate.eof:
            piece = raw[pos:pos + (1 << 16)]
            pos += len(piece)
            try:
                out = inflate.decompress(piece, budget + 1)
                budget -= len(out)
                while inflate.unconsumed_tail and budget >= 0:
                    out = inflate.decompress(inflate.unconsumed_tail, budget + 1)
                    budget -= len(out)
            except zlib.error:
                break                             # not ours to judge: PDFium reads what it can
            if budget < 0:
                raise InputError(f"{name}: its streams unpack to more than {_mb(PDF_STREAM_LIMIT)}, "
                                 "the limit for a PDF")
