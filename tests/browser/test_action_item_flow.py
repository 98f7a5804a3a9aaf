"""The facilitator turns an idea into an action item; its owner accepts it and downloads the .ics."""

import uuid

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from sessions.services.room import idea_post, room_control

from .conftest import off_loop, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_idea_becomes_an_accepted_action_item_in_the_owners_calendar(
    new_page, open_session, ready_participant, password
):
    live_session = open_session
    off_loop(room_control, session_id=live_session.pk, user=live_session.created_by, action="start")
    live_session.refresh_from_db()
    ana = ready_participant(live_session, name="Ana Reyes")
    off_loop(
        idea_post,
        session_id=live_session.pk,
        user=ana,
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="Peer coaching circles every Friday",
    )

    facilitator = new_page()
    sign_in(facilitator, live_session.created_by.email, password)
    facilitator.goto(f"/sessions/{live_session.pk}/summary/")
    facilitator.get_by_role("link", name="Turn into an action item").click()
    expect(facilitator.get_by_label("Action", exact=True)).to_have_value("Peer coaching circles every Friday")
    facilitator.get_by_label("Owner").select_option(label=f"Ana Reyes ({ana.company})")
    facilitator.get_by_label("Due date").fill("2030-06-14")
    facilitator.get_by_role("button", name="Propose action item").click()
    expect(facilitator.get_by_test_id("action-items")).to_contain_text("Proposed")

    owner = new_page()
    sign_in(owner, ana.email, password)
    owner.goto(f"/sessions/{live_session.pk}/summary/")
    owner.get_by_role("button", name="Accept").click()
    expect(owner.get_by_test_id("action-items")).to_contain_text("Accepted")

    with owner.expect_download() as download_info:
        owner.get_by_role("link", name="Add my due dates to my calendar (.ics)").click()
    calendar = Calendar.from_ical(open(download_info.value.path(), "rb").read())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Peer coaching circles every Friday"
    assert events[0]["DTSTART"].dt.isoformat() == "2030-06-14"
