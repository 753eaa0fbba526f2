"""Sessions: login, logout, throttling, role guards and cookie flags."""

from __future__ import annotations

import time

import pytest
from fastapi import Depends

from app.web.auth import require_analyst
from app.web.deps import require_writer
from tests.integration.leads_support import (
    PASSWORD,
    add_user,
    client_for,
    form_tokens,
    login,
    make_app,
    soup,
)


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    app = make_app(database_url)

    @app.get("/api/v1/_test/analyst", dependencies=[Depends(require_analyst)])
    def analyst_api() -> dict[str, str]:
        return {"ok": "analyst"}

    @app.get("/_test/analyst-page", dependencies=[Depends(require_analyst)])
    def analyst_page() -> dict[str, str]:
        return {"ok": "page"}

    @app.post("/api/v1/_test/write")
    def write(writer=Depends(require_writer)) -> dict[str, str]:  # type: ignore[no-untyped-def]  # noqa: B008
        return {"kind": writer.kind, "name": writer.name}

    add_user(app, "ana", "analyst")
    add_user(app, "boss", "admin")
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return client_for(app)


def test_login_page_has_the_fields(client) -> None:  # type: ignore[no-untyped-def]
    form = soup(client.get("/login").text).select_one("form[action='/login']")
    names = {el["name"] for el in form.select("[name]")}
    assert {"username", "password", "csrf_token"} <= names


def test_login_sets_a_signed_httponly_lax_cookie_and_logout_clears_it(client) -> None:  # type: ignore[no-untyped-def]
    response = login(client, "ANA")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("dispersion_session=")
    )
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # test mode is plain http
    assert client.get("/_test/analyst-page").status_code == 200
    logout = client.post("/logout", data=form_tokens(client, "/login"))
    assert logout.status_code == 303
    assert client.get("/_test/analyst-page").status_code == 303


def test_logout_needs_csrf(client) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/_test/analyst-page").status_code == 200


