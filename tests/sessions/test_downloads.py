"""Downloads: my action items as CSV, iCalendar and PDF; all items for facilitators; the minutes
for facilitators and counsel. Everyone else gets a 404."""

import csv
import io
from datetime import date, timedelta

import pypdf
import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions.exports import csv_cell, markdown_escape
from sessions.models import ActionItem, Role
from sessions.services.actions import action_item_create, action_item_respond

from ..factories import MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

MY_FILES = ("my_items_csv", "my_items_ics", "my_items_pdf")
ALL_FILES = (*MY_FILES, "all_items_csv", "minutes_md", "minutes_pdf")
DUE = date(2031, 3, 14)


def url(name: str, session_id: int) -> str:
    return reverse(f"sessions:{name}", kwargs={"session_id": session_id})


def item_for(room, owner, title, *, due_date=DUE, details=""):
    return action_item_create(
        session=room.session,
        by=room.facilitator,
        title=title,
        owner=owner,
        due_date=due_date,
        details=details,
    )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def calendar_events(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


def pdf_text(content: bytes) -> str:
    """The text of a PDF, spaces folded (pypdf puts a NUL between glyphs of a fallback font)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().replace("\x00", "") for page in reader.pages).split())


# My action items


def test_my_csv_has_exactly_my_items(room, login):
    item_for(room, room.ana, "Draft the glossary", details="Shared terms for both teams")
    item_for(room, room.ana, "Book the follow-up", due_date=None)
    item_for(room, room.ben, "Ben's own item")

    response = login(room.ana).get(url("my_items_csv", room.session.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="thinktank-{room.session.pk}-my-action-items.csv"'
    )
    header, *rows = csv_rows(response)
    assert header == ["Title", "Details", "Owner", "Company", "Due date", "Status", "Origin", "Session"]
    by_title = {row[0]: row for row in rows}
    assert set(by_title) == {"Draft the glossary", "Book the follow-up"}
    glossary = by_title["Draft the glossary"]
    assert glossary[1:6] == [
        "Shared terms for both teams",
        "Ana Reyes",
        "Acme Contact",
        "2031-03-14",
        "Proposed",
    ]
    assert glossary[7] == room.session.title
    assert by_title["Book the follow-up"][4] == ""


def test_csv_cells_cannot_run_as_spreadsheet_formulas(room, login):
    titles = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1:A9)"]
    for title in titles:
        item_for(room, room.ana, title)

    _, *rows = csv_rows(login(room.ana).get(url("my_items_csv", room.session.pk)))

    assert sorted(row[0] for row in rows) == sorted("'" + title for title in titles)


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain text = fine", "Plain text = fine"),
        (None, ""),
        (date(2031, 3, 14), "2031-03-14"),
    ],
)
def test_csv_cell_neutralises_formula_starts(value, cell):
    assert csv_cell(value) == cell


def test_ics_has_one_all_day_event_per_dated_item(room, login):
    dated = item_for(room, room.ana, "Draft the glossary", details="Shared terms")
    item_for(room, room.ana, "No date yet", due_date=None)
    item_for(room, room.ben, "Ben's own item")

    response = login(room.ana).get(url("my_items_ics", room.session.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        f'filename="thinktank-{room.session.pk}-my-action-items.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "ThinkTank" in str(calendar["PRODID"])
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{dated.uid}@thinktank"
    assert str(event["SUMMARY"]) == "Draft the glossary"
    assert str(event["STATUS"]) == "CONFIRMED"
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert (type(start), start, end) == (date, DUE, DUE + timedelta(days=1))
    description = str(event["DESCRIPTION"])
    assert "Shared terms" in description and room.session.title in description and "Proposed" in description
    assert "DTSTAMP" in event


def test_ics_uids_are_stable_and_sequence_grows_when_the_item_changes(room, login):
    item = item_for(room, room.ana, "Draft the glossary")
    # Made an hour ago, so the owner's answer below is a later change whatever the clock's resolution.
    an_hour_ago = item.created_at - timedelta(hours=1)
    ActionItem.objects.filter(pk=item.pk).update(created_at=an_hour_ago, updated_at=an_hour_ago)
    client = login(room.ana)
    path = url("my_items_ics", room.session.pk)

    [first] = calendar_events(client.get(path))
    [again] = calendar_events(client.get(path))
    action_item_respond(item=item, by=room.ana, move="accept")
    [edited] = calendar_events(client.get(path))

    assert str(first["UID"]) == str(again["UID"]) == str(edited["UID"]) == f"{item.uid}@thinktank"
    assert first["SEQUENCE"] == again["SEQUENCE"]
    assert edited["SEQUENCE"] > first["SEQUENCE"]
    assert "Accepted" in str(edited["DESCRIPTION"])


def test_ics_marks_declined_items_cancelled_and_done_items_done(room, login):
    declined = item_for(room, room.ana, "Not for me")
    done = item_for(room, room.ana, "Send the deck")
    action_item_respond(item=declined, by=room.ana, move="decline")
    action_item_respond(item=done, by=room.ana, move="accept")
    action_item_respond(item=done, by=room.ana, move="complete")

    events = {
        str(e["UID"]): e for e in calendar_events(login(room.ana).get(url("my_items_ics", room.session.pk)))
    }

    assert str(events[f"{declined.uid}@thinktank"]["STATUS"]) == "CANCELLED"
    done_event = events[f"{done.uid}@thinktank"]
    assert (str(done_event["STATUS"]), str(done_event["SUMMARY"])) == ("CONFIRMED", "Done: Send the deck")


def test_pdf_lists_my_items_and_survives_text_outside_latin1(room, login):
    item_for(room, room.ana, "Draft the glossary", details="Café, niño, “curly” — fine")
    item_for(room, room.ana, "Call Łukasz 😀 about 中文 glossary", due_date=None)
    item_for(room, room.ben, "Ben's own item")

    response = login(room.ana).get(url("my_items_pdf", room.session.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(
        f'filename="thinktank-{room.session.pk}-my-action-items.pdf"'
    )
    text = pdf_text(response.content)
    assert "Draft the glossary" in text
    assert "Café, niño, “curly” — fine" in text
    assert "Call Łukasz 😀 about 中文 glossary" in text  # Unicode fonts: every script prints
    assert "Ana Reyes" in text and "2031-03-14" in text and "No due date" in text
    assert "Ben's own item" not in text


# Who gets which file


def test_participant_of_another_session_gets_404(room, login, ready_participant):
    other = SessionFactory(state="open")
    carol = ready_participant(other, name="Carol Other")
    item_for(room, room.ana, "Draft the glossary")

    for name in ALL_FILES:
        assert login(carol).get(url(name, room.session.pk)).status_code == 404, name
    # Ana's own files, asked under a session she takes no part in.
    for name in MY_FILES:
        assert login(room.ana).get(url(name, other.pk)).status_code == 404, name


def test_non_member_and_unknown_session_get_404(room, login):
    outsider = UserFactory()
    for name in ALL_FILES:
        assert login(outsider).get(url(name, room.session.pk)).status_code == 404, name
        assert login(room.ana).get(url(name, room.session.pk + 1000)).status_code == 404, name


def test_participant_cannot_have_all_items_or_minutes(room, login):
    client = login(room.ana)
    for name in ("all_items_csv", "minutes_md", "minutes_pdf"):
        assert client.get(url(name, room.session.pk)).status_code == 404, name


def test_counsel_gets_the_minutes_but_not_all_items(room, login):
    counsel = MembershipFactory(session=room.session, role=Role.COUNSEL, company=None).user
    client = login(counsel)
    assert client.get(url("minutes_md", room.session.pk)).status_code == 200
    assert client.get(url("minutes_pdf", room.session.pk)).status_code == 200
    assert client.get(url("all_items_csv", room.session.pk)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(room, client):
    for name in ALL_FILES:
        response = client.get(url(name, room.session.pk))
        assert response.status_code == 302, name
        assert reverse("account_login") in response.url


def test_facilitator_exports_every_action_item(room, login):
    item_for(room, room.ana, "Draft the glossary")
    item_for(room, room.ben, "Book the follow-up")

    response = login(room.facilitator).get(url("all_items_csv", room.session.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        f'filename="thinktank-{room.session.pk}-action-items.csv"'
    )
    _, *rows = csv_rows(response)
    assert sorted((row[0], row[2]) for row in rows) == [
        ("Book the follow-up", "Ben Okafor"),
        ("Draft the glossary", "Ana Reyes"),
    ]


# Minutes


def test_minutes_markdown_records_the_session(minuted, login):
    response = login(minuted.facilitator).get(url("minutes_md", minuted.session.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'filename="thinktank-{minuted.session.pk}-minutes.md"')
    markdown = response.content.decode()
    assert markdown.startswith(f"# Minutes: {minuted.session.title}\n")
    assert "(Europe/Paris)" in markdown
    assert "## Attendees" in markdown and "- Ana Reyes, Participant" in markdown
    assert "Ana Reyes (Acme Contact) agreed to version 1" in markdown
    assert "- Anonymous: A shared glossary of terms" in markdown  # never attributed, even here
    assert "we bill 14 an hour" not in markdown  # a declined idea's words stay with its author
    [decision] = [line for line in markdown.splitlines() if "Rates are off limits" in line]
    assert "Held by the ground-rule screen" in decision
    assert f"Declined by {minuted.facilitator.name}" in decision
    assert "Reason: Rates are off limits" in decision
    assert "Draft the glossary: Ben Okafor (Acme Contact), due 2031-03-14, Proposed" in markdown


def test_minutes_markdown_escapes_user_text(minuted, login):
    markdown = login(minuted.facilitator).get(url("minutes_md", minuted.session.pk)).content.decode()

    assert "\\# Heading \\[link\\](http\\://x)" in markdown
    assert "[link](" not in markdown
    assert not any(line.startswith("# Heading") for line in markdown.splitlines())


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("# Heading [link](http://x)", "\\# Heading \\[link\\](http\\://x)"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("*bold* _it_ `code` ~gone~ a|b &amp;", "\\*bold\\* \\_it\\_ \\`code\\` \\~gone\\~ a\\|b \\&amp;"),
        ("1. not a list", "1\\. not a list"),
        ("- not a list", "\\- not a list"),
        ("line one\n# line two", "line one \\# line two"),
    ],
)
def test_markdown_escape_keeps_user_text_literal(text, escaped):
    assert markdown_escape(text) == escaped


def test_minutes_pdf_records_the_session(minuted, login):
    response = login(minuted.facilitator).get(url("minutes_pdf", minuted.session.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'filename="thinktank-{minuted.session.pk}-minutes.pdf"')
    text = pdf_text(response.content)
    assert f"Minutes: {minuted.session.title}" in text
    assert "Ana Reyes, Participant" in text
    assert "Ana Reyes (Acme Contact) agreed to version 1" in text
    assert "we bill 14 an hour on that account" not in text
    assert "Reason: Rates are off limits" in text
    assert "Draft the glossary: Ben Okafor (Acme Contact), due 2031-03-14, Proposed" in text
