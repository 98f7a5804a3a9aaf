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
