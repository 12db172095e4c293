"""The two databases a store can live in, behind one small interface.

The store writes its SQL once, in SQLite's dialect (`?` placeholders, `INSERT OR IGNORE`); the
PostgreSQL backend translates those two forms. Everything else the store uses is common SQL.
Full-text search differs and is each backend's own (FTS5; tsvector with a GIN index).
"""

from __future__ import annotations

import re
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from faultlines.errors import StoreError
from faultlines.store.migrations import migrate, migrate_postgres


class SQLite:
    """One file, WAL journal (readers never wait for the writer), foreign keys on."""

    name = "sqlite"
    alias_order = "rowid"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path):
        if path.is_dir():
            raise StoreError(f"{path}: is a directory; --db needs a database file path")
        self.where = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.connection.execute("PRAGMA foreign_keys = ON")
            _use_wal(self.connection)
            self.connection.execute("PRAGMA synchronous = NORMAL")
            self.schema_version = migrate(self.connection)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open as a faultlines database ({exc}); "
                             "check the path or use a new file") from exc

    def execute(self, sql: str, params: Any = ()):
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: list[Any]) -> None:
        if rows:
            self.connection.executemany(sql, rows)

    def begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")  # take the write lock now, not halfway through

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        # A signal can interrupt a write after its COMMIT: then there is nothing to roll back.
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def search(self, query: str, limit: int) -> list[tuple[str, str | None, str]]:
        sql = ("SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) FROM documents_fts "
               "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
               "ORDER BY rank LIMIT ?")
        query = "".join(c for c in query if c.isprintable() or c == " ")  # FTS5 chokes on NUL and the like
        if not query.strip():
            return []
        try:
            return self.connection.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            # Not FTS5 syntax ("Sar-e-Pul", a stray quote): search for the words as a phrase.
            phrase = '"' + query.replace('"', '""') + '"'
            try:
                return self.connection.execute(sql, (phrase, limit)).fetchall()
            except sqlite3.OperationalError as exc:
                raise StoreError(f"search query {query!r} is not valid ({exc}); quote phrases") from exc

    def close(self) -> None:
        self.connection.close()


def _use_wal(connection: sqlite3.Connection, seconds: float = 30) -> None:
    """Switch to the WAL journal. Unlike other statements this one does not wait for a lock: when
    another process is creating the same new file, it fails at once, so it is tried again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class PostgreSQL:
    """A PostgreSQL database, for teams: several analysts read one store while an ingest writes."""

    name = "postgresql"
    alias_order = "position"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("PostgreSQL stores need psycopg: pip install 'faultlines[postgres]'") from exc
        self.errors = (psycopg.Error,)
        self.where = redact(url)
        try:
            self.connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
            self.schema_version = migrate_postgres(self.connection)
        except psycopg.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{self.where}: cannot connect to PostgreSQL ({reason}); check the URL and that "
                             "the server is running") from exc

    def execute(self, sql: str, params: Any = ()):
        return self.connection.execute(_postgres_sql(sql), params)

    def executemany(self, sql: str, rows: list[Any]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(_postgres_sql(sql), rows)

    def begin(self) -> None:
        self.connection.execute("BEGIN")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        from psycopg.pq import TransactionStatus

        if self.connection.info.transaction_status != TransactionStatus.IDLE:  # see SQLite.rollback
            self.connection.execute("ROLLBACK")

    def search(self, query: str, limit: int) -> list[tuple[str, str | None, str]]:
        return self.connection.execute(
            "SELECT id, title, ts_headline('english', text, q, 'StartSel=[, StopSel=], MaxWords=14, MinWords=6') "
            "FROM documents, websearch_to_tsquery('english', %s) q WHERE tsv @@ q "
            "ORDER BY ts_rank(tsv, q) DESC, id LIMIT %s", (query, limit)).fetchall()

    def close(self) -> None:
        self.connection.close()


@lru_cache(maxsize=256)
def _postgres_sql(sql: str) -> str:
    """SQLite's dialect as the store writes it, in PostgreSQL's."""
    if sql.startswith("INSERT OR IGNORE INTO"):
        sql = "INSERT INTO" + sql[len("INSERT OR IGNORE INTO"):] + " ON CONFLICT DO NOTHING"
    return sql.replace("?", "%s")


def redact(url: str) -> str:
    """Never print a password from a database URL."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)
