"""A town carries the first-level division it lies in, so maps and ACLED files can name it."""

from faultlines.export.acled import acled_rows
from faultlines.export.geojson import feature_collection
from faultlines.export.maps import MapPoint, svg_map


def place(analysis, name):
    return next(e for e in analysis.entities if e.kind == "place" and e.name == name)


def test_a_town_knows_its_province(analyze_text):
    a = analyze_text("ISWAP fighters attacked Damasak, Nigeria, on Sunday, killing 6 soldiers.", published="2024-05-07")
    assert (place(a, "Damasak").attributes["admin1"], place(a, "Damasak").attributes["admin1_name"]) == (
        "NG-BO", "Borno")
    b = analyze_text("Al-Shabaab fighters attacked an army base near Baidoa, Somalia.")
    assert place(b, "Baidoa").attributes["admin1_name"] == "Bay"


def test_the_acled_row_of_a_town_names_its_province(analyze_text):
    a = analyze_text("ISWAP fighters attacked Damasak, Nigeria, on Sunday, killing 6 soldiers.", published="2024-05-07")
    [row] = acled_rows([a])
    assert (row["location"], row["admin1"], row["admin2"]) == ("Damasak", "Borno", "Mobbar")


def test_the_map_and_geojson_name_a_towns_province(analyze_text):
    """Issue 15: the map and exports showed no first-level division for towns."""
    a = analyze_text("Gunmen killed five farmers near Gwoza, Nigeria, on Monday.", published="2024-05-07")
    [gwoza] = [f for f in feature_collection([a])["features"]
               if f["properties"].get("feature") == "place" and f["properties"]["name"] == "Gwoza"]
    assert (gwoza["properties"]["admin1"], gwoza["properties"]["admin2"]) == ("Borno", "Gwoza")
    svg = svg_map([MapPoint.of(place(a, "Gwoza"))])
    assert "<title>Gwoza (Borno): 1</title>" in svg


def test_a_group_of_one_country_places_its_towns_without_the_country_named(analyze_text):
    """Issue 15: Baidoa in a report on al-Shabaab that never says "Somalia", Damasak in one on ISWAP
    that never says "Nigeria"."""
    a = analyze_text("Al-Shabaab fighters attacked an army base near Baidoa on Monday.")
    assert place(a, "Baidoa").country == "SO"
    b = analyze_text("ISWAP fighters overran a military post in Damasak on Sunday.")
    assert place(b, "Damasak").attributes["admin1_name"] == "Borno"


def test_a_district_is_the_division_and_a_bare_name_the_town(analyze_text):
    """Issue 15: '<district> district, <province>' went to a namesake town in another country."""
    a = analyze_text("Taliban forces clashed with NRF fighters in Andarab district, Baghlan, on Sunday.")
    andarab = next(e for e in a.entities if e.kind == "place" and e.name.startswith("Andar"))
    assert (andarab.admin_level, andarab.country, andarab.attributes["admin1_name"]) == ("admin2", "AF", "Baghlan")
    lga = next(e for e in analyze_text("Gunmen killed five farmers in Gwoza LGA, Borno.").entities if e.name == "Gwoza")
    town = next(e for e in analyze_text("Gunmen killed five farmers in Gwoza, Borno.").entities if e.name == "Gwoza")
    assert (lga.admin_level, town.admin_level) == ("admin2", "city")
