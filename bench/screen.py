"""Measure the ground-rule screen on labelled JSON Lines files.

Usage (from the repo root):  python bench/screen.py FILE [FILE...] [--errors] [--backstop]

Each line: {"text": ..., "violates": true|false, "rule": "pricing"|"contract_terms"|"proprietary"|null}.
Prints recall on violations, false-positive rate on allowed talk, per-rule recall, precision and
throughput (messages per second on one core, default rules).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from groundrules.screen import DEFAULT_RULES, Screen, ScreenResult, default_screen  # noqa: E402

RULES = ("pricing", "contract_terms", "proprietary")
MIN_SECONDS = 2.0


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def make_screen(backstop: bool) -> Screen:
    return Screen(DEFAULT_RULES, backstop=True) if backstop else default_screen()


def throughput(texts: list[str], backstop: bool = False) -> tuple[float, int]:
    """Messages per second of CPU time (``process_time``, so other jobs on the machine do not count) over
    as many passes as it takes to last at least MIN_SECONDS."""
    screen = make_screen(backstop)
    done, started = 0, time.process_time()
    while True:
        for text in texts:
            screen.screen(text)
        done += len(texts)
        elapsed = time.process_time() - started
        if elapsed >= MIN_SECONDS:
            return done / elapsed, done


def describe(result: ScreenResult) -> str:
    return "; ".join(f"{hit.rule}: {hit.reason} [{hit.matched}]" for hit in result.hits) or "-"


def report(path: str, show_errors: bool, backstop: bool = False) -> None:
    rows = load(path)
    screen = make_screen(backstop)
    results = [screen.screen(row["text"]) for row in rows]
    violations = [(row, res) for row, res in zip(rows, results, strict=True) if row["violates"]]
    allowed = [(row, res) for row, res in zip(rows, results, strict=True) if not row["violates"]]
    caught = sum(res.held for _, res in violations)
    false_pos = sum(res.held for _, res in allowed)
    held = caught + false_pos

    print(f"== {path}{'  (with the learned backstop)' if backstop else ''}")
    print(f"messages           {len(rows)}  ({len(violations)} violations, {len(allowed)} allowed)")
    print(f"recall             {ratio(caught, len(violations))}")
    print(f"false-positive rate {ratio(false_pos, len(allowed))}")
    print(f"precision          {ratio(caught, held)}")
    for rule in RULES:
        expected = [res for row, res in violations if row.get("rule") == rule]
        print(f"  recall {rule:<15} {ratio(sum(rule in res.rules for res in expected), len(expected))}")
    per_second, count = throughput([row["text"] for row in rows], backstop)
    print(f"throughput         {per_second:,.0f} msg/s ({count} screenings, one core, CPU time)")

    if show_errors:
        print("-- misses (violations not held)")
        for row, res in violations:
            if not res.held:
                print(f"  [{row.get('rule')}] {row['text']}")
        print("-- wrong rule (held, but not under the expected rule)")
        for row, res in violations:
            if res.held and row.get("rule") not in res.rules:
                print(f"  [{row.get('rule')}] {row['text']}\n      -> {describe(res)}")
        print("-- false positives (allowed talk held)")
        for row, res in allowed:
            if res.held:
                print(f"  {row['text']}\n      -> {describe(res)}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="labelled JSON Lines files")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--backstop", action="store_true", help="also use the opt-in learned backstop model")
    args = parser.parse_args(argv)
    for path in args.files:
        report(path, args.errors, backstop=args.backstop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
