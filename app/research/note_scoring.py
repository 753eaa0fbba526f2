"""Scoring research notes: the sentiment scorer's reading stored on a note and its tickers.

One scorer is built per universe and alias configuration and reused. A note's
tickers are those the scorer finds plus those linked explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.config import Settings
from app.research.models import Note, NoteTicker
from app.research.note_input import NoteValidationError
from app.sentiment.scorer import (
    ENGINE_VERSION,
    DocumentScore,
    ScoringBudgetExceeded,
    SentimentScorer,
)

_SCORERS: dict[tuple[Any, ...], SentimentScorer] = {}


def scorer_for(settings: Settings) -> SentimentScorer:
    """One scorer per universe and alias configuration (building one is not free)."""
    key = (
        tuple(settings.universe),
        tuple(sorted((k, tuple(v)) for k, v in settings.ticker_aliases.items())),
    )
    if key not in _SCORERS:
        _SCORERS[key] = SentimentScorer(symbols=settings.universe, aliases=settings.ticker_aliases)
    return _SCORERS[key]


_TICKER_FIELDS = ("score", "label", "mentions", "explicit", "tone")
_CALL_FIELDS = ("call_kind", "call_text", "call_sentence")


def _call_columns(call: Mapping[str, Any] | None) -> dict[str, Any]:
    """The scorer's call as NoteTicker columns (all None without a call)."""
    if not call:
        return dict.fromkeys(_CALL_FIELDS)
    sentence = call.get("sentence")
    return {
        "call_kind": str(call.get("kind") or "call")[:32],
        "call_text": str(call.get("text") or ""),
        "call_sentence": sentence if isinstance(sentence, int) else None,
    }


def ticker_call(row: NoteTicker) -> dict[str, Any] | None:
    """The stored call in the scorer's shape: ``{"kind", "text", "sentence"}`` or None."""
    if row.call_kind is None:
        return None
    return {"kind": row.call_kind, "text": row.call_text or "", "sentence": row.call_sentence}


def needs_rescore(note: Note) -> bool:
    """Scored by another engine version, or before tone and calls were stored."""
    return note.engine_version != ENGINE_VERSION or any(t.tone is None for t in note.tickers)


def apply_scores(note: Note, doc: DocumentScore, explicit: Iterable[str]) -> None:
    """Store the scorer's reading on the note and relink its tickers.

    A note's tickers are those the scorer finds plus those linked explicitly; an
    explicit ticker the text never names gets the document score as its stance and
    tone, and no call. Each found ticker keeps its tone and the call that decided it.
    """
    note.score = doc.score
    note.label = doc.label
    note.engine_version = doc.engine_version
    note.sentences = [s.to_dict() for s in doc.sentences]
    explicit_set = set(explicit)
    rows: dict[str, NoteTicker] = {}
    for symbol, ts in doc.tickers.items():
        rows[symbol] = NoteTicker(
            symbol=symbol,
            score=ts.score,
            label=ts.label,
            mentions=ts.mentions,
            explicit=symbol in explicit_set,
            tone=ts.tone,
            **_call_columns(ts.call),
        )
    for symbol in sorted(explicit_set - rows.keys()):
        rows[symbol] = NoteTicker(
            symbol=symbol,
            score=doc.score,
            label=doc.label,
            mentions=0,
            explicit=True,
            tone=doc.score,
            **_call_columns(None),
        )
    existing = {t.symbol: t for t in note.tickers}
    for symbol, row in rows.items():
        if symbol in existing:
            old = existing[symbol]
            for name in (*_TICKER_FIELDS, *_CALL_FIELDS):
                setattr(old, name, getattr(row, name))
        else:
            note.tickers.append(row)
    for symbol, old in existing.items():
        if symbol not in rows:
            note.tickers.remove(old)


def explicit_tickers(note: Note) -> list[str]:
    return sorted(t.symbol for t in note.tickers if t.explicit)


def score_for_request(body: str, settings: Settings) -> DocumentScore:
    """Score a note written through the web or the API, within the request budget."""
    try:
        return scorer_for(settings).score_document(body, budget=settings.scoring_budget_seconds)
    except ScoringBudgetExceeded as exc:
        raise NoteValidationError(
            {"body": f"takes longer than {exc.budget:g} s to score; split it into shorter notes"}
        ) from None
