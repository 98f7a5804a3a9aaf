"""Reads of sessions, with the visibility rules every door shares."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from thinktank.accounts.models import User

from .models import Membership, Role, Session, SessionState


def sessions_for_user(*, user: User) -> QuerySet[Session]:
    """The sessions a person takes part in, in any role; drafts only for their facilitators."""
    if not user.is_authenticated:
        return Session.objects.none()
    # One filter() call, so both conditions apply to the same membership row.
    visible = Session.objects.filter(
        Q(memberships__user=user) & (Q(memberships__role=Role.FACILITATOR) | ~Q(state=SessionState.DRAFT))
    )
    return visible.annotate(question_count=Count("questions", distinct=True)).order_by("-starts_at")


def session_get_visible(*, session_id: int, user: User) -> Session:
    """The session if `user` may see it, else 404 (never 403: its existence stays private)."""
    session = Session.objects.filter(pk=session_id).first()
    membership = membership_for(session=session, user=user) if session else None
    if membership is None or (session.state == SessionState.DRAFT and membership.role != Role.FACILITATOR):
        raise Http404("No such session.")
    return session


def membership_for(*, session: Session, user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(session, "_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(session=session, user=user).select_related("company").first()
        )
        session._membership_cache = cache
    return cache[user.pk]


def is_facilitator(*, session: Session, user: User) -> bool:
    membership = membership_for(session=session, user=user)
    return membership is not None and membership.role == Role.FACILITATOR


def members_by_company(*, session: Session) -> list[tuple[str, list[Membership]]]:
    """Participants grouped by company, every participating company listed (empty ones too)."""
    groups: dict[str, list[Membership]] = {company.name: [] for company in session.companies.all()}
    participants = (
        session.memberships.filter(role=Role.PARTICIPANT)
        .select_related("user", "company")
        .order_by("user__name")
    )
    for membership in participants:
        groups.setdefault(membership.company.name, []).append(membership)
    return sorted(groups.items())
