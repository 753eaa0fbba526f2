"""The README is the user's manual: every setting is documented, the two commands lead."""

from __future__ import annotations

import json
import re

from app.config import Settings
from tests.conftest import REPO_ROOT
from tests.settings_support import env_names

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
# | `DISPERSION_X` | `default` | what it does |  (a default of — means none)
ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \| (`[^`]*`|—) \|", re.MULTILINE)
# Defaults the table describes in words rather than spells out.
DESCRIBED = {"database_url", "secret_key", "ticker_aliases"}


def table() -> dict[str, str | None]:
    """Variable → its documented default (None for —)."""
    return {name: None if shown == "—" else shown.strip("`") for name, shown in ROW.findall(README)}


def shown(value: object) -> str | None:
    """A default as the table writes it: lists comma-joined, nothing (None, []) as —."""
    if isinstance(value, list):
        value = ",".join(str(item) for item in value) or None
    return None if value is None else str(value)


def test_every_setting_is_in_the_configuration_table() -> None:
    documented = table()
    missing = [env for env in env_names().values() if env not in documented]
    assert not missing, f"undocumented settings: {missing}"


def test_the_table_documents_only_settings() -> None:
    stale = sorted(set(table()) - set(env_names().values()))
    assert not stale, f"documented but read by nothing: {stale}"


def test_documented_defaults_are_the_real_ones() -> None:
    documented, names = table(), env_names()
    wrong = {}
    for field, info in Settings.model_fields.items():
        real = shown(info.get_default(call_default_factory=True))
        if field not in DESCRIBED and documented.get(names[field]) != real:
            wrong[names[field]] = (documented.get(names[field]), real)
    assert not wrong, f"README default != Settings default (README, Settings): {wrong}"


def test_the_documented_default_aliases_are_the_real_ones() -> None:
    paragraph = README.split("`DISPERSION_TICKER_ALIASES` defaults to", 1)[1].split("`.", 1)[0]
    documented = json.loads(paragraph.strip().strip("`").replace("\n", " "))
    assert documented == Settings.model_fields["ticker_aliases"].get_default(
        call_default_factory=True
    )


def test_make_run_and_make_test_are_the_first_two_commands() -> None:
    commands = [
        line.split("#")[0].strip() for line in README.splitlines() if line.startswith("make ")
    ]
    assert commands[:2] == ["make run", "make test"]
