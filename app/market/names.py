"""Instrument names: what Yahoo's metadata calls a symbol, or a built-in name.

CSV files and synthetic demo prices carry no names, so the default universe (and a
few close relatives) get theirs from a small map; any other symbol shows as itself
until a Yahoo refresh names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NAME_MAX = 200

BUILT_IN_NAMES: dict[str, str] = {
    "VTWO": "Vanguard Russell 2000 ETF",
    "SPY": "SPDR S&P 500 ETF Trust",
    "QQQ": "Invesco QQQ Trust",
    "NVDA": "NVIDIA Corporation",
    "MSFT": "Microsoft Corporation",
    "IWM": "iShares Russell 2000 ETF",
}


def built_in_name(symbol: str) -> str | None:
    return BUILT_IN_NAMES.get(symbol.upper())


def name_from_metadata(meta: Mapping[str, Any] | None) -> str | None:
    """The long name from Yahoo's chart metadata, else its short name; None without one."""
    if not meta:
        return None
    for key in ("longName", "shortName"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:NAME_MAX]
    return None


def display_name(symbol: str, stored: str | None) -> str:
    """What a page calls a symbol: the stored name, the built-in one, else the symbol."""
    return stored or built_in_name(symbol) or symbol
