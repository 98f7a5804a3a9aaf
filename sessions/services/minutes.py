"""Minutes: the facilitator submits them, counsel approves them or sends them back with a comment."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..models import Membership, MinutesReview, MinutesStatus, Role, Session, SessionState
from .sessions import check_is_facilitator


def minutes_review_for(*, session: Session) -> MinutesReview:
    review, _ = MinutesReview.objects.get_or_create(session=session)
    return review


def minutes_submit(*, session: Session, by: User) -> MinutesReview:
    check_is_facilitator(session=session, user=by)
    if session.state != SessionState.CLOSED:
        raise ValidationError("Minutes are submitted after the session closes.")
    if not Membership.objects.filter(session=session, role=Role.COUNSEL).exists():
        raise ValidationError("Invite counsel to the session first: counsel approves the minutes.")
    with transaction.atomic():
        review = MinutesReview.objects.select_for_update().get(pk=minutes_review_for(session=session).pk)
        if review.status not in (MinutesStatus.DRAFT, MinutesStatus.RETURNED):
            raise ValidationError(f"The minutes are {review.get_status_display().lower()} already.")
        review.status, review.submitted_at, review.submitted_by = MinutesStatus.SUBMITTED, now(), by
        review.save()
    return review


def minutes_review(*, session: Session, by: User, approve: bool, comment: str = "") -> MinutesReview:
    """Counsel approves (participants are told by email) or sends the minutes back with a comment."""
    if not Membership.objects.filter(session=session, user=by, role=Role.COUNSEL).exists():
        raise PermissionDenied("Only counsel reviews the minutes.")
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": "Say what needs to change."})
    with transaction.atomic():
        review = MinutesReview.objects.select_for_update().get(pk=minutes_review_for(session=session).pk)
        if review.status != MinutesStatus.SUBMITTED:
            raise ValidationError("Only submitted minutes can be reviewed.")
        review.status = MinutesStatus.APPROVED if approve else MinutesStatus.RETURNED
        review.reviewed_at, review.reviewed_by, review.comment = now(), by, comment
        review.save()
        if approve:
            from .followups import minutes_approved_queue

            minutes_approved_queue(session=session)
    return review
