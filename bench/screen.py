"""Measure the ground-rule screen on labelled JSON Lines files.

Usage (from the repo root):

    python bench/screen.py FILE [FILE...]                  figures per file
    python bench/screen.py FILE... --errors                also list misses, wrong rules, false positives
    python bench/screen.py FILE... --snapshot verdicts.json   remember every verdict...
    python bench/screen.py FILE... --diff verdicts.json       ...and, after a change, list what changed

Each line: {"text": ..., "violates": true|false, "rule": "<slug>"|null} (other fields, such as "hard" or
"lang", are ignored). Per file it prints recall overall and per rule, the false-positive rate, precision
and attribution (the share of held violations whose first rule is the labelled one), each with a 95%
Wilson interval; throughput in messages per second of CPU time on one core; and the max and p99 time
of one screening. Default rules throughout.

--errors and --diff show individual messages, so they refuse files named "*holdout*" or "*check*" (the v3
check sets): a held-out set is only honest while nobody tunes on what it misses.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from groundrules.screen import DEFAULT_RULES, ScreenResult, default_screen  # noqa: E402

RULES = tuple(rule.slug for rule in DEFAULT_RULES)
MIN_SECONDS = 2.0
Z = 1.96


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def wilson(part: int, whole: int) -> tuple[float, float]:
    if not whole:
        return (math.nan, math.nan)
    p = part / whole
    centre = p + Z * Z / (2 * whole)
    spread = Z * math.sqrt(p * (1 - p) / whole + Z * Z / (4 * whole * whole))
    denominator = 1 + Z * Z / whole
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def ratio(part: int, whole: int) -> str:
    if not whole:
        return "n/a"
    low, high = wilson(part, whole)
    return f"{part / whole:.3f} [{low:.3f}-{high:.3f}] ({part}/{whole})"


def timings(texts: list[str]) -> tuple[float, int, float, float]:
    """Messages per second of CPU time (``process_time``: other jobs on the machine do not count), over as
    many passes as it takes to last MIN_SECONDS; and the max and p99 of one screening, in milliseconds."""
    screen = default_screen()
    gc.freeze()  # as the server runs (thinktank/asgi.py; see bench/screen_adversarial.py)
    gc.set_threshold(50_000, 20, 100)
    per_message: list[float] = []
    done, started = 0, time.process_time()
    while True:
        for text in texts:
            before = time.process_time()
            screen.screen(text)
            per_message.append(time.process_time() - before)
        done += len(texts)
        elapsed = time.process_time() - started
        if elapsed >= MIN_SECONDS:
            break
    per_message.sort()
    p99 = per_message[min(len(per_message) - 1, int(0.99 * len(per_message)))]
    return done / elapsed, done, per_message[-1] * 1e3, p99 * 1e3


def describe(result: ScreenResult) -> str:
    return (
        "; ".join(f"{h.rule} ({h.source} {h.score:.2f}): {h.reason} [{h.matched}]" for h in result.hits)
        or "-"
    )


def report(path: str, rows: list[dict], results: list[ScreenResult], tuned_on: bool) -> None:
    pairs = list(zip(rows, results, strict=True))
    violations = [(row, res) for row, res in pairs if row["violates"]]
    allowed = [(row, res) for row, res in pairs if not row["violates"]]
    caught = [(row, res) for row, res in violations if res.held]
    false_pos = sum(res.held for _, res in allowed)
    right = sum(res.rules[0] == row.get("rule") for row, res in caught)

    note = "  (TUNED ON: not evidence of generalisation)" if tuned_on else ""
    print(f"== {path}{note}")
    print(f"messages            {len(rows)}  ({len(violations)} violations, {len(allowed)} allowed)")
    print(f"recall              {ratio(len(caught), len(violations))}")
    for rule in RULES:
        expected = [res for row, res in violations if row.get("rule") == rule]
        if expected:
            print(f"  recall {rule:<17} {ratio(sum(res.held for res in expected), len(expected))}")
    print(f"false-positive rate {ratio(false_pos, len(allowed))}")
    print(f"precision           {ratio(len(caught), len(caught) + false_pos)}")
    print(f"attribution         {ratio(right, len(caught))}  (held violations whose first rule is the label)")
    per_second, count, worst, p99 = timings([row["text"] for row in rows])
    print(f"throughput          {per_second:,.0f} msg/s ({count} screenings, one core, CPU time)")
    print(f"time per message    max {worst:.2f} ms, p99 {p99:.2f} ms")
    print()


def errors(rows: list[dict], results: list[ScreenResult]) -> None:
    pairs = list(zip(rows, results, strict=True))
    print("-- misses (violations not held)")
    for row, res in pairs:
        if row["violates"] and not res.held:
            print(f"  [{row.get('rule')}] {row['text']}")
    print("-- wrong rule first (held, but the labelled rule is not first)")
    for row, res in pairs:
        if row["violates"] and res.held and res.rules[0] != row.get("rule"):
            print(f"  [{row.get('rule')}] {row['text']}\n      -> {describe(res)}")
    print("-- false positives (allowed talk held)")
    for row, res in pairs:
        if not row["violates"] and res.held:
            print(f"  {row['text']}\n      -> {describe(res)}")
    print()


def verdict(res: ScreenResult) -> list:
    return [res.held, res.rules]


def diff(snapshot: dict, rows: list[dict], results: list[ScreenResult]) -> None:
    """Every message whose verdict or rules changed since the snapshot, marked better or worse."""
    changed = 0
    for row, res in zip(rows, results, strict=True):
        before = snapshot.get(row["text"])
        if before is None or before == verdict(res):
            continue
        changed += 1
        expected = row.get("rule") if row["violates"] else None
        was_right = before[0] == row["violates"] and (not before[0] or (before[1] or [None])[0] == expected)
        now_right = res.held == row["violates"] and (not res.held or res.rules[0] == expected)
        mark = (
            "better"
            if now_right and not was_right
            else "worse "
            if was_right and not now_right
            else "changed"
        )
        print(f"  {mark}  [{expected or 'allowed'}] {row['text']}\n          {before} -> {verdict(res)}")
    print(f"-- {changed} message(s) changed verdict or rules\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="labelled JSON Lines files")
    parser.add_argument("--errors", action="store_true", help="list misses, wrong rules and false positives")
    parser.add_argument("--snapshot", metavar="JSON", help="write every message's verdict to this file")
    parser.add_argument(
        "--diff", metavar="JSON", help="list the messages whose verdict changed since --snapshot"
    )
    parser.add_argument(
        "--tuned-on",
        action="append",
        default=[],
        metavar="FILE",
        help="label this file's figures as tuned on (the default: any file named dev*)",
    )
    args = parser.parse_args(argv)
    if (args.errors or args.diff) and any(
        word in Path(f).name for f in args.files for word in ("holdout", "check")
    ):
        parser.error("--errors and --diff show single messages: not on holdout or check files")

    snapshot_out: dict = {}
    snapshot_in = json.loads(Path(args.diff).read_text(encoding="utf-8")) if args.diff else None
    screen = default_screen()
    for path in args.files:
        rows = load(path)
        results = [screen.screen(row["text"]) for row in rows]
        tuned_on = path in args.tuned_on or Path(path).name.startswith("dev")
        report(path, rows, results, tuned_on)
        if args.errors:
            errors(rows, results)
        if snapshot_in is not None:
            diff(snapshot_in, rows, results)
        snapshot_out.update({row["text"]: verdict(res) for row, res in zip(rows, results, strict=True)})
    if args.snapshot:
        Path(args.snapshot).write_text(json.dumps(snapshot_out, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
