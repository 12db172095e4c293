"""What /map and /network are drawn from, kept in memory instead of read from the store per request.

The app keeps a slim model of every stored document (its entities, relations and events, not its
text or claims) and, per store version, the maps and networks already drawn. When the store's
version changes (a document saved, by this app or by an ingest next to it), only the documents
saved since the last look are read again; a count that no longer matches (a document removed) reads
everything once more. Reading 2,000 documents per request took seconds; this reads each once.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from faultlines.model import Analysis, Entity, Span

RESULTS_KEPT = 64  # drawn maps and networks, by filters; the least recently used goes first


NO_TEXT = Span(0, 0, "")


def slim(analysis: Analysis, shared: dict[str, Entity]) -> Analysis:
    """What the map and the network use of a document's model: mentions only counted, events
    without their sentences, relations with theirs (the network's edges quote them); no text,
    claims or causes. An entity is one row of the store however many documents name it, so its
    copies (aliases, attributes) are shared through `shared`."""
    document = dataclasses.replace(analysis.document, text="")
    entities = []
    for e in analysis.entities:
        first = shared.setdefault(e.id, e)
        if first.aliases == e.aliases and first.attributes == e.attributes:
            e = dataclasses.replace(e, aliases=first.aliases, attributes=first.attributes)
        entities.append(dataclasses.replace(e, mentions=(NO_TEXT,) * len(e.mentions)))
    events = tuple(dataclasses.replace(e, evidence=NO_TEXT) for e in analysis.events)
    return Analysis(document, tuple(entities), analysis.relations, events)


class Views:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # requests run in a thread pool
        self._models: dict[str, Analysis] = {}
        self._entities: dict[str, Entity] = {}  # each entity's first copy, by id
        self._version: tuple[int, str | None] | None = None
        self._results: OrderedDict[tuple, Any] = OrderedDict()
        self.full_reads = 0  # for tests: how often everything was read
        self.documents_read = 0

    def analyses(self, store) -> tuple[tuple[int, str | None], list[Analysis]]:
        """The store's version and the slim model of each of its documents, brought up to date."""
        version = store.version()
        with self._lock:
            if version != self._version:
                self._refresh(store, version)
            return version, list(self._models.values())

    def _refresh(self, store, version: tuple[int, str | None]) -> None:
        seen = self._version[1] if self._version else None
        if seen is not None:
            # Saving replaces a document's rows with a new analyzed_at: read those at or after the last
            # seen (equal times are read again, harmlessly).
            changed = [r[0] for r in store.backend.execute(
                "SELECT id FROM documents WHERE analyzed_at >= ?", (seen,))]
            for document_id in changed:
                analysis = store.analysis(document_id)
                if analysis is not None:
                    self._models[document_id] = slim(analysis, self._entities)
            self.documents_read += len(changed)
        if seen is None or len(self._models) != version[0]:
            self._entities = {}
            self._models = {a.document.id: slim(a, self._entities) for a in store.analyses()}
            self.full_reads += 1
            self.documents_read += len(self._models)
        self._version = version
        self._results.clear()

    def cached(self, version: tuple[int, str | None], key: tuple, build: Callable[[], Any]) -> Any:
        """`build()`'s result, kept for this store version and key."""
        with self._lock:
            if version == self._version and key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = build()
        with self._lock:
            if version == self._version:
                self._results[key] = result
                while len(self._results) > RESULTS_KEPT:
                    self._results.popitem(last=False)
        return result
