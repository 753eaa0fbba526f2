"""Saved pairs: validation, the pages and their twins on the shared real prices, a fixed
entry across displayed periods, alert marks, and who may create and delete."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.alerts.models import AlertEvent, AlertRule
from app.db import session_scope
from app.market import pairs
from app.portfolios import service as svc
from app.web.filters import num, pct
from tests.integration.analytics_support import HTML, HX, csrf_of, shared_closes

UNIVERSE = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]
TODAY = dt.date(2026, 8, 21)
FORM = {
    "name": "Quality over small caps",
    "entry_date": "2026-01-12",
    "side_SPY": "long",
    "weight_SPY": "1",
    "side_QQQ": "long",
    "weight_QQQ": "1",
    "side_VTWO": "short",
    "weight_VTWO": "",
}


def page(client: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    answer = client.get(url, headers=HTML)
    assert answer.status_code == status, answer.text[:400]
    return BeautifulSoup(answer.text, "html.parser")


def create(client: TestClient, **changes: str) -> int:
    data = {**FORM, **changes, "csrf_token": csrf_of(client, "/pairs")}
    answer = client.post("/pairs", data=data)
    assert answer.status_code == 303, answer.text[:400]
    found = re.fullmatch(r"/pairs/(\d+)", answer.headers["location"])
    assert found
    return int(found.group(1))


# -- validation ------------------------------------------------------------------------


def test_a_valid_pair_has_each_side_scaled_to_one() -> None:
    clean = svc.validate_pair(
        {
            "name": "  A   pair ",
            "long_legs": {"spy": "1", "QQQ": 3},
            "short_legs": {"VTWO": "50%"},
            "entry_date": "2026-01-12",
        },
        UNIVERSE,
        TODAY,
    )
    assert clean == {
        "name": "A pair",
        "long_legs": {"SPY": 0.25, "QQQ": 0.75},
        "short_legs": {"VTWO": 1.0},
        "entry_date": dt.date(2026, 1, 12),
    }


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": ""}, "name", "Give it a name"),
        ({"name": "x" * 121}, "name", "at most 120"),
        ({"name": "tab\x00"}, "name", "printable"),
        ({"long_legs": {}}, "long_legs", "at least one long leg"),
        ({"short_legs": {}}, "short_legs", "at least one short leg"),
        ({"long_legs": {"AAPL": 1}}, "long_legs", "not in the universe"),
        ({"long_legs": {"SPY": "0"}}, "long_legs", "above 0"),
        ({"long_legs": {"SPY": "nan"}}, "long_legs", "above 0"),
        ({"long_legs": {"SPY": "1e999"}}, "long_legs", "above 0"),
        ({"short_legs": {"SPY": 1}}, "short_legs", "both sides"),
        ({"entry_date": "2026-13-01"}, "entry_date", "2026-01-12"),
        ({"entry_date": "0001-01-01"}, "entry_date", "between 1900 and 2100"),
        ({"entry_date": "2026-08-22"}, "entry_date", "future"),
        ({"entry_date": "12/01/2026"}, "entry_date", "2026-01-12"),
    ],
)
def test_invalid_pairs_say_which_field_and_why(data: dict, field: str, words: str) -> None:
    base = {"name": "P", "long_legs": {"SPY": 1}, "short_legs": {"VTWO": 1}}
    with pytest.raises(svc.ValidationError) as caught:
        svc.validate_pair({**base, "entry_date": "2026-01-12", **data}, UNIVERSE, TODAY)
    assert words in caught.value.fields[field]


# -- figures on the shared prices ------------------------------------------------------


def expected_figures(entry: dt.date) -> dict[str, float]:
    closes = shared_closes(["SPY", "QQQ", "VTWO"])
    long_legs, short_legs = {"SPY": 0.5, "QQQ": 0.5}, {"VTWO": 1.0}
    since = pairs.spread(closes, long_legs, short_legs, entry)
    history = pairs.spread_history(closes, long_legs, short_legs, entry)
    rolling = pairs.rolling_correlation_beta(closes, long_legs, short_legs, entry)
    return {
        "entry_session": since.index[0].date().isoformat(),
        "as_of": since.index[-1].date().isoformat(),
        "pnl": float(since.iloc[-1] / 100 - 1),
        "zscore": float(pairs.zscore(history).iloc[-1]),
        "correlation": float(rolling["correlation"].iloc[-1]),
        "beta": float(rolling["beta"].iloc[-1]),
    }


def test_saved_pair_figures_equal_the_pair_analytics(analyst: TestClient) -> None:
    pair_id = create(analyst)
    got = analyst.get(f"/api/v1/pairs/{pair_id}").json()
    want = expected_figures(dt.date(2026, 1, 12))
    assert got["long_legs"] == {"SPY": 0.5, "QQQ": 0.5} and got["short_legs"] == {"VTWO": 1.0}
    assert got["entry_date"] == "2026-01-12" and got["created_by"] == "ana"
    assert got["entry_session"] == want["entry_session"] == "2026-01-12"
    assert got["as_of"] == want["as_of"] == "2026-07-13"  # VTWO's last bar
    for key in ("pnl", "zscore", "correlation", "beta"):
        assert got[key] == pytest.approx(want[key], abs=1e-12), key
    # The page shows the same numbers, and the list its P&L and z-score.
    shown = page(analyst, f"/pairs/{pair_id}")
    values = [dd["data-value"] for dd in shown.select("dl.stats dd[data-value]")]
    assert [float(v) for v in values] == pytest.approx(
        [want["pnl"], want["zscore"], want["correlation"], want["beta"]], abs=1e-12
    )
    listed = page(analyst, "/pairs").select_one("table.pairs-table tbody tr")
    cells = [td.get_text(" ").strip() for td in listed.select("td")]
    assert cells[2] == "2026-01-12" and cells[5] == "2026-07-13"
    assert cells[3].endswith(pct(want["pnl"])) and cells[4] == num(want["zscore"], 2, True)
    assert listed.th.a["href"] == f"/pairs/{pair_id}"
    items = analyst.get("/api/v1/pairs").json()["items"]
    assert [i["id"] for i in items] == [pair_id]
    assert items[0]["pnl"] == pytest.approx(want["pnl"], abs=1e-12)


def test_the_entry_stays_fixed_whatever_period_is_displayed(analyst: TestClient) -> None:
    pair_id = create(analyst)
    seen = set()
    for period in svc.PAIR_PERIODS:
        got = analyst.get(f"/api/v1/pairs/{pair_id}", params={"period": period}).json()
        seen.add((got["entry_session"], got["pnl"]))
        by_date = {row["date"]: row["spread"] for row in got["series"]}
        if "2026-01-12" in by_date:
            assert by_date["2026-01-12"] == pytest.approx(100.0, abs=1e-12)
        shown = page(analyst, f"/pairs/{pair_id}?period={period}")
        stats = shown.select_one("dl.stats dt").get_text()
        assert "2026-01-12" in stats, period
    assert len(seen) == 1
    # Longer windows show sessions before entry (the entry holdings valued then).
    five = analyst.get(f"/api/v1/pairs/{pair_id}", params={"period": "5Y"}).json()
    assert five["series"][0]["date"] < "2026-01-12" < five["series"][-1]["date"]


def test_csv_twin_parses_and_matches_the_json(analyst: TestClient) -> None:
    pair_id = create(analyst)
    answer = analyst.get(f"/pairs/{pair_id}.csv?period=1Y")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    api = analyst.get(f"/api/v1/pairs/{pair_id}", params={"period": "1Y"}).json()["series"]
    assert [r["date"] for r in rows] == [r["date"] for r in api]
    assert [float(r["spread"]) for r in rows] == [r["spread"] for r in api]
    assert float(next(r for r in rows if r["date"] == "2026-01-12")["spread"]) == 100.0


def test_alert_marks_come_from_events_of_rules_on_the_pair(
    real_app: FastAPI, analyst: TestClient
) -> None:
    pair_id = create(analyst)
    with session_scope(real_app.state.engine) as db:
        rule = AlertRule(kind="pair", pair_id=pair_id, threshold=0.1, measure="move",
                         created_by="ana")  # fmt: skip
        db.add(rule)
        db.flush()
        db.add(AlertEvent(rule_id=rule.id, date=dt.date(2026, 5, 1), value=0.12,
                          threshold=0.1, message="Pair moved +12.0 % since entry"))  # fmt: skip
    shown = page(analyst, f"/pairs/{pair_id}")
    marks = shown.find("h2", id="marks-title").find_parent("section")
    assert "2026-05-01" in marks.get_text() and "+12.0 %" in marks.get_text()
    chart = json.loads(shown.select_one("#pair-chart-data").string)
    assert chart["markers"] == [{"time": "2026-05-01", "text": "Alert", "kind": "alert"}]
    api = analyst.get(f"/api/v1/pairs/{pair_id}").json()
    assert [a["date"] for a in api["alerts"]] == ["2026-05-01"]


# -- who may do what ---------------------------------------------------------------


def test_visitors_see_the_example_read_only(visitor: TestClient) -> None:
    listing = page(visitor, "/pairs")
    assert listing.select_one("#pair-new") is None
    assert listing.select_one("form[action='/pairs']") is None
    assert listing.select_one("a[href='/pairs/example']")
    example = page(visitor, "/pairs/example")
    want = expected_figures(dt.date(2026, 1, 12))
    pnl = float(example.select_one("dl.stats dd[data-value]")["data-value"])
    assert pnl == pytest.approx(want["pnl"], abs=1e-12)
    assert example.select_one("form.danger-zone") is None


def test_analysts_save_the_example_in_one_click(analyst: TestClient) -> None:
    listing = page(analyst, "/pairs")
    form = listing.select_one("#pairs-panel form[action='/pairs']")
    data = {str(i["name"]): str(i["value"]) for i in form.select("input[type=hidden]")}
    answer = analyst.post("/pairs", data=data)
    assert answer.status_code == 303
    got = analyst.get(f"/api/v1{answer.headers['location']}").json()
    assert got["entry_date"] == "2026-01-12"
    assert (got["long_legs"], got["short_legs"]) == ({"SPY": 0.5, "QQQ": 0.5}, {"VTWO": 1.0})


def test_anonymous_users_cannot_create_or_delete(real_app: FastAPI, visitor: TestClient) -> None:
    token = csrf_of(visitor, "/login")
    answer = visitor.post("/pairs", data={**FORM, "csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert svc.list_pairs(real_app.state.engine) == []
    created = svc.create_pair(real_app.state.engine, {
        "name": "Kept", "long_legs": {"SPY": 1}, "short_legs": {"VTWO": 1},
        "entry_date": "2026-01-12"}, UNIVERSE, "ana", TODAY)  # fmt: skip
    answer = visitor.post(f"/pairs/{created['id']}/delete", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert svc.get_pair(real_app.state.engine, created["id"]) is not None
    # JSON clients are told to authenticate instead.
    answer = visitor.post("/pairs", data={**FORM, "csrf_token": token},
                          headers={"accept": "application/json"})  # fmt: skip
    assert answer.status_code == 401


def test_a_form_without_its_token_is_refused(analyst: TestClient, real_app: FastAPI) -> None:
    assert analyst.post("/pairs", data=FORM).status_code == 403
    assert svc.list_pairs(real_app.state.engine) == []


def test_a_form_over_the_body_limit_is_refused_before_it_is_read(
    analyst: TestClient, real_app: FastAPI
) -> None:
    limit = real_app.state.settings.max_form_bytes
    data = {**FORM, "name": "x" * limit, "csrf_token": csrf_of(analyst, "/pairs")}
    answer = analyst.post("/pairs", data=data, headers=HTML)
    assert answer.status_code == 413
    assert f"larger than this form accepts ({limit // 1024} KB)" in answer.text
    assert svc.list_pairs(real_app.state.engine) == []


def test_analysts_delete_pairs(analyst: TestClient) -> None:
    pair_id = create(analyst)
    token = csrf_of(analyst, f"/pairs/{pair_id}")
    answer = analyst.post(f"/pairs/{pair_id}/delete", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/pairs"
    page(analyst, f"/pairs/{pair_id}", status=404)
    assert analyst.get(f"/api/v1/pairs/{pair_id}").status_code == 404
    assert analyst.post(f"/pairs/{pair_id}/delete", data={"csrf_token": token}).status_code == 404


def test_bad_form_input_is_shown_inline_with_422(analyst: TestClient) -> None:
    data = {**FORM, "name": "", "side_QQQ": "", "side_SPY": "short", "entry_date": "soon",
            "csrf_token": csrf_of(analyst, "/pairs")}  # fmt: skip
    answer = analyst.post("/pairs", data=data)
    assert answer.status_code == 422
    shown = BeautifulSoup(answer.text, "html.parser")
    errors = {p["id"]: p.get_text() for p in shown.select("p.field-error")}
    assert set(errors) == {"name-error", "entry_date-error", "long_legs-error"}
    # What was chosen stays chosen.
    assert shown.select_one("#side_SPY option[selected]")["value"] == "short"


# -- fragments ---------------------------------------------------------------------


@pytest.mark.parametrize(("url", "root"), [("/pairs/{id}?period=3M", "section#pair-panel"),
                                           ("/pairs", "section#pairs-panel")])  # fmt: skip
def test_htmx_gets_only_the_fragment(analyst: TestClient, url: str, root: str) -> None:
    url = url.format(id=create(analyst))
    full = analyst.get(url, headers=HTML)
    part = analyst.get(url, headers=HX)
    assert full.status_code == part.status_code == 200
    for answer in (full, part):  # per-user pages also vary by the session cookie
        assert "HX-Request" in [v.strip() for v in answer.headers["vary"].split(",")]
    assert "<html" in full.text and "<html" not in part.text
    fragment = BeautifulSoup(part.text, "html.parser")
    top = [t for t in fragment.children if getattr(t, "name", None)]
    assert len(top) == 1 and top[0] is fragment.select_one(root)


@pytest.mark.parametrize(
    "url",
    ["/pairs/0", "/pairs/-1", "/pairs/99999999999999999999999", "/pairs/%C2%B9", "/pairs/x.csv",
     "/api/v1/pairs/0", "/api/v1/pairs/abc", "/api/v1/pairs/1?period=" + "Z" * 20],
)  # fmt: skip
def test_hostile_references_are_4xx(analyst: TestClient, url: str) -> None:
    create(analyst)
    assert 400 <= analyst.get(url).status_code < 500
