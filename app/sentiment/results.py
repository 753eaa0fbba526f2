"""What the scorer returns: sentence, ticker and document scores, and the SPEC labels
(and what it raises when a document outruns its time budget)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENGINE_VERSION = "fin-2.5"

LABELS = ("negative", "mildly negative", "neutral", "mildly positive", "positive")


class ScoringBudgetExceeded(RuntimeError):
    """A document took longer to score than its caller allowed (``budget`` seconds)."""

    def __init__(self, budget: float) -> None:
        super().__init__(f"scoring took longer than {budget:g} s")
        self.budget = budget


def label_for(score: float) -> str:
    """SPEC bands: ≤ −0.50 negative; ≤ −0.15 mildly negative; < 0.15 neutral;
    < 0.50 mildly positive; otherwise positive."""
    if score <= -0.50:
        return "negative"
    if score <= -0.15:
        return "mildly negative"
    if score < 0.15:
        return "neutral"
    if score < 0.50:
        return "mildly positive"
    return "positive"


def coarse_label(label: str) -> str:
    """Map the five SPEC labels to negative / neutral / positive."""
    if label.endswith("negative"):
        return "negative"
    if label.endswith("positive"):
        return "positive"
    if label == "neutral":
        return "neutral"
    raise ValueError(f"unknown sentiment label: {label!r}")


@dataclass(frozen=True)
class SentenceScore:
    """One sentence's score. ``learned`` explains what the learned layer changed:
    ``{"score": delta, "tickers": {SYM: delta}}`` (rules' score + delta = score), or
    None when the rules' scores stand."""

    text: str
    score: float
    label: str
    tickers: tuple[str, ...]
    learned: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": self.score,
            "label": self.label,
            "tickers": list(self.tickers),
            "learned": self.learned,
        }


@dataclass(frozen=True)
class TickerScore:
    """A ticker in a note: ``score``/``label`` is the stance, ``tone`` the mean sentiment
    of the sentences about it, ``call`` the explicit call that decided the stance."""

    score: float
    label: str
    mentions: int
    tone: float = 0.0
    call: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "mentions": self.mentions,
            "tone": self.tone,
            "call": self.call,
        }


@dataclass(frozen=True)
class DocumentScore:
    score: float
    label: str
    sentences: tuple[SentenceScore, ...]
    tickers: dict[str, TickerScore] = field(default_factory=dict)
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The SPEC JSON shape, plus ``engine_version``."""
        return {
            "score": self.score,
            "label": self.label,
            "sentences": [s.to_dict() for s in self.sentences],
            "tickers": {sym: t.to_dict() for sym, t in self.tickers.items()},
            "engine_version": self.engine_version,
        }
