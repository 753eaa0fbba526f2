"""Finding symbols by what someone types: suggestions while typing, and "did you
mean" for a symbol we have no prices for. Pure functions over (symbol, name) pairs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_SUGGESTIONS = 8
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    symbol: str
    name: str


def _rank(query: str, item: Candidate) -> int | None:
    """Lower is better: exact symbol, symbol prefix, a name word's prefix, symbol
    substring, name substring (three letters or more); None when nothing matches."""
    needle = query.upper()
    symbol, name = item.symbol.upper(), item.name.upper()
    if symbol == needle:
        return 0
    if symbol.startswith(needle):
        return 1
    words = _WORD.findall(name)
    if name.startswith(needle) or any(w.startswith(needle) for w in words):
        return 2
    if needle in symbol:
        return 3
    # Inside a word only from three letters: "nv" should not offer "Invesco".
    if len(needle) >= 3 and needle in name:
        return 4
    return None


def suggest(
    query: str, candidates: Sequence[Candidate], limit: int = MAX_SUGGESTIONS
) -> list[Candidate]:
    """Candidates matching ``query`` (case-insensitive), best first; ties by symbol
    length, then alphabetically. An empty query suggests nothing."""
    query = " ".join(query.strip().lstrip("$").split())
    if not query:
        return []
    ranked = [(rank, c) for c in candidates if (rank := _rank(query, c)) is not None]
    ranked.sort(key=lambda rc: (rc[0], len(rc[1].symbol), rc[1].symbol))
    return [c for _, c in ranked[:limit]]


def did_you_mean(query: str, candidates: Sequence[Candidate], limit: int = 5) -> list[Candidate]:
    """Close matches for an unknown symbol: first what ``suggest`` finds, then symbols
    and names that are spelled alike (difflib), without repeats."""
    found = list(suggest(query, candidates, limit))
    needle = query.strip().upper()
    by_symbol = {c.symbol.upper(): c for c in candidates}
    by_name = {c.name.upper(): c for c in candidates}
    for key in difflib.get_close_matches(needle, list(by_symbol), n=limit, cutoff=0.5):
        found.append(by_symbol[key])
    for key in difflib.get_close_matches(needle, list(by_name), n=limit, cutoff=0.6):
        found.append(by_name[key])
    return list(dict.fromkeys(found))[:limit]


def resolve(query: str, candidates: Sequence[Candidate]) -> str | None:
    """Where a submitted search goes: the exact symbol, else the only candidate whose
    symbol or name starts with what was typed; None when that isn't one symbol."""
    best = suggest(query, candidates, limit=MAX_SUGGESTIONS)
    if not best:
        return None
    needle = query.strip().lstrip("$").upper()
    if best[0].symbol.upper() == needle:
        return best[0].symbol
    strong = [c for c in best if (_rank(needle, c) or 9) <= 2]
    return strong[0].symbol if len(strong) == 1 else None
