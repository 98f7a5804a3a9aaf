"""Building blocks shared by the per-rule detectors: the Trigger type and common regex fragments.

A detector is a tuple of :class:`Trigger`. Each trigger is one regex for one kind of phrasing, with an
optional ``requires`` (context that must appear near the match) and ``unless`` (an innocent look-alike
near the match that cancels it). "Near" is a window of ``near`` characters on each side of the match,
so a guard in one sentence of a long message does not excuse a violation in another. ``gate`` is a cheap
pre-check over the whole text (say "has a digit") that the trigger cannot match without; it only saves
time, and its result is shared by every trigger with the same gate while one text is screened. A trigger
may have several gates (all must pass): a cheap keyword gate written without ``\b`` (so ``re`` can skip
ahead on its first letters) in front of an expensive pattern saves most of its cost on texts without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a detector pattern. Patterns are lowercase and run on lowercased text (see ``normalise``),
    which is two to three times faster than ``re.IGNORECASE``."""
    return re.compile(pattern)


@dataclass(frozen=True)
class Trigger:
    reason: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    near: int = 60
    gates: tuple[re.Pattern[str], ...] = ()

    def first_match(self, text: str, gates: dict[re.Pattern[str], bool]) -> re.Match[str] | None:
        """The first match whose surroundings satisfy ``requires`` and do not contain ``unless``."""
        for gate in self.gates:
            opened = gates.get(gate)
            if opened is None:
                opened = gates[gate] = gate.search(text) is not None
            if not opened:
                return None
        for match in self.pattern.finditer(text):
            start, end = match.span()
            window = text[max(0, start - self.near) : end + self.near]
            if self.requires is not None and not self.requires.search(window):
                continue
            if self.unless is not None and self.unless.search(window):
                continue
            return match
        return None


_COMPILED: dict[str, re.Pattern[str]] = {}


def _shared(pattern: str) -> re.Pattern[str]:
    """One compiled object per distinct pattern, so equal gates share one cached result per text."""
    if pattern not in _COMPILED:
        _COMPILED[pattern] = rx(pattern)
    return _COMPILED[pattern]


def trigger(
    reason: str,
    pattern: str,
    *,
    requires: str = "",
    unless: str = "",
    near: int = 60,
    gate: str | tuple[str, ...] = "",
) -> Trigger:
    return Trigger(
        reason=reason,
        pattern=rx(pattern),
        requires=_shared(requires) if requires else None,
        unless=_shared(unless) if unless else None,
        near=near,
        gates=tuple(_shared(g) for g in ((gate,) if isinstance(gate, str) else gate) if g),
    )


# Typographic characters mapped one-for-one to ASCII, so match offsets stay valid in the original text.
_ONE_TO_ONE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\uff04": "$",
    }
)


def normalise(text: str) -> str:
    """Lowercased, with curly quotes, dashes and odd spaces as ASCII; always the same length as ``text``,
    so a match's offsets can cut the exact words out of the original text."""
    lowered = text.translate(_ONE_TO_ONE).lower()
    if len(lowered) != len(text):  # a few characters lowercase to two ("İ"): keep those as they are
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text.translate(_ONE_TO_ONE))
    return lowered


