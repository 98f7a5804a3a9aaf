"""The antitrust safeguards as people use them, in real Chromium: the statement at the start, "I
object", leaving in protest, counsel approving the agenda and setting a legal hold, the attendance
register, participants commenting on the minutes, small-group anonymity on the summary."""

import uuid

import pytest
from playwright.sync_api import expect

from sessions.models import Role
from sessions.services.minutes import minutes_submit
from sessions.services.room import idea_post, room_control, statement_acknowledge

from ..factories import MembershipFactory, UserFactory
from .conftest import acknowledge_statement, off_loop, sign_in
from .test_live_room import _ready_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(asgi_page, person, password, path):
    page = asgi_page()
    sign_in(page, person.email, password)
    page.goto(path)
    return page


@pytest.fixture
def people(open_session):
    acme, bolt = open_session.companies.order_by("name")
    counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=open_session, user=counsel, role=Role.COUNSEL, company=None)
    return {
        "facilitator": open_session.created_by,
        "counsel": counsel,
        "ana": _ready_participant(open_session, acme, "Ana Reyes"),
        "ben": _ready_participant(open_session, bolt, "Ben Okafor"),
    }


def test_counsel_approves_the_agenda_then_the_room_starts_with_the_statement_and_an_objection_pauses_it(
    open_session, people, asgi_page, password
):
    session = open_session
    counsel_page = _page(asgi_page, people["counsel"], password, f"/sessions/{session.pk}/")
    expect(counsel_page.get_by_test_id("agenda-status")).to_contain_text("Waiting for counsel's approval")
    counsel_page.get_by_role("button", name="Approve this agenda").click()
    expect(counsel_page.get_by_test_id("agenda-status")).to_contain_text("Approved by counsel (Carla Counsel")

    room = f"/sessions/{session.pk}/room/"
    counsel_page.goto(room)
    pages = {key: _page(asgi_page, people[key], password, room) for key in ("facilitator", "ana", "ben")}
    pages["counsel"] = counsel_page
    for page in pages.values():
        expect(page.get_by_test_id("presence")).to_contain_text("4 here now")
    pages["facilitator"].get_by_role("button", name="Start", exact=True).click()
    for page in pages.values():
        expect(page.get_by_test_id("session-state")).to_have_text("Live")
        expect(page.get_by_test_id("statement-dialog")).to_contain_text("competitors")
        acknowledge_statement(page)

    ana = pages["ana"]
    ana.get_by_role("button", name="I object: stop this topic").click()
    dialog = ana.get_by_role("dialog")
    dialog.get_by_label("Why (optional)").fill("This is heading into rates")
    dialog.get_by_role("button", name="Object and pause the room").click()
    for page in pages.values():
        expect(page.get_by_test_id("session-state")).to_have_text("Paused")
        expect(page.get_by_test_id("objection-banner")).to_contain_text("An objection was raised")
    expect(pages["ben"].get_by_text("Ana Reyes (Acme Contact): “This is heading into rates”")).to_have_count(
        0
    )
    expect(
        pages["counsel"].get_by_text("Ana Reyes (Acme Contact): “This is heading into rates”")
    ).to_be_visible()

    pages["facilitator"].get_by_role("button", name="Resume").click()
    expect(pages["ben"].get_by_test_id("objection-banner")).to_be_hidden()
    ben = pages["ben"]
    ben.get_by_role("button", name="Leave the meeting in protest").click()
    ben.get_by_role("dialog").get_by_role("button", name="Leave in protest").click()
    expect(ben.get_by_text("You left the meeting in protest")).to_be_visible()
    expect(ana.get_by_test_id("protest-banner")).to_contain_text(
        "Ben Okafor (Bolt CX) left the meeting in protest."
    )
    for key, page in pages.items():
        assert page.problems == [], f"{key}: {page.problems}"


def test_counsel_sets_a_legal_hold_and_downloads_the_attendance_register(
    open_session, people, asgi_page, password
):
    session = open_session
    from sessions.services.agenda import agenda_approve
    from sessions.services.presence import presence_join

    agenda_approve(session=session, by=people["counsel"])
    presence_join(session_id=session.pk, user=people["counsel"], channel_name="test.counsel")
    off_loop(room_control, session_id=session.pk, user=people["facilitator"], action="start")
    page = _page(asgi_page, people["counsel"], password, f"/sessions/{session.pk}/")
    page.get_by_label("Why (the matter or request)").fill("Matter 2031-17")
    page.get_by_role("button", name="Put under legal hold").click()
    expect(page.get_by_test_id("legal-hold")).to_contain_text("Under a legal hold since")
    with page.expect_download() as download:
        page.get_by_role("link", name="Attendance register (CSV)").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert (
        content.startswith("Time,Name,Company,Role,Event,Reason")
        and "Carla Counsel,,counsel,Joined" in content
    )
    page.get_by_role("button", name="Release the legal hold").click()
    expect(page.get_by_test_id("legal-hold")).to_contain_text("No legal hold")


def test_participants_comment_on_submitted_minutes_and_small_delegations_show_no_figures(
    live_session, ready_participant, asgi_page, password
):
    session = live_session
    acme, bolt = session.companies.order_by("name")
    big = [ready_participant(session, name=f"Acme Leader {n}") for n in range(3)]
    loner = _ready_participant(session, bolt, "Solo Bolt")
    off_loop(statement_acknowledge, session_id=session.pk, user=loner)
    counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=session, user=counsel, role=Role.COUNSEL, company=None)
    for person, text in ((big[0], "Huddle before peak hours"), (loner, "Celebrate small wins")):
        idea_post(
            session_id=session.pk,
            user=person,
            client_id=uuid.uuid4(),
            question_id=session.current_question_id,
            text=text,
        )
    off_loop(room_control, session_id=session.pk, user=session.created_by, action="close")
    session.refresh_from_db()
    minutes_submit(session=session, by=session.created_by)

    page = _page(asgi_page, big[1], password, f"/sessions/{session.pk}/summary/")
    expect(page.get_by_test_id("small-group")).to_contain_text("Not shown: fewer than 3 participants")
    page.get_by_role("link", name="Minutes (review and comment)").click()
    page.get_by_label("Your comment on the draft").fill(
        "Please record that we agreed to meet again in March."
    )
    page.get_by_role("button", name="Send my comment to counsel").click()
    expect(page.get_by_test_id("minutes-comments")).to_contain_text("agreed to meet again in March")
    counsel_page = _page(asgi_page, counsel, password, f"/sessions/{session.pk}/minutes/")
    expect(counsel_page.get_by_test_id("minutes-comments")).to_contain_text("Acme Leader 1")
    facilitator_page = _page(asgi_page, session.created_by, password, f"/sessions/{session.pk}/summary/")
    expect(facilitator_page.get_by_test_id("small-group")).to_have_count(0)
