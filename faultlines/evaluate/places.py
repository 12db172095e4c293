"""Place recognition and resolution, scored on the project's place reports.

    python -m faultlines.evaluate.places [--split dev|test|all] [--json PATH] [--details]

**Gold** (`tests/evaluate/place_reports/*.yaml`): news and conflict reports written by the
project, each with every place name it contains: the words of the text (`mention`), the place's
GeoNames id where GeoNames' extracts have it, its kind (town, admin1, admin2, country, region,
feature), country, first-level division (ISO 3166-2) and coordinates; and `not_places`, words
that hold a place name but name something else ("University of Maiduguri", "Zika virus").
Every whole-word occurrence of a mention, outside the not-places and outside a longer mention, is
a gold occurrence of that place.

**Predicted**: the mentions of every entity that is a place, and of every state actor (a country
named as the actor it is: "Russia said" names Russia, the place, for a geoparser too). The
mentions of a country's organs ("Myanmar's military", `military:MM`) count as that country where
they cover a gold mention, and are not counted otherwise (a demonym there is no place).

**Recognition**: a predicted mention overlapping a gold occurrence matches it (each gold
occurrence once); precision, recall and F1 over occurrences. **Resolution**, among the matched
occurrences: accuracy within 161 km (100 miles, the usual geoparsing threshold; a place without
coordinates is wrong) for towns, districts and provinces, and for every kind (a country's or a
sea's centre is placed differently by every gazetteer, so that number says less); the median and mean
error in km (towns, districts and provinces with coordinates), the share left
without coordinates, the country (ISO code) and the first-level division (for towns, districts
and provinces, ISO 3166-2) right, and the same GeoNames place (for towns with a GeoNames id).

**Split**: documents with an odd number (`-001`, `-003`) are the dev half, tuned on; the even
ones the test half, reported.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from faultlines.evaluate import refers_by_noun
from faultlines.evaluate.events import Runner
from faultlines.model import Analysis
from faultlines.resolve.namesakes import km

PLACE_REPORTS = Path(__file__).resolve().parents[2] / "tests" / "evaluate" / "place_reports"
NEAR_KM = 161


@dataclass(frozen=True, slots=True)
class GoldPlace:
    mention: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: int
    end: int
    place: GoldPlace


@dataclass
class PlaceReport:
    id: str
    text: str
    published: str | None
    places: list[GoldPlace]
    not_places: list[str] = field(default_factory=list)

    @property
    def split(self) -> str:
        number = re.search(r"(\d+)$", self.id)
        return "dev" if number and int(number[1]) % 2 else "test"

    def occurrences(self) -> list[Occurrence]:
        """Every whole-word occurrence of each mention, longest mentions first, outside the
        not-places."""
        taken = [m.span() for s in self.not_places for m in _whole_word(s, self.text)]
        found = []
        for place in sorted(self.places, key=lambda p: -len(p.mention)):
            for m in _whole_word(place.mention, self.text):
                if not any(m.start() < e and s < m.end() for s, e in taken):
                    found.append(Occurrence(m.start(), m.end(), place))
                    taken.append(m.span())
        return sorted(found, key=lambda o: o.start)


def _whole_word(words: str, text: str) -> Iterable[re.Match]:
    return re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)


def read_place_reports(folder: Path = PLACE_REPORTS) -> list[PlaceReport]:
    reports = []
    for path in sorted(Path(folder).glob("*.yaml")):
        for d in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("documents", []):
            places = [GoldPlace(str(p["mention"]), p.get("kind") or "town", p.get("country"), p.get("admin1"),
                                p.get("lat"), p.get("lon"), p.get("geonameid"), str(p.get("name") or ""))
                      for p in d.get("places") or []]
            reports.append(PlaceReport(str(d["id"]), d["text"], str(d["published"]) if d.get("published") else None,
                                       places, [str(s) for s in d.get("not_places") or []]))
    return reports


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    text: str
    entity_id: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    optional: bool = False  # a country's organ: counts where it covers a gold mention, else not


_ORGANS = ("state:", "government:", "military:", "police:")


def predicted_places(analysis: Analysis, places: Any = None) -> list[Predicted]:
    """The place mentions of an analysis; a state actor's mentions as its country."""
    found = []
    for e in analysis.entities:
        lat, lon, country, admin1 = e.lat, e.lon, e.country, e.attributes.get("admin1")
        organ = e.id.startswith(_ORGANS) and e.country
        if organ:
            country_place = places(f"place:{e.country}") if places is not None else None
            lat, lon = (country_place.lat, country_place.lon) if country_place else (None, None)
        elif not e.is_place:
            continue
        if e.is_place and e.admin_level == "admin1":
            admin1 = e.id.removeprefix("place:")
        optional = bool(organ) and e.kind != "state"
        # "the town" referring back to Gwoza names no place: geoparsing scores names.
        found += [Predicted(m.start, m.end, m.text, e.id, country, admin1, lat, lon, optional) for m in e.mentions
                  if not refers_by_noun(m.text)]
    return sorted(found, key=lambda p: p.start)