# --- Numbers -----------------------------------------------------------------------------------------
# A written number: "19", "17.50", "1,100", "0.85", ".85".
NUM = r"(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
# Number words people type in chat instead of digits ("twenty two an hour", "a buck fifty").
NUM_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
NUM_WORDS = rf"(?:{NUM_WORD}(?:[\s-]+{NUM_WORD}){{0,2}})"
# Money units after a number: "16 bucks", "38 cents", "90k", "1.2m".
MONEY_UNIT = (
    r"(?:bucks?|dollars?|cents?|usd|pesos?|php|euros?|eur|quid|pounds?|gbp|rupees?|inr|reais|rand"
    r"|dirhams?|d[o\u00f3]lares?)"
)
# An amount of money, with a currency sign, a money word or a "k" for thousands.
# (The leading lookaheads only skip positions where no amount can start; they change no match.)
AMOUNT = (
    r"(?=[\d$\u20ac\u00a3\u20b1\u20b9.aefnost])"
    rf"(?:[$\u20ac\u00a3\u20b1\u20b9]\s?{NUM}(?:\s?[km]\b)?|{NUM}\s?k\b|{NUM}\s*{MONEY_UNIT}\b|(?:a|one"
    rf"|a\s+couple(?:\s+of)?|a\s+few|{NUM_WORDS})\s+{MONEY_UNIT}\b(?:\s+{NUM_WORDS})?|a\s+buck\s+\w+"
    # "5 grand", "two grand", "1.2M a year", "3 million"
    rf"|(?:{NUM}|{NUM_WORDS})\s*grand\b|{NUM}\s?(?:mm|mil|million)\b|\d+\.\d+\s?m\b)"
)
PERCENT = rf"(?=[\d.])(?:{NUM}\s*(?:%|percent\b|pct\b|points?\b|basis points|bps\b))"
# Gates: a text without a digit, a currency sign or a money word cannot state a figure in money.
HAS_FIGURE = (
    r"[\d$\u20ac\u00a3\u20b1\u20b9]|\b(?:bucks?|dollars?|cents?|quid|pesos?|euros?|pounds?|rupees?|grand"
    rf"|(?!one\b){NUM_WORD})\b"
)
# ...and one without a digit or a number word cannot state a bare figure.
HAS_NUMBER = rf"\d|\b(?!one\b){NUM_WORD}\b"
HAS_DIGIT = r"\d"
# Typed "what" and "you" as people really type them in chat ("wat r u guys", "whats yalls").
WHAT = r"(?:what|wat|wut|whats|what'?s|wht)"
YOU = r"(?:you|u|ya|y'?all|yall|ppl|people|everyone|everybody|anyone|any1|others|folks|the\s+rest)"
# ...and one without "hour"/"hr"/"min" cannot state a rate per hour or minute.
HAS_TIME_UNIT = r"hour|hr|min|mn|/h|p/h|hora"
# "per hour" and "per minute" as people type them: "an hour", "a min", "/hr", "per hr", "p/h".
PER_HOUR_OR_MIN = (
    r"(?:(?:an?|per|/|p/?|each|every)\s?(?:hour|hr|h|min|minute|mn)s?\b|/\s?(?:hr|h|min)\b"
    # ...and in Spanish: "la hora", "por hora", "el minuto".
    r"|(?:la|por|el|por\s+el)\s+(?:hora|minuto)\b)"
)
# Vague padding people put after a figure: "19 and change", "30ish", "20-something".
FUZZ = r"(?:\s*(?:and\s+change|ish|-?something|-?odd|and\s+a\s+half|\+))?"

# Working people whose pay is proprietary; a figure next to them is a wage, not a price.
STAFF = (
    r"(?:agents?|reps?|representatives?|tls?|team\s?leads?|team\s+leaders?|supervisors?|sups?|managers?"
    r"|ops\s+managers?|new\s+hires?|hires|staff|employees?|analysts?|trainers?|associates?|people|everyone"
    r"|csrs?|advisors?|workers?|coaches|speakers|bilinguals)"
)

# Small rewards and perks handed to staff: a figure next to them is recognition, not a wage.
PERKS = (
    r"\b(?:gift\s*cards?|cards?|coffee|vouchers?|prizes?|raffle|lunch|pizza|snacks?|swag|kudos|trophy|tickets?"
    r"|movie|dinner|cake|treats?)\b"
)

# Talk about the end customer's bill, not the vendor's price: a client's consumer pricing is a training
# topic (refunds, late fees, goodwill credits, rate hikes on their subscribers).
CONSUMER_SIDE = (
    r"(?:(?:its|their|his|her|the\s+client'?s?)\s+(?:customers?|subscribers?|members?|consumers?|users?"
    r"|callers?|patients?|policyholders?|cardholders?)|customers?|callers?|subscribers?|consumers?"
    r"|cardholders?|on\s+(?:their|the|a|his|her)\s+bill|their\s+bill|disputes?|goodwill|courtesy|refunds?"
    r"|late\s+(?:payment\s+)?fees?|(?:their|its)\s+(?:plans?|prices|pricing|rates)"
    r"|client'?s?\s+(?:\w+\s+)?pric\w*|payment\s+plans?|premium\s+plan"
    # ...or a consumer product the caller holds: "cancel their gym membership", "her phone plan".
    r"|(?:their|his|her|your)\s+(?:\w+\s+)?(?:memberships?|subscriptions?|polic(?:y|ies)|phone\s+plans?|loans?"
    r"|orders?|bookings?|leases?|warrant(?:y|ies)))"
)

