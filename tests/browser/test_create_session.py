"""A facilitator signs in, creates a session with three questions, reorders them, finds it again."""

import pytest
from playwright.sync_api import expect

from sessions.models import Session

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_creates_and_reorders_a_session(new_page, facilitator, password):
    page = new_page()
    sign_in(page, facilitator.email, password)

    page.get_by_role("link", name="Create a session").click()
    page.get_by_label("Title").fill("Coaching when the queue is backed up")
    page.get_by_label("Purpose (the shared vision)").fill("Every caller gets a coached rep.")
    page.get_by_label("Starts").fill("2030-05-04T09:00")
    page.get_by_label("Ends").fill("2030-05-04T11:30")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_label("Add companies").fill("Acme Contact\nBolt CX")

    rows = page.locator("[data-agenda-row]")
    for index, text in enumerate(["Inspire reps?", "Find time to coach?", "Grow young leaders?"]):
        rows.nth(index).get_by_label("Question", exact=True).fill(text)
    rows.nth(0).get_by_label("Time box (minutes)").fill("15")

    # Move the third question to the top, then the (now second) first question down below the other.
    rows.nth(2).get_by_role("button", name="Move up").click()
    rows.nth(1).get_by_role("button", name="Move up").click()
    rows.nth(1).get_by_role("button", name="Move down").click()
    page.get_by_role("button", name="Create session").click()

    expect(page.get_by_role("heading", name="Coaching when the queue is backed up")).to_be_visible()
    agenda = page.get_by_test_id("agenda").get_by_role("listitem")
    expect(agenda).to_have_count(3)
    expect(agenda.nth(0)).to_contain_text("Grow young leaders?")
    expect(agenda.nth(1)).to_contain_text("Find time to coach?")
    expect(agenda.nth(2)).to_contain_text("Inspire reps?")
    expect(agenda.nth(2)).to_contain_text("15 min")
    expect(page.get_by_test_id("session-state")).to_have_text("Draft")

    page.get_by_role("link", name="My sessions").click()
    expect(page.get_by_role("list", name="My sessions")).to_contain_text(
        "Coaching when the queue is backed up"
    )
    session = Session.objects.get()
    assert [q.text for q in session.questions.all()] == [
        "Grow young leaders?",
        "Find time to coach?",
        "Inspire reps?",
    ]


def test_added_question_row_is_saved(new_page, facilitator, password):
    page = new_page()
    sign_in(page, facilitator.email, password)
    page.goto("/sessions/new/")
    page.get_by_label("Title").fill("Four questions")
    page.get_by_label("Purpose (the shared vision)").fill("Test.")
    page.get_by_label("Starts").fill("2030-05-04T09:00")
    page.get_by_label("Ends").fill("2030-05-04T11:30")
    page.get_by_role("button", name="Add a question").click()
    rows = page.locator("[data-agenda-row]")
    expect(rows).to_have_count(4)
    for index in range(4):
        rows.nth(index).get_by_label("Question", exact=True).fill(f"Question {index + 1}?")
    page.get_by_role("button", name="Create session").click()
    expect(page.get_by_test_id("agenda").get_by_role("listitem")).to_have_count(4)
