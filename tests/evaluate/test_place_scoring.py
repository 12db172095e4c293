"""The place scorer itself (faultlines/evaluate/places.py), on hand-made gold and hand-made
analyses: no pipeline run."""

from __future__ import annotations

from faultlines.evaluate.places import GoldPlace, PlaceReport, read_place_reports, score_places
from faultlines.ingest import make_document
from faultlines.model import Analysis, Entity, Mention

TEXT = "Gunmen attacked Gwoza in Borno, a lecturer at the University of Maiduguri said. Maiduguri was calm."


def _report() -> PlaceReport:
    return PlaceReport("t-001", TEXT, None, [
        GoldPlace("Gwoza", "town", "NG", "NG-BO", 11.08, 13.69, 2339665),
        GoldPlace("Borno", "admin1", "NG", "NG-BO", 11.5, 13.0),
        GoldPlace("Maiduguri", "town", "NG", "NG-BO", 11.85, 13.16),
    ], ["University of Maiduguri"])


def _place(eid, text, lat, lon, country="NG", admin1="NG-BO", level="city"):
    start = TEXT.index(text)
    return Entity(eid, text, "place", mentions=(Mention(start, start + len(text), text),), country=country,
                  admin_level=level, lat=lat, lon=lon, attributes={"admin1": admin1})


def test_occurrences_leave_out_the_not_places():
    occurrences = _report().occurrences()
    assert [(o.place.mention, TEXT[o.start:o.end]) for o in occurrences] == [
        ("Gwoza", "Gwoza"), ("Borno", "Borno"), ("Maiduguri", "Maiduguri")]
    assert occurrences[2].start == TEXT.rindex("Maiduguri")  # not the one in the university's name


def test_a_far_namesake_counts_as_found_but_misplaced_and_a_name_inside_a_not_place_as_spurious():
    analysis = Analysis(make_document(TEXT), entities=(
        _place("place:gn:2339665", "Gwoza", 11.08, 13.69),
        _place("place:gn:1", "Borno", 40.0, 10.0, country="XX", admin1="XX-1"),  # 3,000 km off
        _place("place:gn:2", "University of Maiduguri", 11.85, 13.16),
    ))
    r = score_places([(_report(), analysis)])
    assert (r["gold"], r["matched"], r["predicted"]) == (3, 2, 3)
    assert round(r["precision"], 3) == 0.667 and round(r["recall"], 3) == 0.667
    assert r["fields"]["near"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert r["fields"]["country"]["correct"] == 1 and r["fields"]["geonameid"]["correct"] == 1


def test_a_countrys_organ_counts_only_where_it_covers_a_gold_name():
    text = "Nigeria's army said Nigerian troops held Gwoza."
    report = PlaceReport("t-002", text, None, [GoldPlace("Nigeria", "country", "NG", None, 9.0, 8.0),
                                                GoldPlace("Gwoza", "town", "NG", "NG-BO", 11.08, 13.69)])
    army = Entity("military:NG", "Nigerian Army", "government", country="NG", mentions=(
        Mention(0, 14, "Nigeria's army"), Mention(20, 35, "Nigerian troops")))
    r = score_places([(report, Analysis(make_document(text), entities=(army,)))])
    assert (r["matched"], r["predicted"]) == (1, 1)  # "Nigerian troops" is no error, nor a place


def test_the_shipped_reports_are_well_formed():
    reports = read_place_reports()
    assert len(reports) >= 120 and {r.split for r in reports} == {"dev", "test"}
    for r in reports:
        for p in r.places:
            assert p.mention in r.text, (r.id, p.mention)
            assert p.kind in ("town", "admin1", "admin2", "country", "region", "feature"), (r.id, p.kind)
