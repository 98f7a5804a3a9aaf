"""Follow-up emails: on close, reminders before due and when overdue, each once; unsubscribe."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sessions.services.actions import action_item_create, action_item_respond
from sessions.services.followups import action_reminders_send, unsubscribe_url
from sessions.services.room import room_control
from sessions.tasks import send_action_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(live_session, ready_participant):
    return {
        "facilitator": live_session.created_by,
        "ana": ready_participant(live_session, name="Ana Reyes", email="ana@acme.example"),
        "ben": ready_participant(live_session, name="Ben Okafor", email="ben@bolt.example"),
    }


def _to(message) -> str:
    return message.to[0]


def test_closing_sends_each_participant_their_own_items_and_the_facilitator_the_summary(
    live_session, people, django_capture_on_commit_callbacks
):
    action_item_create(
        session=live_session,
        by=people["facilitator"],
        title="Ana's pilot",
        owner=people["ana"],
        due_date=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        room_control(session_id=live_session.pk, user=people["facilitator"], action="close")
    by_recipient = {_to(m): m for m in mail.outbox}
    ana = next(m for to, m in by_recipient.items() if "ana@acme.example" in to)
    ben = next(m for to, m in by_recipient.items() if "ben@bolt.example" in to)
    assert "Ana's pilot" in ana.body and "mine.ics" in ana.body
    assert "Ana's pilot" not in ben.body
    facilitator = next(m for to, m in by_recipient.items() if people["facilitator"].email in to)
    assert "Summary" in facilitator.subject and "Ana's pilot" in facilitator.body
    assert len(mail.outbox) == 3


def test_nothing_is_sent_for_a_close_that_rolled_back(
    live_session, people, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                room_control(session_id=live_session.pk, user=people["facilitator"], action="close")
                raise RuntimeError("later failure")
        except RuntimeError:
            pass
    assert mail.outbox == []
    live_session.refresh_from_db()
    assert live_session.state == "live"


@pytest.fixture
def due_item(live_session, people):
    item = action_item_create(
        session=live_session,
        by=people["facilitator"],
        title="Write the coaching guide",
        owner=people["ana"],
        due_date=date(2030, 3, 10),
    )
    return action_item_respond(item=item, by=people["ana"], move="accept")


def _remind(django_capture_on_commit_callbacks, today):
    from freezegun import freeze_time

    with freeze_time(today), django_capture_on_commit_callbacks(execute=True):
        send_action_reminders.delay()


def test_reminders_before_due_and_when_overdue_each_once(due_item, django_capture_on_commit_callbacks):
    _remind(django_capture_on_commit_callbacks, "2030-03-07")  # three days before: nothing yet
    assert mail.outbox == []
    for day in ("2030-03-08", "2030-03-09", "2030-03-10"):  # from two days before: one reminder
        _remind(django_capture_on_commit_callbacks, day)
    assert [m.subject for m in mail.outbox] == ["Due 10 March: Write the coaching guide"]
    for day in ("2030-03-11", "2030-03-12"):  # overdue: one more
        _remind(django_capture_on_commit_callbacks, day)
    assert [m.subject for m in mail.outbox][1:] == ["Overdue: Write the coaching guide"]
    assert "unsubscribe" in mail.outbox[1].body


def test_done_items_and_unsubscribed_owners_get_no_reminders(due_item, people, client):
    action_item_respond(item=due_item, by=people["ana"], move="complete")
    assert action_reminders_send(today=date(2030, 3, 12)) == 0
    due_item.status = "accepted"
    due_item.save()
    url = unsubscribe_url(people["ana"])
    path = url[url.index("/reminders/") :]
    assert client.get(path).status_code == 200  # asks first; GET changes nothing
    people["ana"].refresh_from_db()
    assert not people["ana"].reminders_opt_out
    client.post(path)
    people["ana"].refresh_from_db()
    assert people["ana"].reminders_opt_out
    assert action_reminders_send(today=date(2030, 3, 12)) == 0


def test_tampered_unsubscribe_link_changes_nothing(client, people):
    response = client.post(reverse("reminders_unsubscribe", kwargs={"token": "nope"}))
    assert response.status_code == 404


def test_new_due_date_earns_a_new_reminder(due_item, django_capture_on_commit_callbacks):
    _remind(django_capture_on_commit_callbacks, "2030-03-09")
    due_item.due_date = due_item.due_date + timedelta(days=7)
    due_item.save()
    _remind(django_capture_on_commit_callbacks, "2030-03-16")
    assert len(mail.outbox) == 2


def test_every_follow_up_has_a_plain_text_and_an_html_part(due_item, django_capture_on_commit_callbacks):
    _remind(django_capture_on_commit_callbacks, "2030-03-09")
    with django_capture_on_commit_callbacks(execute=True):
        room_control(session_id=due_item.session_id, user=due_item.created_by, action="close")
    assert len(mail.outbox) == 4  # a reminder, two follow-ups, the facilitator's summary
    for message in mail.outbox:
        assert message.body.strip()
        (html, mimetype) = message.alternatives[0]
        assert mimetype == "text/html" and "<p>" in html


def test_reminders_offer_a_one_click_unsubscribe_that_works_without_a_page(
    due_item, people, django_capture_on_commit_callbacks
):
    from django.test import Client

    _remind(django_capture_on_commit_callbacks, "2030-03-09")
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http") and "/reminders/unsubscribe/" in link
    # What a mail client sends: a bare POST, no page, no CSRF token.
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        link[link.index("/reminders/") :],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    people["ana"].refresh_from_db()
    assert people["ana"].reminders_opt_out
