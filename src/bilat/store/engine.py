"""Opening the store: SQLite by default (a file, WAL, FTS5), PostgreSQL by URL.

``open_store(None)`` opens ``$BILAT_DB`` or ``bilat.db`` in the working directory; a plain path
is read as a SQLite file. The schema is created, or migrated to the newest version, on opening
(``bilat.store.migrate``).

SQLite notes. Python's sqlite3 module (3.11) opens transactions lazily and never for DDL or
SAVEPOINT, so the engine takes transaction control itself (the recipe of SQLAlchemy's pysqlite
documentation): the driver is put in autocommit mode and SQLAlchemy's ``begin`` emits ``BEGIN``.
That makes ``Connection.begin_nested()`` (SAVEPOINT) work, which ``save_extraction`` relies on.

Full text. SQLite: one FTS5 table, ``fulltext``, with a row per article (title and text) and
per event (its evidence), kept in step with ``articles`` and ``events`` by triggers. Each source
row remembers its index row in ``fts_rowid``: the implicit rowids of ``articles``/``events`` are
not stable across VACUUM, the FTS table's own are. PostgreSQL: a generated ``search`` tsvector
column on ``articles`` and ``events`` with GIN indexes. Both are made by the migrations.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from bilat.store.migrate import upgrade

DEFAULT_PATH = "bilat.db"
ENV_VAR = "BILAT_DB"
BUSY_TIMEOUT_S = 30.0
"""Seconds a writer waits for another's lock before giving up ($BILAT_BUSY_TIMEOUT)."""
FTS_TABLE = "fulltext"  # made by migration 0001


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why."""


def resolve_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``$BILAT_DB``, else ``sqlite:///bilat.db`` (cwd).

    A value without ``://`` is a SQLite file path.
    """
    value = url or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_store(url: str | None = None) -> Engine:
    """Connect to the store, creating its tables (and the SQLite full-text index) if missing."""
    resolved = resolve_url(url)
    try:
        backend = make_url(resolved).get_backend_name()
        if backend == "sqlite":
            timeout = float(os.environ.get("BILAT_BUSY_TIMEOUT", BUSY_TIMEOUT_S))
            engine = create_engine(resolved, connect_args={"timeout": timeout})
            _configure_sqlite(engine)
        else:
            engine = create_engine(resolved, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot use the database URL {resolved!r}: {exc}") from exc
    try:
        upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        if "fts5" in str(exc.orig):
            raise StoreError(
                "this Python's SQLite has no FTS5 module; bilat's SQLite store needs it"
            ) from exc
        raise StoreError(f"cannot open the database {_shown(engine)}: {exc.orig}") from exc
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {_shown(engine)}: {exc.orig}") from exc
    return engine


def _shown(engine: Engine) -> str:
    """The URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        assert isinstance(dbapi_connection, sqlite3.Connection)
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module doc)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # With WAL, NORMAL never corrupts and keeps every commit across a process kill.
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
