"""Groups and dot-vote results after the session: on the summary page and in the minutes (Markdown
and PDF, frozen at submission), with totals only, never who voted what."""

import uuid

import pytest
from django.urls import reverse

from sessions.models import Role
from sessions.services.groups import group_create
from sessions.services.minutes import minutes_submit
from sessions.services.room import idea_post, room_control
from sessions.services.votes import vote_close, vote_dot, vote_open

from ..factories import MembershipFactory, UserFactory
from .test_downloads import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(room):
    """A closed session: two ideas grouped, a third alone, and a closed vote on the ideas."""
    session = room.session

    def post(person, text):
        return idea_post(
            session_id=session.pk,
            user=person,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text=text,
        ).idea

    a = post(room.ana, "Peer coaching circles every Friday")
    b = post(room.ben, "Friday peer coaching sessions")
    c = post(room.ana, "A glossary of terms")
    group_create(session_id=session.pk, user=room.facilitator, title="Peer coaching", idea_ids=[a.pk, b.pk])
    vote = vote_open(session_id=session.pk, user=room.facilitator, dots=3)
    items = {item.idea_id: item.pk for item in vote.items.all()}
    for _ in range(2):
        vote_dot(session_id=session.pk, user=room.ana, item_id=items[c.pk], action="place")
    vote_dot(session_id=session.pk, user=room.ben, item_id=items[c.pk], action="place")
    vote_dot(session_id=session.pk, user=room.ben, item_id=items[a.pk], action="place")
    vote_close(session_id=session.pk, user=room.facilitator)
    room_control(session_id=session.pk, user=room.facilitator, action="close")
    return room


def test_the_summary_shows_groups_and_ranked_vote_results(decided, login):
    page = login(decided.ben).get(reverse("sessions:summary", args=[decided.session.pk])).content.decode()
    assert "Groups of similar ideas" in page and "Peer coaching</strong>" in page
    assert "3 dots each; 2 voted." in page
    glossary, coaching = (
        page.index("A glossary of terms: <strong>3</strong>"),
        page.index("Peer coaching circles every Friday: <strong>1</strong>"),
    )
    assert glossary < coaching  # ranked, most dots first


def test_the_minutes_record_groups_and_results_and_freeze_them(decided, login):
    counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=decided.session, user=counsel, role=Role.COUNSEL, company=None)
    facilitator = login(decided.facilitator)
    markdown = facilitator.get(reverse("sessions:minutes_md", args=[decided.session.pk])).content.decode()
    section = markdown[markdown.index("## Groups and votes") : markdown.index("## Objections")]
    assert (
        "Group “Peer coaching”: Peer coaching circles every Friday; Friday peer coaching sessions" in section
    )
    assert "Dot-vote on the ideas: 3 dots each, 2 voted." in section
    assert section.index("A glossary of terms: 3 dots") < section.index(
        "Peer coaching circles every Friday: 1 dot"
    )
    for person in (decided.ana, decided.ben):
        assert person.name not in section
    pdf = pdf_text(facilitator.get(reverse("sessions:minutes_pdf", args=[decided.session.pk])).content)
    assert "Groups and votes" in pdf and "2 voted" in pdf

    decided.session.refresh_from_db()
    version = minutes_submit(session=decided.session, by=decided.facilitator).version
    assert "A glossary of terms: 3 dots" in version.markdown


def test_retention_deletes_a_session_with_its_groups_and_votes(decided, settings):
    from datetime import timedelta

    from django.utils import timezone

    from sessions.models import IdeaGroup, Session, Vote, VoteItem
    from sessions.services.retention import retention_apply

    settings.RETENTION_DAYS = 30
    Session.objects.filter(pk=decided.session.pk).update(closed_at=timezone.now() - timedelta(days=31))
    assert retention_apply() == 1
    assert not (IdeaGroup.objects.exists() or Vote.objects.exists() or VoteItem.objects.exists())
