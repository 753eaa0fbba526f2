"""Ticker detection: symbols (plain or $CASHTAG) and configurable aliases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from app.sentiment.tokens import CASH, WORD, Tokens, tokenize


class Mention(NamedTuple):
    start: int  # first token index
    end: int  # one past the last token index
    symbol: str
    in_universe: bool


class TargetMatcher:
    """Finds the universe's tickers in a token stream.

    A plain symbol must appear in upper case ("SPY", not "spy"), which keeps
    short symbols from matching ordinary words. A $CASHTAG matches in any case.
    Cashtags outside the universe are still reported (``in_universe=False``)
    so that stance words bind to the ticker they name rather than to a
    universe ticker further away.
    """

    def __init__(self, symbols: Iterable[str], aliases: Mapping[str, Iterable[str]]) -> None:
        self.symbols: tuple[str, ...] = tuple(dict.fromkeys(s.strip().upper() for s in symbols))
        universe = set(self.symbols)
        compounds: set[str] = set()
        for phrases in aliases.values():
            for phrase in phrases:
                compounds.update(w for w in phrase.lower().split() if "-" in w)
        self.compounds: frozenset[str] = frozenset(compounds)
        # First token → [(token tuple, symbol)], longest phrase first.
        table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for symbol, phrases in aliases.items():
            sym = symbol.strip().upper()
            if sym not in universe:
                continue
            for phrase in phrases:
                toks = tuple(tokenize(phrase, self.compounds).low)
                if toks:
                    table.setdefault(toks[0], []).append((toks, sym))
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._aliases = table
        self._universe = frozenset(universe)

    def find(self, tokens: Tokens) -> list[Mention]:
        raw, low, kind = tokens
        found: list[Mention] = []
        size = len(low)
        at = 0
        while at < size:
            token_kind = kind[at]
            if token_kind == CASH:
                sym = raw[at][1:].upper()
                found.append(Mention(at, at + 1, sym, sym in self._universe))
                at += 1
                continue
            if token_kind == WORD:
                alias = self._match_alias(low, at) if low[at] in self._aliases else None
                if alias is not None:
                    length, sym = alias
                    found.append(Mention(at, at + length, sym, True))
                    at += length
                    continue
                if raw[at] in self._universe:
                    found.append(Mention(at, at + 1, raw[at], True))
            at += 1
        return found

    def _match_alias(self, low: list[str], at: int) -> tuple[int, str] | None:
        for phrase, sym in self._aliases.get(low[at], ()):
            phrase_size = len(phrase)
            if tuple(low[at : at + phrase_size]) == phrase:
                return phrase_size, sym
        return None
