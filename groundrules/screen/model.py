"""The public value types of the screen: what a rule is, what a hit is, what a screening returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSpec:
    slug: str
    title: str = ""
    # Extra words/phrases a facilitator typed for this rule: case-insensitive, whole-word, may contain spaces.
    watch_phrases: tuple[str, ...] = ()
    # True: also use the built-in detector for this slug if one exists (pricing, contract_terms, proprietary).
    builtin: bool = True


@dataclass(frozen=True)
class Hit:
    rule: str
    matched: str  # the words that triggered it, an exact substring of the screened text
    reason: str


@dataclass(frozen=True)
class ScreenResult:
    held: bool
    hits: tuple[Hit, ...] = ()

    @property
    def rules(self) -> list[str]:
        """Distinct rule slugs, in order of first hit."""
        return list(dict.fromkeys(hit.rule for hit in self.hits))
