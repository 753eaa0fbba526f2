"""Settings derive what their fields leave open, and refuse combinations that can't work."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_page_cache_check_interval_defaults_by_run_mode() -> None:
    assert Settings(env="development").effective_page_cache_check_seconds == 0.5
    assert Settings(env="test").effective_page_cache_check_seconds == 0.0
    configured = Settings(env="test", page_cache_check_seconds=2)
    assert configured.effective_page_cache_check_seconds == 2.0


def test_an_outbox_claim_must_outlast_a_delivery() -> None:
    """A claim that lapses while the receiver may still answer lets a second worker send
    the same notification again."""
    with pytest.raises(ValidationError, match="DISPERSION_OUTBOX_CLAIM_SECONDS"):
        Settings(outbox_claim_seconds=15, smtp_timeout_seconds=15)
    with pytest.raises(ValidationError, match="DISPERSION_OUTBOX_CLAIM_SECONDS"):
        Settings(outbox_claim_seconds=20, webhook_timeout_seconds=30)
    assert Settings(outbox_claim_seconds=16, smtp_timeout_seconds=15).outbox_claim_seconds == 16
