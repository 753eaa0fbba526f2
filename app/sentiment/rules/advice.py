"""Headline advice: a stance verb that opens a headline is advice to the reader ("Buy
Nike and Adobe", "Avoid aviation stocks", "Do not buy cement stocks: fund manager").
In running text the same verbs usually describe deals, so elsewhere they need a
ticker to act on (see ``stance``)."""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.tokens import Tokens

# What may open the advice: "Add Infosys on dips", "Exit Suzlon".
IMPERATIVES = lx.words("buy sell short avoid add exit reduce trim accumulate long prefer")
# ... after a lead-in: "Do not buy", "Go short in", "Seek an exit from", "Better sell",
# "Right time to buy", "Good time to exit".
_LEADS = lx.words(
    "do not don't dont go seek an better consider time to right good ideal best perfect can one"
)
_LEAD_REACH = 3
_ADVISING = lx.words("should must suggest suggests advise advises recommend recommends")
_GOOD_TIMES = lx.words("right good ideal best perfect")  # "the right time to buy"
_USE = lx.words("use utilise utilize")
# A second clause may open with the advice: "PSU banks shaky, but buy on dips".
_TURNS = lx.words("but so")
_PREPOSITIONS = lx.words("from in on into out of")
HEADLINE_BREAKS = frozenset({":", "-", "–", "—", ";"})
# What the advice may act on besides a name: "Avoid aviation stocks".
_MARKET_NOUNS = lx.words(
    "stocks stock shares scrips counters names sector sectors equities midcaps smallcaps "
    "largecaps bonds gold silver metals banks space companies cos firms lenders"
)
_MARKET_REACH = 4
_NO_NAMES = lx.words("this these that those it them the a an your our why how what when")


def _opening(low: list[str], at: int) -> int:
    """Where the advice starts when the word at ``at`` opens it, past a lead-in; -1 when
    something else comes first."""
    pos = at
    while pos > 0 and low[pos - 1] in _LEADS and at - pos < _LEAD_REACH:
        pos -= 1
    return pos if pos == 0 or low[pos - 1] in HEADLINE_BREAKS else -1


def _second_clause(low: list[str], at: int) -> bool:
    """ "Q4 a blip; buy IT stocks on dips", "trajectory shaky, but buy stocks on dips":
    the advice opens a later clause of a headline."""
    if at >= 2 and low[at - 1] in _TURNS and low[at - 2] in (",", ";"):
        return True
    return at >= 1 and low[at - 1] == ";"


def _advised(low: list[str], at: int) -> bool:
    """ "Investors should avoid X", "Suggest to buy X", "the right time to buy": advice
    wherever it stands."""
    if at >= 3 and low[at - 1] == "to" and low[at - 2] == "time" and low[at - 3] in _GOOD_TIMES:
        return True
    before = low[max(0, at - 8) : at - 1]
    if at >= 2 and low[at - 1] == "to" and any(word in _USE for word in before):
        return True  # "Utilise any correction to buy pharma stocks"
    prev = at - 2 if at >= 2 and low[at - 1] == "to" else at - 1
    return prev >= 0 and low[prev] in _ADVISING


def advice_opens(tokens: Tokens, at: int) -> bool:
    """True when the verb at ``at`` stands where advice does: opening a capitalised
    headline clause (past a lead-in), a headline's later clause, or after an advising
    word."""
    low = tokens.low
    if _advised(low, at) or _second_clause(low, at):
        return True
    opening = _opening(low, at)
    return opening >= 0 and tokens.raw[opening][0].isupper()


def headline_advice(tokens: Tokens, at: int) -> bool:
    """True when the stance verb at ``at`` opens a capitalised headline clause, or follows
    an advising word ("should", "suggest to"), and acts on a name ("Seek an exit from
    SKS") or on the market ("Avoid aviation stocks")."""
    low = tokens.low
    size = len(low)
    if low[at] not in IMPERATIVES or not advice_opens(tokens, at):
        return False
    nxt = at + 1
    if nxt < size - 1 and (
        low[nxt] in _PREPOSITIONS or (low[at] == "short" and low[nxt] == "sell")
    ):
        nxt += 1  # "Seek an exit from SKS", "Go long on Infosys", "Short sell X"
    return advice_object(tokens, nxt)


def advice_object(tokens: Tokens, start: int) -> bool:
    """True when what follows the advice from ``start`` is a name ("Buy Nike"), the
    market ("Avoid aviation stocks"), or nothing ("... time to buy, say experts")."""
    raw = tokens.raw[start] if start < len(tokens.low) else ""
    if raw[:1].isupper() and not raw.isupper() and tokens.low[start] in _NO_NAMES:
        return False  # "Consider This Before Buying ...": a title-case word, no name ("IT" is)
    if raw[:1].isupper() or raw in ("", ",", "it", "them"):
        return True  # a name, the end, or the name again: "Use the fall in X to buy it"
    reach = range(start, min(len(tokens.low), start + _MARKET_REACH))
    return any(tokens.low[pos] in _MARKET_NOUNS for pos in reach)
