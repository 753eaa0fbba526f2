"""`make audit` fails on findings, and says "audit skipped" (exit 0) when no database answers.

The inputs are the tools' real report shapes: pip-audit's `--format json` and `npm audit --json`,
including what each prints when the vulnerability service cannot be reached.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT


def load_audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", REPO_ROOT / "scripts" / "audit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit"] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


audit = load_audit()

CLEAN = {
    "dependencies": [
        {"name": "fastapi", "version": "0.163.2", "vulns": []},
        {"name": "jinja2", "version": "3.1.6", "vulns": []},
    ],
    "fixes": [],
}
VULNERABLE = {
    "dependencies": [
        {"name": "fastapi", "version": "0.163.2", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.2",
            "vulns": [
                {
                    "id": "GHSA-h5c8-rqwp-cp95",
                    "fix_versions": ["3.1.3"],
                    "aliases": ["CVE-2024-22195"],
                    "description": "xmlattr filter accepts keys containing spaces",
                }
            ],
        },
    ],
    "fixes": [],
}
# What pip-audit writes, exit status 0, when PyPI's per-version JSON is not served.
UNREACHABLE = {
    "dependencies": [
        {
            "name": name,
            "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)",
        }
        for name in ("alembic", "fastapi")
    ],
    "fixes": [],
}
OSV_DOWN_STDERR = (
    "Traceback (most recent call last):\n  ...\n"
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): "
    "Max retries exceeded with url: /v1/query (Caused by NameResolutionError(...))\n"
)


def test_a_clean_lock_passes() -> None:
    verdict = audit.judge_pip_audit(0, json.dumps(CLEAN), "")
    assert (verdict.status, verdict.fails) == ("ok", False)
    assert "2 packages" in verdict.line()


def test_a_known_vulnerability_fails_and_names_the_fix() -> None:
    verdict = audit.judge_pip_audit(1, json.dumps(VULNERABLE), "")
    assert (verdict.status, verdict.fails) == ("findings", True)
    assert "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in verdict.line()


def test_packages_the_service_cannot_find_are_a_skip_not_a_silent_pass() -> None:
    verdict = audit.judge_pip_audit(0, json.dumps(UNREACHABLE), "")
    assert (verdict.status, verdict.fails) == ("skipped", False)
    assert verdict.line().startswith("pip-audit: audit skipped: 2 of 2 packages")


def test_an_unreachable_service_is_a_skip() -> None:
    verdict = audit.judge_pip_audit(1, None, OSV_DOWN_STDERR)
    assert (verdict.status, verdict.fails) == ("skipped", False)
    assert "audit skipped: vulnerability service unreachable" in verdict.line()


def test_a_broken_lock_is_an_error_not_a_skip() -> None:
    stderr = "ERROR:pip_audit._cli:requirement requests is missing a hash\n"
    verdict = audit.judge_pip_audit(1, None, stderr)
    assert (verdict.status, verdict.fails) == ("error", True)
    assert "missing a hash" in verdict.line()


NPM_CLEAN = {
    "auditReportVersion": 2,
    "vulnerabilities": {},
    "metadata": {
        "vulnerabilities": {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 0},
        "dependencies": {"prod": 6, "dev": 0, "optional": 0, "peer": 0, "total": 5},
    },
}
NPM_VULNERABLE = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "htmx.org": {
            "name": "htmx.org",
            "severity": "high",
            "via": [{"title": "XSS in hx-on", "url": "https://github.com/advisories/GHSA-x"}],
            "range": "<2.0.12",
            "fixAvailable": True,
        }
    },
    "metadata": {"vulnerabilities": {"high": 1, "total": 1}},
}
# The registry here serves packages but not the bulk advisory endpoint.
NPM_405 = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/"
    "advisories/bulk",
    "method": "POST",
    "statusCode": 405,
    "body": "",
    "error": {"summary": "", "detail": ""},
}
NPM_OFFLINE = {"error": {"code": "ENOTFOUND", "summary": "request to registry failed"}}
NPM_NO_LOCK = {"error": {"code": "ENOLOCK", "summary": "This command requires a lockfile"}}


@pytest.mark.parametrize(
    ("report", "status"),
    [
        (NPM_CLEAN, "ok"),
        (NPM_VULNERABLE, "findings"),
        (NPM_405, "skipped"),
        (NPM_OFFLINE, "skipped"),
        (NPM_NO_LOCK, "error"),
    ],
    ids=["clean", "vulnerable", "endpoint-refused", "offline", "no-lockfile"],
)
def test_npm_audit_verdicts(report: dict, status: str) -> None:
    verdict = audit.judge_npm_audit(0 if status == "ok" else 1, json.dumps(report))
    assert verdict.status == status
    assert verdict.fails == (status in ("findings", "error"))
    if status == "findings":
        assert "htmx.org <2.0.12: high" in verdict.line()
    if status == "skipped":
        assert verdict.line().startswith("npm audit: audit skipped: advisory service unreachable")


def test_any_finding_makes_the_run_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = audit.Verdict("npm audit", "skipped", "offline")
    monkeypatch.setattr(audit, "run_npm_audit", lambda: skipped)
    monkeypatch.setattr(
        audit, "run_pip_audit", lambda *_: audit.judge_pip_audit(1, json.dumps(VULNERABLE), "")
    )
    assert audit.main([]) == 1
    monkeypatch.setattr(
        audit, "run_pip_audit", lambda *_: audit.judge_pip_audit(0, json.dumps(UNREACHABLE), "")
    )
    assert audit.main([]) == 0
