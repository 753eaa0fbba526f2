"""Finance valence words: the second pass over words no rule has used.

"Bankruptcy", "robust", "headwinds" carry sentiment by themselves. They are
scored last so that a word a rule already used ("ends probe", "compared to a
loss") does not count twice, and with the few guards that keep common
non-sentiment uses out ("shareholders of record", "lay" without "off").
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.amounts import is_year
from app.sentiment.rules.comparisons import is_baseline
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.dispatch import WordRules, rules_by_word
from app.sentiment.rules.markets import LEVEL_BEFORE
from app.sentiment.rules.table import Signal
from app.sentiment.tokens import NUM, PCT

# Words after "record" that make it a record result: "record sales", "record high".
RECORD_NEXT = lx.words(
    "high highs level levels year quarter month months period first half high-water close "
    "closes closing"
)
# Valence words that only count before one of some words: "lay off", "bear market".
_OFF = frozenset({"off"})
_MARKET_PHASES = lx.words("market markets phase run grip trap territory")
NEEDS_NEXT = {
    **dict.fromkeys(("lay", "lays", "laying", "laid"), _OFF),
    **dict.fromkeys(("bear", "bull"), _MARKET_PHASES),
}
# Colours that only count as a result state: "closed in the red", "moved into the black".
_STATE_COLOURS = lx.words("red black")
_STATE_LEADS = lx.words("in into")

# Judgements after "too": "the offer was too low", "still too risky" (not "too early to say").
_TOO_JUDGEMENTS = lx.words(
    "low high risky expensive costly pricey weak slow small much many little"
)


def _too_judgement(low: list[str], at: int) -> bool:
    """True for "too" + a judgement word not followed by "to" ("too big to fail")."""
    size = len(low)
    return (
        at + 1 < size and low[at + 1] in _TOO_JUDGEMENTS and (at + 2 >= size or low[at + 2] != "to")
    )


def _record_result(sentence: Sentence, at: int) -> bool:
    """True for "record" before a result: "record sales", "record high"; over up to two
    fillers only a figure counts: "record net sales", "record full-year operating profit"."""
    if at + 1 < sentence.n and (
        sentence.infos[at + 1].quantity or sentence.low[at + 1] in RECORD_NEXT
    ):
        return True
    pos = at + 1
    while pos < sentence.n and pos <= at + 2 and sentence.infos[pos].filler:
        pos += 1
    return pos > at + 1 and pos < sentence.n and sentence.infos[pos].quantity > 0


def _is_result_state(low: list[str], at: int) -> bool:
    """True for "in red", "in the red", "into the black"."""
    pos = at - 1
    if pos >= 0 and low[pos] == "the":
        pos -= 1
    return pos >= 0 and low[pos] in _STATE_LEADS


# Gains that count only when stated as a figure or as achieved: "annual savings of
# EUR 2 mn", "expects to achieve savings"; not "savings measures", "these savings".
_NEEDS_FIGURE = lx.words("savings synergies")
_ACHIEVE_VERBS = lx.words(
    "achieve achieves achieved achieving generate generates generated generating deliver "
    "delivers delivered delivering produce produces produced producing derive derives derived "
    "deriving realise realises realised realising realize realizes realized realizing yield "
    "yields yielded"
)
_FIGURE_REACH = 8

# A breach counts when it is of an obligation: "breached its loan covenants", "in breach
# of contract"; not "the vehicle breached the checkpoint" or "a data breach".
_BREACHES = lx.words("breach breaches breached breaching")
_OBLIGATIONS = lx.words(
    "covenant covenants contract contracts terms agreement agreements obligations duty duties "
    "rules law laws regulations sanctions licence license"
)
# "recalled" is a product recall with a count or product after it: "recalled 20,000
# cars"; not "he recalled that".
_RECALLED_ITEMS = lx.words(
    "vehicles cars trucks products units models devices batches batch lots drugs tablets"
)


def _stated_gain(sentence: Sentence, at: int) -> bool:
    """A figure near the word, or an achieving verb a few words before it."""
    for pos in range(max(0, at - _FIGURE_REACH), min(sentence.n, at + _FIGURE_REACH + 1)):
        if sentence.kind[pos] == PCT or (
            sentence.kind[pos] == NUM and not is_year(sentence.tokens, pos)
        ):
            return True
    return any(sentence.low[pos] in _ACHIEVE_VERBS for pos in range(max(0, at - 4), at))


def _breach_of_obligation(sentence: Sentence, at: int) -> bool:
    return any(sentence.low[pos] in _OBLIGATIONS for pos in range(at + 1, min(sentence.n, at + 6)))


def _product_recall(sentence: Sentence, at: int) -> bool:
    for pos in range(at + 1, min(sentence.n, at + 5)):
        if sentence.kind[pos] == NUM or sentence.low[pos] in _RECALLED_ITEMS:
            return True
    return False


def _record_counts(sentence: Sentence, at: int) -> bool:
    """ "record sales", "a new record high"; not "shareholders of record"."""
    return _record_result(sentence, at) or (at > 0 and sentence.low[at - 1] in LEVEL_BEFORE)


def _colour_counts(sentence: Sentence, at: int) -> bool:
    return _is_result_state(sentence.low, at)


def _too_counts(sentence: Sentence, at: int) -> bool:
    return _too_judgement(sentence.low, at)


def _sidelines_count(sentence: Sentence, at: int) -> bool:
    """ "met on the sidelines of the summit" is a place, not a stance."""
    return not (at + 1 < sentence.n and sentence.low[at + 1] == "of")


def _next_word_counts(sentence: Sentence, at: int) -> bool:
    """ "lay off": the word only counts before its partner."""
    return at + 1 < sentence.n and sentence.low[at + 1] in NEEDS_NEXT[sentence.low[at]]


# Valence words that count only in some contexts: (words, guard). A word counts when
# every guard it triggers agrees.
VALENCE_GUARDS: WordRules = (
    (lx.words("record records"), _record_counts),
    (_STATE_COLOURS, _colour_counts),
    (frozenset({"too"}), _too_counts),
    (_NEEDS_FIGURE, _stated_gain),
    (frozenset({"sidelines"}), _sidelines_count),
    (_BREACHES, _breach_of_obligation),
    (frozenset({"recalled"}), _product_recall),
    (frozenset(NEEDS_NEXT), _next_word_counts),
)
_GUARDS_BY_WORD = rules_by_word(VALENCE_GUARDS)


def valence(sentence: Sentence) -> None:
    """Pass 2: valence words not already used by a rule."""
    low, infos = sentence.low, sentence.infos
    for at in range(sentence.n):
        info = infos[at]
        value = info.valence
        if not value or sentence.consumed[at]:
            continue
        guards = _GUARDS_BY_WORD.get(low[at])
        if guards and not all(guard(sentence, at) for guard in guards):
            continue
        # The baseline of a comparison ("compared to a loss") is scored by _figures.
        if info.result_state and is_baseline(sentence.tokens, infos, at):
            continue
        if sentence.negated(at) or (at > 0 and low[at - 1] in lx.FLIP_ADVERBS):
            value = -value
        sentence.out.append(Signal(at, value, False))
