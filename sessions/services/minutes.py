"""Minutes: the facilitator submits them (frozen there and then as files with their SHA-256),
counsel approves that version or sends it back with a comment."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..access import Act, session_access
from ..models import (
    Membership,
    MinutesComment,
    MinutesReview,
    MinutesStatus,
    MinutesVersion,
    Role,
    Session,
    SessionState,
)
from .record import record_append

MAX_COMMENT = 2000


def minutes_review_for(*, session: Session) -> MinutesReview:
    review, _ = MinutesReview.objects.get_or_create(session=session)
    return review


def minutes_submit(*, session: Session, by: User) -> MinutesReview:
    session_access(session=session, user=by, act=Act.SUBMIT_MINUTES)
    if session.state != SessionState.CLOSED:
        raise ValidationError("Minutes are submitted after the session closes.")
    if not Membership.objects.filter(session=session, role=Role.COUNSEL).exists():
        raise ValidationError("Invite counsel to the session first: counsel approves the minutes.")
    with transaction.atomic():
        review = MinutesReview.objects.select_for_update().get(pk=minutes_review_for(session=session).pk)
        if review.status not in (MinutesStatus.DRAFT, MinutesStatus.RETURNED):
            raise ValidationError(f"The minutes are {review.get_status_display().lower()} already.")
        review.status, review.submitted_at, review.submitted_by = MinutesStatus.SUBMITTED, now(), by
        locked = Session.objects.select_for_update().get(pk=session.pk)
        review.version = _freeze(session=locked, by=by, at=review.submitted_at)
        review.save()
        record_append(session=locked, kind="minutes_submitted", payload=_version_payload(review.version, by))
    return review


def _version_payload(version: MinutesVersion, by: User) -> dict:
    return {
        "version": version.number,
        "markdown_sha256": version.markdown_sha256,
        "pdf_sha256": version.pdf_sha256,
        "by": by.pk,
    }


def _freeze(*, session: Session, by: User, at) -> MinutesVersion:
    """The minutes as they stand, written down once: what counsel reviews and approves."""
    from ..exports import minutes_markdown, minutes_pdf
    from ..summary import minutes_data

    number = (session.minutes_versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    stamp = f"Version {number}, submitted by {by.name} on {timezone.localtime(at, session.zone):%Y-%m-%d %H:%M} ({session.timezone})"
    data = minutes_data(session=session)
    markdown, pdf = minutes_markdown(data, version=stamp), minutes_pdf(data, version=stamp)
    return MinutesVersion.objects.create(
        session=session,
        number=number,
        markdown=markdown,
        pdf=pdf,
        markdown_sha256=hashlib.sha256(markdown.encode()).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        submitted_at=at,
        submitted_by=by,
    )


def minutes_on_record(*, session: Session) -> MinutesVersion | None:
    """The frozen minutes that count: the version submitted to counsel or approved, else None (the
    minutes are still a draft, rendered from live data)."""
    review = MinutesReview.objects.filter(session=session).select_related("version").first()
    if review is None or review.status not in (MinutesStatus.SUBMITTED, MinutesStatus.APPROVED):
        return None
    return review.version


def minutes_review(*, session: Session, by: User, approve: bool, comment: str = "") -> MinutesReview:
    """Counsel approves (participants are told by email) or sends the minutes back with a comment."""
    session_access(session=session, user=by, act=Act.REVIEW_MINUTES)
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
        locked = Session.objects.select_for_update().get(pk=session.pk)
        record_append(
            session=locked,
            kind="minutes_approved" if approve else "minutes_returned",
            payload={**_version_payload(review.version, by), "comment": comment},
        )
        if approve:
            from .followups import minutes_approved_queue

            minutes_approved_queue(session=session)
    return review


def minutes_comment_add(*, session: Session, by: User, text: str) -> MinutesComment:
    """A participant comments on the submitted draft before counsel decides."""
    access = session_access(session=session, user=by, act=Act.COMMENT_ON_MINUTES)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your comment."})
    if len(text) > MAX_COMMENT:
        raise ValidationError({"text": f"Keep the comment under {MAX_COMMENT} characters."})
    review = MinutesReview.objects.filter(session=session).select_related("version").first()
    if review is None or review.status != MinutesStatus.SUBMITTED:
        raise ValidationError("Comments are taken while the draft waits for counsel's decision.")
    company = access.membership.company
    return MinutesComment.objects.create(
        version=review.version, author=by, company=company.name if company else "", text=text
    )


def minutes_visible(*, session: Session, access) -> bool:
    """Moderators see the minutes at every stage; participants once they are submitted (to review
    and comment on) or approved (the record)."""
    return access.is_moderator or minutes_on_record(session=session) is not None
