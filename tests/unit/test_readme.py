"""The README is the user's manual: every setting is documented, the two commands lead."""

from __future__ import annotations

from app.config import Settings
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def env_name(field: str) -> str:
    return "DATABASE_URL" if field == "database_url" else f"DISPERSION_{field.upper()}"


def test_every_setting_is_in_the_configuration_table() -> None:
    missing = [env_name(f) for f in Settings.model_fields if f"| `{env_name(f)}` |" not in README]
    assert not missing, f"undocumented settings: {missing}"


def test_make_run_and_make_test_are_the_first_two_commands() -> None:
    commands = [
        line.split("#")[0].strip() for line in README.splitlines() if line.startswith("make ")
    ]
    assert commands[:2] == ["make run", "make test"]
