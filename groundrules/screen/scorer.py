"""The learned part of the screen: a linear model over words, word pairs and letter groups, scored in pure Python.

``bench/train_screen_model.py`` fits it with scikit-learn (multinomial logistic regression, one class per
rule plus "none") on exactly the features :func:`features` computes here, and writes the weights to
``scorer.json.gz`` beside this file. At run time only this module reads them: no numpy, no scikit-learn.

Features of a normalised text:

- ``w:`` each word, and the shapes ``<num>``, ``<money>``, ``<pct>`` for figures;
- ``b:`` each pair of neighbouring tokens ("sign-on bonus", "net <num>");
- ``c:`` each 3- to 5-letter group inside a word, with ``<``/``>`` marking its ends: robust to typos and
  to inflection in five languages ("tarif", "tarifs", "tarifa", "Tarife" share "tari");
- ``k:`` each concept the word belongs to (``concepts.py``: "tarifa", "Preis", "prix" and "price" are all
  ``k:price``), so what the model learns from one language carries over to the others.

A feature's value is the number of times it occurs times ``feature_value(number of occurrences of all
features)``: counts rather than presence, so the weights of a word can be summed once per distinct word
and cached.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .concepts import concepts_of
from .text import Token, is_content

MODEL_PATH = Path(__file__).with_name("scorer.json.gz")
NONE = "none"
CHAR_SIZES = (3, 4, 5)
# A feature's value is its count times 1/sqrt(number of feature occurrences), but never more than its
# count times 1/sqrt(MIN_FEATURES): a four-word message ("+1", "agreed!", "hello all") cannot reach a hold on the
# strength of one or two words. About 14 features a word, so this only damps texts under ~6 words.
MIN_FEATURES = 80


def feature_value(count: int) -> float:
    return 1.0 / math.sqrt(max(count, MIN_FEATURES))


class ModelFileError(RuntimeError):
    """The model file is missing or unreadable: the screen refuses to start rather than screen without it."""


def word_features(word: str) -> list[str]:
    """The features of one token on its own: the word (or figure shape) and its letter groups."""
    found = ["w:" + word]
    if word[0] != "<":
        marked = "<" + word + ">"
        for size in CHAR_SIZES:
            found += ["c:" + marked[i : i + size] for i in range(len(marked) - size + 1)]
        found += ["k:" + concept for concept in concepts_of(word)]
    return found


def features(toks: list[Token]) -> list[str]:
    """Every feature occurrence of a text, repeats included (a feature's value counts them)."""
    found: list[str] = []
    for i, tok in enumerate(toks):
        found += word_features(tok.text)
        if i:
            found.append("b:" + toks[i - 1].text + " " + tok.text)
    return found


@dataclass(frozen=True)
class Scored:
    probabilities: dict[str, float]  # class -> probability, NONE included
    words: list  # per token: the summed weights of its own features, or None
    pairs: list  # per token i >= 1: the weights of the pair (i - 1, i), or None


# Per distinct word: (summed weights of its features or None, number of features). A word's features
# never change, and chat repeats words, so this spares most of the lookups. Bounded; a race between
# threads only computes an entry twice.
_WORD_CACHE_MAX = 50_000


class Scorer:
    """Weights of the trained model; ``score`` gives class probabilities, ``evidence`` the words behind one."""

    def __init__(self, data: dict) -> None:
        self.classes: tuple[str, ...] = tuple(data["classes"])
        scale = float(data["scale"])
        self.bias = [b / scale for b in data["bias"]]
        # Hold when P(any rule) is over the threshold of the text's language (cross-validation chose one per
        # language); ``threshold`` is the English one, and the one for a language the file does not list.
        self.threshold = float(data["threshold"])
        self.thresholds = {lang: float(t) for lang, t in data.get("thresholds", {}).items()}
        # Weights are stored as integers (weight * scale) to keep the file small.
        self.weights = {f: tuple(v / scale for v in w) for f, w in data["weights"].items()}
        self._none = self.classes.index(NONE)
        self._words: dict[str, tuple[tuple[float, ...] | None, int]] = {}

    def threshold_for(self, language: str) -> float:
        return self.thresholds.get(language, self.threshold)

    def _word(self, word: str) -> tuple[tuple[float, ...] | None, int]:
        cached = self._words.get(word)
        if cached is None:
            names = word_features(word)
            known = [w for w in map(self.weights.get, names) if w is not None]
            vector = tuple(map(sum, zip(*known, strict=True))) if known else None
            if len(self._words) >= _WORD_CACHE_MAX:
                self._words.clear()
            cached = self._words[word] = (vector, len(names))
        return cached

    def score(self, toks: list[Token]) -> Scored:
        weights = self.weights
        words: list = []
        pairs: list = [None]
        count = 0
        for i, tok in enumerate(toks):
            vector, n = self._word(tok.text)
            words.append(vector)
            count += n
            if i:
                pairs.append(weights.get("b:" + toks[i - 1].text + " " + tok.text))
                count += 1
        known = [v for v in words if v is not None] + [v for v in pairs if v is not None]
        z = list(self.bias)
        if known:
            value = feature_value(count)
            z = [b + value * sum(column) for b, column in zip(z, zip(*known, strict=True), strict=True)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return Scored(dict(zip(self.classes, (v / total for v in exp), strict=True)), words, pairs)

    def evidence(self, toks: list[Token], scored: Scored, classes: tuple[str, ...]) -> tuple[int, int] | None:
        """(first, last) token index of the content words that push hardest towards ``classes``.

        A weight vector's push is its weight for those classes minus its weight for "none"; a word collects
        the push of its own features and half of each word pair it is in. The best content word is quoted,
        with its neighbour when the pair of them pushes the same way (so "sign-on bonus", not "sign-on").
        """
        columns = [self.classes.index(c) for c in classes]
        none = self._none

        def gain(vector) -> float:
            return max(vector[c] for c in columns) - vector[none] if vector is not None else 0.0

        push = [gain(v) for v in scored.words]
        pair_gain = [gain(v) for v in scored.pairs]
        for i in range(1, len(toks)):
            push[i - 1] += pair_gain[i] / 2
            push[i] += pair_gain[i] / 2
        candidates = [i for i, tok in enumerate(toks) if is_content(tok)]
        if not candidates:
            return None
        best = max(candidates, key=lambda i: push[i])
        before = pair_gain[best] if best else 0.0
        after = pair_gain[best + 1] if best + 1 < len(toks) else 0.0
        if after > 0 and after >= before and is_content(toks[best + 1]):
            return best, best + 1
        if before > 0 and best > 0 and is_content(toks[best - 1]):
            return best - 1, best
        return best, best


def scorer_from_file(path: Path) -> Scorer:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return Scorer(json.load(handle))
    except FileNotFoundError as error:
        raise ModelFileError(
            f"The ground-rule screen's model file {path.name} is missing from {path.parent}; "
            "rebuild it with `python bench/train_screen_model.py`."
        ) from error
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise ModelFileError(f"The ground-rule screen's model file {path} is unreadable: {error}.") from error


@lru_cache(maxsize=1)
def load_scorer() -> Scorer:
    """The shipped model, read once per process. Raises ModelFileError if it is missing or corrupt."""
    return scorer_from_file(MODEL_PATH)
