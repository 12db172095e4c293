"""An actor's dossier: what every stored document says about one actor, merged and dated.

    dossier = build_dossier(store.find_entity("ISIS-K"), store.analyses(involving="isis-k"), registry)

Each item keeps its evidence: the sentence, and the document it came from (see merge.py for dates).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from faultlines.analyze.merge import (
    Estimate,
    EstimateSeries,
    MergedEvent,
    PairHistory,
    RelationSummary,
    Source,
    Statement,
    cluster_events,
    dated_since,
    estimate,
    fact_date,
    histories_of,
    series,
    summarise,
)
from faultlines.kb.registry import Registry
from faultlines.model import Analysis, CausalLink, Entity, Event, Span


@dataclass(frozen=True, slots=True)
class Presence:
    """A place where the actor is said to be, or to act."""

    place: Entity
    evidence: int
    documents: int
    latest: str | None
    quote: Span
    source: Source

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"place": p.id, "name": p.name, "admin_level": p.admin_level, "country": p.country,
                "lat": p.lat, "lon": p.lon, "evidence": self.evidence, "documents": self.documents,
                "latest": self.latest, "quote": self.quote.to_dict(), "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class Leader:
    """Who led the actor, and when: from the registry, or from a document."""

    person: str  # entity id
    since: str | None
    until: str | None
    sources: tuple[Source, ...] = ()
    in_registry: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "since": self.since, "until": self.until,
                "sources": [s.to_dict() for s in self.sources], "in_registry": self.in_registry}


@dataclass(frozen=True, slots=True)
class Dated:
    """A causal link with its date and source (the outlook's items)."""

    fact: CausalLink
    date: str | None
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {**self.fact.to_dict(), "date": self.date, "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class Dossier:
    actor: Entity
    parents: tuple[str, ...] = ()
    affiliates: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # registry actors that name this one as their parent
    leaders: tuple[Leader, ...] = ()
    strength: tuple[EstimateSeries, ...] = ()
    presence: tuple[Presence, ...] = ()
    relations: tuple[RelationSummary, ...] = ()
    events: tuple[MergedEvent, ...] = ()
    outlook: tuple[Dated, ...] = ()
    sources: tuple[Source, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # entity id -> name, for every id above
    places: frozenset[str] = frozenset()  # ids above that are places
    since: str | None = None

    def name(self, entity_id: str | None) -> str:
        return self.names.get(entity_id or "", entity_id or "—")

    def related(self) -> list[RelationSummary]:
        """Relations with other actors (places are under presence; denied ones last)."""
        return [r for r in self.relations if not (r.type == "located_in" and r.target in self.places)]

    def changes(self) -> list[PairHistory]:
        """Actors whose stance towards this one changed (allied, then hostile)."""
        return [h for h in histories_of(self.related()) if h.changed]

    def relations_by_type(self) -> dict[str, list[RelationSummary]]:
        grouped: dict[str, list[RelationSummary]] = defaultdict(list)
        for r in self.related():
            grouped[r.type].append(r)
        return dict(grouped)

    def to_dict(self) -> dict[str, Any]:
        a = self.actor
        return {
            "actor": {"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
                      "countries": a.attributes.get("countries", [])},
            "since": self.since,
            "parents": list(self.parents), "affiliates": list(self.affiliates), "parts": list(self.parts),
            "leaders": [x.to_dict() for x in self.leaders],
            "strength": [s.to_dict() for s in self.strength],
            "presence": [p.to_dict() for p in self.presence],
            "relations": [r.to_dict() for r in self.relations],
            "events": [e.to_dict() for e in self.events],
            "outlook": [c.to_dict() for c in self.outlook],
            "sources": [s.to_dict() for s in self.sources],
            "names": dict(self.names),
        }


def build_dossier(actor: Entity, analyses: Iterable[Analysis], registry: Registry | None = None,
                  since: str | None = None) -> Dossier:
    """The dossier of `actor` from stored analyses (those naming it suffice); facts dated before
    `since` (ISO, partial allowed) are left out."""
    names: dict[str, str] = {actor.id: actor.name}
    places: dict[str, Entity] = {}
    estimates: dict[str, list[Estimate]] = defaultdict(list)
    relations: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    presence: dict[str, list[tuple[Span, str | None, Source]]] = defaultdict(list)
    leaders: dict[str, list[tuple[str | None, str | None, Source | None]]] = defaultdict(list)
    events: list[tuple[str | None, Event, Source]] = []
    outlook: list[Dated] = []
    sources: dict[str, Source] = {}
    mentions = _mention_pattern(actor)

    for analysis in analyses:
        doc, source = analysis.document, Source.of(analysis.document)
        used = False
        for e in analysis.entities:
            names.setdefault(e.id, e.name)
            if e.is_place:
                places.setdefault(e.id, e)
        speaker = lambda who: names.get(who, who) if who else None  # noqa: E731
        for c in analysis.claims:
            if c.subject == actor.id and dated_since(date := fact_date(c.as_of, doc), since):
                estimates[c.attribute].append(estimate(c, date, speaker(c.attributed_to), source))
                used = True
        for r in analysis.relations:
            if actor.id not in (r.source, r.target) or not dated_since(date := fact_date(r.time, doc), since):
                continue
            used = True
            relations[(r.type, r.source, r.target)].append((r, date, source))
            if r.modality == "negated":
                continue
            if r.type == "located_in" and r.target in places:
                presence[r.target].append((r.evidence, date, source))
            elif r.type == "leads" and r.target == actor.id:
                leaders[r.source].append((r.time, None, source))
        for e in analysis.events:
            if actor.id in (*e.actors, *e.targets) and dated_since(date := fact_date(e.date, doc), since):
                events.append((date, e, source))
                used = True
                if e.place in places and actor.id in e.actors and e.modality != "negated":
                    presence[e.place].append((e.evidence, date, source))
        for link in analysis.causal_links:
            if _bears_on(link, actor.id, mentions) and dated_since(date := fact_date(None, doc), since):
                outlook.append(Dated(link, date, source))
                used = True
        if used or since is None:
            sources[doc.id] = source

    entry = registry.get(actor.id) if registry else None
    parts: tuple[str, ...] = ()
    if registry and entry:
        for person in registry.holders("leader", actor.id):
            for role in person.roles:
                if role.role == "leader" and role.of == actor.id:
                    leaders[person.id].append((role.since, role.until, None))
            names.setdefault(person.id, person.name)
        parts = tuple(sorted(a.id for a in registry.children(actor.id)))
        for ref in (*entry.parents, *entry.affiliates, *parts):
            if (known := registry.get(ref)) is not None:
                names.setdefault(ref, known.name)
    summaries = [summarise(key, found) for key, found in relations.items()]
    return Dossier(
        actor=actor,
        parents=entry.parents if entry else tuple(actor.attributes.get("parents", ())),
        affiliates=entry.affiliates if entry else (),
        parts=parts,
        leaders=tuple(sorted((_leader(p, found) for p, found in leaders.items()), key=lambda x: x.since or "")),
        strength=tuple(series(attr, found) for attr, found in sorted(estimates.items())),
        presence=tuple(sorted((_presence(places[p], found) for p, found in presence.items()),
                              key=lambda p: (-p.evidence, p.place.name))),
        relations=tuple(sorted(summaries, key=lambda r: (r.denied, r.type, -r.documents, -r.statements,
                                                         names.get(r.other(actor.id), "")))),
        events=tuple(cluster_events(events)),
        outlook=tuple(outlook),
        sources=tuple(sorted(sources.values(), key=lambda s: (s.published or "", s.document_id))),
        names=names,
        places=frozenset(places),
        since=since,
    )


def _leader(person: str, found: list[tuple[str | None, str | None, Source | None]]) -> Leader:
    since = min((s for s, _, _ in found if s), default=None)
    until = max((u for _, u, _ in found if u), default=None)
    sources = tuple(dict.fromkeys(src for _, _, src in found if src))
    return Leader(person, since, until, sources, any(src is None for _, _, src in found))


def _presence(place: Entity, found: list[tuple[Span, str | None, Source]]) -> Presence:
    dates = [d for _, d, _ in found if d]
    quote, _, source = found[0]
    return Presence(place, len(found), len({s.document_id for _, _, s in found}), max(dates, default=None),
                    quote, source)


def _mention_pattern(actor: Entity) -> re.Pattern[str]:
    words = sorted({actor.name, *actor.aliases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words if len(w) > 2) + r")(?!\w)")


def _bears_on(link: CausalLink, actor_id: str, mentions: re.Pattern[str]) -> bool:
    """A causal link bears on the actor when either side names it."""
    return actor_id in (link.cause.entity, link.effect.entity) or bool(
        mentions.search(link.cause.text) or mentions.search(link.effect.text))
