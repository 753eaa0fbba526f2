"""Sources: a name that only tells where a statement comes from ("according to data from
Refinitiv", "said Jane Roe, an economist at Acme Bank", "…, Acme said.", a headline's
"…: Jane Roe, Acme Securities") or who passed a judgement on another ("Acme Securities
downgrades X", "on an Acme downgrade") is not what the statement is about, so no
reading binds to it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import pairwise

from app.sentiment import lexicon as lx
from app.sentiment.tokens import WORD, Tokens

# Between "according to" and the source: "according to preliminary data from X".
_ACCORDING_SKIP = lx.words(
    "the a an data figures estimates estimate from by compiled calculations report reports "
    "survey surveys analysis research preliminary latest official statement filing filings "
    "polls poll people familiar with sources consensus tally tallies"
)
# People quoted for a firm that is not the subject: "an analyst at X", "economists at X".
# (A chief executive or a chairman speaks for the company itself: not here.)
_ROLES = lx.words(
    "analyst analysts strategist strategists economist economists manager managers "
    "officer cio researcher researchers trader traders adviser advisers advisor advisors "
    "professor head partner director"
)
_ROLE_LINKS = lx.words("at with from")
_SPEECH = lx.words(
    "said says wrote writes added adds noted notes told reckon reckons estimated estimates "
    "argued argues warned"
)
_SPEECH_BEFORE = lx.words("said says wrote writes told")
_STAFF = lx.words("analysts economists strategists")
_DATA_VERBS = lx.words("showed shows show")
# What may follow "X said" at the end of a sentence: "… in a research note on Monday".
_TRAILER = lx.words(
    "on in a an its research note notes statement report emailed email interview late "
    "earlier this week today yesterday monday tuesday wednesday thursday friday saturday "
    "sunday last client clients to"
)
_LEADS = frozenset({",", "'", '"', "’", "”", "“", "‘"})


def is_source(low: list[str], start: int, end: int) -> bool:
    """True when the name at ``low[start:end]`` is only the source of its sentence's
    statement."""
    before = low[start - 1] if start > 0 else ""
    if _according(low, start):
        return True
    if before in _ROLE_LINKS and start >= 2:
        role = start - 2
        if low[role] == "the" and role > 0:
            role -= 1
        if low[role] in _ROLES:
            return True  # "said Jane Roe, fund manager at X"
    if before in _SPEECH_BEFORE:
        return True  # "told Reuters", "said Acme Bank"
    if before == "from" and start >= 2 and low[start - 2] == "data":
        return True  # "data from X"
    if _judge(low, end):
        return True
    after = end
    if after < len(low) and low[after] in _STAFF:
        after += 1
    if after + 1 < len(low) and low[after] == "data" and low[after + 1] in _DATA_VERBS:
        return True  # "X data showed"
    if after < len(low) and low[after] in _SPEECH and before in _LEADS:
        # "…, X said." closing the sentence: the statement came before it.
        rest = low[after + 1 :]
        return all(word in _TRAILER or word in _LEADS or word == "." for word in rest)
    return False


# A broker's or an agency's action on someone else: "Acme upgrades X", "X falls on Acme
# downgrade", "Acme slashes Brent price forecasts". (Past forms are left out: "X upgraded
# to buy" names the stock upgraded.)
_JUDGES = lx.words("upgrades downgrades reiterates upgrade downgrade")
_JUDGE_MOVES = lx.words(
    "cut cuts raises raised slashes slashed lifts lifted lowers lowered trims trimmed hikes "
    "hiked revises revised ups"
)
_JUDGED = lx.words("target targets rating ratings estimates")
_JUDGE_REACH = 4
_STARTS = lx.words("starts initiates begins resumes")
_START_LINKS = ("with", "at")
_RATINGS = lx.words(
    "buy sell hold neutral outperform underperform overweight underweight equal-weight "
    "accumulate reduce add market-perform sector-perform"
)


def _judge(low: list[str], end: int) -> bool:
    pos = end + 1 if end < len(low) and low[end] == "'s" else end
    if pos >= len(low):
        return False
    if low[pos] in _JUDGES:
        return True
    window = low[pos + 1 : pos + 1 + _JUDGE_REACH]
    if low[pos] in _STARTS:
        # "Acme starts coverage", "Acme initiates X at 'buy'".
        return "coverage" in window or _rated(window, _START_LINKS)
    if low[pos] not in _JUDGE_MOVES:
        return False
    if any(word in _JUDGED for word in window):
        return True
    # "HSBC cuts to 'underperform'", "Acme cut Indian markets to 'neutral'".
    return _rated(window, ("to",)) or _price_forecast(window)


def _rated(window: list[str], links: Iterable[str]) -> bool:
    """A rating named right after one of ``links`` in ``window``."""
    return any(
        word in links and any(rating in _RATINGS for rating in window[i + 1 : i + 3])
        for i, word in enumerate(window)
    )


def _price_forecast(window: list[str]) -> bool:
    """ "slashes Brent price forecasts": a price forecast is an analyst's."""
    return any(
        word == "price" and nxt in ("forecast", "forecasts") for word, nxt in pairwise(window)
    )


def _according(low: list[str], start: int) -> bool:
    pos = start - 1
    while pos >= 0 and start - pos <= 6 and low[pos] in _ACCORDING_SKIP:
        pos -= 1
    return pos >= 1 and low[pos] == "to" and low[pos - 1] == "according"


_ATTRIBUTION_MAX = 10  # tokens after a headline's closing colon that can name a speaker
_HEADLINE_MIN = 3  # tokens of statement before it


def attributed(tokens: Tokens, start: int, named: Collection[int]) -> bool:
    """True for the firm in a headline's closing attribution: "Would stick to banking:
    Jane Roe, Acme Securities" (a person's name, a comma, then the firm). ``named`` holds
    the positions of every name matched in the sentence: a ticker list after a colon
    ("Top picks for 2025: NVDA, MSFT") is no attribution."""
    low, raw = tokens.low, tokens.raw
    colon = start - 1
    while colon >= 0 and low[colon] != ":":
        colon -= 1
    if colon < _HEADLINE_MIN or ":" in low[start:] or len(low) - colon - 1 > _ATTRIBUTION_MAX:
        return False
    try:
        comma = low.index(",", colon + 1, start)
    except ValueError:
        return False
    person = range(colon + 1, comma)
    return bool(person) and all(
        pos not in named and (tokens.kind[pos] != WORD or raw[pos][:1].isupper()) for pos in person
    )
