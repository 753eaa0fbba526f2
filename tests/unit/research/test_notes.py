"""Notes service: create, update, rescore, list, overall; invalid input stores nothing."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select, update

from app import data_version
from app.config import Settings, get_settings
from app.db import session_scope
from app.research import notes as svc
from app.research import overall
from app.research.models import Note, NoteTicker, SentimentSummary
from app.sentiment.scorer import ENGINE_VERSION

BULL = (
    "We upgrade Nvidia to overweight. Revenue beat expectations and guidance was raised. "
    "Buy call spreads on NVDA."
)
BEAR = (
    "We downgrade small caps to underweight. Earnings fell again and margins contracted. "
    "Long SPY, short VTWO as a hedge."
)


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return get_settings()


def _note(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Nvidia: demand still outruns supply",
        "body": BULL,
        "author": "Daniel Okafor",
        "published_at": "2026-03-02",
    }
    data.update(overrides)
    return data


def _counts(engine: Engine) -> tuple[int, int, int]:
    with session_scope(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(Note)) or 0,
            s.scalar(select(func.count()).select_from(NoteTicker)) or 0,
            s.scalar(select(func.count()).select_from(SentimentSummary)) or 0,
        )


def test_create_scores_links_tickers_and_stores_overall(engine: Engine, settings: Settings) -> None:
    before = data_version.read(engine)
    note = svc.create_note(engine, _note(tickers=["msft"]), settings)
    assert note.id and note.slug == "nvidia-demand-still-outruns-supply"
    assert note.published_at == dt.datetime(2026, 3, 2)
    assert note.engine_version == ENGINE_VERSION
    assert note.score >= 0.15 and note.label.endswith("positive")
    assert note.sentences and {"text", "score", "label", "tickers"} <= set(note.sentences[0])
    links = {t.symbol: t for t in note.tickers}
    assert set(links) == {"NVDA", "MSFT"}  # found by the engine + given explicitly
    assert links["NVDA"].mentions == 2 and not links["NVDA"].explicit
    assert links["MSFT"].explicit and links["MSFT"].mentions == 0
    assert links["MSFT"].score == note.score  # not named in the text: the document score
    assert data_version.read(engine) == before + 1

    stored = svc.get_overall(engine, settings.universe)
    assert stored["overall"]["note_count"] == 1
    assert stored["overall"]["score"] == pytest.approx(note.score, abs=1e-4)
    assert stored["half_life_days"] == overall.HALF_LIFE_DAYS
    assert list(stored["tickers"]) == settings.universe
    assert stored["tickers"]["NVDA"]["score"] == pytest.approx(links["NVDA"].score, abs=1e-4)
    assert stored["tickers"]["QQQ"] == {
        "score": None,
        "label": None,
        "note_count": 0,
        "as_of": None,
        "half_life_days": overall.HALF_LIFE_DAYS,
        "history": [],
    }


def test_overall_read_never_recomputes(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.create_note(engine, _note(), settings)

    def boom(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("recomputed on read")

    monkeypatch.setattr(overall, "compute_overall", boom)
    assert svc.get_overall(engine)["overall"]["note_count"] == 1


def test_target_dependent_ticker_scores(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(title="Quality over small caps", body=BEAR), settings)
    links = {t.symbol: t for t in note.tickers}
    assert links["VTWO"].score < 0
    assert note.label.endswith("negative")


def test_slugs_are_unique(engine: Engine, settings: Settings) -> None:
    first = svc.create_note(engine, _note(), settings)
    second = svc.create_note(engine, _note(), settings)
    assert second.slug == f"{first.slug}-2"
    with pytest.raises(svc.SlugConflictError):
        svc.create_note(engine, _note(slug=first.slug), settings)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"tickers": ["NVDA", "XYZ"]}, "tickers", "'XYZ'"),
        ({"published_at": "2026-02-30"}, "published_at", "invalid date"),
        ({"published_at": "next tuesday"}, "published_at", "invalid date"),
        ({"published_at": "2099-01-01"}, "published_at", "future"),
        ({"body": ""}, "body", "empty"),
        ({"body": "   \n  "}, "body", "empty"),
        ({"body": "x" * (svc.BODY_MAX + 1)}, "body", "100000"),
        ({"title": ""}, "title", "at least 1"),
        ({"title": "t" * 201}, "title", "200"),
        ({"author": None}, "author", "string"),
        ({"slug": "Not A Slug"}, "slug", "lower-case"),
        ({"colour": "red"}, "colour", "not a known field"),
    ],
)
def test_invalid_input_stores_nothing(
    engine: Engine, settings: Settings, overrides: dict[str, Any], field: str, words: str
) -> None:
    before = data_version.read(engine)
    with pytest.raises(svc.NoteValidationError) as info:
        svc.create_note(engine, _note(**overrides), settings)
    assert field in info.value.fields
    assert words in info.value.fields[field]
    assert _counts(engine) == (0, 0, 0)
    assert data_version.read(engine) == before


def test_missing_title_is_named(engine: Engine, settings: Settings) -> None:
    data = _note()
    del data["title"]
    with pytest.raises(svc.NoteValidationError) as info:
        svc.create_note(engine, data, settings)
    assert info.value.fields == {"title": "is required"}


def test_published_at_forms(engine: Engine, settings: Settings) -> None:
    aware = svc.create_note(engine, _note(published_at="2026-03-02T09:30:00-05:00"), settings)
    assert aware.published_at == dt.datetime(2026, 3, 2, 14, 30)
    today = svc.create_note(engine, _note(published_at=None), settings)
    assert abs(today.published_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(
        minutes=1
    )


def test_update_rescores_and_replaces_explicit_tickers(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(tickers=["MSFT"]), settings)
    updated = svc.update_note(engine, note.id, {"body": BEAR, "tickers": ["QQQ"]}, settings)
    assert updated.title == note.title  # untouched fields stay
    assert updated.body == BEAR
    assert updated.label.endswith("negative")
    links = {t.symbol: t.explicit for t in updated.tickers}
    assert "MSFT" not in links and links["QQQ"] is True
    assert {"SPY", "VTWO"} <= set(links)
    assert updated.updated_at >= note.updated_at
    assert svc.get_overall(engine)["overall"]["score"] == pytest.approx(updated.score, abs=1e-4)


def test_update_keeps_explicit_tickers_unless_given(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(tickers=["MSFT"]), settings)
    updated = svc.update_note(engine, note.id, {"title": "New title"}, settings)
    assert updated.title == "New title"
    assert "MSFT" in {t.symbol for t in updated.tickers}


def test_update_invalid_or_unknown(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(), settings)
    with pytest.raises(svc.NoteValidationError):
        svc.update_note(engine, note.id, {"tickers": ["XYZ"]}, settings)
    assert svc.get_note(engine, note.id).title == note.title
    with pytest.raises(svc.NoteNotFoundError):
        svc.update_note(engine, 999, {"title": "x"}, settings)


def test_rescore_only_outdated_notes_unless_forced(engine: Engine, settings: Settings) -> None:
    a = svc.create_note(engine, _note(), settings)
    b = svc.create_note(engine, _note(body=BEAR), settings)
    with session_scope(engine) as s:
        s.execute(update(Note).where(Note.id == a.id).values(engine_version="old", score=0.0))
        s.execute(delete(NoteTicker).where(NoteTicker.note_id == a.id))
    result = svc.rescore_all(engine, settings)
    assert (result.rescored, result.skipped) == (1, 1)
    fresh = svc.get_note(engine, a.id)
    assert fresh.engine_version == ENGINE_VERSION
    assert fresh.score == a.score
    assert {t.symbol for t in fresh.tickers} == {"NVDA"}
    assert svc.rescore_all(engine, settings) == svc.RescoreResult(0, 2)
    assert svc.rescore_all(engine, settings, force=True) == svc.RescoreResult(2, 0)
    assert svc.get_note(engine, b.id).score == b.score


def _seed(engine: Engine, settings: Settings) -> dict[str, int]:
    ids = {}
    ids["bull"] = svc.create_note(
        engine, _note(title="NVDA upgrade", published_at="2025-01-10"), settings
    ).id
    ids["bear"] = svc.create_note(
        engine, _note(title="Small caps downgrade", body=BEAR, published_at="2025-06-15"), settings
    ).id
    ids["plain"] = svc.create_note(
        engine,
        _note(
            title="Microsoft results preview",
            body="Microsoft reports on Tuesday. The call is at 5 pm.",
            author="Marcus Lindqvist",
            published_at="2026-02-01",
        ),
        settings,
    ).id
    return ids


def test_list_filters_and_pagination(engine: Engine, settings: Settings) -> None:
    ids = _seed(engine, settings)

    def listed(**kwargs: Any) -> list[int]:
        return [n.id for n in svc.list_notes(engine, **kwargs).items]

    assert listed() == [ids["plain"], ids["bear"], ids["bull"]]  # newest first
    assert listed(ticker="vtwo") == [ids["bear"]]
    assert listed(ticker="MSFT") == [ids["plain"]]
    assert listed(label="neutral") == [ids["plain"]]
    assert listed(date_from=dt.date(2025, 6, 15)) == [ids["plain"], ids["bear"]]
    assert listed(date_to=dt.date(2025, 6, 15)) == [ids["bear"], ids["bull"]]
    assert listed(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 12, 31)) == [ids["bear"]]
    assert listed(search="LINDQVIST") == [ids["plain"]]
    assert listed(search="small downgrade") == [ids["bear"]]
    assert listed(search="100%") == []  # LIKE wildcards are literal

    page = svc.list_notes(engine, per_page=2, page=2)
    assert [n.id for n in page.items] == [ids["bull"]]
    assert (page.total, page.pages) == (3, 2)
    assert page.items[0].tickers  # loaded for use after the session closed

    with pytest.raises(svc.NoteValidationError) as info:
        svc.list_notes(engine, label="bullish")
    assert "label" in info.value.fields
    with pytest.raises(svc.NoteValidationError):
        svc.list_notes(engine, per_page=1000)


def test_serialisers(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(body="## Heading\n\n" + BULL), settings)
    summary = svc.note_summary(note)
    assert set(summary) == {
        "id", "slug", "title", "author", "published_at", "score", "label", "tickers", "excerpt"
    }  # fmt: skip
    assert summary["tickers"] == ["NVDA"]
    assert "#" not in summary["excerpt"]
    detail = svc.note_detail(note)
    assert detail["ticker_scores"]["NVDA"]["mentions"] == 2
    assert detail["sentences"] == note.sentences


def test_concurrent_writers_keep_the_overall_complete(engine: Engine, settings: Settings) -> None:
    # Each write recomputes the overall sentiment; writers are serialised, so the
    # last summary stored counts every note.
    def write(i: int) -> int:
        return svc.create_note(engine, _note(title=f"Note {i}"), settings).id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(write, range(12)))
    assert len(set(ids)) == 12
    assert svc.get_overall(engine)["overall"]["note_count"] == 12


def test_excerpt_skips_headings_and_markup() -> None:
    from app.research.notes import excerpt

    body = "## Summary\n\nThe index sits near its high. **Breadth** is thin.\n\n# Next\nMore"
    assert excerpt(body) == "The index sits near its high. Breadth is thin. More"
    assert excerpt("word " * 100, limit=20) == "word word word word…"


def test_scoring_over_budget_is_a_body_error_and_stores_nothing(
    engine: Engine, settings: Settings
) -> None:
    tight = settings.model_copy(update={"scoring_budget_seconds": 1e-9})
    with pytest.raises(svc.NoteValidationError) as info:
        svc.create_note(engine, _note(), tight)
    assert "split it into shorter notes" in info.value.fields["body"]
    assert _counts(engine) == (0, 0, 0)


def test_update_over_budget_leaves_the_note_as_it_was(engine: Engine, settings: Settings) -> None:
    note = svc.create_note(engine, _note(), settings)
    tight = settings.model_copy(update={"scoring_budget_seconds": 1e-9})
    with pytest.raises(svc.NoteValidationError):
        svc.update_note(engine, note.id, {"body": BULL + " Margins fell."}, tight)
    stored = svc.get_note(engine, note.id)
    assert stored.body == BULL
    assert stored.score == note.score
