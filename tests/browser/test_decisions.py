"""Grouping ideas and dot-voting in real browsers: the facilitator groups and runs a vote, the
participants see the groups, place dots and watch the totals; the results reach the summary."""

import pytest
from playwright.sync_api import expect

from .conftest import acknowledge_statement, sign_in
from .test_live_room import _ideas, _post, _ready_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(open_session, asgi_page, password):
    """The facilitator and two ready participants in the room, the session started."""
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
    pages["facilitator"].get_by_role("button", name="Start", exact=True).click()
    for page in pages.values():
        expect(page.get_by_test_id("session-state")).to_have_text("Live")
        acknowledge_statement(page)
    pages["session"] = open_session
    yield pages
    for key, page in pages.items():
        if key != "session":
            assert page.problems == [], f"{key}'s browser reported errors: {page.problems}"


def _post_all(page, texts):
    for n, text in enumerate(texts, 1):
        _post(page, text)
        expect(_ideas(page)).to_have_count(n)


def test_the_facilitator_groups_ideas_and_a_participant_sees_the_group(room):
    ana, ben, facilitator = room["ana"], room["ben"], room["facilitator"]
    _post_all(
        ana,
        [
            "Peer coaching circles every Friday",
            "Friday peer coaching circles",
            "Shadow a top rep for an afternoon",
            "A glossary of our acronyms",
        ],
    )
    expect(_ideas(facilitator)).to_have_count(4)
    # Participants have no checkboxes and no grouping controls.
    expect(ana.get_by_test_id("decisions")).to_be_hidden()
    expect(ana.get_by_label("Select “Shadow a top rep for an afternoon”")).to_be_hidden()

    facilitator.get_by_label("Select “Shadow a top rep for an afternoon”").check()
    facilitator.get_by_label("Select “A glossary of our acronyms”").check()
    facilitator.get_by_label("Group title").fill("Learning from each other")
    facilitator.get_by_role("button", name="Group selected").click()
    groups = ben.get_by_test_id("groups-1")
    expect(groups.get_by_test_id("group")).to_have_count(1)
    expect(groups).to_contain_text("Learning from each other")
    expect(groups).to_contain_text("Shadow a top rep for an afternoon")
    expect(groups).to_contain_text("A glossary of our acronyms")
    expect(_ideas(ben).filter(has_text="A glossary")).to_contain_text("Group: Learning from each other")

    # A suggested group, accepted with one click.
    facilitator.get_by_role("button", name="Suggest groups").click()
    suggestion = facilitator.get_by_test_id("suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("Friday peer coaching circles")
    suggestion.get_by_role("button", name="Accept this group").click()
    expect(groups.get_by_test_id("group")).to_have_count(2)
    expect(groups.get_by_test_id("group").nth(1)).to_contain_text("Peer coaching circles every Friday")

    # Removing an idea and ungrouping reach everyone too.
    first_group = facilitator.get_by_test_id("groups-1").get_by_test_id("group").first
    first_group.get_by_role("button", name="Ungroup").click()
    expect(groups.get_by_test_id("group")).to_have_count(1)
    expect(groups).not_to_contain_text("Learning from each other")

    # A reload shows the group as it stands (the room's snapshot).
    ben.reload()
    expect(ben.get_by_test_id("groups-1").get_by_test_id("group")).to_have_count(1)
    expect(ben.get_by_test_id("groups-1")).to_contain_text("Friday peer coaching circles")


def test_a_dot_vote_counts_live_and_its_results_reach_the_summary(room):
    ana, ben, facilitator = room["ana"], room["ben"], room["facilitator"]
    _post_all(ben, ["Peer coaching circles every Friday", "A glossary of our acronyms"])
    expect(_ideas(facilitator)).to_have_count(2)

    facilitator.get_by_label("Dots per participant").fill("2")
    facilitator.get_by_role("button", name="Open vote").click()
    for page in (ana, ben):
        expect(page.get_by_test_id("vote")).to_contain_text("2 dots each")
    expect(ana.get_by_test_id("vote-remaining")).to_have_text("You have 2 dots left.")
    expect(facilitator.get_by_test_id("vote-remaining")).to_be_hidden()  # the facilitator does not vote

    ana.get_by_role("button", name="Add a dot to “A glossary of our acronyms”").click()
    ana.get_by_role("button", name="Add a dot to “A glossary of our acronyms”").click()
    expect(ana.get_by_test_id("vote-remaining")).to_have_text("You have 0 dots left.")
    expect(
        ana.get_by_role("button", name="Add a dot to “Peer coaching circles every Friday”")
    ).to_be_disabled()
    glossary_on_ben = ben.get_by_test_id("vote-item").filter(has_text="A glossary of our acronyms")
    expect(glossary_on_ben.get_by_test_id("vote-count")).to_have_text("2 dots")
    expect(ben.get_by_test_id("vote-remaining")).to_have_text("You have 2 dots left.")  # only her own

    ben.get_by_role("button", name="Add a dot to “Peer coaching circles every Friday”").click()
    coaching_on_ana = ana.get_by_test_id("vote-item").filter(has_text="Peer coaching circles every Friday")
    expect(coaching_on_ana.get_by_test_id("vote-count")).to_have_text("1 dot")
    ana.get_by_role("button", name="Remove a dot from “A glossary of our acronyms”").click()
    expect(glossary_on_ben.get_by_test_id("vote-count")).to_have_text("1 dot")

    facilitator.get_by_role("button", name="Close vote").click()
    for page in (ana, ben, facilitator):
        expect(page.get_by_test_id("vote")).to_contain_text("Results: 2 people voted")
    expect(ana.get_by_role("button", name="Add a dot to “A glossary of our acronyms”")).to_have_count(0)

    ben.goto(f"/sessions/{room['session'].pk}/summary/")
    results = ben.get_by_test_id("vote-results")
    expect(results).to_contain_text("2 dots each; 2 voted.")
    expect(results).to_contain_text("A glossary of our acronyms: 1 dot")
    expect(results).to_contain_text("Peer coaching circles every Friday: 1 dot")
    expect(results).not_to_contain_text("Ana Reyes")
