"""Engines for evaluation targets: a named entity bound as a row's ticker, and a
passage's labelled symbols joined to the configured universe.

``KNOWN_ALIASES`` names well-known US listings by company, product and index, so a
symbol without configured aliases is still found when a note calls it "Alphabet" or
"the Dow". It is a catalogue, not configuration: the configured universe and its names
are ``Settings.tickers`` and ``Settings.ticker_aliases``, which take precedence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from app.sentiment.scorer import SentimentScorer

KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "MSFT": ("Microsoft", "Azure", "Copilot"),
    "NVDA": ("Nvidia", "CUDA"),
    "IWM": ("iShares Russell 2000 ETF",),
    "DIA": ("Dow Jones Industrial Average", "the Dow"),
    "AAPL": ("Apple", "iPhone"),
    "AMZN": ("Amazon", "AWS"),
    "GOOGL": ("Alphabet", "Google", "YouTube"),
    "GOOG": ("Alphabet", "Google", "YouTube"),
    "META": ("Meta Platforms", "Meta", "Facebook", "Instagram", "WhatsApp", "Reels"),
    "TSLA": ("Tesla",),
    "AMD": ("Advanced Micro Devices", "Instinct"),
    "INTC": ("Intel",),
    "JPM": ("JPMorgan Chase", "JPMorgan", "JP Morgan"),
    "GS": ("Goldman Sachs", "Goldman"),
    "BAC": ("Bank of America",),
    "XLF": ("Financial Select Sector SPDR", "financials"),
    "XLE": ("Energy Select Sector SPDR",),
    "TLT": ("iShares 20+ Year Treasury Bond ETF", "long bonds", "long-dated Treasuries"),
}

# The symbol an entity row's target is bound to when its name is not itself a symbol.
TARGET_SYMBOL = "TARGET"


def target_symbol(name: str) -> str:
    """An upper-case one-word name ("HDFC", "US") is matched as a symbol (case-sensitive,
    so "US" does not match "us"); any other name is an alias of ``TARGET``."""
    name = name.strip()
    if name.isupper() and " " not in name and name.replace("&", "").isalnum():
        return name
    return TARGET_SYMBOL


@lru_cache(maxsize=4096)
def scorer_for_target(name: str) -> tuple[SentimentScorer, str]:
    """A scorer whose only ticker is ``name`` (an entity-level evaluation row)."""
    scorer, symbols = scorer_for_targets((name,))
    return scorer, symbols[0]


@lru_cache(maxsize=4096)
def scorer_for_targets(
    names: tuple[str, ...], use_learned: bool = True
) -> tuple[SentimentScorer, tuple[str, ...]]:
    """A scorer whose tickers are every entity named in one text (the rows of an entity
    set that share a sentence), and each name's symbol. Knowing the other names lets the
    rules bind each reading to its own entity: in "Gold shines, silver dulls" each metal
    keeps its own verb, as the tickers of a note do."""
    symbols: list[str] = []
    aliases: dict[str, tuple[str, ...]] = {}
    for index, name in enumerate(names):
        symbol = target_symbol(name)
        if symbol == TARGET_SYMBOL:
            symbol = TARGET_SYMBOL if index == 0 else f"{TARGET_SYMBOL}{index}"
            aliases[symbol] = (name.strip(),)
        symbols.append(symbol)
    scorer = SentimentScorer(tuple(dict.fromkeys(symbols)), aliases, use_learned=use_learned)
    return scorer, tuple(symbols)


MAX_CO_TARGETS = 24  # names bound together in one text; past it each row stands alone


def target_scorer(rows: Iterable[tuple[str, str]]) -> Callable[[str, str], float | None]:
    """For an entity set's (target, text) rows: ``score(target, text)``, the target's
    score with the text's other targets bound as tickers too, or None when the target
    is not found in the text.

    The rows label the sentiment a text expresses toward a named entity, mostly in
    reported news, so a text with no author voice is read at its tone: a note's recap of
    moves is no view of its author's, but in a wire story the moves told are what it
    says of the entity. Calls still decide where the text makes them."""
    names = co_targets(rows)

    def score(target: str, text: str) -> float | None:
        group = names.get(text, (target,))
        if target not in group or len(group) > MAX_CO_TARGETS:
            group = (target,)  # a long list of names is no headline: the row stands alone
        scorer, symbols = scorer_for_targets(group)
        result = scorer.score_document(text, recaps=False)
        ticker = result.tickers.get(symbols[group.index(target)])
        return None if ticker is None else ticker.score

    return score


def co_targets(rows: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """For (target, text) rows: each text's distinct targets, in first-seen order."""
    out: dict[str, dict[str, None]] = {}
    for target, text in rows:
        out.setdefault(text, {})[target] = None
    return {text: tuple(names) for text, names in out.items()}


def universe_aliases(
    symbols: Iterable[str], configured: Mapping[str, Iterable[str]]
) -> dict[str, tuple[str, ...]]:
    """Aliases for ``symbols``: the configured ones, else the known ones."""
    out: dict[str, tuple[str, ...]] = {}
    for sym in symbols:
        names = configured.get(sym)
        out[sym] = tuple(names) if names else KNOWN_ALIASES.get(sym, ())
    return out
