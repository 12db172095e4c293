"""Places and events as GeoJSON (RFC 7946) features, for QGIS, geopandas or a web map.

A place is a Point with its mention and document counts; an event is a Point at its place, with
its actors' names and its evidence. Places without coordinates (provisional ones) are left out;
a new place placed at the known place that contains it ("Doura district of Baghdad" at Baghdad)
says so in `approximate_at`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from faultlines.export.atomic import write_text_atomically
from faultlines.model import Analysis, Entity


def feature_collection(analyses: Iterable[Analysis]) -> dict[str, Any]:
    places: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    for a in analyses:
        entities = {e.id: e for e in a.entities}
        for e in a.entities:
            if not _located(e):
                continue
            feature = places.setdefault(e.id, _point(e, {
                "feature": "place", "id": e.id, "name": e.name, "admin_level": e.admin_level,
                "country": e.country, "admin1": e.attributes.get("admin1_name"),
                "admin2": e.attributes.get("admin2_name"), "approximate_at": e.attributes.get("within"),
                "mentions": 0, "documents": 0}))
            feature["properties"]["mentions"] += len(e.mentions)
            feature["properties"]["documents"] += 1
        for ev in a.events:
            place = entities.get(ev.place or "")
            if place is None or not _located(place):
                continue
            events.append(_point(place, {
                "feature": "event", "type": ev.type, "mode": ev.mode, "acled_type": ev.acled_type,
                "date": ev.date or a.document.published, "actors": [_name(entities, x) for x in ev.actors],
                "targets": [_name(entities, x) for x in ev.targets], "place": place.name, "place_id": place.id,
                "admin1": place.attributes.get("admin1_name"), "country": place.country,
                "fatalities": ev.fatalities, "modality": ev.modality, "evidence": ev.evidence.text,
                "document_id": a.document.id}))
    return {"type": "FeatureCollection", "features": [*places.values(), *events]}


def write_geojson(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    write_text_atomically(out, json.dumps(feature_collection(analyses), ensure_ascii=False))
    return [out]


def _name(entities: dict[str, Entity], entity_id: str) -> str:
    return entities[entity_id].name if entity_id in entities else entity_id


def _located(e: Entity) -> bool:
    return e.is_place and e.lat is not None and e.lon is not None


def _point(e: Entity, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": properties}
