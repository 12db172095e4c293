"""Store: the conflict model on disk. SQLite by default (one file, WAL, FTS5 over documents);
PostgreSQL for teams (`postgresql://user@host/db`), through the same code.

    with open_store("faultlines.db") as store:
        store.save(analysis)          # one transaction per document; re-saving replaces, never duplicates
        store.summary()               # counts, and the most-mentioned actors
        store.analysis(document_id)   # the Analysis back, as it was saved
        store.analyses(involving="iskp")  # every stored document's model, or those naming an actor
        store.find_entity("ISIS-K")   # an entity by id, name or alias

Ingests that share a store claim each document before analysing it (`start_run`, `claim`,
`release`), so that two of them split the work instead of both doing all of it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faultlines.errors import ConfigError, StoreError
from faultlines.model import (
    Analysis,
    CausalLink,
    Claim,
    Document,
    Entity,
    Event,
    Factor,
    Quantity,
    Relation,
    Span,
)
from faultlines.store.backends import PostgreSQL, SQLite, redact

# Documents (or entities) read per query when reading many: few queries, bounded parameter lists
# (SQLite allows 32,766) and memory.
READ_BATCH = 200
# An ingest whose heartbeat is older than this is taken for dead (on another machine; on this one a
# run whose process is gone is dead at once), and its claims on documents can be taken over.
CLAIM_TIMEOUT = 15 * 60


def open_store(url: str | Path) -> Store:
    """A store from a file path (SQLite) or a postgresql:// URL."""
    text = str(url)
    if "://" in text and not text.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{redact(text)}: --db takes a file path or a postgresql:// URL")
    return Store(url)


