"""Alert rules: validation and storage (add, list, delete, pause).

A rule arrives as strings (from a form or the CLI); ``validate_rule`` answers with one
sentence per bad field, so a bad rule is refused with a clear message and nothing is
stored. Stored rows become the pure ``app.alerts.rules.Rule`` the evaluator reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app import data_version
from app.alerts import rules
from app.alerts.models import DIRECTIONS, RULE_KINDS, AlertEvent, AlertRule
from app.db import session_scope
from app.market.models import Symbol
from app.portfolios.models import SavedPair

WINDOW_MIN, WINDOW_MAX = 1, 1260
DEFAULT_WINDOW = 63
BASKET_MAX = 10
WEBHOOK_MAX = 1000
MOVE_MAX = 10.0  # 1,000 %
ZSCORE_MAX = 10.0
MEASURES = {"pair": ("move", "zscore"), "sentiment": ("stance", "tone")}
SEED = {
    "kind": "relative_move",
    "symbol": "SPY+QQQ",
    "against": "VTWO",
    "window": "63",
    "threshold": "0.10",
}
_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=]{0,15}$")


class RuleValidationError(ValueError):
    """Bad rule input; ``fields`` maps each field to a sentence."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class RuleNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class RuleInput:
    kind: str
    symbols: list[str]
    against: list[str]
    window: int | None
    threshold: float
    direction: str | None
    measure: str | None
    pair_id: int | None
    webhook_url: str | None


# -- validation --------------------------------------------------------------------


def parse_threshold(text: object) -> float:
    """ "10%", "10 %", "0.1" → 0.1; "-0.3" → -0.3. ValueError otherwise."""
    raw = str(text).strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
    if not raw or len(raw) > 32:
        raise ValueError("empty")
    value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def parse_basket(text: object) -> list[str]:
    """ "spy+qqq" → ["SPY", "QQQ"]; a comma works as well as a plus."""
    parts = re.split(r"[+,]", str(text or "").upper())
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _check_basket(
    name: str, text: object, known: set[str], errors: dict[str, str], required: bool = True
) -> list[str]:
    symbols = parse_basket(text)
    if not symbols:
        if required:
            errors[name] = "Enter a symbol, or a basket like SPY+QQQ."
        return []
    if len(symbols) > BASKET_MAX:
        errors[name] = f"A basket has at most {BASKET_MAX} symbols."
        return []
    unknown = [s for s in symbols if not _SYMBOL.match(s) or s not in known]
    if unknown:
        shown = ", ".join(s[:16] for s in unknown[:3])
        listed = ", ".join(sorted(known)) or "none yet: run a refresh"
        errors[name] = f"Unknown symbol {shown}; known: {listed}."
        return []
    return symbols


def _check_webhook(text: object, errors: dict[str, str]) -> str | None:
    url = str(text or "").strip()
    if not url:
        return None
    if len(url) > WEBHOOK_MAX:
        errors["webhook"] = f"The webhook URL is longer than {WEBHOOK_MAX:,} characters."
        return None
    parts = urlsplit(url) if url.isprintable() and " " not in url else None
    try:
        ok = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port if parts is not None else None  # a bad port raises ValueError
    except ValueError:
        ok = False
    if not ok:
        errors["webhook"] = "The webhook must be an http:// or https:// URL with a host."
        return None
    return url


def _check_threshold(kind: str, measure: str | None, text: object, errors: dict[str, str]) -> float:
    try:
        value = parse_threshold(text)
    except (ValueError, TypeError):
        errors["threshold"] = "Enter a number, e.g. 0.1 or 10%."
        return 0.0
    if kind == "sentiment":
        if not -1 <= value <= 1:
            errors["threshold"] = "A sentiment threshold is a score from −1 to 1."
    elif kind == "drawdown":
        if not 0 < value < 1:
            errors["threshold"] = "A drawdown threshold is a fall between 0 and 100 %, e.g. 20%."
    elif kind == "pair" and measure == "zscore":
        if not 0 < value <= ZSCORE_MAX:
            errors["threshold"] = f"A z-score threshold is above 0 and at most {ZSCORE_MAX:g}."
    elif not 0 < value <= MOVE_MAX:
        errors["threshold"] = (
            "A move threshold is a size above 0 and at most 1,000 %; "
            "use the direction for the sign."
        )
    return value


