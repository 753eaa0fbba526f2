"""CSV export of leads, safe to open in a spreadsheet.

A cell that starts with =, +, -, @, tab or carriage return is read as a formula by
Excel, LibreOffice and Sheets; such cells are prefixed with a single quote (OWASP).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from app.leads.choices import INTERESTS
from app.leads.models import Lead

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "reference", "created_at", "updated_at", "status", "full_name", "email", "company",
    "role", "aum", "interests", "message", "free_mail", "submissions",
)  # fmt: skip


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def lead_row(lead: Lead) -> list[str]:
    interests = "; ".join(INTERESTS.get(i, i) for i in lead.interests)
    values: list[object] = [
        lead.reference,
        lead.created_at.isoformat(timespec="seconds"),
        lead.updated_at.isoformat(timespec="seconds"),
        lead.status,
        lead.full_name,
        lead.email,
        lead.company,
        lead.role,
        lead.aum,
        interests,
        lead.message,
        "yes" if lead.free_mail else "no",
        lead.submissions,
    ]
    return [safe_cell(v) for v in values]


def csv_lines(leads: Iterable[Lead]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield flush()
    for lead in leads:
        writer.writerow(lead_row(lead))
        yield flush()
