"""Alert rules and events: validation, storage, evaluation and backtests.

This module only re-exports the public names, so ``app.alerts.service`` keeps
working (the scheduler's runner imports ``app.alerts.service.evaluate`` when first
needed); the code lives in modules with one job each:

- ``rule_store``: rule validation (``validate_rule``, ``RuleValidationError``) and
  storage (``add_rule``, ``seed``, ``list_rules``, ``get_rule``, ``delete_rule``).
- ``evaluation``: ``evaluate``, ``backtest``, storing events with their outbox rows,
  and loading the closes and sentiment series the rules read.
- ``feed``: the events feed (``list_events``, ``events_after``) and its counts
  (``count_events``, ``unread_count``, ``latest_event_id``).
"""

from __future__ import annotations

from app.alerts.evaluation import (
    TOPIC,
    after_note_save,
    backtest,
    evaluate,
    evaluate_quietly,
    event_payload,
    load_data,
    store_events,
)
from app.alerts.feed import (
    count_events,
    event_dict,
    events_after,
    latest_event_id,
    list_events,
    unread_count,
)
from app.alerts.rule_store import (
    BASKET_MAX,
    DEFAULT_WINDOW,
    MEASURES,
    MOVE_MAX,
    SEED,
    WEBHOOK_MAX,
    WINDOW_MAX,
    WINDOW_MIN,
    ZSCORE_MAX,
    RuleInput,
    RuleNotFoundError,
    RuleValidationError,
    add_rule,
    delete_rule,
    get_rule,
    list_rules,
    pair_choices,
    parse_basket,
    parse_threshold,
    rule_dict,
    seed,
    set_active,
    stored_symbols,
    to_rule,
    validate_rule,
)

__all__ = [
    "BASKET_MAX",
    "DEFAULT_WINDOW",
    "MEASURES",
    "MOVE_MAX",
    "SEED",
    "TOPIC",
    "WEBHOOK_MAX",
    "WINDOW_MAX",
    "WINDOW_MIN",
    "ZSCORE_MAX",
    "RuleInput",
    "RuleNotFoundError",
    "RuleValidationError",
    "add_rule",
    "after_note_save",
    "backtest",
    "count_events",
    "delete_rule",
    "evaluate",
    "evaluate_quietly",
    "event_dict",
    "event_payload",
    "events_after",
    "get_rule",
    "latest_event_id",
    "list_events",
    "list_rules",
    "load_data",
    "pair_choices",
    "parse_basket",
    "parse_threshold",
    "rule_dict",
    "seed",
    "set_active",
    "store_events",
    "stored_symbols",
    "to_rule",
    "unread_count",
    "validate_rule",
]
