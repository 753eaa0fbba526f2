"""Settings: the only place environment variables are read."""

from __future__ import annotations

import ipaddress
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "dispersion.db"
DEFAULT_TICKERS = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]
DEFAULT_ALIASES: dict[str, list[str]] = {
    "VTWO": ["Vanguard Russell 2000 ETF", "Russell 2000", "small caps", "small-caps"],
    "SPY": ["S&P 500"],
    "QQQ": ["Nasdaq-100", "Nasdaq 100"],
    "NVDA": ["Nvidia"],
    "MSFT": ["Microsoft"],
}
PLACEHOLDER_SECRET = "dev-insecure-secret-change-me"
PLACEHOLDER_SECRET_WARNING = (
    "Running with the development placeholder secret key: sessions, logins and forms are "
    "signed with a publicly known value. Set DISPERSION_SECRET_KEY to a long random string, "
    "e.g. export DISPERSION_SECRET_KEY=\"$(python -c 'import secrets; "
    "print(secrets.token_urlsafe(32))')\", before anyone else can reach this server "
    "(production refuses to start without one)."
)

log = logging.getLogger(__name__)


def _split_symbols(value: object) -> object:
    if isinstance(value, str):
        return [part.strip().upper() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Runtime configuration. Every field is documented in the README's table."""

    model_config = SettingsConfigDict(env_prefix="DISPERSION_", extra="ignore")
    # Symbols analysts added from the web (the universe_symbols table), loaded by
    # app.market.universe: stored data, not configuration, so no environment variable.
    _extra_symbols: list[str] = PrivateAttr(default_factory=list)

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_PATH}",
        validation_alias=AliasChoices("DATABASE_URL", "DISPERSION_DATABASE_URL"),
        description="SQLAlchemy URL of the database.",
    )
    env: Literal["development", "production", "test"] = Field(
        default="development", description="Run mode; production refuses placeholder secrets."
    )
    secret_key: str = Field(default=PLACEHOLDER_SECRET, description="Signs sessions and forms.")
    api_token: str | None = Field(
        default=None, description="Bearer token for machine clients that write through the API."
    )
    tickers: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_TICKERS),
        description="Comma-separated universe of symbols.",
    )
    benchmark: str = Field(default="SPY", description="Benchmark symbol for relative metrics.")
    ticker_aliases: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_ALIASES.items()},
        description="JSON object: symbol -> names that also refer to it in research notes.",
    )
    price_source: Literal["auto", "yahoo", "csv", "demo"] = Field(
        default="auto", description="Where refreshes take prices from."
    )
    csv_dir: Path | None = Field(default=None, description="Folder of <SYMBOL>.csv for `csv`.")
    demo_seed: int = Field(default=7, description="Seed of the synthetic demo prices.")
    history_years: int = Field(default=10, ge=1, le=40, description="Years of history fetched.")
    page_cache_check_seconds: float | None = Field(
        default=None,
        ge=0,
        description="How often each process checks whether cached pages are out of date "
        "(default 0.5 s; 0 in test mode).",
    )
    # Request a Demo, accounts and admin.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "localhost", "testserver"],
        description="Comma-separated Host header values the web app answers to.",
    )
    demo_min_fill_seconds: float = Field(
        default=2.0, ge=0, description="Faster demo-form submissions are treated as bots."
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="`limits` storage URI for rate limits; redis://… when several processes serve.",
    )
    demo_rate_limit_ip: str = Field(
        default="20/hour", description="Demo submissions allowed per client address."
    )
    demo_rate_limit_email: str = Field(
        default="5/hour", description="Demo submissions allowed per email address."
    )
    login_rate_limit_user: str = Field(
        default="5/15minutes",
        description="Failed logins allowed per username from one client address; then refused.",
    )
    login_rate_limit_ip: str = Field(
        default="20/15minutes", description="Failed logins allowed per client address."
    )
    scoring_budget_seconds: float = Field(
        default=2.0,
        gt=0,
        le=60,
        description="Longest time a web or API request may spend scoring one note.",
    )
    login_rate_limit_user_global: str = Field(
        default="50/15minutes",
        description="Failed logins per username from all addresses before each attempt "
        "for it is slowed down (never refused).",
    )
    login_slowdown_seconds: float = Field(
        default=3.0,
        ge=0,
        le=30,
        description="Delay added to each sign-in attempt for a username over its global limit.",
    )
    # A maximal valid demo form (2,000 characters of any script, every field at its
    # limit) is ~34 KB once percent-encoded (up to 12 bytes a character): 64 KiB fits it
    # with room to spare and still bounds what a form post can make the server parse.
    max_form_bytes: int = Field(
        default=64 * 1024,
        ge=1024,
        description="Largest accepted body for HTML form posts (demo, sign-in, admin, "
        "saved portfolios and pairs; research notes have their own, larger limit).",
    )
    lead_webhook_url: str | None = Field(
        default=None, description="Receives new and updated demo leads as signed JSON."
    )
    webhook_secret: str | None = Field(
        default=None, description="HMAC-SHA256 key that signs outgoing webhooks."
    )
    smtp_url: str | None = Field(
        default=None,
        description="smtp://user:pass@host:port (or smtps://, ?starttls=1) for lead emails.",
    )
    notify_email: str | None = Field(default=None, description="Recipient of lead emails.")
    mail_from: str = Field(
        default="dispersion@localhost", description="Sender address of notification emails."
    )
    outbox_max_attempts: int = Field(
        default=8, ge=1, description="Delivery attempts before a notification is marked dead."
    )
    outbox_backoff_seconds: float = Field(
        default=30.0, gt=0, description="First retry delay; doubles on every failed attempt."
    )
    worker_poll_seconds: float = Field(
        default=2.0, gt=0, description="How often the worker looks for due notifications."
    )
    outbox_claim_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a worker holds a notification it is delivering; a crashed "
        "worker's deliveries are retried by another after this.",
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Longest wait for a webhook receiver to answer."
    )
    smtp_timeout_seconds: float = Field(
        default=15.0, gt=0, description="Longest wait for each step of talking to the SMTP server."
    )
    # Scheduled refreshes, run by the one worker holding the scheduler lease.
    refresh_interval_seconds: float = Field(
        default=900.0,
        ge=1,
        description="Seconds between scheduled price refreshes while the exchange (XNYS) "
        "is in session.",
    )
    refresh_after_close_seconds: float = Field(
        default=900.0,
        ge=0,
        description="Delay after the close before the refresh that picks up the day's final bar.",
    )
    scheduler_lease_seconds: float = Field(
        default=60.0,
        ge=1,
        description="How long the scheduler lease lasts unless renewed; a crashed worker's "
        "schedule moves to another worker after this.",
    )
    # Operations: /metrics, logs and proxies.
    metrics_allow: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="Comma-separated addresses or networks (CIDR) allowed to read /metrics; "
        "others get 404.",
    )
    log_format: Literal["json", "text"] | None = Field(
        default=None,
        description="`json` (one object per line, with the request id) or `text`; default "
        "json in production, text otherwise.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated proxy addresses or networks (CIDR) whose X-Forwarded-For "
        "is believed; empty: the peer address is the client.",
    )

    @field_validator("metrics_allow", "trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            for item in value:  # fail at start-up, not at the first request
                ipaddress.ip_network(str(item), strict=False)
        return value

    @property
    def effective_page_cache_check_seconds(self) -> float:
        """The configured interval, else 0.5 s; 0 in test mode, where a page must show a
        write at once."""
        if self.page_cache_check_seconds is not None:
            return self.page_cache_check_seconds
        return 0.0 if self.env == "test" else 0.5

    @property
    def effective_log_format(self) -> str:
        if self.log_format is not None:
            return self.log_format
        return "json" if self.env == "production" else "text"

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    _split_tickers = field_validator("tickers", mode="before")(_split_symbols)

    @field_validator("benchmark")
    @classmethod
    def _upper_benchmark(cls, value: str) -> str:
        return value.strip().upper()

    @field_validator("ticker_aliases", mode="before")
    @classmethod
    def _parse_aliases(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value)
        return value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if not self.tickers:
            raise ValueError("DISPERSION_TICKERS must name at least one symbol")
        if self.env == "production" and self.uses_placeholder_secret:
            raise ValueError("DISPERSION_SECRET_KEY must be set to a real secret in production")
        # A claim shorter than a delivery may take lets a second worker send it again.
        slowest = max(self.webhook_timeout_seconds, self.smtp_timeout_seconds)
        if self.outbox_claim_seconds <= slowest:
            raise ValueError(
                "DISPERSION_OUTBOX_CLAIM_SECONDS must be longer than the webhook and SMTP "
                f"time-outs ({slowest:g} s)"
            )
        return self

    @property
    def uses_placeholder_secret(self) -> bool:
        """True when no real secret was configured (unset, empty or the shipped placeholder)."""
        return not self.secret_key or self.secret_key == PLACEHOLDER_SECRET

    @property
    def universe(self) -> list[str]:
        """Tickers, the benchmark, then symbols added from the web: in a stable order,
        without duplicates."""
        return list(dict.fromkeys([*self.tickers, self.benchmark, *self._extra_symbols]))

    @property
    def extra_symbols(self) -> list[str]:
        return list(self._extra_symbols)

    def set_extra_symbols(self, symbols: list[str]) -> None:
        self._extra_symbols = list(symbols)  # one assignment: readers see old or new


def warn_if_placeholder_secret(settings: Settings) -> bool:
    """Log a WARNING when development mode signs with the placeholder secret; True if it did.

    Production refuses such settings outright (see Settings._check); test mode stays quiet.
    """
    if settings.env == "development" and settings.uses_placeholder_secret:
        log.warning(PLACEHOLDER_SECRET_WARNING)
        return True
    return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
