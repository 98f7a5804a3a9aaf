"""User text as ThinkTank stores it: one Unicode normal form, no control or invisible characters.

Text from people arrives through forms, the websocket, the admin and commands, and leaves through
pages, sockets, emails, calendars, spreadsheets and PDFs. Control characters (NUL, escape codes),
bidirectional overrides ("Trojan Source" reordering), zero-width characters (invisible words that also
slip past the ground-rule screen) and lone surrogates (not encodable at all) break or disguise it in
one of those places. `clean_text` removes them once, where text enters; a `pre_save` receiver (see
`clean_model_text`) applies it to every text field of ThinkTank's own models, whatever the door.
"""

import re
import unicodedata

# Control characters (C0, DEL, C1), line/paragraph separators, and every format character (Unicode
# category Cf: soft hyphen, zero-width space/joiners, bidi marks, embeddings, overrides and isolates,
# word joiner, BOM, interlinear annotations, tag characters), plus noncharacters. Tests check this
# class still covers every Cf character of the running Python's Unicode database.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = {"\n", "\u2028", "\u2029"}
# Joiners that scripts need (emoji sequences, Persian and Indic spelling) survive between two visible
# characters; anywhere else they only hide things.
_JOINERS = {"\u200c", "\u200d"}


class InvalidText(ValueError):
    """Text that is not valid Unicode (a lone surrogate): refused, never stored."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC with control and invisible characters removed.

    Line breaks (any of CR, LF, CRLF, U+2028, U+2029) become "\\n" when `multiline`, else a space;
    tabs become spaces. Raises InvalidText for a lone surrogate. Leading and trailing spaces stay:
    callers that want them gone strip.
    """
    if _SURROGATE.search(value):
        raise InvalidText("The text is not valid Unicode (it contains a lone surrogate).")
    if _SUSPECT.search(value):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = _SUSPECT.sub(lambda match: _replacement(match, multiline), value)
    return unicodedata.normalize("NFC", value)


def _replacement(match: re.Match[str], multiline: bool) -> str:
    char = match[0]
    if char in _LINE_BREAKS:
        return "\n" if multiline else " "
    if char == "\t":
        return " "
    if char in _JOINERS:
        text, start, end = match.string, match.start(), match.end()
        if 0 < start and end < len(text) and _visible(text[start - 1]) and _visible(text[end]):
            return char
    return ""


def _visible(char: str) -> bool:
    return not char.isspace() and not _SUSPECT.match(char)


# --- every text field of ThinkTank's own models ---------------------------------------------------

CLEANED_APP_LABELS = {"accounts", "thinktank_sessions", "groundrules"}


def clean_model_text(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: clean every CharField and TextField of ThinkTank's models before it is stored, and
    refuse a value longer than its column with a ValidationError (not a database error, a 500).

    Forms and services already hand over clean text of the right length; this catches every other
    door (a pasted list, the admin, the shell, commands) so nothing stored can carry a control or
    invisible character.
    """
    from django.core.exceptions import ValidationError
    from django.db import models

    if raw or sender._meta.app_label not in CLEANED_APP_LABELS:
        return
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        try:
            value = clean_text(value, multiline=isinstance(field, models.TextField))
        except InvalidText as error:
            raise ValidationError({field.name: str(error)}) from error
        if field.max_length is not None and len(value) > field.max_length:
            raise ValidationError(
                {
                    field.name: f"Keep the {field.verbose_name} to {field.max_length} characters (it has {len(value)})."
                }
            )
        setattr(instance, field.attname, value)
