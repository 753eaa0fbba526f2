"""Benchmark and hedge legs: a ticker right after a comparison or pairing word
("outperformed the S&P 500", "long MSFT versus QQQ", "at a discount to SPY")."""

from __future__ import annotations

from app.sentiment import lexicon as lx

# A ticker right after these is the benchmark or hedge leg of a comparison or pair:
# "NVDA outperformed the S&P 500", "long MSFT versus QQQ", "short VTWO against SPY".
_BENCHMARK_LEADS = lx.words(
    "outperformed outperforms outperform outperforming outpace outpaced outpaces outpacing "
    "underperform underperformed underperforms underperforming lag lagged lags lagging trail "
    "trailed trails trailing beat beats beating outdo outdoes outdid outshine outshines "
    "outshone outstrip outstrips outstripped against versus vs than over"
)
_BENCHMARK_SKIP = lx.words("the a an its their our broader broad wider whole overall both")
# "relative to X", "compared with X", "at a discount to X": X is what is compared with.
_COMPARED_TO = frozenset({"relative", "compared", "discount", "premium"})


def benchmark_lead(low: list[str], start: int) -> int:
    """Position of the comparison word when the ticker at ``start`` is what something is
    compared with ("outperformed the S&P 500", "versus QQQ"), otherwise -1."""
    pos = start - 1
    while pos >= 0 and (
        low[pos] in _BENCHMARK_SKIP or (low[pos] == "." and pos > 0 and low[pos - 1] == "vs")
    ):
        pos -= 1
    if pos < 0:
        return -1
    if low[pos] in ("to", "with") and pos > 0 and low[pos - 1] in _COMPARED_TO:
        return pos - 1
    return pos if low[pos] in _BENCHMARK_LEADS else -1
