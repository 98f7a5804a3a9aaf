"""Action items: ownership and status rules, the summary page, my action items, minutes review."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sessions.models import ActionStatus, MinutesStatus
from sessions.services.actions import action_item_create, action_item_reassign, action_item_respond
from sessions.services.minutes import minutes_review, minutes_submit
from sessions.services.room import idea_post, room_control

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(live_session, ready_participant):
    return {
        "facilitator": live_session.created_by,
        "ana": ready_participant(live_session, name="Ana Reyes"),
        "ben": ready_participant(live_session, name="Ben Okafor"),
    }


def _item(session, people, owner="ana", **extra):
    return action_item_create(
        session=session, by=people["facilitator"], title="Pilot peer coaching", owner=people[owner], **extra
    )


def test_facilitator_proposes_and_only_the_owner_accepts_then_completes(live_session, people):
    item = _item(live_session, people, due_date=date.today() + timedelta(days=10))
    assert item.status == ActionStatus.PROPOSED
    for intruder in (people["ben"], people["facilitator"]):
        with pytest.raises(PermissionDenied):
            action_item_respond(item=item, by=intruder, move="accept")
    with pytest.raises(ValidationError):
        action_item_respond(item=item, by=people["ana"], move="complete")  # not accepted yet
    item = action_item_respond(item=item, by=people["ana"], move="accept")
    assert item.status == ActionStatus.ACCEPTED
    item = action_item_respond(item=item, by=people["ana"], move="complete")
    assert item.status == ActionStatus.DONE
    with pytest.raises(ValidationError):
        action_item_respond(item=item, by=people["ana"], move="decline")


def test_owner_may_decline_and_the_facilitator_reassigns(live_session, people):
    item = _item(live_session, people)
    action_item_respond(item=item, by=people["ana"], move="decline")
    item = action_item_reassign(item=item, by=people["facilitator"], owner=people["ben"])
    assert (item.owner, item.status) == (people["ben"], ActionStatus.PROPOSED)
    with pytest.raises(PermissionDenied):
        action_item_reassign(item=item, by=people["ana"], owner=people["ana"])


def test_only_participants_own_items_and_only_facilitators_create_them(live_session, people):
    counsel = MembershipFactory(session=live_session, role="counsel", company=None).user
    with pytest.raises(ValidationError):
        _item(live_session, {**people, "counsel": counsel}, owner="counsel")
    with pytest.raises(PermissionDenied):
        action_item_create(session=live_session, by=people["ana"], title="x", owner=people["ana"])


def test_item_from_an_idea_keeps_its_origin_and_everyone_sees_the_contract(live_session, people, login):
    import uuid

    idea = idea_post(
        session_id=live_session.pk,
        user=people["ben"],
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="Buddy system for new reps",
    ).idea
    item = _item(live_session, people, idea=idea)
    assert item.question_id == idea.question_id
    page = login(people["ben"]).get(reverse("sessions:summary", args=[live_session.pk]))
    assert page.status_code == 200
    assert "Pilot peer coaching" in page.content.decode() and "Ana Reyes" in page.content.decode()
    assert page.context["form"] is None  # participants propose nothing


def test_summary_form_creates_items_and_the_owner_accepts_in_the_page(live_session, people, login):
    client = login(people["facilitator"])
    response = client.post(
        reverse("sessions:summary", args=[live_session.pk]),
        {
            "title": "Share the huddle template",
            "owner": people["ana"].pk,
            "due_date": "2030-01-15",
            "details": "",
        },
    )
    assert response.status_code == 302
    item = live_session.action_items.get()
    assert (item.owner, item.due_date) == (people["ana"], date(2030, 1, 15))
    owner = login(people["ana"])
    owner.post(reverse("sessions:action_item_act", args=[live_session.pk, item.pk]), {"move": "accept"})
    item.refresh_from_db()
    assert item.status == ActionStatus.ACCEPTED
    mine = owner.get(reverse("sessions:my_action_items"))
    assert list(mine.context["items"]) == [item]


def test_participant_cannot_post_to_the_summary_form(live_session, people, login):
    response = login(people["ana"]).post(
        reverse("sessions:summary", args=[live_session.pk]), {"title": "x", "owner": people["ana"].pk}
    )
    assert response.status_code == 403
    assert not live_session.action_items.exists()


def test_balance_counts_ideas_reactions_and_items_per_company_but_not_anonymous_ideas(
    live_session, people, login
):
    import uuid

    from sessions.services.room import reaction_set

    named = idea_post(
        session_id=live_session.pk,
        user=people["ana"],
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="Named idea",
    ).idea
    idea_post(
        session_id=live_session.pk,
        user=people["ana"],
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="Anonymous idea",
        anonymous=True,
    )
    reaction_set(session_id=live_session.pk, user=people["ben"], idea_id=named.pk, kind="agree", on=True)
    _item(live_session, people, owner="ben")
    page = login(people["facilitator"]).get(reverse("sessions:summary", args=[live_session.pk]))
    balance = {bar["row"].company: bar["row"] for bar in page.context["summary"]["balance"]}
    ana_company, ben_company = people["ana"].company.name, people["ben"].company.name
    if ana_company == ben_company:
        row = balance[ana_company]
        assert (row.ideas, row.reactions, row.action_items) == (1, 1, 1)
    else:
        assert (balance[ana_company].ideas, balance[ben_company].reactions) == (1, 1)
    contributors = page.context["summary"]["contributors"]
    assert [(c.name, c.ideas) for c in contributors] == [("Ana Reyes", 1)]
    assert "<svg" in page.content.decode()


def test_minutes_are_submitted_by_the_facilitator_and_approved_by_counsel(
    live_session, people, django_capture_on_commit_callbacks
):
    from django.core import mail

    counsel = MembershipFactory(session=live_session, role="counsel", company=None).user
    with pytest.raises(ValidationError):
        minutes_submit(session=live_session, by=people["facilitator"])  # not closed yet
    with django_capture_on_commit_callbacks(execute=True):
        room_control(session_id=live_session.pk, user=people["facilitator"], action="close")
    live_session.refresh_from_db()
    minutes_submit(session=live_session, by=people["facilitator"])
    with pytest.raises(PermissionDenied):
        minutes_review(session=live_session, by=people["facilitator"], approve=True)
    with pytest.raises(ValidationError):
        minutes_review(session=live_session, by=counsel, approve=False)  # a comment is required
    review = minutes_review(session=live_session, by=counsel, approve=False, comment="Add the attendee list")
    assert review.status == MinutesStatus.RETURNED
    minutes_submit(session=live_session, by=people["facilitator"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review = minutes_review(session=live_session, by=counsel, approve=True)
    assert review.status == MinutesStatus.APPROVED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == 2 and all("Minutes approved" in m.subject for m in mail.outbox)


def test_facilitator_reassigns_in_the_summary_page(live_session, people, login):
    item = _item(live_session, people)
    client = login(people["facilitator"])
    page = client.get(reverse("sessions:summary", args=[live_session.pk])).content.decode()
    assert "Reassign" in page
    client.post(
        reverse("sessions:action_item_act", args=[live_session.pk, item.pk]),
        {"move": "reassign", "owner": people["ben"].pk},
    )
    item.refresh_from_db()
    assert (item.owner, item.status) == (people["ben"], ActionStatus.PROPOSED)
    # The owner's page offers no reassigning; posting it anyway is refused.
    owner = login(people["ben"])
    assert "Reassign" not in owner.get(reverse("sessions:summary", args=[live_session.pk])).content.decode()
    response = owner.post(
        reverse("sessions:action_item_act", args=[live_session.pk, item.pk]),
        {"move": "reassign", "owner": people["ana"].pk},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.owner == people["ben"]
