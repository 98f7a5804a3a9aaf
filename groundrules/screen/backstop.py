"""A small learned backstop behind the regex detectors: multinomial logistic regression on words.

The detectors are precise but miss hedged or keyword-light disclosures ("the renewal got a lot friendlier,
let's leave it at that"). The backstop scores a text with a four-class linear model (allowed, pricing,
contract_terms, proprietary) over lowercased word unigrams and bigrams, where numbers are replaced by a
few normalised tokens (MONEY, PERCENT, DURATION, NUM). Weights, the feature list and the decision
threshold live in ``backstop.json`` next to this file; ``bench/train_screen_model.py`` writes it
(deterministically) from the tuning data and picks the threshold by k-fold cross-validation.

Pure Python (``re``, ``json``, ``math``): scoring a chat-length message is a regex pass plus a few dozen
dict look-ups.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from .common import normalise

MODEL_PATH = Path(__file__).with_name("backstop.json")
CLASSES = ("allowed", "pricing", "contract_terms", "proprietary")
RULES = CLASSES[1:]
# What the hit's reason calls each rule: "wording close to pricing talk".
RULE_LABELS = {"pricing": "pricing", "contract_terms": "contract terms", "proprietary": "proprietary"}

_CURRENCY_WORDS = frozenset(
    "bucks buck dollars dollar usd eur euro euros cents cent pesos peso pounds gbp rupees inr php".split()
)
_DURATION_WORDS = frozenset(
    "day days week weeks wk wks month months mo mos year years yr yrs quarter quarters hour hours hr hrs"
    " min mins minute minutes sec secs second seconds".split()
)
_PERCENT_WORDS = frozenset(("percent", "pct", "points", "pts", "bps"))
# Function words make poor evidence to quote to a moderator ("is", "the"); any content word is preferred.
_FUNCTION_WORDS = frozenset(
    "a an the is are was were be been am i i'm we we're our us you you're your u it it's its they they're"
    " their them he she his her this that these those to of in on at for with by from and or but so as if"
    " do does did have has had will would can could just about all any some what's what how".split()
)
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
    " eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand".split()
)
# One token: money with a currency sign, a number (optionally "k"/"%"), or a word (with an apostrophe).
_TOKEN = re.compile(
    r"(?P<money>[$€£]\s?\d[\d,]*(?:\.\d+)?k?|\d[\d,]*(?:\.\d+)?\s?[$€£])"
    r"|(?P<pct>\d[\d,]*(?:\.\d+)?\s?%)"
    r"|(?P<num>\d[\d,]*(?:\.\d+)?(?P<k>k)?|\.\d+)(?![a-z])"
    r"|(?P<word>[a-z]+(?:'[a-z]+)?)"
)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) over ``normalise``-d text; offsets index the original text."""
    found: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        if match.group("word"):
            found.append((match.group("word"), match.start(), match.end()))
        elif match.group("money") or match.group("k"):
            found.append(("MONEY", match.start(), match.end()))
        elif match.group("pct"):
            found.append(("PERCENT", match.start(), match.end()))
        else:
            found.append(("NUM", match.start(), match.end()))
    # A bare number takes its meaning from the word after it: "18 bucks", "12 percent", "90 days".
    for i in range(len(found) - 1):
        if found[i][0] == "NUM":
            nxt = found[i + 1][0]
            if nxt in _CURRENCY_WORDS:
                found[i] = ("MONEY", found[i][1], found[i][2])
            elif nxt in _PERCENT_WORDS:
                found[i] = ("PERCENT", found[i][1], found[i][2])
            elif nxt in _DURATION_WORDS:
                found[i] = ("DURATION", found[i][1], found[i][2])
    return found


def features(text: str) -> dict[str, tuple[int, int]]:
    """Feature -> (start, end) of its first occurrence: unigrams, bigrams, and NUMWORD for number words."""
    toks = tokens(text)
    feats: dict[str, tuple[int, int]] = {}
    prev: tuple[str, int, int] | None = None
    for tok, start, end in toks:
        if tok not in feats:
            feats[tok] = (start, end)
        if tok in _NUMBER_WORDS and "NUMWORD" not in feats:
            feats["NUMWORD"] = (start, end)
        if prev is not None:
            bigram = prev[0] + " " + tok
            if bigram not in feats:
                feats[bigram] = (prev[1], end)
        prev = (tok, start, end)
    return feats


class Backstop:
    """The trained model: ``scores`` gives class probabilities, ``verdict`` the rule and the evidence."""

    def __init__(self, weights: dict[str, list[float]], bias: list[float], threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    @classmethod
    def from_json(cls, data: dict) -> Backstop:
        return cls({f: list(w) for f, w in data["weights"].items()}, list(data["bias"]), data["threshold"])

    def probabilities(self, feats: dict[str, tuple[int, int]]) -> list[float]:
        # Weights are per rule, relative to "allowed" (whose weight is 0 for every feature).
        z = list(self.bias)
        weights = self.weights
        for feat in feats:
            w = weights.get(feat)
            if w is not None:
                z[1] += w[0]
                z[2] += w[1]
                z[3] += w[2]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [v / total for v in exp]

    def verdict(self, original: str, text: str, enabled: tuple[str, ...]) -> tuple[str, str, float] | None:
        """(rule, matched words, probability) if the text reads like talk about one of the ``enabled`` rules.

        ``text`` is ``normalise(original)``; the probability is that of any enabled rule, so a session
        without, say, the pricing rule does not hold a message for sounding like pricing."""
        feats = features(text)
        if not feats:
            return None
        probs = self.probabilities(feats)
        index = {rule: CLASSES.index(rule) for rule in enabled}
        p_violation = sum(probs[i] for i in index.values())
        if p_violation <= self.threshold:
            return None
        rule = max(index, key=lambda r: probs[index[r]])
        k = index[rule]
        # The evidence: the feature present in the text that pushes hardest from "allowed" to this rule,
        # preferring real words over the bare number tokens.
        best, best_score = None, -math.inf
        for feat, span in feats.items():
            w = self.weights.get(feat)
            if w is None:
                continue
            score = w[k - 1]
            if all(part.isupper() or part in _FUNCTION_WORDS for part in feat.split(" ")):
                score -= 1e3  # only NUM, MONEY... or function words: quote them only if nothing else
            if score > best_score:
                best, best_score = span, score
        if best is None:
            first = next(iter(feats.values()))
            best = first
        return rule, original[best[0] : best[1]], p_violation

    def screen_probability(self, text: str) -> float:
        """P(violation of any rule) for a raw text (used by the training/bench scripts)."""
        feats = features(normalise(text))
        return 1.0 - self.probabilities(feats)[0] if feats else 0.0


@lru_cache(maxsize=1)
def load_backstop() -> Backstop | None:
    """The shipped model, or None if ``backstop.json`` is missing."""
    try:
        with MODEL_PATH.open(encoding="utf-8") as handle:
            return Backstop.from_json(json.load(handle))
    except FileNotFoundError:
        return None
