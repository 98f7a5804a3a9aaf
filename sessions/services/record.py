"""Appending to and verifying a session's tamper-evident record (sessions.models.record)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.utils.timezone import now

from ..models import RecordEntry, Session
from ..models.record import GENESIS


def entry_hash(*, index: int, kind: str, at: datetime, payload: dict, previous: str) -> str:
    """SHA-256 of the entry's canonical JSON (sorted keys, no spaces), the previous hash included."""
    canonical = json.dumps(
        {"index": index, "kind": kind, "at": at.isoformat(), "payload": payload, "previous": previous},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_append(*, session: Session, kind: str, payload: dict, save: bool = True) -> RecordEntry:
    """Append an entry to the record of a session whose row the caller has locked (select_for_update):
    the lock orders the chain. `save=False` leaves saving the session's head to the caller, who is
    saving the row anyway."""
    at = now()
    index = session.record_length + 1
    digest = entry_hash(index=index, kind=kind, at=at, payload=payload, previous=session.record_head)
    entry = RecordEntry.objects.create(
        session=session,
        index=index,
        kind=kind,
        payload=payload,
        at=at,
        previous_hash=session.record_head,
        hash=digest,
    )
    session.record_length, session.record_head = index, digest
    if save:
        session.save(update_fields=["record_length", "record_head"])
    return entry


def screen_matches(result) -> list[dict]:
    """A screening's hits as stored with what was screened (and shown to moderators)."""
    return [{"rule": hit.rule, "matched": hit.matched, "reason": hit.reason} for hit in result.hits]


def record_screening(*, session: Session, subject: dict, result) -> RecordEntry:
    """The screen's verdict on an idea or action item (`subject`: its id), on the record."""
    return record_append(
        session=session,
        kind="screening",
        payload={**subject, "held": result.held, "rules": result.rules, "matches": screen_matches(result)},
    )


@dataclass(frozen=True)
class Verification:
    ok: bool
    length: int
    head: str
    problem: str = ""


def record_verify(*, session: Session) -> Verification:
    """Recompute the whole chain; the first entry that does not hold is reported."""
    previous, count = GENESIS, 0
    for entry in RecordEntry.objects.filter(session=session).order_by("index").iterator(chunk_size=1000):
        count += 1
        if entry.index != count:
            return Verification(False, count - 1, previous, f"entry {count} is missing (found {entry.index})")
        if entry.previous_hash != previous:
            return Verification(
                False, count - 1, previous, f"entry {count} does not follow entry {count - 1}"
            )
        expected = entry_hash(
            index=entry.index, kind=entry.kind, at=entry.at, payload=entry.payload, previous=previous
        )
        if entry.hash != expected:
            return Verification(False, count - 1, previous, f"entry {count} ({entry.kind}) was changed")
        previous = entry.hash
    if count != session.record_length or previous != session.record_head:
        return Verification(
            False,
            count,
            previous,
            f"the record ends at entry {count}, the session says {session.record_length}",
        )
    return Verification(True, count, previous)
