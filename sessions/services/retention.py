"""Retention and legal hold: a session's content is deleted RETENTION_DAYS after it closed, unless
counsel has put it under a legal hold. Setting and releasing a hold are both on the record."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..access import Act, session_access
from ..models import Session, SessionState
from .record import record_append

logger = logging.getLogger(__name__)


def legal_hold_set(*, session: Session, by: User, on: bool, reason: str = "") -> Session:
    """Counsel puts the session under a legal hold (its content is kept whatever the retention
    setting) or releases it."""
    session_access(session=session, user=by, act=Act.SET_LEGAL_HOLD)
    reason = " ".join(reason.split())
    if on and not reason:
        raise ValidationError({"reason": "Say why the session is held (a matter, a request)."})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if (locked.legal_hold_since is not None) == on:
            return locked
        locked.legal_hold_since, locked.legal_hold_by = (now(), by) if on else (None, None)
        locked.save(update_fields=["legal_hold_since", "legal_hold_by"])
        record_append(
            session=locked,
            kind="legal_hold_set" if on else "legal_hold_released",
            payload={"by": by.pk, "reason": reason},
        )
    return locked


def retention_due(*, at: datetime | None = None):
    """Closed sessions past the retention period and under no legal hold (none if it is not set)."""
    days = getattr(settings, "RETENTION_DAYS", 0)
    if not days:
        return Session.objects.none()
    cutoff = (at or now()) - timedelta(days=days)
    return Session.objects.filter(
        state=SessionState.CLOSED, closed_at__lt=cutoff, legal_hold_since__isnull=True
    )


def retention_apply(*, at: datetime | None = None) -> int:
    """Delete every session that is due, with all its content (ideas, events, minutes, its record).
    Beat runs it daily. Returns how many sessions were deleted."""
    deleted = 0
    for session_id in list(retention_due(at=at).values_list("pk", flat=True)):
        with transaction.atomic():
            # Re-read under lock: a hold set meanwhile wins.
            session = (
                Session.objects.select_for_update()
                .filter(pk=session_id, legal_hold_since__isnull=True)
                .first()
            )
            if session is None:
                continue
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # the record's trigger lets this transaction delete
                    cursor.execute("SET LOCAL thinktank.retention = 'on'")
            _delete_session(session)
        logger.info("Retention: session %s deleted (closed %s).", session_id, session.closed_at)
        deleted += 1
    return deleted


def _delete_session(session: Session) -> None:
    from groundrules.models import Agreement

    from ..models import Idea, MinutesReview

    # Rows that protect others go first: the review its minutes version, replies their parent, ideas
    # their question, agreements their rules version. The rest cascades from the session, its record
    # included. (Querysets delete in SQL: agreements and record entries refuse one-by-one deletes.)
    MinutesReview.objects.filter(session=session).delete()
    ideas = Idea.objects.filter(session=session)
    while ideas.filter(replies__isnull=True, parent__isnull=False).exists():
        ideas.filter(replies__isnull=True, parent__isnull=False).delete()
    ideas.delete()
    Agreement.objects.filter(version__session=session).delete()
    session.delete()
