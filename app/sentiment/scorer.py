"""Finance sentiment scorer: VADER plus the project's own finance layer.

Pure functions and immutable results: text in, scores out (no I/O, no clock).

How a sentence is scored
    1. Tokenise once (``tokens.tokenize``) and find tickers (``entities``).
    2. The finance rules (``rules``) produce signed signals: direction ×
       quantity, state changes, comparisons, stance, finance valence words.
    3. VADER scores the general tone of the sentence with our finance words
       removed from its lexicon (so nothing counts twice) and with "less",
       "failed to", "unable to" read as negators. Its compound is damped
       (``VADER_WEIGHT``): in company news most VADER-positive words sit in
       neutral, factual sentences.
    Clause weights (``clauses``): signals before "but"/"however", inside a "despite …" phrase,
       an "after …" clause or the reason after a move ("slides as …", "rose on …")
       count less than the main statement.
    4. ``score = tanh(sum of signals + VADER_WEIGHT × compound)``, so one clear
       finance statement (signal ≈ 1) lands in the "positive" band and weak
       general tone alone stays neutral or mild.

Per-ticker scores
    Each signal binds to the nearest ticker (stance words to the ticker that
    follows them: "long SPY/QQQ, short VTWO"). Tickers joined by "/", ",",
    "and", "or" form one group and share the signals bound to it. A sentence
    with a single ticker group gives it the whole sentence score. A ticker right
    after a comparison or pairing word ("outperformed the S&P 500", "short NVDA
    against QQQ", "long MSFT versus QQQ") is the benchmark or hedge leg: it takes
    half of the opposite of what its clause says about the subject.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from app.sentiment import learned
from app.sentiment import lexicon as lx
from app.sentiment.benchmarks import benchmark_lead
from app.sentiment.clauses import clause_weights
from app.sentiment.entities import Mention, TargetMatcher
from app.sentiment.results import (
    ENGINE_VERSION,
    LABELS,
    DocumentScore,
    ScoringBudgetExceeded,
    SentenceScore,
    TickerScore,
    coarse_label,
    label_for,
)
from app.sentiment.rules import LEXICON, SCORED_WORDS, RuleRunner, Signal
from app.sentiment.sources import attributed, is_source
from app.sentiment.splitter import split_sentences
from app.sentiment.tokens import Tokens, tokenize

__all__ = [
    "ENGINE_VERSION",
    "LABELS",
    "DocumentScore",
    "ScoringBudgetExceeded",
    "SentenceScore",
    "SentimentScorer",
    "TickerScore",
    "coarse_label",
    "label_for",
    "split_sentences",
]


# Weight of VADER's general tone next to the finance signals (see module docstring).
VADER_WEIGHT = 0.15
VADER_WEIGHT_NEGATIVE = VADER_WEIGHT
_QUESTION_DISCOUNT = 0.1
# Document aggregation: weight of a sentence is |score| + this floor (see score_document).
_DOC_WEIGHT_FLOOR = 0.25
_GROUP_JOINERS = frozenset({"/", ",", "and", "&", "or", "+"})
# The benchmark takes the other side of the statement, damped: the pair's loser
# (or the hedge leg) reads mildly the opposite way.
_BENCHMARK_FACTOR = 0.5
_CLAUSE_BREAKS = frozenset({";", ".", ":", "but", "however", "while", "whereas"})
_STANCE_REACH = 8  # tokens a stance word looks ahead for its ticker
_VADER_NEGATOR_RE = re.compile(
    r"\b(?:less|failed to|fails to|fail to|failing to|unable to|no longer)\b", re.IGNORECASE
)

_PUNCTUATION = string.punctuation


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    """One shared analyser whose lexicon leaves finance words to our rules."""
    analyser = SentimentIntensityAnalyzer()
    lexicon = analyser.lexicon
    for word in SCORED_WORDS:
        lexicon.pop(word, None)
    for word, value in lx.VADER_OVERRIDES.items():
        if value:
            lexicon[word] = value
        else:
            lexicon.pop(word, None)
    return analyser


_RUNNER = RuleRunner()
_LEXICON_COMPOUNDS = frozenset(w for w in LEXICON if "-" in w)


def _squash(raw: float) -> float:
    return round(math.tanh(raw), 4)


class _Analysis:
    """Raw result for one sentence before labels are attached."""

    __slots__ = ("adjustment", "bench", "evidence", "found", "mentions", "score")
    __slots__ += ("sources", "ticker_adjustments", "ticker_scores", "tickers", "tokens")

    def __init__(
        self,
        score: float,
        tickers: tuple[str, ...],
        ticker_scores: dict[str, float],
        mentions: dict[str, int],
    ) -> None:
        self.score = score
        self.tickers = tickers
        self.ticker_scores = ticker_scores
        self.mentions = mentions
        self.tokens: Tokens | None = None
        self.found: list[Mention] = []
        self.bench: frozenset[str] = frozenset()  # named only as a benchmark or a source
        self.sources: frozenset[str] = frozenset()  # named only as a source or a judge
        self.evidence = learned.NO_EVIDENCE  # what the learned layer reads besides words
        # What the learned layer added to the rule runner's score (see ``learned``).
        self.adjustment = 0.0
        self.ticker_adjustments: dict[str, float] = {}

    def explain(self) -> dict[str, object] | None:
        """What the learned layer changed here (see ``SentenceScore.learned``)."""
        if not self.adjustment and not self.ticker_adjustments:
            return None
        return {"score": self.adjustment, "tickers": dict(self.ticker_adjustments)}


def _may_have_tone(lexicon: Mapping[str, float], text: str) -> bool:
    """False only when VADER surely scores ``text`` 0: no emoji (VADER reads emoji as
    words) and no whitespace token of it, as is or stripped of punctuation the way
    VADER strips it, in the lexicon."""
    if not text.isascii():
        return True
    for word in text.lower().split():
        if word in lexicon or word.strip(_PUNCTUATION) in lexicon:
            return True
    return False


def _nearest_group(
    pos: int, candidates: list[int], starts: list[int], groups: list[list[Mention]]
) -> int:
    """The group of ``candidates`` (indices in text order) nearest to token ``pos``: the
    last one starting at or before it, or the next one when that is strictly closer
    (ties go to the preceding name: the subject usually comes first); ``starts`` are the
    candidates' first tokens. -1 when there is none."""
    ahead = bisect_right(starts, pos)  # candidates[:ahead] start at or before pos
    before = candidates[ahead - 1] if ahead else -1
    after = candidates[ahead] if ahead < len(candidates) else -1
    if before < 0:
        return after
    if after < 0:
        return before
    end = groups[before][-1].end
    dist_before = 0 if pos < end else pos - end + 1
    return before if dist_before <= groups[after][0].start - pos else after


