"""A session's ground rules, kept as numbered versions, and who agreed to which version.

Every change to the rules makes a new version; participants must agree to the current one before
entering the room. Agreements are a record counsel relies on: never edited, never deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class RuleSetVersion(models.Model):
    session = models.ForeignKey(
        "thinktank_sessions.Session", on_delete=models.CASCADE, related_name="rule_versions"
    )
    number = models.PositiveIntegerField()
    antitrust_statement = models.TextField()
    created_at = models.DateTimeField(default=now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["session", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="ruleset_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Ground rules v{self.number} of {self.session}"


class Rule(models.Model):
    version = models.ForeignKey(RuleSetVersion, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=50)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    watch_phrases = models.JSONField(
        default=list, blank=True, help_text="Extra words or phrases that hold an idea for a moderator."
    )
    builtin = models.BooleanField(
        default=True, help_text="Also use ThinkTank's built-in screen for this rule, where one exists."
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="rule_slug_unique_in_version"),
            models.UniqueConstraint(fields=["version", "position"], name="rule_position_unique_in_version"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementImmutableError(Exception):
    pass


class Agreement(models.Model):
    """A person's agreement to one version of a session's ground rules, signed by typing their name."""

    # No index of its own: agreement_once_per_version's index starts with the version. With both, the
    # planner (before a fresh table is analysed) scanned every agreement of the version for one person.
    version = models.ForeignKey(
        RuleSetVersion, on_delete=models.PROTECT, related_name="agreements", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreements")
    typed_name = models.CharField(max_length=150)
    agreed_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["agreed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="agreement_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.typed_name} agreed to v{self.version.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AgreementImmutableError("Agreements are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AgreementImmutableError("Agreements are never deleted.")
