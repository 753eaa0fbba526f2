"""The build installs only what the hash-pinned locks name, and runs no package install scripts.

The locks are made from pyproject.toml by `make lock`; these tests fail as soon as the two drift
apart (a dependency added, removed or re-pinned without re-locking).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_LOCK = REPO_ROOT / "requirements.lock"
DEV_LOCK = REPO_ROOT / "requirements-dev.lock"
BUILD_FILES = [REPO_ROOT / "Makefile", REPO_ROOT / "Dockerfile", REPO_ROOT / ".ci" / "run"]
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def requirements(section: str) -> list[Requirement]:
    if section == "build":
        texts = PYPROJECT["build-system"]["requires"]
    elif section == "runtime":
        texts = PYPROJECT["project"]["dependencies"]
    else:
        texts = PYPROJECT["project"]["optional-dependencies"][section]
    return [Requirement(text) for text in texts]


def lock_entries(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (version, the whole logical entry with its continuation lines)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    entries: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.match(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?==(\S+)\s", line + " ")
        assert match, f"{path.name}: not an exact pin: {line[:80]!r}"
        entries[canonicalize_name(match[1])] = (match[3], line)
    return entries


def pinned_version(requirement: Requirement) -> str:
    specs = list(requirement.specifier)
    assert len(specs) == 1 and specs[0].operator == "==", f"{requirement} is not pinned exactly"
    return specs[0].version


@pytest.mark.parametrize(
    ("lock", "sections"),
    [(RUNTIME_LOCK, ["build", "runtime"]), (DEV_LOCK, ["build", "runtime", "dev"])],
    ids=["runtime", "dev"],
)
def test_every_declared_dependency_is_locked_at_its_pinned_version(
    lock: Path, sections: list[str]
) -> None:
    locked = lock_entries(lock)
    drift = []
    for section in sections:
        for requirement in requirements(section):
            want = pinned_version(requirement)
            got = locked.get(canonicalize_name(requirement.name), ("missing",))[0]
            if got != want:
                drift.append(f"{requirement.name}: pyproject {want}, {lock.name} {got}")
    assert not drift, "lock out of date, run `make lock`: " + "; ".join(drift)


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=["runtime", "dev"])
def test_every_lock_entry_carries_hashes(lock: Path) -> None:
    entries = lock_entries(lock)
    assert len(entries) > 20
    unhashed = [name for name, (_, entry) in entries.items() if not HASH.search(entry)]
    assert not unhashed, f"{lock.name}: entries without --hash: {unhashed}"
    assert "make lock" in lock.read_text(encoding="utf-8").splitlines()[1]


def test_the_image_ships_exactly_the_versions_that_were_tested() -> None:
    runtime, dev = lock_entries(RUNTIME_LOCK), lock_entries(DEV_LOCK)
    differing = {name: (v, dev.get(name, ("missing",))[0]) for name, (v, _) in runtime.items()}
    assert not {name: pair for name, pair in differing.items() if pair[0] != pair[1]}
    tools = {"pytest", "ruff", "playwright", "schemathesis", "uv", "pip-audit"}
    assert not tools & runtime.keys(), "development tools must not ship in the image"


def command_lines(path: Path) -> list[str]:
    """Shell commands of a Makefile, Dockerfile or script: continuations joined, and the
    Makefile's simple `NAME := value` variables expanded."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    variables = dict(re.findall(r"^([A-Z_]+) :?= (\S+)$", text, flags=re.MULTILINE))
    for name, value in variables.items():
        text = text.replace(f"$({name})", value)
    return [line.strip() for line in text.splitlines() if not line.strip().startswith("#")]


def test_npm_installs_never_run_package_scripts() -> None:
    npm_installs = [
        (path.name, line)
        for path in BUILD_FILES
        for line in command_lines(path)
        if re.search(r"\bnpm (ci|install|i)\b", line)
    ]
    assert len(npm_installs) >= 2  # the Makefile and the image both install assets
    assert all("--ignore-scripts" in line for _, line in npm_installs), npm_installs
    npmrc = (REPO_ROOT / ".npmrc").read_text(encoding="utf-8").splitlines()
    assert "ignore-scripts=true" in [line.strip() for line in npmrc]


def test_pip_installs_are_hash_checked_or_take_no_dependencies() -> None:
    pip_installs = [
        (path.name, line)
        for path in BUILD_FILES
        for command in command_lines(path)
        for line in command.split("&&")
        if re.search(r"\bpip install\b", line)
    ]
    assert len(pip_installs) >= 4
    for name, line in pip_installs:
        assert "--no-deps" in line, f"{name}: {line}"
        hashed_lock = "--require-hashes" in line and re.search(r"-r \S+\.lock\b", line)
        project_only = re.search(r"(-e )?\.(\s|$)", line) and "--no-build-isolation" in line
        assert hashed_lock or project_only, f"{name}: unpinned install: {line}"
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "-r requirements.lock" in dockerfile


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_changed_lock_reinstalls_and_an_unchanged_one_does_not(tmp_path: Path) -> None:
    for name in ["Makefile", "pyproject.toml", "package.json", "package-lock.json", ".npmrc"]:
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    for name in ["requirements.lock", "requirements-dev.lock", "scripts/vendor.mjs"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    stamps = [".venv/.packages", ".venv/.installed", "static/vendor/.installed"]
    for offset, name in enumerate(stamps, start=1):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
        os.utime(tmp_path / name, (1_000_000 + offset, 1_000_000 + offset))
    for name in ["pyproject.toml", "requirements-dev.lock", "package.json", "package-lock.json",
                 ".npmrc", "scripts/vendor.mjs", "Makefile"]:  # fmt: skip
        os.utime(tmp_path / name, (999_000, 999_000))

    def dry_run() -> str:
        done = subprocess.run(
            ["make", "-n", "install"], cwd=tmp_path, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "pip install" not in dry_run()
    os.utime(tmp_path / "requirements-dev.lock", (2_000_000, 2_000_000))
    plan = dry_run()
    assert "pip install --quiet --require-hashes --no-deps -r requirements-dev.lock" in plan
    assert "--no-deps --no-build-isolation -e ." in plan
