"""Unicode fonts for the PDFs, so Greek, Cyrillic, Chinese, Japanese and Korean names print as
themselves rather than as "?".

fpdf2 embeds (a subset of) TrueType/OpenType fonts found on the machine: a text face covering Latin,
Greek and Cyrillic (Debian's fonts-dejavu-core, or Liberation or Noto Sans), and Noto Sans CJK
(fonts-noto-cjk) as the fallback for Chinese, Japanese and Korean, loaded only for a document that
needs it (it is large). PDF_FONT_DIRS says where to look; `make test`, CI and the Dockerfile install
both packages. Without a text face the PDFs fall back to the core fonts (a system check says so).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# (regular, bold, italic) file names, best first.
TEXT_FACES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
)
CJK_FACES = (
    ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", None),
    ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf", None),
    ("wqy-zenhei.ttc", None, None),
)
DEFAULT_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")


@dataclass(frozen=True)
class Face:
    """One typeface: a file per style ("", "B", "I") and the characters it has glyphs for."""

    files: dict[str, Path]
    characters: frozenset[int]

    def covers(self, char: str) -> bool:
        return ord(char) in self.characters


def text_face() -> Face | None:
    return _first_face(TEXT_FACES)


def cjk_face() -> Face | None:
    return _first_face(CJK_FACES)


@cache
def _first_face(candidates) -> Face | None:
    found = _font_files()
    for regular, bold, italic in candidates:
        if regular not in found:
            continue
        files = {"": found[regular]}
        files["B"] = found.get(bold, found[regular]) if bold else found[regular]
        files["I"] = found.get(italic, found[regular]) if italic else found[regular]
        return Face(files=files, characters=_characters(found[regular]))
    return None


@cache
def _font_files() -> dict[str, Path]:
    dirs = getattr(settings, "PDF_FONT_DIRS", None) or DEFAULT_FONT_DIRS
    wanted = {name for faces in (TEXT_FACES, CJK_FACES) for face in faces for name in face if name}
    found: dict[str, Path] = {}
    for directory in dirs:
        root = Path(directory)
        if root.is_dir():
            for path in root.rglob("*"):
                if path.name in wanted and path.name not in found:
                    found[path.name] = path
    return found


def _characters(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True) if path.suffix == ".ttc" else TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()
