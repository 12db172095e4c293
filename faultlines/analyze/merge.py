"""Facts merged across documents: the source of each, their dates, relations seen many times.

A fact's date is its own (a claim's `as_of`, an event's `date`, a relation's `time`, the start of
an interval) where the text gives one, else the document's publication date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from faultlines.model import Analysis, Document, Relation, Span

# Which statement of a relation to quote: the plainest first, then the most confident.
_STRENGTH = {"asserted": 0, "reported": 1, "claimed": 1, "estimated": 1, "future": 2, "conditional": 2,
             "hedged": 3, "negated": 4}


@dataclass(frozen=True, slots=True)
class Source:
    """The document a fact was read from: its metadata, without the text."""

    document_id: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, doc: Document) -> Source:
        return cls(doc.id, doc.title, doc.publisher, doc.author, doc.published, doc.url)

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "title": self.title, "publisher": self.publisher,
                "author": self.author, "published": self.published, "url": self.url}


@dataclass(frozen=True, slots=True)
class RelationSummary:
    """Every statement of one relation (type, source, target) across the documents."""

    type: str
    source: str
    target: str
    first_seen: str | None
    last_seen: str | None
    documents: int
    statements: int
    modalities: tuple[str, ...]
    quote: Span  # the strongest statement
    quoted_in: Source

    @property
    def denied(self) -> bool:
        """Every statement of it denies it ("the Taliban denied any link to al-Qaeda")."""
        return set(self.modalities) == {"negated"}

    def other(self, entity_id: str) -> str:
        return self.target if self.source == entity_id else self.source

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "source": self.source, "target": self.target,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "documents": self.documents, "statements": self.statements,
                "modalities": list(self.modalities), "denied": self.denied,
                "quote": self.quote.to_dict(), "quoted_in": self.quoted_in.to_dict()}


def fact_date(own: str | None, doc: Document) -> str | None:
    if own:
        return own.split("/")[0]
    return doc.published


def on_or_after(date: str, since: str) -> bool:
    """Whether an ISO date (partial allowed) may fall on or after `since`: "2021" is kept for
    since "2021-06", as part of that year may be."""
    n = min(len(date), len(since))
    return date[:n] >= since[:n]


def dated_since(date: str | None, since: str | None) -> bool:
    """Whether a fact dated `date` passes a --since filter (undated facts do not)."""
    return since is None or (date is not None and on_or_after(date, since))


Statement = tuple[Relation, str | None, Source]  # a relation, its date, its document


def relation_statements(analyses: Iterable[Analysis], since: str | None = None,
                        involving: str | None = None) -> dict[tuple[str, str, str], list[Statement]]:
    """Relation statements grouped by (type, source, target)."""
    grouped: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for analysis in analyses:
        source = Source.of(analysis.document)
        for r in analysis.relations:
            if involving and involving not in (r.source, r.target):
                continue
            if dated_since(date := fact_date(r.time, analysis.document), since):
                grouped[(r.type, r.source, r.target)].append((r, date, source))
    return grouped


def summarise(key: tuple[str, str, str], statements: list[Statement]) -> RelationSummary:
    dates = sorted(d for _, d, _ in statements if d)
    best, _, quoted_in = min(statements, key=lambda x: (_STRENGTH.get(x[0].modality, 2), -x[0].confidence))
    return RelationSummary(*key, dates[0] if dates else None, dates[-1] if dates else None,
                           len({s.document_id for _, _, s in statements}), len(statements),
                           tuple(sorted({r.modality for r, _, _ in statements})), best.evidence, quoted_in)


def merge_relations(analyses: Iterable[Analysis], since: str | None = None) -> list[RelationSummary]:
    """Each relation once, with its first and last dates, documents and strongest quote."""
    return [summarise(key, found) for key, found in relation_statements(analyses, since).items()]
