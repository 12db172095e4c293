"""The SQLite store: migrations, WAL, idempotent saves, atomic writes, full-text search."""


import pytest

from faultlines.errors import ConfigError, StoreError
from faultlines.ingest import make_document
from faultlines.model import Analysis, Relation, Span
from faultlines.store import Store, open_store

TEXT = "ISIS-K and the Taliban have declared war against each other in Nangarhar."


def test_sqlite_schema_wal_and_foreign_keys(fresh_store):
    assert fresh_store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    versions = [v for (v,) in fresh_store.db.execute("SELECT version FROM migrations ORDER BY version")]
    assert versions == [1, 2, 3, 4, 5, 6, 7]


def test_sqlite_reopen_does_not_migrate_twice(tmp_path):
    Store(tmp_path / "x.db").close()
    store = Store(tmp_path / "x.db")
    assert store.db.execute("SELECT count(*) FROM migrations").fetchone()[0] == 7


def test_sqlite_version_answers_from_indexes(fresh_store, pipeline):
    """Every web request asks for the store's version: it must not read every document's row."""
    fresh_store.save(pipeline.analyze(make_document(TEXT)))
    asked: list[str] = []
    fresh_store.db.set_trace_callback(asked.append)
    version = fresh_store.version()
    fresh_store.db.set_trace_callback(None)
    assert version[0] == 1 and version[1]
    steps = [row[3] for sql in asked for row in fresh_store.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("documents" in s for s in steps)
    assert all("INDEX" in s for s in steps if "documents" in s), steps


def test_sqlite_save_twice_does_not_duplicate(fresh_store, pipeline):
    analysis = pipeline.analyze(make_document(TEXT))
    fresh_store.save(analysis)
    fresh_store.save(analysis)
    counts = fresh_store.counts()
    assert counts["documents"] == 1 and counts["relations"] == 1
    assert counts["entities"] == len(analysis.entities)


def test_sqlite_round_trip(fresh_store, pipeline):
    analysis = pipeline.analyze(make_document(TEXT, title="War declared", published="2021-11-09"))
    fresh_store.save(analysis)
    assert fresh_store.analysis(analysis.document.id).to_dict() == analysis.to_dict()


def test_sqlite_failed_save_leaves_nothing(fresh_store):
    doc = make_document(TEXT)
    bad = Analysis(doc, relations=(Relation("hostile", "no-such-entity", "taliban", Span(0, 6, "ISIS-K")),))
    with pytest.raises(StoreError, match="nothing of it was written"):
        fresh_store.save(bad)
    assert fresh_store.counts()["documents"] == 0


def test_sqlite_full_text_search(fresh_store, pipeline):
    fresh_store.save(pipeline.analyze(make_document(TEXT, title="War declared")))
    fresh_store.save(pipeline.analyze(make_document("Rains flooded Kabul.", title="Floods")))
    hits = fresh_store.search("Nangarhar")
    assert [h["title"] for h in hits] == ["War declared"]


def test_sqlite_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for" * 100)
    with pytest.raises(StoreError, match="cannot open as a faultlines database"):
        Store(path)


def test_store_unreachable_postgres_is_one_line_without_the_password():
    with pytest.raises(StoreError, match=r"^postgresql://u:\*\*\*@127.0.0.1:9/db: cannot connect to PostgreSQL") as err:
        open_store("postgresql://u:secret@127.0.0.1:9/db")
    assert "secret" not in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="--db takes a file path or a postgresql:// URL"):
        open_store("mysql://u:secret@localhost/db")


def test_sqlite_summary_lists_stated_relations_not_denied_ones(fresh_store, pipeline):
    text = ("The Taliban denied any link to al-Qaeda. ISIS-K and the Taliban have declared war "
            "against each other.")
    fresh_store.save(pipeline.analyze(make_document(text)))
    listed = {(r["type"], r["source"], r["target"]) for r in fresh_store.summary()["relations"]}
    assert listed == {("hostile", "Islamic State Khorasan Province", "Taliban")}


def test_sqlite_store_of_an_older_version_is_migrated_in_place(tmp_path, analyze_text):
    import sqlite3

    from faultlines.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for version, name, script in MIGRATIONS[:2]:
        old.executescript(f"BEGIN;\n{script}\nINSERT INTO migrations VALUES ({version}, '{name}', 'then');\nCOMMIT;")
    old.execute("INSERT INTO documents (id, text, analyzed_at) VALUES ('d1', 'An old text.', 'then')")
    old.close()
    with Store(path) as store:
        assert store.schema_version == 7
        assert store.document_text("d1") == "An old text." and store.duplicates() == {}
        store.save(analyze_text(TEXT))
        assert store.counts()["documents"] == 2
