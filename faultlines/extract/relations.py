"""Relations between actors, read from sentences by the patterns in `lexicons/relations.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import Attribution, SentenceView, time_of
from faultlines.model import Relation
from faultlines.resolve import LinkedMention

EXTRACTOR = "relations.patterns.v1"
_SLOT = r"(?P<{name}>⟦\d+⟧)"
_GAP = r"(?:\S+ ){0,4}?"
_ORGANISATIONS = {"armed_group", "faction", "government", "political_party", "international_org", "state"}


@dataclass(frozen=True)
class RelationPattern:
    type: str
    regex: re.Pattern[str]
    kinds: tuple[str, str]
    symmetric: bool


def load_patterns() -> list[RelationPattern]:
    patterns = []
    for rtype, spec in load_yaml("lexicons/relations.yaml").items():
        for text in spec["patterns"]:
            regex = text.replace("{A}", _SLOT.format(name="a")).replace("{B}", _SLOT.format(name="b"))
            regex = regex.replace("{gap}", _GAP)
            patterns.append(RelationPattern(rtype, re.compile(regex, re.I), tuple(spec["kinds"]),
                                            bool(spec.get("symmetric"))))
    return patterns


def _fits(mention: LinkedMention, kind: str) -> bool:
    if kind == "actor":
        return mention.kind != "place"
    if kind == "person":
        return mention.kind == "person"
    if kind == "organisation":
        return mention.kind in _ORGANISATIONS
    return mention.kind == kind


class RelationExtractor:
    """Finds hostile, leads and member_of relations (more types arrive with their patterns)."""

    def __init__(self, attribution: Attribution):
        self.patterns = load_patterns()
        self.attribution = attribution

    def extract(self, view: SentenceView) -> list[Relation]:
        if len(view.mentions) < 2:
            return []
        found: dict[tuple[str, str, str], Relation] = {}
        for pattern in self.patterns:
            for m in pattern.regex.finditer(view.masked):
                source = self.attribution.of(view, m.span())
                a, b = view.mention_at(m.group("a")), view.mention_at(m.group("b"))
                if a.entity_id == b.entity_id or not (_fits(a, pattern.kinds[0]) and _fits(b, pattern.kinds[1])):
                    continue
                ends = sorted((a.entity_id, b.entity_id)) if pattern.symmetric else [a.entity_id, b.entity_id]
                key = (pattern.type, ends[0], ends[1])
                found.setdefault(key, Relation(
                    type=pattern.type, source=a.entity_id, target=b.entity_id,
                    evidence=view.evidence, modality=source.modality, attributed_to=source.attributed_to,
                    time=time_of(view.text, view.published) if pattern.type != "hostile" else None,
                    confidence=0.7 if source.modality == "asserted" else 0.5, extractor=EXTRACTOR,
                ))
        return list(found.values())
