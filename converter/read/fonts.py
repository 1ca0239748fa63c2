"""The fonts PDFium may use for a font a PDF does not embed: one neutral font made here, never the
reading machine's fonts, so that what the reader sees of a PDF is the same on every machine.

Why: PDFium substitutes an installed font for a non-embedded one (STSong-Light, 宋体 by name only) and
takes glyph boxes from it. Where no installed font has the glyph (a machine without CJK fonts), the
box is empty, and PDFium drops from its text page a text object whose box has no width: a title's last
character set alone on a line vanishes. The reader takes geometry from character origins and the
PDF's own advance widths (`read.pdf`), and gives PDFium, instead of the system's font list, one font
whose every code point maps to a square glyph one em wide (a TrueType font of two glyphs, a cmap of
format 13). Embedded fonts are used as they are.

    install()    # once per process, before the first PDF is opened (idempotent)
"""
from __future__ import annotations

import ctypes
import struct

FACE = b"PolicySiteNeutral"
UNITS = 1000
ASCENT, DESCENT = 880, -120
#: Windows charsets PDFium asks for (ANSI, default, symbol, GB2312, Big5, Shift-JIS, Hangul): the font
#: is listed for each, so every request finds it.
CHARSETS = (0, 1, 2, 128, 129, 134, 136)


def _table_sum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def neutral_font() -> bytes:
    """A TrueType font: glyph 0 empty (.notdef), glyph 1 a square of one em; every code point from
    U+0020 to U+10FFFF maps to glyph 1; advance one em."""
    square = struct.pack(">hhhhhH", 1, 0, DESCENT, UNITS, ASCENT, 3) + struct.pack(">H", 0) + bytes([1] * 4) \
        + struct.pack(">4h", 0, UNITS, 0, -UNITS) + struct.pack(">4h", DESCENT, 0, ASCENT - DESCENT, 0)
    square += b"\0" * (-len(square) % 4)
    glyf = square
    loca = struct.pack(">3I", 0, 0, len(square))  # long offsets: glyph 0 empty, glyph 1 the square
    cmap_13 = struct.pack(">HHIII", 13, 0, 28, 0, 1) + struct.pack(">III", 0x20, 0x10FFFF, 1)
    cmap = struct.pack(">HH", 0, 3) + b"".join(struct.pack(">HHI", platform, encoding, 28)  # one subtable, 3 names
                                               for platform, encoding in ((0, 4), (3, 1), (3, 10))) + cmap_13
    hmtx = struct.pack(">HhHh", UNITS, 0, UNITS, 0)
    # version, ascender, descender, lineGap, advanceWidthMax, minLeftSideBearing, minRightSideBearing,
    # xMaxExtent, caretSlopeRise, caretSlopeRun, caretOffset, 4 reserved, metricDataFormat, numberOfHMetrics
    hhea = struct.pack(">Ihhh H hhh hhh 4h h H", 0x00010000, ASCENT, DESCENT, 0, UNITS, 0, 0, UNITS, 1, 0, 0,
                       0, 0, 0, 0, 0, 2)
    maxp = struct.pack(">IH", 0x00010000, 2) + struct.pack(">13H", 4, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS, 0, 0,
                       0, DESCENT, UNITS, ASCENT, 0, 8, 2, 1, 0)
    name_str = FACE.decode().encode("utf-16-be")
    records = [(3, 1, 0x409, nid, len(name_str), 0) for nid in (1, 4, 6)]
    name = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) \
        + b"".join(struct.pack(">6H", *r) for r in records) + name_str
    post = struct.pack(">IihhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)
    os2 = struct.pack(">HhHHHhhhhhhhhhhh", 1, UNITS, 400, 5, 0, 500, 500, 0, 0, 500, 500, 0, 0, 50, 250, 0) \
        + bytes(10) + struct.pack(">4I", 0xFFFFFFFF, 0xFFFFFFFF, 0x3F, 0) + b"NONE" \
        + struct.pack(">HHHhhhHHII", 0x40, 0x20, 0xFFFF, ASCENT, DESCENT, 0, ASCENT, -DESCENT, 0x001E0001, 0)
    tables = {b"OS/2": os2, b"cmap": cmap, b"glyf": glyf, b"head": head, b"hhea": hhea, b"hmtx": hmtx,
              b"loca": loca, b"maxp": maxp, b"name": name, b"post": post}
    count = len(tables)
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _table_sum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    power = 1 << (count.bit_length() - 1)
    font = struct.pack(">IHHHH", 0x00010000, count, 16 * power, power.bit_length() - 1, 16 * (count - power)) \
        + directory + body
    adjust = (0xB1B0AFBA - _table_sum(font)) & 0xFFFFFFFF  # head.checkSumAdjustment
    at = offset + body.index(head) + 8
    return font[:at] + struct.pack(">I", adjust) + font[at + 4:]


#: The font info and its callbacks, once installed: PDFium holds pointers to them for the rest of the
#: process, so they must live as long (a tuple, set once: process state that no conversion changes).
_installed: tuple | None = None


def install() -> None:
    """Give PDFium the neutral font as its only system font (once per process)."""
    global _installed
    if _installed is not None:
        return
    import pypdfium2.raw as pdfium_c

    info_t = pdfium_c.FPDF_SYSFONTINFO
    fields = dict(info_t._fields_)
    data = neutral_font()
    buffer = ctypes.create_string_buffer(data, len(data))
    handle = ctypes.c_void_p(1)

    def enum_fonts(_info, mapper):
        for charset in CHARSETS:
            pdfium_c.FPDF_AddInstalledFont(mapper, FACE, charset)

    def map_font(_info, _weight, _italic, _charset, _pitch, _face, exact):
        if exact:
            exact[0] = 0
        return handle.value

    def get_font(_info, _face):
        return handle.value

    def get_font_data(_info, _font, table, out, size):
        if table:  # a table of a collection: the font is a single TrueType font
            return 0
        if out and size >= len(data):
            ctypes.memmove(out, buffer, len(data))
        return len(data)

    def get_face_name(_info, _font, out, size):
        if out and size > len(FACE):
            ctypes.memmove(out, FACE + b"\0", len(FACE) + 1)
        return len(FACE) + 1

    callbacks = dict(
        Release=fields["Release"](lambda _info: None),
        EnumFonts=fields["EnumFonts"](enum_fonts),
        MapFont=fields["MapFont"](map_font),
        GetFont=fields["GetFont"](get_font),
        GetFontData=fields["GetFontData"](get_font_data),
        GetFaceName=fields["GetFaceName"](get_face_name),
        GetFontCharset=fields["GetFontCharset"](lambda _info, _font: 1),
        DeleteFont=fields["DeleteFont"](lambda _info, _font: None),
    )
    info = info_t(version=1, **callbacks)
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    _installed = (info, callbacks, buffer, handle)
