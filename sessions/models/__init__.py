from .actions import ActionItem, ActionStatus, MinutesReview, MinutesStatus, MinutesVersion
from .invitations import Invitation, InvitationStatus
from .room import (
    Audience,
    Decision,
    DecisionSource,
    Flag,
    Idea,
    IdeaStatus,
    ModerationDecision,
    Presence,
    Reaction,
    ReactionKind,
    RoomEvent,
)
from .sessions import AgendaQuestion, Membership, Role, Session, SessionState

__all__ = [
    "ActionItem",
    "ActionStatus",
    "MinutesReview",
    "MinutesStatus",
    "MinutesVersion",
    "Decision",
    "DecisionSource",
    "ModerationDecision",
    "AgendaQuestion",
    "Audience",
    "Flag",
    "Idea",
    "IdeaStatus",
    "Invitation",
    "InvitationStatus",
    "Membership",
    "Presence",
    "Reaction",
    "ReactionKind",
    "Role",
    "RoomEvent",
    "Session",
    "SessionState",
]
