"""The ground-rule screen (pure Python, no database): what it holds, under which rule, with what evidence.

Each rule's own examples live in its rule file and run in test_rule_files.py; here: behaviour across
rules, evidence, watch phrases, builtin=False, three-rule versions, and the API.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from groundrules.screen import DEFAULT_RULES, Hit, RuleSpec, Screen, ScreenResult, default_screen
from groundrules.screen.text import STOPWORDS, normalise, tokens

EIGHT = [
    "pricing",
    "contract_terms",
    "proprietary",
    "wages_hiring",
    "market_allocation",
    "capacity_output",
    "future_plans",
    "boycott",
]
THREE = [
    RuleSpec(slug=s, title=t)
    for s, t in [
        ("pricing", "No pricing"),
        ("contract_terms", "No contract terms"),
        ("proprietary", "Nothing proprietary"),
    ]
]

# One message per rule, with the rule it must be held under first.
HELD_UNDER = [
    ("let's all agree not to go below last year's rates", "pricing"),
    ("we bill the insurer 19.50 an hour for tier 1 voice", "pricing"),
    ("the client pays us net 75 and we have no say", "contract_terms"),
    ("the insurer told us privately it is firing its other vendor in May", "proprietary"),
    ("let's agree that none of us hires the others' team leads for a year", "wages_hiring"),
    ("we're giving agents a 4% raise in March", "wages_hiring"),
    ("you take the hospitals, we'll take the universities", "market_allocation"),
    (
        "how about we all freeze our seat numbers for the insurer so they stop playing us off",
        "capacity_output",
    ),
    ("we're opening a centre in Porto next autumn, not public yet", "future_plans"),
    ("let's all stop buying from the headset supplier until they cut prices", "boycott"),
    ("dejemos todos de comprarle a esa consultora hasta que cambie sus condiciones", "boycott"),
    ("wir zahlen unseren Teamleitern 3.100 Euro im Monat, was zahlt ihr?", "wages_hiring"),
    ("vous gardez les banques, nous gardons les assurances", "market_allocation"),
    ("o cliente nos paga em 90 dias", "contract_terms"),
]
INNOCENT = [
    "there's a price to pay when TLs never leave their desks",
    "our escalation rate halved after tier 1 got refund authority",
    "we brought in a leadership coach for our supervisors",
    "we won't put up with abusive callers, reps may hang up after a warning",
    "I won't discuss pricing here, let's stay on onboarding",
    "callers complain about the new prices on their phone bills, we coach reps on empathy",
    "hello all",
    "thanks everyone, great session",
    "let's all share one onboarding tip each",
    "el precio del agotamiento es alto",
    "wir haben eine Trainerin für die Teamleiter gewonnen",
]


@pytest.fixture(scope="module")
def screen() -> Screen:
    return default_screen()


@pytest.mark.parametrize(("text", "rule"), HELD_UNDER)
def test_violations_are_held_with_the_right_rule_first(screen, text, rule):
    result = screen.screen(text)
    assert result.held
    assert result.rules[0] == rule, result.hits


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_talk_with_risky_words_is_not_held(screen, text):
    result = screen.screen(text)
    assert not result.held, result.hits


@pytest.mark.parametrize(("text", "rule"), HELD_UNDER)
def test_evidence_is_a_content_phrase_from_the_text(screen, text, rule):
    for hit in screen.screen(text).hits:
        assert hit.matched and hit.matched in text
        words = [t.text for t in tokens(normalise(hit.matched).text) if not t.is_figure]
        assert any(w not in STOPWORDS for w in words), hit
        assert hit.reason and hit.source in {"pattern", "model", "watch"}
        assert 0.0 <= hit.score <= 1.0


def test_a_model_hold_quotes_a_content_word_never_a_function_word(screen):
    # No pattern names this; the model holds it, and must not quote "we", "the" or "our".
    text = "come spring our invoices only go one direction, and I doubt we'll be alone"
    result = screen.screen(text)
    assert result.held
    (hit,) = [h for h in result.hits if h.source == "model"][:1]
    assert hit.matched in text
    assert hit.matched.lower() not in STOPWORDS


def test_hits_of_each_rule_are_listed_most_likely_first(screen):
    result = screen.screen("we're opening a centre in Porto next autumn, keep it between us")
    assert result.rules[0] == "future_plans"
    scores = {}
    for hit in result.hits:
        scores.setdefault(hit.rule, hit.score)
    assert list(scores) == result.rules


def test_evidence_keeps_the_original_case_accents_and_typography(screen):
    text = "Le client nous PAIE à 90 jours, c\u2019est long"
    result = screen.screen(text)
    assert result.held and result.rules[0] == "contract_terms"
    assert all(hit.matched in text for hit in result.hits)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_not_held(screen, text):
    assert screen.screen(text) == ScreenResult(held=False, hits=())


def test_a_late_violation_in_a_long_message_is_found(screen):
    filler = "we coach every day and celebrate small wins with the whole floor. "
    text = ((filler * 40)[:1900] + " Also, we bill the bank 18 an hour on the renewal.")[-2000:]
    result = screen.screen(text)
    assert result.held and result.rules[0] == "pricing"


def test_a_long_innocent_message_is_not_held(screen):
    text = ("credit where it's due, the night shift ran a great huddle today! " * 40)[:2000]
    assert not screen.screen(text).held


def test_any_unicode_is_accepted(screen):
    assert not screen.screen("\u00a1Gracias equipo! \U0001f389 caf\u00e9 \u0130stanbul \u4f60\u597d").held
    assert screen.screen("nous facturons 22 \u20ac de l'heure").held


def test_texts_past_the_bound_are_screened_on_their_start(screen):
    text = "we coach every day. " * 400 + "we bill 18 an hour"
    assert len(text) > 4000
    assert not screen.screen(text).held  # the tail is past MAX_CHARS; the room never sends this much


# --- Watch phrases, builtin=False, custom rules -----------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("bluebird", "our Bluebird pilot starts soon"),
        ("project falcon", "the project   falcon update can wait"),
        ("Q3 roadmap", "let me walk you through the q3 roadmap"),
        ("Fusión", "hablemos de la fusion"),
        ("$", "we're thinking about $ again"),
    ],
)
def test_watch_phrases_of_a_custom_rule_hold_the_text(phrase, text):
    screen = Screen([RuleSpec(slug="no-code-names", title="No code names", watch_phrases=(phrase,))])
    result = screen.screen(text)
    assert result.held
    assert result.rules == ["no-code-names"]
    assert result.hits[0].matched in text
    assert result.hits[0].source == "watch" and "watch phrase" in result.hits[0].reason


@pytest.mark.parametrize("text", ["our bluebirds are fine", "the bluebirdish logo", "blue bird"])
def test_watch_phrases_match_whole_words_only(text):
    screen = Screen([RuleSpec(slug="no-code-names", watch_phrases=("bluebird",))])
    assert not screen.screen(text).held


def test_a_custom_slug_has_no_builtin_patterns_or_model():
    screen = Screen([RuleSpec(slug="no-code-names", watch_phrases=("bluebird",))])
    for text, _ in HELD_UNDER:
        assert not screen.screen(text).held


def test_builtin_false_turns_off_patterns_and_model_and_keeps_the_watch_phrases():
    replaced = Screen([RuleSpec(slug="pricing", builtin=False, watch_phrases=("tariff",))])
    assert not replaced.screen("we bill the insurer 19.50 an hour for tier 1 voice").held
    assert not replaced.screen("let's all agree not to go below last year's rates").held
    result = replaced.screen("our tariff went up")
    assert result.held and result.rules == ["pricing"]


def test_builtin_false_on_every_default_rule_holds_nothing_without_watch_phrases():
    screen = Screen([dataclasses.replace(rule, builtin=False) for rule in DEFAULT_RULES])
    assert not any(screen.screen(text).held for text, _ in HELD_UNDER)


def test_watch_phrases_add_to_a_builtin_rule():
    screen = Screen([RuleSpec(slug="pricing", watch_phrases=("tariff",))])
    assert screen.screen("we bill the insurer 19.50 an hour").held
    assert screen.screen("our tariff went up").rules == ["pricing"]


def test_only_the_rules_given_are_reported():
    screen = Screen([RuleSpec(slug="contract_terms")])
    assert screen.screen("they pay us net 60").rules == ["contract_terms"]
    for text, _ in HELD_UNDER:
        assert set(screen.screen(text).rules) <= {"contract_terms"}


@pytest.mark.parametrize(("text", "_rule"), HELD_UNDER)
def test_a_three_rule_version_only_ever_reports_its_own_slugs(text, _rule):
    result = Screen(THREE).screen(text)
    assert set(result.rules) <= {"pricing", "contract_terms", "proprietary"}


def test_a_three_rule_version_holds_wages_and_territories_under_proprietary():
    # What "Nothing proprietary" covered in 2024 (wages, capacity, territories, plans) is still held there.
    screen = Screen(THREE)
    for text in (
        "we're giving agents a 4% raise in March",
        "you take the hospitals, we'll take the universities",
        "we're opening a centre in Porto next autumn",
    ):
        assert screen.screen(text).rules[:1] == ["proprietary"], text


def test_a_default_rule_the_session_replaced_is_not_folded_into_another():
    # The session has wages_hiring with builtin=False: its facilitator chose to screen it by hand only.
    rules = [*THREE, RuleSpec(slug="wages_hiring", builtin=False)]
    result = Screen(rules).screen("let's agree that none of us hires the others' team leads for a year")
    assert "wages_hiring" not in result.rules


# --- API and packaging --------------------------------------------------------------------------------------
def test_rules_lists_distinct_slugs_in_order_of_first_hit():
    result = ScreenResult(
        held=True,
        hits=(Hit("proprietary", "a", "x"), Hit("pricing", "b", "y"), Hit("proprietary", "c", "z")),
    )
    assert result.rules == ["proprietary", "pricing"]


def test_old_callers_build_hits_without_the_new_fields():
    hit = Hit("pricing", "14 an hour", "a price")
    assert hit.source == "pattern" and hit.score == 1.0


def test_default_rules_are_the_eight_ground_rules_with_titles():
    assert [rule.slug for rule in DEFAULT_RULES] == EIGHT
    assert all(rule.title and rule.builtin and rule.watch_phrases == () for rule in DEFAULT_RULES)


def test_default_screen_is_built_once():
    assert default_screen() is default_screen()


def test_results_and_specs_are_immutable(screen):
    result = screen.screen("we bill 14 an hour")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.held = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES[0].slug = "other"  # type: ignore[misc]


def test_the_screen_package_imports_neither_django_nor_scikit_learn():
    package = Path(sys.modules[Screen.__module__].__file__).parent
    for source in package.glob("*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", source.read_text(encoding="utf-8"), re.MULTILINE)
        assert not [n for n in imports if n.split(".")[0] in {"django", "sklearn", "numpy", "scipy"}], source


def test_screening_is_thread_safe(screen):
    from concurrent.futures import ThreadPoolExecutor

    texts = [t for t, _ in HELD_UNDER] + INNOCENT
    expected = [screen.screen(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(screen.screen, texts)) == expected


def test_a_typical_message_is_screened_well_under_a_millisecond(screen):
    import time

    text = "our night crew ran a great huddle, we rate every call on empathy and coach 30 minutes a week"
    screen.screen(text)
    started = time.process_time()
    for _ in range(200):
        screen.screen(text)
    assert (time.process_time() - started) / 200 < 0.002  # generous: bench/screen.py prints the real figure
