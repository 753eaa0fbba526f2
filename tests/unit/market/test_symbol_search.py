"""Suggestions while typing, "did you mean" and where a submitted search goes."""

from __future__ import annotations

from app.market.search import Candidate, did_you_mean, resolve, suggest

UNIVERSE = [
    Candidate("VTWO", "Vanguard Russell 2000 ETF"),
    Candidate("SPY", "SPDR S&P 500 ETF Trust"),
    Candidate("QQQ", "Invesco QQQ Trust"),
    Candidate("NVDA", "NVIDIA Corporation"),
    Candidate("MSFT", "Microsoft Corporation"),
    Candidate("NVD", "A short-named fund"),
]


def symbols(found: list[Candidate]) -> list[str]:
    return [c.symbol for c in found]


def test_exact_symbol_first_then_symbol_prefixes_then_names() -> None:
    assert symbols(suggest("nvd", UNIVERSE)) == ["NVD", "NVDA"]
    # Symbol prefixes, shorter first; two letters inside a word ("Invesco") don't count.
    assert symbols(suggest("nv", UNIVERSE)) == ["NVD", "NVDA"]
    # From three letters a name containing them matches, after everything else.
    assert symbols(suggest("ves", UNIVERSE)) == ["QQQ"]
    assert symbols(suggest("tru", UNIVERSE)) == ["QQQ", "SPY"]  # "Trust": ties by symbol


def test_names_match_by_word_prefix_case_insensitively() -> None:
    assert symbols(suggest("micro", UNIVERSE)) == ["MSFT"]
    assert symbols(suggest("CORP", UNIVERSE)) == ["MSFT", "NVDA"]
    assert symbols(suggest("russell", UNIVERSE)) == ["VTWO"]


def test_a_dollar_sign_and_blanks_are_ignored_and_empty_suggests_nothing() -> None:
    assert symbols(suggest("  $msft ", UNIVERSE)) == ["MSFT"]
    assert suggest("", UNIVERSE) == [] and suggest("   ", UNIVERSE) == []
    assert suggest("zzzz", UNIVERSE) == []


def test_limit() -> None:
    many = [Candidate(f"A{i}", f"Fund {i}") for i in range(20)]
    assert len(suggest("a", many)) == 8 and len(suggest("a", many, limit=3)) == 3


def test_did_you_mean_finds_typos_by_symbol_and_name() -> None:
    assert "NVDA" in symbols(did_you_mean("NVDIA", UNIVERSE))
    assert "MSFT" in symbols(did_you_mean("MSTF", UNIVERSE))
    assert symbols(did_you_mean("Microsft Corporation", UNIVERSE))[0] == "MSFT"
    assert did_you_mean("AAPL", UNIVERSE) == []


def test_resolve_goes_to_an_exact_or_only_strong_match() -> None:
    assert resolve("nvda", UNIVERSE) == "NVDA"
    assert resolve("microsoft", UNIVERSE) == "MSFT"
    assert resolve("nv", UNIVERSE) is None  # NVD or NVDA: the search page decides
    assert resolve("aapl", UNIVERSE) is None
