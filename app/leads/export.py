"""CSV export of leads, safe to open in a spreadsheet.

A cell that starts with =, +, -, @, tab or carriage return is read as a formula by
Excel, LibreOffice and Sheets. A spreadsheet asked to split on ; , or tab (or a person
pasting a cell) may also start a new cell in the middle of ours, so a trigger after a
separator or any whitespace counts too ("ACME;=1+1"). Such cells are prefixed with a
single quote (OWASP), which makes the whole cell text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from app.leads.choices import INTERESTS
from app.leads.models import Lead

FORMULA_TRIGGERS = "=+-@\t\r"
# A trigger at the start of the cell, or after a separator (; ,) or whitespace (incl. tab).
_FORMULA = re.compile(r"(?:^|[;,\s])[" + re.escape(FORMULA_TRIGGERS) + "]")
COLUMNS = (
    "reference", "created_at", "updated_at", "status", "full_name", "email", "company",
    "role", "aum", "interests", "message", "free_mail", "submissions",
)  # fmt: skip


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.search(text) else text


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