def _check_window(kind: str, text: object, errors: dict[str, str]) -> int | None:
    if kind not in ("price_move", "relative_move"):
        return None
    raw = str(text).strip() if text not in (None, "") else str(DEFAULT_WINDOW)
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raw = ""
    if not raw or not WINDOW_MIN <= int(raw) <= WINDOW_MAX:
        errors["window"] = f"The window is a whole number of sessions from 1 to {WINDOW_MAX:,}."
        return None
    return int(raw)


def _check_choice(
    name: str, text: object, choices: Sequence[str], errors: dict[str, str]
) -> str | None:
    value = str(text or "").strip().lower()
    if not value:
        return None
    if value not in choices:
        errors[name] = f"Choose one of: {', '.join(choices)}."
        return None
    return value


def validate_rule(
    data: Mapping[str, Any], known: Iterable[str], pair_ids: Iterable[int] = ()
) -> RuleInput:
    """Check a rule's fields (strings, as from a form or the CLI); raises
    RuleValidationError with one sentence per bad field."""
    errors: dict[str, str] = {}
    known_set = set(known)
    kind = str(data.get("kind") or "").strip().lower()
    if kind not in RULE_KINDS:
        errors["kind"] = f"Choose one of: {', '.join(RULE_KINDS)}."
        raise RuleValidationError(errors)
    measures = MEASURES.get(kind, ())
    measure = _check_choice("measure", data.get("measure"), measures or ("none",), errors)
    if not measures and measure:
        errors["measure"] = f"A {kind} rule has no measure."
    measure = measure or (measures[0] if measures else None)
    direction = _check_choice("direction", data.get("direction"), DIRECTIONS, errors)
    if kind == "sentiment" and direction is None and "direction" not in errors:
        errors["direction"] = "A sentiment rule needs a direction: above or below."
    if kind == "drawdown":
        direction = None  # a drawdown is a fall: its direction is fixed
    symbols: list[str] = []
    against: list[str] = []
    pair_id: int | None = None
    if kind == "pair":
        raw = str(data.get("pair") or "").strip()
        if not raw.isdigit() or len(raw) > 18 or int(raw) not in set(pair_ids):
            errors["pair"] = "Choose one of the saved pairs (see /pairs)."
        else:
            pair_id = int(raw)
    else:
        symbols = _check_basket("symbol", data.get("symbol"), known_set, errors)
        if kind == "relative_move":
            against = _check_basket("against", data.get("against"), known_set, errors)
            if symbols and against and set(symbols) == set(against):
                errors["against"] = "Compare the basket with a different one."
        elif len(symbols) > 1:
            errors["symbol"] = f"A {kind.replace('_', ' ')} rule watches one symbol."
    window = _check_window(kind, data.get("window"), errors)
    threshold = _check_threshold(kind, measure, data.get("threshold"), errors)
    webhook = _check_webhook(data.get("webhook"), errors)
    if errors:
        raise RuleValidationError(errors)
    return RuleInput(
        kind, symbols, against, window, threshold, direction, measure, pair_id, webhook
    )


# -- rules -------------------------------------------------------------------------


def stored_symbols(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Symbol.symbol).order_by(Symbol.symbol)))


