"""The public value types of the screen: what a rule is, what a hit is, what a screening returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSpec:
    slug: str
    title: str = ""
    # Extra words/phrases a facilitator typed for this rule: case- and accent-insensitive, whole words,
    # may contain spaces.
    watch_phrases: tuple[str, ...] = ()
    # True: also use the built-in patterns and model for this slug, if it is one of the default rules
    # (or, in a session whose rules predate a default rule, the rule that covered it then).
    builtin: bool = True


@dataclass(frozen=True)
class Hit:
    rule: str
    matched: str  # the evidence: an exact substring of the screened text, never a lone function word
    reason: str
    source: str = "pattern"  # "pattern" (a rule file), "watch" (a facilitator's phrase) or "model"
    score: float = 1.0  # how sure the screen is that the text touches this rule (model probability)


@dataclass(frozen=True)
class ScreenResult:
    held: bool
    hits: tuple[Hit, ...] = ()

    @property
    def rules(self) -> list[str]:
        """Distinct rule slugs in order of first hit: the screen orders hits most likely rule first."""
        return list(dict.fromkeys(hit.rule for hit in self.hits))
