"""The form models read what browsers (and hostile clients) post, leniently."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Query
from fastapi.testclient import TestClient

from app.web.forms import (
    PASSWORD_INPUT_MAX,
    USERNAME_MAX,
    DemoForm,
    LoginForm,
    PairForm,
    PortfolioQuery,
    PortfolioSaveForm,
)


def _client() -> TestClient:
    app = FastAPI()

    @app.post("/demo")
    def demo(form: Annotated[DemoForm, Form()]) -> dict[str, Any]:
        return {**form.values(), "honeypot": form.honeypot, "timestamp": form.timestamp}

    @app.post("/login")
    def login(form: Annotated[LoginForm, Form()]) -> dict[str, Any]:
        return form.model_dump()

    @app.post("/pairs")
    def pairs(form: Annotated[PairForm, Form()]) -> dict[str, Any]:
        return form.as_input(["NVDA", "MSFT", "VTWO"])

    @app.post("/portfolio")
    def portfolio(form: Annotated[PortfolioSaveForm, Form()]) -> dict[str, Any]:
        return form.model_dump()

    @app.get("/portfolio")
    def portfolio_query(query: Annotated[PortfolioQuery, Query()]) -> dict[str, Any]:
        return query.model_dump()

    return TestClient(app)


def test_absent_fields_are_empty_and_nothing_is_a_framework_422() -> None:
    response = _client().post("/demo", data={})
    assert response.status_code == 200
    assert response.json() == {
        "full_name": "", "email": "", "company": "", "role": "", "aum": "",
        "interests": [], "message": "", "consent": "", "honeypot": "", "timestamp": "",
    }  # fmt: skip


def test_repeated_choices_are_a_list_and_the_bot_fields_keep_their_form_names() -> None:
    data = {"interests": ["research", "alerts"], "website": "spam", "form_ts": "signed"}
    body = _client().post("/demo", data=data).json()
    assert body["interests"] == ["research", "alerts"]
    assert (body["honeypot"], body["timestamp"]) == ("spam", "signed")


def test_a_file_where_text_belongs_counts_as_empty() -> None:
    files = {"full_name": ("name.txt", b"Ada"), "interests": ("x.txt", b"research")}
    body = _client().post("/demo", data={"email": "a@b.co"}, files=files).json()
    assert body["full_name"] == "" and body["interests"] == []
    assert body["email"] == "a@b.co"


def test_overlong_sign_in_input_is_cut_not_refused() -> None:
    data = {"username": "u" * 500, "password": "p" * 5000, "next": "/research"}
    body = _client().post("/login", data=data).json()
    assert body == {
        "username": "u" * USERNAME_MAX,
        "password": "p" * PASSWORD_INPUT_MAX,
        "next": "/research",
    }


def test_pair_legs_come_from_the_per_symbol_fields_of_the_universe() -> None:
    data = {
        "name": "Chips vs small caps",
        "side_NVDA": "long",
        "weight_NVDA": " 2 ",
        "side_VTWO": "short",
        "side_AAPL": "long",  # not in the universe: ignored
        "side_MSFT": "sideways",
    }
    body = _client().post("/pairs", data=data).json()
    assert body["long_legs"] == {"NVDA": "2"}
    assert body["short_legs"] == {"VTWO": "1"}  # a blank weight is 1
    assert body["sides"] == {"NVDA": "long", "MSFT": "sideways", "VTWO": "short"}
    assert body["name"] == "Chips vs small caps"


def test_a_repeated_pair_field_counts_by_its_last_value() -> None:
    data = {"side_NVDA": ["short", "long"], "weight_NVDA": ["3", "0.5"]}
    body = _client().post("/pairs", data=data).json()
    assert body["long_legs"] == {"NVDA": "0.5"} and body["short_legs"] == {}


def test_portfolio_dates_are_read_from_their_form_names() -> None:
    data = {"weights": "NVDA=1", "from": "2025-01-02", "to": "2025-06-30", "name": "x"}
    body = _client().post("/portfolio", data=data).json()
    assert (body["date_from"], body["date_to"]) == ("2025-01-02", "2025-06-30")


def test_portfolio_rows_keep_their_blank_pickers_so_they_pair_by_position() -> None:
    params = [("symbol", "NVDA"), ("symbol", ""), ("symbol", "MSFT"),
              ("weight", "0.5"), ("weight", "0.2"), ("weight", ""), ("from", " ")]  # fmt: skip
    body = _client().get("/portfolio", params=params).json()
    assert body["symbol"] == ["NVDA", "", "MSFT"] and body["weight"] == ["0.5", "0.2", ""]
    assert body["date_from"] == " " and body["date_to"] == ""
