"""Schema versions: every database is brought to the newest schema when opened (Alembic).

Revisions live in ``bilat/store/migrations/versions``, one file per schema change, each with an
upgrade written against the schema of its time (never against ``bilat.store.schema``, which only
describes the newest). A database created before Alembic was adopted (bilat's first store, which
made its tables directly) is recognised by its tables and stamped as the first revision, then
upgraded like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

FIRST_REVISION = "0001"
HEAD_REVISION = "0003"
"""The newest revision, known without reading the migration scripts (Alembic is imported only
to migrate, which keeps every command's start-up short); a test checks it is the scripts' head."""


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "bilat.store:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the engine-specific full-text objects (SQLite's FTS5 tables, PostgreSQL's
    tsvector columns and their indexes) out of schema comparisons: migrations make them."""
    name = name or ""
    return not (name.startswith(("fulltext", "search")) or name.endswith("_search"))


def head_revision() -> str:
    """The newest schema revision among the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision; None for an empty (or pre-Alembic) database."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest), creating it if empty.

    Nothing is written when the database is already there. On SQLite, foreign keys are off
    while migrating: batch mode rebuilds a table by copy, drop and rename, and dropping
    ``articles`` with them on would cascade into every event.
    """
    with engine.connect() as conn:
        if _revision(conn) == (HEAD_REVISION if revision == "head" else revision):
            return
    from alembic import command

    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                if _revision(conn) is None and inspect(conn).has_table("articles"):
                    command.stamp(_config(conn), FIRST_REVISION)
                command.upgrade(_config(conn), revision)
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
