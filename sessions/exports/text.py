"""Making user text safe for each file format: spreadsheets, Markdown, and the PDF core fonts."""

import re
import unicodedata

from thinktank.text import clean_text

# A spreadsheet evaluates a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Backslash-escaped everywhere in Markdown: emphasis, links and images, headings, raw HTML, tables,
# strikethrough, entities and code spans.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|~&!])")
# At the start of a line these open a list, a block quote or a setext heading.
_MARKDOWN_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")

# The PDF core fonts (Helvetica) are single-byte: fpdf2 writes them with WinAnsiEncoding, which is
# Windows-1252, so typographic quotes, dashes, bullets and the euro sign print as themselves.
PDF_ENCODING = "windows-1252"
# Letters and signs Unicode gives no decomposition for, spelled the way people type them in ASCII.
_PDF_FALLBACKS = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "ħ": "h",
    "→": "->",
    "←": "<-",
    "≠": "!=",
    "≤": "<=",
    "≥": ">=",
    "−": "-",
    "✓": "v",
    "✔": "v",
}


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a leading quote disarms it)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def ics_text(value) -> str:
    """Text for a calendar file: cleaned like stored text (no control, bidi or invisible characters;
    a lone surrogate dropped, since a file is no place to refuse it). icalendar escapes the rest."""
    text = "".join(char for char in str(value or "") if not 0xD800 <= ord(char) <= 0xDFFF)
    return clean_text(text, multiline=True).strip()


def ics_name(value) -> str:
    """A person's name as a CN parameter: one line, no double quotes (a parameter cannot hold one)."""
    return " ".join(ics_text(value).replace('"', "'").split())


def markdown_escape(value) -> str:
    """User text as one line of literal Markdown: no headings, links, HTML, lists or emphasis.

    Line breaks are folded into spaces so text cannot start a block of its own; bare URLs are
    broken up so renderers with autolinking (GitHub) do not turn them into links either.
    """
    text = " ".join(str(value or "").split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("://", "\\://").replace("www.", "www\\.")
    return _MARKDOWN_LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text, count=1
    )


def pdf_safe(value) -> str:
    """Text the PDF core fonts can print, never an encoding error.

    Characters outside Windows-1252 are folded to their base letters where Unicode knows one
    (ő -> o, ﬁ -> fi, full-width letters -> ASCII); anything else (emoji, CJK) becomes "?".
    Control characters other than line breaks are dropped.
    """
    return "".join(_pdf_char(char) for char in str(value or ""))


def _pdf_char(char: str) -> str:
    if char == "\n":
        return char
    if unicodedata.category(char) == "Cc":
        return " " if char == "\t" else ""
    if _encodable(char):
        return char
    if char in _PDF_FALLBACKS:
        return _PDF_FALLBACKS[char]
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if folded and all(_encodable(c) and unicodedata.category(c) != "Cc" for c in folded):
        return folded
    return "?"


def _encodable(char: str) -> bool:
    try:
        char.encode(PDF_ENCODING)
    except UnicodeEncodeError:
        return False
    return True
