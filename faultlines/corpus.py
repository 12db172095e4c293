"""Corpus ingest: many files (or URLs) into one store, through an engine, crash-safe and resumable.

    summary = ingest(["reports/", "feeds/*.rss"], store, WorkerProcesses(2))

Sources are read one at a time; each document is checked against the store and this run (an
exact copy has the same id; a near-copy, such as a syndicated wire story, shares most MinHash
bands and is stored as a duplicate of the first, without facts, so it is not counted twice as
evidence). The rest go to the engine; their models are written in batches, one transaction per
batch, by this process alone. Killed at any moment, the store holds whole batches only, and a
second run skips what is stored and does the rest.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from faultlines.errors import FaultlinesError
from faultlines.ingest import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, is_url, read_documents, suffix_of
from faultlines.ingest.dedup import NEAR_DUPLICATE, band_hashes, signature, similarity
from faultlines.ingest.tabular import CsvLayout
from faultlines.model import Analysis, Document
from faultlines.store import Store

WRITE_BATCH = 32  # documents per transaction
SKIPPED_NAMES = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"}


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str
    whole_source: bool = False  # the file or URL could not be read at all, not one document of it

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


@dataclass
class IngestSummary:
    sources: int = 0
    read: int = 0  # documents read from the sources
    new: int = 0  # analysed and stored
    already_stored: int = 0  # exact copies of stored documents (a re-run finds its earlier work here)
    duplicate: int = 0  # exact copies of a document read earlier in this run
    near_duplicate: int = 0  # stored as copies of another document, without facts
    failed: list[Failure] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("entities", "relations", "events", "claims", "causal_links"), 0))
    words: int = 0  # words of the documents analysed
    seconds: float = 0.0
    reading_done: bool = False

    @property
    def done(self) -> int:
        """Documents dealt with so far, whatever became of them."""
        return self.new + self.already_stored + self.duplicate + self.near_duplicate + self.failed_documents

    @property
    def failed_documents(self) -> int:
        return sum(1 for f in self.failed if not f.whole_source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources, "documents_read": self.read, "new": self.new,
            "already_stored": self.already_stored, "duplicate": self.duplicate,
            "near_duplicate": self.near_duplicate, "failed": [f.to_dict() for f in self.failed],
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
           on_update: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    started = time.perf_counter()
    sources, failures = expand_sources(paths)
    summary = IngestSummary(sources=len(sources), failed=failures)
    index = _NearDuplicates(store) if near_duplicates else None
    writer = _Writer(store, batch, index)
    notify = (lambda: on_update(summary)) if on_update else (lambda: None)

    def to_analyse() -> Iterator[Document]:
        seen: set[str] = set()
        for source in sources:
            try:
                documents = read_documents(source, max_bytes, csv_layout=csv_layout)
            except FaultlinesError as exc:
                summary.failed.append(Failure(source, str(exc), whole_source=True))
                notify()
                continue
            summary.read += len(documents)
            known = store.known([d.id for d in documents])
            for document in documents:
                if document.id in known:
                    summary.already_stored += 1
                elif document.id in seen:
                    summary.duplicate += 1
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
    summary.reading_done = True
    summary.seconds = time.perf_counter() - started
    notify()
    return summary


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
