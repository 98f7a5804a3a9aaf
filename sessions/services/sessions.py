"""Creating and editing sessions, their agenda and their lifecycle.

Lifecycle: draft -> open -> live <-> paused -> closed. The state changes only through
`session_transition`, which refuses every other move.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.timezone import now

from groundrules.services import ruleset_copy, ruleset_create_default
from thinktank.accounts.models import Company, User

from ..access import Act, session_access
from ..models import AgendaQuestion, Membership, Role, Session, SessionState
from .invitations import invitees_tell_session_moved

MAX_QUESTIONS = 50
EDITABLE_STATES = {SessionState.DRAFT, SessionState.OPEN}

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    SessionState.DRAFT: {SessionState.OPEN},
    SessionState.OPEN: {SessionState.LIVE},
    SessionState.LIVE: {SessionState.PAUSED, SessionState.CLOSED},
    SessionState.PAUSED: {SessionState.LIVE, SessionState.CLOSED},
    SessionState.CLOSED: set(),
}


class TransitionError(ValidationError):
    """Raised for a lifecycle move the state machine does not allow."""


@dataclass(frozen=True)
class QuestionDraft:
    """One agenda row as a form gives it; `question_id` keeps an existing question's identity."""

    text: str
    time_box_minutes: int | None = None
    question_id: int | None = None


def session_create(
    *,
    facilitator: User,
    title: str,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    companies: Iterable[Company] = (),
    questions: Sequence[QuestionDraft] = (),
    require_counsel_present: bool = True,
    minutes_unattributed: bool = False,
    share_screen_decisions: bool = False,
    follows: Session | None = None,
) -> Session:
    """Create a draft session with its facilitator, companies and agenda.

    `follows`: the earlier session of the same think tank (sessions.services.series); the new one
    then starts with a copy of that session's current ground rules instead of the defaults."""
    _check_times(starts_at, ends_at)
    _screen(session_id=None, title=title, purpose=purpose, questions=questions)
    with transaction.atomic():
        session = Session(
            title=title.strip(),
            purpose=purpose.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=timezone,
            created_by=facilitator,
            require_counsel_present=require_counsel_present,
            minutes_unattributed=minutes_unattributed,
            share_screen_decisions=share_screen_decisions,
            follows=follows,
        )
        session.full_clean()
        session.save()
        session.companies.set(companies)
        Membership.objects.create(session=session, user=facilitator, role=Role.FACILITATOR)
        _agenda_write(session=session, questions=questions)
        if follows is None:
            ruleset_create_default(session=session, by=facilitator)
        else:
            ruleset_copy(session=session, source=follows, by=facilitator)
    return session


def session_update(
    *,
    session: Session,
    by: User,
    title: str,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    companies: Iterable[Company],
    questions: Sequence[QuestionDraft],
    require_counsel_present: bool = True,
    minutes_unattributed: bool = False,
    share_screen_decisions: bool = False,
) -> Session:
    """Edit a session's details and agenda; only its facilitators, and only before it goes live.

    Where the session has counsel, a changed agenda needs counsel's approval again
    (sessions.services.agenda) before more participants are invited or the session starts."""
    session_access(session=session, user=by, act=Act.EDIT)
    if session.state not in EDITABLE_STATES:
        raise ValidationError("A session can only be edited before it goes live.")
    _check_times(starts_at, ends_at)
    _screen(session_id=session.pk, title=title, purpose=purpose, questions=questions)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        moved = (session.title, session.starts_at, session.ends_at, session.timezone) != (
            title.strip(),
            starts_at,
            ends_at,
            timezone,
        )
        if moved:  # a newer calendar event: to those invited so far (below), and in later invitations
            session.calendar_sequence += 1
        session.title = title.strip()
        session.purpose = purpose.strip()
        session.starts_at = starts_at
        session.ends_at = ends_at
        session.timezone = timezone
        session.require_counsel_present = require_counsel_present
        session.minutes_unattributed = minutes_unattributed
        session.share_screen_decisions = share_screen_decisions
        session.full_clean()
        session.save()
        session.companies.set(companies)
        _agenda_write(session=session, questions=questions)
        if moved:
            invitees_tell_session_moved(session=session)
    return session


