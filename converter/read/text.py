"""Read a text file: its bytes decoded, whatever common encoding it is in (UTF-8 with or without BOM,
UTF-16/32 with BOM, UTF-16 without BOM, GB18030/GBK, anything charset-normalizer recognises)."""
from __future__ import annotations

import codecs

from converter.errors import InputError
from converter.model import Source
from converter.vocab import patterns as P

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\xd0\xcf\x11\xe0")


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) or raise InputError for binary or undecodable content."""
    if raw.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: not a text file (binary content)")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: cannot decode as {enc}: {exc.reason}") from None
    if b"\x00" in raw[:4096]:
        # UTF-16 without BOM: NUL in every other byte
        if found := _first_plausible(raw, ("utf-16-le", "utf-16-be")):
            return found
        raise InputError(f"{name}: not a text file (binary content)")
    if found := _first_plausible(raw, ("utf-8", "gb18030")):
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and _plausible(str(best)):
        return str(best), best.encoding
    raise InputError(f"{name}: cannot detect the text encoding")


def _first_plausible(raw: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, encoding) for the first encoding that decodes `raw` into plausible text."""
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, enc
    return None


def _plausible(text: str) -> bool:
    """Text, not binary decoded by luck: few control characters."""
    if not text:
        return True
    bad = len(P.CONTROL_CHAR.findall(text, 0, 20000))
    return bad <= max(2, len(text[:20000]) // 1000)


def read_text(path, raw: bytes, sha: str) -> Source:
    """A text file as a Source (InputError when it is binary or undecodable)."""
    text, encoding = decode(raw, path.name)
    return Source(str(path), path.name, sha, encoding, text)
