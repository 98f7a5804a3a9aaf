"""The pattern language of the rule files, compiled to RE2 (linear-time matching, whatever the input).

A pattern is a sequence of terms separated by spaces, matched as whole words against normalised text
(lower case, accents dropped, curly quotes straightened: see ``text.normalise``); docs/screen.md has the
full description for the people who write rules. Terms:

    word          that word ("sign-on" also matches "sign on" and "signon"; "let's" also "lets")
    agents?       the last letter may be left out: agent, agents
    pric*         a word starting with "pric": price, prices, pricing
    (a|b c|d)     one of the alternatives, each itself a sequence
    (a|b)?  {x}?  the group may be left out (a lone optional word: "(very)?")
    ~  ~5         up to 3 (or 5) words of anything in between, never across the end of a sentence
    {num}         a figure: 18, 17.25, 1,200, 3k
    {count}       a figure of 100 or more: 600, 1,200, 1 200, 45k, 1.2 million, 700 mil
    {money}       an amount: $18, 18 dollars, 22 €, 3k
    {percent}     a percentage: 5%, 5 percent, 5 por ciento, 5 Prozent, 5 pour cent
    {name}        any of the phrases listed under ``name`` in groundrules/rules/_words.toml

RE2 has no backreferences or lookarounds and runs in time linear in the text for every pattern, so no
rule a compliance person writes can make the screen slow (tests/groundrules/test_screen_adversarial.py).
"""

from __future__ import annotations

import re

import re2

from .text import normalise

# Between two terms: spaces and punctuation, never the end of a sentence.
SEP = r"[^\w.!?;$€£%]+"
# One word of a gap: anything up to a space or the end of a sentence ("14.50" is one word).
GAP_WORD = r"(?:[^\s.!?;]|\.\d)+"
FIGURE = r"\d(?:[\d,']|\.\d)*(?:k|m)?"
# A count of at least 100: three digits or more, digit groups ("1,200", "1.200", "1 200"), or a figure
# with k/m or a word for thousands or millions in one of the five languages.
COUNT = (
    r"(?:\d{1,3}(?:[,.' ]\d{3})+|\d{3,}|\d+(?:[.,]\d+)?\s?(?:k|m|mil|thousand|million|millions|millones|milhoes"
    r"|millionen|mio)\b)"
)
MACROS = {
    "num": FIGURE,
    "count": COUNT,
    "money": (
        rf"(?:[$€£¥₱₹]\s?{FIGURE}|{FIGURE}\s?(?:[$€£]|(?:dollars?|dolar(?:es)?|bucks?|usd|eur|euros?|reais|real|pesos?"
        r"|cents?|centavos|centimes|pounds?|gbp|rupees|php|soles)\b))"
    ),
    "percent": (
        rf"(?:{FIGURE}\s?%|{FIGURE}\s(?:percent|per cent|pct|points?|pts|bps|por ciento|prozent|pour cent"
        r"|pourcent|por cento)\b)"
    ),
}
_SPECIAL = set("()|?~{}*")
# A word may end in "?" (its last letter is optional: "agents?"); a "?" after a space, a ")" or a "}"
# makes that whole term optional.
_LEXER = re.compile(r"\s+|[()|?*]|~\d*|\{\w+\}|[^\s()|?*~{}]+\??")
WORDS_CHAR = r"[\w']"
_INNER_QUESTION = re.compile(r"\w\?\w")


class PatternError(ValueError):
    """A pattern that does not parse: the rule file names it and says what is wrong."""


def _word(raw: str) -> str:
    optional_last = raw.endswith("?")
    folded = normalise(raw.rstrip("?")).text
    parts = []
    for char in folded:
        if char == "-":
            parts.append(r"[\- ]?")
        elif char == "'":
            parts.append("'?")
        else:
            parts.append(re2.escape(char))
    if optional_last and parts:
        parts[-1] = f"(?:{parts[-1]})?"
    return "".join(parts)


