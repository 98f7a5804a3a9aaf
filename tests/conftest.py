import os

import pytest

from .factories import PASSWORD, CompanyFactory, MembershipFactory, SessionFactory, UserFactory

pytest_plugins = ["tests.celery_worker"]


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def facilitator(db):
    return UserFactory(name="Fran Facilitator")


@pytest.fixture
def draft_session(facilitator):
    session = SessionFactory(created_by=facilitator)
    session.companies.set([CompanyFactory(name="Acme Contact"), CompanyFactory(name="Bolt CX")])
    return session


@pytest.fixture
def participant_of(db):
    """participant_of(session) -> a participant user of that session, from one of its companies."""

    def make(session, **user_fields):
        company = session.companies.first() or CompanyFactory()
        return MembershipFactory(
            session=session, user=UserFactory(company=company, **user_fields), company=company
        ).user

    return make


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def open_session(draft_session):
    from sessions.models import SessionState

    draft_session.state = SessionState.OPEN
    draft_session.save()
    return draft_session


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(session, email, ...) -> (invitation, path of the link in the email that was sent)."""
    import re

    from django.core import mail

    from sessions.services.invitations import invitation_create

    def send(session, email, name="Invited Person", company=None, role="participant"):
        if company is None and role == "participant":
            company = session.companies.first()
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                session=session, by=session.created_by, name=name, email=email, company=company, role=role
            )
        assert len(mail.outbox) == before + 1
        path = re.search(r"https?://[^/\s]+(/invitations/\S+)", mail.outbox[-1].body).group(1)
        return invitation, path

    return send


@pytest.fixture
def ready_participant(participant_of):
    """ready_participant(session, **user_fields) -> a participant with buy-in and agreement to the rules."""
    from groundrules.services import agreement_accept
    from sessions.services.participation import buy_in_give
    from sessions.services.room import statement_acknowledge

    def make(session, **user_fields):
        person = participant_of(session, **user_fields)
        buy_in_give(session=session, user=person, willing=True, hopes="Ideas", strength="Experience")
        agreement_accept(session=session, user=person, typed_name=person.name)
        session.refresh_from_db(fields=["started_at"])
        if session.started_at:  # in the room after the start: they acknowledged the statement
            statement_acknowledge(session_id=session.pk, user=person)
        return person

    return make


@pytest.fixture
def live_session(open_session):
    """An open session started through the room's own service: live, first question current."""
    from sessions.services.room import room_control, statement_acknowledge

    room_control(session_id=open_session.pk, user=open_session.created_by, action="start")
    statement_acknowledge(session_id=open_session.pk, user=open_session.created_by)
    open_session.refresh_from_db()
    return open_session


@pytest.fixture
def redis_url():
    """A Redis database of the local server for tests whose servers share a channel layer; flushed
    before and after."""
    import redis

    url = os.environ.get("TEST_LAYER_REDIS_URL", "redis://127.0.0.1:6379/12")
    client = redis.Redis.from_url(url, socket_timeout=5)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()
