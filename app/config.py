"""Settings: the only place environment variables are read."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
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


def _split_symbols(value: object) -> object:
    if isinstance(value, str):
        return [part.strip().upper() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Runtime configuration. Every field is documented in the README's table."""

    model_config = SettingsConfigDict(env_prefix="DISPERSION_", extra="ignore")

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
        if self.env == "production" and (
            not self.secret_key or self.secret_key == PLACEHOLDER_SECRET
        ):
            raise ValueError("DISPERSION_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def universe(self) -> list[str]:
        """Tickers plus the benchmark, in a stable order, without duplicates."""
        return list(dict.fromkeys([*self.tickers, self.benchmark]))


@lru_cache
def get_settings() -> Settings:
    return Settings()