class _Parser:
    """Recursive descent over the terms; emits an RE2 expression. ``words`` holds the _words.toml lists."""

    def __init__(self, source: str, words: dict[str, list[str]], seen: tuple[str, ...] = ()) -> None:
        if _INNER_QUESTION.search(source):
            # "favou?red" would read as "favou?" then "red": two words, never the one meant.
            raise PatternError(
                f"pattern {source!r}: a '?' makes only the last letter of a word optional; "
                "write both spellings instead: (favoured|favored)"
            )
        self.source = source
        self.words = words
        self.seen = seen
        self.tokens = [t for t in _LEXER.findall(source) if not t.isspace()]
        self.pos = 0

    def fail(self, why: str) -> PatternError:
        return PatternError(f"pattern {self.source!r}: {why}")

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise self.fail("it ends too early")
        self.pos += 1
        return token

    def parse(self) -> str:
        alternatives = [self.sequence()]
        while self.peek() == "|":  # "a b|c d" at the top level: either sequence
            self.take()
            alternatives.append(self.sequence())
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()!r}")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    def sequence(self) -> str:
        items: list[tuple[str, bool, bool]] = []  # (regex, optional, is_gap)
        while self.peek() not in (None, "|", ")"):
            items.append(self.item())
        if not items:
            raise self.fail("an empty sequence")
        if items[0][2] or items[-1][2]:
            raise self.fail("a gap (~) needs a term on each side")
        out, joined = [], False
        for regex, optional, is_gap in items:
            if is_gap:
                out.append(regex)  # the gap brings its own separators
            elif not joined:
                # Leading optional terms carry the separator after them; the first required one none.
                out.append(f"(?:{regex}{SEP})?" if optional else regex)
                joined = not optional
            else:
                out.append(f"(?:{SEP}{regex})?" if optional else f"{SEP}{regex}")
        if not joined:
            raise self.fail("every term of a sequence is optional")
        return "".join(out)

    def item(self) -> tuple[str, bool, bool]:
        token = self.take()
        if token.startswith("~"):
            count = int(token[1:] or 3)
            return f"(?:{SEP}{GAP_WORD}){{0,{count}}}", False, True
        if token == "(":
            alternatives = [self.sequence()]
            while self.peek() == "|":
                self.take()
                alternatives.append(self.sequence())
            if self.take() != ")":
                raise self.fail("a ( without its )")
            regex = "(?:" + "|".join(alternatives) + ")"
        elif token.startswith("{"):
            regex = self.named(token[1:-1])
        elif token in _SPECIAL:
            raise self.fail(f"unexpected {token!r}")
        else:
            regex = _word(token)
            if self.peek() == "*":
                self.take()
                regex += WORDS_CHAR + "*"
        optional = self.peek() == "?"
        if optional:
            self.take()
        return regex, optional, False

    def named(self, name: str) -> str:
        if name in MACROS:
            return MACROS[name]
        if name not in self.words:
            raise self.fail(f"{{{name}}} is neither built in (num, money, percent) nor listed in _words.toml")
        if name in self.seen:
            raise self.fail(f"{{{name}}} refers to itself")
        parts = [_Parser(p, self.words, (*self.seen, name)).parse() for p in self.words[name]]
        return "(?:" + "|".join(parts) + ")"


def to_regex(source: str, words: dict[str, list[str]]) -> str:
    """The RE2 expression of a pattern; group 1 is the matched phrase, whole words only."""
    return rf"(?:^|\W)({_Parser(source, words).parse()})(?:\W|$)"


# The RE2 sets that say which patterns may match (rules.PatternIndex) read the text's UTF-8 bytes as
# Latin-1 (pyre2 passes bytes through as they are): one byte, one character, so their lazy DFAs need no states for decoding UTF-8, and a hostile
# text full of odd characters costs about half as much the first time. Normalised text is ASCII but for
# currency signs, symbols and non-Latin scripts. The byte version of a pattern matches everything the
# pattern matches (a superset: the pattern itself then finds the exact span): a separator may also cross
# a currency sign's bytes, and each currency sign is its byte sequence.
_BYTE_SAFE = {
    SEP: r"[^\w.!?;$%]+",
    "[$€£¥₱₹]": "(?:\\$|€|£|¥|₱|₹)",
    "[$€£]": "(?:\\$|€|£)",
}


# A gap "~3" is "(?:SEP GAP_WORD){0,3}", which RE2 writes out three times; in the sets it is any number of
# words up to the end of the sentence: a smaller automaton, and a superset again.
_BOUNDED_GAP = re.compile(re.escape(f"(?:{SEP}{GAP_WORD})") + r"\{0,\d+\}")


def for_byte_sets(regex: str) -> bytes:
    """``regex`` for an RE2 set compiled with Latin-1 encoding that reads the text's UTF-8 bytes."""
    regex = _BOUNDED_GAP.sub(lambda _: f"(?:{SEP}{GAP_WORD})*", regex)
    for utf8, latin1 in _BYTE_SAFE.items():
        regex = regex.replace(utf8, latin1)
    return regex.encode("utf-8")


def as_bytes_text(text: str) -> bytes:
    """The text as the byte sets read it: its UTF-8 bytes, encoded once for all the sets."""
    return text.encode("utf-8")


def compile_pattern(source: str, words: dict[str, list[str]]):
    try:
        return re2.compile(to_regex(source, words))
    except re2.error as error:  # pragma: no cover - the parser only emits valid expressions
        raise PatternError(f"pattern {source!r} does not compile: {error}") from error


# Sentence ends for ``unless`` guards: ".", "!", "?", ";" or a line break, but not the dot of "14.50".
SENTENCE_END = re.compile(r"[!?;\n]|\.(?!\d)")


def sentence_around(text: str, start: int, end: int) -> str:
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]
