"""Relations between actors, read from sentences by the patterns in `lexicons/relations.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import SLOT, Attribution, SentenceView, time_of
from faultlines.model import Relation
from faultlines.resolve import LinkedMention

EXTRACTOR = "relations.patterns.v1"
_SLOT = r"(?P<{name}>⟦\d+⟧)"
_GAP = r"(?:\S+ ){0,4}?"
_ORGANISATIONS = {"armed_group", "faction", "government", "political_party", "international_org", "state"}


_LISTED = re.compile(r"^(?:\s*(?:,|and|or|,\s*and|such as|including|especially|particularly|notably|like|"
                     r"\(|\)|[a-z]+)\s*){0,4}$")
_OPENS_LIST = re.compile(r"such as|including|especially|particularly|notably|like|,|\band\b|\bor\b|\(")


@dataclass(frozen=True)
class RelationPattern:
    type: str
    regex: re.Pattern[str]
    kinds: tuple[str, str]
    symmetric: bool
    spread: bool
    implicit_source: bool


def load_patterns() -> list[RelationPattern]:
    patterns = []
    for rtype, spec in load_yaml("lexicons/relations.yaml").items():
        for text in spec["patterns"]:
            regex = text.replace("{A}", _SLOT.format(name="a")).replace("{B}", _SLOT.format(name="b"))
            regex = regex.replace("{gap}", _GAP)
            patterns.append(RelationPattern(rtype, re.compile(regex, re.I), tuple(spec["kinds"]),
                                            bool(spec.get("symmetric")), bool(spec.get("spread")),
                                            "{A}" not in text))
    return patterns


def _fits(mention: LinkedMention, kind: str) -> bool:
    if kind == "actor":
        return mention.kind != "place"
    if kind == "person":
        return mention.kind == "person"
    if kind == "organisation":
        return mention.kind in _ORGANISATIONS
    if kind == "place":
        return mention.kind == "place"
    return mention.kind == kind


class RelationExtractor:
    """Finds the relations of DESIGN.md's vocabulary by the patterns of `lexicons/relations.yaml`."""

    def __init__(self, attribution: Attribution):
        self.patterns = load_patterns()
        self.attribution = attribution

    def extract(self, view: SentenceView) -> list[Relation]:
        if len(view.mentions) < 2:
            return []
        found: dict[tuple[str, str, str], Relation] = {}
        for pattern in self.patterns:
            for m in pattern.regex.finditer(view.masked):
                a = self._implicit_source(view, m.start()) if pattern.implicit_source else view.mention_at(m.group("a"))
                if a is None or not _fits(a, pattern.kinds[0]):
                    continue
                targets = [view.mention_at(m.group("b"))]
                if pattern.spread:
                    targets += self._listed_with(view, m.start("b"), m.end("b"))
                source = self.attribution.of(view, m.span())
                for b in targets:
                    if a.entity_id == b.entity_id or not _fits(b, pattern.kinds[1]):
                        continue
                    ends = sorted((a.entity_id, b.entity_id)) if pattern.symmetric else [a.entity_id, b.entity_id]
                    found.setdefault((pattern.type, ends[0], ends[1]), Relation(
                        type=pattern.type, source=a.entity_id, target=b.entity_id,
                        evidence=view.evidence, modality=source.modality, attributed_to=source.attributed_to,
                        time=time_of(view.text, view.published) if pattern.type != "hostile" else None,
                        confidence=0.7 if source.modality == "asserted" else 0.5, extractor=EXTRACTOR,
                    ))
        return list(found.values())

    def _implicit_source(self, view: SentenceView, at: int) -> LinkedMention | None:
        """The nearest actor named before `at`, not as a possessive ("Y's adherence")."""
        masked = view.masked
        before = [s for s in SLOT.finditer(masked, 0, at) if s.end() <= at]
        for slot in reversed(before):
            mention = view.mention_at(slot.group())
            if mention.kind != "place" and not re.match(r"(?:'s|’s)", masked[slot.end():]):
                return mention
        return None

    def _listed_with(self, view: SentenceView, start: int, end: int) -> list[LinkedMention]:
        """Names listed with the one at masked[start:end]: "in A, B and C", "A and B are"."""
        masked = view.masked
        slots = list(SLOT.finditer(masked))
        k = next(i for i, s in enumerate(slots) if s.start() == start)
        listed = []
        for step in (1, -1):
            i, edge = k, (end if step == 1 else start)
            while 0 <= i + step < len(slots):
                nxt = slots[i + step]
                gap = masked[edge:nxt.start()] if step == 1 else masked[nxt.end():edge]
                if not (_LISTED.match(gap) and _OPENS_LIST.search(gap)):
                    break
                listed.append(view.mention_at(nxt.group()))
                i, edge = i + step, (nxt.end() if step == 1 else nxt.start())
        return listed
