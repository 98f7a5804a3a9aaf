"""Who is in the room: one row per open socket, kept fresh by the client's pings; and the attendance
register, one entry each time a person enters (first socket) or leaves (last socket) the room."""

from datetime import timedelta

from django.db import transaction
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..models import Attendance, AttendanceKind, Membership, Presence, Role, Session

# A socket whose process died never says goodbye; its row stops counting after this.
PRESENCE_TTL = timedelta(seconds=90)


def presence_join(
    *, session_id: int, user: User, channel_name: str, membership: Membership | None = None
) -> dict | None:
    """Record an open socket; returns the person (for presence) if they were not in the room yet.

    Telling the room is the caller's: sessions.room_hub coalesces joins and leaves into one
    broadcast per room every half second (one broadcast per join made a connect storm quadratic).
    `membership`: the caller's, when it has it (the websocket checked it on connecting).
    """
    membership = membership or Membership.objects.select_related("company").get(
        session_id=session_id, user=user
    )
    with transaction.atomic():
        first = not _present(session_id, user.pk)
        Presence.objects.create(session_id=session_id, user=user, channel_name=channel_name)
        if membership.attended_at is None:
            Membership.objects.filter(pk=membership.pk, attended_at__isnull=True).update(attended_at=now())
        if first:
            _register(session_id, user, AttendanceKind.JOINED, membership=membership)
    return _entry(membership, user) if first else None


def presence_leave(*, session_id: int, user: User, channel_name: str) -> dict | None:
    """Forget a closed socket; returns the person if that was their last one in the room."""
    Presence.objects.filter(channel_name=channel_name).delete()
    if _present(session_id, user.pk):
        return None
    last = Attendance.objects.filter(session_id=session_id, user=user).order_by("-at", "-id").first()
    if last is None or last.kind == AttendanceKind.JOINED:  # not already out (in protest, at close)
        _register(session_id, user, AttendanceKind.LEFT)
    return _person(session_id, user)


def presence_close(*, session: Session) -> None:
    """At close, everyone still in the room is recorded as leaving then."""
    fresh = now() - PRESENCE_TTL
    present = set(
        Presence.objects.filter(session=session, last_seen__gte=fresh).values_list("user_id", flat=True)
    )
    for membership in Membership.objects.filter(session=session, user_id__in=present).select_related(
        "user", "company"
    ):
        _register(
            session.pk,
            membership.user,
            AttendanceKind.LEFT,
            reason="the session closed",
            membership=membership,
        )


def counsel_present(*, session_id: int) -> bool:
    fresh = now() - PRESENCE_TTL
    counsel = Membership.objects.filter(session_id=session_id, role=Role.COUNSEL).values("user_id")
    return Presence.objects.filter(session_id=session_id, user_id__in=counsel, last_seen__gte=fresh).exists()


def _register(
    session_id: int, user: User, kind: str, *, reason: str = "", membership: Membership | None = None
) -> None:
    membership = (
        membership
        or Membership.objects.filter(session_id=session_id, user=user).select_related("company").first()
    )
    Attendance.objects.create(
        session_id=session_id,
        user=user,
        role=membership.role if membership else "removed",  # removed from the session meanwhile
        company=membership.company.name if membership and membership.company else "",
        kind=kind,
        reason=reason,
    )


def presence_touch(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).update(last_seen=now())


def presence_snapshot(*, session_id: int) -> list[dict]:
    """Who is in the room now, by company then name (one query, no model instances: it is read for
    every hello of a crowded room)."""
    fresh = now() - PRESENCE_TTL
    here = Presence.objects.filter(session_id=session_id, last_seen__gte=fresh).values("user_id")
    rows = Membership.objects.filter(session_id=session_id, user_id__in=here).values_list(
        "user_id", "user__name", "company__name", "role"
    )
    people = [
        {"user_id": user_id, "name": name, "company": company, "role": role}
        for user_id, name, company, role in rows
    ]
    return sorted(people, key=lambda p: ((p["company"] or ""), p["name"]))


def _present(session_id: int, user_id: int) -> bool:
    fresh = now() - PRESENCE_TTL
    return Presence.objects.filter(session_id=session_id, user_id=user_id, last_seen__gte=fresh).exists()


def _person(session_id: int, user: User) -> dict:
    membership = Membership.objects.filter(session_id=session_id, user=user).select_related("company").first()
    if membership is None:
        return {"user_id": user.pk, "name": user.name, "company": None, "role": Role.PARTICIPANT}
    return _entry(membership, user)


def _entry(membership: Membership, user: User | None = None) -> dict:
    return {
        "user_id": membership.user_id,
        "name": (user or membership.user).name,
        "company": membership.company.name if membership.company else None,
        "role": membership.role,
    }
