"""A series of sessions of the same think tank.

The facilitator of an earlier session plans the next one: a draft with the same purpose, companies,
settings and ground rules (a copy of the earlier session's current version, as the new session's
version 1, which everyone agrees to anew), the same co-facilitators, and everyone else as *planned*
invitations: nothing is sent until the facilitator sends them from the invitations page, with every
check of an ordinary invitation (counsel's approval of the new agenda included). The earlier
session's open action items are carried onto the new agenda as its first item, "Review our
commitments"; in the new session each item's owner reports progress (done, still on, dropped, with
an optional note that passes the ground-rule screen like an idea)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from groundrules.selectors import screen_for_session
from thinktank.accounts.models import User
from thinktank.text import clean_text

from ..access import Act, session_access
from ..models import (
    ActionItem,
    ActionStatus,
    CarriedCommitment,
    Invitation,
    Membership,
    Progress,
    ProgressReport,
    Role,
    ScreenState,
    Session,
    SessionState,
)
from ..models.series import NOTE_MAX_LENGTH
from .record import record_append, record_screening, screen_matches
from .sessions import QuestionDraft, session_create

REVIEW_QUESTION = "Review our commitments"
OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.ACCEPTED)
REPORTING_STATES = (SessionState.OPEN, SessionState.LIVE, SessionState.PAUSED)
# The next session starts at least this far ahead, on the same weekday and local time as the earlier.
LEAD = timedelta(days=7)


def session_plan_next(*, session: Session, by: User) -> Session:
    """The draft of the session that follows `session`; planning again while that draft is still a
    draft returns it (a double click makes one draft, not two)."""
    session_access(session=session, user=by, act=Act.PLAN_NEXT_SESSION)
    if session.state == SessionState.DRAFT:
        raise ValidationError("This session is still a draft: open it before planning the one after it.")
    with transaction.atomic():
        earlier = Session.objects.select_for_update().get(pk=session.pk)
        planned = earlier.next_sessions.filter(state=SessionState.DRAFT).order_by("created_at").first()
        if planned is not None:
            return planned
        items = list(
            ActionItem.objects.filter(
                session=earlier,
                status__in=OPEN_STATUSES,
                screen_state__in=[ScreenState.CLEAR, ScreenState.RELEASED],
            ).order_by("due_date", "created_at", "pk")
        )
        starts_at, ends_at = next_slot(earlier)
        title_limit = Session._meta.get_field("title").max_length
        new = session_create(
            facilitator=by,
            title=f"{earlier.title} (next session)"[:title_limit],
            purpose=earlier.purpose,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=earlier.timezone,
            companies=list(earlier.companies.all()),
            questions=[QuestionDraft(text=REVIEW_QUESTION)] if items else [],
            require_counsel_present=earlier.require_counsel_present,
            minutes_unattributed=earlier.minutes_unattributed,
            share_screen_decisions=earlier.share_screen_decisions,
            follows=earlier,
        )
        _carry_people(earlier, new, by)
        CarriedCommitment.objects.bulk_create(
            CarriedCommitment(session=new, action_item=item, position=position)
            for position, item in enumerate(items, start=1)
        )
        record_append(session=earlier, kind="next_session_planned", payload={"session": new.pk, "by": by.pk})
        new.refresh_from_db(fields=["record_length", "record_head"])
        record_append(
            session=new,
            kind="series_follows",
            payload={"follows": earlier.pk, "by": by.pk, "commitments": [item.pk for item in items]},
        )
    return new


def next_slot(earlier: Session, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Whole weeks after the earlier session (same weekday and wall-clock time in its time zone),
    the first such slot at least LEAD from now; same length."""
    moment = now or timezone.now()
    local = timezone.localtime(earlier.starts_at, earlier.zone)
    weeks = max(1, (moment + LEAD - earlier.starts_at).days // 7 + 1)
    starts = local + timedelta(weeks=weeks)  # wall-clock arithmetic: the local time survives DST
    while starts <= moment + LEAD:
        starts += timedelta(weeks=1)
    return starts, starts + (earlier.ends_at - earlier.starts_at)


def _carry_people(earlier: Session, new: Session, by: User) -> None:
    """Co-facilitators lead again; participants and counsel (and those invited but not yet joined)
    become planned invitations of the new session, to their company of the earlier one."""
    facilitator_ids = {by.pk}
    people: dict[str, Invitation] = {}
    members = earlier.memberships.select_related("user", "company").order_by("role", "user__name")
    for membership in members:
        if membership.role == Role.FACILITATOR:
            if membership.user_id not in facilitator_ids:
                Membership.objects.create(session=new, user=membership.user, role=Role.FACILITATOR)
                facilitator_ids.add(membership.user_id)
            continue
        email = membership.user.email.strip().lower()
        people[email] = _planned(new, by, email, membership.user.name, membership.role, membership.company)
    waiting = earlier.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    for invitation in waiting.select_related("company"):
        people.setdefault(
            invitation.email,
            _planned(new, by, invitation.email, invitation.name, invitation.role, invitation.company),
        )
    facilitator_emails = {
        email.lower() for email in User.objects.filter(pk__in=facilitator_ids).values_list("email", flat=True)
    }
    Invitation.objects.bulk_create(
        invitation for email, invitation in people.items() if email not in facilitator_emails
    )


def _planned(new: Session, by: User, email: str, name: str, role: str, company) -> Invitation:
    return Invitation(
        session=new,
        email=email,
        name=name,
        role=role,
        company=company if role == Role.PARTICIPANT else None,
        invited_by=by,
        expires_at=timezone.now(),  # set for real when it is sent
        planned=True,
    )


def progress_report(
    *, commitment: CarriedCommitment, by: User, progress: str, note: str = ""
) -> ProgressReport:
    """The owner of a carried action item says where it stands. Only the owner; while the new
    session is open or running. A note that may touch a ground rule is held: its author and the
    moderators see it, and a moderator releases or declines it."""
    session = commitment.session
    session_access(session=session, user=by, act=Act.REPORT_PROGRESS)
    if commitment.action_item.owner_id != by.pk:
        raise PermissionDenied("Only the owner of an action item reports on its progress.")
    if progress not in Progress.values:
        raise ValidationError({"progress": "Say whether it is done, still on, or dropped."})
    note = clean_text(note or "", multiline=True).strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": f"Keep the note to {NOTE_MAX_LENGTH} characters (it has {len(note)})."}
        )
    verdict = screen_for_session(session_id=session.pk).screen(note) if note else None
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.state not in REPORTING_STATES:  # read under the lock: a close cannot slip in between
            raise ValidationError(
                "Progress is reported while the session is open or running; this one is not."
            )
        report = ProgressReport.objects.create(
            commitment=commitment,
            author=by,
            progress=progress,
            note=note,
            screen_state=ScreenState.HELD if verdict and verdict.held else ScreenState.CLEAR,
            screen_rules=verdict.rules if verdict else [],
            screen_matches=screen_matches(verdict) if verdict else [],
        )
        if verdict is not None:
            record_screening(session=locked, subject={"progress_report_id": report.pk}, result=verdict)
        record_append(
            session=locked,
            kind="progress_report",
            payload={
                "progress_report_id": report.pk,
                "action_item_id": commitment.action_item_id,
                "progress": progress,
                "note": note,
                "by": by.pk,
            },
        )
    return report


def progress_report_moderate(
    *, report: ProgressReport, by: User, decision: str, reason: str = ""
) -> ProgressReport:
    """A moderator releases a held note (everyone then sees the report) or declines it, with a reason."""
    session = report.commitment.session
    session_access(session=session, user=by, act=Act.MODERATE)
    reason = " ".join(reason.split())
    if decision not in ("release", "decline"):
        raise ValidationError("Release or decline.")
    if decision == "decline" and not reason:
        raise ValidationError({"reason": "Say why it is declined."})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.screen_state != ScreenState.HELD:
            raise ValidationError("Only a held progress report is released or declined.")
        report.screen_state = ScreenState.RELEASED if decision == "release" else ScreenState.DECLINED
        report.screen_reason = reason
        report.save(update_fields=["screen_state", "screen_reason"])
        record_append(
            session=locked,
            kind="progress_report_moderation",
            payload={"progress_report_id": report.pk, "decision": decision, "reason": reason, "by": by.pk},
        )
    return report
