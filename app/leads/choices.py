"""The demo form's fixed choices: one list used by validation, templates and admin filters."""

from __future__ import annotations

ROLES = ("Portfolio Manager", "Analyst", "CIO", "Trader", "Other")
AUM_RANGES = ("< $100M", "$100M–$1B", "$1B–$10B", "> $10B")
INTERESTS = {
    "research": "Research",
    "alerts": "Alerts",
    "portfolio_analytics": "Portfolio analytics",
}
MESSAGE_MAX = 2000
NAME_MAX = 200
EMAIL_MAX = 320  # RFC 3696: 64 for the local part, @, 255 for the domain
CONSENT_VALUES = frozenset({"yes", "on", "true", "1"})


def _squash(text: str) -> str:
    # "$100M-$1B", "$100M – $1B" and "$100M–$1B" are the same choice.
    return "".join(text.replace("-", "–").replace("—", "–").split()).casefold()


def match_role(value: str) -> str | None:
    return next((r for r in ROLES if r.casefold() == value.strip().casefold()), None)


def match_aum(value: str) -> str | None:
    return next((a for a in AUM_RANGES if _squash(a) == _squash(value)), None)


def match_interest(value: str) -> str | None:
    key = "_".join(value.strip().casefold().replace("-", " ").split())
    return key if key in INTERESTS else None
