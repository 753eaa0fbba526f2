"""Reading figures out of a token window: a number with its unit, skipping years.

The comparison rule ("EUR 5m compared with EUR 4m") and the "number near a
direction word" check both need the same notion of an amount, so it lives in
one place: a year ("in 2009") is a date, not a figure, and "5 mn" is 5e6.
"""

from __future__ import annotations

from app.sentiment.rules.table import EMPTY, LEXICON
from app.sentiment.tokens import NUM, PUNCT, Tokens, number_value


def is_year(tokens: Tokens, pos: int) -> bool:
    tok = tokens.low[pos]
    if len(tok) != 4 or not tok.isdigit():
        return False
    if not 1950 <= int(tok) <= 2100:
        return False
    nxt = tokens.low[pos + 1] if pos + 1 < len(tokens.low) else ""
    return LEXICON.get(nxt, EMPTY).unit == 0.0 and nxt != "%"


def _amount(tokens: Tokens, pos: int) -> tuple[float, bool] | None:
    """Value of the number at ``pos`` with its unit, and whether it is a percentage."""
    value = number_value(tokens.low[pos])
    if value is None:
        return None
    if tokens.low[pos].startswith(("-", "−")):
        value = -value
    nxt = tokens.low[pos + 1] if pos + 1 < len(tokens.low) else ""
    if nxt == "%" or nxt in ("percent", "pct"):
        return value, True
    unit = LEXICON.get(nxt, EMPTY).unit
    return (value * unit if unit else value), False


def first_amount(tokens: Tokens, start: int, stop: int) -> tuple[float, bool] | None:
    kind = tokens.kind
    low = tokens.low
    for pos in range(start, min(stop, len(kind))):
        scan = kind[pos]
        if scan == NUM:
            if pos > 0 and low[pos - 1] in ("q", "h", "fy", "no"):
                continue
            if is_year(tokens, pos):
                continue
            return _amount(tokens, pos)
        if scan == PUNCT and low[pos] in (";", ":"):
            return None
    return None


def last_amount(tokens: Tokens, start: int, stop: int) -> tuple[float, bool] | None:
    for pos in range(stop - 1, start - 1, -1):
        if tokens.kind[pos] == NUM and not is_year(tokens, pos):
            return _amount(tokens, pos)
    return None
