"""Every example of every rule file (groundrules/rules/<slug>.toml) runs here, one test each.

`hold` examples must be held with their rule listed first; `pass` examples must not be held at all
(by the whole default screen: patterns and model). A compliance person adding an example to a file gets
a test without touching this one.
"""

import pytest

from groundrules.screen import default_screen
from groundrules.screen.patterns import PatternError, to_regex
from groundrules.screen.rules import RULES_DIR, load_rule_files

FILES = load_rule_files()
HOLD = [(slug, text) for slug, rule in FILES.items() for text in rule.hold]
PASS = [(slug, text) for slug, rule in FILES.items() for text in rule.passes]


@pytest.mark.parametrize(("slug", "text"), HOLD, ids=[f"{s}:{t[:40]}" for s, t in HOLD])
def test_hold_examples_are_held_under_their_rule_first(slug, text):
    result = default_screen().screen(text)
    assert result.held, f"{slug}.toml: not held"
    assert result.rules[0] == slug, f"{slug}.toml: held as {result.rules}: {result.hits}"


@pytest.mark.parametrize(("slug", "text"), PASS, ids=[f"{s}:{t[:40]}" for s, t in PASS])
def test_pass_examples_are_not_held(slug, text):
    result = default_screen().screen(text)
    assert not result.held, f"{slug}.toml: held as {result.rules}: {result.hits}"


def test_every_rule_file_has_a_title_description_patterns_and_examples_of_both_kinds():
    assert list(FILES) == [p.strip() for p in (RULES_DIR / "_order.txt").read_text().split()]
    for slug, rule in FILES.items():
        assert rule.title and rule.description and rule.patterns, slug
        assert len(rule.hold) >= 3 and len(rule.passes) >= 3, slug
        assert all(p.why for p in rule.patterns), slug


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("net (30|60)", ["pay net 60 now", "Net-30 terms"], ["net 45", "internet 30"]),
        ("pric* ~2 {money}", ["our pricing is now $18", "price of 18 dollars"], ["price is high", "pricey"]),
        ("agents? earn*", ["agent earns", "agents earn"], ["agency earns"]),
        ("(very)? good idea", ["good idea", "very good idea"], ["goodidea"]),
        ("sign-on bonus", ["sign-on bonus", "sign on bonus", "signon bonus"], ["sign bonus"]),
        ("let's all", ["lets all", "Let\u2019s all"], ["let all"]),
        ("tarif* ~3 {percent}", ["tarifas subieron un 5%", "Tarife um 5 Prozent"], ["tarifas. Subieron 5%"]),
        ("vertragsstrafe", ["Die VERTRAGSSTRAFE"], ["strafe"]),
        ("{num} seats", ["1,200 seats", "3k seats", "400 seats"], ["four seats"]),
    ],
)
def test_the_pattern_language(pattern, matches, misses):
    import re2

    from groundrules.screen.text import normalise

    regex = re2.compile(to_regex(pattern, {}))
    for text in matches:
        assert regex.search(normalise(text).text), (pattern, text)
    for text in misses:
        assert not regex.search(normalise(text).text), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(a|b", "ends too early"),
        ("(a|b c d", "ends too early"),
        ("~ a", "gap"),
        ("a ~", "gap"),
        ("{nope}", "neither built in"),
        ("a )", "unexpected"),
        ("most favou?red customer", "only the last letter"),
    ],
)
def test_a_broken_pattern_names_itself_and_the_problem(pattern, why):
    with pytest.raises(PatternError, match=why):
        to_regex(pattern, {})


def test_a_word_list_may_not_refer_to_itself():
    with pytest.raises(PatternError, match="refers to itself"):
        to_regex("{loop}", {"loop": ["a {loop}"]})