def match(gold: list[Occurrence], predicted: list[Predicted]) -> tuple[list[tuple[Occurrence, Predicted]],
                                                                     list[Predicted]]:
    """Pairs of overlapping gold and predicted mentions (each gold one once), and the predicted
    mentions that overlap none."""
    pairs, spare, used = [], [], set()
    for p in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in used and g.start < p.end and p.start < g.end), None)
        if hit is None:
            if not p.optional and not any(g.start < p.end and p.start < g.end for g in gold):
                spare.append(p)  # (a second prediction inside one gold mention is not an error)
            continue
        used.add(hit)
        pairs.append((gold[hit], p))
    return pairs, spare


def _checks(g: GoldPlace, p: Predicted) -> dict[str, bool | None]:
    located = p.lat is not None and p.lon is not None
    distance = km(g.lat, g.lon, p.lat, p.lon) if located and g.lat is not None else None
    near = None if g.lat is None else bool(distance is not None and distance <= NEAR_KM)
    return {
        "near": near if g.kind in _SMALL else None,
        "near_all": near,
        "country": None if not g.country else p.country == g.country,
        "admin1": None if not g.admin1 or g.kind not in ("town", "admin2", "admin1") else p.admin1 == g.admin1,
        "geonameid": None if not g.geonameid or g.kind != "town" else p.entity_id == f"place:gn:{g.geonameid}",
        "located": located,
        "_km": distance if g.kind in _SMALL else None,
    }


_SMALL = ("town", "admin2", "admin1")  # places small enough for a distance to mean something


def _share(correct: int, total: int) -> dict[str, Any]:
    return {"correct": correct, "total": total, "accuracy": correct / total if total else None}


def score_places(pairs: Iterable[tuple[PlaceReport, Analysis | None]], places: Any = None,
                 details: list | None = None) -> dict[str, Any]:
    gold_n = predicted_n = matched_n = crashed = documents = 0
    fields = {k: [0, 0] for k in ("near", "near_all", "country", "admin1", "geonameid", "located")}
    errors_km: list[float] = []
    by_kind: dict[str, list[int]] = {}
    for report, analysis in pairs:
        documents += 1
        gold = report.occurrences()
        predicted = predicted_places(analysis, places) if analysis is not None else []
        crashed += analysis is None
        matched, spare = match(gold, predicted)
        gold_n += len(gold)
        predicted_n += len(matched) + len(spare)
        matched_n += len(matched)
        found = {id(g) for g, _ in matched}
        for g in gold:
            counts = by_kind.setdefault(g.place.kind, [0, 0, 0])
            counts[0] += 1
            counts[1] += id(g) in found
        wrong = []
        for g, p in matched:
            checks = _checks(g.place, p)
            if checks["_km"] is not None:
                errors_km.append(checks["_km"])
            for name, value in checks.items():
                if name in fields and value is not None:
                    fields[name][0] += value
                    fields[name][1] += 1
            by_kind[g.place.kind][2] += bool(checks["near_all"])
            if checks["near_all"] is False or checks["admin1"] is False or checks["country"] is False:
                wrong.append({"mention": g.place.mention, "kind": g.place.kind, "gold": g.place.name,
                              "got": p.entity_id, "km": None if checks["_km"] is None else round(checks["_km"]),
                              "wrong": [k for k, v in checks.items() if v is False]})
        if details is not None:
            details.append({"id": report.id,
                            "missed": [g.place.mention for g in gold if id(g) not in found],
                            "spurious": [p.text for p in spare], "misplaced": wrong})
    precision = matched_n / predicted_n if predicted_n else 0.0
    recall = matched_n / gold_n if gold_n else 0.0
    return {
        "documents": documents, "crashed": crashed, "gold": gold_n, "predicted": predicted_n, "matched": matched_n,
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "fields": {name: _share(*counts) for name, counts in fields.items()},
        "median_km": statistics.median(errors_km) if errors_km else None,
        "mean_km": statistics.fmean(errors_km) if errors_km else None,
        "kinds": {k: {"gold": v[0], "found": v[1], "near": v[2]} for k, v in sorted(by_kind.items())},
    }


