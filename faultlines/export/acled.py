"""Events in ACLED's column layout, for coders who merge them with ACLED data or use its tools.

The mapping (sub-event types, actor types, precision) lives in data/lexicons/acled.yaml. Dates
the text gives only partly ("2021-05") take their first day, with `time_precision` 3 (a month or
more); an event without a date takes its document's publication date, with precision 2. One event
reported by several documents is one row: its sources listed, the lowest fatality count kept.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faultlines.analyze.merge import MergedEvent, merge_events
from faultlines.data import load_yaml
from faultlines.dates import first_day
from faultlines.export.atomic import atomic_path
from faultlines.kb.gazetteer import Gazetteer
from faultlines.model import Analysis, Entity, Event

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)


def acled_rows(analyses: Iterable[Analysis], gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    rules = load_yaml("lexicons/acled.yaml")
    gazetteer = gazetteer or Gazetteer.open()
    stamp = int(datetime.now(UTC).timestamp())
    analyses = list(analyses)
    entities = {e.id: e for a in analyses for e in a.entities}
    events = merge_events(analyses, keep=lambda e: e.modality not in rules["skip_modalities"])
    return [_row(event, entities, rules, gazetteer, stamp) for event in events]


def write_acled_csv(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(acled_rows(analyses))
    return [out]


def _row(m: MergedEvent, entities: dict[str, Entity], rules: dict[str, Any], gazetteer: Gazetteer,
         stamp: int) -> dict[str, Any]:
    e, first = m.reports[0]
    date, precision = _date(e.date, first.published)
    place = entities.get(m.place or "")
    country = gazetteer.get(f"place:{place.country}") if place and place.country else None
    admin1, admin2 = _divisions(place, gazetteer)
    name = lambda eid: entities[eid].name if eid in entities else eid  # noqa: E731
    kind = lambda eid: rules["actor_types"].get(entities[eid].kind, "") if eid in entities else ""  # noqa: E731
    actors, targets = list(e.actors), list(e.targets)
    event_type = e.acled_type or "Strategic developments"
    sub = e.acled_subtype or _sub_event_type(e, rules, event_type)
    inter1, inter2 = (kind(actors[0]) if actors else ""), (kind(targets[0]) if targets else "")
    key = f"{first.document_id}:{e.evidence.start}:{e.type}:{e.mode}:{e.trigger}"
    return {
        "event_id_cnty": f"{(place.country if place and place.country else 'XX')}FL"
                         f"{int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)}",
        "event_date": date or "", "year": (date or "")[:4], "time_precision": precision,
        "disorder_type": rules["disorder_types"].get(event_type, ""), "event_type": event_type,
        "sub_event_type": sub,
        "actor1": name(actors[0]) if actors else "", "assoc_actor_1": "; ".join(name(x) for x in actors[1:]),
        "inter1": inter1,
        "actor2": name(targets[0]) if targets else "", "assoc_actor_2": "; ".join(name(x) for x in targets[1:]),
        "inter2": inter2, "interaction": f"{inter1}-{inter2}" if inter1 and inter2 else inter1,
        "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": place.country if place and place.country else "", "region": "",
        "country": country.name if country else "", "admin1": admin1, "admin2": admin2, "admin3": "",
        "location": place.name if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": rules["geo_precision"].get(
            "approximate" if place.attributes.get("approximate") else place.admin_level, "") if place else "",
        "source": "; ".join(dict.fromkeys(s.publisher or s.title or s.document_id for s in m.sources)),
        "source_scale": "", "notes": " ".join(e.evidence.text.split()),
        "fatalities": min(m.fatalities) if m.fatalities else 0,
        "tags": f"faultlines; modality={e.modality}; type={e.type}{'/' + e.mode if e.mode else ''}; "
                f"documents={','.join(s.document_id for s in m.sources)}",
        "timestamp": stamp,
    }


def _divisions(place: Entity | None, gazetteer: Gazetteer) -> tuple[str, str]:
    """The names of the first- and second-level divisions a place lies in (or is)."""
    if place is None:
        return "", ""
    if place.admin_level == "admin1":
        return place.name, ""
    known = gazetteer.get(place.id)
    named = lambda division: (gazetteer.get(f"place:{division}") or place).name if division else ""  # noqa: E731
    admin1 = place.attributes.get("admin1_name") or named(known.admin1 if known else None)
    if place.admin_level == "admin2":
        return admin1, place.name
    return admin1, place.attributes.get("admin2_name") or named(known.admin2 if known else None)


def _sub_event_type(e: Event, rules: dict[str, Any], event_type: str) -> str:
    if e.type == "assault" and event_type == "Battles" and e.mode not in ("airstrike", "bombing"):
        return rules["armed_sub_event"]
    table = rules["sub_event_types"]
    return table.get(f"{e.type}/{e.mode}") or table.get(e.type) or "Other"


def _date(own: str | None, published: str | None) -> tuple[str | None, int]:
    """A full date and ACLED's time precision (1 day, 2 days to a week, 3 a month or more)."""
    if own:
        return first_day(own), 1 if len(own) == 10 else 3
    return first_day(published), 2 if published else 3
