"""A session's tamper-evident record: every room event, screening verdict, moderation decision,
agreement, minutes submission and approval and legal hold, in an append-only log whose entries are
hash-chained (each entry's hash covers its content and the previous entry's hash), so changing or
removing any entry breaks every hash after it. `manage.py verify_record SESSION` checks the chain.

Append-only in the database too: on PostgreSQL a trigger refuses every UPDATE, and every DELETE
except the retention job's (sessions.services.retention); elsewhere the model refuses both.
"""

from django.db import models

from .sessions import Session

GENESIS = "0" * 64


class RecordImmutableError(Exception):
    pass


class RecordEntry(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="record")
    index = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    payload = models.JSONField()
    at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["session", "index"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="record_entry_index_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordImmutableError("The session record is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordImmutableError("The session record is append-only.")
