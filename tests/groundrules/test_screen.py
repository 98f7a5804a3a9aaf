"""The ground-rule screen (pure Python, no database): what it holds, what it lets through, and its API."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from groundrules.screen import DEFAULT_RULES, Hit, RuleSpec, Screen, ScreenResult, default_screen

PRICING_VIOLATIONS = [
    "we're at 14 an hour on the renewal",
    "came in at 0.85 a min on the overflow work",
    "they asked us to sharpen the pencil so we knocked a buck fifty off",
    "nearshore we're sitting at twenty two an hour",
    "we offered a 10% discount for the first year to win the deal",
    "what's everyone charging per hour for offshore voice?",
    "we threw in the nesting hours for free to get in the door",
    "margins on chat are like 30% for us",
    "we went with cost plus 12 on the government work",
    "they went with someone at 17, we were at 18 on that bid",
]
CONTRACT_VIOLATIONS = [
    "finally got them off 120 days, now they pay us in 60",
    "we moved them from net 90 to net 45",
    "if we're under 80 in 30 for a month they hold back 5% of the invoice",
    "there's a clawback if agents leave in the first 90 days",
    "deal rolls over on its own unless they tell us six months out",
    "they can walk with two weeks notice and owe us nothing",
    "our client gave us 2% back if AHT drops under 6 min",
    "we have exclusivity on their spanish volume for two years",
    "our SLA penalties are 8% of the monthly invoice",
]
PROPRIETARY_VIOLATIONS = [
    "bumping agents to $17.50 in January",
    "team lead salaries are 48k base for us",
    "we're giving everyone a 4% raise in July",
    "we're letting the Manila site go dark in Q3",
    "new floor in Cebu opens in March, 600 more stations",
    "our fully loaded cost per seat in Pune is about $1,100 a month",
    "how about we all agree not to chase each other's healthcare clients",
    "that fintech everyone's been chasing? they picked us, can't say it out loud yet",
    "we have about 300 seats open in Manila if anyone needs overflow",
]
INNOCENT_LOOK_ALIKES = [
    "the price of burnout is high, we lost two of our best TLs last spring",
    "we discount nobody's ideas here, best fix last year came from a 3-month agent",
    "NPS went up 12 points after agents got the authority to fix things",
    "credit where it's due: our night shift came up with the new escalation huddle",
    "the cost of not coaching shows up in attrition every single time",
    "cheapest retention tool we have: a handwritten note from the site director",
    "we coach 3 times a week minimum and it shows",
    "when a client raises prices on its customers our reps get hammered, so we role-play those calls",
    "capacity to really listen is the leadership skill nobody trains for",
    "margin for error feels like zero to a new hire on their first live call",
    "we bid farewell to stack ranking last year and morale went way up",
    "terms like 'AHT' and 'ACW' confuse new hires, so we made a glossary card",
    "I tell new TLs their SLA with their team is simple: every rep hears from you every day",
    "penalty box culture where reps get punished for long calls kills CX, we dropped it",
    "won't get into rates here obviously, but agent stories in the QBR show our value",
    "we run 24/7 and the overnight crew feels forgotten",
    "our new hire class of 25 starts monday at 9am",
    "AHT dropped from 7:30 to 6:10 after we fixed the knowledge base",
    "attrition went from 60% to 38% in a year with the buddy program",
    "we let agents issue refunds up to $25 without a supervisor",
    "the first 90 days are everything, we do check-ins at 30, 60 and 90",
    "our reps treat every contract renewal call as a chance to delight the customer",
]

# Fresh phrasings from the generalisation batches: slang, typos, number words, other currencies, hedges.
NEW_PHRASINGS = [
    ("wat r u guys charging for spanish chat rn?", "pricing"),
    ("we'd go as low as 14.5 if they give us the whole program", "pricing"),
    ("they wanted us under twenty so we went nineteen and change", "pricing"),
    ("our blended hourly across the healthcare portfolio sits in the high twenties", "pricing"),
    ("ganamos la licitaci\u00f3n at 13 d\u00f3lares la hora", "pricing"),
    ("we went fixed price, 1.2M a year for the whole program", "pricing"),
    ("we get paid 45 days after they get the invoice", "contract_terms"),
    ("Invoices are settled within seventy-five days now; it used to be thirty.", "contract_terms"),
    ("they wanted a non-solict both ways, we signed it", "contract_terms"),
    ("They've insisted that any subcontracting requires their written consent.", "contract_terms"),
    ("12 month min commitment then month to month", "contract_terms"),
    ("starting agents are at sixteen an hour now, was fifteen", "proprietary"),
    ("we give TLs 55k plus bonus, sups 68k", "proprietary"),
    ("gonna open a 400-seat site in Bacolod in june", "proprietary"),
    ("headcount's going from 1,200 to 1,800 by march", "proprietary"),
    ("let's agree you stay in healthcare and we stay in telco", "proprietary"),
    ("we're gonna stop pitching healthcare if you guys stop pitching banks", "proprietary"),
    ("Our plan is to exit the Honduran market entirely over the next two quarters.", "proprietary"),
]
NEW_LOOK_ALIKES = [
    "escalation rate fell 20% when we empowered tier 1",
    "penalty kicks in the office soccer game were epic lol",
    "terms and conditions of the bonus program were confusing, so we simplified the wording for agents",
    "agents get 2 paid wellness hours a month, it's in our public benefits page",
    "we give reps a $10 coffee card for every kudos from a customer",
    "Under the new schedule, agents can swap shifts with up to a day's notice.",
    "they can cancel their gym membership w/ 30 days notice, our reps handle that queue",
    "our exclusive 'coffee with the CEO' spots are booked through march",
    "u take the first call, I take the second, that's how we pair new hires",
    "we have one rule: no surprises for the client",
    "the hourly huddle during peak keeps everyone calm",
    "our utilization of the LMS went from 40% to 85%",
]


@pytest.fixture(scope="module")
def screen() -> Screen:
    return default_screen()


@pytest.mark.parametrize("text", PRICING_VIOLATIONS)
def test_pricing_talk_is_held_under_pricing(screen, text):
    result = screen.screen(text)
    assert result.held
    assert "pricing" in result.rules


@pytest.mark.parametrize("text", CONTRACT_VIOLATIONS)
def test_contract_terms_talk_is_held_under_contract_terms(screen, text):
    result = screen.screen(text)
    assert result.held
    assert "contract_terms" in result.rules


@pytest.mark.parametrize("text", PROPRIETARY_VIOLATIONS)
def test_proprietary_talk_is_held_under_proprietary(screen, text):
    result = screen.screen(text)
    assert result.held
    assert "proprietary" in result.rules


@pytest.mark.parametrize("text", INNOCENT_LOOK_ALIKES)
def test_innocent_uses_of_trigger_words_are_not_held(screen, text):
    result = screen.screen(text)
    assert not result.held, result.hits


@pytest.mark.parametrize("text", PRICING_VIOLATIONS + CONTRACT_VIOLATIONS + PROPRIETARY_VIOLATIONS)
def test_every_hit_quotes_words_from_the_text_and_says_why(screen, text):
    for hit in screen.screen(text).hits:
        assert hit.matched and hit.matched in text
        assert hit.reason


def test_matched_words_keep_the_original_case_and_typography(screen):
    text = "We\u2019re at 19 AND CHANGE an hour on the renewal"
    hits = screen.screen(text).hits
    assert hits
    assert all(hit.matched in text for hit in hits)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_not_held(screen, text):
    assert screen.screen(text) == ScreenResult(held=False, hits=())


def test_a_2000_character_text_is_screened_and_a_late_violation_is_found(screen):
    filler = "we coach every day and celebrate small wins with the whole floor. "
    text = (filler * 40)[:1950] + " we're at 14 an hour"
    text = text[-2000:]
    assert len(text) <= 2000
    result = screen.screen(text)
    assert result.held
    assert result.rules == ["pricing"]


def test_a_2000_character_innocent_text_is_not_held(screen):
    text = ("credit where it's due, the night shift ran a great huddle today! " * 40)[:2000]
    assert not screen.screen(text).held


def test_any_unicode_is_accepted(screen):
    assert not screen.screen("\u00a1Gracias equipo! \U0001f389 caf\u00e9 \u0130stanbul \u4f60\u597d").held
    assert screen.screen("nous facturons 22 \u20ac de l'heure... we're at 22\u202fan hour").held


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("headcount", "our Headcount plan for next year is ambitious"),
        ("head count", "the head   count conversation can wait"),
        ("Q3 roadmap", "let me walk you through the q3 roadmap"),
        ("$", "we're thinking about $ again"),
    ],
)
def test_watch_phrases_of_a_custom_rule_hold_the_text(phrase, text):
    screen = Screen([RuleSpec(slug="no-headcount", title="No headcount", watch_phrases=(phrase,))])
    result = screen.screen(text)
    assert result.held
    assert result.rules == ["no-headcount"]
    assert result.hits[0].matched in text
    assert "watch phrase" in result.hits[0].reason


@pytest.mark.parametrize("text", ["our headcounts are fine", "the forehead count", "headcountless"])
def test_watch_phrases_match_whole_words_only(text):
    screen = Screen([RuleSpec(slug="no-headcount", watch_phrases=("headcount",))])
    assert not screen.screen(text).held


def test_a_custom_slug_has_no_builtin_detector():
    screen = Screen([RuleSpec(slug="no-headcount", watch_phrases=("headcount",))])
    assert not screen.screen("we're at 14 an hour on the renewal").held


def test_builtin_false_disables_the_detector_and_keeps_the_watch_phrases():
    replaced = Screen([RuleSpec(slug="pricing", builtin=False, watch_phrases=("tariff",))])
    assert not replaced.screen("we're at 14 an hour on the renewal").held
    result = replaced.screen("our tariff went up")
    assert result.held and result.rules == ["pricing"]


def test_watch_phrases_add_to_a_builtin_detector():
    screen = Screen([RuleSpec(slug="pricing", watch_phrases=("tariff",))])
    assert screen.screen("we're at 14 an hour on the renewal").held
    assert screen.screen("our tariff went up").rules == ["pricing"]


def test_only_the_rules_given_are_screened():
    screen = Screen([RuleSpec(slug="contract_terms")])
    assert not screen.screen("we're at 14 an hour on the renewal").held
    assert screen.screen("they pay us net 60").rules == ["contract_terms"]


def test_rules_lists_distinct_slugs_in_order_of_first_hit():
    result = ScreenResult(
        held=True,
        hits=(Hit("proprietary", "a", "x"), Hit("pricing", "b", "y"), Hit("proprietary", "c", "z")),
    )
    assert result.rules == ["proprietary", "pricing"]


def test_default_rules_are_the_three_ground_rules_with_titles():
    assert [rule.slug for rule in DEFAULT_RULES] == ["pricing", "contract_terms", "proprietary"]
    assert all(rule.title and rule.builtin and rule.watch_phrases == () for rule in DEFAULT_RULES)


def test_default_screen_is_built_once():
    assert default_screen() is default_screen()


def test_results_and_specs_are_immutable(screen):
    result = screen.screen("we're at 14 an hour")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.held = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES[0].slug = "other"  # type: ignore[misc]


def test_the_screen_package_does_not_import_django():
    package = Path(sys.modules[Screen.__module__].__file__).parent
    for source in package.glob("*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", source.read_text(encoding="utf-8"), re.MULTILINE)
        assert not [name for name in imports if name.startswith("django")], source.name


@pytest.mark.parametrize(("text", "rule"), NEW_PHRASINGS)
def test_new_phrasings_are_held_under_their_rule(screen, text, rule):
    result = screen.screen(text)
    assert rule in result.rules, result.hits
    assert all(hit.matched in text for hit in result.hits)


@pytest.mark.parametrize("text", NEW_LOOK_ALIKES)
def test_new_look_alikes_are_not_held(screen, text):
    result = screen.screen(text)
    assert not result.held, result.hits


def test_a_long_message_is_screened_quickly(screen):
    import time

    text = (
        "our night crew ran a great huddle, we rate every call on empathy and coach 30 minutes a week. " * 25
    )[:2000]
    started = time.process_time()
    for _ in range(20):
        screen.screen(text)
    assert (time.process_time() - started) / 20 < 0.05


# --- The opt-in learned backstop (groundrules/screen/backstop.py) -----------------------------------------
# Off by default: on the untouched holdout2 file it lifted recall 0.879 -> 1.000 but also the false-positive
# rate 0.024 -> 0.084, over budget. These tests pin its behaviour for whoever switches it on.
HEDGED_VIOLATIONS = [
    "the renewal got a lot friendlier this time, let's leave it at that",
    "put it this way, our new deal with the bank is much kinder on the service levels",
]
EVIDENCE_FREE = [
    "hello all",
    "zzz qqq",
    "\u00a1Gracias equipo! \U0001f389 caf\u00e9 \u0130stanbul \u4f60\u597d",
]


@pytest.fixture(scope="module")
def with_backstop() -> Screen:
    return Screen(DEFAULT_RULES, backstop=True)


@pytest.mark.parametrize("text", HEDGED_VIOLATIONS)
def test_backstop_holds_hedged_talk_the_detectors_miss(with_backstop, text):
    assert not Screen(DEFAULT_RULES, backstop=False).screen(text).held  # the rules alone miss it...
    result = with_backstop.screen(text)  # ...the backstop does not
    assert result.held
    (hit,) = result.hits
    assert hit.rule in {"pricing", "contract_terms", "proprietary"}
    assert hit.matched and hit.matched in text
    assert re.fullmatch(r"wording close to (pricing|contract terms|proprietary) talk", hit.reason)


@pytest.mark.parametrize("text", INNOCENT_LOOK_ALIKES + NEW_LOOK_ALIKES + EVIDENCE_FREE)
def test_backstop_does_not_hold_innocent_look_alikes_or_texts_without_evidence(with_backstop, text):
    assert not with_backstop.screen(text).held, with_backstop.screen(text).hits


def test_backstop_leaves_detector_hits_alone(screen, with_backstop):
    text = "we're at 14 an hour on the renewal"
    assert with_backstop.screen(text) == screen.screen(text)


def test_backstop_is_on_in_the_default_screen_and_can_be_turned_off(screen):
    assert screen._backstop is not None
    assert Screen(DEFAULT_RULES, backstop=False)._backstop is None
    assert default_screen().screen(HEDGED_VIOLATIONS[0]).held


def test_builtin_false_rules_get_no_backstop_hits():
    rules = [dataclasses.replace(rule, builtin=False) for rule in DEFAULT_RULES]
    screen = Screen(rules, backstop=True)
    assert not any(screen.screen(text).held for text in HEDGED_VIOLATIONS)


def test_custom_slug_rules_get_no_backstop_hits():
    screen = Screen([RuleSpec(slug="no-headcount", watch_phrases=("headcount",))], backstop=True)
    assert not any(screen.screen(text).held for text in HEDGED_VIOLATIONS)


def test_backstop_only_names_rules_the_session_has():
    screen = Screen(
        [RuleSpec(slug="proprietary"), RuleSpec(slug="contract_terms", builtin=False)], backstop=True
    )
    for text in HEDGED_VIOLATIONS:
        assert set(screen.screen(text).rules) <= {"proprietary"}


def test_backstop_model_is_small_and_ships_with_the_package():
    from groundrules.screen.backstop import MODEL_PATH, load_backstop

    assert MODEL_PATH.parent == Path(sys.modules[Screen.__module__].__file__).parent
    assert MODEL_PATH.stat().st_size < 300_000
    model = load_backstop()
    assert model is not None and 0 < model.threshold < 1