def companies_get_or_create(*, names: Iterable[str]) -> list[Company]:
    """Find companies by name (case-insensitive) or create them; every name is checked first, so a
    wrong one creates none."""
    names = [" ".join(name.split()) for name in names]
    limit = Company._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        raise ValidationError(
            {
                "new_companies": f"A company name has at most {limit} characters: “{too_long[0][:40]}…” is longer."
            }
        )
    found = []
    for name in names:
        if not name:
            continue
        company = Company.objects.filter(name__iexact=name).first()
        found.append(company or Company.objects.create(name=name))
    return found


def session_transition(*, session: Session, to: str, by: User) -> Session:
    """Move a session to state `to`, refusing moves the lifecycle does not allow.

    Locks the session row, so two facilitators pressing buttons at once cannot interleave.
    """
    session_access(session=session, user=by, act=Act.EDIT)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        transition_locked(locked, to)
    session.state = locked.state
    return locked


def transition_locked(locked: Session, to: str) -> None:
    """Apply a lifecycle move to a session row the caller has locked (select_for_update).

    The one place that knows which moves are legal; the room's controls use it inside their own
    transaction so the state change and its room event commit together.
    """
    if to not in ALLOWED_TRANSITIONS[locked.state]:
        raise TransitionError(
            f"A {locked.get_state_display().lower()} session cannot become {SessionState(to).label.lower()}."
        )
    if to == SessionState.OPEN:
        _check_ready_to_open(locked)
    if to == SessionState.LIVE and locked.started_at is None:
        locked.started_at = now()
    if to == SessionState.CLOSED:
        locked.closed_at = now()
    locked.state = to
    locked.save(update_fields=["state", "started_at", "closed_at", "updated_at"])


def session_open(*, session: Session, by: User) -> Session:
    return session_transition(session=session, to=SessionState.OPEN, by=by)


def _screen(*, session_id: int | None, title: str, purpose: str, questions: Sequence[QuestionDraft]) -> None:
    """Everyone reads the title, purpose and agenda: they pass the ground-rule screen too."""
    from django.core.exceptions import NON_FIELD_ERRORS

    from groundrules.services import screen_check

    fields = {"title": title, "purpose": purpose}
    try:
        screen_check(session_id=session_id, fields=fields)
    except ValidationError as error:
        problems = error.message_dict
    else:
        problems = {}
    for number, draft in enumerate(questions, start=1):
        try:
            screen_check(session_id=session_id, fields={NON_FIELD_ERRORS: draft.text})
        except ValidationError as error:
            problems.setdefault(NON_FIELD_ERRORS, []).extend(
                f"Agenda question {number}: {message}" for message in error.messages
            )
    if problems:
        raise ValidationError(problems)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})


def _check_ready_to_open(session: Session) -> None:
    problems = []
    if not session.questions.exists():
        problems.append("Add at least one agenda question.")
    if session.companies.count() < 2:
        problems.append("Add at least two participating companies.")
    if problems:
        raise TransitionError(" ".join(problems))


def _agenda_write(*, session: Session, questions: Sequence[QuestionDraft]) -> None:
    """Make the session's agenda exactly `questions`, in order.

    Existing questions keep their ids (ideas will point at them); questions left out are removed.
    Positions move out of the way first so the (session, position) unique constraint holds at
    every step.
    """
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(f"An agenda has at most {MAX_QUESTIONS} questions.")
    existing = {q.pk: q for q in session.questions.all()}
    kept_ids = {draft.question_id for draft in questions if draft.question_id in existing}
    session.questions.exclude(pk__in=kept_ids).delete()
    session.questions.update(position=F("position") + 1000)
    for position, draft in enumerate(questions, start=1):
        text = draft.text.strip()
        if not text:
            raise ValidationError("Every agenda question needs its text.")
        question = existing.get(draft.question_id) or AgendaQuestion(session=session)
        question.position = position
        question.text = text
        question.time_box_minutes = draft.time_box_minutes
        question.full_clean(exclude=["session"])
        question.save()
