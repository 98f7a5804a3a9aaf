import pytest


@pytest.fixture
def room(live_session, ready_participant):
    """A live session with its facilitator and two ready participants (Ana and Ben)."""
    return {
        "session": live_session,
        "facilitator": live_session.created_by,
        "ana": ready_participant(live_session, name="Ana Reyes"),
        "ben": ready_participant(live_session, name="Ben Okafor"),
        "question": live_session.current_question,
    }
