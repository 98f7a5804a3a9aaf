from .actions import ActionItem, ActionStatus, MinutesReview, MinutesStatus
from .invitations import Invitation, InvitationStatus
from .room import Audience, Flag, Idea, IdeaStatus, Presence, Reaction, ReactionKind, RoomEvent
from .sessions import AgendaQuestion, Membership, Role, Session, SessionState

__all__ = [
    "ActionItem",
    "ActionStatus",
    "MinutesReview",
    "MinutesStatus",
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
