from .sessions import AgendaQuestion, Membership, Role, Session, SessionState

__all__ = ["AgendaQuestion", "Membership", "Role", "Session", "SessionState"]
