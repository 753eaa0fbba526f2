"""Each note ticker keeps its tone and call; rescoring fills rows stored without them; the
research filter on a ticker and a label uses that ticker's label."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from app.config import Settings, get_settings
from app.db import session_scope
from app.research import notes as svc
from app.research.models import NoteTicker

PAIR = (
    "We downgrade small caps to underweight. Earnings fell again and margins contracted. "
    "Long SPY, short VTWO as a hedge."
)


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return get_settings()


def _note(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Small caps: cut the beta",
        "body": PAIR,
        "author": "Priya Raman",
        "published_at": "2026-03-02",
    }
    return {**data, **overrides}


def _rows(engine: Engine, note_id: int) -> dict[str, NoteTicker]:
    with session_scope(engine) as s:
        rows = s.scalars(select(NoteTicker).where(NoteTicker.note_id == note_id))
        return {r.symbol: r for r in rows}


def test_tone_and_call_are_stored_as_the_engine_reads_them(
    engine: Engine, settings: Settings
) -> None:
    note = svc.create_note(engine, _note(tickers=["NVDA"]), settings)
    doc = svc.scorer_for(settings).score_document(PAIR)
    rows = _rows(engine, note.id)
    assert set(doc.tickers) == {"VTWO", "SPY"}
    for symbol, ts in doc.tickers.items():
        row = rows[symbol]
        assert row.tone == pytest.approx(ts.tone)
        assert ts.call is not None  # both tickers get an explicit call in this text
        assert (row.call_kind, row.call_text, row.call_sentence) == (
            ts.call["kind"],
            ts.call["text"],
            ts.call["sentence"],
        )
        # The evidence sentence is the one the note's sentences list holds at that index.
        assert note.sentences[row.call_sentence]["text"] == row.call_text
    # Linked by the author but never named: the document score, and no call.
    nvda = rows["NVDA"]
    assert nvda.tone == pytest.approx(note.score) and nvda.call_kind is None


def test_the_api_detail_exposes_tone_and_call(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(tickers=["NVDA"]), settings)
    scores = svc.note_detail(svc.get_note(engine, note.id))["ticker_scores"]
    vtwo = scores["VTWO"]
    assert isinstance(vtwo["tone"], float)
    assert set(vtwo["call"]) == {"kind", "text", "sentence"}
    assert "underweight" in vtwo["call"]["text"] and vtwo["call"]["kind"] == "rating"
    assert scores["NVDA"]["call"] is None


def test_an_update_replaces_the_call(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(), settings)
    svc.update_note(engine, note.id, {"body": "Small caps reported mixed earnings."}, settings)
    vtwo = _rows(engine, note.id)["VTWO"]
    assert vtwo.call_kind is None and vtwo.call_text is None and vtwo.call_sentence is None
    assert vtwo.tone is not None


def test_rescore_fills_rows_stored_before_tone_and_calls(
    engine: Engine, settings: Settings
) -> None:
    note = svc.create_note(engine, _note(), settings)
    before = _rows(engine, note.id)
    with session_scope(engine) as s:  # as a row migrated from before revision 0006
        s.execute(
            update(NoteTicker).values(tone=None, call_kind=None, call_text=None, call_sentence=None)
        )
    assert svc.rescore_all(engine, settings) == svc.RescoreResult(1, 0)
    after = _rows(engine, note.id)
    for symbol, row in before.items():
        assert after[symbol].tone == pytest.approx(row.tone)
        assert after[symbol].call_kind == row.call_kind
        assert after[symbol].call_sentence == row.call_sentence
    assert svc.rescore_all(engine, settings) == svc.RescoreResult(0, 1)


def test_ticker_and_label_filter_uses_the_tickers_label(engine: Engine, settings: Settings) -> None:
    pair = svc.create_note(engine, _note(), settings)
    rows = _rows(engine, pair.id)
    # The note reads one way overall and another way for each leg.
    assert rows["SPY"].label != pair.label and rows["VTWO"].label != rows["SPY"].label

    def listed(**kwargs: Any) -> list[int]:
        return [n.id for n in svc.list_notes(engine, **kwargs).items]

    assert listed(ticker="SPY", label=rows["SPY"].label) == [pair.id]
    assert listed(ticker="VTWO", label=rows["VTWO"].label) == [pair.id]
    assert listed(ticker="SPY", label=pair.label) == []
    assert listed(ticker="spy", label=rows["VTWO"].label) == []
    # Without a ticker, the label is the note's.
    assert listed(label=pair.label) == [pair.id]
    assert listed(label=rows["SPY"].label) == []


def test_rows_stored_before_the_call_columns_read_as_no_call(
    engine: Engine, settings: Settings
) -> None:
    note = svc.create_note(engine, _note(), settings)
    with session_scope(engine) as s:
        s.execute(update(NoteTicker).values(tone=None, call_kind=None))
    vtwo = svc.note_detail(svc.get_note(engine, note.id))["ticker_scores"]["VTWO"]
    assert vtwo["tone"] is None and vtwo["call"] is None


def test_reimporting_notes_stored_without_tone_rescores_them(
    engine: Engine, settings: Settings
) -> None:
    from app.config import PROJECT_ROOT
    from app.research.notes_import import import_files

    samples = [PROJECT_ROOT / "app" / "research" / "sample_notes"]
    first = import_files(engine, samples, settings)
    assert {o.action for o in import_files(engine, samples, settings)} == {"unchanged"}
    with session_scope(engine) as s:
        s.execute(update(NoteTicker).values(tone=None, call_kind=None))
    again = import_files(engine, samples, settings)
    assert {o.action for o in again} == {"updated"} and len(again) == len(first)
    with session_scope(engine) as s:
        assert all(t is not None for t in s.scalars(select(NoteTicker.tone)))
