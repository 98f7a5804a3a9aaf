"""Emails after the session: personal follow-ups on close, reminders about due action items, and
the news that counsel approved the minutes. All through the outbox, each once (by its key), queued in
the transaction of the change that causes them."""

from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils.timezone import localdate

from thinktank.mail.services import email_address, email_queue

from ..models import ActionItem, ActionStatus, Membership, Role, Session
from ..selectors import SCREEN_VISIBLE

UNSUBSCRIBE_SALT = "thinktank.reminders.unsubscribe"
OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.ACCEPTED)


def close_followups_queue(*, session: Session) -> int:
    """On close: each participant gets their own action items and download links; facilitators the
    summary. Call it in the transaction that closes the session."""
    links = _links(session)
    count = 0
    items_by_owner: dict[int, list[ActionItem]] = {}
    for item in (
        ActionItem.objects.filter(session=session).filter(SCREEN_VISIBLE).order_by("due_date", "created_at")
    ):
        items_by_owner.setdefault(item.owner_id, []).append(item)
    participants = Membership.objects.filter(session=session, role=Role.PARTICIPANT).select_related("user")
    for membership in participants:
        person = membership.user
        items = items_by_owner.get(person.pk, [])
        email_queue(
            key=f"followup:{session.pk}:{person.pk}",
            kind="followup",
            to=email_address(name=person.name, email=person.email),
            subject=f"Your actions from “{session.title}”",
            template="followup_participant",
            context={"session": session, "person": person, "items": items, "links": links},
        )
        count += 1
    from ..summary import session_summary

    facilitators = list(
        Membership.objects.filter(session=session, role=Role.FACILITATOR).select_related("user")
    )
    # Every facilitator sees the same (everything): one summary for all of them.
    summary = session_summary(session=session, user=facilitators[0].user) if facilitators else None
    for membership in facilitators:
        email_queue(
            key=f"summary:{session.pk}:{membership.user_id}",
            kind="summary",
            to=email_address(name=membership.user.name, email=membership.user.email),
            subject=f"Summary of “{session.title}”",
            template="followup_facilitator",
            context={"session": session, "person": membership.user, "summary": summary, "links": links},
        )
        count += 1
    return count


def action_reminders_send(*, today: date | None = None) -> int:
    """Remind owners of open items due within REMINDER_DAYS_BEFORE days, and of overdue ones.

    Runs from beat over the rows that are due; the outbox key (kind, item, due date) makes each
    reminder go out once, and a new due date earns a new reminder.
    """
    today = today or localdate()
    lead = timedelta(days=settings.ACTION_REMINDER_DAYS_BEFORE)
    due = (
        ActionItem.objects.filter(
            status__in=OPEN_STATUSES, due_date__isnull=False, due_date__lte=today + lead
        )
        # Only owners who still take part in the session (a removed person's links would answer 404),
        # and only items they can see (passed the screen, or released).
        .filter(session__memberships__user=F("owner"))
        .filter(SCREEN_VISIBLE)
        .exclude(owner__reminders_opt_out=True)
        .select_related("owner", "session")
    )
    count = 0
    for item in due:
        kind = "overdue" if item.due_date < today else "due-soon"
        unsubscribe = unsubscribe_url(item.owner)
        email_queue(
            key=f"reminder-{kind}:{item.pk}:{item.due_date.isoformat()}",
            kind=f"reminder-{kind}",
            to=email_address(name=item.owner.name, email=item.owner.email),
            subject=(
                f"Overdue: {item.title}" if kind == "overdue" else f"Due {item.due_date:%-d %B}: {item.title}"
            ),
            template="action_reminder",
            context={
                "item": item,
                "overdue": kind == "overdue",
                "session": item.session,
                "links": _links(item.session),
                "unsubscribe_url": unsubscribe,
            },
            # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this link.
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        count += 1
    return count


def minutes_approved_queue(*, session: Session) -> int:
    """Participants are told the minutes are approved; call it in the approving transaction."""
    people = Membership.objects.filter(session=session, role=Role.PARTICIPANT).select_related("user")
    for membership in people:
        email_queue(
            key=f"minutes-approved:{session.pk}:{membership.user_id}",
            kind="minutes-approved",
            to=email_address(name=membership.user.name, email=membership.user.email),
            subject=f"Minutes approved: “{session.title}”",
            template="minutes_approved",
            context={"session": session, "person": membership.user, "links": _links(session)},
        )
    return len(people)


def objection_alert_queue(*, session: Session, objection) -> int:
    """Counsel and the facilitators hear of an objection at once, in the room or not; who raised it
    is theirs to know (the room is only told that one was raised)."""
    raiser = objection.raised_by
    moderators = Membership.objects.filter(
        session=session, role__in=[Role.FACILITATOR, Role.COUNSEL]
    ).select_related("user")
    for membership in moderators:
        email_queue(
            key=f"objection:{objection.pk}:{membership.user_id}",
            kind="objection",
            to=email_address(name=membership.user.name, email=membership.user.email),
            subject=f"Objection raised in “{session.title}”: the room is paused",
            template="objection_alert",
            context={
                "session": session,
                "person": membership.user,
                "objection": objection,
                "raised_by": raiser,
                "room_url": settings.SITE_URL + reverse("sessions:room", kwargs={"session_id": session.pk}),
            },
        )
    return len(moderators)


def unsubscribe_url(user) -> str:
    token = signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("reminders_unsubscribe", kwargs={"token": token})


def _links(session: Session) -> dict:
    base = settings.SITE_URL
    return {
        "summary": base + reverse("sessions:summary", kwargs={"session_id": session.pk}),
        "csv": base + reverse("sessions:my_items_csv", kwargs={"session_id": session.pk}),
        "ics": base + reverse("sessions:my_items_ics", kwargs={"session_id": session.pk}),
        "pdf": base + reverse("sessions:my_items_pdf", kwargs={"session_id": session.pk}),
    }
