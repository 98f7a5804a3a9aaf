import uuid
from datetime import date
from types import SimpleNamespace

import pytest

from sessions.models import IdeaStatus
from sessions.services.actions import action_item_create
from sessions.services.presence import presence_join
from sessions.services.room import idea_moderate, idea_post, room_control


class Room(SimpleNamespace):
    """A live session and its people; `room.ana` and `room["ana"]` alike."""

    def __getitem__(self, key):
        return getattr(self, key)


@pytest.fixture
def room(live_session, ready_participant) -> Room:
    """A live session with its facilitator and two ready participants, Ana and Ben, of one company."""
    return Room(
        session=live_session,
        facilitator=live_session.created_by,
        ana=ready_participant(live_session, name="Ana Reyes"),
        ben=ready_participant(live_session, name="Ben Okafor"),
        question=live_session.current_question,
    )


@pytest.fixture
def minuted(room):
    """A closed session whose minutes have attendees, ideas, a declined idea, and an action item."""
    session, question_id = room.session, room.session.current_question_id
    for person in (room.ana, room.ben):
        presence_join(session_id=session.pk, user=person, channel_name=f"test.{person.pk}")

    def post(person, text, **options):
        return idea_post(
            session_id=session.pk,
            user=person,
            client_id=uuid.uuid4(),
            question_id=question_id,
            text=text,
            **options,
        ).idea

    held = post(room.ana, "we bill 14 an hour on that account")
    assert held.status == IdeaStatus.HELD
    idea_moderate(
        session_id=session.pk,
        user=room.facilitator,
        idea_id=held.pk,
        decision="decline",
        reason="Rates are off limits",
    )
    post(room.ana, "# Heading [link](http://x)")
    post(room.ben, "A shared glossary of terms", anonymous=True)
    action_item_create(
        session=session,
        by=room.facilitator,
        title="Draft the glossary",
        owner=room.ben,
        due_date=date(2031, 3, 14),
    )
    room_control(session_id=session.pk, user=room.facilitator, action="close")
    return room