def pair_choices(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as session:
        return [tuple(r) for r in session.execute(select(SavedPair.id, SavedPair.name))]  # type: ignore[misc]


def add_rule(engine: Engine, data: Mapping[str, Any], created_by: str) -> int:
    """Validate and store a rule; returns its id."""
    rule = validate_rule(data, stored_symbols(engine), [p for p, _ in pair_choices(engine)])
    with session_scope(engine) as session:
        row = AlertRule(
            kind=rule.kind,
            symbols=rule.symbols,
            against=rule.against,
            pair_id=rule.pair_id,
            window=rule.window,
            threshold=rule.threshold,
            direction=rule.direction,
            measure=rule.measure,
            webhook_url=rule.webhook_url,
            active=True,
            created_by=created_by[:120],
        )
        session.add(row)
        session.flush()
        return row.id


def seed(engine: Engine) -> int | None:
    """The sample note's rule (SPY+QQQ vs VTWO, 63 sessions, ±10 %), once. Returns its id,
    or None when its symbols aren't stored."""
    with Session(engine) as session:
        for row in session.scalars(select(AlertRule).where(AlertRule.kind == "relative_move")):
            same = (row.symbols, row.against, row.window) == (["SPY", "QQQ"], ["VTWO"], 63)
            if same and math.isclose(row.threshold, 0.10) and row.direction is None:
                return row.id
    try:
        return add_rule(engine, SEED, created_by="seed")
    except RuleValidationError:
        return None


def _pair_spec(pair: SavedPair | None) -> rules.PairSpec | None:
    if pair is None:
        return None
    return rules.PairSpec(pair.id, pair.name, pair.long_legs, pair.short_legs, pair.entry_date)


def to_rule(row: AlertRule, pair: SavedPair | None = None) -> rules.Rule:
    return rules.Rule(
        id=row.id,
        kind=row.kind,
        threshold=row.threshold,
        symbols=tuple(row.symbols or ()),
        against=tuple(row.against or ()),
        window=row.window,
        direction=row.direction,
        measure=row.measure,
        pair=_pair_spec(pair),
    )


def _load_rules(
    session: Session, active_only: bool = True, ids: Sequence[int] | None = None
) -> list[tuple[AlertRule, rules.Rule]]:
    query = select(AlertRule).order_by(AlertRule.id)
    if active_only:
        query = query.where(AlertRule.active.is_(True))
    if ids is not None:
        query = query.where(AlertRule.id.in_(ids))
    rows = list(session.scalars(query))
    pair_ids = {r.pair_id for r in rows if r.pair_id is not None}
    saved = (
        {p.id: p for p in session.scalars(select(SavedPair).where(SavedPair.id.in_(pair_ids)))}
        if pair_ids
        else {}
    )
    return [(r, to_rule(r, saved.get(r.pair_id) if r.pair_id else None)) for r in rows]


def rule_dict(row: AlertRule, rule: rules.Rule) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "symbols": list(row.symbols or []),
        "against": list(row.against or []),
        "pair": row.pair_id,
        "window": row.window,
        "threshold": row.threshold,
        "direction": row.direction,
        "measure": row.measure,
        "webhook": bool(row.webhook_url),
        "active": row.active,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(timespec="seconds"),
        "description": rules.describe(rule),
    }


def list_rules(engine: Engine, active_only: bool = False) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [rule_dict(row, rule) for row, rule in _load_rules(session, active_only)]


def get_rule(engine: Engine, rule_id: int) -> dict[str, Any]:
    with Session(engine) as session:
        found = _load_rules(session, active_only=False, ids=[rule_id])
    if not found:
        raise RuleNotFoundError(f"no alert rule {rule_id}")
    return rule_dict(*found[0])


def delete_rule(engine: Engine, rule_id: int) -> bool:
    """Delete a rule and its events; False when there was no such rule."""
    with session_scope(engine) as session:
        session.execute(delete(AlertEvent).where(AlertEvent.rule_id == rule_id))
        deleted = session.execute(delete(AlertRule).where(AlertRule.id == rule_id)).rowcount
        if deleted:
            data_version.bump(session.connection())
    return bool(deleted)


def set_active(engine: Engine, rule_id: int, active: bool) -> bool:
    with session_scope(engine) as session:
        row = session.get(AlertRule, rule_id)
        if row is None:
            return False
        row.active = active
    return True
