"""Versioned schema migrations, one list per database; each runs once, recorded in `migrations`.

The two lists describe the same schema version by version: a store of either kind at version N has
the same tables and columns.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "documents, entities and facts", """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, title TEXT, author TEXT, publisher TEXT, published TEXT, url TEXT,
        language TEXT, text TEXT NOT NULL, source_path TEXT, analyzed_at TEXT NOT NULL
    );
    CREATE TABLE entities (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
        admin_level TEXT, lat REAL, lon REAL, attributes TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE entity_aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias TEXT NOT NULL, PRIMARY KEY (entity_id, alias)
    );
    CREATE TABLE mentions (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES entities(id),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (document_id, start, "end")
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL, source TEXT NOT NULL REFERENCES entities(id),
        target TEXT NOT NULL REFERENCES entities(id), modality TEXT NOT NULL,
        attributed_to TEXT, time TEXT, confidence REAL NOT NULL,
        evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
        extractor TEXT NOT NULL
    );
    CREATE INDEX relations_source ON relations(source);
    CREATE INDEX relations_target ON relations(target);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL, mode TEXT, actors TEXT NOT NULL, targets TEXT NOT NULL,
        place TEXT REFERENCES entities(id), date TEXT, fatalities INTEGER, modality TEXT NOT NULL,
        attributed_to TEXT, confidence REAL NOT NULL, acled_type TEXT,
        evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
        extractor TEXT NOT NULL
    );
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        subject TEXT REFERENCES entities(id), attribute TEXT NOT NULL,
        low REAL, high REAL, approx INTEGER NOT NULL, unit TEXT, as_of TEXT,
        modality TEXT NOT NULL, attributed_to TEXT, confidence REAL NOT NULL,
        evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
        extractor TEXT NOT NULL
    );
    CREATE INDEX claims_subject ON claims(subject, attribute);
    CREATE TABLE causal_links (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        cause_text TEXT NOT NULL, cause_entity TEXT REFERENCES entities(id),
        effect_text TEXT NOT NULL, effect_entity TEXT REFERENCES entities(id),
        sign TEXT NOT NULL, modality TEXT NOT NULL, attributed_to TEXT, confidence REAL NOT NULL,
        evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
        extractor TEXT NOT NULL
    );
    """),
    (2, "full-text search over documents", """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    """),
    (3, "near-duplicate documents", """
    ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL, hash TEXT NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, hash, document_id)
    );
    """),
    (4, "facts indexed by document", """
    CREATE INDEX relations_document ON relations(document_id);
    CREATE INDEX events_document ON events(document_id);
    CREATE INDEX claims_document ON claims(document_id);
    CREATE INDEX causal_links_document ON causal_links(document_id);
    CREATE INDEX minhash_bands_document ON minhash_bands(document_id);
    """),
    # An event's ACLED sub-event type, victim counts, where its date came from and its trigger
    # word, as one JSON object: fields that grow with the event coding, not columns to query.
    (5, "event details", """
    ALTER TABLE events ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
    """),
    # Ingests running into one store at once split the work: each claims a document before
    # analysing it, and a claim whose run stopped beating (killed) can be taken over.
    (6, "ingest claims", """
    CREATE TABLE ingest_runs (
        owner TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL,
        started REAL NOT NULL, heartbeat REAL NOT NULL
    );
    CREATE TABLE ingest_claims (
        document_id TEXT PRIMARY KEY, owner TEXT NOT NULL, claimed_at REAL NOT NULL
    );
    CREATE INDEX ingest_claims_owner ON ingest_claims(owner);
    """),
    # The store's version (`Store.version`), asked by every web request: the latest analysis time
    # read from an index, not by scanning every document (2 ms on 12,000 documents).
    (7, "documents by analysis time", """
    CREATE INDEX documents_analyzed ON documents(analyzed_at);
    """),
]


def migrate(db: sqlite3.Connection) -> int:
    """Apply the migrations not yet applied, in one transaction; the schema version.

    Two processes opening a new store at once must not both create its tables: the one that gets
    the write lock migrates, the other waits for it (the busy timeout) and then finds it done."""
    latest = max(v for v, _, _ in MIGRATIONS)
    if _applied(db) >= {v for v, _, _ in MIGRATIONS}:
        return latest  # the usual case, without taking the write lock
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                   "applied_at TEXT NOT NULL)")
        done = _applied(db)  # again, now that no one else can be migrating
        for version, name, script in MIGRATIONS:
            if version not in done:
                for statement in _statements(script):
                    db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, datetime.now(UTC).isoformat()))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return latest


def _applied(db: sqlite3.Connection) -> set[int]:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone() is None:
        return set()
    return {row[0] for row in db.execute("SELECT version FROM migrations")}


def _statements(script: str) -> list[str]:
    """A script's statements one by one (executescript would commit the open transaction first);
    complete_statement keeps a trigger's body, semicolons and all, in one piece."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def _postgres(script: str) -> str:
    """SQLite DDL in PostgreSQL's words: 8-byte floats, serial ids, and an explicit order for
    aliases (SQLite keeps insertion order in its rowid)."""
    return (script.replace(" REAL", " DOUBLE PRECISION")
            .replace("id INTEGER PRIMARY KEY", "id BIGSERIAL PRIMARY KEY")
            .replace("alias TEXT NOT NULL, PRIMARY KEY", "alias TEXT NOT NULL, position BIGSERIAL, PRIMARY KEY"))


POSTGRES_MIGRATIONS: list[tuple[int, str, str]] = [
    (1, MIGRATIONS[0][1], _postgres(MIGRATIONS[0][2])),
    (2, "full-text search over documents", """
    ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS
        (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED;
    CREATE INDEX documents_tsv ON documents USING GIN (tsv);
    """),
    (3, MIGRATIONS[2][1], _postgres(MIGRATIONS[2][2])),
    (4, MIGRATIONS[3][1], MIGRATIONS[3][2]),
    (5, MIGRATIONS[4][1], MIGRATIONS[4][2]),
    (6, MIGRATIONS[5][1], _postgres(MIGRATIONS[5][2])),
    (7, MIGRATIONS[6][1], MIGRATIONS[6][2]),
]


def migrate_postgres(connection) -> int:
    """The same for PostgreSQL, where DDL is transactional; an advisory lock keeps two processes
    opening a new database at once from migrating it twice."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(72010)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)")
        done = {row[0] for row in connection.execute("SELECT version FROM migrations")}
        for version, name, script in POSTGRES_MIGRATIONS:
            if version not in done:
                connection.execute(script)
                connection.execute("INSERT INTO migrations VALUES (%s, %s, %s)",
                                   (version, name, datetime.now(UTC).isoformat()))
    return max(v for v, _, _ in POSTGRES_MIGRATIONS)
