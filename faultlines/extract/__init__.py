"""Extract: the facts of each sentence — relations, events, claims and causal links.

Extractors are plain classes with `extract(view) -> list[record]`; they compute and never write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from faultlines.extract.causal import CausalExtractor
from faultlines.extract.claims import ClaimExtractor
from faultlines.extract.context import Attribution, SentenceView
from faultlines.extract.events import EventExtractor
from faultlines.extract.relation_classifier import RelationClassifier
from faultlines.extract.relations import RelationExtractor
from faultlines.model import CausalLink, Claim, Event, Relation
from faultlines.resolve import ResolvedDocument
from faultlines.resolve.nominal import NominalActors


@dataclass
class Extracted:
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    causal_links: list[CausalLink] = field(default_factory=list)


class Extractors:
    """Every extractor, loaded once (their lexicons are read from data files)."""

    def __init__(self, nominal: NominalActors | None = None) -> None:
        attribution = Attribution()
        self.relations = RelationExtractor(attribution, nominal, RelationClassifier.load())
        self.events = EventExtractor(attribution, nominal)
        self.claims = ClaimExtractor(attribution)
        self.causal = CausalExtractor(attribution)

    def extract(self, resolved: ResolvedDocument) -> Extracted:
        out = Extracted()
        sentences = resolved.sentences
        for i in range(len(sentences)):
            view = SentenceView.of(resolved, i, sentences)
            out.relations.extend(self.relations.extract(view))
            out.events.extend(self.events.extract(view))
            out.claims.extend(self.claims.extract(view))
            out.causal_links.extend(self.causal.extract(view))
        out.events = self.events.finish(out.events)
        _drop_unused_role_actors(resolved, out)
        return out


def _drop_unused_role_actors(resolved: ResolvedDocument, out: Extracted) -> None:
    """Actors made for a role (a nominal actor, a country's state) that no fact kept in the end."""
    used: set[str | None] = {r.source for r in out.relations} | {r.target for r in out.relations}
    for e in out.events:
        used |= {*e.actors, *e.targets, e.place, e.attributed_to}
    used |= {c.subject for c in out.claims} | {c.attributed_to for c in out.claims}
    used |= {x for link in out.causal_links for x in (link.cause.entity, link.effect.entity, link.attributed_to)}
    made = {eid for eid, e in resolved.entities.items()
            if {"of_place", "sector", "found_for_role"} & set(e.attributes)}
    unused = made - used  # (an actor the linker had found by name carries neither attribute)
    for eid in unused:
        del resolved.entities[eid]
    resolved.mentions[:] = [m for m in resolved.mentions if m.entity_id not in unused]
