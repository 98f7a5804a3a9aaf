"""Calendar messages sent by email (iTIP, RFC 5546): an action item's event for its owner
(METHOD:REQUEST, or METHOD:CANCEL for a copy that no longer holds), and a session's own event in its
invitation. Stable UIDs; SEQUENCE grows with every change, so calendars replace what they hold."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Event, vCalAddress, vText

from ..models import ActionItem, ActionStatus, Session
from .action_items import action_item_event, ics_calendar
from .text import ics_name, ics_text

REQUEST, CANCEL = "REQUEST", "CANCEL"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(ics_name(name))
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def action_item_itip(
    item: ActionItem, *, method: str, attendee, organizer_email: str, organizer_name: str
) -> str:
    """The item's event for one person (`attendee`, a user): REQUEST puts it in their calendar (or
    updates it), CANCEL takes it out (STATUS:CANCELLED). The item must have a due date."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    calendar = ics_calendar(method=method)
    event = action_item_event(item, item.session.title, stamp=timezone.now(), cancelled=method == CANCEL)
    event.add("organizer", _address(organizer_email, organizer_name))
    accepted = item.status in (ActionStatus.ACCEPTED, ActionStatus.DONE)
    event.add(
        "attendee",
        _address(
            attendee.email,
            attendee.name,
            role="REQ-PARTICIPANT",
            partstat="ACCEPTED" if accepted and method == REQUEST else "NEEDS-ACTION",
            rsvp="FALSE",
        ),
    )
    calendar.add_component(event)
    return calendar.to_ical().decode()


def session_itip(
    session: Session, *, attendee_email: str, attendee_name: str, organizer, room_url: str, agenda: list
) -> str:
    """The session itself, in its own time zone, for an invitation: title, time, the room's address."""
    calendar = ics_calendar(method=REQUEST)
    zone = session.zone
    event = Event()
    event.add("uid", f"session-{session.pk}@thinktank")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at, zone))
    event.add("dtend", timezone.localtime(session.ends_at, zone))
    event.add("summary", ics_text(session.title))
    lines = [session.purpose, "", "Agenda:"]
    lines += [f"{question.position}. {question.text}" for question in agenda]
    lines += ["", f"The room: {room_url}"]
    event.add("description", ics_text("\n".join(lines)))
    event.add("location", ics_text(room_url))
    event.add("url", room_url)
    event.add("sequence", session.calendar_sequence)
    event.add("status", "CONFIRMED")
    event.add("organizer", _address(organizer.email, organizer.name))
    event.add(
        "attendee",
        _address(
            attendee_email, attendee_name, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE"
        ),
    )
    calendar.add_component(event)
    # VTIMEZONE for the session's zone, so every calendar shows the same local time.
    calendar.add_missing_timezones(
        first_date=session.starts_at.date() - timedelta(days=1),
        last_date=session.ends_at.date() + timedelta(days=366),
    )
    return calendar.to_ical().decode()
