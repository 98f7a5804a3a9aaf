"""What happens in the live room. The websocket consumer calls these; so could any other door.

Every function checks the caller's role itself, locks the session row, changes state, and records
the change as a room event in the same transaction (broadcast after commit). Failures raise
RoomError with a protocol error code (docs/protocol.md).
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.timezone import now

from groundrules.selectors import screen_for_session
from thinktank.accounts.models import User
from thinktank.text import InvalidText, clean_text

from ..access import Access, Act, session_access
from ..models import (
    AgendaQuestion,
    Attendance,
    AttendanceKind,
    Audience,
    DecisionSource,
    Flag,
    Idea,
    IdeaStatus,
    Membership,
    ModerationDecision,
    Objection,
    Reaction,
    ReactionKind,
    Session,
    SessionState,
    StatementAcknowledgement,
)
from ..models.room import IDEA_MAX_LENGTH, REASON_MAX_LENGTH
from .record import record_append, record_screening, screen_matches
from .room_events import event_emit, group_send, person_group, user_group
from .sessions import TransitionError, transition_locked

CONTROL_TARGETS = {
    "start": SessionState.LIVE,
    "pause": SessionState.PAUSED,
    "resume": SessionState.LIVE,
    "close": SessionState.CLOSED,
}
MAX_TIMER_MINUTES = 480


class RoomError(Exception):
    """`details`: more fields for the `error` frame (the rules a held group title may touch, say)."""

    def __init__(self, code: str, message: str, **details):
        self.code = code
        self.message = message
        self.details = details
        super().__init__(message)


@dataclass(frozen=True)
class PostResult:
    idea: Idea
    created: bool

    @property
    def status(self) -> str:
        return "held" if self.idea.status in (IdeaStatus.HELD, IdeaStatus.DECLINED) else "published"


# --- ideas -------------------------------------------------------------------------------------


def idea_post(
    *,
    session_id: int,
    user: User,
    client_id: uuid.UUID,
    question_id: int,
    text: str,
    anonymous: bool = False,
    parent_id: int | None = None,
    access: Access | None = None,
) -> PostResult:
    """Store an idea (once per client_id), screen it, and publish it or hold it for a moderator."""
    existing = Idea.objects.filter(session_id=session_id, author=user, client_id=client_id).first()
    if existing:
        return PostResult(idea=existing, created=False)
    text = _clean(text, multiline=True)
    if not text:
        raise RoomError("empty", "An idea needs some text.")
    if len(text) > IDEA_MAX_LENGTH:
        raise RoomError("too_long", f"Keep an idea under {IDEA_MAX_LENGTH} characters.")
    # Screening is CPU work: done before the session row is locked, so a slow text holds up nobody
    # else's post (the rules cannot change while the session is live).
    result = screen_for_session(session_id=session_id).screen(text)
    try:
        with transaction.atomic():
            session, membership = _lock(session_id, user, Act.POST_IDEA, known=access)
            _check_room_open_for_changes(session)
            _check_statement_acknowledged(session, user)
            if session.current_question_id != question_id:
                raise RoomError("not_current_question", "Ideas go to the current question only.")
            parent = _parent(session, parent_id)
            idea = Idea.objects.create(
                session=session,
                question_id=question_id,
                author=user,
                company=membership.company,
                client_id=client_id,
                text=text,
                anonymous=anonymous,
                parent=parent,
                status=IdeaStatus.HELD if result.held else IdeaStatus.PUBLISHED,
                screen_rules=result.rules,
                screen_matches=screen_matches(result),
            )
            record_screening(session=session, subject={"idea_id": idea.pk}, result=result)
            if result.held:
                event_emit(
                    session=session,
                    type="idea.held",
                    payload={
                        "idea": idea_payload(idea, new=True),
                        "rules": idea.screen_rules,
                        "matches": idea.screen_matches,
                    },
                    audience=Audience.AUTHOR,
                    author_id=user.pk,
                    idea=idea,
                )
            else:
                _publish(session, idea, event_type="idea.published", new=True)
    except IntegrityError:
        # The same client_id raced in twice: the first stored idea is the answer to both.
        idea = Idea.objects.get(session_id=session_id, author=user, client_id=client_id)
        return PostResult(idea=idea, created=False)
    return PostResult(idea=idea, created=True)


def idea_moderate(
    *,
    session_id: int,
    user: User,
    idea_id: int,
    decision: str,
    reason: str = "",
    rule: str = "",
    access: Access | None = None,
) -> Idea:
    """A moderator releases a held or flagged idea (it is shown to everyone) or declines it, saying
    which rule it touches (the screen's first by default): the screen learns from these decisions."""
    reason = _clean(reason)
    if decision not in ("release", "decline"):
        raise RoomError("invalid", "decision must be 'release' or 'decline'.")
    if decision == "decline" and not reason:
        raise RoomError("invalid", "Say why the idea is declined: the author is told.")
    if len(reason) > REASON_MAX_LENGTH:
        raise RoomError("too_long", f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.MODERATE, known=access)
        _check_not_closed(session)
        idea = _idea(session, idea_id, statuses=(IdeaStatus.HELD, IdeaStatus.FLAGGED))
        was_flagged = idea.status == IdeaStatus.FLAGGED
        rule = _decided_rule(session, idea, decision, rule)
        idea.moderated_by, idea.moderated_at, idea.moderation_reason = user, now(), reason
        decided = ModerationDecision.objects.create(
            idea=idea,
            decision=decision,
            source=DecisionSource.FLAG if was_flagged else DecisionSource.SCREEN,
            reason=reason,
            rule=rule,
            screen_rules=idea.screen_rules,
            decided_by=user,
            decided_at=idea.moderated_at,
        )
        record_append(
            session=session,
            kind="moderation",
            payload={
                "idea_id": idea.pk,
                "decision": decision,
                "source": decided.source,
                "reason": reason,
                "rule": rule,
                "screen_rules": idea.screen_rules,
                "by": user.pk,
            },
        )
        if decision == "release":
            idea.status = IdeaStatus.PUBLISHED
            idea.save()
            _publish(session, idea, event_type="idea.restored" if was_flagged else "idea.published")
        else:
            idea.status = IdeaStatus.DECLINED
            idea.save()
            event_emit(
                session=session,
                type="idea.declined",
                payload={"idea_id": idea.pk, "reason": reason},
                audience=Audience.AUTHOR,
                author_id=idea.author_id,
            )
    return idea


def idea_flag(
    *, session_id: int, user: User, idea_id: int, reason: str = "", access: Access | None = None
) -> Idea:
    """A participant raises a ground-rule concern: the idea is hidden until a moderator decides."""
    reason = _clean(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise RoomError("too_long", f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.FLAG, known=access)
        _check_room_open_for_changes(session)
        _check_statement_acknowledged(session, user)
        idea = _idea(session, idea_id, statuses=(IdeaStatus.PUBLISHED, IdeaStatus.FLAGGED))
        _, created = Flag.objects.get_or_create(idea=idea, user=user, defaults={"reason": reason})
        if not created:
            return idea
        flags = idea.flags.count()
        if idea.status == IdeaStatus.PUBLISHED:
            idea.status = IdeaStatus.FLAGGED
            idea.save(update_fields=["status"])
            event_emit(session=session, type="idea.hidden", payload={"idea_id": idea.pk})
        event_emit(
            session=session,
            type="idea.flagged",
            payload={"idea_id": idea.pk, "reason": reason, "flags": flags, "idea": idea_payload(idea)},
            audience=Audience.MODERATORS,
            author_id=idea.author_id,
            idea=idea,
        )
    return idea


def reaction_set(
    *, session_id: int, user: User, idea_id: int, kind: str, on: bool, access: Access | None = None
) -> dict:
    """Agree or dissent (on or off); everyone sees the new counts."""
    if kind not in ReactionKind.values:
        raise RoomError("invalid", "kind must be 'agree' or 'dissent'.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.REACT, known=access)
        _check_room_open_for_changes(session)
        _check_statement_acknowledged(session, user)
        idea = _idea(session, idea_id, statuses=(IdeaStatus.PUBLISHED,))
        if on:
            Reaction.objects.get_or_create(idea=idea, user=user, kind=kind)
        else:
            Reaction.objects.filter(idea=idea, user=user, kind=kind).delete()
        counts = reaction_counts(idea)
        # Who reacted is nobody else's business (and would unmask an anonymous author reacting to
        # their own idea): everyone gets the counts, only the reacting person their own change.
        event_emit(
            session=session,
            type="idea.reactions",
            payload={"idea_id": idea.pk, "reactions": counts},
            private_to=user.pk,
            private={"change": {"kind": kind, "on": on}},
        )
    return counts


def idea_highlight(
    *, session_id: int, user: User, idea_id: int, on: bool, access: Access | None = None
) -> Idea:
    """Contributions recognised: the facilitator marks an idea for everyone."""
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.HIGHLIGHT, known=access)
        _check_not_closed(session)
        idea = _idea(session, idea_id, statuses=(IdeaStatus.PUBLISHED,))
        idea.highlighted = on
        idea.save(update_fields=["highlighted"])
        event_emit(session=session, type="idea.highlighted", payload={"idea_id": idea.pk, "highlighted": on})
    return idea


# --- facilitator controls ----------------------------------------------------------------------


def room_control(*, session_id: int, user: User, action: str, access: Access | None = None) -> Session:
    """start, pause ("put on the brakes"), resume, close. Counsel may only pause."""
    if action not in CONTROL_TARGETS:
        raise RoomError("invalid", "action must be start, pause, resume or close.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.PAUSE if action == "pause" else Act.RUN_ROOM, known=access)
        if action == "start":
            _check_ready_to_start(session)
        try:
            transition_locked(session, CONTROL_TARGETS[action])
        except TransitionError as error:
            raise RoomError("illegal_transition", " ".join(error.messages)) from error
        event_emit(session=session, type="session.state", payload={"state": session.state, "by": user.name})
        if action == "start":
            # Read out at the start: everyone in the room acknowledges it before posting.
            event_emit(session=session, type="antitrust.statement", payload=statement_payload(session))
        if action == "close":
            from .votes import vote_close_open

            # An open vote closes with the session: its results are part of the record.
            vote_close_open(session=session)
            from .presence import presence_close

            presence_close(session=session)
        if action == "close":
            from .followups import close_followups_queue

            # In this transaction: the follow-ups exist exactly when the close does, Redis or not.
            close_followups_queue(session=session)
        if action == "start" and session.current_question_id is None:
            first = session.questions.order_by("position").first()
            if first is not None:
                _go_to(session, first)
    return session


def objection_raise(
    *, session_id: int, user: User, reason: str = "", access: Access | None = None
) -> Objection:
    """ "I object / stop this topic": any participant, at once. The room is paused, everyone sees that
    an objection was raised (not by whom), the moderators see who and why and are emailed, and the
    minutes record it with its time."""
    reason = _clean(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise RoomError("too_long", f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    with transaction.atomic():
        session, membership = _lock(session_id, user, Act.OBJECT, known=access)
        if session.state not in (SessionState.LIVE, SessionState.PAUSED):
            raise RoomError("not_live", "Objections are raised in a live session.")
        objection = Objection.objects.create(
            session=session, raised_by=user, question_id=session.current_question_id, reason=reason
        )
        if session.state == SessionState.LIVE:
            transition_locked(session, SessionState.PAUSED)
            event_emit(
                session=session, type="session.state", payload={"state": session.state, "by": "an objection"}
            )
        event_emit(
            session=session,
            type="objection.raised",
            payload={
                "objection_id": objection.pk,
                "at": objection.raised_at.isoformat(),
                "question_id": objection.question_id,
            },
        )
        event_emit(
            session=session,
            type="objection.details",
            payload={
                "objection_id": objection.pk,
                "by": {"name": user.name, "company": membership.company.name if membership.company else None},
                "reason": reason,
            },
            audience=Audience.MODERATORS,
        )
        from .followups import objection_alert_queue

        objection_alert_queue(session=session, objection=objection)
    return objection


def protest_leave(
    *, session_id: int, user: User, reason: str = "", access: Access | None = None
) -> Attendance:
    """A participant leaves the meeting in protest: on the record, by name (that is its point), and
    their sockets in this room close. They may come back later."""
    reason = _clean(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise RoomError("too_long", f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    with transaction.atomic():
        session, membership = _lock(session_id, user, Act.LEAVE_IN_PROTEST, known=access)
        if session.state not in (SessionState.LIVE, SessionState.PAUSED):
            raise RoomError("not_live", "One leaves a live session in protest.")
        company = membership.company.name if membership.company else ""
        left = Attendance.objects.create(
            session=session,
            user=user,
            role=membership.role,
            company=company,
            kind=AttendanceKind.LEFT_IN_PROTEST,
            reason=reason,
        )
        event_emit(
            session=session,
            type="attendance.protest",
            payload={
                "user": {"name": user.name, "company": company or None},
                "reason": reason,
                "at": left.at.isoformat(),
            },
        )
    transaction.on_commit(
        lambda: group_send(
            person_group(session_id, user.pk), {"type": "member.left", "session_id": session_id}
        )
    )
    return left


def statement_acknowledge(
    *, session_id: int, user: User, access: Access | None = None
) -> StatementAcknowledgement:
    """Someone in the room acknowledges the antitrust statement read out at the start (once)."""
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.ACKNOWLEDGE_STATEMENT, known=access)
        existing = StatementAcknowledgement.objects.filter(session=session, user=user).first()
        if existing is not None:
            return existing
        statement = statement_payload(session)["statement"]
        acknowledgement = StatementAcknowledgement.objects.create(
            session=session, user=user, statement=statement
        )
        event_emit(
            session=session,
            type="statement.acknowledged",
            payload={"user": {"name": user.name}, "at": acknowledgement.acknowledged_at.isoformat()},
            audience=Audience.MODERATORS,
        )
    return acknowledgement


def statement_payload(session: Session) -> dict:
    from groundrules.selectors import ruleset_current

    version = ruleset_current(session=session)
    return {
        "statement": version.antitrust_statement if version else "",
        "version": version.number if version else None,
    }


def agenda_goto(*, session_id: int, user: User, question_id: int, access: Access | None = None) -> Session:
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.RUN_ROOM, known=access)
        _check_not_closed(session)
        question = AgendaQuestion.objects.filter(session=session, pk=question_id).first()
        if question is None:
            raise RoomError("not_found", "No such question in this session's agenda.")
        _go_to(session, question)
    return session


def timer_set(*, session_id: int, user: User, minutes: int | None, access: Access | None = None) -> Session:
    if minutes is not None and not (1 <= minutes <= MAX_TIMER_MINUTES):
        raise RoomError("invalid", f"minutes must be between 1 and {MAX_TIMER_MINUTES}, or null.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.RUN_ROOM, known=access)
        _check_not_closed(session)
        session.timer_ends_at = now() + timedelta(minutes=minutes) if minutes else None
        session.save(update_fields=["timer_ends_at"])
        event_emit(session=session, type="timer", payload=_timer_payload(session))
    return session


def membership_remove(*, session: Session, by: User, user: User) -> None:
    """A facilitator removes someone from a session; their open sockets close at once."""
    session_access(session=session, user=by, act=Act.REMOVE_MEMBER)
    if user.pk == by.pk:
        raise RoomError("forbidden", "Facilitators cannot remove themselves.")
    Membership.objects.filter(session=session, user=user).delete()
    transaction.on_commit(
        lambda: group_send(user_group(user.pk), {"type": "member.removed", "session_id": session.pk})
    )


# --- payloads ----------------------------------------------------------------------------------


NO_REACTIONS = {"agree": 0, "dissent": 0, "build_on": 0}


def idea_payload(idea: Idea, *, new: bool = False, reactions: dict | None = None) -> dict:
    """The idea as moderators see it; frame_for_viewer hides an anonymous author from others.

    `new`: just created, so it has no reactions to count yet; `reactions`: counted already.
    """
    return {
        "id": idea.pk,
        "client_id": str(idea.client_id),
        "question_id": idea.question_id,
        "text": idea.text,
        "author": {"name": idea.author.name, "company": idea.company.name if idea.company else None},
        "anonymous": idea.anonymous,
        "parent_id": idea.parent_id,
        "highlighted": idea.highlighted,
        "reactions": dict(NO_REACTIONS) if new else (reactions or reaction_counts(idea)),
        "created_at": idea.created_at.isoformat(),
    }


def reaction_counts(idea: Idea) -> dict:
    counts = Reaction.objects.filter(idea=idea).aggregate(
        agree=Count("pk", filter=Q(kind=ReactionKind.AGREE)),
        dissent=Count("pk", filter=Q(kind=ReactionKind.DISSENT)),
    )
    counts["build_on"] = idea.replies.filter(status=IdeaStatus.PUBLISHED).count() if idea.pk else 0
    return counts


def _timer_payload(session: Session) -> dict:
    ends_at = session.timer_ends_at.isoformat() if session.timer_ends_at else None
    return {"ends_at": ends_at, "server_time": now().isoformat()}


# --- helpers -----------------------------------------------------------------------------------


def _clean(text: str, *, multiline: bool = False) -> str:
    try:
        return clean_text(text, multiline=multiline).strip()
    except InvalidText as error:
        raise RoomError("invalid", str(error)) from error


def _lock(session_id: int, user: User, act: Act, known: Access | None = None) -> tuple[Session, Membership]:
    """Lock the session row (orders every change and its seq) and check `user` may `act` on it
    (`known`: their access as checked when their websocket opened, see sessions.access)."""
    session = Session.objects.select_for_update().filter(pk=session_id).first()
    access = session_access(session=session, session_id=session_id, user=user, act=act, known=known)
    return access.session, access.membership


def _decided_rule(session: Session, idea: Idea, decision: str, rule: str) -> str:
    if decision != "decline":
        return ""
    from groundrules.selectors import rule_titles

    rule = rule or (idea.screen_rules[0] if idea.screen_rules else "")
    if rule and rule not in rule_titles(session_id=session.pk):
        raise RoomError("invalid", "rule must be one of this session's ground rules.")
    return rule


def _check_ready_to_start(session: Session) -> None:
    """Counsel's gate: where the session has counsel, its agenda is approved, and (a session
    setting, on by default) counsel is in the room."""
    from .agenda import agenda_needs_approval, session_has_counsel
    from .presence import counsel_present

    if not session_has_counsel(session=session):
        return
    if agenda_needs_approval(session=session):
        raise RoomError(
            "agenda_not_approved",
            "Counsel has not approved the agenda as it stands: ask counsel to approve it.",
        )
    if session.require_counsel_present and not counsel_present(session_id=session.pk):
        raise RoomError(
            "counsel_absent", "The session starts when counsel is in the room (a session setting)."
        )


def _check_statement_acknowledged(session: Session, user: User) -> None:
    if (
        session.started_at
        and not StatementAcknowledgement.objects.filter(session=session, user=user).exists()
    ):
        raise RoomError("statement_unacknowledged", "Acknowledge the antitrust statement before taking part.")


def _check_not_closed(session: Session) -> None:
    """After close the record is what it is: nothing in the room changes any more."""
    if session.state == SessionState.CLOSED:
        raise RoomError("closed", "The session is closed: the room's record can no longer change.")


def _check_room_open_for_changes(session: Session) -> None:
    if session.state == SessionState.PAUSED:
        raise RoomError(
            "paused", "The session is paused: the room is read-only until the facilitator resumes."
        )
    if session.state == SessionState.CLOSED:
        raise RoomError("closed", "The session is closed.")
    if session.state != SessionState.LIVE:
        raise RoomError("not_live", "The session has not started yet.")


def _idea(session: Session, idea_id: int, *, statuses: tuple[str, ...]) -> Idea:
    idea = Idea.objects.filter(session=session, pk=idea_id, status__in=statuses).select_related(
        "author", "company"
    )
    found = idea.first()
    if found is None:
        raise RoomError("not_found", "No such idea (or it cannot be changed that way now).")
    return found


def _parent(session: Session, parent_id: int | None) -> Idea | None:
    if parent_id is None:
        return None
    return _idea(session, parent_id, statuses=(IdeaStatus.PUBLISHED,))


def _publish(session: Session, idea: Idea, *, event_type: str, new: bool = False) -> None:
    event_emit(
        session=session,
        type=event_type,
        payload={"idea": idea_payload(idea, new=new)},
        author_id=idea.author_id,
        idea=idea,
    )
    if idea.parent_id:
        # "Build on" counts belong to the parent: everyone sees the new count.
        parent = idea.parent
        event_emit(
            session=session,
            type="idea.reactions",
            payload={"idea_id": parent.pk, "reactions": reaction_counts(parent)},
        )


def _go_to(session: Session, question: AgendaQuestion) -> None:
    session.current_question = question
    minutes = question.time_box_minutes
    session.timer_ends_at = now() + timedelta(minutes=minutes) if minutes else None
    session.save(update_fields=["current_question", "timer_ends_at"])
    event_emit(
        session=session,
        type="agenda.current",
        payload={"question_id": question.pk, "timer_ends_at": _timer_payload(session)["ends_at"]},
    )
