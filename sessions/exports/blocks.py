"""A tiny document model shared by the Markdown and PDF renderings: a list of (kind, text) blocks.

Building the content once keeps the two formats saying the same thing; each renderer makes the
text safe for its own format (Markdown escaping; for the PDF, the Unicode fonts of `fonts.py`).
"""

import unicodedata
from dataclasses import dataclass

from fpdf import FPDF, XPos, YPos

from .fonts import cjk_face, text_face
from .text import PDF_ENCODING, markdown_escape, pdf_safe

H1, H2, H3, P, LI, NOTE = "h1", "h2", "h3", "p", "li", "note"


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def render_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    prefixes = {H1: "# ", H2: "## ", H3: "### ", LI: "- ", P: "", NOTE: ""}
    for block in blocks:
        # A blank line between blocks, except between items of one list.
        if lines and not (block.kind == LI and lines[-1].startswith("- ")):
            lines.append("")
        text = markdown_escape(block.text)
        lines.append(prefixes[block.kind] + (f"*{text}*" if block.kind == NOTE else text))
    return "\n".join(lines) + "\n"


class _Document(FPDF):
    body_font = "Helvetica"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, size=8)
        self.set_text_color(110)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


# (font size, style, space before, line height) per block kind.
_STYLES = {
    H1: (17, "B", 0, 8),
    H2: (13, "B", 5, 7),
    H3: (11, "B", 3, 6),
    P: (10, "", 1, 5),
    LI: (10, "", 0.5, 5),
    NOTE: (9, "I", 1, 4.5),
}
_BULLET_WIDTH = 5


def render_pdf(blocks: list[Block], *, title: str) -> bytes:
    pdf = _Document(format="A4")
    printable = _use_fonts(pdf, [title, *(block.text for block in blocks)])
    pdf.set_title(printable(title))
    pdf.set_creator("ThinkTank")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    for block in blocks:
        size, style, space_before, line_height = _STYLES[block.kind]
        # Keep a heading with what follows it rather than alone at the foot of a page.
        if block.kind in (H2, H3) and pdf.get_y() > pdf.page_break_trigger - 25:
            pdf.add_page()
        pdf.set_font(pdf.body_font, style=style, size=size)
        pdf.set_text_color(90 if block.kind == NOTE else 0)
        pdf.set_y(pdf.get_y() + space_before)
        if block.kind == LI:
            pdf.cell(_BULLET_WIDTH, line_height, "\N{BULLET}")
        pdf.multi_cell(0, line_height, printable(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _use_fonts(pdf: _Document, texts: list[str]):
    """Embed the Unicode faces these texts need; returns the function that makes a text printable
    with them (characters no face has, emoji say, become "?")."""
    body = text_face()
    if body is None:  # no Unicode font on this machine: the core fonts, Windows-1252 only
        pdf.core_fonts_encoding = PDF_ENCODING
        return pdf_safe
    faces = [body]
    for style, path in body.files.items():
        pdf.add_font("body", style, str(path))
    pdf.body_font = "body"
    needs_fallback = any(not body.covers(ch) for text in texts for ch in text if ch not in "\n\t")
    fallback = cjk_face() if needs_fallback else None
    if fallback is not None:
        faces.append(fallback)
        for style, path in fallback.files.items():
            pdf.add_font("fallback", style, str(path))
        pdf.set_fallback_fonts(["fallback"], exact_match=False)

    def printable(text: str) -> str:
        return "".join(
            ch if ch == "\n" or any(face.covers(ch) for face in faces) else "?"
            for ch in str(text or "")
            if ch == "\n" or not unicodedata.category(ch).startswith("C")
        )

    return printable
