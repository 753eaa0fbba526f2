"""Security headers on every response, trusted hosts, production mode."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.config import PLACEHOLDER_SECRET, Settings
from tests.integration.leads_support import client_for, make_app, soup

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


@pytest.fixture
def client(database_url: str):  # type: ignore[no-untyped-def]
    return client_for(make_app(database_url))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/demo"),
        ("GET", "/login"),
        ("GET", "/healthz"),
        ("GET", "/admin/leads"),
        ("GET", "/no-such-page"),
        ("GET", "/static/css/forms.css"),
        ("POST", "/demo"),
        ("GET", "/openapi.json"),
    ],
)
def test_every_response_has_the_headers(client, method: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.request(method, path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    found = directives(csp)
    for name, value in EXPECTED_CSP.items():
        assert found[name] == value, name
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_in_production(database_url: str) -> None:
    app = make_app(database_url, env="production", secret_key="a-real-production-secret-1234")
    response = client_for(app, base_url="https://testserver").get("/demo")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_untrusted_host_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/demo", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers


def test_allowed_hosts_setting(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPERSION_ALLOWED_HOSTS", "research.example.com, testserver")
    assert Settings().allowed_hosts == ["research.example.com", "testserver"]
    app = make_app(database_url, allowed_hosts=["research.example.com"])
    client = client_for(app, base_url="http://research.example.com")
    assert client.get("/demo").status_code == 200
    assert client_for(app).get("/demo").status_code == 400


@pytest.mark.parametrize("secret", [None, "", PLACEHOLDER_SECRET])
def test_production_refuses_a_default_or_missing_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    monkeypatch.setenv("DISPERSION_ENV", "production")
    if secret is None:
        monkeypatch.delenv("DISPERSION_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("DISPERSION_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()


def test_pages_have_no_inline_scripts_styles_or_handlers(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/demo", "/login"):
        page = soup(client.get(path).text)
        assert not page.select("script:not([src])")
        assert not page.select("style") and not page.select("[style]")
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], tag.name


def test_docs_get_a_hash_based_policy_without_unsafe_inline(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/docs")
    assert response.status_code == 200
    csp = directives(response.headers["Content-Security-Policy"])
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "'sha256-" in csp["script-src"]
    assert "http" not in response.headers["Content-Security-Policy"]  # same origin only
    page = soup(response.text)
    for asset in [s["src"] for s in page.select("script[src]")] + [
        link["href"] for link in page.select("link[href]")
    ]:
        assert asset.startswith("/static/"), asset
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    import base64
    import hashlib

    inline = [s.string for s in soup(response.text).select("script:not([src])")]
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert int(response.headers["Content-Length"]) == len(response.content)
