"""Corpus ingest: many files (or URLs) into one store, through an engine, crash-safe and resumable.

    summary = ingest(["reports/", "feeds/*.rss"], store, WorkerProcesses(2))

Sources are read one at a time; each document is checked against the store and this run (an
exact copy has the same id; a near-copy, such as a syndicated wire story, shares most MinHash
bands and is stored as a duplicate of the first, without facts, so it is not counted twice as
evidence). The rest go to the engine; their models are written in batches, one transaction per
batch, by this process alone. Killed at any moment, the store holds whole batches only, and a
second run skips what is stored and does the rest. SIGTERM (from `timeout`, systemd, a batch
scheduler) stops it the same way, as `Stopped`, after which the engine's workers are ended.

Ingests into one store at once split the work: each claims a document before analysing it and
skips those another live run has claimed (counted as `claimed_elsewhere`).
"""

from __future__ import annotations

import glob
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from faultlines.ingest import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ReadFailure, is_url, iter_documents, suffix_of
from faultlines.ingest.dedup import NEAR_DUPLICATE, band_hashes, signature, similarity
from faultlines.ingest.limits import Limits
from faultlines.ingest.tabular import CsvLayout
from faultlines.model import Analysis, Document
from faultlines.store import Store
from faultlines.store.heartbeat import Heartbeat

WRITE_BATCH = 32  # documents per transaction
HEARTBEAT = 30  # seconds between the updates that tell other ingests this one is alive
SKIPPED_NAMES = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"}


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str
    whole_source: bool = False  # the file or URL (or the rest of it) could not be read, not one document
    record: int | None = None  # the line, row, item, entry or archive record that failed, if one did

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason,
                **({"record": self.record} if self.record is not None else {})}


@dataclass
class IngestSummary:
    sources: int = 0
    read: int = 0  # documents read from the sources
    new: int = 0  # analysed and stored
    already_stored: int = 0  # exact copies of stored documents (a re-run finds its earlier work here)
    duplicate: int = 0  # exact copies of a document read earlier in this run
    near_duplicate: int = 0  # stored as copies of another document, without facts
    claimed_elsewhere: int = 0  # left to another ingest into the same store, which claimed them first
    failed: list[Failure] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("entities", "relations", "events", "claims", "causal_links"), 0))
    words: int = 0  # words of the documents analysed
    seconds: float = 0.0
    reading_done: bool = False

    @property
    def done(self) -> int:
        """Documents dealt with so far, whatever became of them."""
        return (self.new + self.already_stored + self.duplicate + self.near_duplicate + self.claimed_elsewhere
                + self.failed_documents)

    @property
    def failed_documents(self) -> int:
        return sum(1 for f in self.failed if not f.whole_source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources, "documents_read": self.read, "new": self.new,
            "already_stored": self.already_stored, "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate, "claimed_elsewhere": self.claimed_elsewhere,
            "failed": [f.to_dict() for f in self.failed],
            **self.facts, "words": self.words, "seconds": round(self.seconds, 2),
            "documents_per_second": round(self.new / self.seconds, 2) if self.seconds else None,
            "words_per_second": round(self.words / self.seconds) if self.seconds else None,
        }


