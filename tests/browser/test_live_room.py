"""The live room in three real browsers: a facilitator and two participants from different companies.

They run against uvicorn (websockets), see tests/browser/conftest.py::asgi_live_server.
"""

import re

import pytest
from playwright.sync_api import expect

from groundrules.services import agreement_accept
from sessions.services.participation import buy_in_give

from ..factories import MembershipFactory, UserFactory
from .conftest import acknowledge_statement, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRICING = "we bill 14 an hour on that account"


def _ready_participant(session, company, name):
    person = MembershipFactory(
        session=session, company=company, user=UserFactory(name=name, company=company)
    ).user
    buy_in_give(session=session, user=person, willing=True, hopes="Better coaching", strength="Night shifts")
    agreement_accept(session=session, user=person, typed_name=name)
    return person


@pytest.fixture
def room(open_session, asgi_page, password):
    """The facilitator and two ready participants (Acme Contact, Bolt CX), each in the room."""
    acme, bolt = open_session.companies.order_by("name")
    people = {
        "facilitator": open_session.created_by,
        "ana": _ready_participant(open_session, acme, "Ana Reyes"),
        "ben": _ready_participant(open_session, bolt, "Ben Okafor"),
    }
    pages = {}
    for key, person in people.items():
        page = asgi_page()
        sign_in(page, person.email, password)
        page.goto(f"/sessions/{open_session.pk}/room/")
        pages[key] = page
    for page in pages.values():
        expect(page.get_by_test_id("presence")).to_contain_text("3 here now")
    yield pages
    for key, page in pages.items():
        assert page.problems == [], f"{key}'s browser reported errors: {page.problems}"


def _start(room):
    facilitator = room["facilitator"]
    expect(room["ana"].get_by_test_id("lobby")).to_contain_text("You are in the lobby")
    facilitator.get_by_role("button", name="Start", exact=True).click()
    for page in room.values():
        expect(page.get_by_test_id("session-state")).to_have_text("Live")
        expect(page.get_by_test_id("lobby")).to_be_hidden()
        expect(page.get_by_test_id("current-question")).to_have_text("1. First question?")
        acknowledge_statement(page)


def _post(page, text, anonymous=False):
    page.get_by_label("Your idea for the current question").fill(text)
    if anonymous:
        page.get_by_label("Post anonymously").check()
    page.get_by_role("button", name="Post idea").click()


def _ideas(page):
    return page.get_by_test_id("ideas-1").locator("li:visible")


