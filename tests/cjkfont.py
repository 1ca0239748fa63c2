"""CJK fonts the typesetter can embed, found on this machine.

reportlab embeds TrueType outlines only. Debian's fonts-noto-cjk ships OpenType collections with CFF
(PostScript) outlines, which it refuses ("postscript outlines are not supported"); so each face is cut
down to the characters a compilation uses and its outlines converted to TrueType quadratics with
fontTools (cu2qu), then handed to reportlab, which embeds a subset again. A font that already has
TrueType outlines (WenQuanYi, AR PL, Droid Sans Fallback, …) is used as it is.

    reason = cjkfont.missing()           # None, or why embedding cannot work here (for pytest.skip)
    names = cjkfont.register(chars)      # {"body": …, "title": …, "sans": …} registered with reportlab

Converted subsets are cached in memory and in the temporary folder (keyed by font file, face and
characters), so a test session converts each face once. Each subset is registered under a PostScript
name of its own, so that several subsets of one face can live in one process.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import unicodedata
from pathlib import Path

FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"))
#: (role, file names to look for in order, index of the Simplified Chinese face in a collection)
WANTED = {
    "body": (("NotoSerifCJK-Regular.ttc", 2), ("NotoSerifCJKsc-Regular.otf", 0), ("uming.ttc", 0),
             ("wqy-zenhei.ttc", 0), ("DroidSansFallbackFull.ttf", 0), ("NotoSansCJK-Regular.ttc", 2)),
    "title": (("NotoSerifCJK-Bold.ttc", 2), ("NotoSerifCJKsc-Bold.otf", 0), ("NotoSansCJK-Bold.ttc", 2),
              ("wqy-zenhei.ttc", 0), ("uming.ttc", 0), ("DroidSansFallbackFull.ttf", 0)),
    "sans": (("NotoSansCJK-Bold.ttc", 2), ("NotoSansCJKsc-Bold.otf", 0), ("wqy-zenhei.ttc", 0),
             ("wqy-microhei.ttc", 0), ("DroidSansFallbackFull.ttf", 0), ("NotoSerifCJK-Bold.ttc", 2)),
}
CACHE = Path(tempfile.gettempdir()) / "policy-site-test-fonts"
_registered: dict[tuple, str] = {}


def _index() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in FOLDERS:
        if os.path.isdir(folder):
            for dirpath, _, files in os.walk(folder):
                for f in files:
                    found.setdefault(f, Path(dirpath) / f)
    return found


def faces() -> dict[str, tuple[Path, int]] | None:
    """The font file and face index for each role, or None when some role has none."""
    index = _index()
    out = {}
    for role, wanted in WANTED.items():
        for name, face in wanted:
            if name in index:
                out[role] = (index[name], face)
                break
        else:
            return None
    return out


def missing() -> str | None:
    """Why embedded CJK fonts cannot be made here, or None when they can."""
    try:
        import fontTools  # noqa: F401
    except ImportError:
        return "fontTools is not installed (pip install -e '.[test]')"
    if faces() is None:
        return ("no CJK font on this machine (apt-get install fonts-noto-cjk, or any TrueType CJK font "
                "such as fonts-wqy-zenhei)")
    return None


def _truetype(path: Path, face: int, chars: frozenset[str]) -> bytes:
    """The face cut down to `chars`, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(path), fontNumber=face, lazy=False) if path.suffix == ".ttc" else TTFont(str(path))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in chars))
    sub.subset(font)
    if "CFF " in font:
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        del font["CFF "]
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        maxp = font["maxp"] = newTable("maxp")
        maxp.tableVersion = 0x00010000
        for key in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                    "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxPoints",
                    "maxContours", "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
            setattr(maxp, key, 0)
        maxp.maxZones = 1
        maxp.numGlyphs = len(order)
        post = font["post"]
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        post.glyphOrder = order
        font.sfntVersion = "\x00\x01\x00\x00"
        font["head"].glyphDataFormat = 0
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_file(path: Path, face: int, chars: frozenset[str]) -> Path:
    st = path.stat()
    key = hashlib.sha256(f"{path}|{st.st_size}|{st.st_mtime_ns}|{face}|".encode()
                         + "".join(sorted(chars)).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    target = CACHE / f"{path.stem}-{face}-{key}.ttf"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        data = _truetype(path, face, chars)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def register(chars: set[str]) -> dict[str, str]:
    """Register a body, a title and a heading face covering `chars` with reportlab; their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    reason = missing()
    if reason:
        raise RuntimeError(f"embedded fonts unavailable: {reason}")
    chars = frozenset(c for c in chars if unicodedata.category(c) != "Cc") | frozenset(" 0123456789")
    out = {}
    for role, (path, face) in faces().items():
        key = (str(path), face, chars)
        name = _registered.get(key)
        if name is None:   # a face registered for more characters will do
            name = next((n for (p, f, cs), n in _registered.items() if p == str(path) and f == face and chars <= cs),
                        None)
        if name is None:
            file = _font_file(path, face, chars)
            name = f"{path.stem}-{face}-{file.stem.rsplit('-', 1)[-1][:8]}"
            if name not in pdfmetrics.getRegisteredFontNames():
                font = TTFont(name, str(file))
                # reportlab maps a TrueType font whose PostScript name is already registered onto the font
                # registered first (pdfmetrics._dynFaceNames): every subset of one face would then draw
                # with the first subset's glyphs, and a second PDF lose the characters the first lacked
                font.face.name = f"{font.face.name.decode('latin-1')}-{name.rsplit('-', 1)[-1]}".encode("latin-1")
                pdfmetrics.registerFont(font)
            _registered[key] = name
        out[role] = name
    return out
