"""The model as a STIX 2.1 bundle (stix2 library), which OpenCTI, MISP and TAXII servers import.

- actors: armed groups and factions as threat-actor; states, governments, organisations,
  communities and persons as identity (data/lexicons/stix.yaml);
- places: location (coordinates where known, else the country);
- relations: relationship objects, with the evidence as description and our type kept;
- events: incident objects, attributed to their actors, with their targets and place;
- claims (numbers) and causal links: note objects on what they are about, with their source;
- documents: report objects referring to everything read from them.
Ids are UUIDv5 of faultlines' own ids, so exporting the same store twice gives the same objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faultlines.data import load_yaml
from faultlines.dates import first_day
from faultlines.errors import ExportError
from faultlines.export.atomic import write_text_atomically
from faultlines.export.report import quantity
from faultlines.model import Analysis, Entity

NAMESPACE = uuid.UUID("5d3c2a8e-6f57-4c4e-9f0b-2b1f6a7c9e11")  # faultlines' own; never change it


def stix_id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def bundle(analyses: Iterable[Analysis]):
    """A stix2.Bundle of the model."""
    try:
        import stix2
    except ImportError as exc:
        raise ExportError("STIX export needs stix2: pip install 'faultlines[export]'") from exc
    rules = load_yaml("lexicons/stix.yaml")
    now = datetime.now(UTC)
    author = stix2.Identity(id=stix_id("identity", "faultlines"), name="faultlines", identity_class="system",
                            created=now, modified=now)
    common = {"created_by_ref": author.id, "created": now, "modified": now, "allow_custom": True}
    objects: dict[str, Any] = {author.id: author}
    made: dict[str, Any] = {}  # entity id -> its STIX object, made once for the whole bundle
    for a in analyses:
        refs: list[str] = []
        sdo: dict[str, str] = {}  # entity id -> STIX id, for this document
        for e in a.entities:
            if e.id not in made:
                made[e.id] = _entity_object(stix2, e, rules, common)
            if (obj := made[e.id]) is None:
                continue
            objects[obj.id] = obj
            sdo[e.id] = obj.id
            refs.append(obj.id)
        doc_key = a.document.id
        for i, r in enumerate(a.relations):
            if r.source not in sdo or r.target not in sdo or r.modality == "negated":
                continue
            rel = stix2.Relationship(
                id=stix_id("relationship", f"{doc_key}:relation:{i}"), source_ref=sdo[r.source],
                target_ref=sdo[r.target], relationship_type=rules["relationships"][r.type],
                description=_quote(r.evidence.text), confidence=round(r.confidence * 100),
                x_faultlines_type=r.type, x_faultlines_modality=r.modality, **common)
            objects[rel.id] = rel
            refs.append(rel.id)
        for i, ev in enumerate(a.events):
            incident = stix2.Incident(
                id=stix_id("incident", f"{doc_key}:event:{i}"), name=_event_name(ev, a),
                description=_quote(ev.evidence.text), x_faultlines_type=ev.type, x_faultlines_mode=ev.mode,
                x_faultlines_date=ev.date, x_faultlines_fatalities=ev.fatalities,
                x_faultlines_modality=ev.modality, **common)
            objects[incident.id] = incident
            refs.append(incident.id)
            links = [("attributed-to", x) for x in ev.actors] + [("targets", x) for x in ev.targets]
            if ev.place:
                links.append(("located-at", ev.place))
            for rel_type, target in links:
                if target in sdo:
                    rel = stix2.Relationship(
                        id=stix_id("relationship", f"{doc_key}:event:{i}:{rel_type}:{target}"),
                        source_ref=incident.id, target_ref=sdo[target], relationship_type=rel_type, **common)
                    objects[rel.id] = rel
                    refs.append(rel.id)
        for i, c in enumerate(a.claims):
            about = [sdo[c.subject]] if c.subject in sdo else []
            if not about:
                continue
            who = a.entity(c.attributed_to).name if a.entity(c.attributed_to) else c.attributed_to
            note = stix2.Note(
                id=stix_id("note", f"{doc_key}:claim:{i}"),
                abstract=f"{_name(a, c.subject)}: {c.attribute} {quantity(c.value)}"
                         f"{' as of ' + c.as_of if c.as_of else ''}",
                content=_quote(c.evidence.text), authors=[who] if who else None, object_refs=about,
                x_faultlines_attribute=c.attribute, x_faultlines_low=c.value.low, x_faultlines_high=c.value.high,
                x_faultlines_modality=c.modality, **common)
            objects[note.id] = note
            refs.append(note.id)
        for i, link in enumerate(a.causal_links):
            about = list(dict.fromkeys(sdo[x] for x in (link.cause.entity, link.effect.entity) if x in sdo))
            if not about:
                continue
            note = stix2.Note(
                id=stix_id("note", f"{doc_key}:causal:{i}"),
                abstract=f"{link.cause.text} {'raises' if link.sign == '+' else 'lowers'} {link.effect.text}",
                content=_quote(link.evidence.text), object_refs=about, x_faultlines_sign=link.sign,
                x_faultlines_modality=link.modality, **common)
            objects[note.id] = note
            refs.append(note.id)
        if refs:
            report = stix2.Report(
                id=stix_id("report", doc_key), name=a.document.title or f"document {doc_key}",
                published=_timestamp(a.document.published) or now, object_refs=list(dict.fromkeys(refs)),
                report_types=["threat-report"],
                external_references=[{"source_name": a.document.publisher or "source", "url": a.document.url}]
                if a.document.url else None,
                x_faultlines_document_id=doc_key, **common)
            objects[report.id] = report
    return stix2.Bundle(objects=list(objects.values()), allow_custom=True)


def write_stix(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    write_text_atomically(out, bundle(analyses).serialize(pretty=True))
    return [out]


def _entity_object(stix2, e: Entity, rules: dict[str, Any], common: dict[str, Any]):
    if e.is_place:
        place: dict[str, Any] = {"name": e.name, "x_faultlines_id": e.id, "x_faultlines_admin_level": e.admin_level}
        if e.lat is not None and e.lon is not None:
            place.update(latitude=e.lat, longitude=e.lon)
        if e.country:
            place["country"] = e.country
        if "latitude" not in place and "country" not in place:
            return None  # STIX needs coordinates, a country or a region
        return stix2.Location(id=stix_id("location", e.id), **place, **common)
    rule = dict(rules["objects"].get(e.kind) or {"type": "identity", "identity_class": "unknown"})
    kind = rule.pop("type")
    fields = {"name": e.name, "x_faultlines_id": e.id, "x_faultlines_kind": e.kind, **rule}
    aliases = [x for x in e.aliases if x != e.name]
    if kind == "threat-actor":
        return stix2.ThreatActor(id=stix_id(kind, e.id), aliases=aliases or None, **fields, **common)
    return stix2.Identity(id=stix_id(kind, e.id), **fields, **common)


def _name(a: Analysis, entity_id: str | None) -> str:
    e = a.entity(entity_id)
    return e.name if e else (entity_id or "unknown")


def _event_name(ev, a: Analysis) -> str:
    who = ", ".join(_name(a, x) for x in ev.actors) or "unknown actor"
    where = f" at {_name(a, ev.place)}" if ev.place else ""
    return f"{ev.type}{'/' + ev.mode if ev.mode else ''}: {who}{where}{' on ' + ev.date if ev.date else ''}"


def _quote(text: str) -> str:
    return "“" + " ".join(text.split()) + "”"


def _timestamp(iso: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(first_day(iso) or "").replace(tzinfo=UTC)
    except ValueError:
        return None


def validate(path: Path) -> list[str]:
    """Errors stix2-validator finds in a bundle file (empty: valid)."""
    from stix2validator import ValidationOptions, validate_string

    result = validate_string(path.read_text(encoding="utf-8"), ValidationOptions(version="2.1"))
    return [] if result.is_valid else [str(e) for e in result.errors]
