"""Issue 12 in a real browser: planning the next session and reporting progress on a carried
commitment; downloading the ideas so far from the live room; moving a due date (the owner's
calendar email, SEQUENCE:1, goes through the outbox)."""

import csv
import io
import uuid
from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from groundrules.services import agreement_accept
from sessions.models import Invitation, ProgressReport, Session
from sessions.services.actions import action_item_create
from sessions.services.invitations import invitation_accept
from sessions.services.participation import buy_in_give
from sessions.services.room import idea_post, room_control
from sessions.services.sessions import session_open
from thinktank.mail.models import OutboundEmail

from .conftest import acknowledge_statement, off_loop, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_plans_the_next_session_and_the_owner_reports_progress(
    new_page, live_session, ready_participant, password
):
    ana = ready_participant(live_session, name="Ana Reyes")
    action_item_create(
        session=live_session,
        by=live_session.created_by,
        title="Pilot peer coaching",
        owner=ana,
        due_date=date(2031, 3, 14),
    )
    off_loop(room_control, session_id=live_session.pk, user=live_session.created_by, action="close")

    facilitator = new_page()
    sign_in(facilitator, live_session.created_by.email, password)
    facilitator.goto(f"/sessions/{live_session.pk}/")
    facilitator.get_by_role("button", name="Plan the next session").click()
    expect(facilitator.get_by_test_id("session-state")).to_have_text("Draft")
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(f"{live_session.title} (next session)")
    expect(facilitator.get_by_test_id("follows")).to_contain_text(live_session.title)
    expect(facilitator.get_by_test_id("agenda")).to_contain_text("Review our commitments")
    expect(facilitator.get_by_text(live_session.purpose).first).to_be_visible()
    facilitator.get_by_role("link", name="Planned invitations (1)").click()
    expect(facilitator.get_by_test_id("planned-invitations")).to_contain_text("nothing has been sent")
    expect(facilitator.get_by_role("row", name="Ana Reyes")).to_contain_text("Planned, not sent yet")
    assert not OutboundEmail.objects.filter(kind="invitation").exists()

    new = Session.objects.get(follows=live_session)
    session_open(session=new, by=new.created_by)
    facilitator.goto(f"/sessions/{new.pk}/invitations/")
    facilitator.get_by_role("button", name="Send the planned invitations").click()
    expect(facilitator.get_by_role("row", name="Ana Reyes")).to_contain_text("Pending")
    invitation_accept(token=Invitation.objects.get(session=new, email=ana.email).token, user=ana)
    buy_in_give(session=new, user=ana, willing=True, hopes="Progress", strength="Follow-through")
    agreement_accept(session=new, user=ana, typed_name=ana.name)

    owner = new_page()
    sign_in(owner, ana.email, password)
    owner.goto(f"/sessions/{new.pk}/")
    owner.get_by_role("link", name="Review our commitments").click()
    commitment = owner.get_by_test_id("commitment")
    expect(commitment).to_contain_text("Pilot peer coaching")
    expect(commitment).to_contain_text("No report yet")
    owner.get_by_label("Done").check()
    owner.get_by_label("Note (optional)").fill("Six circles ran in March")
    owner.get_by_role("button", name="Report progress").click()
    expect(owner.get_by_test_id("commitment-progress")).to_have_text("Done")
    expect(owner.get_by_test_id("commitment-note")).to_have_text("Six circles ran in March")
    assert ProgressReport.objects.get().author == ana

    facilitator.goto(f"/sessions/{new.pk}/summary/")
    expect(facilitator.get_by_test_id("summary-commitments")).to_contain_text("Six circles ran in March")


def test_facilitator_downloads_the_ideas_so_far_from_the_live_room(
    asgi_page, open_session, ready_participant, password
):
    ana = ready_participant(open_session, name="Ana Reyes")
    page = asgi_page()
    sign_in(page, open_session.created_by.email, password)
    page.goto(f"/sessions/{open_session.pk}/room/")
    page.get_by_role("button", name="Start", exact=True).click()
    acknowledge_statement(page)
    expect(page.get_by_test_id("session-state")).to_have_text("Live")
    from sessions.services.room import statement_acknowledge

    off_loop(statement_acknowledge, session_id=open_session.pk, user=ana)
    question_id = Session.objects.get(pk=open_session.pk).current_question_id
    for text, anonymous in (("Peer coaching circles", False), ("A buddy system for new reps", True)):
        off_loop(
            idea_post,
            session_id=open_session.pk,
            user=ana,
            client_id=uuid.uuid4(),
            question_id=question_id,
            text=text,
            anonymous=anonymous,
        )
    # Posted from the test process: the room (another process) gets them on its next sync; the file
    # reads the database, as it should.

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ideas so far (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download_info.value.path(), encoding="utf-8-sig").read())))
    assert [(r["Text"], r["Author"], r["Visibility"].split(":")[0]) for r in rows] == [
        ("Peer coaching circles", "Ana Reyes", "Published"),
        ("A buddy system for new reps", "Anonymous", "Published"),
    ]
    assert page.problems == []


def test_the_owner_moves_a_due_date_and_the_calendar_email_carries_sequence_1(
    new_page, live_session, ready_participant, password
):
    ana = ready_participant(live_session, name="Ana Reyes")
    item = action_item_create(
        session=live_session,
        by=live_session.created_by,
        title="Pilot peer coaching",
        owner=ana,
        due_date=date(2031, 3, 14),
    )
    owner = new_page()
    sign_in(owner, ana.email, password)
    owner.goto(f"/sessions/{live_session.pk}/summary/")
    owner.get_by_label("New due date of “Pilot peer coaching”").fill("2031-04-02")
    owner.get_by_role("button", name="Change due date").click()
    expect(owner.get_by_test_id("action-items")).to_contain_text("2 Apr 2031")

    email = OutboundEmail.objects.get(kind="calendar")
    assert ana.email in email.to and "Now due 2 April 2031" in email.subject
    content = email.attachments[0]["content"]
    assert "SEQUENCE:1" in content and "METHOD:REQUEST" in content
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert (str(event["UID"]), event["DTSTART"].dt) == (f"{item.uid}@thinktank", date(2031, 4, 2))
    assert email.status in ("pending", "sent")
