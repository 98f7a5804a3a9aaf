"""The interim export: facilitators and counsel download the ideas (as a moderator sees them, with
their visibility now) and the decisions so far while the session is live; participants get 403,
outsiders 404; anonymous authors are never named."""

import csv
import io
import uuid
from datetime import date

import pytest
from django.urls import reverse

from sessions.models import Role
from sessions.services.actions import action_item_create
from sessions.services.room import idea_flag, idea_moderate, idea_post, reaction_set

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def busy(room):
    session = room.session

    def post(person, text, **options):
        return idea_post(
            session_id=session.pk,
            user=person,
            client_id=uuid.uuid4(),
            question_id=session.current_question_id,
            text=text,
            **options,
        ).idea

    room.published = post(room.ana, "Peer coaching circles")
    reaction_set(session_id=session.pk, user=room.ben, idea_id=room.published.pk, kind="agree", on=True)
    room.anonymous = post(room.ben, '=HYPERLINK("http://x") buddy system', anonymous=True)
    room.held = post(room.ana, "we bill 14 an hour on that account")
    room.declined = post(room.ana, "our rates go up 5% next year")
    idea_moderate(
        session_id=session.pk,
        user=room.facilitator,
        idea_id=room.declined.pk,
        decision="decline",
        reason="Prices",
    )
    room.flagged = post(room.ana, "Call the client's buyer directly")
    idea_flag(session_id=session.pk, user=room.ben, idea_id=room.flagged.pk, reason="names a client")
    room.item = action_item_create(
        session=session,
        by=room.facilitator,
        title="Pilot circles",
        owner=room.ana,
        due_date=date(2031, 3, 14),
        idea=room.published,
    )
    room.own_anonymous = action_item_create(
        session=session,
        by=room.facilitator,
        title="Try the buddy system",
        owner=room.ben,
        idea=room.anonymous,
    )
    room.counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=session, user=room.counsel, role=Role.COUNSEL, company=None)
    return room


def test_moderators_download_every_idea_with_its_visibility_and_no_anonymous_author(busy, client):
    for moderator in (busy.facilitator, busy.counsel):
        client.force_login(moderator)
        response = client.get(reverse("sessions:interim_ideas_csv", args=[busy.session.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(
            f'filename="thinktank-{busy.session.pk}-ideas-so-far.csv"'
        )
        by_id = {int(row["Idea id"]): row for row in rows(response)}
        assert set(by_id) == {
            i.pk for i in (busy.published, busy.anonymous, busy.held, busy.declined, busy.flagged)
        }
        assert by_id[busy.published.pk]["Author"] == "Ana Reyes"
        assert by_id[busy.published.pk]["Agree"] == "1"
        assert by_id[busy.published.pk]["Visibility"].startswith("Published")
        anonymous = by_id[busy.anonymous.pk]
        assert (anonymous["Author"], anonymous["Company"]) == ("Anonymous", "")
        assert anonymous["Text"].startswith("'=HYPERLINK")  # disarmed for spreadsheets
        assert "Ben Okafor" not in response.content.decode()  # Ben only wrote anonymously
        assert (
            by_id[busy.held.pk]["Visibility"].startswith("Held")
            and "pricing" in by_id[busy.held.pk]["Screen rules"]
        )
        declined = by_id[busy.declined.pk]
        assert declined["Visibility"].startswith("Declined") and "Prices" in declined["Moderation"]
        assert (
            by_id[busy.flagged.pk]["Visibility"].startswith("Flagged")
            and by_id[busy.flagged.pk]["Flags"] == "1"
        )


def test_moderators_download_the_decisions_so_far_without_unmasking_an_anonymous_author(busy, client):
    client.force_login(busy.counsel)
    response = client.get(reverse("sessions:interim_decisions_csv", args=[busy.session.pk]))
    assert response.status_code == 200
    by_title = {row["Action item"]: row for row in rows(response)}
    assert by_title["Pilot circles"]["Owner"] == "Ana Reyes"
    assert by_title["Pilot circles"]["Origin"] == f"Idea {busy.published.pk}: Peer coaching circles"
    assert by_title["Pilot circles"]["Due date"] == "2031-03-14"
    own = by_title["Try the buddy system"]
    assert own["Owner"].startswith("Not named") and own["Company"] == ""
    assert "buddy system" not in own["Origin"] and own["Origin"].startswith("Question:")
    assert own["Visibility"].startswith("Its owner and the moderators")


def test_participants_are_refused_with_403_and_outsiders_with_404(busy, client):
    for name in ("sessions:interim_ideas_csv", "sessions:interim_decisions_csv"):
        path = reverse(name, args=[busy.session.pk])
        client.force_login(busy.ana)
        assert client.get(path).status_code == 403
        client.force_login(UserFactory())
        assert client.get(path).status_code == 404
        client.logout()
        assert client.get(path).status_code == 302
