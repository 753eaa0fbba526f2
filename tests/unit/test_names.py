"""Names say what they are: no one-letter names in the checked packages.

A one-letter variable, argument, function, class, import alias or `except ... as` name
fails the check. Allowed: comprehension variables and lambda arguments (their scope is
one line), `_` for a value that is thrown away, and one-capital-letter type variables
made with TypeVar / ParamSpec (the Python convention), and fields of a class body.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Packages (directories) and modules (files) the check walks; widen it room by room.
CHECKED = (
    "app/alerts",
    "app/cli",
    "app/leads",
    "app/market",
    "app/ops",
    "app/portfolios",
    "app/accounts",
    "app/notify",
    "app/db.py",
    "app/config.py",
    "app/data_version.py",
    "app/migrate.py",
    "app/sentiment",
    "app/research",
    "app/web",
)
TYPE_VARIABLE_FACTORIES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Nodes that bind the name in their `name` field (None for a bare `except:` or `case _:`).
NAMED = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
)


def checked_files() -> list[Path]:
    files: list[Path] = []
    for entry in CHECKED:
        path = REPO_ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _is_type_variable(node: ast.Assign) -> bool:
    """`T = TypeVar("T")` or `P = typing.ParamSpec("P")`."""
    if not isinstance(node.value, ast.Call):
        return False
    func = node.value.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in TYPE_VARIABLE_FACTORIES


def _exempt(tree: ast.AST) -> set[int]:
    """Ids of the nodes whose one-letter names are allowed."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, COMPREHENSIONS):
            for generator in node.generators:
                exempt.update(id(target) for target in ast.walk(generator.target))
        elif isinstance(node, ast.Lambda):
            exempt.update(id(argument) for argument in ast.walk(node.args))
        elif isinstance(node, ast.Assign) and _is_type_variable(node):
            exempt.update(id(target) for target in node.targets)
        elif isinstance(node, ast.ClassDef):
            # Fields of a class body are data whose spelling is part of a format
            # (``EvalReport.n`` is a key of the JSON report).
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign):
                    exempt.add(id(statement.target))
                elif isinstance(statement, ast.Assign):
                    exempt.update(id(target) for target in statement.targets)
    return exempt


def _bound_names(node: ast.AST) -> Iterator[str | None]:
    """The names `node` binds (None where it binds nothing)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        yield node.id
    elif isinstance(node, ast.arg):
        yield node.arg
    elif isinstance(node, NAMED):
        yield node.name
    elif isinstance(node, ast.alias):
        yield node.asname
    elif isinstance(node, ast.MatchMapping):
        yield node.rest


def one_letter_names(source: str) -> list[tuple[int, str]]:
    """(line, name) of every one-letter name `source` binds outside the allowed places."""
    tree = ast.parse(source)
    exempt = _exempt(tree)
    found = {
        (node.lineno, name)
        for node in ast.walk(tree)
        if id(node) not in exempt
        for name in _bound_names(node)
        if name is not None and len(name) == 1 and name != "_"
    }
    return sorted(found)


def test_every_checked_path_exists() -> None:
    missing = [entry for entry in CHECKED if not (REPO_ROOT / entry).exists()]
    assert missing == []
    assert len(checked_files()) > 40


def test_no_one_letter_names_in_the_checked_packages() -> None:
    found = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {name}"
        for path in checked_files()
        for line, name in one_letter_names(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "one-letter names; name what the value is:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x = 1\n", [(1, "x")]),
        ("q: str = ''\n", [(1, "q")]),
        ("total = 0\ntotal += 1\nn = total\n", [(3, "n")]),
        ("a, (b, _) = 1, (2, 3)\n", [(1, "a"), (1, "b")]),
        ("for i, day in enumerate(days):\n    pass\n", [(1, "i")]),
        ("def f(a, /, b, *c, d=1, **e):\n    pass\n", [(1, n) for n in "abcdef"]),
        ("async def fetch(u):\n    pass\n", [(1, "u")]),
        ("class C:\n    pass\n", [(1, "C")]),
        ("with open(path) as f:\n    pass\n", [(1, "f")]),
        ("try:\n    pass\nexcept ValueError as e:\n    pass\n", [(3, "e")]),
        ("import numpy as n\nfrom math import pi as p\n", [(1, "n"), (2, "p")]),
        ("if (n := size()):\n    pass\n", [(1, "n")]),
        # A walrus in a comprehension binds in the enclosing function: not exempt.
        ("kept = [r for c in cells if (r := rank(c))]\n", [(1, "r")]),
        ("match value:\n    case [h, *t]:\n        pass\n", [(2, "h"), (2, "t")]),
        ("match value:\n    case {'a': 1, **r}:\n        pass\n", [(2, "r")]),
        ("Q = make('Q')\n", [(1, "Q")]),
    ],
)
def test_the_check_catches(source: str, expected: list[tuple[int, str]]) -> None:
    assert one_letter_names(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "squares = [x * x for x in values]\n",
        "pairs = {k: v for k, v in items}\n",
        "letters = {c for c in word}\n",
        "total = sum(x for x in values)\n",
        "key = lambda x, *a, y=1, **k: x\n",
        "T = TypeVar('T')\n",
        "P = typing.ParamSpec('P')\n",
        "for _ in range(3):\n    pass\n",
        "def read(path, *, limit=1):\n    return path\n",
    ],
)
def test_the_check_allows(source: str) -> None:
    assert one_letter_names(source) == []