def evaluate_places(pipeline: Any, folder: Path = PLACE_REPORTS, split: str = "all",
                    details: list | None = None) -> dict[str, Any]:
    reports = [r for r in read_place_reports(folder) if split == "all" or r.split == split]
    runner = Runner(pipeline)
    kb = getattr(pipeline, "kb", None)
    result = score_places([(r, runner.analyze(r.id, r.text, r.published)) for r in reports],
                          places=kb.place if kb is not None else None, details=details)
    return {**result, "errors": runner.errors}


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def places_table(title: str, r: dict[str, Any]) -> str:
    fields = r["fields"]
    located = fields["located"]
    lines = [f"### {title}", "",
             f"{r['documents']} documents, {r['crashed']} crashed; {r['gold']} gold place mentions, "
             f"{r['predicted']} predicted, {r['matched']} matched", "",
             "| measure | score |", "|---|---|",
             f"| recognition precision | {_f(r['precision'])} |", f"| recognition recall | {_f(r['recall'])} |",
             f"| recognition F1 | {_f(r['f1'])} |",
             f"| within 161 km: towns, districts, provinces (of matched) | {_f(fields['near']['accuracy'])} |",
             f"| within 161 km: every kind (of matched) | {_f(fields['near_all']['accuracy'])} |",
             f"| median error, km (towns, districts, provinces) | "
             f"{'-' if r['median_km'] is None else round(r['median_km'], 1)} |",
             f"| mean error, km (towns, districts, provinces) | "
             f"{'-' if r['mean_km'] is None else round(r['mean_km'])} |",
             f"| left without coordinates | {_f(1 - located['accuracy'] if located['total'] else None)} |",
             f"| country right | {_f(fields['country']['accuracy'])} |",
             f"| admin1 right (towns, districts, provinces) | {_f(fields['admin1']['accuracy'])} |",
             f"| same GeoNames town | {_f(fields['geonameid']['accuracy'])} |", "",
             "| kind | gold | found | within 161 km |", "|---|---|---|---|"]
    for kind, c in r["kinds"].items():
        lines.append(f"| {kind} | {c['gold']} | {c['found']} | {c['near']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--path", type=Path, default=PLACE_REPORTS)
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the scores here")
    parser.add_argument("--details", action="store_true", help="with --json: what each document got wrong")
    parser.add_argument("--model", default=None, help="language pipeline (default: the shipped one)")
    args = parser.parse_args(argv)
    if not any(Path(args.path).glob("*.yaml")):
        sys.exit(f"no place reports in {args.path}: nothing to score")

    from faultlines.pipeline import Pipeline

    try:
        pipeline = Pipeline.load(args.model)
    except Exception as exc:  # noqa: BLE001 - say so in one line: nothing can be scored
        sys.exit(f"the pipeline does not load, nothing scored: {type(exc).__name__}: {exc}")
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    results, details = {}, {}
    for split in splits:
        details[split] = [] if args.details else None
        results[split] = evaluate_places(pipeline, args.path, split, details[split])
        print(places_table(f"Place reports, {split} half", results[split]) + "\n")
    if args.json:
        out = {**results, **({"details": details} if args.details else {})}
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
