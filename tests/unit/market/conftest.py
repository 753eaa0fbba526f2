"""Isolation for yfinance, whose session, caches and cookie state are process-wide."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yfinance as yf
import yfinance.base as yf_base
import yfinance.cache as yf_cache
from yfinance.data import YfData


def reset_yfinance(cache_dir: Path) -> None:
    """Forget every piece of state yfinance keeps between calls.

    `set_tz_cache_location` alone does not move a cache that is already open, so the
    cache managers are reset too; otherwise one test's timezone lookups (and the
    requests they save) would leak into the next.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    yf.set_tz_cache_location(str(cache_dir))
    yf_cache._TzCacheManager._tz_cache = None
    yf_cache._CookieCacheManager._Cookie_cache = None
    yf_cache._ISINCacheManager._isin_cache = None
    type(YfData)._instances.pop(YfData, None)  # singleton holding session, cookie, crumb
    YfData.cache_get.cache_clear()
    yf_base._tz_info_fetch_ctr = 0


@pytest.fixture
def yf_cache_dir(tmp_path: Path) -> Iterator[Path]:
    cache_dir = tmp_path / "yfinance-cache"
    reset_yfinance(cache_dir)
    yield cache_dir
    reset_yfinance(tmp_path / "yfinance-cache-after")
