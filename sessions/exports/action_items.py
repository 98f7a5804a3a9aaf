"""A person's (or a session's) action items as CSV, iCalendar and PDF."""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from ..models import ActionItem, ActionStatus
from .blocks import H1, H3, NOTE, Block, P, render_pdf
from .text import csv_cell, ics_text

PRODID = "-//ThinkTank//Action items//EN"
CSV_HEADER = ["Title", "Details", "Owner", "Company", "Due date", "Status", "Origin", "Session"]

# Done is not a valid VEVENT status (COMPLETED belongs to VTODO). A done item stays in the file as
# CONFIRMED with "Done" in its summary: a calendar that imported it earlier then updates the event
# (same UID, higher SEQUENCE) instead of keeping a stale open commitment, which skipping it would do.
# A declined item is CANCELLED, which calendars show struck out or remove.
ICS_STATUS = {
    ActionStatus.PROPOSED: "CONFIRMED",
    ActionStatus.ACCEPTED: "CONFIRMED",
    ActionStatus.DONE: "CONFIRMED",
    ActionStatus.DECLINED: "CANCELLED",
}

SessionTitleFor = Callable[[ActionItem], str]


def _session_title(item: ActionItem) -> str:
    return item.session.title


def item_origin(item: ActionItem) -> str:
    """Where the commitment came from: the idea, else the agenda question, else nothing."""
    if item.idea_id and item.idea:
        return f"Idea: {item.idea.text}"
    if item.question_id and item.question:
        return f"Question: {item.question.text}"
    return ""


def owner_company(item: ActionItem) -> str:
    company = item.owner.company
    return company.name if company else ""


def action_items_csv(
    items: Iterable[ActionItem], *, session_title_for: SessionTitleFor = _session_title
) -> str:
    """One row per item under a header row. Every cell is disarmed against spreadsheet formulas.

    An item without a due date has an empty "Due date" cell (the column stays sortable as dates).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for item in items:
        row = [
            item.title,
            item.details,
            item.owner.name,
            owner_company(item),
            item.due_date.isoformat() if item.due_date else "",
            item.get_status_display(),
            item_origin(item),
            session_title_for(item),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def ics_sequence(item: ActionItem) -> int:
    """The item's calendar SEQUENCE: one more on every change (ActionItem.ics_sequence)."""
    return item.ics_sequence


def action_items_ics(
    items: Iterable[ActionItem], *, session_title_for: SessionTitleFor = _session_title
) -> bytes:
    """An all-day event on the due date of each item that has one; undated items are left out.

    The UID comes from the item's stable `uid`, so importing the file again updates the events
    rather than duplicating them.
    """
    calendar = ics_calendar(method="PUBLISH")
    calendar.add("x-wr-calname", "ThinkTank action items")
    stamp = timezone.now()
    for item in items:
        if item.due_date is None:
            continue
        calendar.add_component(action_item_event(item, session_title_for(item), stamp=stamp))
    return calendar.to_ical()


def ics_calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def action_item_event(item: ActionItem, session_title: str, *, stamp, cancelled: bool = False) -> Event:
    """The item's all-day event on its due date. Every text is cleaned (exports.text.ics_text)."""
    done = item.status == ActionStatus.DONE
    event = Event()
    event.add("uid", f"{item.uid}@thinktank")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_date)
    event.add("dtend", item.due_date + timedelta(days=1))
    event.add("summary", ics_text(f"Done: {item.title}" if done else item.title))
    event.add("description", ics_text(_ics_description(item, session_title)))
    event.add("status", "CANCELLED" if cancelled else ICS_STATUS[item.status])
    event.add("sequence", ics_sequence(item))
    event.add("created", item.created_at)
    event.add("last-modified", item.updated_at)
    # A due date is a reminder, not a meeting: it does not make the person look busy.
    event.add("transp", "TRANSPARENT")
    return event


def _ics_description(item: ActionItem, session_title: str) -> str:
    parts = [item.details] if item.details else []
    parts.append(f"Session: {session_title}")
    parts.append(f"Status: {item.get_status_display()}")
    origin = item_origin(item)
    if origin:
        parts.append(origin)
    return "\n".join(parts)


def action_items_pdf(
    items: Iterable[ActionItem],
    *,
    title: str,
    person: str,
    session_title_for: SessionTitleFor | None = None,
) -> bytes:
    """A readable list of the items: title, due date, status, details and origin of each.

    Pass `session_title_for` when the items span several sessions, to name each item's session.
    """
    items = list(items)
    blocks = [
        Block(H1, title),
        Block(P, f"For {person}"),
        Block(NOTE, f"Generated on {timezone.localdate().isoformat()}"),
    ]
    if not items:
        blocks.append(Block(P, "No action items."))
    for item in items:
        blocks.append(Block(H3, item.title))
        due = (
            f"Due {item.due_date.isoformat()}" if item.due_date else "No due date (not in the calendar file)"
        )
        blocks.append(Block(P, f"{due}  \N{MIDDLE DOT}  {item.get_status_display()}"))
        if session_title_for is not None:
            blocks.append(Block(P, f"Session: {session_title_for(item)}"))
        if item.details:
            blocks.append(Block(P, item.details))
        origin = item_origin(item)
        if origin:
            blocks.append(Block(NOTE, origin))
    return render_pdf(blocks, title=title)
