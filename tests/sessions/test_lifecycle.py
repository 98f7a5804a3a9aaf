"""The session lifecycle changes only along draft -> open -> live <-> paused -> closed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sessions.models import SessionState
from sessions.services.sessions import TransitionError, session_transition

pytestmark = pytest.mark.django_db

LEGAL = [
    (SessionState.DRAFT, SessionState.OPEN),
    (SessionState.OPEN, SessionState.LIVE),
    (SessionState.LIVE, SessionState.PAUSED),
    (SessionState.PAUSED, SessionState.LIVE),
    (SessionState.LIVE, SessionState.CLOSED),
    (SessionState.PAUSED, SessionState.CLOSED),
]
ALL_MOVES = [(a, b) for a in SessionState for b in SessionState if a != b]


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_legal_transition_is_stored(draft_session, start, to):
    draft_session.state = start
    draft_session.save()
    session_transition(session=draft_session, to=to, by=draft_session.created_by)
    draft_session.refresh_from_db()
    assert draft_session.state == to


@pytest.mark.parametrize(("start", "to"), [move for move in ALL_MOVES if move not in LEGAL])
def test_illegal_transition_is_refused_and_changes_nothing(draft_session, start, to):
    draft_session.state = start
    draft_session.save()
    with pytest.raises(TransitionError):
        session_transition(session=draft_session, to=to, by=draft_session.created_by)
    draft_session.refresh_from_db()
    assert draft_session.state == start


def test_only_a_facilitator_changes_the_state(draft_session, participant_of):
    with pytest.raises((PermissionDenied, Http404)):  # a participant does not even see a draft
        session_transition(session=draft_session, to=SessionState.OPEN, by=participant_of(draft_session))
    draft_session.refresh_from_db()
    assert draft_session.state == SessionState.DRAFT
