"""No input makes the screen slow: patterns are RE2 (linear time) and the tokenizer cannot backtrack.

Thousands of generated 1,000-character inputs built to hurt regular expressions (long runs of digits,
commas, dots, spaces, repeated words, mixed punctuation, near-misses of real patterns). The bound here
is generous so a busy CI machine does not flake; bench/screen_adversarial.py prints max and p99 against
the 20 ms target.
"""

import time

from bench.screen_adversarial import adversarial_inputs
from groundrules.screen import default_screen

BOUND_SECONDS = 0.100


def test_no_adversarial_1000_character_input_takes_long():
    screen = default_screen()
    inputs = adversarial_inputs(count=600, seed=11)
    assert all(len(text) == 1000 for text in inputs)
    screen.screen(inputs[0])  # the first screening warms RE2's caches
    worst, worst_text = 0.0, ""
    for text in inputs:
        started = time.process_time()
        screen.screen(text)
        elapsed = time.process_time() - started
        if elapsed > worst:
            worst, worst_text = elapsed, text
    assert worst < BOUND_SECONDS, (worst, worst_text[:80])


def test_the_byte_sets_report_every_pattern_that_matches():
    """The RE2 sets read UTF-8 bytes as Latin-1 (patterns.for_byte_sets): they must never miss a pattern
    that the pattern itself finds, whatever the text holds (currency signs, accents, other scripts)."""
    from groundrules.screen.rules import load_rule_files
    from groundrules.screen.text import normalise

    index = default_screen()._patterns
    texts = [t for rule in load_rule_files().values() for t in (*rule.hold, *rule.passes)]
    texts += [
        "we bill €18 an hour",
        "on facture 26 € de l'heure",
        "our rate is £17.50 a call",
        "¥2,000 per seat",
        "₱450 an hour for voice",
        "₹900 a day",
        "我们 we bill 19.50 an hour 你好 🎉",
        "net–30 “terms” apply",
        "the client pays us net 60 — always late",
        "wir zahlen 3.100 € im Monat",
        "Ñandú: cobramos 9 €/hora",
    ]
    texts += adversarial_inputs(count=200, seed=5)
    texts += [text[:280] for text in adversarial_inputs(count=200, seed=6)]  # the sets for short texts
    for text in texts:
        normalised = normalise(text)
        reported = set(index.candidates(normalised.text))
        for position, (_, pattern) in enumerate(index.entries):
            if pattern.regex.search(normalised.text):
                assert position in reported, (pattern.source, text)
