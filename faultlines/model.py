"""The record types of the conflict model, defined once, and their JSON contract (DESIGN.md).

Every stage exchanges these records; `to_dict` methods produce exactly the field names of the
output contract, and `Analysis.from_dict` reads them back (the store and tests use it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_KINDS = (
    "armed_group", "faction", "state", "government", "political_party",
    "international_org", "organisation", "person", "community", "place",
)  # "organisation": any other body (a board, an agency of unknown standing, a company, media)
ARMED_KINDS = ("armed_group", "faction")
ADMIN_LEVELS = ("country", "admin1", "admin2", "city", "region")
RELATION_TYPES = (
    "hostile", "allied", "rival", "member_of", "leads", "split_from", "recruits_from",
    "supports", "negotiates", "located_in", "same_as", "attribute_of",
)
EVENT_TYPES = (
    "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
    "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault",
    "founding", "leadership_change", "defection", "merger", "split", "prison_break",
    "claim_of_responsibility",
)
MODALITIES = (
    "asserted", "reported", "claimed", "estimated", "hedged", "negated", "conditional", "future",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the cleaned document text: the evidence for a fact, or a mention."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), d["text"])


Evidence = Span  # the sentence (or clause) a fact was read from
Mention = Span  # one place in the text where an entity is named


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document and its metadata; `id` is the hash of `text`."""

    id: str
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO 8601 date, partial allowed
    url: str | None = None
    language: str | None = "en"
    source_path: str | None = None  # where it was read from; not part of the contract

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "author": self.author,
            "publisher": self.publisher, "published": self.published, "url": self.url,
            "language": self.language, "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=d["id"], text=d["text"], title=d.get("title"), author=d.get("author"),
            publisher=d.get("publisher"), published=d.get("published"), url=d.get("url"),
            language=d.get("language"),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or a place, with the mentions that name it in one document."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    country: str | None = None
    admin_level: str | None = None
    lat: float | None = None
    lon: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def is_place(self) -> bool:
        return self.kind == "place"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions], "country": self.country,
            "admin_level": self.admin_level, "lat": self.lat, "lon": self.lon,
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"], name=d["name"], kind=d["kind"], aliases=tuple(d.get("aliases") or ()),
            mentions=tuple(Span.from_dict(m) for m in d.get("mentions") or ()),
            country=d.get("country"), admin_level=d.get("admin_level"),
            lat=d.get("lat"), lon=d.get("lon"), attributes=dict(d.get("attributes") or {}),
        )


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two entities, as one sentence states it."""

    type: str
    source: str
    target: str
    evidence: Evidence
    modality: str = "asserted"
    attributed_to: str | None = None
    time: str | None = None
    confidence: float = 0.5
    extractor: str = ""  # which rule produced it, e.g. "relations.patterns.v1"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "source": self.source, "target": self.target,
            "modality": self.modality, "attributed_to": self.attributed_to, "time": self.time,
            "confidence": self.confidence, "evidence": self.evidence.to_dict(),
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Relation:
        return cls(
            type=d["type"], source=d["source"], target=d["target"],
            evidence=Span.from_dict(d["evidence"]), modality=d.get("modality", "asserted"),
            attributed_to=d.get("attributed_to"), time=d.get("time"),
            confidence=d.get("confidence", 0.5), extractor=d.get("extractor", ""),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is said to be going to), in PLOVER or organisational terms."""

    type: str
    evidence: Evidence
    mode: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    place: str | None = None
    date: str | None = None
    fatalities: int | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    acled_type: str | None = None
    extractor: str = ""
    acled_subtype: str | None = None
    injured: int | None = None
    abducted: int | None = None
    arrested: int | None = None
    date_source: str | None = None  # "text" when the sentence dates it, "published" when only the document does
    trigger: str | None = None  # the word the event was read from

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode, "actors": list(self.actors),
            "targets": list(self.targets), "place": self.place, "date": self.date,
            "fatalities": self.fatalities, "modality": self.modality,
            "attributed_to": self.attributed_to, "confidence": self.confidence,
            "evidence": self.evidence.to_dict(), "acled_type": self.acled_type,
            "acled_subtype": self.acled_subtype, "injured": self.injured, "abducted": self.abducted,
            "arrested": self.arrested, "date_source": self.date_source, "trigger": self.trigger,
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            type=d["type"], evidence=Span.from_dict(d["evidence"]), mode=d.get("mode"),
            actors=tuple(d.get("actors") or ()), targets=tuple(d.get("targets") or ()),
            place=d.get("place"), date=d.get("date"), fatalities=d.get("fatalities"),
            modality=d.get("modality", "asserted"), attributed_to=d.get("attributed_to"),
            confidence=d.get("confidence", 0.5), acled_type=d.get("acled_type"),
            extractor=d.get("extractor", ""), acled_subtype=d.get("acled_subtype"),
            injured=d.get("injured"), abducted=d.get("abducted"), arrested=d.get("arrested"),
            date_source=d.get("date_source"), trigger=d.get("trigger"),
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the text gives it: a range, and whether it is approximate."""

    low: float | None
    high: float | None
    approx: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"low": _plain(self.low), "high": _plain(self.high), "approx": self.approx}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(d.get("low"), d.get("high"), bool(d.get("approx")))


@dataclass(frozen=True, slots=True)
class Claim:
    """A number about an actor (fighters, attacks, arrests...), with who said it and when."""

    subject: str | None
    attribute: str
    value: Quantity
    evidence: Evidence
    unit: str | None = None
    as_of: str | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    extractor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "attribute": self.attribute, "value": self.value.to_dict(),
            "unit": self.unit, "as_of": self.as_of, "modality": self.modality,
            "attributed_to": self.attributed_to, "confidence": self.confidence,
            "evidence": self.evidence.to_dict(), "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(
            subject=d.get("subject"), attribute=d["attribute"],
            value=Quantity.from_dict(d["value"]), evidence=Span.from_dict(d["evidence"]),
            unit=d.get("unit"), as_of=d.get("as_of"), modality=d.get("modality", "asserted"),
            attributed_to=d.get("attributed_to"), confidence=d.get("confidence", 0.5),
            extractor=d.get("extractor", ""),
        )


@dataclass(frozen=True, slots=True)
class Factor:
    """One side of a causal link: a short phrase, and the entity it names if any."""

    text: str
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "entity": self.entity}


@dataclass(frozen=True, slots=True)
class CausalLink:
    """A statement that one factor raises (+) or lowers (-) another: the outlook."""

    cause: Factor
    effect: Factor
    sign: str
    evidence: Evidence
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    extractor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause.to_dict(), "effect": self.effect.to_dict(), "sign": self.sign,
            "modality": self.modality, "attributed_to": self.attributed_to,
            "confidence": self.confidence, "evidence": self.evidence.to_dict(),
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CausalLink:
        return cls(
            cause=Factor(**d["cause"]), effect=Factor(**d["effect"]), sign=d["sign"],
            evidence=Span.from_dict(d["evidence"]), modality=d.get("modality", "asserted"),
            attributed_to=d.get("attributed_to"), confidence=d.get("confidence", 0.5),
            extractor=d.get("extractor", ""),
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """The model of one document: the object `faultlines analyze --format json` prints."""

    document: Document
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    causal_links: tuple[CausalLink, ...] = ()
    # Entities by id, for `entity()`: exports and merges look an entity up per fact.
    _by_id: dict[str, Entity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in reversed(self.entities)})

    def entity(self, entity_id: str | None) -> Entity | None:
        return self._by_id.get(entity_id) if entity_id is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
            "causal_links": [c.to_dict() for c in self.causal_links],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        return cls(
            document=Document.from_dict(d["document"]),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            relations=tuple(Relation.from_dict(r) for r in d.get("relations", ())),
            events=tuple(Event.from_dict(e) for e in d.get("events", ())),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims", ())),
            causal_links=tuple(CausalLink.from_dict(c) for c in d.get("causal_links", ())),
        )


def _plain(x: float | None) -> float | int | None:
    """Whole numbers print as integers (4000, not 4000.0)."""
    if x is not None and float(x).is_integer():
        return int(x)
    return x
