"""Train the screen's model and write ``groundrules/screen/scorer.json.gz``.

Usage (from the repo root, with the ``train`` extra installed: ``pip install -e '.[train]'``):

    python bench/train_screen_model.py [--folds 5] [--target-fp 0.04] [--dry-run]

Model: multinomial logistic regression (scikit-learn, lbfgs) over the counted features (scaled by their number) of
``groundrules.screen.scorer.features``; one class per default rule plus "none".

Data: ``../shared/groundrules/dev_v2.jsonl`` and this project's own ``bench/data/screen_v2_written.jsonl``,
``screen_v2_from_v1.jsonl`` (these are "scored" rows: cross-validation measures on them) and
``screen_v2_templated.jsonl`` (slot-filled near-duplicates: always on the training side, never scored,
so a sentence never vouches for its own twin). The v2 holdout files are never read.

Choices made by stratified k-fold cross-validation over the scored rows, on out-of-fold scores of the
whole screen (the rule files' patterns, which hold on their own, plus the model):
- the regularisation C, for the best recall at the false-positive target, then attribution;
- the threshold on P(any rule): the lowest one at which at most ``--target-fp`` of the innocent scored
  rows would be held (patterns included). 4% by default, under the 5% target: the innocent rows here
  were chosen to be hard (risky words in innocent senses, "let's all..." about practices); on the shared
  dev set, whose innocent rows read like ordinary practice-sharing, the same threshold holds 0-2%.
Same data, same output, byte for byte (fixed seeds, one BLAS thread, weights rounded).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # same sums in the same order: reproducible weights
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from groundrules.screen.engine import EXPLICIT_BONUS, MODEL_RULE_MIN, MODEL_RULE_RATIO  # noqa: E402
from groundrules.screen.rules import load_rule_files  # noqa: E402
from groundrules.screen.scorer import MODEL_PATH, NONE, feature_value, features  # noqa: E402
from groundrules.screen.text import normalise, tokens  # noqa: E402

DATA = ROOT / "bench" / "data"
# The shared dev set lives beside the project root (../shared), as in every checkout of this project.
DEV = ROOT.parent / "shared" / "groundrules" / "dev_v2.jsonl"
SCORED = [DEV, DATA / "screen_v2_written.jsonl", DATA / "screen_v2_from_v1.jsonl"]
TRAIN_ONLY = [DATA / "screen_v2_templated.jsonl"]
SEED = 20250601
GRID_C = (25.0, 60.0, 150.0, 400.0)
MIN_COUNT = 2  # a feature seen once is noise, not vocabulary
SCALE = 1000  # weights are stored as round(weight * SCALE)


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        if not path.exists():
            raise SystemExit(f"missing training file {path}")
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def label(row: dict) -> str:
    return row["rule"] if row["violates"] else NONE


class Featurised:
    """Rows as feature-name lists, plus the pattern verdict of the rule files for each."""

    def __init__(self, rows: list[dict], classes: tuple[str, ...]) -> None:
        rule_files = load_rule_files()
        self.classes = classes
        self.labels = np.array([classes.index(label(r)) for r in rows])
        self.names: list[list[str]] = []
        self.pattern_rules: list[list[str]] = []
        for row in rows:
            normalised = normalise(row["text"])
            self.names.append(features(tokens(normalised.text)))
            self.pattern_rules.append(
                [slug for slug, rule in rule_files.items() if rule.first_hit(normalised)]
            )

    def matrix(self, index: list[int], vocab: dict[str, int]) -> csr_matrix:
        data, cols, indptr = [], [], [0]
        for i in index:
            names = self.names[i]
            value = feature_value(len(names))
            counts: dict[int, int] = {}
            for name in names:
                col = vocab.get(name)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            for col in sorted(counts):
                cols.append(col)
                data.append(value * counts[col])
            indptr.append(len(cols))
        return csr_matrix((data, cols, indptr), shape=(len(index), len(vocab)))


def vocabulary(feat: Featurised, index: list[int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for i in index:
        for name in set(feat.names[i]):  # document frequency: rows it occurs in
            counts[name] = counts.get(name, 0) + 1
    return {name: n for n, name in enumerate(sorted(k for k, c in counts.items() if c >= MIN_COUNT))}


def fit(feat: Featurised, index: list[int], c: float) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Fit on the rows in ``index``; return the vocabulary and the weights/bias as shipped (rounded)."""
    vocab = vocabulary(feat, index)
    model = LogisticRegression(C=c, max_iter=3000, tol=1e-6, random_state=SEED)
    model.fit(feat.matrix(index, vocab), feat.labels[index])
    assert list(model.classes_) == list(range(len(feat.classes))), "every class needs training rows"
    # Round exactly as the file stores them, so that what is cross-validated is what ships.
    return vocab, np.round(model.coef_ * SCALE) / SCALE, np.round(model.intercept_ * SCALE) / SCALE


def probabilities(feat: Featurised, index: list[int], vocab, coef, bias) -> np.ndarray:
    z = feat.matrix(index, vocab) @ coef.T + bias
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def folds_of(labels: np.ndarray, k: int) -> np.ndarray:
    """Stratified, deterministic fold of each scored row."""
    rng = np.random.RandomState(SEED)
    fold = np.zeros(len(labels), dtype=int)
    for cls in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == cls)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return fold


