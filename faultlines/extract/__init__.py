"""Extract: the facts of each sentence — relations, claims (and later events and causal links).

Extractors are plain classes with `extract(view) -> list[record]`; they compute and never write.
"""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.extract.claims import ClaimExtractor
from faultlines.extract.context import Attribution, SentenceView
from faultlines.extract.relations import RelationExtractor
from faultlines.model import Claim, Relation
from faultlines.resolve import ResolvedDocument


@dataclass
class Extracted:
    relations: list[Relation]
    claims: list[Claim]


class Extractors:
    """Every extractor, loaded once (their lexicons are read from data files)."""

    def __init__(self) -> None:
        attribution = Attribution()
        self.relations = RelationExtractor(attribution)
        self.claims = ClaimExtractor(attribution)

    def extract(self, resolved: ResolvedDocument) -> Extracted:
        out = Extracted([], [])
        for i in range(len(resolved.sentences)):
            view = SentenceView.of(resolved, i)
            out.relations.extend(self.relations.extract(view))
            out.claims.extend(self.claims.extract(view))
        return out