def expand_sources(paths: Iterable[str | Path]) -> tuple[list[str], list[Failure]]:
    """Files to read: directories recursively (supported types only), glob patterns, URLs."""
    found: list[str] = []
    failures: list[Failure] = []
    for item in paths:
        text = str(item)
        if is_url(text):
            found.append(text)
        elif any(c in text for c in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            found += [m for m in matches if Path(m).is_file()]
            if not matches:
                failures.append(Failure(text, "no file matches this pattern; check it", whole_source=True))
        elif Path(text).is_dir():
            found += sorted(str(p) for p in Path(text).rglob("*") if _is_document(p))
        elif Path(text).exists():
            found.append(text)
        else:
            failures.append(Failure(text, "no such file or directory; check the path", whole_source=True))
    return list(dict.fromkeys(found)), failures


def _is_document(path: Path) -> bool:
    """In a directory: files of a type faultlines reads, but not hidden files, nor the README and
    LICENSE files that travel with collections."""
    return (path.is_file() and suffix_of(path) in SUPPORTED_SUFFIXES - {""} and not path.name.startswith(".")
            and path.stem.upper() not in SKIPPED_NAMES)


def ingest(paths: Iterable[str | Path], store: Store, engine, *, max_bytes: int = DEFAULT_MAX_BYTES,
           csv_layout: CsvLayout | None = None, near_duplicates: bool = True, batch: int = WRITE_BATCH,
           on_update: Callable[[IngestSummary], None] | None = None,
           limits: Limits | None = None) -> IngestSummary:
    """Ingest every source; a source or record that cannot be read becomes a Failure and the rest go
    on. `limits` bounds reading (bytes, fetch time, addresses); without it, `max_bytes` sets its size."""
    started = time.perf_counter()
    limits = limits or Limits(max_bytes=max_bytes)
    sources, failures = expand_sources(paths)
    summary = IngestSummary(sources=len(sources), failed=failures)
    index = _NearDuplicates(store) if near_duplicates else None
    writer = _Writer(store, batch, index)
    notify = (lambda: on_update(summary)) if on_update else (lambda: None)
    claims = _Claims(store)

    def to_analyse() -> Iterator[Document]:
        seen: set[str] = set()
        for source in sources:
            documents = []
            for item in iter_documents(source, limits, csv_layout=csv_layout):  # never raises
                if isinstance(item, ReadFailure):
                    summary.failed.append(Failure(source, item.reason, whole_source=item.record is None,
                                                  record=item.record))
                    notify()
                else:
                    documents.append(item)
            summary.read += len(documents)
            known = store.known([d.id for d in documents])
            for document in documents:
                if document.id in known:
                    summary.already_stored += 1
                elif document.id in seen:
                    summary.duplicate += 1
                elif not claims.take(document.id):
                    summary.claimed_elsewhere += 1
                elif index and (original := index.copy_of(document)):
                    writer.duplicate(document, original)
                    summary.near_duplicate += 1
                else:
                    seen.add(document.id)
                    if index:
                        writer.bands[document.id] = index.add(document)
                    yield document
                    continue
                notify()
        summary.reading_done = True

    with _stop_on_signals():
        try:
            for outcome in engine.run(to_analyse()):
                if outcome.analysis is None:
                    summary.failed.append(Failure(_where(outcome.document), outcome.error or "unknown error"))
                    writer.bands.pop(outcome.document.id, None)
                    if index:
                        index.forget([outcome.document.id])
                else:
                    writer.add(outcome.analysis)
                    summary.new += 1
                    summary.words += len(outcome.document.text.split())
                    for name in summary.facts:
                        summary.facts[name] += len(getattr(outcome.analysis, name))
                summary.seconds = time.perf_counter() - started
                notify()
            writer.flush()
        finally:
            claims.release()
    summary.reading_done = True
    summary.seconds = time.perf_counter() - started
    notify()
    return summary


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP asked the ingest to stop. Raised where the main thread is, like Ctrl-C's
    KeyboardInterrupt (a write under way is rolled back), so the store keeps whole batches."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Stopped` while an ingest runs (signal handlers can only be set
    from the main thread; elsewhere the process's own handling stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


class _Claims:
    """This run's claims on the documents it analyses, so that ingests sharing a store split the
    work; a claim lasts until the run ends, or dies (then another run may take it over)."""

    def __init__(self, store: Store):
        self.store = store
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.store.start_run(self.owner)
        # Beats from its own thread: a document slower than the claim timeout keeps its claim.
        self.heartbeat = Heartbeat(store, self.owner, every=HEARTBEAT)
        self.heartbeat.start()

    def take(self, document_id: str) -> bool:
        return self.store.claim(document_id, self.owner)

    def release(self) -> None:
        self.heartbeat.stop()
        try:
            self.store.release(self.owner)
        except self.store.backend.errors:
            pass  # a claim left behind is taken over once this run is seen dead


def _where(document: Document) -> str:
    return f"{document.source_path or 'document'} ({document.title or document.id})"


class _Writer:
    """Collects analyses and writes them a batch per transaction."""

    def __init__(self, store: Store, size: int, index: _NearDuplicates | None):
        self.store, self.size, self.index = store, size, index
        self.analyses: list[Analysis] = []
        self.duplicates: list[tuple[Document, str]] = []
        self.bands: dict[str, list[str]] = {}  # of documents sent for analysis, written with them

    def add(self, analysis: Analysis) -> None:
        self.analyses.append(analysis)
        if len(self.analyses) + len(self.duplicates) >= self.size:
            self.flush()

    def duplicate(self, document: Document, original: str) -> None:
        self.duplicates.append((document, original))

    def flush(self) -> None:
        if not self.analyses and not self.duplicates:
            return
        written = {a.document.id for a in self.analyses}
        self.store.save_batch(self.analyses, self.duplicates,
                              {k: v for k, v in self.bands.items() if k in written})
        for key in written:
            self.bands.pop(key, None)
        if self.index:
            self.index.forget(written)
        self.analyses, self.duplicates = [], []


class _NearDuplicates:
    """MinHash bands of the store and of this run, to find copies before analysing them."""

    def __init__(self, store: Store):
        self.store = store
        self.signatures: dict[str, tuple[np.ndarray, list[str]]] = {}  # this run's documents in flight
        self.bands: dict[tuple[int, str], list[str]] = {}
        self._last: tuple[str, np.ndarray, list[str]] | None = None  # the document just checked

    def _signed(self, document: Document) -> tuple[np.ndarray, list[str]]:
        if self._last is None or self._last[0] != document.id:
            sig = signature(document.text)
            self._last = (document.id, sig, band_hashes(sig))
        return self._last[1], self._last[2]

    def copy_of(self, document: Document) -> str | None:
        sig, hashes = self._signed(document)
        candidates = [d for band, h in enumerate(hashes) for d in self.bands.get((band, h), ())]
        candidates += self.store.band_matches(hashes)
        for candidate in dict.fromkeys(candidates):
            other = self.signatures.get(candidate, (None,))[0]
            if other is None:
                text = self.store.document_text(candidate)
                other = signature(text) if text else None
            if other is not None and similarity(sig, other) >= NEAR_DUPLICATE:
                return candidate
        return None

    def forget(self, document_ids: Iterable[str]) -> None:
        """Stored documents are found through the store's bands; memory keeps only those in flight."""
        for key in document_ids:
            signed = self.signatures.pop(key, None)
            if signed is None:
                continue
            for band, h in enumerate(signed[1]):
                ids = self.bands.get((band, h), [])
                if key in ids:
                    ids.remove(key)
                if not ids:
                    self.bands.pop((band, h), None)

    def add(self, document: Document) -> list[str]:
        sig, hashes = self._signed(document)
        self.signatures[document.id] = (sig, hashes)
        for band, h in enumerate(hashes):
            self.bands.setdefault((band, h), []).append(document.id)
        return hashes