def test_ideas_reach_everyone_and_reactions_count(room):
    _start(room)
    ana, ben, facilitator = room["ana"], room["ben"], room["facilitator"]

    _post(ana, "Peer coaching circles every Friday")
    expect(ana.get_by_test_id("composer-status")).to_have_text("Your idea is posted.")
    expect(ana.get_by_label("Your idea for the current question")).to_have_value("")
    for page in room.values():
        expect(_ideas(page)).to_have_count(1)
        expect(_ideas(page).first).to_contain_text("Ana Reyes · Acme Contact")
        expect(_ideas(page).first).to_contain_text("Peer coaching circles every Friday")

    _post(ben, "Shadow a top rep for an hour", anonymous=True)
    expect(_ideas(ana).nth(1)).to_contain_text("Anonymous")
    expect(_ideas(ana).nth(1)).not_to_contain_text("Ben Okafor")
    expect(_ideas(facilitator).nth(1)).to_contain_text("Ben Okafor · Bolt CX (posted anonymously)")

    agree = _ideas(ben).first.get_by_role("button", name="Agree (0)")
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.click()
    expect(_ideas(ben).first.get_by_role("button", name="Agree (1)")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(_ideas(ana).first.get_by_role("button", name="Agree (1)")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(_ideas(facilitator).first.get_by_role("button", name="Agree (1)")).to_be_visible()

    build_on = _ideas(ana).nth(1).get_by_role("button", name="Build on (0)")
    build_on.click()
    expect(build_on).to_have_attribute("aria-pressed", "true")
    _post(ana, "And pair it with a weekly debrief")
    expect(_ideas(ben).nth(2)).to_contain_text("Builds on: “Shadow a top rep for an hour”")
    expect(_ideas(ben).nth(1).get_by_role("button", name="Build on (1)")).to_be_visible()

    _ideas(facilitator).first.get_by_role("button", name="Highlight").click()
    expect(_ideas(ana).first).to_contain_text("Highlighted")
    # Participants flag, they do not highlight; the facilitator highlights, and does not flag.
    expect(_ideas(ana).first.get_by_role("button", name="Highlight")).to_have_count(0)
    expect(_ideas(ana).first.get_by_role("button", name="Flag")).to_be_visible()
    expect(_ideas(facilitator).first.get_by_role("button", name="Flag")).to_be_hidden()
    # Facilitators turn an idea into an action item from the room; participants cannot.
    action_link = _ideas(facilitator).first.get_by_role("link", name="Make it an action item")
    expect(action_link).to_have_attribute("href", re.compile(r"/summary/\?idea=\d+"))
    expect(_ideas(ana).first.get_by_role("link", name="Make it an action item")).to_be_hidden()


def test_pricing_is_held_for_a_moderator_then_released_or_declined(room):
    _start(room)
    ana, ben, facilitator = room["ana"], room["ben"], room["facilitator"]

    _post(ben, PRICING)
    expect(ben.get_by_test_id("composer-status")).to_contain_text("held for a moderator")
    own_held = ben.get_by_test_id("own-held")
    expect(own_held).to_contain_text(PRICING)
    expect(own_held).to_contain_text("No pricing")
    queue = facilitator.get_by_test_id("moderation-queue")
    expect(queue).to_contain_text(PRICING)
    expect(queue).to_contain_text("No pricing")
    expect(queue).to_contain_text("Ben Okafor · Bolt CX")
    expect(ana.get_by_test_id("moderation-queue")).to_be_hidden()
    expect(_ideas(ana)).to_have_count(0)

    queue.get_by_role("button", name="Release").click()
    expect(_ideas(ana)).to_have_count(1)
    expect(_ideas(ana).first).to_contain_text(PRICING)
    expect(queue).to_contain_text("Nothing is waiting.")
    expect(ben.get_by_test_id("own-held")).to_be_hidden()

    # Declining needs a reason, which the author sees; "Rephrase" puts the text back.
    _post(ben, "our rate is 12 an hour")
    expect(queue).to_contain_text("our rate is 12 an hour")
    queue.get_by_role("button", name="Decline").click()
    expect(facilitator.get_by_test_id("room-errors")).to_contain_text("Give a reason to decline")
    queue.get_by_label(re.compile("Reason for declining")).fill("Rates stay out of the room.")
    queue.get_by_role("button", name="Decline").click()
    expect(queue).to_contain_text("Nothing is waiting.")
    expect(own_held).to_contain_text("Declined by a moderator: Rates stay out of the room.")
    own_held.get_by_role("button", name="Rephrase").click()
    expect(ben.get_by_label("Your idea for the current question")).to_have_value("our rate is 12 an hour")
    expect(_ideas(ana)).to_have_count(1)


def test_pause_makes_the_room_read_only_until_resumed(room):
    _start(room)
    ana, facilitator = room["ana"], room["facilitator"]

    facilitator.get_by_label("Timer minutes").fill("5")
    facilitator.get_by_role("button", name="Set timer").click()
    for page in room.values():
        expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^(5:00|4:5\d)$"))

    composer = ana.get_by_label("Your idea for the current question")
    composer.fill("Half-written thought")
    facilitator.get_by_role("button", name="Pause").click()
    for page in (ana, room["ben"]):
        expect(page.get_by_text("The session is paused: the room is read-only.")).to_be_visible()
        expect(page.get_by_label("Your idea for the current question")).to_be_disabled()
        expect(page.get_by_role("button", name="Post idea")).to_be_disabled()
    expect(composer).to_have_value("Half-written thought")

    facilitator.get_by_role("button", name="Resume").click()
    expect(ana.get_by_text("The session is paused: the room is read-only.")).to_be_hidden()
    expect(composer).to_be_enabled()
    ana.get_by_role("button", name="Post idea").click()
    expect(_ideas(facilitator)).to_have_count(1)

    facilitator.get_by_label("Agenda question").select_option(label="2. Second question?")
    facilitator.get_by_role("button", name="Go to question").click()
    expect(ana.get_by_test_id("current-question")).to_have_text("2. Second question?")


def test_a_flagged_idea_is_hidden_until_a_moderator_restores_it(room):
    _start(room)
    ana, ben, facilitator = room["ana"], room["ben"], room["facilitator"]
    _post(ana, "Let us share how we coach new hires on the escalation script")
    expect(_ideas(ben)).to_have_count(1)

    _ideas(ben).first.get_by_role("button", name="Flag").click()
    dialog = ben.get_by_role("dialog")
    dialog.get_by_label("Why (optional)").fill("Sounds like contract terms")
    dialog.get_by_role("button", name="Flag idea").click()
    for page in room.values():
        expect(_ideas(page)).to_have_count(0)
    queue = facilitator.get_by_test_id("moderation-queue")
    expect(queue).to_contain_text("Flagged by 1 participant")
    expect(queue).to_contain_text("Sounds like contract terms")

    queue.get_by_role("button", name="Release").click()
    for page in room.values():
        expect(_ideas(page)).to_have_count(1)
    expect(queue).to_contain_text("Nothing is waiting.")


def test_a_dropped_participant_catches_up_with_nothing_twice(room):
    _start(room)
    ana, ben = room["ana"], room["ben"]
    _post(ben, "Before the drop")
    expect(_ideas(ana)).to_have_count(1)

    ana.context.set_offline(True)
    expect(ana.get_by_test_id("reconnecting")).to_be_visible()
    _post(ben, "While Ana was away")
    _post_after_ack = ben.get_by_test_id("composer-status")
    expect(_post_after_ack).to_have_text("Your idea is posted.")
    _ideas(ben).first.get_by_role("button", name="Agree (0)").click()
    expect(_ideas(ben).first.get_by_role("button", name="Agree (1)")).to_be_visible()
    expect(_ideas(ana)).to_have_count(1)

    ana.context.set_offline(False)
    expect(ana.get_by_test_id("reconnecting")).to_be_hidden()
    expect(_ideas(ana)).to_have_count(2)
    expect(_ideas(ana).nth(1)).to_contain_text("While Ana was away")
    expect(_ideas(ana).first.get_by_role("button", name="Agree (1)")).to_be_visible()

    # Live again: a new idea arrives once, and nothing from before shows twice.
    _post(ben, "After the return")
    expect(_ideas(ana)).to_have_count(3)
    texts = _ideas(ana).locator(".tt-idea-text").all_text_contents()
    assert texts == ["Before the drop", "While Ana was away", "After the return"]
