"""Extract: the facts of each sentence — relations, events, claims and causal links.

Extractors are plain classes with `extract(view) -> list[record]`; they compute and never write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from faultlines.extract.causal import CausalExtractor
from faultlines.extract.claims import ClaimExtractor
from faultlines.extract.context import Attribution, SentenceView
from faultlines.extract.events import EventExtractor
from faultlines.extract.relations import RelationExtractor
from faultlines.model import CausalLink, Claim, Event, Relation
from faultlines.resolve import ResolvedDocument


@dataclass
class Extracted:
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    causal_links: list[CausalLink] = field(default_factory=list)


class Extractors:
    """Every extractor, loaded once (their lexicons are read from data files)."""

    def __init__(self) -> None:
        attribution = Attribution()
        self.relations = RelationExtractor(attribution)
        self.events = EventExtractor(attribution)
        self.claims = ClaimExtractor(attribution)
        self.causal = CausalExtractor(attribution)

    def extract(self, resolved: ResolvedDocument) -> Extracted:
        out = Extracted()
        for i in range(len(resolved.sentences)):
            view = SentenceView.of(resolved, i)
            out.relations.extend(self.relations.extract(view))
            out.events.extend(self.events.extract(view))
            out.claims.extend(self.claims.extract(view))
            out.causal_links.extend(self.causal.extract(view))
        return out
