"""Text as the screen sees it: normalised for matching, with offsets back into what the author wrote.

Matching is case- and accent-insensitive in five languages ("Vertragsstrafe" = "vertragsstrafe",
"rémunération" = "remuneration"), but the evidence a moderator sees must be an exact substring of the
original message. ``Normalised`` keeps, for every character of the normalised text, the index of the
original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# Longer texts are screened on their first MAX_CHARS characters only: ideas are capped well below this by
# the room (CONTRACTS §2, "text too long"), and a bound keeps every screening fast whatever the caller.
MAX_CHARS = 4000

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character casefolded, accents dropped: "É" -> "e", "ß" -> "ss", "’" -> "'"."""
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or " "


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str
    # origin[i] is the index in ``original`` of the character text[i] came from; None: the same index.
    origin: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that text[start:end] came from."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        begin, finish = self.span(start, end)
        return self.original[begin:finish]


def normalise(original: str) -> Normalised:
    original = original[:MAX_CHARS]
    if original.isascii() and "`" not in original:
        return Normalised(original, original.lower(), None)  # the common case, and 1:1
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(original):
        folded = char.lower() if char.isascii() and char != "`" else _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return Normalised(original, "".join(pieces), tuple(origin))


# --- Tokens --------------------------------------------------------------------------------------------
# A token is a word (letters, inner apostrophes and hyphens: "let's", "sign-on") or a figure with its
# currency or percent sign. Figures become shape tokens so the model learns "an amount per hour", not
# "17.25". Python's ``re`` is far faster than RE2 here (one match object a token); every quantifier is
# possessive (``*+``, ``++``) and no two alternatives can start the same run, so nothing is ever
# re-scanned: time is linear in the text whatever it holds.
_TOKEN = re.compile(
    r"(?P<money>[$€£¥₱₹]\s?+\d[\d.,']*+k?+|\d[\d.,']*+\s?+(?:[$€£¥₱₹]|k\b))"
    r"|(?P<pct>\d[\d.,]*+\s?+%)"
    r"|(?P<num>\d[\d.,]*+)"
    r"|(?P<word>[^\W\d_]++(?:['\-][^\W\d_]++)*+)"
)
_MONEY_WORDS = frozenset(
    "dollar dollars dolares dolar bucks buck usd eur euro euros reais real pesos peso cents centavos"
    " centimes cent pounds gbp rupees php soles".split()
)
_PERCENT_WORDS = frozenset("percent pct prozent pourcent porcentaje por cento pontos points pts bps".split())


class Token(NamedTuple):  # a tuple, not a dataclass: a message has hundreds and they are built per screening
    text: str  # the word as matched in normalised text, or a shape: "<num>", "<money>", "<pct>"
    start: int  # offsets in the normalised text
    end: int

    @property
    def is_figure(self) -> bool:
        return self.text[0] == "<"


def tokens(text: str) -> list[Token]:
    """Tokens of a normalised text."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        shape = match.group() if kind == "word" else f"<{kind}>"
        found.append(Token(shape, match.start(), match.end()))
    # A bare figure takes its meaning from the word after it: "18 dollars", "12 percent".
    for i in range(len(found) - 1):
        if found[i].text == "<num>":
            following = found[i + 1].text
            if following in _MONEY_WORDS:
                found[i] = Token("<money>", found[i].start, found[i].end)
            elif following in _PERCENT_WORDS:
                found[i] = Token("<pct>", found[i].start, found[i].end)
    return found


# --- Function words ------------------------------------------------------------------------------------
# Never quoted to a moderator as evidence on their own (CONTRACTS §3 / the moderator's queue): a hit that
# says "the" or "de" tells nobody anything. Accent-free, as normalised text is.
STOPWORDS = frozenset(
    # English
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can can't could couldn't did didn't do does doesn't doing don't down during
    each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just
    let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
    out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're they've this those
    through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
    when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves also yes yeah ok okay hey hi lol u ur im gonna wanna
    got get gets like really still even ever every everyone anyone someone something anything thing
    things way much many lot lots one two us will shall may might must ll re ve""".split()
    # Spanish
    + """el la los las un una unos unas de del al a y o u e ni que en es son ser fue era por para con sin
    sobre entre se su sus lo le les me mi mis te tu tus nos nuestro nuestra nuestros nuestras vuestro
    ustedes usted ellos ellas el ella yo tu nosotros vosotros este esta estos estas ese esa esos esas
    aquel mas muy ya pero como cuando donde quien cual todo todos toda todas otro otra otros otras
    hay han ha he hemos estan esta estamos tiene tienen tenemos si no tambien hasta desde porque cada""".split()
    # German
    + """der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine keinen
    ist sind war waren bin bist sein seine ihr ihre ihren unser unsere unseren euer eure wir ich du er sie
    es man mit von zu zum zur im in am an auf aus bei fur uber unter nach vor um als wie wenn dass auch
    noch schon nur sehr so da dann hier dort was wer wo hat haben habe wird werden wurde kann konnen soll
    sollte mehr alle allen jeder jede dies diese dieser diesen denn doch ja nein mal uns euch""".split()
    # French
    + """le la les l un une des du de d au aux et ou mais ni que qu qui quoi dont ou en dans sur sous
    par pour avec sans chez ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes ton ta
    tes je j tu il elle on nous vous ils elles me m te t se s lui y est sont etait etre a ai as avons avez
    ont fait plus tres bien aussi comme si ne pas tout tous toute toutes c ca cela ceci""".split()
    # Portuguese
    + """o os a as um uma uns umas de do da dos das no na nos nas em e ou mas que se por para com sem
    sobre entre ao aos pelo pela pelos pelas seu sua seus suas nosso nossa nossos nossas voces voce eles
    elas ele ela eu nos isso isto esse essa esses essas este esta estes estas aquele muito mais ja como
    quando onde quem qual todo todos toda todas outro outra tem temos sao foi ser estar estamos ha nao
    sim tambem ate desde porque cada vamos""".split()
)


