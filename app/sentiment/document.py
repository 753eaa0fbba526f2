"""A note read the way a PM reads it: per-ticker stance and tone, and the overall call.

For each sentence the scorer gives a score (its tone) and the tickers it names. Across
sentences:

- **Focus.** The first ticker a sentence names is in focus until another sentence names
  another. A sentence that names none but refers back ("The company…", "Shares…",
  "The fund…", "It…") is about the ticker in focus and adds its tone to it.
- **Calls.** ``stance.find_calls`` finds explicit calls and binds them to their object.
  A ticker's call, when it has one, decides its stance; the tone only nudges the score.
  A rating beats a position, a position beats a target, the first of a kind wins.
- **No call.** Tone decides, damped when the note makes calls on other tickers (a side
  mention), or when the note states no view at all (a recap of moves: several sentences
  with no author voice). A ticker named only as a benchmark is neutral.
- **Overall.** A stated net effect on exposure ("net exposure is unchanged", "a net add
  to equities") decides; otherwise the calls of the first sentence that makes any (long
  and short legs cancel); otherwise the mean tone, damped the same way.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

from app.sentiment import lexicon as lx
from app.sentiment.results import (
    DocumentScore,
    ScoringBudgetExceeded,
    SentenceScore,
    TickerScore,
    label_for,
)
from app.sentiment.splitter import split_sentences, strip_markdown
from app.sentiment.stance import Call, author_voice, find_calls, versus_leg

if TYPE_CHECKING:
    from app.sentiment.scorer import SentimentScorer

# Weight of a sentence in a mean: |score| + this floor, so opinion counts more than fact.
DOC_WEIGHT_FLOOR = 0.25
# A call sets the stance at ±CALL_WEIGHT; the tone adds TONE_NUDGE of itself.
CALL_WEIGHT = 0.7
TONE_NUDGE = 0.2
# Tone with no call: a side mention next to calls on other tickers, or a recap.
SIDE_DAMP = 0.3
RECAP_DAMP = 0.12
RECAP_MIN_SENTENCES = 3
# Overall of a note that is long some tickers and short others, with no stated net effect.
MIXED_BOOK = 0.5
_NEUTRAL_CAP = 0.14  # a neutral call keeps the stance inside the neutral band
_PRIORITY = {"rating": 0, "position": 1, "hedge": 1, "rotation": 1, "preference": 1}
_BACK_REF_OPENERS = lx.words(
    "the it its it's shares they their this that these those company fund index stock"
)
_BACK_REF_NOUNS = lx.words(
    "company company's fund fund's shares stock stock's index etf name group firm bank "
    "business it its it's they their"
)
_EXPOSURE = lx.words("exposure exposures delta invested")
# "Allocation" is the book's only when qualified: "total allocation unchanged", not "our
# SPY allocation is unchanged".
_ALLOCATION = lx.words("allocation allocations")
_BOOK_WIDE = lx.words("total overall net equity portfolio")
_NET_FLAT = lx.words(
    "unchanged flat dollar-neutral beta-neutral market-neutral offset offsetting neutral zero "
    "same unaltered constant"
)
_NET_UP = lx.words(
    "rises rise rising raises raise lifts lift increase increases adds add addition higher more"
)
_NET_DOWN = lx.words(
    "falls fall falling cuts cut lowers lower reduces reduce reduction trims down less"
)
_NET_NONE = lx.words("no")
_OWN_BOOK = lx.words("we our us net total overall portfolio portfolio's")


def _refers_back(low: list[str]) -> bool:
    """ "The company…", "Shares…", "It…", "Its margin…": the sentence continues about the
    ticker in focus."""
    head = low[:3]
    if not head:
        return False
    if head[0] in ("it", "its", "it's", "shares", "they", "their"):
        return True
    return head[0] in _BACK_REF_OPENERS and any(weight in _BACK_REF_NOUNS for weight in head[1:])


def net_exposure(low: list[str]) -> float | None:
    """The stated net effect of the trades on exposure, if the sentence states one."""
    text = set(low)
    if text & {"dollar-neutral", "beta-neutral", "market-neutral"}:
        return 0.0
    # Only the author's book counts: "systematic strategies have cut exposure" reports
    # what others did, "we cut exposure" / "net exposure falls" is the call.
    if not text & _OWN_BOOK:
        return None
    book_wide = any(
        word in _ALLOCATION and any(w in _BOOK_WIDE for w in low[max(0, pos - 2) : pos])
        for pos, word in enumerate(low)
    )
    if not text & _EXPOSURE and "net" not in text and not book_wide:
        return _risk_taken(low)
    if (
        "net" in text
        and not text & _EXPOSURE
        and not book_wide
        and not text & {"add", "addition", "increase"}
    ):
        return _risk_taken(low)
    if text & _NET_FLAT or ("no" in text and "net" in text) or _no_change(low):
        return 0.0
    if text & _NET_UP:
        return 1.0
    if text & _NET_DOWN:
        return -1.0
    return None


def _no_change(low: list[str]) -> bool:
    """ "… leaves net exposure where it was", "exposure does not change": no change."""
    return any(
        low[pos : pos + 3] in (["where", "it", "was"], ["where", "it", "is"])
        or (low[pos] in ("not", "n't", "no") and low[pos + 1 : pos + 2] == ["change"])
        for pos in range(len(low))
    )


def _risk_taken(low: list[str]) -> float | None:
    """ "We add equity risk", "the portfolio takes on more risk", "risk is being taken
    down": risk as the book's exposure, in the book's own voice and with the direction
    next to it (not "the main risk is a cut in rates")."""
    for pos, word in enumerate(low):
        if word != "risk" or not any(w in _OWN_BOOK for w in low[max(0, pos - 6) : pos]):
            continue
        # "we add equity risk", "takes on more risk", "risk is being taken down"
        near = low[max(0, pos - 3) : pos] + low[pos + 1 : pos + 5]
        verb = next((w for w in near if w in _NET_UP | _NET_DOWN), None)
        if verb is not None:
            return 1.0 if verb in _NET_UP else -1.0
    return None


def _mean(pairs: list[float]) -> float:
    num = den = 0.0
    for value in pairs:
        weight = abs(value) + DOC_WEIGHT_FLOOR
        num += weight * value
        den += weight
    return num / den if den else 0.0


def _squash(raw: float) -> float:
    return round(max(-1.0, min(1.0, raw)), 4)


def _call_dict(call: Call, sentence: int, text: str) -> dict[str, Any]:
    return {"kind": call.kind, "value": call.value, "text": text, "sentence": sentence}


def score_document(
    scorer: SentimentScorer, text: str, budget: float | None = None, recaps: bool = True
) -> DocumentScore:
    """``recaps=False`` reads a text with no author voice at its tone: reported news,
    where the moves told are the sentiment (see ``targets.target_scorer``)."""
    deadline = None if budget is None else time.monotonic() + budget
    sentences: list[SentenceScore] = []
    tones: dict[str, list[float]] = {}
    mentions: dict[str, int] = {}
    named: set[str] = set()  # named other than as a benchmark somewhere
    calls: dict[str, tuple[Call, int]] = {}
    first_calls: list[Call] = []
    with_calls: set[int] = set()  # the sentence that holds the first calls
    net: float | None = None
    voiced = False
    focus: tuple[str, ...] = ()
    for index, sentence in enumerate(split_sentences(strip_markdown(text))):
        if deadline is not None and time.monotonic() >= deadline:
            raise ScoringBudgetExceeded(budget or 0.0)
        analysis = scorer._analyse(sentence)
        sentences.append(
            SentenceScore(
                sentence,
                analysis.score,
                label_for(analysis.score),
                analysis.tickers,
                analysis.explain(),
            )
        )
        low = analysis.tokens.low if analysis.tokens is not None else []
        voiced = voiced or author_voice(low)
        for sym, count in analysis.mentions.items():
            mentions[sym] = mentions.get(sym, 0) + count
        for sym, value in analysis.ticker_scores.items():
            tones.setdefault(sym, []).append(value)
        named.update(sym for sym in analysis.tickers if sym not in analysis.bench)
        subject = [m for m in analysis.found if m.in_universe and m.symbol not in analysis.bench]
        # "The stock has beaten the S&P 500 …": the subject is still the ticker in focus.
        back = bool(focus) and _refers_back(low) and not (subject and subject[0].start < 2)
        if back and not analysis.tickers:
            for sym in focus:
                tones.setdefault(sym, []).append(analysis.score)
        found = (
            find_calls(analysis.tokens, analysis.found, focus)
            if analysis.tokens is not None
            else []
        )
        if analysis.sources:
            # "BofA downgrades to neutral": the broker judges, it is not judged.
            found = [call for call in found if not set(call.symbols) <= analysis.sources]
        legs = [
            leg
            for c in found
            if (leg := versus_leg(analysis.tokens, analysis.found, c)) is not None
        ]
        found += [leg for leg in legs if not any(set(leg.symbols) & set(c.symbols) for c in found)]
        for call in found:
            for sym in call.symbols:
                old = calls.get(sym)
                if old is None or _PRIORITY.get(call.kind, 2) < _PRIORITY.get(old[0].kind, 2):
                    calls[sym] = (call, index)
        if found and not first_calls:
            # The first calls are the note's position; what follows argues around them.
            with_calls.add(index)
            first_calls = found
        stated = net_exposure(low)
        if stated is not None and net is None:
            net = stated
        if subject and not back:
            focus = (subject[0].symbol,)
    recap = (
        recaps
        and bool(mentions)
        and not voiced
        and not calls
        and len(sentences) >= RECAP_MIN_SENTENCES
    )
    tickers: dict[str, TickerScore] = {}
    for sym in sorted(mentions, key=lambda s: (scorer._order(s), s)):
        tone = round(_mean(tones.get(sym, [])), 4)
        found_call = calls.get(sym)
        if found_call is not None:
            call, index = found_call
            if call.value:
                stance = CALL_WEIGHT * call.value + TONE_NUDGE * tone
            else:
                stance = max(-_NEUTRAL_CAP, min(_NEUTRAL_CAP, TONE_NUDGE * tone))
            evidence = sentences[index].text
            call_json = _call_dict(call, index, evidence)
        else:
            call_json = None
            if sym not in named:
                stance = 0.0
            elif calls:
                stance = SIDE_DAMP * tone
            elif recap:
                stance = RECAP_DAMP * tone
            else:
                stance = tone
        score = _squash(stance)
        tickers[sym] = TickerScore(score, label_for(score), mentions[sym], tone, call_json)
    signs = {math.copysign(1.0, c.value) for c, _ in calls.values() if c.value}
    scores = [s.score for s in sentences]
    thesis = [score for i, score in enumerate(scores) if i not in with_calls]
    overall = _overall(net, first_calls, scores, thesis, recap, tickers)
    if net is None and len(signs) > 1 and _legs_net(first_calls):
        overall = round(MIXED_BOOK * overall, 4)  # a cut funded into longs: milder net call
    return DocumentScore(overall, label_for(overall), tuple(sentences), tickers)


def _legs_net(first_calls: list[Call]) -> float:
    """Net direction of the first calls, one vote per leg: "long SPY/QQQ, short VTWO"
    is one long leg and one short leg, a pair that nets to zero, not two longs to one
    short."""
    seen: set[str] = set()
    total = 0.0
    # A rating outranks a position on the same name ("initiate on X with a Hold").
    for call in sorted(first_calls, key=lambda c: _PRIORITY.get(c.kind, 2)):
        if not seen.issuperset(call.symbols):
            total += call.value
            seen.update(call.symbols)
    return total


def _overall(
    net: float | None,
    first_calls: list[Call],
    scores: list[float],
    thesis: list[float],
    recap: bool,
    tickers: dict[str, Any],
) -> float:
    """The note's overall call: a stated net exposure, else the first calls' net
    direction, else (a pair that nets out) the tone of the sentences that argue the
    thesis around the calls; a switch that nets out is neutral; a note without calls
    takes the tone of the whole note."""
    if net is not None:
        return _squash(CALL_WEIGHT * net)
    if first_calls:
        total = _legs_net(first_calls)
        if total:
            return _squash(CALL_WEIGHT * math.copysign(1.0, total))
        # A pair or a hedge that nets out: the thesis around it says which way the note
        # leans. A switch or rotation funds one leg with the other: neutral by design.
        sides = {math.copysign(1.0, c.value) for c in first_calls if c.value}
        switch = any(c.kind == "rotation" for c in first_calls)
        return _squash(_mean(thesis)) if sides == {1.0, -1.0} and not switch and thesis else 0.0
    tone = _mean(scores)
    if len(tickers) == 1:
        only = next(iter(tickers.values()))
        return only.score
    return _squash(RECAP_DAMP * tone if recap else tone)
