"""The dashboard's performance table at any universe size: sorted orders and movers.

With a universe of thousands of symbols the table can't be shown whole. The full table
(every row, for the CSV twin), one order per sortable column and the movers are built
once per data version (kept in the page cache's memo); a request then only slices one
page of rows out of an order it already has, so its work doesn't grow with the universe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from app.config import Settings
from app.market.analytics import PERIODS

PER_PAGE = 50
MAX_PAGE = 100_000
MOVERS = 10
# "" is the natural order: configured tickers, symbols added from the web, benchmark last.
SORT_KEYS: tuple[str, ...] = ("", "symbol", *PERIODS)


@dataclass(frozen=True)
class PerformanceIndex:
    table: dict[str, Any]
    # Row indices in ascending order of each key, rows without a value left out.
    ascending: dict[str, list[int]] = field(default_factory=dict)
    # Rows without a value for each key: always listed last, whichever direction.
    missing: dict[str, list[int]] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.table["rows"]

    def order(self, key: str, descending: bool) -> list[int]:
        """Every row index sorted by `key` (for tests and exports: pages use `window`)."""
        return self.window(key, descending, 0, len(self.rows))

    def window(self, key: str, descending: bool, start: int, stop: int) -> list[int]:
        """Row indices start..stop of the order by `key`, without building the whole
        order: the cost is the page's size, not the universe's."""
        values, empty = self.ascending[key], self.missing[key]
        count = len(values)
        picked: list[int] = []
        for pos in range(max(start, 0), min(stop, count + len(empty))):
            if pos < count:
                picked.append(values[count - 1 - pos] if descending else values[pos])
            else:
                picked.append(empty[pos - count])
        return picked


def sort_value(row: dict[str, Any], key: str) -> Any:
    """What a column sorts by: the symbol, or the relative return (the benchmark's row
    has none, so it sorts by its own return: 0 pp against itself would mislead)."""
    if key == "symbol":
        return row["symbol"]
    cell = row["cells"][PERIODS.index(key)]
    return cell["return"] if row["is_benchmark"] else cell["relative"]


def build(table: dict[str, Any]) -> PerformanceIndex:
    rows = table["rows"]
    ascending: dict[str, list[int]] = {"": list(range(len(rows)))}
    missing: dict[str, list[int]] = {"": []}
    for key in SORT_KEYS[1:]:
        have = [i for i, r in enumerate(rows) if _usable(sort_value(r, key))]
        # Ties broken by symbol, so the order (and so every page) is deterministic.
        have.sort(key=lambda i: (sort_value(rows[i], key), rows[i]["symbol"]))
        ascending[key] = have
        taken = set(have)
        missing[key] = [i for i in range(len(rows)) if i not in taken]
    return PerformanceIndex(table, ascending, missing)


def _usable(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def movers(index: PerformanceIndex, period: str, count: int = MOVERS) -> dict[str, Any]:
    """The `count` best and worst tickers relative to the benchmark over `period`."""
    ranked = [i for i in index.ascending[period] if not index.rows[i]["is_benchmark"]]
    return {
        "period": period,
        "best": [index.rows[i] for i in reversed(ranked[-count:])],
        "worst": [index.rows[i] for i in ranked[:count]],
    }


def pinned(index: PerformanceIndex, settings: Settings) -> list[dict[str, Any]]:
    """The configured tickers and the benchmark: always shown beside the movers."""
    wanted = [*settings.tickers, settings.benchmark]
    by_symbol = {r["symbol"]: r for r in index.rows}
    return [by_symbol[s] for s in dict.fromkeys(wanted) if s in by_symbol]


def page_count(index: PerformanceIndex, per_page: int = PER_PAGE) -> int:
    return max(1, math.ceil(len(index.rows) / per_page))


@dataclass(frozen=True)
class TableQuery:
    """The dashboard's table state from its query: sort column, direction, page and the
    movers' period. Values that can't be used fall back to the defaults (the page says
    nothing went wrong because nothing did: it shows the default view)."""

    sort: str = ""
    descending: bool = False
    page: int = 1
    period: str = "1Y"

    @classmethod
    def parse(cls, params: Any) -> TableQuery:
        from app.web import params as edge

        def pick(name: str, read: Any, default: Any) -> Any:
            raw = params.get(name)
            if raw is None:
                return default
            try:
                return read(raw)
            except edge.ParamError:
                return default

        sort = pick("sort", lambda v: edge.parse_choice(v, SORT_KEYS), "")
        default_dir = "asc" if sort in ("", "symbol") else "desc"
        direction = pick("dir", lambda v: edge.parse_choice(v, ("asc", "desc")), default_dir)
        page = pick("page", lambda v: edge.parse_int(v, 1, MAX_PAGE), 1)
        period = pick("period", lambda v: edge.parse_choice(v, PERIODS), "1Y")
        return cls(sort, direction == "desc", page, period)

    def url(self, **changes: Any) -> str:
        """This view's URL with `changes`, defaults left out (one URL per view)."""
        from urllib.parse import urlencode

        state = {**self.__dict__, **changes}
        default_desc = state["sort"] not in ("", "symbol")
        params: dict[str, Any] = {}
        if state["sort"]:
            params["sort"] = state["sort"]
        if state["descending"] != default_desc:
            params["dir"] = "desc" if state["descending"] else "asc"
        if state["page"] > 1:
            params["page"] = state["page"]
        if state["period"] != "1Y":
            params["period"] = state["period"]
        return "/?" + urlencode(params) if params else "/"


def table_view(
    index: PerformanceIndex, query: TableQuery, per_page: int = PER_PAGE
) -> dict[str, Any]:
    """One page of the table in the asked order, with the links that change it."""
    pages = page_count(index, per_page)
    page = min(query.page, pages)  # past the end: the last page
    current = TableQuery(query.sort, query.descending, page, query.period)
    start = (page - 1) * per_page
    shown = index.window(query.sort, query.descending, start, start + per_page)
    rows = [index.rows[i] for i in shown]
    columns = []
    for key in SORT_KEYS[1:]:
        active = key == query.sort
        direction = "descending" if query.descending else "ascending"
        # A second click on the sorted column reverses it; a new column starts at its
        # natural direction (best first for returns, A→Z for symbols).
        desc = (not query.descending) if active else key != "symbol"
        columns.append(
            {
                "key": key,
                "label": "Ticker" if key == "symbol" else key,
                "url": current.url(sort=key, descending=desc, page=1),
                "aria_sort": direction if active else None,
            }
        )
    return {
        **index.table,
        "rows": rows,
        "columns": columns,
        "page": page,
        "pages": pages,
        "total": len(index.rows),
        "first_row": start + 1,
        "last_row": start + len(rows),
        "prev_url": current.url(page=page - 1) if page > 1 else None,
        "next_url": current.url(page=page + 1) if page < pages else None,
        "canonical_url": current.url(),
        "csv_url": "/performance.csv",
    }
