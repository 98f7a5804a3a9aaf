"""Calendar: an action item's event keeps its UID and its SEQUENCE grows with every change; when it is
declined, reassigned or rescheduled, the people whose calendars it concerns get an email through
the outbox with the updated .ics (REQUEST, or CANCEL with STATUS:CANCELLED). Invitations carry the
session's own event."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from sessions.access import Forbidden
from sessions.exports.text import ics_name, ics_text
from sessions.models import ActionItem, Role
from sessions.services.actions import (
    action_item_create,
    action_item_reassign,
    action_item_reschedule,
    action_item_respond,
)
from sessions.services.invitations import invitation_resend, invitation_revoke
from sessions.services.sessions import QuestionDraft, session_update
from thinktank.mail.models import OutboundEmail

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DUE, LATER = date(2031, 3, 14), date(2031, 4, 2)


def item_for(room, owner, title="Draft the glossary", due_date=DUE):
    return action_item_create(
        session=room.session, by=room.facilitator, title=title, owner=owner, due_date=due_date
    )


def calendar_emails(person=None):
    rows = OutboundEmail.objects.filter(kind="calendar").order_by("pk")
    if person is not None:
        rows = rows.filter(to__contains=person.email)
    return list(rows)


def event_of(email):
    [attachment] = email.attachments
    calendar = Calendar.from_ical(attachment["content"])
    [event] = calendar.walk("VEVENT")
    return attachment, calendar, event


def test_the_owner_moves_the_due_date_and_gets_the_event_again_with_sequence_1(room, client):
    item = item_for(room, room.ana)
    assert item.ics_sequence == 0 and not calendar_emails()

    action_item_reschedule(item=item, by=room.ana, due_date=LATER)

    [email] = calendar_emails(room.ana)
    attachment, calendar, event = event_of(email)
    assert attachment["content_type"] == "text/calendar; method=REQUEST; charset=utf-8"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{item.uid}@thinktank"
    assert event["SEQUENCE"] == 1 and "SEQUENCE:1" in attachment["content"]
    assert event["DTSTART"].dt == LATER and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]) == f"mailto:{room.ana.email}"
    assert event["ATTENDEE"].params["CN"] == "Ana Reyes"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert "Now due 2 April 2031" in email.subject and "now due 2 April 2031" in email.body_text
    # The download says the same: same UID, same SEQUENCE.
    client.force_login(room.ana)
    download = client.get(reverse("sessions:my_items_ics", args=[room.session.pk]))
    [downloaded] = Calendar.from_ical(download.content).walk("VEVENT")
    assert (str(downloaded["UID"]), downloaded["SEQUENCE"]) == (str(event["UID"]), 1)


def test_each_change_raises_the_sequence_and_the_email_is_really_sent_with_the_ics(
    room, django_capture_on_commit_callbacks
):
    item = item_for(room, room.ana)
    action_item_respond(item=item, by=room.ana, move="accept")
    with django_capture_on_commit_callbacks(execute=True):
        action_item_reschedule(item=item, by=room.facilitator, due_date=LATER)

    assert ActionItem.objects.get(pk=item.pk).ics_sequence == 2
    [sent] = [m for m in mail.outbox if room.ana.email in m.to[0]]
    [part] = [p for p in sent.message().walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "action-item.ics"
    ics = Calendar.from_ical(part.get_payload(decode=True))
    [event] = ics.walk("VEVENT")
    assert event["SEQUENCE"] == 2 and event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert OutboundEmail.objects.get(kind="calendar").status == "sent"


def test_reassigning_cancels_the_previous_owners_copy_and_requests_the_new_owners(room):
    item = item_for(room, room.ana)
    action_item_reassign(item=item, by=room.facilitator, owner=room.ben)

    [cancel] = calendar_emails(room.ana)
    [request] = calendar_emails(room.ben)
    _, cancel_calendar, cancelled = event_of(cancel)
    _, request_calendar, requested = event_of(request)
    assert (str(cancel_calendar["METHOD"]), str(cancelled["STATUS"])) == ("CANCEL", "CANCELLED")
    assert cancel.attachments[0]["content_type"].startswith("text/calendar; method=CANCEL")
    assert str(cancelled["ATTENDEE"]) == f"mailto:{room.ana.email}"
    assert str(request_calendar["METHOD"]) == "REQUEST" and str(requested["STATUS"]) == "CONFIRMED"
    assert str(requested["ATTENDEE"]) == f"mailto:{room.ben.email}"
    assert str(cancelled["UID"]) == str(requested["UID"]) == f"{item.uid}@thinktank"
    assert cancelled["SEQUENCE"] == requested["SEQUENCE"] == 1
    assert "No longer yours" in cancel.subject and "New action item for you" in request.subject


def test_declining_cancels_the_owners_copy(room):
    item = item_for(room, room.ana)
    action_item_respond(item=item, by=room.ana, move="decline")
    [email] = calendar_emails(room.ana)
    _, calendar, event = event_of(email)
    assert (str(calendar["METHOD"]), str(event["STATUS"]), event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 1)


def test_removing_the_due_date_cancels_the_event_on_its_old_date(room):
    item = item_for(room, room.ana)
    action_item_reschedule(item=item, by=room.ana, due_date=None)
    [email] = calendar_emails(room.ana)
    _, calendar, event = event_of(email)
    assert (str(calendar["METHOD"]), event["DTSTART"].dt) == ("CANCEL", DUE)
    assert ActionItem.objects.get(pk=item.pk).due_date is None


def test_an_undated_item_sends_no_calendar_email_and_the_same_date_changes_nothing(room):
    undated = item_for(room, room.ana, due_date=None)
    action_item_reassign(item=undated, by=room.facilitator, owner=room.ben)
    dated = item_for(room, room.ana, title="Dated")
    action_item_reschedule(item=dated, by=room.ana, due_date=DUE)
    assert not calendar_emails()
    assert ActionItem.objects.get(pk=dated.pk).ics_sequence == 0


def test_only_the_owner_or_a_facilitator_moves_a_due_date(room):
    item = item_for(room, room.ana)
    counsel = UserFactory()
    MembershipFactory(session=room.session, user=counsel, role=Role.COUNSEL, company=None)
    with pytest.raises(PermissionDenied):
        action_item_reschedule(item=item, by=room.ben, due_date=LATER)
    with pytest.raises(Forbidden):
        action_item_reschedule(item=item, by=counsel, due_date=LATER)
    action_item_respond(item=item, by=room.ana, move="accept")
    action_item_respond(item=item, by=room.ana, move="complete")
    with pytest.raises(ValidationError):
        action_item_reschedule(item=item, by=room.facilitator, due_date=LATER)
    assert not calendar_emails()


def test_the_due_date_form_rejects_a_bad_date_with_a_clear_message(room, client):
    item = item_for(room, room.ana)
    client.force_login(room.ana)
    response = client.post(
        reverse("sessions:action_item_act", args=[room.session.pk, item.pk]),
        {"move": "reschedule", "due_date": "next tuesday"},
        follow=True,
    )
    assert "Give the new due date as a date" in response.content.decode()
    assert ActionItem.objects.get(pk=item.pk).due_date == DUE


def test_the_invitation_carries_the_sessions_own_event(
    open_session, invite, django_capture_on_commit_callbacks
):
    invitation, _ = invite(open_session, "ines@example.com", name="Inès Moreau")

    email = OutboundEmail.objects.get(kind="invitation")
    [attachment] = email.attachments
    assert (attachment["filename"], attachment["content_type"]) == (
        "session.ics",
        "text/calendar; method=REQUEST",
    )
    calendar = Calendar.from_ical(attachment["content"])
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"session-{open_session.pk}@thinktank" and event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == open_session.title
    assert event["DTSTART"].dt == open_session.starts_at.replace(microsecond=0)
    assert event["DTEND"].dt == open_session.ends_at.replace(microsecond=0)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris" and calendar.walk("VTIMEZONE")
    room_url = f"/sessions/{open_session.pk}/room/"
    assert str(event["URL"]).endswith(room_url) and room_url in str(event["DESCRIPTION"])
    assert str(event["ATTENDEE"]) == "mailto:ines@example.com"
    assert "First question?" in str(event["DESCRIPTION"])
    sent = mail.outbox[-1].message()
    assert any(part.get_content_type() == "text/calendar" for part in sent.walk())

    # The session moves: the next link sent carries the event with a higher SEQUENCE.
    session_update(
        session=open_session,
        by=open_session.created_by,
        title=open_session.title,
        purpose=open_session.purpose,
        starts_at=open_session.starts_at + timedelta(hours=1),
        ends_at=open_session.ends_at + timedelta(hours=1),
        timezone=open_session.timezone,
        companies=list(open_session.companies.all()),
        questions=[QuestionDraft(text=q.text, question_id=q.pk) for q in open_session.questions.all()],
    )
    invitation_resend(invitation=invitation, by=open_session.created_by)
    newer = OutboundEmail.objects.filter(kind="invitation").order_by("-pk").first()
    [event] = Calendar.from_ical(newer.attachments[0]["content"]).walk("VEVENT")
    assert event["SEQUENCE"] == 1


def test_those_already_invited_get_the_moved_session_for_their_calendar(open_session, invite):
    ines, _ = invite(open_session, "ines@example.com", name="Inès Moreau")
    revoked, _ = invite(open_session, "rex@example.com", name="Rex Revoked")
    invitation_revoke(invitation=revoked, by=open_session.created_by)

    def edit(**changes):
        details = {
            "title": open_session.title,
            "purpose": open_session.purpose,
            "starts_at": open_session.starts_at,
            "ends_at": open_session.ends_at,
            "timezone": open_session.timezone,
            **changes,
        }
        return session_update(
            session=open_session,
            by=open_session.created_by,
            companies=list(open_session.companies.all()),
            questions=[QuestionDraft(text=q.text, question_id=q.pk) for q in open_session.questions.all()],
            **details,
        )

    edit(purpose="Only the purpose changes: no calendar email")
    assert not OutboundEmail.objects.filter(kind="session_moved").exists()

    later = open_session.starts_at + timedelta(days=1)
    edit(starts_at=later, ends_at=later + timedelta(hours=2))
    [moved] = OutboundEmail.objects.filter(kind="session_moved")  # not to the revoked invitation
    assert "ines@example.com" in moved.to and moved.subject == f"Changed: {open_session.title}"
    [event] = Calendar.from_ical(moved.attachments[0]["content"]).walk("VEVENT")
    assert str(event["UID"]) == f"session-{open_session.pk}@thinktank" and event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == later.replace(microsecond=0)

    edit(title="Coaching new managers, part two")
    assert OutboundEmail.objects.filter(kind="session_moved").count() == 2
    newest = OutboundEmail.objects.filter(kind="session_moved").order_by("-pk").first()
    [event] = Calendar.from_ical(newest.attachments[0]["content"]).walk("VEVENT")
    assert event["SEQUENCE"] == 2 and str(event["SUMMARY"]) == "Coaching new managers, part two"


def test_calendar_text_is_cleaned():
    assert ics_text("Pilot\u202e the\x07 buddy\u200b system\ud800") == "Pilot the buddy system"
    assert ics_name('Ana "The Boss"\nReyes') == "Ana 'The Boss' Reyes"


def test_the_migration_starts_stored_sequences_where_the_downloads_left_them(room):
    """Downloads used to compute SEQUENCE as seconds between creation and last change: a calendar
    holding such a number must not see the stored sequence go backwards."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sessions.migrations.0009_series_and_calendar")
    item = item_for(room, room.ana)
    ActionItem.objects.filter(pk=item.pk).update(updated_at=item.created_at + timedelta(hours=1))
    untouched = item_for(room, room.ben, title="Untouched")
    ActionItem.objects.filter(pk=untouched.pk).update(updated_at=untouched.created_at)

    migration.carry_on_sequences(apps, None)

    assert ActionItem.objects.get(pk=item.pk).ics_sequence == 3600
    assert ActionItem.objects.get(pk=untouched.pk).ics_sequence == 0
