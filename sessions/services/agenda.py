"""Counsel's gate on the agenda: where a session has counsel, counsel approves the agenda before
participants are invited and before the session starts; any change to it needs counsel's approval
again (the approval is of the agenda's exact text, by its digest). Once live it cannot change at all.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from thinktank.accounts.models import User

from ..access import Act, session_access
from ..models import AgendaApproval, Invitation, InvitationStatus, Membership, Role, Session, SessionState
from .record import record_append


def agenda_text(session: Session) -> str:
    lines = []
    for question in session.questions.order_by("position"):
        box = f" ({question.time_box_minutes} min)" if question.time_box_minutes else ""
        lines.append(f"{question.position}. {question.text}{box}")
    return "\n".join(lines)


def agenda_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def session_has_counsel(*, session: Session) -> bool:
    """Counsel takes part, or has been invited (or is planned to be) and not yet answered."""
    if Membership.objects.filter(session=session, role=Role.COUNSEL).exists():
        return True
    invited = Invitation.objects.filter(session=session, role=Role.COUNSEL, accepted_at__isnull=True)
    waiting = (InvitationStatus.PENDING, InvitationStatus.PLANNED)
    return any(invitation.status in waiting for invitation in invited)


def agenda_approval(*, session: Session) -> AgendaApproval | None:
    """Counsel's approval of the agenda as it reads now, or None (never approved, or changed since)."""
    latest = AgendaApproval.objects.filter(session=session).select_related("approved_by").first()
    if latest is None or latest.agenda_digest != agenda_digest(agenda_text(session)):
        return None
    return latest


def agenda_needs_approval(*, session: Session) -> bool:
    """True while the session has counsel and the current agenda is not approved by them."""
    return session_has_counsel(session=session) and agenda_approval(session=session) is None


def check_agenda_approved(*, session: Session, doing: str) -> None:
    if agenda_needs_approval(session=session):
        raise ValidationError(f"Counsel approves the agenda before {doing}. Ask counsel to approve it.")


def agenda_approve(*, session: Session, by: User) -> AgendaApproval:
    """Counsel approves the agenda as it reads now (recorded, with its text)."""
    session_access(session=session, user=by, act=Act.APPROVE_AGENDA)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.state not in (SessionState.DRAFT, SessionState.OPEN):  # as it is now, not as read
            raise ValidationError("The session has started: its agenda no longer changes.")
        text = agenda_text(locked)
        if not text:
            raise ValidationError("There is no agenda to approve yet.")
        approval = AgendaApproval.objects.create(
            session=locked, approved_by=by, agenda_digest=agenda_digest(text), agenda_text=text
        )
        record_append(
            session=locked,
            kind="agenda_approved",
            payload={"by": by.pk, "digest": approval.agenda_digest, "agenda": text},
        )
    return approval
