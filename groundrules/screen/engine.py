"""The screen itself: compiles the rules once, then checks each text against every rule."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from . import contract_terms, pricing, proprietary
from .common import Trigger, normalise
from .model import Hit, RuleSpec, ScreenResult

BUILTIN_DETECTORS: dict[str, tuple[Trigger, ...]] = {
    "pricing": pricing.TRIGGERS,
    "contract_terms": contract_terms.TRIGGERS,
    "proprietary": proprietary.TRIGGERS,
}

DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec(slug="pricing", title="No pricing"),
    RuleSpec(slug="contract_terms", title="No contract terms"),
    RuleSpec(slug="proprietary", title="Nothing proprietary"),
)


def compile_watch_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation over the phrases, longest first, each matched as whole words, any spacing."""
    cleaned = sorted(
        {normalise(" ".join(p.split())) for p in phrases if p and p.strip()}, key=len, reverse=True
    )
    if not cleaned:
        return None
    alternatives = (r"\s+".join(re.escape(word) for word in phrase.split(" ")) for phrase in cleaned)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


class _CompiledRule:
    __slots__ = ("slug", "triggers", "watch")

    def __init__(self, spec: RuleSpec) -> None:
        self.slug = spec.slug
        self.triggers = BUILTIN_DETECTORS.get(spec.slug, ()) if spec.builtin else ()
        self.watch = compile_watch_phrases(spec.watch_phrases)

    def hits(self, original: str, text: str, gates: dict[re.Pattern[str], bool]) -> list[Hit]:
        found: list[Hit] = []
        if self.watch is not None:
            match = self.watch.search(text)
            if match:
                found.append(
                    Hit(self.slug, original[match.start() : match.end()], f"watch phrase '{match[0]}'")
                )
        for trig in self.triggers:
            match = trig.first_match(text, gates)
            if match:
                found.append(Hit(self.slug, original[match.start() : match.end()], trig.reason))
        found.sort(key=lambda hit: original.find(hit.matched))
        return found


class Screen:
    """A ground-rule screen over a fixed set of rules, compiled once and safe to share between threads."""

    def __init__(self, rules: Iterable[RuleSpec]) -> None:
        self._rules = tuple(_CompiledRule(spec) for spec in rules)

    def screen(self, text: str) -> ScreenResult:
        if not text or not text.strip():
            return ScreenResult(held=False, hits=())
        normalised = normalise(text)
        gates: dict[re.Pattern[str], bool] = {}
        hits = tuple(hit for rule in self._rules for hit in rule.hits(text, normalised, gates))
        return ScreenResult(held=bool(hits), hits=hits)


@lru_cache(maxsize=1)
def default_screen() -> Screen:
    return Screen(DEFAULT_RULES)
