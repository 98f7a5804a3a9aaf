"""Inviting people to a session and accepting invitations.

A link is bound to one email address, single-use, and expires (INVITATION_MAX_AGE_DAYS). Every email
goes through the outbox (thinktank.mail), after commit, once per send.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now

from thinktank.accounts.models import Company, User
from thinktank.mail.services import Attachment, email_address, email_queue

from ..access import Act, session_access
from ..exports.calendar import session_itip
from ..models import Invitation, InvitationStatus, Membership, Role, Session, SessionState
from ..models.invitations import TOKEN_SALT, new_nonce
from .agenda import check_agenda_approved

INVITABLE_STATES = {SessionState.OPEN, SessionState.LIVE, SessionState.PAUSED}
MAX_PASTED_LINES = 500


class InvitationError(Exception):
    """Why an invitation link cannot be used; `code` is one of the keys of MESSAGES."""

    MESSAGES = {
        "invalid": "This invitation link is not valid. Check that you copied the whole link from the email.",
        "used": "This invitation has already been used.",
        "expired": "This invitation has expired. Ask the facilitator to send you a new one.",
        "revoked": "This invitation was withdrawn by the facilitator.",
        "closed": "This session is closed; it no longer takes new people.",
        "wrong_account": "This invitation was sent to another email address than the one you are signed in with.",
    }

    def __init__(self, code: str, message: str | None = None):
        self.code = code
        self.message = message or self.MESSAGES[code]
        super().__init__(self.message)


@dataclass
class LineProblem:
    line_number: int
    line: str
    message: str


@dataclass
class PasteResult:
    created: list[Invitation] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


def invitation_create(
    *,
    session: Session,
    by: User,
    name: str,
    email: str,
    company: Company | None = None,
    role: str = Role.PARTICIPANT,
) -> Invitation:
    """Invite one person and email them the link and the agenda (after commit)."""
    session_access(session=session, user=by, act=Act.INVITE)
    if session.state not in INVITABLE_STATES:
        raise ValidationError("Open the session before inviting people.")
    name, email = " ".join(name.split()), email.strip().lower()
    if not name:
        raise ValidationError({"name": "Give the person's name."})
    validate_email(email)
    if role == Role.PARTICIPANT:
        if company is None or not session.companies.filter(pk=company.pk).exists():
            raise ValidationError({"company": "Choose one of the session's participating companies."})
        check_agenda_approved(session=session, doing="participants are invited")
    elif role != Role.COUNSEL:
        raise ValidationError("People are invited as participants or as counsel.")
    if Membership.objects.filter(session=session, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} already takes part in this session."})
    if Invitation.objects.filter(session=session, email=email).exists():
        raise ValidationError({"email": f"{email} is already invited; resend the invitation instead."})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                session=session,
                email=email,
                name=name,
                company=company if role == Role.PARTICIPANT else None,
                role=role,
                invited_by=by,
                expires_at=_expiry(),
            )
            _send(invitation)
    except IntegrityError as error:  # invited twice at once
        raise ValidationError({"email": f"{email} is already invited."}) from error
    return invitation


def invitations_create_from_text(*, session: Session, by: User, text: str) -> PasteResult:
    """Invite everyone in a pasted list, one `name, email, company` per line (commas or tabs).

    Good lines are kept even when others are wrong; each wrong line is reported with its number.
    """
    session_access(session=session, user=by, act=Act.INVITE)
    companies = {c.name.casefold(): c for c in session.companies.all()}
    result = PasteResult()
    lines = text.splitlines()
    if len(lines) > MAX_PASTED_LINES:
        raise ValidationError(f"Paste at most {MAX_PASTED_LINES} lines at a time.")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = _split_line(line)
        if len(fields) != 3:
            result.problems.append(LineProblem(number, line, "Expected three fields: name, email, company."))
            continue
        name, email, company_name = fields
        company = companies.get(" ".join(company_name.split()).casefold())
        if company is None:
            result.problems.append(
                LineProblem(number, line, f"“{company_name}” is not one of this session's companies.")
            )
            continue
        try:
            result.created.append(
                invitation_create(session=session, by=by, name=name, email=email, company=company)
            )
        except ValidationError as error:
            result.problems.append(LineProblem(number, line, " ".join(error.messages)))
    return result


def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """Send a fresh link (the old one stops working) with a new expiry; also undoes a revocation.

    A planned invitation (carried over from an earlier session of the series) is sent for the first
    time, with every check a new invitation passes (the session open, the company still one of its
    companies, counsel's approval of the agenda)."""
    session_access(session=invitation.session, user=by, act=Act.INVITE)
    if invitation.accepted_at:
        raise ValidationError("This invitation has been accepted already.")
    if invitation.planned:
        _check_planned_sendable(invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.nonce = new_nonce()
        invitation.expires_at = _expiry()
        invitation.revoked_at = None
        invitation.planned = False
        invitation.save(update_fields=["nonce", "expires_at", "revoked_at", "planned"])
        _send(invitation)
    return invitation


def invitations_send_planned(*, session: Session, by: User) -> PasteResult:
    """Send every planned invitation of the session; those that cannot go yet are reported."""
    session_access(session=session, user=by, act=Act.INVITE)
    result = PasteResult()
    planned = session.invitations.filter(planned=True, accepted_at__isnull=True).select_related("company")
    # Counsel first: counsel approves the agenda before participants are invited.
    for number, invitation in enumerate(sorted(planned, key=lambda i: i.role != Role.COUNSEL), start=1):
        try:
            result.created.append(invitation_resend(invitation=invitation, by=by))
        except ValidationError as error:
            result.problems.append(LineProblem(number, invitation.email, " ".join(error.messages)))
    return result


def _check_planned_sendable(invitation: Invitation) -> None:
    session = invitation.session
    if session.state not in INVITABLE_STATES:
        raise ValidationError("Open the session before inviting people.")
    if invitation.role == Role.PARTICIPANT:
        if not session.companies.filter(pk=invitation.company_id).exists():
            raise ValidationError(
                f"{invitation.company} is no longer one of the session's companies: add it again, "
                f"or remove {invitation.name}'s invitation."
            )
        check_agenda_approved(session=session, doing="participants are invited")
    if Membership.objects.filter(session=session, user__email__iexact=invitation.email).exists():
        raise ValidationError(f"{invitation.email} already takes part in this session.")


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an invitation (its link stops working); a planned one, never sent, is removed."""
    session_access(session=invitation.session, user=by, act=Act.INVITE)
    if invitation.accepted_at:
        raise ValidationError("This invitation has been accepted already; it can no longer be withdrawn.")
    if invitation.planned:
        invitation.delete()
        return invitation
    invitation.revoked_at = now()
    invitation.nonce = new_nonce()
    invitation.save(update_fields=["revoked_at", "nonce"])
    return invitation


def invitation_from_token(*, token: str) -> Invitation:
    """The invitation behind a link, or InvitationError saying why the link cannot be used."""
    try:
        invitation_id, nonce = signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvitationError("invalid") from error
    invitation = Invitation.objects.select_related("session", "company").filter(pk=invitation_id).first()
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.nonce != nonce:
        raise InvitationError("revoked" if invitation.revoked_at else "invalid")
    _check_usable(invitation)
    return invitation


def invitation_accept(*, token: str, user: User) -> Membership:
    """Attach `user` to the invitation's session (and company); the link is then used up."""
    invitation = invitation_from_token(token=token)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
        _check_usable(invitation)
        if user.email.lower() != invitation.email:
            raise InvitationError("wrong_account")
        membership = _membership_for_invitation(invitation, user)
        invitation.accepted_at = now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        # Following a link that was emailed to this address proves the address is theirs.
        EmailAddress.objects.update_or_create(
            user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True}
        )
    return membership


def invitee_register(*, token: str, name: str, password: str | None) -> tuple[User, Membership]:
    """Create the account of an invited person who has none yet, then accept the invitation.

    A password is optional: without one they sign in later with a code emailed to them.
    """
    invitation = invitation_from_token(token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError("An account with this email exists already: sign in to accept the invitation.")
    with transaction.atomic():
        user = User.objects.create_user(
            email=invitation.email,
            password=password or None,
            name=" ".join(name.split()) or invitation.name,
            company=invitation.company,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        membership = invitation_accept(token=token, user=user)
    return user, membership


def _membership_for_invitation(invitation: Invitation, user: User) -> Membership:
    membership = Membership.objects.filter(session=invitation.session, user=user).first()
    if membership and membership.role == Role.FACILITATOR:
        return membership  # a facilitator keeps leading; an invitation adds nothing
    if invitation.role == Role.PARTICIPANT and user.company_id is None:
        user.company = invitation.company
        user.save(update_fields=["company"])
    membership, _ = Membership.objects.update_or_create(
        session=invitation.session,
        user=user,
        defaults={"role": invitation.role, "company": invitation.company},
    )
    return membership


def _check_usable(invitation: Invitation) -> None:
    status = invitation.status
    if status == InvitationStatus.PLANNED:
        raise InvitationError("invalid")  # never sent: no link to it was ever given out
    if status == InvitationStatus.ACCEPTED:
        raise InvitationError("used")
    if status == InvitationStatus.REVOKED:
        raise InvitationError("revoked")
    if status == InvitationStatus.EXPIRED:
        raise InvitationError("expired")
    if invitation.session.state == SessionState.CLOSED:
        raise InvitationError("closed")


def _split_line(line: str) -> list[str]:
    delimiter = "\t" if "\t" in line else ","
    row = next(csv.reader(io.StringIO(line), delimiter=delimiter, skipinitialspace=True), [])
    return [value.strip() for value in row if value.strip()]


def _expiry():
    return now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def invitees_tell_session_moved(*, session: Session) -> int:
    """Everyone invited so far (and not revoked, nor expired unaccepted) gets the session's updated
    calendar event: the same UID with the higher SEQUENCE, so their calendar moves the meeting
    instead of keeping the old time. In the caller's transaction; returns how many were told."""
    questions = list(session.questions.all())
    invited = (
        session.invitations.filter(send_count__gt=0, revoked_at__isnull=True, planned=False)
        .filter(Q(accepted_at__isnull=False) | Q(expires_at__gt=now()))
        .select_related("invited_by")
        .order_by("pk")
    )
    told = 0
    for invitation in invited:
        email_queue(
            key=f"session-moved:{session.pk}:{session.calendar_sequence}:{invitation.pk}",
            kind="session_moved",
            to=email_address(name=invitation.name, email=invitation.email),
            subject=f"Changed: {session.title}",
            template="session_moved",
            context={"invitation": invitation, "session": session, "questions": questions},
            attachments=[_session_calendar(invitation, questions)],
        )
        told += 1
    return told


def _room_url(session: Session) -> str:
    return settings.SITE_URL + reverse("sessions:room", kwargs={"session_id": session.pk})


def _session_calendar(invitation: Invitation, questions: list) -> Attachment:
    """The session itself for the invitee's calendar (its own UID; SEQUENCE grows when it moves)."""
    ics = session_itip(
        invitation.session,
        attendee_email=invitation.email,
        attendee_name=invitation.name,
        organizer=invitation.invited_by,
        room_url=_room_url(invitation.session),
        agenda=questions,
    )
    return Attachment(filename="session.ics", content_type="text/calendar; method=REQUEST", content=ics)


def _send(invitation: Invitation) -> None:
    invitation.send_count += 1
    invitation.save(update_fields=["send_count"])
    session = invitation.session
    questions = list(session.questions.all())
    room_url = _room_url(session)
    email_queue(
        key=f"invitation:{invitation.pk}:{invitation.send_count}",
        kind="invitation",
        to=email_address(name=invitation.name, email=invitation.email),
        subject=f"You are invited: {session.title}",
        template="invitation",
        context={
            "invitation": invitation,
            "session": session,
            "questions": questions,
            "link": invitation.link(),
            "facilitator": invitation.invited_by,
            "room_url": room_url,
        },
        attachments=[_session_calendar(invitation, questions)],
    )
