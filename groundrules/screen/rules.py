"""The rule files: ``groundrules/rules/<slug>.toml``, one per built-in rule, read once per process.

Each file has the rule's ``title`` and ``description`` (what participants read), its ``patterns`` in the
pattern language of ``patterns.py``, rule-wide ``unless`` guards, and ``hold``/``pass`` examples that
tests/groundrules/test_rule_files.py runs. docs/screen.md explains how to add a rule or a phrase.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import re2

from .patterns import PatternError, as_bytes_text, compile_pattern, for_byte_sets, sentence_around
from .text import Normalised

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
WORDS_FILE = RULES_DIR / "_words.toml"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each is loaded once
class Pattern:
    source: str
    why: str  # shown to the moderator as the hit's reason
    regex: object  # re2 compiled; group 1 is the phrase
    unless: tuple[object, ...]  # re2 compiled guards, searched in the sentence of the match

    def find(self, normalised: Normalised) -> tuple[int, int] | None:
        """Span (in normalised text) of the first match whose sentence no guard excuses."""
        text = normalised.text
        pos = 0
        while pos <= len(text):
            match = self.regex.search(text, pos)
            if match is None:
                return None
            start, end = match.span(1)
            sentence = sentence_around(text, start, end) if self.unless else ""
            if not any(guard.search(sentence) for guard in self.unless):
                return start, end
            pos = end if end > pos else pos + 1
        return None


@dataclass(frozen=True)
class RuleFile:
    slug: str
    title: str
    description: str
    # Sessions whose rules predate this rule (the three rules of 2024) screen it under this one instead.
    older_rule: str | None
    patterns: tuple[Pattern, ...]
    hold: tuple[str, ...]
    passes: tuple[str, ...]
    path: Path

    def first_hit(self, normalised: Normalised) -> tuple[Pattern, tuple[int, int]] | None:
        for pattern in self.patterns:
            span = pattern.find(normalised)
            if span is not None:
                return pattern, span
        return None


# RE2 builds a set's DFA lazily, one state per combination of pattern positions it meets. One set of
# all hundred-odd patterns meets so many combinations on hostile text ("net net 1,1,1 none of us...")
# that a single 1,000-character input took 70 ms to scan cold. What keeps the first hostile text cheap:
# sets that read bytes (Latin-1, no states to decode UTF-8), gaps written as "any words up to the end of
# the sentence" in the sets (patterns.for_byte_sets; the pattern itself then checks the real gap), and
# small sets. Small sets cost more on every message, though (one scan each), and most messages are
# short, so there are two kinds: texts up to SHORT_TEXT characters go through sets of SHORT_SET_SIZE,
# longer ones through sets of LONG_SET_SIZE. With the 218 patterns of v3, sets of 16 scan an ordinary
# message in ~25 us; on bench/screen_adversarial.py's 1,000-character texts the sets' cold cost for the
# worst one is ~15 ms with sets of 16 or 8, ~13 with sets of 4 and ~10 with sets of 2, and half that
# again once a few hostile texts have been seen. Screens with the same built-in rules share their sets
# (``pattern_index``).
SHORT_TEXT = 300
SHORT_SET_SIZE = 16
LONG_SET_SIZE = 2
SET_MAX_MEM = 16 << 20


def _compiled_set(patterns: list[str]):
    options = re2.Options()
    options.max_mem = SET_MAX_MEM
    options.never_capture = True  # a set only answers which patterns match
    options.encoding = re2.Options.Encoding.LATIN1  # it reads UTF-8 bytes (patterns.for_byte_sets)
    compiled = re2.Set.SearchSet(options)
    for pattern in patterns:
        compiled.Add(for_byte_sets(pattern))
    compiled.Compile()
    return compiled


class PatternIndex:
    """All patterns of several rules behind a few RE2 sets: one pass each says which patterns may match."""

    def __init__(self, entries: tuple[tuple[str, Pattern], ...]) -> None:
        self.entries = entries
        self._short = self._sets(SHORT_SET_SIZE)
        self._long = self._sets(LONG_SET_SIZE)

    def _sets(self, size: int) -> list:
        entries = self.entries
        return [
            (offset, _compiled_set([p.regex.pattern for _, p in entries[offset : offset + size]]))
            for offset in range(0, len(entries), size)
        ]

    def candidates(self, text: str) -> list[int]:
        """Positions in ``entries`` of the patterns that may match the normalised text, in order."""
        found: list[int] = []
        data = as_bytes_text(text)
        for offset, compiled in self._short if len(text) <= SHORT_TEXT else self._long:
            found += [offset + i for i in sorted(compiled.Match(data) or ())]  # None when nothing matches
        return found

    def hits(self, normalised: Normalised) -> list[tuple[str, Pattern, tuple[int, int]]]:
        """(rule slug, pattern, span) for the first valid match of each pattern, in pattern order."""
        found = []
        for position in self.candidates(normalised.text):
            slug, pattern = self.entries[position]
            span = pattern.find(normalised)
            if span is not None:
                found.append((slug, pattern, span))
        return found


@lru_cache(maxsize=32)
def pattern_index(entries: tuple[tuple[str, Pattern], ...]) -> PatternIndex:
    """The shared index for these (report-as slug, pattern) entries; RE2 objects are thread-safe."""
    return PatternIndex(entries)


def _load_words() -> dict[str, list[str]]:
    with WORDS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {name: list(phrases) for name, phrases in data.items()}


def _load(path: Path, words: dict[str, list[str]]) -> RuleFile:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    slug = data.get("slug", path.stem)
    if slug != path.stem:
        raise PatternError(f"{path.name}: slug {slug!r} must match the file name")
    try:
        shared_unless = tuple(compile_pattern(u, words) for u in data.get("unless", ()))
        patterns = tuple(
            Pattern(
                source=entry["match"],
                why=entry.get("why", data["title"]),
                regex=compile_pattern(entry["match"], words),
                unless=shared_unless + tuple(compile_pattern(u, words) for u in entry.get("unless", ())),
            )
            for entry in data.get("pattern", ())
        )
    except PatternError as error:
        raise PatternError(f"{path.name}: {error}") from error
    return RuleFile(
        slug=slug,
        title=data["title"],
        description=data["description"],
        older_rule=data.get("older_rule"),
        patterns=patterns,
        hold=tuple(data.get("hold", ())),
        passes=tuple(data.get("pass", ())),
        path=path,
    )


@lru_cache(maxsize=1)
def load_rule_files() -> dict[str, RuleFile]:
    """Every rule file by slug, in the order rules/_order.txt gives (the order participants read them)."""
    words = _load_words()
    order = (RULES_DIR / "_order.txt").read_text(encoding="utf-8").split()
    found = {p.stem for p in RULES_DIR.glob("*.toml") if not p.stem.startswith("_")}
    if set(order) != found:
        raise PatternError(f"rules/_order.txt lists {sorted(order)} but the rule files are {sorted(found)}")
    return {slug: _load(RULES_DIR / f"{slug}.toml", words) for slug in order}