# Someone declining to discuss a topic ("won't get into rates here", "not sharing numbers on cost").
REFUSAL = (
    r"(?:won'?t|will\s+not|not\s+going\s+to|not\s+gonna|can'?t|don'?t\s+want\s+to|not\s+sharing|no\s+talk"
    r"|not\s+(?:here\s+)?to\s+talk|stay\s+away\s+from|steer\s+clear\s+of|keep\s+(?:it"
    r"|this)\s+(?:away\s+from|off)|isn'?t\s+about|not\s+about|avoid\w*"
    r"|no\s+commercial)\s+(?:\w+\s+){0,4}?(?:our\s+|my\s+|any\s+|the\s+)?(?:rates?|pric\w*|numbers?"
    r"|costs?|contracts?|terms|commercials?|money)"
)

# --- Bare figures --------------------------------------------------------------------------------------
# Leaders often state a price or a wage as a bare number: "we went with someone at 17", "rate's 24 and
# change", "getting 30+ for healthcare", "bumped nights to 17". A bare figure is one or two digits (with
# cents) or a per-minute ".85", not glued to other characters and not followed by a unit that makes it a
# count, a duration, a score or a time of day.
NON_MONEY_UNIT = (
    r"(?:%|percent|pct|points?|pts|bps|min\w*|secs?|seconds?|hours|hrs|days?|weeks?|wks?|months?|mos?"
    r"|years?|yrs?|calls?|chats?|contacts?|tickets?|reps?|agents?|people|persons?|heads?|ftes?|tls?|seats?"
    r"|sites?|times?|x\b|hour\b|hr\b|am\b|pm\b|a\.m|p\.m|o'?clock|th\b|st\b|nd\b|rd\b|of\b|out\s+of|to\s+\d"
    r"|or\s+\d|-\s*\d|and\s+\d|sessions?|evals?|steps?|ideas?|things?|behaviou?rs?|questions?|shifts?"
    r"|stars?|languages?|teams?|classes|cohorts?|members|sups?|supervisors|managers|leaders|new\s+hires"
    r"|hires|kids|countries|states|clients|vendors|companies|queues|skills|tiers|levels|slides|pages|words"
    r"|lines|articles|touches|interactions"
    # ...or any other plural noun ("9 options", "4 tabs"), except money words and "across the board".
    r"|(?!bucks|dollars|cents|pesos|euros|pounds|quid|rupees|across|plus|unless|always|perhaps)[a-z]{3,}s\b)"
)
# A figure said as a range of tens: "the high twenties", "mid-teens", "low thirties".
VAGUE_TENS = (
    r"(?:(?:high|low|mid|upper|lower)[- ]?(?:teens|twenties|thirties|forties|fifties|sixties|20s|30s|40s)"
    r"|(?:low\s+|high\s+)?(?:single|double)[- ]digits?)"
)
# Any figure a price could be stated in (a bare number only when no unit makes it a count or a duration).
FIGURE = rf"(?:{AMOUNT}|{PERCENT}|\b{VAGUE_TENS}\b|\b{NUM}(?=ish\b|\b)(?!\s*{NON_MONEY_UNIT}))"
BARE_FIGURE = (
    rf"(?<![\w.$/:#@-])(?:\d{{1,2}}(?:\.\d{{1,2}})?|\d?\.\d{{2}}|(?!one\b){NUM_WORDS})(?:\+|\s?ish\b|\s+and\s+change"
    rf"|\s+flat|\s+even)?(?![\w%:/]|\.\d|\s*{NON_MONEY_UNIT})"
)
# Words around a number that make it an operational metric, a count or a time, not money.
METRIC_CONTEXT = (
    r"(?:csat|nps|\bqa\b|aht|fcr|\bscores?\b|tenure|attrition|engagement|survey|target|goal|quality"
    r"|adherence|occupancy|utili[sz]ation|service\s+level|\bsl\b|\basa\b|abandon|class\s+of|cohort"
    r"|team\s+of|years\s+old|shift|huddle|coach|1:1|o'?clock|\bam\b|\bpm\b|morning|afternoon|noon|lunch"
    r"|rating|\brate\s+(?:every|each)|\bout\s+of\b|\bscale\b|\bage\b|\baged\b|retention|turnover|absent"
    r"|\brank|\blevel\s+\d|\bq[1-4]\b|\bfrom\s+\d+(?:\s+\w+)?\s+to\b|\bhit\s+\d|\bup\s+\d|\bdown\s+\d|\bkpi"
    r"|\bmetric|\bavg\b|\baverage|\btop\s+\d|\d\s*(?:weeks|days|months|hours|hrs|min(?:ute)?s|calls|reps"
    r"|agents|people|points))"
)
# Cues that a figure is what staff are paid.
WAGE_CUE = (
    r"(?:\bpay\b|\bpaid\b|\bpaying\b|\bmake\b|\bmakes\b|\bearn\w*|\bwages?\b|salar|\braise|\bbump\w*"
    r"|\bincrease|entry[- ]level|starting|\bstart\s+at|top\s+out|\bnights\b|\bthe\s+(?:whole\s+)?floor\b"
    rf"|everybody|everyone|\b{STAFF}\s+(?:are|get|gets|got|make|at|to|on|earn|received?|will\s+get)\b|\b(?:get|got|move|moved|bump"
    r"|bumped|take|took)\s+(?:\w+\s+){0,2}to\s+\$?\d)"
)

