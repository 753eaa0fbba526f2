"""Alembic environment: the URL comes from the caller or from Settings.

Every module that declares tables is imported here, so autogenerate and the drift test
see the whole schema; tests/unit/test_migrations.py fails when one is missing.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app import data_version
from app.accounts import models as accounts_models
from app.alerts import models as alerts_models
from app.db import Base, make_engine
from app.leads import models as leads_models
from app.market import models as market_models
from app.notify import models as notify_models
from app.portfolios import models as portfolios_models
from app.research import models as research_models

# The modules above register their tables on Base.metadata when imported.
TABLE_MODULES = (
    data_version,
    accounts_models,
    alerts_models,
    leads_models,
    market_models,
    notify_models,
    portfolios_models,
    research_models,
)

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER via table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from app.config import get_settings

        url = get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
