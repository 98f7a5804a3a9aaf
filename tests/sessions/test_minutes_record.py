"""The record does not change after the fact: minutes are frozen at submission and counsel approves
that version; nothing in the room changes after close; every moderation decision is kept; the PDF
prints every script."""

import base64
import hashlib
import uuid

import pytest
from django.core.exceptions import ValidationError

from sessions.models import MinutesStatus, Role
from sessions.services.minutes import minutes_review, minutes_submit
from sessions.services.presence import presence_join
from sessions.services.room import (
    RoomError,
    idea_flag,
    idea_highlight,
    idea_moderate,
    idea_post,
    room_control,
)

from ..factories import MembershipFactory, UserFactory
from .test_downloads import item_for, pdf_text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsel(minuted):
    minuted.session.refresh_from_db()  # closed by the fixture
    person = UserFactory(name="Carla Counsel")
    MembershipFactory(session=minuted.session, user=person, role=Role.COUNSEL, company=None)
    return person


def _squeezed(text: str) -> str:
    """Without spaces: pypdf reads CJK glyphs with spaces between them."""
    return text.replace(" ", "")


def _digest(content: bytes) -> str:
    return f"sha-256=:{base64.b64encode(hashlib.sha256(content).digest()).decode()}:"


def test_submitted_minutes_are_frozen_and_counsel_approves_that_version(minuted, counsel, login):
    session = minuted.session
    review = minutes_submit(session=session, by=minuted.facilitator)
    version = review.version
    assert (version.number, review.status) == (1, MinutesStatus.SUBMITTED)
    facilitator = login(minuted.facilitator)
    frozen_md = facilitator.get(url("minutes_md", session.pk))
    frozen_pdf = facilitator.get(url("minutes_pdf", session.pk))
    assert frozen_md["Content-Disposition"].endswith(f'filename="thinktank-{session.pk}-minutes-v1.md"')
    assert hashlib.sha256(frozen_md.content).hexdigest() == version.markdown_sha256
    assert hashlib.sha256(frozen_pdf.content).hexdigest() == version.pdf_sha256
    assert frozen_md["Repr-Digest"] == _digest(frozen_md.content)
    assert "Version 1, submitted by" in frozen_md.content.decode()

    # Life goes on after submission: a new action item, a renamed participant.
    item_for(minuted, minuted.ana, "An item added after the minutes were submitted")
    minuted.ben.name = "Benedict Okafor"
    minuted.ben.save()

    approved = minutes_review(session=session, by=counsel, approve=True)
    assert (approved.status, approved.version_id) == (MinutesStatus.APPROVED, version.pk)
    for name, frozen in (("minutes_md", frozen_md), ("minutes_pdf", frozen_pdf)):
        assert login(counsel).get(url(name, session.pk)).content == frozen.content
    page = login(counsel).get(url("minutes", session.pk)).content.decode()
    assert (
        version.pdf_sha256 in page and version.markdown_sha256 in page and "approved by Carla Counsel" in page
    )


def test_returned_minutes_are_resubmitted_as_a_new_version(minuted, counsel):
    minutes_submit(session=minuted.session, by=minuted.facilitator)
    minutes_review(session=minuted.session, by=counsel, approve=False, comment="Add the attendance")
    again = minutes_submit(session=minuted.session, by=minuted.facilitator)
    assert again.version.number == 2
    assert list(minuted.session.minutes_versions.values_list("number", flat=True)) == [1, 2]


def test_after_close_nothing_in_the_room_changes(live_session, ready_participant):
    ana = ready_participant(live_session, name="Ana Reyes")
    ben = ready_participant(live_session, name="Ben Okafor")
    facilitator = live_session.created_by

    def post(text):
        return idea_post(
            session_id=live_session.pk,
            user=ana,
            client_id=uuid.uuid4(),
            question_id=live_session.current_question_id,
            text=text,
        ).idea

    held = post("we bill 14 an hour on that account")
    published = post("Huddle before peak hours")
    idea_flag(session_id=live_session.pk, user=ben, idea_id=published.pk)
    room_control(session_id=live_session.pk, user=facilitator, action="close")
    for change in (
        lambda: idea_moderate(
            session_id=live_session.pk, user=facilitator, idea_id=held.pk, decision="release"
        ),
        lambda: idea_moderate(
            session_id=live_session.pk, user=facilitator, idea_id=published.pk, decision="release"
        ),
        lambda: idea_highlight(session_id=live_session.pk, user=facilitator, idea_id=published.pk, on=True),
    ):
        with pytest.raises(RoomError) as refused:
            change()
        assert refused.value.code == "closed"
    held.refresh_from_db()
    assert held.status == "held"


