"""An app for hostile-input tests: a copy of the shared site database (prices and the
sample notes), an API token, and clients for a browser, an admin and an API writer."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from tests.databases import cloned_database
from tests.integration.leads_support import add_user, form_tokens, make_app

API_TOKEN = "hostile-input-token"
ADMIN = "hostile-admin"
PASSWORD = "correct horse battery"
BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options")
PROBE = Path(__file__).resolve().parents[2] / "scripts" / "probe.py"


def probe_module() -> ModuleType:
    """scripts/probe.py, loaded by path (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("probe", PROBE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("probe", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def hostile_values() -> list[str]:
    """The probe's hostile values as text (its raw percent-escapes decoded)."""
    probe = probe_module()
    return [
        unquote(v.removeprefix(probe.RAW), errors="replace") if v.startswith(probe.RAW) else v
        for v in probe.HOSTILE
    ]


@dataclass
class Clients:
    app: FastAPI
    browser: TestClient
    admin: TestClient
    writer: TestClient


@contextmanager
def hostile_clients(site_db: tuple[str, Settings], tmp: Path) -> Iterator[Clients]:
    """Clients that see server errors as responses (status 500), not exceptions, on a
    private copy of the site database."""
    with cloned_database(site_db[0], tmp, "hostile") as url:
        app = make_app(url, api_token=API_TOKEN)
        try:
            yield _clients(app)
        finally:
            app.state.engine.dispose()


def _clients(app: FastAPI) -> Clients:
    add_user(app, ADMIN, "admin", PASSWORD)

    def client(**headers: str) -> TestClient:
        return TestClient(
            app, follow_redirects=False, raise_server_exceptions=False, headers=headers
        )

    admin = client(**BROWSER)
    tokens = form_tokens(admin, "/login")
    signed_in = admin.post("/login", data={**tokens, "username": ADMIN, "password": PASSWORD})
    assert signed_in.status_code == 303
    writer = client(authorization=f"Bearer {API_TOKEN}", **BROWSER)
    return Clients(app, client(**BROWSER), admin, writer)