def is_content(token: Token) -> bool:
    """A word that can stand as evidence: not a function word, not a bare figure, not a lone letter."""
    return not token.is_figure and len(token.text) > 1 and token.text not in STOPWORDS


# --- Language ------------------------------------------------------------------------------------------
# A guess good enough to pick the model's threshold for the language (bench/train_screen_model.py sets
# one per language: the model is surer of English, which most of its training data is in). Words that
# mark one language most; a word of several languages counts for each, divided among them.
LANGUAGES = ("en", "es", "de", "fr", "pt")
_MARKERS = {
    "en": """the and we our you is are to of for with what how it this that they be have do don't i my your
        at on an was were will would should can let's us if or not about their them there here any a we're
        we'll we've i'm it's that's they're you're isn't can't won't per from by""",
    "es": """el la los las y en un una por para con nuestro nuestra nuestros nosotros ustedes es del al
        lo como pero mas muy esta hay cuanto cuantos que todos vamos tenemos estamos somos sus ellos menos no
        tiene tienen desde hasta porque cada podemos ninguna""",
    "de": """der die das und ist wir ihr nicht mit von zu den dem ein eine auf fur auch sind haben uns euch
        unser unsere unseren bei im wie was es ich sie euer eure keiner alle wenn dass noch schon""",
    "fr": """le la les et est nous vous on des du un une pour avec pas ne que qui sur dans au aux ce cette
        notre nos votre vos c'est chez sont avons ils leur tous chaque sans tres aussi mais quels quel
        quelle leurs ont fait faire d'un d'une qu'on l'an cela ca""",
    "pt": """o a os as e em no na um uma que para com nao nos voces nosso nossa nossos pra gente esta sao
        mais por do da dos das seu sua isso temos estamos vamos tem""",
}
_MARK: dict[str, tuple[tuple[str, float], ...]] = {}
for _lang, _words in _MARKERS.items():
    for _word in set(_words.split()):
        _MARK[_word] = (*_MARK.get(_word, ()), (_lang, 1.0))
_MARK = {w: tuple((lang, 1.0 / len(langs)) for lang, _ in langs) for w, langs in _MARK.items()}
# Letters only one or two of the five languages write (checked on the original, accented text).
_LETTERS = dict.fromkeys("ñ¿¡", "es") | dict.fromkeys("ßäöü", "de") | dict.fromkeys("ãõ", "pt")
_LETTERS |= dict.fromkeys("çèêàœùûî", "fr")
# Word endings: Portuguese "-ção/-ções" and Spanish "-ción" lose their accents, but keep these shapes.
_ENDINGS = (("cao", "pt"), ("coes", "pt"), ("cion", "es"), ("ciones", "es"), ("ung", "de"), ("keit", "de"))


@lru_cache(maxsize=4096)  # small: see concepts.concepts_of
def _word_languages(word: str) -> tuple[tuple[str, float], ...]:
    found = list(_MARK.get(word, ()))
    for ending, lang in _ENDINGS:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            found.append((lang, 0.5))
    return tuple(found)


def guess_language(original: str, toks: list[Token]) -> str:
    """ "en", "es", "de", "fr" or "pt": the language whose marker words and letters the text has most of;
    English when nothing marks any (figures only, or a single unknown word)."""
    score = dict.fromkeys(LANGUAGES, 0.0)
    for tok in toks:
        for lang, weight in _word_languages(tok.text):
            score[lang] += weight
    if not original.isascii():
        for char in set(original.lower()):
            lang = _LETTERS.get(char)
            if lang:
                score[lang] += 1.0
    best = max(LANGUAGES, key=lambda lang: (score[lang], lang == "en"))
    return best if score[best] > 0 else "en"
