"""Emails about sessions that go out on a schedule (Celery beat calls these through sessions.tasks)."""

from datetime import datetime, timedelta

from django.utils.timezone import now

from thinktank.mail.services import email_address, email_queue

from ..models import Role, Session, SessionState

AGENDA_REMINDER_LEAD = timedelta(hours=24)


def agenda_reminders_send(*, at: datetime | None = None) -> int:
    """Email the agenda again to every participant and counsel of sessions starting within a day.

    Safe to run as often as beat likes: each person gets one reminder per session (the outbox key).
    Returns how many reminders were queued or already queued.
    """
    moment = at or now()
    sessions = Session.objects.filter(
        state=SessionState.OPEN, starts_at__gt=moment, starts_at__lte=moment + AGENDA_REMINDER_LEAD
    ).prefetch_related("questions")
    count = 0
    for session in sessions:
        questions = list(session.questions.all())
        people = session.memberships.filter(role__in=[Role.PARTICIPANT, Role.COUNSEL]).select_related("user")
        for membership in people:
            email_queue(
                key=f"agenda-reminder:{session.pk}:{membership.user_id}",
                kind="agenda-reminder",
                to=email_address(name=membership.user.name, email=membership.user.email),
                subject=f"Tomorrow: {session.title}",
                template="agenda_reminder",
                context={"session": session, "questions": questions, "person": membership.user},
            )
            count += 1
    return count
