"""JSON API for research notes and sentiment: reads, authenticated writes, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import config
from app.web.app import create_app
from app.web.json_body import MAX_BODY_BYTES

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOTE: dict[str, Any] = {
    "title": "Nvidia: demand still outruns supply",
    "body": "We upgrade Nvidia to overweight. Revenue beat expectations. Buy call spreads on NVDA.",
    "author": "Daniel Okafor",
    "published_at": "2026-03-02",
}
BEAR: dict[str, Any] = {
    "title": "Small caps: underweight",
    "body": "Earnings fell again and margins contracted. Long SPY, short VTWO as a hedge.",
    "author": "Priya Raman",
    "published_at": "2025-06-15",
}


def _client(monkeypatch: pytest.MonkeyPatch, token: str | None) -> TestClient:
    if token is None:
        monkeypatch.delenv("DISPERSION_API_TOKEN", raising=False)
    else:
        monkeypatch.setenv("DISPERSION_API_TOKEN", token)
    config.get_settings.cache_clear()
    return TestClient(create_app())


@pytest.fixture
def client(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with _client(monkeypatch, TOKEN) as c:
        yield c


def _total(client: TestClient) -> int:
    return client.get("/api/v1/research").json()["total"]


def test_create_then_read(client: TestClient) -> None:
    created = client.post("/api/v1/research", json={**NOTE, "tickers": ["MSFT"]}, headers=AUTH)
    assert created.status_code == 201, created.text
    note = created.json()
    assert created.headers["location"] == f"/api/v1/research/{note['id']}"
    assert note["label"].endswith("positive") and note["score"] >= 0.15
    assert note["tickers"] == ["MSFT", "NVDA"]
    assert note["ticker_scores"]["MSFT"]["explicit"] is True
    assert note["source"] == "api"
    assert note["sentences"][0]["text"] == "We upgrade Nvidia to overweight."

    got = client.get(f"/api/v1/research/{note['id']}")
    assert got.status_code == 200
    assert got.json() == note

    listed = client.get("/api/v1/research").json()
    assert listed["total"] == 1 and listed["pages"] == 1
    item = listed["items"][0]
    assert {k: item[k] for k in ("id", "slug", "title", "author", "score", "label")} == {
        k: note[k] for k in ("id", "slug", "title", "author", "score", "label")
    }
    assert item["published_at"] == "2026-03-02T00:00:00"
    assert item["tickers"] == ["MSFT", "NVDA"]
    assert "body" not in item and "sentences" not in item


def test_list_filters(client: TestClient) -> None:
    bull = client.post("/api/v1/research", json=NOTE, headers=AUTH).json()
    bear = client.post("/api/v1/research", json=BEAR, headers=AUTH).json()

    def ids(**params: str) -> list[int]:
        response = client.get("/api/v1/research", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [bull["id"], bear["id"]]
    assert ids(ticker="VTWO") == [bear["id"]]
    assert ids(ticker="nvda") == [bull["id"]]
    assert ids(label=bear["label"]) == [bear["id"]]
    assert ids(q="call spreads") == [bull["id"]]
    assert ids(**{"from": "2026-01-01"}) == [bull["id"]]
    assert ids(to="2025-12-31") == [bear["id"]]
    assert ids(per_page="1", page="2") == [bear["id"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"label": "bullish"}, "label"),
        ({"ticker": "XYZ"}, "ticker"),
    ],
)
def test_list_bad_parameters(client: TestClient, params: dict[str, str], field: str) -> None:
    response = client.get("/api/v1/research", params=params)
    assert response.status_code == 422
    body = response.json()
    assert field in body["fields"] and body["error"].startswith("invalid input")


def test_unknown_note_is_a_json_404(client: TestClient) -> None:
    for path in ("/api/v1/research/999", "/api/v1/research/abc"):
        response = client.get(path)
        assert response.status_code == 404
        assert "not found" in response.json()["error"]


def test_writes_need_the_token(client: TestClient) -> None:
    missing = client.post("/api/v1/research", json=NOTE)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert "Bearer" in missing.json()["error"]

    wrong = client.post("/api/v1/research", json=NOTE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.json() == {"error": "invalid API token"}

    basic = client.post("/api/v1/research", json=NOTE, headers={"Authorization": "Basic eA=="})
    assert basic.status_code == 401
    assert _total(client) == 0


@pytest.mark.parametrize("configured", [None, ""])
def test_without_a_configured_token_writes_are_refused(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, configured: str | None
) -> None:
    with _client(monkeypatch, configured) as client:
        for headers in ({}, AUTH, {"Authorization": "Bearer "}):
            response = client.post("/api/v1/research", json=NOTE, headers=headers)
            assert response.status_code in (401, 403)
            assert response.status_code == 403 or headers.get("Authorization") == "Bearer "
        refused = client.post("/api/v1/research", json=NOTE, headers=AUTH)
        assert "no API token is configured" in refused.json()["error"]
        assert _total(client) == 0


def _post_raw(client: TestClient, content: bytes, **headers: str) -> Any:
    return client.post(
        "/api/v1/research",
        content=content,
        headers={**AUTH, "Content-Type": "application/json", **headers},
    )


def test_empty_and_malformed_requests(client: TestClient) -> None:
    empty = _post_raw(client, b"")
    assert empty.status_code == 400
    assert "empty" in empty.json()["error"]
    garbage = _post_raw(client, b"{not json")
    assert garbage.status_code == 400
    assert "not valid JSON" in garbage.json()["error"]
    array = _post_raw(client, b"[]")
    assert array.status_code == 422 and "note" in array.json()["fields"]
    form = _post_raw(client, b"title=x", **{"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    assert _total(client) == 0


def test_a_one_megabyte_body_is_refused_before_parsing(client: TestClient) -> None:
    huge = json.dumps({**NOTE, "body": "x" * (1024 * 1024)}).encode()
    response = _post_raw(client, huge)
    assert response.status_code == 413
    assert str(MAX_BODY_BYTES) in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        yield huge[: len(huge) // 2]
        yield huge[len(huge) // 2 :]

    streamed = client.post(
        "/api/v1/research",
        content=chunks(),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    assert _total(client) == 0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"body": ""}, "body", "must not be empty"),
        ({"body": "x" * 100_001}, "body", "100000"),
        ({"title": ""}, "title", "at least 1"),
        ({"tickers": ["NVDA", "XYZ"]}, "tickers", "unknown ticker 'XYZ'"),
        ({"published_at": "2026-02-30"}, "published_at", "invalid date"),
        ({"published_at": "2099-01-01"}, "published_at", "in the future"),
        ({"published_at": "1899-12-31"}, "published_at", "between 1900 and 2100"),
        ({"author": None}, "author", "string"),
    ],
)
def test_invalid_notes_are_422_and_store_nothing(
    client: TestClient, overrides: dict[str, Any], field: str, words: str
) -> None:
    response = client.post("/api/v1/research", json={**NOTE, **overrides}, headers=AUTH)
    assert response.status_code == 422
    body = response.json()
    assert words in body["fields"][field]
    assert field in body["error"]
    assert _total(client) == 0
    assert client.get("/api/v1/sentiment").json()["overall"]["note_count"] == 0


def test_slug_conflict_is_409(client: TestClient) -> None:
    assert client.post("/api/v1/research", json={**NOTE, "slug": "n1"}, headers=AUTH).is_success
    again = client.post("/api/v1/research", json={**NOTE, "slug": "n1"}, headers=AUTH)
    assert again.status_code == 409
    assert _total(client) == 1


def test_sentiment_endpoint(client: TestClient) -> None:
    empty = client.get("/api/v1/sentiment").json()
    assert empty["overall"]["score"] is None and empty["overall"]["note_count"] == 0
    assert list(empty["tickers"]) == ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]

    bull = client.post("/api/v1/research", json=NOTE, headers=AUTH).json()
    bear = client.post("/api/v1/research", json=BEAR, headers=AUTH).json()
    body = client.get("/api/v1/sentiment").json()
    assert body["half_life_days"] == 90.0
    overall = body["overall"]
    assert overall["note_count"] == 2
    assert overall["as_of"] == "2026-03-02T00:00:00"
    assert [p["date"] for p in overall["history"]] == ["2025-06-15", "2026-03-02"]
    # 260 days between the notes: the older one weighs 0.5 ** (260 / 90).
    w = 0.5 ** (260 / 90)
    expected = (bull["score"] + w * bear["score"]) / (1 + w)
    assert overall["score"] == pytest.approx(expected, abs=1e-4)
    assert body["tickers"]["NVDA"]["note_count"] == 1
    assert body["tickers"]["VTWO"]["score"] == bear["ticker_scores"]["VTWO"]["score"]
    assert body["tickers"]["QQQ"]["note_count"] == 0


def test_openapi_documents_the_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/research", "/api/v1/research/{note_id}", "/api/v1/sentiment"} <= set(
        spec["paths"]
    )
    post = spec["paths"]["/api/v1/research"]["post"]
    assert "title" in post["requestBody"]["content"]["application/json"]["schema"]["properties"]


def test_a_note_past_the_scoring_budget_is_refused_and_not_stored(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPERSION_SCORING_BUDGET_SECONDS", "0.000001")
    with _client(monkeypatch, TOKEN) as client:
        answer = client.post("/api/v1/research", json=NOTE, headers=AUTH)
        assert answer.status_code == 422
        assert "split it into shorter notes" in answer.json()["fields"]["body"]
        assert _total(client) == 0


def _signed_in_analyst(client: TestClient, engine: Engine, name: str = "ana") -> None:
    from app.accounts.service import create_user
    from app.db import session_scope
    from tests.integration.leads_support import PASSWORD, login

    with session_scope(engine) as db:
        create_user(db, name, "analyst", PASSWORD)
    assert login(client, name).status_code in (200, 303)


def test_a_signed_in_analyst_publishes_as_themself(client: TestClient, engine: Engine) -> None:
    _signed_in_analyst(client, engine)
    without = {k: v for k, v in NOTE.items() if k != "author"}
    created = client.post("/api/v1/research", json=without)
    assert created.status_code == 201, created.text
    assert created.json()["author"] == "ana"
    same = client.post("/api/v1/research", json={**BEAR, "author": " Ana "})
    assert same.status_code == 201 and same.json()["author"] == "ana"


def test_a_signed_in_analyst_cannot_publish_as_someone_else(
    client: TestClient, engine: Engine
) -> None:
    _signed_in_analyst(client, engine)
    refused = client.post("/api/v1/research", json=NOTE)  # author "Daniel Okafor"
    assert refused.status_code == 422
    body = refused.json()
    assert "author is set from your sign-in" in body["fields"]["author"]
    assert body["error"].startswith("invalid input: author:")
    assert _total(client) == 0
    # The session decides even when the token is sent too.
    with_token = client.post("/api/v1/research", json=NOTE, headers=AUTH)
    assert with_token.status_code == 422 and _total(client) == 0


def test_the_api_token_publishes_on_behalf_of_the_body_author(client: TestClient) -> None:
    created = client.post("/api/v1/research", json=NOTE, headers=AUTH)
    assert created.status_code == 201
    assert created.json()["author"] == "Daniel Okafor"
    missing = client.post(
        "/api/v1/research", json={k: v for k, v in NOTE.items() if k != "author"}, headers=AUTH
    )
    assert missing.status_code == 422 and "author" in missing.json()["fields"]
    spec = client.get("/openapi.json").json()
    described = spec["paths"]["/api/v1/research"]["post"]["description"]
    assert "author is that user's username" in described and "API token" in described
