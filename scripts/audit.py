"""`make audit`: known vulnerabilities in the locked Python packages and the served npm packages.

Runs pip-audit on the hash-pinned lock and `npm audit --omit=dev` on package-lock.json.
Exit status: 1 on any known vulnerability, or when a tool fails for a reason of its own (a
malformed lock, a missing tool); 0 when both are clean, and also when a vulnerability database
cannot be reached (offline machines, registries that proxy only package downloads): that
case prints "audit skipped: <reason>" instead of passing silently.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
# Fragments of the errors `requests` / urllib3 raise when a service cannot be reached.
NETWORK_ERRORS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "ConnectTimeout",
    "ReadTimeout",
    "Temporary failure in name resolution",
    "ServiceError",
)
NPM_NETWORK_CODES = {"ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN"}

Status = Literal["ok", "skipped", "findings", "error"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of one audit, and the line that says so."""

    tool: str
    status: Status
    message: str

    @property
    def fails(self) -> bool:
        return self.status in ("findings", "error")

    def line(self) -> str:
        if self.status == "skipped":
            return f"{self.tool}: audit skipped: {self.message}"
        return f"{self.tool}: {self.message}"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def judge_pip_audit(returncode: int, report: str | None, stderr: str) -> Verdict:
    """Classify one pip-audit run made with `--format json`."""
    tool = "pip-audit"
    try:
        data = json.loads(report) if report else None
    except json.JSONDecodeError:
        data = None
    if data is None:
        if returncode != 0 and any(fragment in stderr for fragment in NETWORK_ERRORS):
            reason = f"vulnerability service unreachable ({_last_line(stderr)})"
            return Verdict(tool, "skipped", reason)
        if returncode == 0:
            return Verdict(tool, "error", "pip-audit wrote no report")
        return Verdict(tool, "error", f"pip-audit failed: {_last_line(stderr)}")
    dependencies = data.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    if vulnerable:
        found = [
            f"{dep['name']} {dep.get('version', '?')}: {vuln.get('id', '?')}"
            + (f" (fixed in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else "")
            for dep in vulnerable
            for vuln in dep["vulns"]
        ]
        return Verdict(tool, "findings", "known vulnerabilities:\n  " + "\n  ".join(found))
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    if skipped:
        # pip-audit itself exits 0 here and says "No known vulnerabilities found".
        reason = skipped[0]["skip_reason"]
        return Verdict(
            tool,
            "skipped",
            f"{len(skipped)} of {len(dependencies)} packages could not be looked up in the "
            f"vulnerability service (first: {reason})",
        )
    if returncode != 0:
        return Verdict(tool, "error", f"pip-audit failed: {_last_line(stderr)}")
    return Verdict(tool, "ok", f"no known vulnerabilities in {len(dependencies)} packages")


def judge_npm_audit(returncode: int, stdout: str) -> Verdict:
    """Classify one `npm audit --json` run."""
    tool = "npm audit"
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        return Verdict(tool, "error", f"npm audit failed: {_last_line(stdout)}")
    vulnerabilities = data.get("vulnerabilities")
    if isinstance(vulnerabilities, dict):
        if vulnerabilities:
            found = [
                f"{name} {info.get('range', '')}: {info.get('severity', '?')}".rstrip()
                for name, info in sorted(vulnerabilities.items())
            ]
            return Verdict(tool, "findings", "known vulnerabilities:\n  " + "\n  ".join(found))
        total = data.get("metadata", {}).get("dependencies", {}).get("prod", "?")
        return Verdict(tool, "ok", f"no known vulnerabilities in {total} production packages")
    error = data.get("error") if isinstance(data.get("error"), dict) else {}
    status = data.get("statusCode")
    code = error.get("code") or data.get("code")
    reason = data.get("message") or error.get("summary") or f"exit status {returncode}"
    if isinstance(status, int) or code in NPM_NETWORK_CODES:
        return Verdict(tool, "skipped", f"advisory service unreachable ({reason})")
    return Verdict(tool, "error", f"npm audit failed: {reason}")


def run_pip_audit(lock: Path, timeout: int) -> Verdict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "pip-audit.json"
        command = [
            sys.executable, "-m", "pip_audit",
            "--requirement", str(lock), "--require-hashes", "--disable-pip",
            "--progress-spinner", "off", "--timeout", str(timeout),
            "--format", "json", "--output", str(report),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        text = report.read_text(encoding="utf-8") if report.is_file() else None
    return judge_pip_audit(done.returncode, text, done.stderr)


def run_npm_audit() -> Verdict:
    command = ["npm", "audit", "--omit=dev", "--json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    except FileNotFoundError:
        return Verdict("npm audit", "error", "npm not found")
    return judge_npm_audit(done.returncode, done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements-dev.lock")
    parser.add_argument("--timeout", type=int, default=15, help="seconds per service request")
    args = parser.parse_args(argv)
    verdicts = [run_pip_audit(args.lock, args.timeout), run_npm_audit()]
    for verdict in verdicts:
        print(verdict.line())
    return 1 if any(verdict.fails for verdict in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
