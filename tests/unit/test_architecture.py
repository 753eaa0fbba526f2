"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and a breach fails.

Each breach is planted in a copy of the app, so the check runs on real code without
touching the working tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The analysed `app` is the one on PYTHONPATH: the copy, not the installed checkout.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        REPO_ROOT / "app",
        tmp_path / "app",
        ignore=shutil.ignore_patterns("__pycache__", "sample_notes"),
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_hold(app_copy: Path) -> None:
    result = lint_imports(app_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        # market would import alerts, which imports market: a reversed direction.
        ("market/store.py", "from app.alerts import feed", "Domains are independent"),
        # the bottom layer would reach up to the web.
        ("db.py", "from app.web import errors", "Layers:"),
        # a circle inside a package: senders already imports channels.
        ("notify/channels.py", "from app.notify import senders", "No import circles"),
        # the engine would read settings.
        ("sentiment/tokens.py", "from app import config", "The sentiment engine is pure"),
    ],
)
def test_a_breach_fails_the_check(app_copy: Path, module: str, planted: str, contract: str) -> None:
    path = app_copy / "app" / module
    path.write_text(path.read_text() + f"\n{planted}  # noqa: E402, F401\n")
    result = lint_imports(app_copy)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout
