"""An actor's dossier: what every stored document says about one actor, merged and dated.

    dossier = build_dossier(store.find_entity("ISIS-K"), store.analyses(involving="isis-k"), registry)
    rolled = read_dossier(store, store.find_entity("Islamic State"), registry, with_branches=True)

Each item keeps its evidence: the sentence, and the document it came from (see merge.py for dates).
A dossier rolled up with the actor's branches (its provinces, its affiliates listed under it in the
registry) keeps, on each item, which branch it is about (`Dossier.via`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from faultlines.model import ARMED_KINDS, Analysis, CausalLink, Entity, Event, Span

if TYPE_CHECKING:
    from faultlines.store import Store


@dataclass(frozen=True, slots=True)
class Presence:
    """A place where the actor is said to be, or to act."""

    place: Entity
    evidence: int
    documents: int
    latest: str | None
    quote: Span
    source: Source
    about: str = ""  # the actor (or, rolled up, the branch) said to be there

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
    about: str = ""  # the actor (or, rolled up, the branch) the link bears on

    def to_dict(self) -> dict[str, Any]:
        return {**self.fact.to_dict(), "date": self.date, "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class Dossier:
    actor: Entity
    parents: tuple[str, ...] = ()
    affiliates: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # registry actors that name this one as their parent
    leaders: tuple[Leader, ...] = ()
    strength: tuple[EstimateSeries, ...] = ()  # the actor's own
    presence: tuple[Presence, ...] = ()
    relations: tuple[RelationSummary, ...] = ()
    events: tuple[MergedEvent, ...] = ()
    outlook: tuple[Dated, ...] = ()
    sources: tuple[Source, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # entity id -> name, for every id above
    places: frozenset[str] = frozenset()  # ids above that are places
    since: str | None = None
    branches: tuple[str, ...] = ()  # rolled up with these; () is the actor alone
    branch_strength: tuple[tuple[str, tuple[EstimateSeries, ...]], ...] = ()  # (branch, its series)

    def name(self, entity_id: str | None) -> str:
        return self.names.get(entity_id or "", entity_id or "—")

    def via(self, item: RelationSummary | MergedEvent | Presence | Dated) -> tuple[str, ...]:
        """The branches an item of a roll-up is about; () for the actor's own (and when not rolled up)."""
        if not self.branches:
            return ()
        if isinstance(item, RelationSummary):
            ids: tuple[str, ...] = (item.source, item.target)
        elif isinstance(item, MergedEvent):
            ids = (*item.actors, *item.targets)
        else:
            ids = (item.about,)
        if self.actor.id in ids:
            return ()
        return tuple(dict.fromkeys(x for x in ids if x in self.branches))

    def strength_by_actor(self) -> list[tuple[tuple[str, ...], tuple[EstimateSeries, ...]]]:
        """(via, series): the actor's own estimates, then each branch's, never added together."""
        own = [((), self.strength)] if self.strength else []
        return own + [((branch,), found) for branch, found in self.branch_strength]

    def branches_seen(self) -> list[str]:
        """The branches of a roll-up that some item is about, in registry order."""
        items = (*self.relations, *self.events, *self.presence, *self.outlook)
        seen = {b for item in items for b in self.via(item)} | {b for b, _ in self.branch_strength}
        return [b for b in self.branches if b in seen]

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
        """The dossier as JSON data; rolled up, every item carries "via" (the branch ids it is
        about, [] for the actor's own) and "strength" lists the branches' series after its own."""
        a = self.actor
        via = lambda item: {"via": list(self.via(item))}  # noqa: E731
        return {
            "actor": {"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
                      "countries": a.attributes.get("countries", [])},
            "since": self.since,
            "branches": list(self.branches),
            "parents": list(self.parents), "affiliates": list(self.affiliates), "parts": list(self.parts),
            "leaders": [x.to_dict() for x in self.leaders],
            "strength": [{**s.to_dict(), "via": list(ids)} for ids, found in self.strength_by_actor() for s in found],
            "presence": [{**p.to_dict(), **via(p)} for p in self.presence],
            "relations": [{**r.to_dict(), **via(r)} for r in self.relations],
            "events": [{**e.to_dict(), **via(e)} for e in self.events],
            "outlook": [{**c.to_dict(), **via(c)} for c in self.outlook],
            "sources": [s.to_dict() for s in self.sources],
            "names": dict(self.names),
        }


def branches_of(registry: Registry, actor_id: str) -> tuple[str, ...]:
    """The actor's branches at every depth, as the registry lists them (the Islamic State: ISIS-K,
    ISWAP, ..., and the Maute group under its East Asia province), nearest first; a loop in the
    registry ends where it closes. A branch is a child that is an armed group or faction, or of
    its parent's own kind (a UN mission under the UN, an army under a government): a group's news
    agency or a ministry it runs is its organ, and what they report is not the group's doing."""
    found: dict[str, None] = {}
    todo = [actor_id]
    while todo:
        parent = todo.pop(0)
        kind = getattr(registry.get(parent), "kind", None)
        for child in registry.children(parent):
            if child.kind not in ARMED_KINDS and child.kind != kind:
                continue
            if child.id != actor_id and child.id not in found:
                found[child.id] = None
                todo.append(child.id)
    return tuple(found)


def analyses_naming(store: Store, actor_ids: Sequence[str]) -> Iterator[Analysis]:
    """The stored analyses of the documents naming any of the actors, each document once: those
    naming the first in batches, then the rest one by one (few, when the first is the parent)."""
    if not actor_ids:
        return
    yield from store.analyses(involving=actor_ids[0])
    seen = set(store.document_ids(actor_ids[0]))
    for actor_id in actor_ids[1:]:
        for document_id in store.document_ids(actor_id):
            if document_id not in seen and (analysis := store.analysis(document_id)) is not None:
                seen.add(document_id)
                yield analysis


def read_dossier(store: Store, actor: Entity, registry: Registry, since: str | None = None,
                 with_branches: bool = False) -> Dossier:
    """The actor's dossier from the store, rolled up with its branches if asked (the command line's
    --with-branches, the web page's ?branches=1)."""
    branches = branches_of(registry, actor.id) if with_branches else ()
    return build_dossier(actor, analyses_naming(store, (actor.id, *branches)), registry, since, branches)


def build_dossier(actor: Entity, analyses: Iterable[Analysis], registry: Registry | None = None,
                  since: str | None = None, branches: Sequence[str] = ()) -> Dossier:
    """The dossier of `actor` from stored analyses (those naming it suffice); facts dated before
    `since` (ISO, partial allowed) are left out.

    With `branches` (entity ids, see `branches_of`; the analyses must include those naming them)
    the dossier is rolled up: relations, events, presence and outlook items of the branches join
    the actor's, each keeping which branch it is about (`Dossier.via`). What merges and what does not:
    - a relation is merged per (type, source, target) as before, so "ISIS-K hostile Taliban" and
      "Islamic State hostile Taliban" stay two items; relations between the actor and its branches,
      or between two branches, are left out (the roll-up is not its own ally or parent);
    - reports of one event merge as `cluster_events` decides, whichever branch they name;
    - presence is counted per branch and place: ISIS-K and the actor in one province are two items;
    - estimates of strength stay per branch (`branch_strength`), never summed: figures for ISWAP and
      ISIS-K are from different sources and dates, and a sum would be no one's estimate;
    - the profile (aliases, parents, leaders) stays the actor's own; sources are every document used.
    """
    family = tuple(dict.fromkeys((actor.id, *branches)))
    found = _Found(actor, family, since)
    if registry is not None:
        for branch in family[1:]:
            if (entry := registry.get(branch)) is not None:
                found.names.setdefault(branch, entry.name)
                found.mentions.setdefault(branch, _pattern_of((entry.name, *entry.aliases)))
    for analysis in analyses:
        found.read(analysis)
    names, leaders = found.names, found.leaders
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
    summaries = [summarise(key, said) for key, said in found.relations.items()]
    strength = {who: tuple(series(attr, said) for (w, attr), said in sorted(found.estimates.items()) if w == who)
                for who in family}
    return Dossier(
        actor=actor,
        parents=entry.parents if entry else tuple(actor.attributes.get("parents", ())),
        affiliates=entry.affiliates if entry else (),
        parts=parts,
        leaders=tuple(sorted((_leader(p, said) for p, said in leaders.items()), key=lambda x: x.since or "")),
        strength=strength[actor.id],
        presence=tuple(sorted((_presence(found.places[p], said, who) for (who, p), said in found.presence.items()),
                              key=lambda p: (-p.evidence, p.place.name, p.about))),
        relations=tuple(sorted(summaries, key=lambda r: (r.denied, r.type, -r.documents, -r.statements,
                                                         names.get(_other(r, family), "")))),
        events=tuple(cluster_events(found.events)),
        outlook=tuple(found.outlook),
        sources=tuple(sorted(found.sources.values(), key=lambda s: (s.published or "", s.document_id))),
        names=names,
        places=frozenset(found.places),
        since=since,
        branches=family[1:],
        branch_strength=tuple((b, strength[b]) for b in family[1:] if strength[b]),
    )


