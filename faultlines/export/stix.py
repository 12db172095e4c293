"""The model as a STIX 2.1 bundle (stix2 library), which OpenCTI, MISP and TAXII servers import.

- actors: armed groups and factions as threat-actor; states, governments, organisations,
  communities and persons as identity (data/lexicons/stix.yaml); generic nominal actors
  ("foreign groups", ids `generic:...`) are left out: they name no one an analyst could track;
- places: location (coordinates where known, else the country);
- relations: relationship objects, with the evidence as description and our type kept;
- events: incident objects, attributed to their actors, with their targets and place;
- claims (numbers) and causal links: note objects on what they are about, with their source;
- documents: report objects referring to everything read from them.
Ids are derived from faultlines' own ids (a UUIDv5 marked as version 4, the form STIX asks for), so
exporting the same store twice gives the same objects. faultlines' own properties (its ids, types,
modalities) sit in one property extension, defined in the bundle, so the bundle passes
stix2-validator in strict mode; a relationship type the STIX 2.1 spec does not suggest for its two
objects becomes `related-to` (stix.yaml, `suggested`), with our exact type in the extension.
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
    # STIX wants UUIDv4 for objects other than cyber observables; a v5 hash with its version bits set
    # to 4 stays deterministic, so re-exports update objects instead of duplicating them.
    return f"{kind}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, key).bytes, version=4)}"


EXTENSION = stix_id("extension-definition", "faultlines-properties")


def _ours(**values: Any) -> dict[str, Any]:
    """faultlines' own properties of an object, as its property extension (None values left out)."""
    kept = {k: v for k, v in values.items() if v is not None}
    return {"extensions": {EXTENSION: {"extension_type": "property-extension", **kept}}} if kept else {}


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
    common = {"created_by_ref": author.id, "created": now, "modified": now}
    extension = stix2.ExtensionDefinition(
        id=EXTENSION, name="faultlines properties", version="1.0", extension_types=["property-extension"],
        description="faultlines' own fields of the objects it exports: its ids, types, modalities and numbers.",
        schema="Properties named as faultlines' JSON output contract: id, kind, type, mode, modality, date, "
               "fatalities, attribute, low, high, sign, admin_level, role, document_id, url.", **common)
    objects: dict[str, Any] = {author.id: author, extension.id: extension}
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
            source, target = sdo[r.source], sdo[r.target]
            rel = stix2.Relationship(
                id=stix_id("relationship", f"{doc_key}:relation:{i}"), source_ref=source, target_ref=target,
                relationship_type=_relationship_type(rules, rules["relationships"][r.type], source, target),
                description=_quote(r.evidence.text), confidence=round(r.confidence * 100),
                **_ours(type=r.type, modality=r.modality), **common)
            objects[rel.id] = rel
            refs.append(rel.id)
        for i, ev in enumerate(a.events):
            incident = stix2.Incident(
                id=stix_id("incident", f"{doc_key}:event:{i}"), name=_event_name(ev, a),
                description=_quote(ev.evidence.text),
                **_ours(type=ev.type, mode=ev.mode, date=ev.date, fatalities=ev.fatalities, modality=ev.modality),
                **common)
            objects[incident.id] = incident
            refs.append(incident.id)
            # STIX 2.1 suggests no relationship from an incident, so its actors, targets and place are
            # `related-to` it, their role kept in the extension and the description.
            links = [("attributed-to", x) for x in ev.actors] + [("targets", x) for x in ev.targets]
            if ev.place:
                links.append(("located-at", ev.place))
            for role, target in links:
                if target in sdo:
                    rel = stix2.Relationship(
                        id=stix_id("relationship", f"{doc_key}:event:{i}:{role}:{target}"),
                        source_ref=incident.id, target_ref=sdo[target],
                        relationship_type=_relationship_type(rules, role, incident.id, sdo[target]),
                        description=f"{rules['roles'][role]}: {_name(a, target)}", **_ours(role=role), **common)
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
                **_ours(attribute=c.attribute, low=c.value.low, high=c.value.high, modality=c.modality), **common)
            objects[note.id] = note
            refs.append(note.id)
        for i, link in enumerate(a.causal_links):
            about = list(dict.fromkeys(sdo[x] for x in (link.cause.entity, link.effect.entity) if x in sdo))
            if not about:
                continue
            note = stix2.Note(
                id=stix_id("note", f"{doc_key}:causal:{i}"),
                abstract=f"{link.cause.text} {'raises' if link.sign == '+' else 'lowers'} {link.effect.text}",
                content=_quote(link.evidence.text), object_refs=about,
                **_ours(sign=link.sign, modality=link.modality), **common)
            objects[note.id] = note
            refs.append(note.id)
        if refs:
            report = stix2.Report(
                id=stix_id("report", doc_key), name=a.document.title or f"document {doc_key}",
                published=_timestamp(a.document.published) or now, object_refs=list(dict.fromkeys(refs)),
                report_types=["threat-report"], description=_source_line(a),
                # Strict STIX wants a hash of the page with any external URL; we hold only the
                # cleaned text, so the URL goes in the description and the extension instead.
                **_ours(document_id=doc_key, url=a.document.url), **common)
            objects[report.id] = report
    return stix2.Bundle(objects=list(objects.values()))


def write_stix(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    write_text_atomically(out, bundle(analyses).serialize(pretty=True))
    return [out]


def _entity_object(stix2, e: Entity, rules: dict[str, Any], common: dict[str, Any]):
    if e.is_place:
        place: dict[str, Any] = {"name": e.name, **_ours(id=e.id, admin_level=e.admin_level)}
        if e.lat is not None and e.lon is not None:
            place.update(latitude=e.lat, longitude=e.lon)
        if e.country:
            place["country"] = e.country
        if "latitude" not in place and "country" not in place:
            return None  # STIX needs coordinates, a country or a region
        return stix2.Location(id=stix_id("location", e.id), **place, **common)
    if e.id.startswith(rules["left_out_prefix"]) or e.attributes.get("generic"):
        return None  # "foreign groups", "clan militias": no one to track in a threat-intelligence platform
    rule = dict(rules["objects"].get(e.kind) or {"type": "identity", "identity_class": "unknown"})
    kind = rule.pop("type")
    fields = {"name": e.name, **_ours(id=e.id, kind=e.kind), **rule}
    aliases = [x for x in e.aliases if x != e.name]
    if kind == "threat-actor":
        return stix2.ThreatActor(id=stix_id(kind, e.id), aliases=aliases or None, **fields, **common)
    return stix2.Identity(id=stix_id(kind, e.id), **fields, **common)


def _relationship_type(rules: dict[str, Any], wanted: str, source: str, target: str) -> str:
    """`wanted` where STIX 2.1 suggests it between the two objects' types, else `related-to`."""
    if wanted in rules["common_relationships"]:
        return wanted
    suggested = rules["suggested"].get(source.split("--")[0], {}).get(wanted, [])
    return wanted if target.split("--")[0] in suggested else "related-to"


def _source_line(a: Analysis) -> str | None:
    d = a.document
    parts = [x for x in (d.publisher, d.published, d.url) if x]
    return f"Source: {', '.join(parts)}" if parts else None


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


def strict_findings(path: Path) -> list[str]:
    """Everything stix2-validator reports in strict mode (warnings count as errors; no custom
    properties or types): empty when the bundle is clean."""
    from stix2validator import ValidationOptions, validate_string

    options = ValidationOptions(version="2.1", strict=True, strict_types=True, strict_properties=True)
    result = validate_string(path.read_text(encoding="utf-8"), options)
    return [str(e) for e in result.errors] + [str(w) for w in result.warnings or []]
