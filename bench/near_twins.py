"""Drop training messages that are near-twins of an evaluation message, before they go into training.

Usage (from the repo root):

    python bench/near_twins.py NEW.jsonl --against EVAL.jsonl [EVAL.jsonl...] [--write]

Two messages are near-twins when half or more of the words of the two are in both (the words they share
over all the words of either; words normalised as the screen normalises them: lower case, accents folded). A
training message with a near-twin in an evaluation file would let that file vouch for a sentence the model
has already seen, so such rows are dropped. Without ``--write`` it only counts them, per file: the
evaluation messages themselves are never printed, so a sealed set stays unread.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from groundrules.screen.text import normalise, tokens  # noqa: E402

TWIN_OVERLAP = 0.5


def words(text: str) -> frozenset[str]:
    return frozenset(tok.text for tok in tokens(normalise(text).text))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def has_twin(bag: frozenset[str], others: list[frozenset[str]]) -> bool:
    return any(overlap(bag, other) >= TWIN_OVERLAP for other in others)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", type=Path, help="training file to check")
    parser.add_argument("--against", type=Path, nargs="+", required=True, help="evaluation files")
    parser.add_argument("--write", action="store_true", help="rewrite NEW without its near-twins")
    args = parser.parse_args(argv)

    rows = load(args.new)
    evaluation = [words(row["text"]) for path in args.against for row in load(path)]
    keep = [row for row in rows if not has_twin(words(row["text"]), evaluation)]
    print(f"{args.new}: {len(rows) - len(keep)} of {len(rows)} rows have a near-twin in the evaluation files")
    if args.write:
        lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in keep]
        args.new.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
