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
    if found := _first_plausible(raw, ("utf-8",)):
        return found                                  # a stray NUL in UTF-8 text is removed by clean
    if b"\x00" in raw[:4096] and (found := _utf16_without_bom(raw)):
        return found
    if found := _first_plausible(raw, ("gb18030",)):
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and _plausible(str(best)):
        return str(best), best.encoding
    raise InputError(f"{name}: cannot detect the text encoding")


#: Share of characters of a decoded text that must be CJK, Latin, digits, punctuation or white space
#: (bytes decoded with the wrong encoding give U+FFFD, controls, Hangul and other scripts).
TEXT_LIKE = 0.9


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM (tried after UTF-8, which a UTF-16 text of Chinese never is): the byte order
    whose NULs are the more (the high bytes of ASCII) first, kept when it decodes into text."""
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for encoding in (("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _text_like(text[:20000]) and _plausible(text):
            return text, encoding
    return None


def _text_like(text: str) -> bool:
    if not text:
        return True
    good = sum(1 for c in text if c.isspace() or c.isascii() and c.isprintable() or P.CJK_OR_PUNCT.match(c))
    return good >= TEXT_LIKE * len(text)


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
