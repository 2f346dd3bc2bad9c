"""Alembic environment: bilat runs migrations itself, on a connection it hands over.

``bilat.store.migrate.upgrade`` puts the open connection in ``config.attributes["connection"]``;
there is no alembic.ini and no URL here. SQLite cannot alter most of a table in place, so
migrations are rendered in batch mode (copy, alter, rename) on every engine.
"""

from __future__ import annotations

from alembic import context

from bilat.store.migrate import include_object
from bilat.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic command line
    raise RuntimeError("bilat migrations run through bilat.store.migrate, not the alembic CLI")



context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
