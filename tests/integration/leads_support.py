"""Helpers for the demo, auth and admin tests: an app on the test database, form tokens."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.accounts.service import create_user
from app.config import Settings
from app.db import make_engine, session_scope
from app.web.app import create_app

PASSWORD = "correct horse battery"


def make_app(database_url: str, **overrides: Any) -> FastAPI:
    values: dict[str, Any] = {
        "database_url": database_url,
        "env": "test",
        "secret_key": "test-secret-key-for-forms-and-sessions",
        "demo_min_fill_seconds": 0,
        "rate_limit_storage": "memory://",
        **overrides,
    }
    settings = Settings(**values)
    return create_app(settings, make_engine(database_url))


def client_for(app: FastAPI, **kwargs: Any) -> TestClient:
    return TestClient(app, follow_redirects=False, **kwargs)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def form_tokens(client: TestClient, path: str = "/demo") -> dict[str, str]:
    """The hidden fields of the first form on `path` (CSRF token, timestamp, honeypot)."""
    page = soup(client.get(path).text)
    fields = page.select("form[method=post] input[type=hidden]")
    return {str(f["name"]): str(f.get("value", "")) for f in fields}


def demo_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": "Dana Whitfield",
        "email": "dana.whitfield@northbridge-capital.com",
        "company": "Northbridge Capital",
        "role": "Portfolio Manager",
        "aum": "$1B–$10B",
        "interests": ["research", "alerts"],
        "message": "Interested in pair monitoring.",
        "consent": "yes",
        "website": "",
    }
    data.update(overrides)
    return data


def post_demo(client: TestClient, headers: dict[str, str] | None = None, **overrides: Any):  # type: ignore[no-untyped-def]
    return client.post(
        "/demo", data={**form_tokens(client), **demo_data(**overrides)}, headers=headers or {}
    )


def add_user(app: FastAPI, username: str, role: str, password: str = PASSWORD) -> None:
    with session_scope(app.state.engine) as session:
        create_user(session, username, role, password)


def login(client: TestClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    tokens = form_tokens(client, "/login")
    return client.post("/login", data={**tokens, "username": username, "password": password})


def admin_client(app: FastAPI, username: str = "root-admin") -> TestClient:
    add_user(app, username, "admin")
    client = client_for(app)
    assert login(client, username).status_code == 303
    return client
