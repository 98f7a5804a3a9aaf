"""Train the screen's learned backstop and write ``groundrules/screen/backstop.json``.

Usage (from the repo root):  python bench/train_screen_model.py [--folds 5] [--target-fp 0.05] [--dry-run]

Model: four-class (allowed, pricing, contract_terms, proprietary) logistic regression over binary word
unigram/bigram features (see ``groundrules.screen.backstop.features``), trained with deterministic
AdaGrad SGD and L2; the intercept is fixed so that a text without known words is allowed. Data: ``bench/data/screen_tuning.jsonl`` plus ``../shared/groundrules/dev.jsonl``
(if present). The hyper-parameters and the decision threshold are chosen by stratified k-fold
cross-validation over the TUNING rows only (dev rows are always on the training side): the threshold is
the lowest P(violation) at which at most ``--target-fp`` of the held-out allowed rows would be held.
Holdout files are never read. Same data, same output, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from groundrules.screen.backstop import CLASSES, MODEL_PATH, features  # noqa: E402
from groundrules.screen.common import normalise  # noqa: E402

TUNING = ROOT / "bench" / "data" / "screen_tuning.jsonl"
# The shared dev set lives beside the project root (../shared), as in every checkout of this project.
DEV = ROOT.parent / "shared" / "groundrules" / "dev.jsonl"
SEED = 20240611
# The intercept is fixed, not learned: a text with no known word is allowed with this probability, so the
# backstop only ever holds on evidence (the tuning data is half violations; live talk is mostly allowed).
EMPTY_ALLOWED = 0.9
FIXED_BIAS = [0.0] + [-math.log(3 * EMPTY_ALLOWED / (1 - EMPTY_ALLOWED))] * 3
# (epochs, learning rate, l2, minimum feature count)
GRID = [
    (20, 0.3, 1e-3, 1),
    (20, 0.3, 1e-4, 1),
    (20, 0.3, 1e-3, 2),
    (20, 0.3, 1e-4, 2),
    (40, 0.3, 1e-4, 2),
]
# Features whose weights barely separate "allowed" from any rule are dropped, and weights rounded, inside
# train() so that cross-validation scores exactly the kind of model that ships (kept < 300 KB).
MIN_SPREAD = 0.3
MAX_BYTES = 300_000


def load(path: Path) -> list[tuple[list[str], int]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                label = CLASSES.index(row["rule"]) if row["violates"] else 0
                rows.append((sorted(features(normalise(row["text"]))), label))
    return rows


def train(
    rows, epochs: int, lr: float, l2: float, min_count: int
) -> tuple[dict[str, list[float]], list[float]]:
    """(feature -> [pricing, contract_terms, proprietary] weight minus the allowed weight, intercept)."""
    counts = Counter(f for feats, _ in rows for f in feats)
    vocab = {f for f, c in counts.items() if c >= min_count}
    weights: dict[str, list[float]] = {f: [0.0] * 4 for f in sorted(vocab)}
    grad_sq: dict[str, list[float]] = {f: [1e-8] * 4 for f in weights}
    bias = list(FIXED_BIAS)
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, label = rows[i]
            present = [weights[f] for f in feats if f in weights]
            sq = [grad_sq[f] for f in feats if f in weights]
            z = list(bias)
            for w in present:
                for k in range(4):
                    z[k] += w[k]
            top = max(z)
            exp = [math.exp(v - top) for v in z]
            total = sum(exp)
            for k in range(4):
                g = exp[k] / total - (1.0 if k == label else 0.0)
                for w, s in zip(present, sq, strict=True):
                    gk = g + l2 * w[k]
                    s[k] += gk * gk
                    w[k] -= lr * gk / math.sqrt(s[k])
    # Softmax does not change if all four weights of a feature move by the same amount, so only each
    # rule's weight minus the "allowed" weight is kept (three numbers a feature).
    kept = {}
    for f, w in weights.items():
        diff = [round(w[k] - w[0], 2) for k in (1, 2, 3)]
        if max(abs(v) for v in diff) >= MIN_SPREAD:
            kept[f] = diff
    return kept, [round(v, 4) for v in bias]


def p_violation(weights, bias, feats) -> list[float]:
    z = list(bias)
    for f in feats:
        w = weights.get(f)
        if w is not None:
            for k in range(3):
                z[k + 1] += w[k]
    top = max(z)
    exp = [math.exp(v - top) for v in z]
    total = sum(exp)
    return [v / total for v in exp]


def folds_of(rows, k: int) -> list[int]:
    """Stratified, deterministic fold index per row."""
    by_class: dict[int, list[int]] = {}
    for i, (_, label) in enumerate(rows):
        by_class.setdefault(label, []).append(i)
    fold = [0] * len(rows)
    rng = random.Random(SEED)
    for label in sorted(by_class):
        idx = by_class[label]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            fold[i] = n % k
    return fold


def threshold_for(allowed_scores: list[float], target_fp: float) -> float:
    """Lowest threshold t (hold if p > t) with at most target_fp of allowed scores above it."""
    ranked = sorted(allowed_scores, reverse=True)
    allowed_over = int(math.floor(target_fp * len(ranked)))
    return math.ceil(ranked[allowed_over] * 1e4 + 1e-9) / 1e4 if allowed_over < len(ranked) else 0.0


def cross_validate(tuning, dev, k: int, params, target_fp: float):
    fold = folds_of(tuning, k)
    scores: list[list[float]] = [[]] * len(tuning)
    for f in range(k):
        train_rows = [r for r, g in zip(tuning, fold, strict=True) if g != f] + dev
        weights, bias = train(train_rows, *params)
        for i, (feats, _) in enumerate(tuning):
            if fold[i] == f:
                scores[i] = p_violation(weights, bias, feats)
    allowed = [1 - s[0] for s, (_, y) in zip(scores, tuning, strict=True) if y == 0]
    t = threshold_for(allowed, target_fp)
    per_fold = []
    for f in range(k):
        rows = [(s, y) for s, (_, y), g in zip(scores, tuning, fold, strict=True) if g == f]
        v = [s for s, y in rows if y]
        a = [s for s, y in rows if not y]
        per_fold.append((sum(1 - s[0] > t for s in v) / len(v), sum(1 - s[0] > t for s in a) / len(a)))
    viol = [(s, y) for s, (_, y) in zip(scores, tuning, strict=True) if y]
    recall = sum(1 - s[0] > t for s, _ in viol) / len(viol)
    rule_ok = sum(1 - s[0] > t and max(range(1, 4), key=lambda j: s[j]) == y for s, y in viol) / len(viol)
    fp = sum(a > t for a in allowed) / len(allowed)
    return t, recall, fp, rule_ok, per_fold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--target-fp", type=float, default=0.05)
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    args = parser.parse_args(argv)

    tuning = load(TUNING)
    dev = load(DEV) if DEV.exists() else []
    print(f"tuning rows {len(tuning)}, dev rows {len(dev)} (dev only ever on the training side)")
    best = None
    for params in GRID:
        t, recall, fp, rule_ok, per_fold = cross_validate(tuning, dev, args.folds, params, args.target_fp)
        folds = " ".join(f"{r:.2f}/{a:.2f}" for r, a in per_fold)
        print(
            f"CV {args.folds}-fold epochs={params[0]} lr={params[1]} l2={params[2]:g} min_count={params[3]}: "
            f"threshold {t:.4f} recall {recall:.3f} fp {fp:.3f} rule-right {rule_ok:.3f}  "
            f"per fold recall/fp {folds}"
        )
        if best is None or recall > best[1][1]:
            best = (params, (t, recall, fp))
    params, (threshold, recall, fp) = best
    print(f"chosen {params}: threshold {threshold:.4f} (CV recall {recall:.3f}, CV fp {fp:.3f})")
    if args.dry_run:
        return 0

    weights, bias = train(tuning + dev, *params)
    kept = dict(sorted(weights.items()))
    data = {
        "about": "groundrules screen backstop: 4-class logistic regression, see bench/train_screen_model.py",
        "classes": list(CLASSES),
        "params": {"epochs": params[0], "lr": params[1], "l2": params[2], "min_count": params[3]},
        "cv": {
            "folds": args.folds,
            "target_fp": args.target_fp,
            "recall": round(recall, 4),
            "fp": round(fp, 4),
        },
        "threshold": threshold,
        "bias": bias,
        "weights": kept,
    }
    MODEL_PATH.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    size = MODEL_PATH.stat().st_size
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(kept)} features, {size:,} bytes")
    return 0 if size < MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
