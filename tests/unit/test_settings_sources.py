"""One source per setting: Settings holds every default, nothing else copies one, and
every variable named in the docs, Compose file or code is a setting."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.config import Settings
from tests.conftest import REPO_ROOT
from tests.settings_support import accepted_env_names

APP = REPO_ROOT / "app"


def _normalised(value: Any) -> Any:
    """Tuples as lists and dict values likewise, so ("A", "B") equals ["A", "B"]."""
    if isinstance(value, tuple | list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def _copyable_defaults() -> dict[str, Any]:
    """Defaults that can't match by coincidence: non-empty lists and dicts, and strings
    of several characters. Numbers are left out: 2.0 or 60 mean many things."""
    defaults = {}
    for field, info in Settings.model_fields.items():
        value = _normalised(info.get_default(call_default_factory=True))
        if (isinstance(value, list | dict) and value) or (
            isinstance(value, str) and len(value) > 3
        ):
            defaults[field] = value
    return defaults


def _symbols(literal: list[Any] | dict[Any, Any]) -> set[Any]:
    """The items of a list, the keys of a dict (unhashable items: none)."""
    try:
        return set(literal)
    except TypeError:
        return set()


def _module_constants(path: Path) -> Iterator[tuple[str, int, ast.expr]]:
    """(NAME, line, value) of each module-level UPPER_CASE assignment."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                yield target.id, node.lineno, value


def _literal(node: ast.expr) -> Any:
    try:
        return _normalised(ast.literal_eval(node))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _parameter_defaults(path: Path) -> Iterator[tuple[str, int, ast.expr]]:
    """(parameter, line, default) of every function parameter with a default."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            pairs = [
                *zip(
                    positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
                ),
                *zip(args.kwonlyargs, args.kw_defaults, strict=True),
            ]
            for arg, default in pairs:
                if default is not None:
                    yield arg.arg, node.lineno, default


def copies_of_settings(root: Path) -> list[str]:
    """A module constant under ``root`` named like a setting (MAX_FORM_BYTES,
    DEFAULT_TICKERS), holding a setting's default, or keyed by the default universe (an
    alias table for exactly the default tickers), and a parameter named like a setting
    with a default of its own: each is a second source that drifts."""
    names = {field.upper(): field for field in Settings.model_fields}
    names |= {f"DEFAULT_{field.upper()}": field for field in Settings.model_fields}
    defaults = _copyable_defaults()
    universe = set(Settings.model_fields["tickers"].get_default(call_default_factory=True))
    copies = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "config.py" and path.parent == root:
            continue  # Settings itself
        where = path.relative_to(root.parent)
        for name, line, value in _module_constants(path):
            literal = _literal(value)
            copied = [field for field, default in defaults.items() if literal == default]
            if name in names:
                copies.append(f"{where}:{line} {name} is named like Settings.{names[name]}")
            elif copied:
                copies.append(f"{where}:{line} {name} copies the default of {copied[0]}")
            elif isinstance(literal, list | dict) and _symbols(literal) == universe:
                copies.append(f"{where}:{line} {name} is keyed by the default universe")
        # A parameter named like a setting with a value of its own (history_years=10):
        # callers pass the setting; None ("not given") is no copy.
        for name, line, default in _parameter_defaults(path):
            if name in Settings.model_fields and _literal(default) is not None:
                copies.append(f"{where}:{line} parameter {name} has its own default")
    return copies


def test_no_setting_is_defined_twice() -> None:
    copies = copies_of_settings(APP)
    assert not copies, "read these from Settings instead:\n" + "\n".join(copies)


def test_copies_are_found(tmp_path: Path) -> None:
    tickers = Settings.model_fields["tickers"].get_default(call_default_factory=True)
    package = tmp_path / "app"
    package.mkdir()
    (package / "config.py").write_text(f"DEFAULT_TICKERS = {tickers!r}\n", encoding="utf-8")
    (package / "copy.py").write_text(
        f"UNIVERSE = {tuple(tickers)!r}\n"
        "MAX_FORM_BYTES = 16 * 1024\n"
        f"NAMES = {{{', '.join(f'{t!r}: ()' for t in reversed(tickers))}}}\n"
        "LIMIT = '5/15minutes'\n"
        "TIMEOUT = 10.0\n"
        "def fetch(symbol, history_years=10, csv_dir=None): ...\n",
        encoding="utf-8",
    )
    assert [entry.split(" ", 1)[1] for entry in copies_of_settings(package)] == [
        "UNIVERSE copies the default of tickers",
        "MAX_FORM_BYTES is named like Settings.max_form_bytes",
        "NAMES is keyed by the default universe",
        "LIMIT copies the default of login_rate_limit_user",
        "parameter history_years has its own default",
    ]


# Everywhere a person or a deployment names a variable of ours.
NAMED_IN = ("README.md", "docker-compose.yml", "Dockerfile", "Makefile", "app", "scripts")


def _files() -> Iterator[Path]:
    for name in NAMED_IN:
        path = REPO_ROOT / name
        yield from (p for p in path.rglob("*.py")) if path.is_dir() else [path]


# Variables of the tools around the app, not of the app: each is read where it says.
TOOL_VARIABLES = {
    "DISPERSION_TEST_DATABASES": "tests/databases.py",
    "DISPERSION_BENCH_PG_URL": "benchmarks/bench_ingest.py",
}


def test_tool_variables_are_read_where_they_say() -> None:
    settings_variables = {name for names in accepted_env_names().values() for name in names}
    for name, reader in TOOL_VARIABLES.items():
        assert name in (REPO_ROOT / reader).read_text("utf-8"), f"{reader} does not read {name}"
        assert name not in settings_variables, f"{name} is a setting, not a tool variable"


def test_every_variable_named_anywhere_is_a_setting() -> None:
    read = {name for names in accepted_env_names().values() for name in names}
    read |= set(TOOL_VARIABLES)
    named = {
        (match, str(path.relative_to(REPO_ROOT)))
        for path in _files()
        for match in re.findall(r"\bDISPERSION_[A-Z0-9_]*[A-Z0-9]", path.read_text("utf-8"))
    }
    unknown = sorted((var, where) for var, where in named if var not in read)
    assert not unknown, f"variables nothing reads: {unknown}"