class Store:
    """A store in SQLite or PostgreSQL; the schema is brought up to date when it opens."""

    def __init__(self, target: str | Path):
        text = str(target)
        self.target = text  # where it is: to open it again elsewhere (another process)
        self.backend: SQLite | PostgreSQL = (
            PostgreSQL(text) if text.startswith(("postgresql://", "postgres://")) else SQLite(Path(target)))
        self.path = self.backend.where
        self.schema_version = self.backend.schema_version
        # The SQLite connection, for tests and tools that inspect the file; None for PostgreSQL.
        self.db = self.backend.connection if isinstance(self.backend, SQLite) else None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    def _q(self, sql: str, params: Any = ()):
        return self.backend.execute(sql, params)

    def save(self, analysis: Analysis) -> None:
        """Write one document's model in one transaction, replacing an earlier analysis of it."""
        self.save_batch([analysis])

    def save_batch(self, analyses: list[Analysis], duplicates: list[tuple[Document, str]] = (),
                   bands: dict[str, list[str]] | None = None) -> None:
        """Write several documents' models in one transaction: all of them or, if anything fails,
        none. `duplicates` are (document, id of the document it copies): stored, never analysed.
        `bands` are documents' MinHash band hashes, for finding near-duplicates later."""
        try:
            self.backend.begin()
            for analysis in analyses:
                self._write(analysis)
            for doc, original in duplicates:
                self._write(Analysis(doc), duplicate_of=original)
            for document_id, hashes in (bands or {}).items():
                self.backend.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                                    [(band, h, document_id) for band, h in enumerate(hashes)])
            self.backend.commit()
        except BaseException as exc:
            self.backend.rollback()
            if isinstance(exc, self.backend.errors):
                ids = [a.document.id for a in analyses] + [d.id for d, _ in duplicates]
                raise StoreError(f"{self.path}: could not save document{'s' if len(ids) > 1 else ''} "
                                 f"{', '.join(ids)} ({str(exc).strip().splitlines()[0]}); "
                                 f"nothing of {'them' if len(ids) > 1 else 'it'} "
                                 "was written") from exc
            raise

    def _write(self, analysis: Analysis, duplicate_of: str | None = None) -> None:
        doc = analysis.document
        self._q("DELETE FROM documents WHERE id = ?", (doc.id,))
        self._q(
            "INSERT INTO documents (id, title, author, publisher, published, url, language, "
            "text, source_path, analyzed_at, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.title, doc.author, doc.publisher, doc.published, doc.url,
             doc.language, doc.text, doc.source_path, datetime.now(UTC).isoformat(), duplicate_of),
        )
        self._save_entities(doc.id, analysis.entities)
        self.backend.executemany(
            "INSERT INTO relations (document_id, type, source, target, modality, "
            "attributed_to, time, confidence, evidence_start, evidence_end, evidence_text, "
            "extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.id, r.type, r.source, r.target, r.modality, r.attributed_to, r.time,
              r.confidence, *_evidence(r.evidence), r.extractor) for r in analysis.relations],
        )
        self.backend.executemany(
            "INSERT INTO events (document_id, type, mode, actors, targets, place, date, "
            "fatalities, modality, attributed_to, confidence, acled_type, evidence_start, "
            "evidence_end, evidence_text, extractor, details) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.id, e.type, e.mode, json.dumps(e.actors), json.dumps(e.targets), e.place,
              e.date, e.fatalities, e.modality, e.attributed_to, e.confidence, e.acled_type,
              *_evidence(e.evidence), e.extractor,
              json.dumps({k: getattr(e, k) for k in EVENT_DETAILS})) for e in analysis.events],
        )
        self.backend.executemany(
            "INSERT INTO claims (document_id, subject, attribute, low, high, approx, unit, "
            "as_of, modality, attributed_to, confidence, evidence_start, evidence_end, "
            "evidence_text, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.id, c.subject, c.attribute, c.value.low, c.value.high, int(c.value.approx),
              c.unit, c.as_of, c.modality, c.attributed_to, c.confidence,
              *_evidence(c.evidence), c.extractor) for c in analysis.claims],
        )
        self.backend.executemany(
            "INSERT INTO causal_links (document_id, cause_text, cause_entity, effect_text, "
            "effect_entity, sign, modality, attributed_to, confidence, evidence_start, "
            "evidence_end, evidence_text, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.id, link.cause.text, link.cause.entity, link.effect.text,
              link.effect.entity, link.sign, link.modality, link.attributed_to,
              link.confidence, *_evidence(link.evidence), link.extractor) for link in analysis.causal_links],
        )

    def known(self, document_ids: list[str]) -> set[str]:
        """Which of these documents the store already holds (an ingest skips them)."""
        found: set[str] = set()
        for i in range(0, len(document_ids), 500):
            chunk = document_ids[i:i + 500]
            found.update(r[0] for r in self._q(
                f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def start_run(self, owner: str) -> None:
        """Register an ingest run that will claim documents; `heartbeat` keeps it alive."""
        now = time.time()
        self._q("INSERT INTO ingest_runs (owner, host, pid, started, heartbeat) VALUES (?, ?, ?, ?, ?)",
                (owner, socket.gethostname(), os.getpid(), now, now))

    def heartbeat(self, owner: str) -> None:
        self._q("UPDATE ingest_runs SET heartbeat = ? WHERE owner = ?", (time.time(), owner))

    def claim(self, document_id: str, owner: str, timeout: float = CLAIM_TIMEOUT) -> bool:
        """Whether this run may analyse the document: no other live run has claimed it and it is
        not stored. Each step is one atomic statement, so two runs never both get a document."""
        now = time.time()
        if self._q("INSERT OR IGNORE INTO ingest_claims (document_id, owner, claimed_at) SELECT ?, ?, ? "
                   "WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = ?)",
                   (document_id, owner, now, document_id)).rowcount == 1:
            return True
        row = self._q("SELECT owner FROM ingest_claims WHERE document_id = ?", (document_id,)).fetchone()
        if row is None:
            return False  # stored
        if row[0] == owner:
            return True
        if not self._run_gone(row[0], now, timeout):
            return False
        # Take it over from a dead run, unless a third run just did.
        return self._q("UPDATE ingest_claims SET owner = ?, claimed_at = ? WHERE document_id = ? AND owner = ?",
                       (owner, now, document_id, row[0])).rowcount == 1

    def _run_gone(self, owner: str, now: float, timeout: float) -> bool:
        row = self._q("SELECT host, pid, heartbeat FROM ingest_runs WHERE owner = ?", (owner,)).fetchone()
        if row is None or row[2] < now - timeout:
            return True
        host, pid = row[0], row[1]
        return host == socket.gethostname() and not _process_alive(pid)

    def release(self, owner: str) -> None:
        """End a run: drop its claims (those of documents it did not store, failed ones, become
        free for the next run) and the record of runs long dead."""
        self._q("DELETE FROM ingest_claims WHERE owner = ?", (owner,))
        self._q("DELETE FROM ingest_runs WHERE owner = ? OR (heartbeat < ? AND owner NOT IN "
                "(SELECT owner FROM ingest_claims))", (owner, time.time() - CLAIM_TIMEOUT))

    def band_matches(self, hashes: list[str]) -> list[str]:
        """Stored documents sharing at least one MinHash band with these hashes (candidates for
        near-duplicates), most shared bands first."""
        if not hashes:
            return []
        rows = self._q(
            "SELECT document_id, count(*) n FROM minhash_bands WHERE "
            + " OR ".join("(band = ? AND hash = ?)" for _ in hashes)
            + " GROUP BY document_id ORDER BY n DESC, document_id",
            [x for band, h in enumerate(hashes) for x in (band, h)])
        return [r[0] for r in rows]

    def date_range(self) -> tuple[str | None, str | None]:
        """The earliest and latest publication dates of the stored documents."""
        first, last = self._q("SELECT min(published), max(published) FROM documents").fetchone()
        return first, last

    def version(self) -> tuple[int, str | None]:
        """Changes whenever a document is saved: for caches of what is built from the store."""
        # Apart, each answers from an index; together SQLite would scan the documents.
        count, latest = self._q("SELECT (SELECT count(*) FROM documents), "
                                "(SELECT max(analyzed_at) FROM documents)").fetchone()
        return int(count), latest

    def document_text(self, document_id: str) -> str | None:
        row = self._q("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def duplicates(self) -> dict[str, str]:
        """Near-duplicate documents and the stored document each copies."""
        return dict(self._q("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"))

    def _save_entities(self, document_id: str, entities: Iterable[Entity]) -> None:
        # Entities are shared across documents: insert once, refresh the descriptive fields. One
        # statement per table for all of a document's entities (not three per entity).
        entities = list(entities)
        self.backend.executemany(
            "INSERT INTO entities (id, name, kind, country, admin_level, lat, lon, attributes) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
            "kind=excluded.kind, country=excluded.country, admin_level=excluded.admin_level, "
            "lat=excluded.lat, lon=excluded.lon, attributes=excluded.attributes",
            [(e.id, e.name, e.kind, e.country, e.admin_level, e.lat, e.lon, json.dumps(e.attributes, sort_keys=True))
             for e in entities],
        )
        self.backend.executemany(
            "INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)",
            [(e.id, alias) for e in entities for alias in e.aliases],
        )
        self.backend.executemany(
            'INSERT OR IGNORE INTO mentions (document_id, entity_id, start, "end", text) '
            "VALUES (?,?,?,?,?)",
            [(document_id, e.id, m.start, m.end, m.text) for e in entities for m in e.mentions],
        )

    def counts(self) -> dict[str, int]:
        tables = ("documents", "entities", "relations", "events", "claims", "causal_links")
        return {t: self._q(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts, the most-mentioned actors and places, and the relations between actors."""
        actors = self._q(
            "SELECT e.id, e.name, e.kind, count(*) n, count(DISTINCT m.document_id) docs "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.kind != 'place' "
            "GROUP BY e.id ORDER BY n DESC LIMIT ?", (top,)).fetchall()
        places = self._q(
            "SELECT e.id, e.name, e.admin_level, e.country, count(*) n FROM mentions m "
            "JOIN entities e ON e.id = m.entity_id WHERE e.kind = 'place' "
            "GROUP BY e.id ORDER BY n DESC LIMIT ?", (top,)).fetchall()
        relations = self._q(
            "SELECT r.type, s.name, t.name, count(DISTINCT r.document_id) docs FROM relations r "
            "JOIN entities s ON s.id = r.source JOIN entities t ON t.id = r.target "
            # A denied link is not a relation to list ("The Taliban denied any link to al-Qaeda").
            "WHERE r.modality != 'negated' "
            "GROUP BY r.type, r.source, r.target, s.name, t.name ORDER BY docs DESC, r.type LIMIT ?",
            (top,)).fetchall()
        return {
            "counts": self.counts(),
            "actors": [dict(zip(("id", "name", "kind", "mentions", "documents"), a)) for a in actors],
            "places": [dict(zip(("id", "name", "admin_level", "country", "mentions"), p)) for p in places],
            "relations": [dict(zip(("type", "source", "target", "documents"), r)) for r in relations],
        }

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching a full-text query, best first."""
        return [{"id": r[0], "title": r[1], "snippet": r[2]} for r in self.backend.search(query, limit)]

    def document_ids(self, involving: str | None = None) -> list[str]:
        """Stored documents, oldest publication first; only those naming `involving` if given."""
        if involving is None:
            rows = self._q("SELECT id FROM documents ORDER BY coalesce(published, ''), id")
        else:
            rows = self._q(
                # Through the mentions' entity index: the documents naming it, not every document.
                "SELECT id FROM documents WHERE id IN (SELECT document_id FROM mentions WHERE entity_id = ?) "
                "ORDER BY coalesce(published, ''), id",
                (involving,))
        return [r[0] for r in rows]

    def recent_documents(self, limit: int = 10) -> list[Document]:
        """The documents published last (metadata and text, without their facts)."""
        return [Document(*row) for row in self._q(
            "SELECT id, text, title, author, publisher, published, url, language, source_path FROM documents "
            "ORDER BY coalesce(published, '') DESC, id DESC LIMIT ?", (limit,))]

    def analyses(self, involving: str | None = None) -> Iterator[Analysis]:
        """The stored model of each document (see `document_ids`), read a batch of documents
        per query and table, handed out one at a time."""
        ids = self.document_ids(involving)
        for i in range(0, len(ids), READ_BATCH):
            yield from self._analyses_of(ids[i:i + READ_BATCH])

    def find_entity(self, name: str) -> Entity | None:
        """A stored entity by id, canonical name or alias (case and spelling variants ignored),
        with every alias the store holds for it; the most-mentioned wins a shared name."""
        from faultlines.kb.text import name_key

        # The usual case first, through the indexes: an id, or a name or alias as written.
        match = self._q("SELECT id FROM entities WHERE id = ?", (name,)).fetchone()
        if match is None:
            found = [r[0] for r in self._q(
                "SELECT id FROM entities WHERE name = ? UNION SELECT entity_id FROM entity_aliases WHERE alias = ?",
                (name, name))]
            match = (self._most_mentioned(found),) if found else None
        if match is None:  # then every spelling variant, the slow way
            key = name_key(name)
            candidates = [eid for eid, written in self._q(
                "SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases")
                if name_key(written) == key]
            match = (self._most_mentioned(candidates),) if candidates else None
        if match is None:
            return None
        eid, canonical, kind, country, level, lat, lon, attrs = self._q(
            "SELECT id, name, kind, country, admin_level, lat, lon, attributes FROM entities WHERE id = ?",
            match).fetchone()
        aliases = [a for (a,) in self._q(
            f"SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY {self.backend.alias_order}", (eid,))]
        return Entity(eid, canonical, kind, tuple(aliases), (), country, level, lat, lon, json.loads(attrs))

    def _most_mentioned(self, entity_ids: list[str]) -> str:
        counts = {eid: self._q("SELECT count(*) FROM mentions WHERE entity_id = ?", (eid,)).fetchone()[0]
                  for eid in dict.fromkeys(entity_ids)}
        return max(counts, key=lambda eid: (counts[eid], eid))

    def analysis(self, document_id: str) -> Analysis | None:
        """The stored model of one document, as `faultlines analyze` produced it."""
        found = self._analyses_of([document_id])
        return found[0] if found else None

    def _analyses_of(self, ids: list[str]) -> list[Analysis]:
        """The models of some documents, in the order given: one query per table for all."""
        marks = ",".join("?" * len(ids))
        documents = {row[0]: Document(*row) for row in self._q(
            "SELECT id, text, title, author, publisher, published, url, language, source_path "
            f"FROM documents WHERE id IN ({marks})", ids)}
        entities = self._entities_of(ids, marks)
        facts = {table: self._rows_by_document(table, ids, marks)
                 for table in ("relations", "events", "claims", "causal_links")}
        return [Analysis(
            document=documents[d], entities=tuple(entities.get(d, ())),
            relations=tuple(map(_relation, facts["relations"].get(d, ()))),
            events=tuple(map(_event, facts["events"].get(d, ()))),
            claims=tuple(map(_claim, facts["claims"].get(d, ()))),
            causal_links=tuple(map(_causal_link, facts["causal_links"].get(d, ()))),
        ) for d in ids if d in documents]

    def _entities_of(self, ids: list[str], marks: str) -> dict[str, list[Entity]]:
        """Each document's entities, in the order of their first mention, with their mentions."""
        mentions: dict[str, dict[str, list[Span]]] = {}
        for document_id, entity_id, start, end, text in self._q(
                f'SELECT document_id, entity_id, start, "end", text FROM mentions '
                f"WHERE document_id IN ({marks}) ORDER BY document_id, start", ids):
            mentions.setdefault(document_id, {}).setdefault(entity_id, []).append(Span(start, end, text))
        entity_ids = sorted({e for by_entity in mentions.values() for e in by_entity})
        rows, aliases = {}, {}
        for i in range(0, len(entity_ids), READ_BATCH):
            chunk = entity_ids[i:i + READ_BATCH]
            chunk_marks = ",".join("?" * len(chunk))
            for row in self._q("SELECT id, name, kind, country, admin_level, lat, lon, attributes "
                               f"FROM entities WHERE id IN ({chunk_marks})", chunk):
                rows[row[0]] = row
            for entity_id, alias in self._q(
                    f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({chunk_marks}) "
                    f"ORDER BY entity_id, {self.backend.alias_order}", chunk):
                aliases.setdefault(entity_id, []).append(alias)
        out: dict[str, list[Entity]] = {}
        for document_id, by_entity in mentions.items():
            for entity_id, spans in by_entity.items():  # dicts keep the first mention's order
                if entity_id not in rows:
                    continue
                eid, name, kind, country, level, lat, lon, attrs = rows[entity_id]
                out.setdefault(document_id, []).append(Entity(
                    eid, name, kind, tuple(aliases.get(eid, ())), tuple(spans), country, level,
                    lat, lon, json.loads(attrs)))
        return out

    def _rows_by_document(self, table: str, ids: list[str], marks: str) -> dict[str, list[dict[str, Any]]]:
        cursor = self._q(f"SELECT * FROM {table} WHERE document_id IN ({marks}) ORDER BY document_id, id", ids)
        names = [d[0] for d in cursor.description]
        out: dict[str, list[dict[str, Any]]] = {}
        for row in cursor:
            record = dict(zip(names, row))
            out.setdefault(record["document_id"], []).append(record)
        return out


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _relation(r: dict[str, Any]) -> Relation:
    return Relation(r["type"], r["source"], r["target"], _span(r), r["modality"],
                    r["attributed_to"], r["time"], r["confidence"], r["extractor"])


EVENT_DETAILS = ("acled_subtype", "injured", "abducted", "arrested", "date_source", "trigger")


def _event(e: dict[str, Any]) -> Event:
    details = json.loads(e.get("details") or "{}")
    return Event(e["type"], _span(e), e["mode"], tuple(json.loads(e["actors"])),
                 tuple(json.loads(e["targets"])), e["place"], e["date"], e["fatalities"],
                 e["modality"], e["attributed_to"], e["confidence"], e["acled_type"], e["extractor"],
                 **{k: details.get(k) for k in EVENT_DETAILS})


def _claim(c: dict[str, Any]) -> Claim:
    return Claim(c["subject"], c["attribute"], Quantity(c["low"], c["high"], bool(c["approx"])),
                 _span(c), c["unit"], c["as_of"], c["modality"], c["attributed_to"],
                 c["confidence"], c["extractor"])


def _causal_link(c: dict[str, Any]) -> CausalLink:
    return CausalLink(Factor(c["cause_text"], c["cause_entity"]), Factor(c["effect_text"], c["effect_entity"]),
                      c["sign"], _span(c), c["modality"], c["attributed_to"], c["confidence"], c["extractor"])


def _evidence(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.text


def _span(row: dict[str, Any]) -> Span:
    return Span(row["evidence_start"], row["evidence_end"], row["evidence_text"])