def _clause_numbers(low: list[str], starts: list[int]) -> list[int]:
    """Each token's clause number. Besides the clause breaks, a comma right before a
    name opens a new clause when a name came earlier in the same one: "Japan shares hit
    a 15-year high, BOJ stays the course" tells of two subjects."""
    first = set(starts)
    clause_of = []
    clause = 0
    seen_name = False
    for pos, word in enumerate(low):
        if (word in _CLAUSE_BREAKS and word != ".") or (
            word == "," and seen_name and pos + 1 in first
        ):
            clause += 1
            seen_name = False
        seen_name = seen_name or pos in first
        clause_of.append(clause)
    return clause_of


def _symbols_where(groups: list[list[Mention]], flags: list[bool]) -> frozenset[str]:
    """The symbols of the groups whose flag is set."""
    return frozenset(
        mention.symbol
        for group, flag in zip(groups, flags, strict=True)
        if flag
        for mention in group
    )


class SentimentScorer:
    """Scores sentences and documents for a ticker universe and the names of its symbols.

    The scorer has no universe of its own: callers pass ``Settings.tickers`` (or
    ``universe``) and ``Settings.ticker_aliases``, the one source of both.
    """

    def __init__(
        self,
        symbols: Iterable[str],
        aliases: Mapping[str, Iterable[str]],
        use_learned: bool = True,
    ) -> None:
        self._matcher = TargetMatcher(symbols, aliases)
        self.symbols = self._matcher.symbols
        self._compounds = _LEXICON_COMPOUNDS | self._matcher.compounds
        self._vader = _vader()
        # The learned layer (None: rules only, as when training that layer).
        self._layer = learned.model() if use_learned else None

    # -- sentences -------------------------------------------------------------

    def score_sentence(self, text: str) -> float:
        """Score of one sentence in [−1, 1] (the text is not split)."""
        return self._analyse(text, with_tickers=False).score

    def _analyse(self, text: str, with_tickers: bool = True) -> _Analysis:
        tokens = tokenize(text, self._compounds)
        mentions = self._matcher.find(tokens)
        is_target = [False] * len(tokens.low)
        for mention in mentions:
            for pos in range(mention.start, mention.end):
                is_target[pos] = True
        signals = _RUNNER.signals(tokens, is_target)
        weights = clause_weights(tokens.low)
        compound = self._vader_compound(text)
        tone = compound * (VADER_WEIGHT if compound >= 0 else VADER_WEIGHT_NEGATIVE)
        total = tone + sum(s.value * weights[s.pos] for s in signals)
        if text.rstrip().endswith("?"):
            total *= _QUESTION_DISCOUNT  # "Is X a buy?" asks; it does not assert
        score = _squash(total)
        if not with_tickers or not mentions:
            result = _Analysis(score, (), {}, {})
        else:
            result = self._per_ticker(score, tone, signals, weights, mentions, tokens)
        result.tokens = tokens
        result.found = mentions
        result.evidence = learned.Evidence([(s.pos, s.value) for s in signals], compound)
        if self._layer is not None:
            learned.apply(self._layer, result, tokens.low, learned.is_prose(text), result.evidence)
        return result

    def _vader_compound(self, text: str) -> float:
        """VADER's compound for the general tone. Most sentences in company news hold no
        word of VADER's lexicon (once our finance words are taken out); VADER gives them
        exactly 0, so they skip it."""
        if not _may_have_tone(self._vader.lexicon, text):
            return 0.0
        return self._vader.polarity_scores(_VADER_NEGATOR_RE.sub("not", text))["compound"]

    @staticmethod
    def _per_ticker(
        score: float,
        tone: float,
        signals: list[Signal],
        weights: list[float],
        mentions: list[Mention],
        tokens: Tokens,
    ) -> _Analysis:
        low = tokens.low
        # Group mentions joined by "/", ",", "and": "long SPY/QQQ" binds to both.
        groups: list[list[Mention]] = []
        for mention in mentions:
            if groups:
                prev = groups[-1][-1]
                between = low[prev.end : mention.start]
                if len(between) <= 2 and all(w in _GROUP_JOINERS for w in between):
                    groups[-1].append(mention)
                    continue
            groups.append([mention])
        counts: dict[str, int] = {}
        for mention in mentions:
            if mention.in_universe:
                counts[mention.symbol] = counts.get(mention.symbol, 0) + 1
        tickers = tuple(counts)
        if not tickers:
            return _Analysis(score, (), {}, {})
        leads = [benchmark_lead(low, group[0].start) for group in groups]
        # A source ("according to X", "…, X said") takes no reading: it is neutral.
        name_tokens = {pos for mention in mentions for pos in range(mention.start, mention.end)}
        sources = [
            is_source(low, group[0].start, group[-1].end)
            or attributed(tokens, group[0].start, name_tokens)
            for group in groups
        ]
        bench = [lead >= 0 or source for lead, source in zip(leads, sources, strict=True)]
        if len(groups) == 1 and not bench[0]:
            return _Analysis(score, tickers, dict.fromkeys(tickers, score), counts)

        totals = [0.0 if source else tone for source in sources]
        starts = [group[0].start for group in groups]
        # A reading binds to a name of its own clause; one in a clause without a name is
        # about a subject outside the universe ("Shares slip; China, India lead gains").
        clause_of = _clause_numbers(low, starts)
        # Each clause's non-benchmark groups in text order, and where they start.
        by_clause: dict[int, tuple[list[int], list[int]]] = {}
        for group_index, start in enumerate(starts):
            if not bench[group_index]:
                indices, firsts = by_clause.setdefault(clause_of[start], ([], []))
                indices.append(group_index)
                firsts.append(start)
        for sig in signals:
            best = -1
            if sig.prefers_following:
                # The first group that starts within reach after a stance word.
                group_index = bisect_left(starts, sig.pos)
                while group_index < len(groups) and starts[group_index] <= sig.pos + _STANCE_REACH:
                    if not bench[group_index]:
                        best = group_index
                        break
                    group_index += 1
            if best < 0:
                indices, firsts = by_clause.get(clause_of[sig.pos], ([], []))
                best = _nearest_group(sig.pos, indices, firsts, groups)
            if best >= 0:  # otherwise it binds to a subject outside the universe
                totals[best] += sig.value * weights[sig.pos]
        for group_index, lead in enumerate(leads):
            if lead >= 0:
                clause = lead - 1
                while clause >= 0 and low[clause] not in _CLAUSE_BREAKS:
                    clause -= 1
                other = sum(s.value * weights[s.pos] for s in signals if clause < s.pos <= lead)
                totals[group_index] -= _BENCHMARK_FACTOR * other
        per: dict[str, float] = {}
        for group_index, group in enumerate(groups):
            value = _squash(totals[group_index])
            for mention in group:
                if mention.in_universe:
                    # A ticker named in two groups keeps its strongest reading.
                    old = per.get(mention.symbol)
                    if old is None or abs(value) > abs(old):
                        per[mention.symbol] = value
        result = _Analysis(score, tickers, per, counts)
        named = {
            mention.symbol
            for group_index, group in enumerate(groups)
            if not bench[group_index]
            for mention in group
        }
        result.bench = _symbols_where(groups, bench) - named
        result.sources = _symbols_where(groups, sources) - named
        return result

    # -- documents ---------------------------------------------------------------

    def score_document(
        self, text: str, budget: float | None = None, recaps: bool = True
    ) -> DocumentScore:
        """Score a note (Markdown allowed): sentence scores, each ticker's stance and
        tone, and the note's overall stance (see ``app.sentiment.document``).

        ``budget`` bounds the wall time in seconds: past it, ``ScoringBudgetExceeded``
        is raised between sentences, so a request can't hold a worker indefinitely.
        """
        from app.sentiment.document import score_document

        return score_document(self, text, budget, recaps)

    def _order(self, symbol: str) -> int:
        try:
            return self.symbols.index(symbol)
        except ValueError:
            return len(self.symbols)
