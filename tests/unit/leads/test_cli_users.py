from __future__ import annotations

import io
import json

import pytest

from app.cli import main


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_users_commands(database_url: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    pw = "a long enough password\n"
    assert (
        run(["users", "create", "Alice", "--role", "admin", "--password-stdin"], monkeypatch, pw)
        == 0
    )
    assert run(["users", "create", "bob", "--password-stdin"], monkeypatch, pw) == 0
    assert run(["users", "create", "alice", "--password-stdin"], monkeypatch, pw) == 2
    assert "already exists" in capsys.readouterr().err
    assert run(["users", "create", "carol", "--password-stdin"], monkeypatch, "short\n") == 2
    assert run(["users", "disable", "BOB"], monkeypatch) == 0
    assert run(["users", "disable", "nobody"], monkeypatch) == 2
    capsys.readouterr()
    assert run(["users", "list", "--json"], monkeypatch) == 0
    users = json.loads(capsys.readouterr().out)
    assert [(u["username"], u["role"], u["active"]) for u in users] == [
        ("alice", "admin", True),
        ("bob", "analyst", False),
    ]
