"""The rule runner: one left-to-right pass of word-anchored rules, then valence.

``RuleRunner.signals`` looks every token up in the word table once, settles the
few readings that depend on the previous word ("profit before taxes", "short
interest"), then offers each unused token to the rule families in a fixed
order. The order is part of the behaviour: the first rule that fires on a
token uses it, so e.g. a trade stance wins over a bare direction word.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules import (
    analyst,
    comparisons,
    corporate,
    holders,
    markets,
    quantities,
    results,
    stance,
)
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.corporate import BECOME, FACE_VERBS, HIRE_VERBS
from app.sentiment.rules.deal_acts import DEAL_ACTS, deal_act
from app.sentiment.rules.dispatch import (
    Rule,
    WordRules,
    ends_token,
    fire_first,
    rules_by_word,
    trigger_words,
)
from app.sentiment.rules.markets import (
    BEST,
    CROSS_VERBS,
    MOVE_VERBS,
    OUTNUMBER,
    TIMING_WORDS,
    reframe,
)
from app.sentiment.rules.readings import READING_WORDS, READINGS_BY_WORD
from app.sentiment.rules.senses import SENSE_WORDS, SENSES_BY_WORD
from app.sentiment.rules.table import EMPTY, LEXICON, Info, Signal
from app.sentiment.rules.valence import valence
from app.sentiment.tokens import NUM, WORD, Tokens

# Opposites joined by "and" / "or" name a range, not a direction: "profit or loss",
# "gains and losses on derivatives", "the best and worst airlines", "pros and cons".
_OPPOSITES = frozenset(
    frozenset(pair.split("/"))
    for pair in lx.words(
        "best/worst profit/loss profits/losses gain/loss gains/losses winners/losers "
        "winner/loser gainers/losers ups/downs pros/cons bulls/bears bull/bear "
        "positive/negative positives/negatives good/bad strengths/weaknesses "
        "opportunities/threats upside/downside highs/lows high/low rise/fall"
    )
)
_COORDINATORS = frozenset({"and", "or", "&", "/"})


def _hiring(sentence: Sentence, at: int) -> bool:
    corporate.hiring(sentence, at)
    return False  # the word may still be a deal act ("hire" is also "hire a firm")


# Rules anchored on words the word table need not know, tried in this order; the first
# that fires ends the token. Each entry: (words that open it, rule).
PHRASE_RULES: WordRules = (
    (TIMING_WORDS, markets.timing),
    (MOVE_VERBS, markets.move_object),
    (BEST, markets.best_period),
    (OUTNUMBER, markets.breadth),
    (CROSS_VERBS, markets.crossing),
    (markets.STREAK_WORDS, markets.streak),
    (analyst.BENEFIT_WORDS, analyst.benefit),
    (stance.FLOW_WORDS, stance.investor_flow),
    (stance.TAKE_VERBS, stance.take_profits),
    (stance.ROTATE_VERBS, stance.rotation),
    (holders.STAKE_CHANGES, holders.stake_change),
    (holders.EXIT_PARTICLES, holders.exit_advice),
    (holders.ADVICE_VERBS, holders.advice_to_buy),
    (stance.HOLDING_VERBS, stance.position_change),
    (BECOME, ends_token(corporate.become)),  # with or without a rank after it
    (FACE_VERBS, corporate.facing),
    (HIRE_VERBS, _hiring),
    (DEAL_ACTS, deal_act),
    (results.WITHDRAW_VERBS, results.withdraw),
    (results.REVISE_VERBS, results.revise),
    (results.PAY_VERBS, results.payout_denied),
    (results.IMPACT_ADVERBS, results.impact),
    (results.SURPRISE_WORDS, results.surprise),
)
PHRASE_WORDS: frozenset[str] = trigger_words(PHRASE_RULES)
_PHRASES_BY_WORD = rules_by_word(PHRASE_RULES)


def _old_rating(sentence: Sentence, at: int) -> bool:
    """A rating after "from" is the old one: "to hold from buy"."""
    if at == 0 or sentence.low[at - 1] != "from":
        return False
    sentence.consumed[at] = True
    return True


def _rating_move(sentence: Sentence, at: int) -> bool:
    return at > 1 and analyst.rating_move(sentence, at)


# Rules anchored on what the word table says of a word (an ``Info`` fact), tried in
# this order after the phrase rules; the first that fires ends the token, so e.g. a
# trade stance wins over a bare direction word. Each entry: (facts that open it, rule).
FACT_RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("overcome",), corporate.overcome),
    (("rating", "stance_strong"), _old_rating),
    (("rating_neutral",), _rating_move),
    (("stance_strong", "stance_weak", "option", "rating"), stance.stance),
    (("turn",), quantities.state_change),
    (("beat", "miss"), comparisons.beat_miss),
    (("deal",), corporate.deal),
    (("camp",), ends_token(analyst.camp)),
    (("well",), ends_token(corporate.well)),
    (("level",), ends_token(markets.level)),
    (("closer",), corporate.closure),
    (("comparator",), ends_token(comparisons.figures)),
    (("direction",), ends_token(quantities.direction)),
)
# Each word-table entry's rules, derived from FACT_RULES on first use (the entries are
# the shared objects of the word table, so this stays as small as that table).
_RULES_BY_INFO: dict[Info, tuple[Rule, ...]] = {}


def fact_rules(info: Info) -> tuple[Rule, ...]:
    """The rules of ``FACT_RULES`` that ``info`` opens, in table order."""
    rules = _RULES_BY_INFO.get(info)
    if rules is None:
        rules = tuple(
            rule for facts, rule in FACT_RULES if any(getattr(info, fact) for fact in facts)
        )
        _RULES_BY_INFO[info] = rules
    return rules


class RuleRunner:
    """Stateless rule runner; one instance can be shared by every scorer."""

    def signals(self, tokens: Tokens, is_target: list[bool]) -> list[Signal]:
        low = tokens.low
        kinds = tokens.kind
        size = len(low)
        # Only words are keys of the table (numbers, cashtags and punctuation never are),
        # and a ticker's own name is no word of it: "Best Buy", "United Airlines Holdings".
        infos = [LEXICON.get(word, EMPTY) for word in low]
        if True in is_target:
            for at, named in enumerate(is_target):
                if named:
                    infos[at] = EMPTY
        sentence = Sentence(tokens, infos, is_target)
        for at in range(1, size - 1):
            if low[at] in _COORDINATORS and frozenset((low[at - 1], low[at + 1])) in _OPPOSITES:
                infos[at - 1] = infos[at + 1] = EMPTY  # "profit or loss": a range, no direction
        # Readings that depend on a neighbour ("profit before taxes"), see ``readings``.
        # (A set test first: most words trigger no rule, and it is the cheaper question.)
        for at in range(size):
            word = low[at]
            if word in SENSE_WORDS and fire_first(SENSES_BY_WORD[word], sentence, at):
                continue
            if word in READING_WORDS and at:
                fire_first(READINGS_BY_WORD[word], sentence, at)
        consumed = sentence.consumed

        # Pass 1: rules anchored on one word; a rule that fires ends the token.
        for at in range(size):
            if consumed[at]:
                continue
            kind = kinds[at]
            if kind != WORD:
                if kind == NUM and not markets.signed_percent(sentence, at):
                    comparisons.negative_figure(sentence, at)
                continue
            info = infos[at]
            word = low[at]
            if word in PHRASE_WORDS and fire_first(_PHRASES_BY_WORD[word], sentence, at):
                continue
            if info is not EMPTY:
                try:
                    rules = _RULES_BY_INFO[info]
                except KeyError:
                    rules = fact_rules(info)
                fire_first(rules, sentence, at)

        valence(sentence)
        out = sentence.out
        if sentence.reframes:
            out = reframe(out, low, sentence.reframes)
        return out
