"""Facts merged across documents: their sources and dates; estimates over time and where they
contradict; relations seen many times and how they changed; one event reported by several sources.

A fact's date is its own (a claim's `as_of`, an event's `date`, a relation's `time`, the start of
an interval) where the text gives one, else the document's publication date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from faultlines.model import Analysis, Claim, Document, Event, Quantity, Relation, Span

# How far apart two estimates' dates may be and still describe "the same time": the common prefix
# of their ISO dates, up to the month ("2021" and "2021-06" agree; "2021-05" and "2021-06" do not).
SAME_TIME_PRECISION = 7
APPROX_SLACK = 0.1  # "about 4,000" stretches 10% each way before it contradicts another estimate


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


@dataclass(frozen=True, slots=True)
class Estimate:
    """One number about the actor, with who gave it, for when, and where it was read."""

    attribute: str
    value: Quantity
    unit: str | None
    date: str | None
    modality: str
    attributed_to: str | None  # a name, or the speaker's words
    evidence: Span
    source: Source

    def bounds(self) -> tuple[float, float]:
        low = self.value.low if self.value.low is not None else 0.0
        high = self.value.high if self.value.high is not None else float("inf")
        slack = APPROX_SLACK if self.value.approx else 0.0
        return low * (1 - slack), high * (1 + slack)

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "value": self.value.to_dict(), "unit": self.unit,
                "date": self.date, "modality": self.modality, "attributed_to": self.attributed_to,
                "evidence": self.evidence.to_dict(), "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class EstimateSeries:
    """Every estimate of one attribute (fighters, attacks, ...), oldest first, with their spread
    and the pairs that contradict each other (same time, different sources, ranges apart)."""

    attribute: str
    estimates: tuple[Estimate, ...]
    low: float | None
    high: float | None
    contradictions: tuple[tuple[Estimate, Estimate], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "estimates": [e.to_dict() for e in self.estimates],
                "spread": Quantity(self.low, self.high).to_dict(),
                "contradictions": [[a.to_dict(), b.to_dict()] for a, b in self.contradictions]}


def same_time(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    n = min(len(a), len(b), SAME_TIME_PRECISION)
    return a[:n] == b[:n]


def estimate(c: Claim, date: str | None, speaker: str | None, source: Source) -> Estimate:
    return Estimate(c.attribute, c.value, c.unit, date, c.modality, speaker, c.evidence, source)


def series(attribute: str, found: list[Estimate]) -> EstimateSeries:
    found = sorted(found, key=lambda e: (e.date or "", e.source.document_id, e.evidence.start))
    lows = [e.value.low for e in found if e.value.low is not None]
    highs = [e.value.high for e in found if e.value.high is not None]
    contradictions = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.unit != b.unit or not same_time(a.date, b.date):
                continue
            if a.source == b.source and a.attributed_to == b.attributed_to:
                continue  # one voice giving two numbers is a range, not a dispute
            (a_low, a_high), (b_low, b_high) = a.bounds(), b.bounds()
            if a_high < b_low or b_high < a_low:
                contradictions.append((a, b))
    return EstimateSeries(attribute, tuple(found), min(lows, default=None), max(highs, default=None),
                          tuple(contradictions))


def merge_estimates(analyses: Iterable[Analysis], since: str | None = None) -> list[tuple[str | None, EstimateSeries]]:
    """For each subject and attribute (ISIS-K fighters), its estimates over time, their spread and
    contradictions; the subject's name is the speaker's table key, its id here."""
    found: dict[tuple[str | None, str], list[Estimate]] = defaultdict(list)
    for analysis in analyses:
        source = Source.of(analysis.document)
        for c in analysis.claims:
            if dated_since(date := fact_date(c.as_of, analysis.document), since):
                speaker = analysis.entity(c.attributed_to)
                who = speaker.name if speaker else c.attributed_to
                found[(c.subject, c.attribute)].append(estimate(c, date, who, source))
    return [(subject, series(attribute, estimates)) for (subject, attribute), estimates in
            sorted(found.items(), key=lambda x: (x[0][0] or "", x[0][1]))]


EVENT_WINDOW_DAYS = 3  # reports of one event may date it a few days apart


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One event as several documents report it: the first report's roles, every report's source."""

    type: str
    mode: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    place: str | None
    date: str | None
    fatalities: tuple[int, ...]  # as each report gives them (ACLED keeps the lowest)
    reports: tuple[tuple[Event, Source], ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(s for _, s in self.reports))

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "actors": list(self.actors), "targets": list(self.targets),
                "place": self.place, "date": self.date, "fatalities": list(self.fatalities),
                "reports": [{**e.to_dict(), "source": s.to_dict()} for e, s in self.reports]}


