"""What the moderators' decisions say about the ground-rule screen: per rule, how often a hold was
right (precision) and how much of what moderators declined the screen had held (recall). The
decisions are the screen's teachers: an opt-in export of them, without names, feeds retraining.

Counting, per rule R (a decision is on the idea's latest state):
- held under R: the screen held the idea with R first; right if a moderator declined it.
- declined for R: a moderator declined the idea as touching R (the screen's first rule unless the
  moderator chose another); caught if the screen had held it, missed if participants flagged it.
Misses only show what participants flagged: what nobody flagged stays unknown.
"""

import math
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Decision, DecisionSource, ModerationDecision


@dataclass
class RuleQuality:
    rule: str
    title: str
    held: int = 0
    held_right: int = 0
    declined: int = 0
    caught: int = 0

    @property
    def precision(self) -> tuple[float, float, float] | None:
        return wilson(self.held_right, self.held)

    @property
    def recall(self) -> tuple[float, float, float] | None:
        return wilson(self.caught, self.declined)


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float, float] | None:
    """The proportion and its 95% Wilson interval, or None when there is nothing to count."""
    if not total:
        return None
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def latest_decisions(decisions: QuerySet[ModerationDecision]) -> list[ModerationDecision]:
    """One decision per idea: its last (an idea released, flagged, then declined counts as declined)."""
    latest: dict[int, ModerationDecision] = {}
    for decision in decisions.select_related("idea").order_by("decided_at", "id"):
        latest[decision.idea_id] = decision
    return list(latest.values())


def screen_quality(*, decisions: QuerySet[ModerationDecision], titles: dict[str, str]) -> list[RuleQuality]:
    rows = {slug: RuleQuality(slug, title) for slug, title in titles.items()}

    def row(slug: str) -> RuleQuality:
        return rows.setdefault(slug, RuleQuality(slug, slug))

    for decision in latest_decisions(decisions):
        held_by_screen = bool(decision.idea.screen_rules)
        first = decision.idea.screen_rules[0] if held_by_screen else None
        declined = decision.decision == Decision.DECLINE
        if first:
            row(first).held += 1
            row(first).held_right += int(declined)
        if declined and (decision.rule or first):
            target = row(decision.rule or first)
            target.declined += 1
            target.caught += int(decision.source == DecisionSource.SCREEN and held_by_screen)
    return list(rows.values())


def decisions_for_training(decisions: QuerySet[ModerationDecision]) -> list[dict]:
    """The decisions as labelled messages for retraining the screen: text and label, no names."""
    rows = []
    for decision in latest_decisions(decisions):
        declined = decision.decision == Decision.DECLINE
        rows.append(
            {
                "text": decision.idea.text,
                "violates": declined,
                "rule": (decision.rule or None) if declined else None,
                "screen_rules": decision.idea.screen_rules,
                "source": "moderation",
            }
        )
    return rows
