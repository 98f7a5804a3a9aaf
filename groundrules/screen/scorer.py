"""The learned part of the screen: a linear model over words, word pairs and letter groups, scored in pure Python.

``bench/train_screen_model.py`` fits it with scikit-learn (multinomial logistic regression, one class per
rule plus "none") on exactly the features :func:`features` computes here, and writes the weights to
``scorer.json.gz`` beside this file. At run time only this module reads them: no numpy, no scikit-learn.

Features of a normalised text (all binary, the vector scaled to unit length):

- ``w:`` each word, and the shapes ``<num>``, ``<money>``, ``<pct>`` for figures;
- ``b:`` each pair of neighbouring tokens ("sign-on bonus", "net <num>");
- ``c:`` each 3- to 5-letter group inside a word, with ``<``/``>`` marking its ends: robust to typos and
  to inflection in five languages ("tarif", "tarifs", "tarifa", "Tarife" share "tari").

Every feature present has the value ``feature_value(number of features)``.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import Token, is_content

MODEL_PATH = Path(__file__).with_name("scorer.json.gz")
NONE = "none"
CHAR_SIZES = (3, 4, 5)
# Every feature of a text gets the same value, 1/sqrt(number of features), but never more than
# 1/sqrt(MIN_FEATURES): a four-word message ("+1", "agreed!", "hello all") cannot reach a hold on the
# strength of one or two words. About 14 features a word, so this only damps texts under ~6 words.
MIN_FEATURES = 80


def feature_value(count: int) -> float:
    return 1.0 / math.sqrt(max(count, MIN_FEATURES))


class ModelFileError(RuntimeError):
    """The model file is missing or unreadable: the screen refuses to start rather than screen without it."""


def features(toks: list[Token]) -> dict[str, tuple[int, int]]:
    """Feature -> (first token index, last token index) of its first occurrence."""
    found: dict[str, tuple[int, int]] = {}
    previous = None
    for i, tok in enumerate(toks):
        word = tok.text
        key = "w:" + word
        if key not in found:
            found[key] = (i, i)
        if previous is not None:
            key = "b:" + previous + " " + word
            if key not in found:
                found[key] = (i - 1, i)
        previous = word
        if word[0] != "<":
            marked = "<" + word + ">"
            for size in CHAR_SIZES:
                for start in range(len(marked) - size + 1):
                    key = "c:" + marked[start : start + size]
                    if key not in found:
                        found[key] = (i, i)
    return found


@dataclass(frozen=True)
class Scored:
    probabilities: dict[str, float]  # class -> probability, NONE included
    found: dict[str, tuple[int, int]]  # the features of the text


class Scorer:
    """Weights of the trained model; ``score`` gives class probabilities, ``evidence`` the words behind one."""

    def __init__(self, data: dict) -> None:
        self.classes: tuple[str, ...] = tuple(data["classes"])
        scale = float(data["scale"])
        self.bias = [b / scale for b in data["bias"]]
        self.threshold = float(data["threshold"])
        # Weights are stored as integers (weight * scale) to keep the file small.
        self.weights = {f: tuple(v / scale for v in w) for f, w in data["weights"].items()}
        self._none = self.classes.index(NONE)

    def score(self, toks: list[Token]) -> Scored:
        found = features(toks)
        weights = self.weights
        known = [w for w in map(weights.get, found) if w is not None]
        z = list(self.bias)
        if known:
            value = feature_value(len(found))
            z = [b + value * sum(column) for b, column in zip(z, zip(*known, strict=True), strict=True)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return Scored(dict(zip(self.classes, (v / total for v in exp), strict=True)), found)

    def evidence(self, toks: list[Token], scored: Scored, classes: tuple[str, ...]) -> tuple[int, int] | None:
        """(first, last) token index of the content words that push hardest towards ``classes``.

        A feature's push is its weight for those classes minus its weight for "none"; a word collects the
        push of its own features and half of each word pair it is in. The best content word is quoted,
        with its neighbour when the pair of them pushes the same way (so "sign-on bonus", not "sign-on").
        """
        columns = [self.classes.index(c) for c in classes]
        none = self._none
        push = [0.0] * len(toks)
        pairs: dict[int, float] = {}
        for feature, (first, last) in scored.found.items():
            w = self.weights.get(feature)
            if w is None:
                continue
            gain = max(w[c] for c in columns) - w[none]
            if first == last:
                push[first] += gain
            else:
                push[first] += gain / 2
                push[last] += gain / 2
                pairs[first] = gain
        candidates = [i for i, tok in enumerate(toks) if is_content(tok)]
        if not candidates:
            return None
        best = max(candidates, key=lambda i: push[i])
        before, after = pairs.get(best - 1, 0.0), pairs.get(best, 0.0)
        if after > 0 and after >= before and best + 1 < len(toks) and is_content(toks[best + 1]):
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