class _Found:
    """What the analyses say about the actor (and its branches, rolled up), gathered document by
    document; `build_dossier` merges it."""

    def __init__(self, actor: Entity, family: tuple[str, ...], since: str | None):
        self.actor, self.family, self.members, self.since = actor, family, frozenset(family), since
        self.names: dict[str, str] = {actor.id: actor.name}
        self.mentions: dict[str, re.Pattern[str]] = {actor.id: _pattern_of((actor.name, *actor.aliases))}
        self.places: dict[str, Entity] = {}
        self.estimates: dict[tuple[str, str], list[Estimate]] = defaultdict(list)  # (about, attribute)
        self.relations: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
        self.presence: dict[tuple[str, str], list[tuple[Span, str | None, Source]]] = defaultdict(list)
        self.leaders: dict[str, list[tuple[str | None, str | None, Source | None]]] = defaultdict(list)
        self.events: list[tuple[str | None, Event, Source]] = []
        self.outlook: list[Dated] = []
        self.sources: dict[str, Source] = {}

    def read(self, analysis: Analysis) -> None:
        doc, source = analysis.document, Source.of(analysis.document)
        for e in analysis.entities:
            self.names.setdefault(e.id, e.name)
            if e.is_place:
                self.places.setdefault(e.id, e)
            elif e.id in self.members and e.id not in self.mentions:
                self.mentions[e.id] = _pattern_of((e.name, *e.aliases))
        used = [self._claims(analysis, source), self._relations(analysis, source),
                self._events(analysis, source), self._links(analysis, source)]
        if any(used) or self.since is None:
            self.sources[doc.id] = source

    def _claims(self, analysis: Analysis, source: Source) -> bool:
        used = False
        for c in analysis.claims:
            if c.subject in self.members and dated_since(date := fact_date(c.as_of, analysis.document), self.since):
                speaker = self.names.get(c.attributed_to, c.attributed_to) if c.attributed_to else None
                self.estimates[(c.subject, c.attribute)].append(estimate(c, date, speaker, source))
                used = True
        return used

    def _relations(self, analysis: Analysis, source: Source) -> bool:
        used = False
        for r in analysis.relations:
            inside = {r.source, r.target} & self.members
            if not inside or (len(self.family) > 1 and len(inside) == 2):
                continue  # not about the actor; or, rolled up, between the actor and its own branches
            if not dated_since(date := fact_date(r.time, analysis.document), self.since):
                continue
            used = True
            self.relations[(r.type, r.source, r.target)].append((r, date, source))
            if r.modality == "negated":
                continue
            if r.type == "located_in" and r.target in self.places and r.source in self.members:
                self.presence[(r.source, r.target)].append((r.evidence, date, source))
            elif r.type == "leads" and r.target == self.actor.id:
                self.leaders[r.source].append((r.time, None, source))
        return used

    def _events(self, analysis: Analysis, source: Source) -> bool:
        used = False
        for e in analysis.events:
            if not self.members & {*e.actors, *e.targets}:
                continue
            if not dated_since(date := fact_date(e.date, analysis.document), self.since):
                continue
            self.events.append((date, e, source))
            used = True
            doers = [x for x in e.actors if x in self.members]
            if e.place in self.places and doers and e.modality != "negated":
                who = self.actor.id if self.actor.id in doers else doers[0]
                self.presence[(who, e.place)].append((e.evidence, date, source))
        return used

    def _links(self, analysis: Analysis, source: Source) -> bool:
        used = False
        for link in analysis.causal_links:
            about = next((m for m in self.family if _bears_on(link, m, self.mentions.get(m))), None)
            if about is not None and dated_since(date := fact_date(None, analysis.document), self.since):
                self.outlook.append(Dated(link, date, source, about))
                used = True
        return used


def _leader(person: str, found: list[tuple[str | None, str | None, Source | None]]) -> Leader:
    since = min((s for s, _, _ in found if s), default=None)
    until = max((u for _, u, _ in found if u), default=None)
    sources = tuple(dict.fromkeys(src for _, _, src in found if src))
    return Leader(person, since, until, sources, any(src is None for _, _, src in found))


def _presence(place: Entity, found: list[tuple[Span, str | None, Source]], about: str) -> Presence:
    dates = [d for _, d, _ in found if d]
    quote, _, source = found[0]
    return Presence(place, len(found), len({s.document_id for _, _, s in found}), max(dates, default=None),
                    quote, source, about)


def _other(r: RelationSummary, family: tuple[str, ...]) -> str:
    """The end of a relation outside the actor and its branches."""
    return r.target if r.source in family else r.source


def _pattern_of(names: Iterable[str]) -> re.Pattern[str]:
    words = sorted({w for w in names if len(w) > 2}, key=len, reverse=True)
    # With no name long enough, a pattern that matches nothing (an empty alternation would match all).
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)" if words else r"(?!)")


def _bears_on(link: CausalLink, actor_id: str, mentions: re.Pattern[str] | None) -> bool:
    """A causal link bears on the actor when either side names it (by its id, or by a name of it
    when its names are known)."""
    return actor_id in (link.cause.entity, link.effect.entity) or bool(
        mentions and (mentions.search(link.cause.text) or mentions.search(link.effect.text)))