def threshold_for(innocent_scores: list[float], pattern_fp: int, total: int, target_fp: float) -> float:
    """Lowest t (hold if p > t) with at most target_fp of the innocent rows held, pattern holds included."""
    budget = int(math.floor(target_fp * total)) - pattern_fp
    ranked = sorted(innocent_scores, reverse=True)
    if budget < 0 or not ranked:
        return 1.0
    if budget >= len(ranked):
        return 0.0
    return math.ceil(ranked[budget] * 1e4 + 1e-9) / 1e4


def evaluate(feat, scored, probs, target_fp, threshold=None, subset=None):
    """Threshold and figures of the whole screen (patterns + model) on out-of-fold probabilities."""
    none = feat.classes.index(NONE)
    innocent = [j for j, i in enumerate(scored) if feat.labels[i] == none]
    pattern_fp = sum(1 for j in innocent if feat.pattern_rules[scored[j]])
    model_scores = [1 - probs[j][none] for j in innocent if not feat.pattern_rules[scored[j]]]
    t = (
        threshold
        if threshold is not None
        else threshold_for(model_scores, pattern_fp, len(innocent), target_fp)
    )
    if subset is not None:
        innocent = [j for j in innocent if j in subset]
    held = right = violations = fp = 0
    for j, i in enumerate(scored):
        if subset is not None and j not in subset:
            continue
        ranked = rank(feat.classes, probs[j], feat.pattern_rules[i], t)
        if feat.labels[i] == none:
            fp += bool(ranked)
            continue
        violations += 1
        held += bool(ranked)
        right += bool(ranked) and ranked[0] == feat.classes[feat.labels[i]]
    return t, held / violations, fp / len(innocent), right / max(held, 1)


def rank(classes, p, pattern_rules, t) -> list[str]:
    """The rules the screen would list, most likely first (the engine's order: see engine.Screen)."""
    none = classes.index(NONE)
    model = [c for k, c in enumerate(classes) if k != none] if 1 - p[none] > t else []
    by = {c: p[k] for k, c in enumerate(classes)}
    top = max((by[c] for c in model), default=0)
    floor = max(MODEL_RULE_MIN, MODEL_RULE_RATIO * top)
    model = [c for c in model if c == max(model, key=by.get) or by[c] >= floor]
    listed = set(pattern_rules) | set(model)
    return sorted(listed, key=lambda c: -(by[c] + (EXPLICIT_BONUS if c in pattern_rules else 0.0)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--target-fp", type=float, default=0.04)
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    args = parser.parse_args(argv)

    scored_rows, train_rows = load(SCORED), load(TRAIN_ONLY)
    n_dev = len(load([DEV]))  # the first scored rows: another author's, so the most telling figures
    rules = tuple(load_rule_files())
    classes = (NONE, *rules)
    feat = Featurised(scored_rows + train_rows, classes)
    scored = list(range(len(scored_rows)))
    always = list(range(len(scored_rows), len(scored_rows) + len(train_rows)))
    print(f"scored rows {len(scored)} (dev_v2 and own), train-only rows {len(always)} (templated)")

    fold = folds_of(feat.labels[scored], args.folds)
    results = []
    for c in GRID_C:
        probs = np.zeros((len(scored), len(classes)))
        for f in range(args.folds):
            test = [i for i, g in zip(scored, fold, strict=True) if g == f]
            train = [i for i, g in zip(scored, fold, strict=True) if g != f] + always
            vocab, coef, bias = fit(feat, train, c)
            probs[fold == f] = probabilities(feat, test, vocab, coef, bias)
        t, recall, fp, right = evaluate(feat, scored, probs, args.target_fp)
        print(
            f"CV {args.folds}-fold C={c:g}: threshold {t:.4f} recall {recall:.3f} fp {fp:.3f} "
            f"right rule first {right:.3f}"
        )
        _, d_recall, d_fp, d_right = evaluate(feat, scored, probs, args.target_fp, t, set(range(n_dev)))
        print(
            f"    of which the shared dev rows: recall {d_recall:.3f} fp {d_fp:.3f} right rule first {d_right:.3f}"
        )
        results.append((c, t, recall, fp, right))
    # Recall counts double (a miss is the antitrust risk); among near-equals the strongest regularisation
    # (smallest C) wins, as it generalises best to phrasing nobody here wrote.
    top = max(r[2] + r[4] / 2 for r in results)
    c, threshold, recall, fp, right = next(r for r in results if r[2] + r[4] / 2 >= top - 0.005)
    print(
        f"chosen C={c:g}: threshold {threshold:.4f} (CV recall {recall:.3f}, fp {fp:.3f}, rule {right:.3f})"
    )
    if args.dry_run:
        return 0

    vocab, coef, bias = fit(feat, scored + always, c)
    names = sorted(vocab, key=vocab.get)
    weights = {}
    for name, row in zip(names, coef.T, strict=True):
        ints = [int(v) for v in np.round(row * SCALE)]
        if any(ints):
            weights[name] = ints
    data = {
        "about": "ground-rule screen model, multinomial logistic regression; bench/train_screen_model.py",
        "classes": list(classes),
        "scale": SCALE,
        "threshold": threshold,
        "cv": {
            "folds": args.folds,
            "target_fp": args.target_fp,
            "C": c,
            "recall": round(recall, 4),
            "fp": round(fp, 4),
            "rule_first": round(right, 4),
        },
        "bias": [int(v) for v in np.round(bias * SCALE)],
        "weights": weights,
    }
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with MODEL_PATH.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(payload)
    print(
        f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(weights)} features, {MODEL_PATH.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