def test_every_moderation_decision_on_an_idea_is_kept_and_in_the_minutes(
    live_session, ready_participant, login
):
    ana = ready_participant(live_session, name="Ana Reyes")
    ben = ready_participant(live_session, name="Ben Okafor")
    facilitator = live_session.created_by
    held = idea_post(
        session_id=live_session.pk,
        user=ana,
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="we bill 14 an hour on that account",
    ).idea
    idea_moderate(session_id=live_session.pk, user=facilitator, idea_id=held.pk, decision="release")
    idea_flag(session_id=live_session.pk, user=ben, idea_id=held.pk, reason="That is a rate")
    idea_moderate(
        session_id=live_session.pk,
        user=facilitator,
        idea_id=held.pk,
        decision="decline",
        reason="Rates stay out",
    )
    decisions = list(held.decisions.values_list("decision", "source", "reason"))
    assert decisions == [("release", "screen", ""), ("decline", "flag", "Rates stay out")]
    assert held.decisions.first().screen_rules == ["pricing"]
    room_control(session_id=live_session.pk, user=facilitator, action="close")
    markdown = login(facilitator).get(url("minutes_md", live_session.pk)).content.decode()
    lines = [
        line
        for line in markdown.splitlines()
        if "Held by the ground-rule screen" in line or "Flagged by" in line
    ]
    assert len(lines) == 2
    assert "Held by the ground-rule screen (pricing)" in lines[0] and "Released by" in lines[0]
    assert "we bill 14 an hour" in lines[0]  # released: the room saw it
    assert "Flagged by participants" in lines[1] and "Reason: Rates stay out" in lines[1]
    assert "we bill 14 an hour" not in lines[1]  # declined in the end: its words are not repeated


def test_a_decline_without_a_reason_is_refused(live_session, ready_participant):
    ana = ready_participant(live_session)
    held = idea_post(
        session_id=live_session.pk,
        user=ana,
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="we bill 14 an hour on that account",
    ).idea
    with pytest.raises(RoomError):
        idea_moderate(
            session_id=live_session.pk, user=live_session.created_by, idea_id=held.pk, decision="decline"
        )
    assert not held.decisions.exists()


@pytest.mark.parametrize(
    "name", ["Ελένη Παπαδοπούλου", "Алексей Смирнов", "王小明", "田中太郎", "김민준", "Zoë Ñúñez-Łukasiewicz"]
)
def test_the_minutes_pdf_prints_every_script(live_session, ready_participant, login, name):
    person = ready_participant(live_session, name=name)
    presence_join(session_id=live_session.pk, user=person, channel_name="test.attendee")  # attended
    idea_post(
        session_id=live_session.pk,
        user=person,
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text=f"{name}: coach on tone, not on script",
    )
    room_control(session_id=live_session.pk, user=live_session.created_by, action="close")
    text = pdf_text(login(live_session.created_by).get(url("minutes_pdf", live_session.pk)).content)
    squeezed = _squeezed(text)
    assert _squeezed(name) in squeezed
    assert "?" not in squeezed.split("Attendees")[1].split("Agenda")[0]


def test_the_my_items_pdf_prints_every_script(room, login):
    room.ana.name = "Ελένη 王小明"
    room.ana.save()
    item_for(room, room.ana, "Пилот: 研修 for new reps")
    text = _squeezed(pdf_text(login(room.ana).get(url("my_items_pdf", room.session.pk)).content))
    assert "Пилот:研修fornewreps" in text and "Ελένη王小明" in text


def test_minutes_cannot_be_submitted_twice(minuted, counsel):
    minutes_submit(session=minuted.session, by=minuted.facilitator)
    with pytest.raises(ValidationError):
        minutes_submit(session=minuted.session, by=minuted.facilitator)
