"""The web layer reads through the domain: no module under app/web writes SQL.

Queries live with the tables they read (app.market.queries, app.notify.outbox, ...);
a web module may name `Engine` for typing and hand it to them, nothing more.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "app" / "web"
# What a web module may import from sqlalchemy: type names for the engine it passes on.
ALLOWED_SQLALCHEMY_NAMES = frozenset({"Engine"})
QUERY_CALLS = frozenset({"execute", "scalar", "scalars", "exec_driver_sql"})


def web_modules() -> list[Path]:
    return sorted(WEB.rglob("*.py"))


def sql_uses(source: str) -> list[str]:
    """What in `source` builds or runs SQL: sqlalchemy imports beyond the allowed names,
    and calls such as conn.execute(...)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            names = {alias.name for alias in node.names}
            if node.module != "sqlalchemy" or not names <= ALLOWED_SQLALCHEMY_NAMES:
                found.append(f"line {node.lineno}: from {node.module} import {sorted(names)}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.startswith("sqlalchemy")
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_CALLS
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(...)")
    return found


def test_there_are_web_modules_to_check() -> None:
    assert len(web_modules()) > 20


@pytest.mark.parametrize("path", web_modules(), ids=lambda p: str(p.relative_to(WEB)))
def test_web_module_has_no_sql(path: Path) -> None:
    assert sql_uses(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import Engine, text\n",
        "from sqlalchemy import select\n",
        "from sqlalchemy.orm import Session\n",
        "import sqlalchemy as sa\n",
        "def f(conn):\n    return conn.execute('SELECT 1')\n",
        "def f(db):\n    return db.scalars(q)\n",
    ],
)
def test_the_check_catches_sql(source: str) -> None:
    assert sql_uses(source) != []


def test_the_check_allows_the_engine_type() -> None:
    assert sql_uses("from sqlalchemy import Engine\n") == []
