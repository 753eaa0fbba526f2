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
from app.sentiment.rules.markets import LEVEL_BEFORE
from app.sentiment.rules.table import Signal
from app.sentiment.tokens import NUM, PCT

# Words after "record" that make it a record result: "record sales", "record high".
RECORD_NEXT = lx.words(
    "high highs level levels year quarter month months period first half high-water close "
    "closes closing"
)
# Valence words that only count before a given word: "lay off".
NEEDS_NEXT = {"lay": "off", "lays": "off", "laying": "off", "laid": "off"}
# Colours that only count as a result state: "closed in the red", "moved into the black".
_STATE_COLOURS = lx.words("red black")
_STATE_LEADS = lx.words("in into")

# Judgements after "too": "the offer was too low", "still too risky" (not "too early to say").
_TOO_JUDGEMENTS = lx.words(
    "low high risky expensive costly pricey weak slow small much many little"
)


def _too_judgement(low: list[str], i: int) -> bool:
    """True for "too" + a judgement word not followed by "to" ("too big to fail")."""
    n = len(low)
    return i + 1 < n and low[i + 1] in _TOO_JUDGEMENTS and (i + 2 >= n or low[i + 2] != "to")


def _record_result(s: Sentence, i: int) -> bool:
    """True for "record" before a result: "record sales", "record high"; over up to two
    fillers only a figure counts: "record net sales", "record full-year operating profit"."""
    if i + 1 < s.n and (s.infos[i + 1].quantity or s.low[i + 1] in RECORD_NEXT):
        return True
    j = i + 1
    while j < s.n and j <= i + 2 and s.infos[j].filler:
        j += 1
    return j > i + 1 and j < s.n and s.infos[j].quantity > 0


def _is_result_state(low: list[str], i: int) -> bool:
    """True for "in red", "in the red", "into the black"."""
    j = i - 1
    if j >= 0 and low[j] == "the":
        j -= 1
    return j >= 0 and low[j] in _STATE_LEADS


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


def _stated_gain(s: Sentence, i: int) -> bool:
    """A figure near the word, or an achieving verb a few words before it."""
    for j in range(max(0, i - _FIGURE_REACH), min(s.n, i + _FIGURE_REACH + 1)):
        if s.kind[j] == PCT or (s.kind[j] == NUM and not is_year(s.tokens, j)):
            return True
    return any(s.low[j] in _ACHIEVE_VERBS for j in range(max(0, i - 4), i))


def _breach_of_obligation(s: Sentence, i: int) -> bool:
    return any(s.low[j] in _OBLIGATIONS for j in range(i + 1, min(s.n, i + 6)))


def _product_recall(s: Sentence, i: int) -> bool:
    for j in range(i + 1, min(s.n, i + 5)):
        if s.kind[j] == NUM or s.low[j] in _RECALLED_ITEMS:
            return True
    return False


def valence(s: Sentence) -> None:
    """Pass 2: valence words not already used by a rule."""
    for i in range(s.n):
        inf = s.infos[i]
        v = inf.valence
        if not v or s.consumed[i]:
            continue
        if s.low[i] in ("record", "records") and not (
            _record_result(s, i) or (i > 0 and s.low[i - 1] in LEVEL_BEFORE)
        ):
            continue  # "shareholders of record" is not a record result
        if s.low[i] in _STATE_COLOURS and not _is_result_state(s.low, i):
            continue
        if s.low[i] == "too" and not _too_judgement(s.low, i):
            continue
        if s.low[i] in _NEEDS_FIGURE and not _stated_gain(s, i):
            continue
        if s.low[i] == "sidelines" and i + 1 < s.n and s.low[i + 1] == "of":
            continue  # "met on the sidelines of the summit": a place, not a stance
        if s.low[i] in _BREACHES and not _breach_of_obligation(s, i):
            continue
        if s.low[i] == "recalled" and not _product_recall(s, i):
            continue
        if s.low[i] in NEEDS_NEXT and (i + 1 >= s.n or s.low[i + 1] != NEEDS_NEXT[s.low[i]]):
            continue
        # The baseline of a comparison ("compared to a loss") is scored by _figures.
        if inf.result_state and is_baseline(s.tokens, s.infos, i):
            continue
        if s.negated(i) or (i > 0 and s.low[i - 1] in lx.FLIP_ADVERBS):
            v = -v
        s.out.append(Signal(i, v, False))