def merge_events(analyses: Iterable[Analysis], since: str | None = None,
                 keep: Callable[[Event], bool] = lambda e: True) -> list[MergedEvent]:
    """Events, with the reports of one event merged: same type and mode, an actor in common (or
    none named in either), the same place (or none given in one), dates within a few days."""
    reports = []
    for analysis in analyses:
        source = Source.of(analysis.document)
        for e in analysis.events:
            if keep(e) and dated_since(date := fact_date(e.date, analysis.document), since):
                reports.append((date, e, source))
    return cluster_events(reports)


def cluster_events(reports: list[tuple[str | None, Event, Source]]) -> list[MergedEvent]:
    """(date, event, source) reports grouped into events, in date order. Two reports in one document
    stay apart: a document that tells of two attacks means two."""
    reports = sorted(reports, key=lambda r: (r[0] or "9999", r[2].document_id, r[1].evidence.start))
    reports.sort(key=lambda r: (r[0] or "9999", r[2].document_id, r[1].evidence.start))
    clusters: list[list[tuple[str | None, Event, Source]]] = []
    for report in reports:
        home = next((c for c in clusters if _same_event(c[0], report) and
                     all(r[2].document_id != report[2].document_id or r[1] == report[1] for r in c)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
    out = []
    for cluster in clusters:
        date, first, _ = cluster[0]
        out.append(MergedEvent(
            first.type, first.mode, first.actors, first.targets,
            first.place or next((e.place for _, e, _ in cluster if e.place), None), date,
            tuple(e.fatalities for _, e, _ in cluster if e.fatalities is not None),
            tuple((e, s) for _, e, s in cluster)))
    return out


def _same_event(a: tuple[str | None, Event, Source], b: tuple[str | None, Event, Source]) -> bool:
    (date_a, ea, _), (date_b, eb, _) = a, b
    if (ea.type, ea.mode) != (eb.type, eb.mode):
        return False
    if (ea.actors or eb.actors) and not set(ea.actors) & set(eb.actors):
        return False
    if ea.place and eb.place and ea.place != eb.place:
        return False
    return _days_apart(date_a, date_b) <= EVENT_WINDOW_DAYS


def _days_apart(a: str | None, b: str | None) -> float:
    """Days between two dates; partial dates ("2024-05") only match dates they contain."""
    from datetime import date

    if not a or not b:
        return float("inf")
    if len(a) < 10 or len(b) < 10:
        n = min(len(a), len(b))
        return 0 if a[:n] == b[:n] and len(a) == len(b) else float("inf")
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return float("inf")


# Relation types that say how two actors stand towards each other; a pair moving between them
# (allied, then hostile) is a change an analyst wants to see.
STANCES = ("allied", "supports", "negotiates", "rival", "hostile")


@dataclass(frozen=True, slots=True)
class PairHistory:
    """How two actors stood towards each other over time, in the order first seen."""

    a: str
    b: str
    periods: tuple[RelationSummary, ...]

    @property
    def changed(self) -> bool:
        return len({p.type for p in self.periods}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "changed": self.changed, "periods": [p.to_dict() for p in self.periods]}


def relation_histories(analyses: Iterable[Analysis], since: str | None = None) -> list[PairHistory]:
    """For each pair of actors with stance relations (either direction), the stances by first date."""
    return histories_of(merge_relations(analyses, since))


def histories_of(summaries: Iterable[RelationSummary]) -> list[PairHistory]:
    pairs: dict[tuple[str, str], list[RelationSummary]] = defaultdict(list)
    for summary in summaries:
        if summary.type in STANCES and not summary.denied:
            pairs[tuple(sorted((summary.source, summary.target)))].append(summary)  # type: ignore[index]
    return [PairHistory(a, b, tuple(sorted(found, key=lambda s: (s.first_seen or "", s.type))))
            for (a, b), found in sorted(pairs.items())]
