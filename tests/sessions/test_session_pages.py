"""Creating, seeing and editing sessions in the browser's forms, and who may do what."""

import pytest
from django.urls import reverse

from sessions.models import Session, SessionState
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _session_post(questions, **overrides):
    """Form data for the session form with `questions` as (text, minutes, order, question_id) rows."""
    data = {
        "title": "Coaching under pressure",
        "purpose": "Share what works.",
        "starts_at": "2030-03-10T09:00",
        "ends_at": "2030-03-10T12:00",
        "timezone": "America/New_York",
        "new_companies": "Acme Contact\nBolt CX",
        "agenda-TOTAL_FORMS": str(len(questions)),
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "50",
    }
    for i, (text, minutes, order, question_id) in enumerate(questions):
        data[f"agenda-{i}-text"] = text
        data[f"agenda-{i}-time_box_minutes"] = "" if minutes is None else minutes
        data[f"agenda-{i}-ORDER"] = order
        data[f"agenda-{i}-question_id"] = question_id or ""
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("sessions:create"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_facilitator_creates_a_draft_with_agenda_in_order_and_local_times(login, facilitator):
    client = login(facilitator)
    response = client.post(
        reverse("sessions:create"),
        _session_post([("Second?", 10, 2, None), ("First?", None, 1, None), ("", None, 3, None)]),
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert session.state == SessionState.DRAFT
    assert [(q.text, q.time_box_minutes) for q in session.questions.all()] == [
        ("First?", None),
        ("Second?", 10),
    ]
    assert sorted(c.name for c in session.companies.all()) == ["Acme Contact", "Bolt CX"]
    # 09:00 in New York in March 2030 is 13:00 UTC (daylight saving time).
    assert session.starts_at.isoformat() == "2030-03-10T13:00:00+00:00"
    assert client.get(reverse("sessions:mine")).context["sessions"][0] == session


def test_session_must_end_after_it_starts(login, facilitator):
    response = login(facilitator).post(
        reverse("sessions:create"), _session_post([("Q?", None, 1, None)], ends_at="2030-03-10T08:00")
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert not Session.objects.exists()


def test_agenda_needs_a_question(login, facilitator):
    response = login(facilitator).post(reverse("sessions:create"), _session_post([("", None, 1, None)]))
    assert response.status_code == 200
    assert "at least one agenda question" in response.content.decode()
    assert not Session.objects.exists()


def test_bad_time_box_is_reported_and_nothing_saved(login, facilitator):
    response = login(facilitator).post(reverse("sessions:create"), _session_post([("Q?", 0, 1, None)]))
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_edit_reorders_removes_and_adds_questions_keeping_ids(login, draft_session):
    first, second = draft_session.questions.all()
    data = _session_post(
        [(second.text, 5, 1, second.pk), (first.text, None, 2, first.pk), ("A new third?", None, 3, None)],
        **{
            "agenda-INITIAL_FORMS": "2",
            "companies": [c.pk for c in draft_session.companies.all()],
            "new_companies": "",
        },
    )
    response = login(draft_session.created_by).post(reverse("sessions:edit", args=[draft_session.pk]), data)
    assert response.status_code == 302
    questions = list(draft_session.questions.all())
    assert [(q.pk, q.text, q.time_box_minutes) for q in questions[:2]] == [
        (second.pk, second.text, 5),
        (first.pk, first.text, None),
    ]
    assert questions[2].text == "A new third?"

    data["agenda-2-DELETE"] = "on"
    data["agenda-2-question_id"] = questions[2].pk
    login(draft_session.created_by).post(reverse("sessions:edit", args=[draft_session.pk]), data)
    assert [q.pk for q in draft_session.questions.all()] == [second.pk, first.pk]


def test_draft_is_invisible_to_everyone_but_its_facilitators(
    client, login, draft_session, participant_of, user
):
    participant = participant_of(draft_session)
    for person in (participant, user):
        client = login(person)
        assert client.get(reverse("sessions:detail", args=[draft_session.pk])).status_code == 404
        assert client.get(reverse("sessions:edit", args=[draft_session.pk])).status_code == 404
        assert draft_session not in client.get(reverse("sessions:mine")).context["sessions"]
    assert (
        login(draft_session.created_by).get(reverse("sessions:detail", args=[draft_session.pk])).status_code
        == 200
    )


def test_participant_sees_an_open_session_but_cannot_edit_or_change_it(login, draft_session, participant_of):
    draft_session.state = SessionState.OPEN
    draft_session.save()
    client = login(participant_of(draft_session))
    page = client.get(reverse("sessions:detail", args=[draft_session.pk]))
    assert page.status_code == 200
    assert "Edit session" not in page.content.decode()
    assert client.get(reverse("sessions:edit", args=[draft_session.pk])).status_code == 403
    data = _session_post([("Hijacked?", None, 1, None)])
    assert client.post(reverse("sessions:edit", args=[draft_session.pk]), data).status_code == 403
    assert not draft_session.questions.filter(text="Hijacked?").exists()


def test_facilitator_opens_a_ready_draft(login, draft_session):
    response = login(draft_session.created_by).post(reverse("sessions:open", args=[draft_session.pk]))
    assert response.status_code == 302
    draft_session.refresh_from_db()
    assert draft_session.state == SessionState.OPEN


def test_opening_without_two_companies_explains_what_is_missing(login, draft_session):
    draft_session.companies.set([CompanyFactory()])
    client = login(draft_session.created_by)
    response = client.post(reverse("sessions:open", args=[draft_session.pk]), follow=True)
    assert "at least two participating companies" in response.content.decode()
    draft_session.refresh_from_db()
    assert draft_session.state == SessionState.DRAFT


def test_open_is_post_only(login, draft_session):
    assert (
        login(draft_session.created_by).get(reverse("sessions:open", args=[draft_session.pk])).status_code
        == 405
    )


def test_live_session_can_no_longer_be_edited(login, draft_session):
    draft_session.state = SessionState.LIVE
    draft_session.save()
    client = login(draft_session.created_by)
    response = client.post(
        reverse("sessions:edit", args=[draft_session.pk]), _session_post([("Extra question?", None, 1, None)])
    )
    assert response.status_code == 302
    assert not draft_session.questions.filter(text="Extra question?").exists()
