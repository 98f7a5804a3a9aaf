"""Who is in the room: one row per open socket, kept fresh by the client's pings; and the attendance
register, one entry each time a person enters (first socket) or leaves (last socket) the room."""

from datetime import timedelta

from django.db import transaction
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..models import Attendance, AttendanceKind, Membership, Presence, Role, Session

# A socket whose process died never says goodbye; its row stops counting after this.
PRESENCE_TTL = timedelta(seconds=90)


def presence_join(*, session_id: int, user: User, channel_name: str) -> dict | None:
    """Record an open socket; returns the person (for presence) if they were not in the room yet.

    Telling the room is the caller's: sessions.room_hub coalesces joins and leaves into one
    broadcast per room every half second (one broadcast per join made a connect storm quadratic).
    """
    with transaction.atomic():
        first = not _present(session_id, user.pk)
        Presence.objects.update_or_create(
            channel_name=channel_name, defaults={"session_id": session_id, "user": user, "last_seen": now()}
        )
        Membership.objects.filter(session_id=session_id, user=user, attended_at__isnull=True).update(
            attended_at=now()
        )
        if first:
            _register(session_id, user, AttendanceKind.JOINED)
    return _person(session_id, user) if first else None


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
    if membership is None:
        return
    Attendance.objects.create(
        session_id=session_id,
        user=user,
        role=membership.role,
        company=membership.company.name if membership.company else "",
        kind=kind,
        reason=reason,
    )


def presence_touch(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).update(last_seen=now())


def presence_snapshot(*, session_id: int) -> list[dict]:
    fresh = now() - PRESENCE_TTL
    user_ids = set(
        Presence.objects.filter(session_id=session_id, last_seen__gte=fresh).values_list("user_id", flat=True)
    )
    members = Membership.objects.filter(session_id=session_id, user_id__in=user_ids).select_related(
        "user", "company"
    )
    return sorted((_entry(m) for m in members), key=lambda p: ((p["company"] or ""), p["name"]))


def _present(session_id: int, user_id: int) -> bool:
    fresh = now() - PRESENCE_TTL
    return Presence.objects.filter(session_id=session_id, user_id=user_id, last_seen__gte=fresh).exists()


def _person(session_id: int, user: User) -> dict:
    membership = Membership.objects.filter(session_id=session_id, user=user).select_related("company").first()
    if membership is None:
        return {"user_id": user.pk, "name": user.name, "company": None, "role": Role.PARTICIPANT}
    return _entry(membership)


def _entry(membership: Membership) -> dict:
    return {
        "user_id": membership.user_id,
        "name": membership.user.name,
        "company": membership.company.name if membership.company else None,
        "role": membership.role,
    }