def test_login_needs_csrf(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert response.status_code == 403


def test_wrong_password_is_401_with_a_message(client) -> None:  # type: ignore[no-untyped-def]
    response = login(client, "ana", "wrong password!!")
    assert response.status_code == 401
    assert "Wrong username or password" in soup(response.text).select_one("[role=alert]").text
    assert login(client, "nobody", "whatever-password").status_code == 401


def test_next_is_followed_only_within_the_site(client) -> None:  # type: ignore[no-untyped-def]
    for target, expected in [
        ("/admin/leads?status=new", "/admin/leads?status=new"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        fresh = client_for(client.app)
        tokens = form_tokens(fresh, "/login")
        response = fresh.post(
            "/login",
            data={**tokens, "username": "ana", "password": PASSWORD, "next": target},
        )
        assert response.headers["location"] == expected


def test_anonymous_html_redirects_to_login_and_api_gets_401(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/_test/analyst-page?x=1")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/_test/analyst-page%3Fx%3D1"
    api = client.get("/api/v1/_test/analyst")
    assert api.status_code == 401 and api.json() == {"error": "authentication required"}


def test_admin_pages_need_admin(client) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    assert client.get("/admin/leads").status_code == 403
    admin = client_for(client.app)
    login(admin, "boss")
    assert admin.get("/admin/leads").status_code == 200
    assert admin.get("/_test/analyst-page").status_code == 200  # admins are analysts too


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(
    database_url: str,
) -> None:
    app = make_app(database_url, login_rate_limit_user="3/15minutes")
    add_user(app, "ana", "admin")
    attacker = client_for(app, client=("10.9.9.9", 1000))
    statuses = [login(attacker, "ana", "bad-password-guess").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    owner = client_for(app, client=("10.1.1.1", 1000))
    response = login(owner, "ana")
    assert response.status_code == 303
    assert owner.get("/admin/leads").status_code == 200


def test_the_throttled_address_gets_a_page_saying_how_long_to_wait(database_url: str) -> None:
    app = make_app(database_url, login_rate_limit_user="3/15minutes")
    add_user(app, "ana", "admin")
    client = client_for(app, client=("10.9.9.9", 1000))
    for _ in range(3):
        assert login(client, "ana", "bad-password-guess").status_code == 401
    blocked = login(client, "ana")  # even the right password waits it out from here
    assert blocked.status_code == 429
    assert blocked.headers["content-type"].startswith("text/html")
    assert 840 <= int(blocked.headers["retry-after"]) <= 900
    text = soup(blocked.text).get_text()
    assert "Please wait 15 minutes" in text
    assert client.get("/admin/leads").status_code == 303


def test_throttling_per_client_address(database_url: str) -> None:
    app = make_app(database_url, login_rate_limit_ip="3/15minutes")
    client = client_for(app)
    statuses = [login(client, f"user{i}", "bad-password-guess").status_code for i in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_many_addresses_slow_a_username_down_but_never_refuse_it(database_url: str) -> None:
    app = make_app(
        database_url, login_rate_limit_user_global="3/15minutes", login_slowdown_seconds=0.4
    )
    add_user(app, "ana", "admin")
    for i in range(5):  # a guesser spread over many addresses
        guess = login(client_for(app, client=(f"10.2.0.{i}", 1000)), "ana", "bad-password-guess")
        assert guess.status_code == 401
    owner = client_for(app, client=("10.1.1.1", 1000))
    tokens = form_tokens(owner, "/login")
    started = time.monotonic()
    response = owner.post("/login", data={**tokens, "username": "ana", "password": PASSWORD})
    assert response.status_code == 303
    assert time.monotonic() - started >= 0.4  # slowed down, not refused
    assert owner.get("/admin/leads").status_code == 200


def test_success_resets_the_counter_of_that_address(database_url: str) -> None:
    app = make_app(database_url, login_rate_limit_user="3/15minutes")
    add_user(app, "ana", "analyst")
    client = client_for(app)
    login(client, "ana", "bad-password-guess")
    login(client, "ana", "bad-password-guess")
    assert login(client, "ana").status_code == 303
    again = client_for(app)
    statuses = [login(again, "ana", "bad-password-guess").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]


def test_disabled_user_cannot_log_in_and_existing_session_ends(app, client) -> None:  # type: ignore[no-untyped-def]
    from app.accounts.service import set_active
    from app.db import session_scope

    login(client, "ana")
    assert client.get("/_test/analyst-page").status_code == 200
    with session_scope(app.state.engine) as session:
        set_active(session, "ana", False)
    assert client.get("/_test/analyst-page").status_code == 303
    assert login(client_for(app), "ana").status_code == 401


def test_password_change_ends_sessions(app, client) -> None:  # type: ignore[no-untyped-def]
    from app.accounts.passwords import hash_password
    from app.accounts.service import get_user
    from app.db import session_scope

    login(client, "ana")
    with session_scope(app.state.engine) as session:
        get_user(session, "ana").password_hash = hash_password("a brand new password")
    assert client.get("/_test/analyst-page").status_code == 303


def _replay(app, cookie: str):  # type: ignore[no-untyped-def]
    """A client elsewhere holding a copy of someone's session cookie."""
    thief = client_for(app, client=("10.66.0.1", 1000))
    thief.cookies.set("dispersion_session", cookie)
    return thief


def test_logout_ends_the_session_in_copies_of_the_cookie_too(app) -> None:  # type: ignore[no-untyped-def]
    boss = client_for(app)
    assert login(boss, "boss").status_code == 303
    copied = boss.cookies.get("dispersion_session")
    assert _replay(app, copied).get("/admin/leads").status_code == 200  # the copy works...
    assert boss.post("/logout", data=form_tokens(boss, "/login")).status_code == 303
    thief = _replay(app, copied)  # ...until the owner logs out
    page = thief.get("/admin/leads")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/admin/leads"
    api = thief.get("/api/v1/_test/analyst")
    assert api.status_code == 401 and api.json() == {"error": "authentication required"}
    assert thief.post("/api/v1/_test/write").status_code in (401, 403)


def test_cli_passwd_ends_existing_sessions(app, client) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_cli import run_cli

    login(client, "ana")
    other = client_for(app, client=("10.3.0.1", 1000))
    login(other, "ana")
    assert client.get("/_test/analyst-page").status_code == 200
    result = run_cli("users", "passwd", "ANA", "--password-stdin", stdin="a new long password\n")
    assert result.returncode == 0, result.stderr
    assert "password set for ana; ended 2 sessions" in result.stderr
    assert client.get("/_test/analyst-page").status_code == 303
    assert other.get("/_test/analyst-page").status_code == 303
    assert login(client_for(app), "ana").status_code == 401
    assert login(client_for(app), "ana", "a new long password").status_code == 303


def test_cli_passwd_refuses_short_passwords_and_unknown_users(app) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_cli import assert_one_line_error, run_cli

    short = run_cli("users", "passwd", "ana", "--password-stdin", stdin="short\n")
    assert_one_line_error(short, "at least 12 characters")
    unknown = run_cli("users", "passwd", "nobody", "--password-stdin", stdin="long enough pass\n")
    assert_one_line_error(unknown, "no user 'nobody'")
    assert login(client_for(app), "ana").status_code == 303  # unchanged


def test_expired_sessions_are_anonymous_and_pruned_at_the_next_login(app, client) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from sqlalchemy import func, select, update

    from app.accounts.models import UserSession
    from app.db import session_scope

    login(client, "ana")
    with session_scope(app.state.engine) as db:
        db.execute(update(UserSession).values(expires_at=dt.datetime(2000, 1, 1)))
    assert client.get("/_test/analyst-page").status_code == 303
    login(client_for(app), "boss")
    with session_scope(app.state.engine) as db:
        assert db.scalar(select(func.count()).select_from(UserSession)) == 1  # boss's only


def test_tampered_session_cookie_is_anonymous(client) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    value = client.cookies.get("dispersion_session")
    client.cookies.set("dispersion_session", value[:-4] + "AAAA")
    assert client.get("/_test/analyst-page").status_code == 303


def test_analyst_session_passes_require_writer(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/v1/_test/write").status_code in (401, 403)
    login(client, "ana")
    response = client.post("/api/v1/_test/write")
    assert response.status_code == 200
    assert response.json() == {"kind": "session", "name": "ana"}
    cross = client.post("/api/v1/_test/write", headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403


def test_session_cookie_is_secure_in_production(database_url: str) -> None:
    app = make_app(database_url, env="production", secret_key="a-real-production-secret-1234")
    add_user(app, "ana", "analyst")
    client = client_for(app, base_url="https://testserver")
    response = login(client, "ana")
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("dispersion_session="))
    assert "secure" in session_cookie.lower()
    page_cookies = client.get("/login").headers.get_list("set-cookie")
    csrf_cookie = next(c for c in page_cookies if c.startswith("dispersion_csrf="))
    assert "secure" in csrf_cookie.lower() and "httponly" in csrf_cookie.lower()


def test_private_responses_are_no_store(app) -> None:  # type: ignore[no-untyped-def]
    anonymous = client_for(app)
    for path in ("/login", "/admin/leads"):
        assert anonymous.get(path).headers["cache-control"] == "no-store", path
    boss = client_for(app)
    signed_in = login(boss, "boss")
    assert signed_in.headers["cache-control"] == "no-store"
    for path in ("/admin/leads", "/admin/users", "/admin/leads.csv", "/_test/analyst-page"):
        assert boss.get(path).headers["cache-control"] == "no-store", path
    logout = boss.post("/logout", data=form_tokens(boss, "/login"))
    assert logout.headers["cache-control"] == "no-store"


def test_public_pages_stay_cacheable_for_visitors_but_not_when_signed_in(app) -> None:  # type: ignore[no-untyped-def]
    anonymous = client_for(app)
    first = anonymous.get("/research")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = anonymous.get("/research", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304  # anonymous revalidation still works
    ana = client_for(app)
    login(ana, "ana")
    cached = ana.get("/research")  # served from the page cache, still marked private
    assert cached.status_code == 200 and cached.headers["cache-control"] == "no-store"
    api = ana.get("/api/v1/research")
    assert api.headers["cache-control"] == "no-store"
