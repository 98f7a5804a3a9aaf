"""Who may do what to which session: one table and one function, called by every door (pages,
downloads, the websocket, services, tasks), so no door can forget a check another door makes.

Whoever takes no part in a session (and a participant or counsel before a draft is opened) gets
`NotFound`: the session's existence stays private. A member whose role may not do something gets
`Forbidden`, and a participant who has not yet given buy-in or agreed to the current ground rules
gets `NotAdmitted` for everything that happens in the live room. Where the table says `hidden`, a
refusal is a `NotFound` too (downloads: "anyone else's answers 404").

Object-level rules (only an action item's owner accepts it) and state rules (nothing changes after
close) stay with the services that own those objects and states.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thinktank.accounts.models import User

from .models import Membership, Role, Session, SessionState

F, C, P = Role.FACILITATOR, Role.COUNSEL, Role.PARTICIPANT


class Act(StrEnum):
    VIEW = "view"  # the session's page, summary, ground rules
    EDIT = "edit"  # details, agenda, ground rules; opening the session
    INVITE = "invite"
    REMOVE_MEMBER = "remove_member"
    SEE_READINESS = "see_readiness"
    GIVE_BUY_IN = "give_buy_in"
    AGREE = "agree"
    ENTER_ROOM = "enter_room"  # the room page and its websocket: hello, sync, ping
    POST_IDEA = "post_idea"
    REACT = "react"
    FLAG = "flag"
    MODERATE = "moderate"
    HIGHLIGHT = "highlight"
    PAUSE = "pause"
    RUN_ROOM = "run_room"  # start, resume, close, go to a question, the timer
    PROPOSE_ACTION_ITEM = "propose_action_item"
    REASSIGN_ACTION_ITEM = "reassign_action_item"
    RESPOND_TO_ACTION_ITEM = "respond_to_action_item"  # the owner's accept, decline, done
    RESCHEDULE_ACTION_ITEM = "reschedule_action_item"  # its owner (a participant) or a facilitator
    PLAN_NEXT_SESSION = "plan_next_session"  # a series: the next session of the same think tank
    REPORT_PROGRESS = "report_progress"  # an owner's word on a carried commitment (only their own)
    EXPORT_INTERIM = "export_interim"  # the ideas and decisions so far, while the session runs
    DOWNLOAD_OWN_ITEMS = "download_own_items"
    DOWNLOAD_ALL_ITEMS = "download_all_items"
    SEE_MINUTES = "see_minutes"  # the draft before submission; participants see submitted ones
    SUBMIT_MINUTES = "submit_minutes"
    REVIEW_MINUTES = "review_minutes"
    COMMENT_ON_MINUTES = "comment_on_minutes"
    OBJECT = "object"  # "I object / stop this topic"
    LEAVE_IN_PROTEST = "leave_in_protest"
    ACKNOWLEDGE_STATEMENT = "acknowledge_statement"
    APPROVE_AGENDA = "approve_agenda"
    SET_LEGAL_HOLD = "set_legal_hold"
    SEE_ATTENDANCE = "see_attendance"
    SEE_SCREEN_QUALITY = "see_screen_quality"
    GROUP_IDEAS = "group_ideas"  # group similar ideas, see suggestions
    RUN_VOTE = "run_vote"  # open and close a dot-vote
    VOTE = "vote"  # place and remove one's dots


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    in_room: bool = False  # participants need buy-in and agreement to the current rules
    hidden: bool = False  # refused as "not found"


def _rule(*roles: str, in_room: bool = False, hidden: bool = False) -> Rule:
    return Rule(frozenset(roles), in_room, hidden)


POLICY: dict[Act, Rule] = {
    Act.VIEW: _rule(F, C, P),
    Act.EDIT: _rule(F),
    Act.INVITE: _rule(F),
    Act.REMOVE_MEMBER: _rule(F),
    Act.SEE_READINESS: _rule(F, C),
    Act.GIVE_BUY_IN: _rule(P),
    Act.AGREE: _rule(F, C, P),
    Act.ENTER_ROOM: _rule(F, C, P, in_room=True),
    Act.POST_IDEA: _rule(F, P, in_room=True),
    Act.REACT: _rule(F, P, in_room=True),
    Act.FLAG: _rule(P, in_room=True),
    Act.MODERATE: _rule(F, C),
    Act.HIGHLIGHT: _rule(F),
    Act.PAUSE: _rule(F, C),
    Act.RUN_ROOM: _rule(F),
    Act.PROPOSE_ACTION_ITEM: _rule(F),
    Act.REASSIGN_ACTION_ITEM: _rule(F),
    Act.RESPOND_TO_ACTION_ITEM: _rule(P),
    Act.RESCHEDULE_ACTION_ITEM: _rule(F, P),
    Act.PLAN_NEXT_SESSION: _rule(F),
    Act.REPORT_PROGRESS: _rule(P, in_room=True),
    # Refused with 403 (not hidden): the file is the moderators', and participants know it exists.
    Act.EXPORT_INTERIM: _rule(F, C),
    Act.DOWNLOAD_OWN_ITEMS: _rule(F, C, P, hidden=True),
    Act.DOWNLOAD_ALL_ITEMS: _rule(F, hidden=True),
    Act.SEE_MINUTES: _rule(F, C, P, hidden=True),  # participants: once submitted (services.minutes)
    Act.SUBMIT_MINUTES: _rule(F),
    Act.REVIEW_MINUTES: _rule(C),
    Act.COMMENT_ON_MINUTES: _rule(P),
    Act.OBJECT: _rule(P, in_room=True),
    Act.LEAVE_IN_PROTEST: _rule(P, in_room=True),
    Act.ACKNOWLEDGE_STATEMENT: _rule(F, C, P, in_room=True),
    Act.APPROVE_AGENDA: _rule(C),
    Act.SET_LEGAL_HOLD: _rule(C),
    Act.SEE_ATTENDANCE: _rule(F, C, hidden=True),
    Act.SEE_SCREEN_QUALITY: _rule(F, C, hidden=True),
    Act.GROUP_IDEAS: _rule(F),
    Act.RUN_VOTE: _rule(F),
    # Participants only: the facilitator is the neutral party, counsel watches.
    Act.VOTE: _rule(P, in_room=True),
}


class NotFound(Http404):
    """No such session, as far as this person is concerned."""


class Forbidden(PermissionDenied):
    def __init__(self, act: Act, message: str):
        self.act = act
        super().__init__(message)


class NotAdmitted(Forbidden):
    """A participant who must still give buy-in ("buy_in") or agree to the rules ("agreement")."""

    def __init__(self, act: Act, missing: str):
        self.missing = missing
        super().__init__(act, "Give your buy-in and agree to the current ground rules first.")


@dataclass(frozen=True)
class Access:
    session: Session
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_moderator(self) -> bool:
        return self.role in (F, C)

    @property
    def is_facilitator(self) -> bool:
        return self.role == F


def session_access(
    *,
    user: User,
    act: Act,
    session: Session | None = None,
    session_id: int | None = None,
    known: Access | None = None,
) -> Access:
    """`user`'s membership of the session if they may `act` on it; else NotFound, Forbidden or
    NotAdmitted. Pass the session (already loaded, or locked) or its id.

    `known`: this person's access as checked when their connection opened (the live room's
    websocket). Their membership and admission are then not read again; the policy still decides
    this act, against the session as it is now. Whatever changes admission (a removal, a sign-out,
    a new version of the rules) closes or re-checks those connections (sessions.consumers).
    """
    from .selectors import membership_for

    if session is None and known is None:  # the common door: one query for all of it
        membership = _membership_with_session(session_id=session_id, user=user)
        session = membership.session if membership is not None else None
        return _decide(act, session, membership, user, admitted=False)
    if session is None:
        session = Session.objects.filter(pk=session_id).first()
    if known is not None and session is not None and known.session.pk == session.pk:
        if known.membership.user_id == user.pk:
            return _decide(act, session, known.membership, user, admitted=True)
    membership = membership_for(session=session, user=user) if session is not None else None
    return _decide(act, session, membership, user, admitted=False)


def _membership_with_session(*, session_id: int, user: User) -> Membership | None:
    """`user`'s membership of the session, with the session, the company and whether they agreed to
    the current rules (`agreed_to_current`, read by admission_missing), in one query: a connect storm
    is a thousand of these."""
    from groundrules.selectors import agreed_to_current

    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(session_id=session_id, user=user)
        .select_related("session", "company")
        .annotate(agreed_to_current=agreed_to_current(user=user))
        .first()
    )
    if membership is not None:
        membership.session._membership_cache = {user.pk: membership}  # as membership_for keeps it
    return membership


def _decide(
    act: Act, session: Session | None, membership: Membership | None, user: User, *, admitted: bool
) -> Access:
    if membership is None or (session.state == SessionState.DRAFT and membership.role != F):
        raise NotFound("No such session.")
    rule = POLICY[act]
    if membership.role not in rule.roles:
        if rule.hidden:
            raise NotFound("No such session, or nothing of yours here.")
        raise Forbidden(act, f"Only the session's {_who(rule.roles)} can do that.")
    if rule.in_room and membership.role == P and not admitted:
        missing = admission_missing(session=session, user=user, membership=membership)
        if missing:
            raise NotAdmitted(act, missing)
    return Access(session=session, membership=membership)


_PLURALS = {F: "facilitators", C: "counsel", P: "participants"}


def _who(roles: frozenset[str]) -> str:
    names = [_PLURALS[role] for role in (F, C, P) if role in roles]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def admission_missing(*, session: Session, user: User, membership: Membership) -> str | None:
    """The step a participant still has to take before the live room, or None."""
    from groundrules.selectors import agreement_to_current

    if membership.bought_in_at is None:
        return "buy_in"
    agreed = getattr(membership, "agreed_to_current", None)  # read with the membership, if it was
    if agreed is None:
        agreed = agreement_to_current(session=session, user=user) is not None
    if not agreed:
        return "agreement"
    return None
