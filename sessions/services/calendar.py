"""Calendar emails: when an action item is declined, reassigned or rescheduled, the people whose
calendars hold (or should hold) its event get an email with the updated .ics: METHOD:REQUEST with a
higher SEQUENCE, or METHOD:CANCEL (STATUS:CANCELLED) for a copy that no longer holds.

Queued through the outbox in the caller's transaction (the change and its emails commit together);
the key names the item, its SEQUENCE, the person and the method, so each goes out once."""

import copy
from datetime import date
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse

from thinktank.accounts.models import User
from thinktank.mail.models import OutboundEmail
from thinktank.mail.services import Attachment, email_address, email_queue

from ..exports.calendar import CANCEL, REQUEST, action_item_itip
from ..models import ActionItem, ScreenState

ITIP_CONTENT_TYPE = "text/calendar; method={method}; charset=utf-8"
SUBJECTS = {
    "assigned": "New action item for you: {title}",
    "rescheduled": "Now due {due:%-d %B %Y}: {title}",
    "declined": "Cancelled in your calendar: {title}",
    "reassigned_away": "No longer yours: {title}",
    "undated": "No due date any more: {title}",
}


def organizer() -> tuple[str, str]:
    """(name, address) of ThinkTank's sender: the calendar events' organizer."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "ThinkTank", address or "thinktank@localhost"


def action_item_calendar_queue(
    *, item: ActionItem, person: User, method: str, change: str, due_date: date | None = None
) -> OutboundEmail | None:
    """Email `person` the item's event (REQUEST or CANCEL) after `change` (a key of SUBJECTS).

    `due_date`: the date the event stood on, for a CANCEL after the due date was removed. Nothing is
    sent for an item without a date (it is in no calendar) or one the screen holds (its owner does
    not see it yet)."""
    if item.screen_state not in (ScreenState.CLEAR, ScreenState.RELEASED):
        return None
    event_item = item
    if due_date is not None and due_date != item.due_date:
        event_item = copy.copy(item)
        event_item.due_date = due_date
    if event_item.due_date is None:
        return None
    organizer_name, organizer_email = organizer()
    ics = action_item_itip(
        event_item,
        method=method,
        attendee=person,
        organizer_email=organizer_email,
        organizer_name=organizer_name,
    )
    session = item.session
    return email_queue(
        key=f"calendar:{item.pk}:{item.ics_sequence}:{person.pk}:{method.lower()}",
        kind="calendar",
        to=email_address(name=person.name, email=person.email),
        subject=SUBJECTS[change].format(title=item.title, due=event_item.due_date),
        template="action_item_calendar",
        context={
            "item": event_item,
            "person": person,
            "change": change,
            "cancel": method == CANCEL,
            "session": session,
            "summary_url": settings.SITE_URL + reverse("sessions:summary", kwargs={"session_id": session.pk}),
        },
        attachments=[
            Attachment(
                filename="action-item.ics",
                content_type=ITIP_CONTENT_TYPE.format(method=method),
                content=ics,
            )
        ],
    )


__all__ = ["CANCEL", "REQUEST", "action_item_calendar_queue", "organizer"]
