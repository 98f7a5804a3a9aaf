"""User text is cleaned where it enters: control, bidi and zero-width characters never get stored,
whatever the door (a service, a form, the admin), and an over-long value is a form error, not a 500."""

import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from sessions.exports import action_items_ics
from sessions.services.actions import action_item_create
from thinktank.accounts.models import Company
from thinktank.text import _SUSPECT, InvalidText, clean_text

from .factories import UserFactory


@pytest.mark.parametrize(
    ("raw", "single_line", "multiline"),
    [
        ("plain words", "plain words", "plain words"),
        ("nul\x00byte", "nulbyte", "nulbyte"),
        ("esc\x1b[2Jape", "esc[2Jape", "esc[2Jape"),
        ("tab\there", "tab here", "tab here"),
        ("two\r\nlines\rthree\u2028four", "two lines three four", "two\nlines\nthree\nfour"),
        ("right\u202eto left\u202c", "rightto left", "rightto left"),
        ("isolate\u2066d\u2069", "isolated", "isolated"),
        ("zero\u200bwidth\u2060joined\ufeff", "zerowidthjoined", "zerowidthjoined"),
        ("soft\xadhyphen", "softhyphen", "softhyphen"),
        ("tags\U000e0041\U000e0042", "tags", "tags"),
        ("\u200dleading joiner", "leading joiner", "leading joiner"),
        ("cafe\u0301", "caf\u00e9", "caf\u00e9"),  # one normal form (NFC)
        ("\u041f\u0440\u0438\u0432\u0435\u0442 \u738b\u5c0f\u660e", "Привет 王小明", "Привет 王小明"),
    ],
)
def test_clean_text(raw, single_line, multiline):
    assert clean_text(raw) == single_line
    assert clean_text(raw, multiline=True) == multiline


def test_a_lone_surrogate_is_refused():
    with pytest.raises(InvalidText):
        clean_text("broken \ud800 text")


def test_every_format_and_control_character_of_this_python_is_covered():
    """The class is written out for speed; it must not fall behind Python's Unicode database."""
    missed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf") and not _SUSPECT.match(chr(cp))
    ]
    assert missed == []


def test_text_saved_through_any_door_is_cleaned(live_session, ready_participant):
    owner = ready_participant(live_session)
    item = action_item_create(
        session=live_session,
        by=live_session.created_by,
        title="Pilot\u202e the buddy\x07 system",
        details="Line one\x00\r\nLine two\u200b",
        owner=owner,
        due_date=live_session.starts_at.date(),
    )
    item.refresh_from_db()
    assert (item.title, item.details) == ("Pilot the buddy system", "Line one\nLine two")
    calendar = action_items_ics([item]).decode()
    assert "\u202e" not in calendar and "\x07" not in calendar and "\x00" not in calendar


def test_a_value_longer_than_its_column_is_a_validation_error_not_a_database_error(db):
    with pytest.raises(ValidationError) as raised:
        Company.objects.create(name="C" * 121)
    assert "name" in raised.value.message_dict
    with pytest.raises(ValidationError):
        UserFactory(name="N" * 151)
