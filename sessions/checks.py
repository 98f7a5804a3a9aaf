"""System checks of what the sessions app needs from the machine."""

from django.core.checks import Warning, register


@register(deploy=True)
def pdf_fonts_check(app_configs, **kwargs):
    """Without Unicode fonts, names in Greek, Cyrillic or CJK print as "?" in every PDF."""
    from .exports.fonts import cjk_face, text_face

    problems = []
    if text_face() is None:
        problems.append(
            Warning(
                "No Unicode font for the PDFs: names outside Western European scripts print as '?'.",
                hint="Install fonts-dejavu-core (Debian) or point PDF_FONT_DIRS at DejaVu Sans.",
                id="thinktank.W001",
            )
        )
    if cjk_face() is None:
        problems.append(
            Warning(
                "No CJK font for the PDFs: Chinese, Japanese and Korean names print as '?'.",
                hint="Install fonts-noto-cjk (Debian) or point PDF_FONT_DIRS at Noto Sans CJK.",
                id="thinktank.W002",
            )
        )
    return problems
