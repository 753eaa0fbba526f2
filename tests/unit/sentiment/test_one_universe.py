"""The default universe and its names have one source, Settings: the scorer has none of
its own, the catalogue of known names agrees with it, and the CLI follows it."""

from __future__ import annotations

import ast
import inspect
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import config
from app.config import Settings
from app.sentiment.scorer import SentimentScorer
from app.sentiment.targets import KNOWN_ALIASES, universe_aliases
from tests.conftest import REPO_ROOT
from tests.unit.sentiment.test_cli import run


def _imports(package: str) -> Iterator[tuple[str, str]]:
    for path in sorted((REPO_ROOT / package.replace(".", "/")).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path.name, node.module
            elif isinstance(node, ast.Import):
                yield from ((path.name, alias.name) for alias in node.names)


def test_the_scorer_has_no_universe_of_its_own() -> None:
    parameters = inspect.signature(SentimentScorer).parameters
    assert parameters["symbols"].default is inspect.Parameter.empty
    assert parameters["aliases"].default is inspect.Parameter.empty


def test_the_sentiment_package_does_not_read_settings() -> None:
    """Pure: callers pass the universe in, so the scorer runs without configuration."""
    reads = [(name, module) for name, module in _imports("app.sentiment") if "config" in module]
    assert reads == []


def test_the_catalogue_agrees_with_the_configured_names() -> None:
    configured = Settings.model_fields["ticker_aliases"].get_default(call_default_factory=True)
    disagree = {
        symbol: (names, KNOWN_ALIASES[symbol])
        for symbol, names in configured.items()
        if symbol in KNOWN_ALIASES and not set(names) <= set(KNOWN_ALIASES[symbol])
    }
    assert disagree == {}
    # Configured names win over the catalogue's; the catalogue fills in the rest.
    assert universe_aliases(["MSFT", "AAPL"], configured) == {
        "MSFT": tuple(configured["MSFT"]),
        "AAPL": KNOWN_ALIASES["AAPL"],
    }


@pytest.fixture
def apple_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DISPERSION_TICKERS", "AAPL")
    monkeypatch.setenv("DISPERSION_BENCHMARK", "AAPL")
    monkeypatch.setenv("DISPERSION_TICKER_ALIASES", json.dumps({"AAPL": ["Cupertino"]}))
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


@pytest.mark.usefixtures("apple_only")
def test_the_cli_scores_the_configured_universe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "note.md"
    note.write_text("Cupertino raised its guidance. Microsoft cut its outlook.\n")
    assert run(["sentiment", "score", str(note), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["tickers"]) == {"AAPL"}