# Places where call centers are opened, grown, moved and closed; a place next to an opening, exit or
# move verb is a site plan even when nobody says "site".
LOCATION = (
    r"(?:manila|makati|cebu|davao|clark|iloilo|bacolod|quezon|pasig|the\s+philippines|philippines|bogota"
    r"|bogot\u00e1|medellin|medell\u00edn|barranquilla|cali|colombia|guatemala|honduras|tegucigalpa"
    r"|san\s+pedro\s+sula|el\s+salvador|san\s+salvador|nicaragua|managua|costa\s+rica|san\s+jose|panama"
    r"|belize|mexico|monterrey|guadalajara|tijuana|hermosillo|jamaica|kingston|montego\s+bay"
    r"|dominican\s+republic|santo\s+domingo|trinidad|guyana|barbados|peru|lima|brazil|argentina|chile"
    r"|uruguay|india|pune|bangalore|bengaluru|hyderabad|chennai|mumbai|noida|gurgaon|gurugram|kolkata"
    r"|pakistan|karachi|lahore|sri\s+lanka|egypt|cairo|south\s+africa|cape\s+town|durban|johannesburg|kenya"
    r"|nairobi|ghana|accra|nigeria|lagos|rwanda|kigali|morocco|casablanca|tunisia|poland|romania|bulgaria"
    r"|sofia|portugal|lisbon|greece|athens|spain|ireland|scotland|vietnam|malaysia|kuala\s+lumpur|indonesia"
    r"|thailand|albania|serbia|georgia|armenia|turkey|latam|apac|emea|tampa|phoenix|dallas|tulsa|orlando"
    r"|atlanta|austin|albuquerque|kansas\s+city|ohio|texas|florida|boise|omaha|san\s+antonio|el\s+paso"
    r"|tucson|las\s+vegas|salt\s+lake|memphis|jacksonville|louisville|columbus|charlotte|denver|utah"
    r"|arizona|oklahoma|alabama|mississippi|canada|nova\s+scotia|new\s+brunswick|halifax|winnipeg|africa"
    r"|asia|europe|eastern\s+europe|latin\s+america|south\s+america|central\s+america|the\s+caribbean"
    r"|caribbean|middle\s+east"
    # ...and the adjective of a market: "the Honduran market", "our Filipino sites".
    r"|honduran|filipino|philippine|colombian|mexican|guatemalan|salvadoran|jamaican|dominican|costa\s+rican"
    r"|brazilian|peruvian|indian|pakistani|egyptian|kenyan|south\s+african|nigerian|moroccan|polish|romanian"
    r"|bulgarian|portuguese|greek|spanish\s+market|irish|vietnamese|malaysian|indonesian|canadian)\b"
)
