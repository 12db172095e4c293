"""Which namesake a place name means: an explicit score for every candidate.

    geography = Geography(focus, clear_places)   # where the document is set, from its clear names
    ranked = NamesakeScore.load().rank(candidates, geography, parents, asks_for)

A candidate's score is the sum of parts (weights in `data/lexicons/linking.yaml`,
`namesake_score`; docs/linking.md explains each):

- `parent`: it lies within the parents named right after the name ("Damasak (Mobbar, Borno)");
- `country`: the share of the document's country mentions that name its country;
- `listed`: a place listed with it lies in its country ("Punjab and Haryana");
- `province`: the document names its first-level division, or a town that is clearly in it;
- `near`: how close it lies to the document's other clearly placed towns, districts and
  provinces (1 on top of one, 1/e at `near_km`);
- `level`: what kind of place it is, and whether the words around ask for it ("Kabul province",
  "Kunduz city", "Andarab district"); a large town is meant before the province of its name;
- `population`: log10 of its population over 7 (a town of 10 million scores 1).

The best and the runner-up are kept on the entity with their scores, so a user can see the choice.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.kb.gazetteer import Place


@dataclass(frozen=True, slots=True)
class Geography:
    """Where a document is set, read from its unambiguous names: the countries it names (the
    focus), the first-level divisions it names or places towns in, and the coordinates of its
    clearly placed towns, districts and provinces."""

    countries: Counter[str]
    clear: tuple[tuple[str, Place], ...] = ()  # (the name's key, the one place it can be)

    def around(self, key: str) -> tuple[set[str], list[tuple[float, float]]]:
        """The provinces and coordinates of the clear places named otherwise than `key`: a
        name is no evidence for itself."""
        provinces, anchors = set(), []
        for name, place in self.clear:
            if name == key:
                continue
            province = place.id.removeprefix("place:") if place.admin_level == "admin1" else place.admin1
            if province:
                provinces.add(province)
            if place.lat is not None and place.lon is not None:
                anchors.append((place.lat, place.lon))
        return provinces, anchors


@dataclass(frozen=True, slots=True)
class Scored:
    place: Place
    score: float
    parts: dict[str, float]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class NamesakeScore:
    """The scoring rule, with its weights."""

    def __init__(self, weights: dict[str, float], levels: dict[str, float], big_city: int):
        self.weights = weights
        self.levels = levels
        self.big_city = big_city

    @classmethod
    def load(cls, cues: dict | None = None) -> NamesakeScore:
        """From `lexicons/linking.yaml` (or its contents, when the caller has read them already)."""
        cues = cues or load_yaml("lexicons/linking.yaml")
        rule = cues["namesake_score"]
        return cls({k: float(v) for k, v in rule["weights"].items()},
                   {k: float(v) for k, v in rule["levels"].items()}, int(cues["big_city_population"]))

    def rank(self, places: list[Place], geography: Geography, parents: tuple[set[str], set[str]] = (set(), set()),
             asks_for: set[str] | frozenset[str] = frozenset(), key: str = "",
             listed: frozenset[str] = frozenset()) -> list[Scored]:
        """The candidates of the name whose key is `key`, best first. `asks_for` holds the
        kinds the words ask for: "admin1" and "region" ("Kandahar province"), "admin2" ("Gwoza
        LGA"), "city" ("Kunduz city"); `listed` the countries of the places listed with the name."""
        provinces, anchors = geography.around(key)
        # A large town is meant before the division of its name ("Kabul", "Mosul"), not before a
        # namesake elsewhere: Samara is no reason to doubt "Samar" in the Philippines.
        divided = {p.country for p in places if p.admin_level in ("admin1", "admin2")}
        scored = [self.score(p, geography.countries, provinces, anchors, parents,
                             asks_for, p.country in divided, p.country in listed) for p in places]
        return sorted(scored, key=lambda s: (-s.score, -(s.place.population or 0), s.place.id))

    def score(self, place: Place, countries_named: Counter[str], provinces: set[str],
              anchors: list[tuple[float, float]], parents: tuple[set[str], set[str]],
              asks_for: set[str] | frozenset[str], has_division: bool = True, listed: bool = False) -> Scored:
        w = self.weights
        countries, divisions = parents
        province = place.id.removeprefix("place:") if place.admin_level == "admin1" else place.admin1
        within = (province in divisions if divisions else place.country in countries)
        named = sum(countries_named.values())
        share = countries_named.get(place.country or "", 0) / named if named else 0.0
        nearness = 0.0
        if place.lat is not None and place.lon is not None and anchors:
            nearest = min(km(place.lat, place.lon, lat, lon) for lat, lon in anchors)
            nearness = math.exp(-nearest / w["near_km"])
        parts = {
            "parent": w["parent"] * within,
            "listed": w["listed"] * listed,
            "country": w["country"] * share,
            "province": w["province"] * bool(province and province in provinces),
            "near": w["near"] * nearness,
            "level": self._level(place, asks_for, has_division),
            "population": w["population"] * math.log10(1 + (place.population or 0)) / 7,
        }
        return Scored(place, round(sum(parts.values()), 3), {k: round(v, 3) for k, v in parts.items() if v})

    def _level(self, place: Place, asks_for: set[str] | frozenset[str], has_division: bool) -> float:
        level = place.admin_level
        value = self.levels.get(level, 0.0)
        big = level == "city" and not asks_for and has_division and (place.population or 0) >= self.big_city
        if level in asks_for or big:
            return value + self.levels["asked_for"]
        return value
