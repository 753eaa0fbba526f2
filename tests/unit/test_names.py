"""No single-letter names in the packages cleaned of them.

A name is checked where it is bound: assignments, function arguments, ``for`` and
``with`` targets, ``except … as``. Comprehensions and lambdas may keep short names
(their scope is one line), ``_`` is the throwaway, and names in a class body are
fields whose spelling is data (``EvalReport.n`` is a key of the JSON report).
Add a package to ``CLEAN_PACKAGES`` once it is cleaned.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLEAN_PACKAGES = ("app/sentiment", "app/research")

_SHORT_SCOPES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


def _is_short(name: str) -> bool:
    return len(name) == 1 and name != "_"


def _bound_name(node: ast.AST) -> str | None:
    """The name ``node`` binds, if it binds one."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return node.id
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.ExceptHandler):
        return node.name
    return None


def _bindings(node: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, name) of every binding outside comprehensions, lambdas and class fields."""
    if isinstance(node, _SHORT_SCOPES):
        return
    children = list(ast.iter_child_nodes(node))
    if isinstance(node, ast.ClassDef):
        children = [
            child for child in node.body if not isinstance(child, ast.Assign | ast.AnnAssign)
        ]
    name = _bound_name(node)
    if name:
        yield node.lineno, name  # Name, arg and ExceptHandler all carry a line
    for child in children:
        yield from _bindings(child)


def single_letter_names(source: str) -> list[tuple[int, str]]:
    """(line, name) of every single-letter name bound outside the allowed places."""
    return [(line, name) for line, name in _bindings(ast.parse(source)) if _is_short(name)]


def _modules() -> list[Path]:
    return sorted(path for package in CLEAN_PACKAGES for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_single_letter_names(path: Path) -> None:
    found = single_letter_names(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: single-letter names at (line, name) {found}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("i = 0", [(1, "i")]),
        ("def f(s): pass", [(1, "s")]),
        ("for k, word in pairs: pass", [(1, "k")]),
        ("with open(p) as f: pass", [(1, "f")]),
        ("try:\n    pass\nexcept ValueError as e:\n    pass", [(3, "e")]),
        ("total = sum(x for x in values)", []),
        ("best = max(items, key=lambda m: m.score)", []),
        ("for _, word in pairs: pass", []),
        ("class Report:\n    n: int", []),
        ("class Runner:\n    def run(self, i): pass", [(2, "i")]),
    ],
)
def test_the_check_sees_bindings_and_spares_short_scopes(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert single_letter_names(source) == expected
