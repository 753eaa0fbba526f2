"""Tokeniser shared by the finance rules and the ticker matcher.

One regex pass gives words, numbers, cashtags and the punctuation that marks
clause boundaries. Hyphenated words stay whole ("value-added" is not "added",
"F-Secure" is not "secure"), except comparisons such as
"better-than-expected", which read as "better than expected".
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

# Kinds of token.
WORD = 0
NUM = 1
CASH = 2
PUNCT = 3
PCT = 4

# One flat alternation (no capture groups: ``findall`` then returns plain strings,
# which is about twice as fast as match objects); the first character tells the kind.
_TOKEN_RE = re.compile(
    r"[A-Za-z]+(?:[&'’.][A-Za-z]+|-[A-Za-z0-9]+)*"  # words, "F-Secure", "AT&T"
    r"|[+\-−]?\d+(?:[.,]\d+)*"  # numbers, signed or not
    r"|\$[A-Za-z]{1,6}(?:\.[A-Za-z]{1,2})?(?![A-Za-z0-9])"  # cashtags
    r"|[;:,/()!?.\-–—%\U0001F4C8\U0001F4C9\U0001F680]"  # clause punctuation, %, chart emoji
)
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
_EMOJI = frozenset("\U0001f4c8\U0001f4c9\U0001f680")
# Press-wire artefacts: "EUR0 .12" for EUR 0.12 and "EUR928 ,000" for EUR 928,000.
_SPLIT_DECIMAL_RE = re.compile(r"(\d) \.(\d)")
_SPLIT_THOUSANDS_RE = re.compile(r"(\d) ,(\d{3})\b")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

_PERCENT_WORDS = frozenset({"percent", "pct", "per-cent"})


class Tokens(NamedTuple):
    """Parallel lists: original text, lower-case text and kind of each token."""

    raw: list[str]
    low: list[str]
    kind: list[int]


def normalise(text: str) -> str:
    """Repair number artefacts of press-release text before tokenising."""
    if " ." in text:
        text = _SPLIT_DECIMAL_RE.sub(r"\1.\2", text)
    if " ," in text:
        text = _SPLIT_THOUSANDS_RE.sub(r"\1,\2", text)
    return text


def tokenize(text: str, keep_compounds: Collection[str] = frozenset()) -> Tokens:
    """Split ``text`` into tokens; see the module docstring for hyphen handling."""
    raw: list[str] = []
    low: list[str] = []
    kind: list[int] = []
    for tok in _TOKEN_RE.findall(normalise(text)):
        if tok.isalpha():  # most tokens: a plain word
            lw = tok.lower()
            raw.append(tok)
            low.append(lw)
            kind.append(PCT if lw in _PERCENT_WORDS else WORD)
            continue
        first = tok[0]
        if first in _LETTERS:
            lw = tok.lower()
            if "'" in lw or "’" in lw:
                if lw.endswith(("'s", "’s")):
                    tok, lw = tok[:-2], lw[:-2]
                if "’" in lw:
                    lw = lw.replace("’", "'")  # "isn’t" reads as "isn't"
            if "-than-" in lw and lw not in keep_compounds:
                for part_raw in tok.split("-"):
                    if part_raw:
                        raw.append(part_raw)
                        low.append(part_raw.lower())
                        kind.append(WORD if part_raw[0].isalpha() else NUM)
                continue
            raw.append(tok)
            low.append(lw)
            kind.append(PCT if lw in _PERCENT_WORDS else WORD)
            continue
        if first in _DIGITS or (len(tok) > 1 and first != "$"):
            token_kind = NUM  # "-5", "+2.1", "−3"
        elif first == "$":
            token_kind = CASH
        elif first == "%":
            token_kind = PCT
        elif first in _EMOJI:
            token_kind = WORD  # chart emoji read like words ("📈")
        else:
            token_kind = PUNCT
        raw.append(tok)
        low.append(tok.lower())
        kind.append(token_kind)
    return Tokens(raw, low, kind)


def number_value(tok: str) -> float | None:
    """Value of a number token ("1,259.6" → 1259.6; "0,4" → 0.4), None if unreadable."""
    digits = tok.lstrip("+-−")
    if "," in digits:
        digits = (
            digits.replace(",", "") if _THOUSANDS_RE.match(digits) else digits.replace(",", ".")
        )
    try:
        return float(digits)
    except ValueError:
        return None
