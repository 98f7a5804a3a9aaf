"""The screen itself: compiles a set of rules once, then screens each text with patterns, watch phrases
and the model, and lists the rules the text may touch, most likely first."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import re2

from .model import Hit, RuleSpec, ScreenResult
from .rules import Pattern, load_rule_files, pattern_index
from .scorer import Scored, Scorer, load_scorer
from .text import Normalised, guess_language, is_content, normalise, tokens

# A rule the model alone lists besides the most likely one must be at least this likely, and at least
# half as likely as the most likely: "may touch" without listing every rule for every held text.
MODEL_RULE_MIN = 0.10
MODEL_RULE_RATIO = 0.5
# A pattern or watch-phrase hit adds this to its rule's probability when ranking: explicit evidence
# counts, but a rule the model is sure of still comes first over a stray pattern of another rule.
# Cross-validated on the training data: attribution 0.903 at 0.5, 0.897 at 1.0 (always first).
EXPLICIT_BONUS = 0.5


def compile_watch_phrases(phrases: Iterable[str]):
    """One RE2 alternation over the phrases, longest first, whole words, any spacing; None if none."""
    cleaned = sorted(
        {" ".join(normalise(p).text.split()) for p in phrases if p and p.strip()}, key=len, reverse=True
    )
    if not cleaned:
        return None
    alternatives = (r"\s+".join(re2.escape(word) for word in phrase.split(" ")) for phrase in cleaned)
    # Whole words without lookarounds (RE2 has none): the phrase is group 1, framed by non-word or an end.
    return re2.compile(r"(?:^|\W)(" + "|".join(alternatives) + r")(?:\W|$)")


class Screen:
    """A ground-rule screen over a fixed set of rules, compiled once and safe to share between threads.

    For each rule: its watch phrases, and, if ``builtin`` and the slug is a default rule, that rule's
    patterns (groundrules/rules/<slug>.toml) and the model's class for it. A session whose rules predate
    a default rule (the three-rule sets) screens that rule's talk under the rule that covered it then
    (``older_rule``, e.g. wages under "proprietary"), so it only ever reports its own slugs.

    Held when a pattern or watch phrase matches, or when the model's probability that the text touches
    any of the session's built-in rules is over the threshold for the text's language (one per language,
    chosen by cross-validation). Raises ``ModelFileError`` if the model file is missing or unreadable:
    never a silent fallback.
    """

    def __init__(self, rules: Iterable[RuleSpec], *, scorer: Scorer | None = None) -> None:
        specs = tuple(rules)
        files = load_rule_files()
        self._scorer = scorer or load_scorer()
        self._titles = {spec.slug: spec.title or spec.slug for spec in specs}
        builtin = {spec.slug for spec in specs if spec.builtin and spec.slug in files}
        # Which session rule each default rule's patterns and model class report under, if any.
        self._target: dict[str, str] = {}
        for slug, rule in files.items():
            if slug in builtin:
                self._target[slug] = slug
            elif rule.older_rule in builtin and not any(s.slug == slug for s in specs):
                self._target[slug] = rule.older_rule
        entries: tuple[tuple[str, Pattern], ...] = tuple(
            (target, pattern) for slug, target in self._target.items() for pattern in files[slug].patterns
        )
        self._patterns = pattern_index(entries)
        self._watch = tuple(
            (spec.slug, regex) for spec in specs if (regex := compile_watch_phrases(spec.watch_phrases))
        )
        self._classes = tuple(c for c in self._scorer.classes if c in self._target)

    def screen(self, text: str) -> ScreenResult:
        if not text or not text.strip():
            return ScreenResult(held=False, hits=())
        normalised = normalise(text)
        explicit: dict[str, list[Hit]] = {}
        for slug, pattern, (start, end) in self._patterns.hits(normalised):
            explicit.setdefault(slug, []).append(
                Hit(slug, _trimmed_quote(normalised, start, end), pattern.why, "pattern")
            )
        for slug, regex in self._watch:
            match = regex.search(normalised.text)
            if match:
                matched = normalised.quote(*match.span(1))
                explicit.setdefault(slug, []).append(Hit(slug, matched, f"watch phrase '{matched}'", "watch"))
        likely, toks, scored = self._model(normalised)
        held_by_model = bool(likely) and sum(likely.values()) > self._scorer.threshold_for(
            guess_language(normalised.original, toks)
        )
        if not explicit and not held_by_model:
            return ScreenResult(held=False, hits=())
        listed = set(explicit) | (self._model_rules(likely) if held_by_model else set())
        ranked = sorted(
            listed, key=lambda slug: -(likely.get(slug, 0.0) + EXPLICIT_BONUS * (slug in explicit))
        )
        hits: list[Hit] = []
        for slug in ranked:
            if slug in explicit:
                hits += [
                    Hit(h.rule, h.matched, h.reason, h.source, likely.get(slug, 0.0)) for h in explicit[slug]
                ]
            else:
                hits.append(self._model_hit(slug, likely[slug], normalised, toks, scored))
        return ScreenResult(held=True, hits=tuple(hits))

    def _model(self, normalised: Normalised) -> tuple[dict[str, float], list, Scored | None]:
        """Probability per session rule (default rules folded into their older rule) from the model."""
        if not self._classes:
            return {}, [], None
        toks = tokens(normalised.text)
        scored = self._scorer.score(toks)
        likely: dict[str, float] = {}
        for cls in self._classes:
            target = self._target[cls]
            likely[target] = likely.get(target, 0.0) + scored.probabilities[cls]
        return likely, toks, scored

    def _model_rules(self, likely: dict[str, float]) -> set[str]:
        top = max(likely, key=likely.get)
        floor = max(MODEL_RULE_MIN, MODEL_RULE_RATIO * likely[top])
        return {top} | {slug for slug, p in likely.items() if p >= floor}

    def _model_hit(self, slug: str, p: float, normalised: Normalised, toks, scored: Scored) -> Hit:
        classes = tuple(c for c in self._classes if self._target[c] == slug)
        span = self._scorer.evidence(toks, scored, classes)
        if span is None:  # no content word at all (figures only): quote the whole text, trimmed
            matched = normalised.original.strip()
        else:
            matched = normalised.quote(toks[span[0]].start, toks[span[1]].end)
        return Hit(slug, matched, f"reads like talk the rule '{self._titles[slug]}' covers", "model", p)


def _trimmed_quote(normalised: Normalised, start: int, end: int) -> str:
    """The matched phrase without the function words at its edges ("we bill 14 an hour" stays whole)."""
    toks = tokens(normalised.text[start:end])
    content = [t for t in toks if is_content(t) or t.is_figure]
    if not content:
        return normalised.quote(start, end)
    return normalised.quote(start + content[0].start, start + content[-1].end)


# The eight default rules, from the rule files (the order participants read them in).
DEFAULT_RULES: tuple[RuleSpec, ...] = tuple(
    RuleSpec(slug=r.slug, title=r.title) for r in load_rule_files().values()
)


@lru_cache(maxsize=1)
def default_screen() -> Screen:
    return Screen(DEFAULT_RULES)
