"""The ACLED CSV checked column by column against ACLED's codebook: types, vocabularies, known rows."""

import csv
import re
from datetime import date

import pytest

from faultlines.data import load_yaml
from faultlines.export import write_export
from faultlines.export.acled import COLUMNS, interaction
from faultlines.model import Analysis, Document, Entity, Event, Span

# The codebook's vocabularies, stated here as facts rather than read from our own data files.
REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
           "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "Caribbean",
           "Central America", "South America", "North America", "Oceania", "Antarctica"}
EVENT_TYPES = {"Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
               "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb",
                                              "Remote explosive/landmine/IED", "Grenade", "Chemical weapon"},
               "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
               "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
               "Riots": {"Violent demonstration", "Mob violence"},
               "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                                          "Headquarters or base established", "Looting/property destruction",
                                          "Non-violent transfer of territory", "Other"}}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
ACTOR_TYPES = {"State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4, "Rioters": 5,
               "Protesters": 6, "Civilians": 7, "External/Other forces": 8}  # the codebook's, by code


def read(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def corpus_rows(corpus, tmp_path_factory):
    (path,) = write_export("acled-csv", corpus, tmp_path_factory.mktemp("acled") / "acled.csv")
    with path.open(encoding="utf-8") as f:
        assert tuple(next(csv.reader(f))) == COLUMNS
    return read(path)


def test_acled_every_value_is_in_the_codebooks_types_and_vocabularies(corpus_rows):
    assert corpus_rows
    assert len({r["event_id_cnty"] for r in corpus_rows}) == len(corpus_rows)
    for r in corpus_rows:
        assert re.fullmatch(r"[A-Z]{3}FL\d+", r["event_id_cnty"])
        assert date.fromisoformat(r["event_date"]) and r["year"] == r["event_date"][:4]
        assert r["time_precision"] in {"1", "2", "3"} and r["geo_precision"] in {"1", "2", "3"}
        assert r["sub_event_type"] in EVENT_TYPES[r["event_type"]]
        assert r["disorder_type"] == DISORDER[r["event_type"]]
        assert r["actor1"] and r["inter1"] in ACTOR_TYPES
        assert (r["inter2"] in ACTOR_TYPES) if r["actor2"] else r["inter2"] == ""
        sides = sorted((x for x in (r["inter1"], r["inter2"]) if x), key=ACTOR_TYPES.get)
        assert r["interaction"] == ("-".join(sides) if len(sides) == 2 else f"{sides[0]} only")
        assert r["civilian_targeting"] == ("Civilian targeting" if r["event_type"] == "Violence against civilians"
                                           else "")
        assert r["iso"].isdigit() and int(r["iso"]) < 1000, r["iso"]
        assert r["region"] in REGIONS and r["country"] and r["location"]
        assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
        assert all(len(x.partition(".")[2]) <= 4 for x in (r["latitude"], r["longitude"]))
        assert r["fatalities"] == "" or (r["fatalities"].isdigit()), r["fatalities"]
        assert r["source"] and r["notes"] and r["timestamp"].isdigit()
        assert r["admin3"] == "" and "None" not in r.values()


def test_acled_interaction_wording():
    names = {code: name for name, code in ACTOR_TYPES.items()}
    assert [interaction(a, b, names) for a, b in ((2, 1), (1, 2), (3, ""), (7, 7), ("", ""))] == [
        "State forces-Rebel group", "State forces-Rebel group", "Political militia only",
        "Civilians-Civilians", ""]


TEXT = ("Gunmen killed 12 villagers in Damasak on 5 May 2024. ISWAP attacked Nigerian troops in Borno in May 2024. "
        "A US drone struck Damasak. Soldiers were seen somewhere. ISWAP did not attack Damasak.")


def span(words: str) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words), words)


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    """ACLED rows of a document written for the test, by the first word of their notes."""
    entities = (
        Entity("place:test-damasak", "Damasak", "place", country="NG", admin_level="city", lat=13.10417, lon=12.50889,
               attributes={"admin1_name": "Borno", "admin2_name": "Mobbar"}),
        Entity("place:NG-BO", "Borno", "place", country="NG", admin_level="admin1", lat=11.5, lon=13.0),
        Entity("iswap", "Islamic State West Africa Province", "armed_group", attributes={"countries": ["NG"]}),
        Entity("military:NG", "Armed Forces of Nigeria", "government", country="NG", attributes={"countries": ["NG"]}),
        Entity("military:US", "Armed Forces of the United States", "government", country="US",
               attributes={"countries": ["US"]}),
        Entity("generic:gunmen", "gunmen", "armed_group", attributes={"generic": True}),
        Entity("generic:villagers", "villagers", "community", attributes={"generic": True}),
    )
    events = (
        Event("assault", span("Gunmen killed 12 villagers in Damasak on 5 May 2024."), mode="massacre",
              actors=("generic:gunmen",), targets=("generic:villagers",), place="place:test-damasak",
              date="2024-05-05", date_source="text", fatalities=12, acled_type="Violence against civilians",
              acled_subtype="Attack"),
        Event("assault", span("ISWAP attacked Nigerian troops in Borno in May 2024."), mode="clash",
              actors=("iswap",), targets=("military:NG",), place="place:NG-BO", date="2024-05", date_source="text",
              acled_type="Battles", acled_subtype="Armed clash"),
        Event("assault", span("A US drone struck Damasak."), mode="airstrike", actors=("military:US",),
              place="place:test-damasak", acled_type="Explosions/Remote violence", acled_subtype="Air/drone strike"),
        Event("mobilize", span("Soldiers were seen somewhere."), actors=("military:NG",)),
        Event("assault", span("ISWAP did not attack Damasak."), mode="raid", actors=("iswap",),
              place="place:test-damasak", modality="negated", acled_type="Battles", acled_subtype="Armed clash"),
    )
    document = Document("test-acled", TEXT, title="Test", publisher="Test Wire", published="2024-05-09")
    (path,) = write_export("acled-csv", [Analysis(document, entities, events=events)],
                           tmp_path_factory.mktemp("known") / "known.csv")
    return {r["notes"].split()[0]: r for r in read(path)}


def test_acled_rows_only_for_events_that_happened_at_a_place(known):
    assert set(known) == {"Gunmen", "ISWAP", "A"}  # no place, or negated: no row
    assert known["ISWAP"]["notes"].startswith("ISWAP attacked")


def test_acled_known_event_with_generic_actors_in_a_town(known):
    row = known["Gunmen"]
    expected = {"event_date": "2024-05-05", "year": "2024", "time_precision": "1",
                "disorder_type": "Political violence", "event_type": "Violence against civilians",
                "sub_event_type": "Attack",
                "actor1": "Unidentified Armed Group (Nigeria)", "inter1": "Political militia",
                "actor2": "Civilians (Nigeria)", "inter2": "Civilians", "interaction": "Political militia-Civilians",
                "civilian_targeting": "Civilian targeting", "iso": "566",
                "region": "Western Africa", "country": "Nigeria", "admin1": "Borno", "admin2": "Mobbar",
                "location": "Damasak", "latitude": "13.1042", "longitude": "12.5089", "geo_precision": "1",
                "source": "Test Wire", "fatalities": "12"}
    assert {k: row[k] for k in expected} == expected
    assert row["event_id_cnty"].startswith("NGAFL")


def test_acled_known_battle_in_a_province_with_unknown_toll(known):
    row = known["ISWAP"]
    expected = {"event_date": "2024-05-01", "time_precision": "3", "event_type": "Battles",
                "actor1": "Islamic State West Africa Province", "inter1": "Rebel group",
                "actor2": "Armed Forces of Nigeria", "inter2": "State forces",
                "interaction": "State forces-Rebel group", "admin1": "Borno", "admin2": "", "location": "Borno",
                "geo_precision": "3", "fatalities": ""}  # the toll is unknown: blank, never 0
    assert {k: row[k] for k in expected} == expected


def test_acled_known_single_foreign_actor_undated(known):
    row = known["A"]
    expected = {"event_date": "2024-05-09", "time_precision": "2", "sub_event_type": "Air/drone strike",
                "actor1": "Armed Forces of the United States", "inter1": "External/Other forces", "actor2": "",
                "inter2": "", "interaction": "External/Other forces only", "civilian_targeting": "", "fatalities": ""}
    assert {k: row[k] for k in expected} == expected


def test_acled_regions_file_covers_each_country_once():
    regions = load_yaml("places/acled_regions.yaml")["regions"]
    assert set(regions) == REGIONS
    codes = [c for listed in regions.values() for c in listed]
    assert len(codes) == len(set(codes)) and all(isinstance(c, str) and len(c) == 2 for c in codes)
    assert {"AF": "South Asia", "NG": "Western Africa", "SY": "Middle East", "MZ": "Southern Africa",
            "US": "North America", "UA": "Europe"}.items() <= {c: r for r, cs in regions.items() for c in cs}.items()


@pytest.mark.issue(18)
def test_acled_identity_militias_named_and_unnamed(tmp_path):
    """ACLED's type 4: a group of a community, clan or ethnic group. Dozo hunters are one by name;
    "clan militias" and "an ethnic militia" are unnamed ones, coded "Communal Militia (country)"."""
    text = "Clan militias attacked Damasak. Dozo hunters fought an ethnic militia in Damasak."
    at = lambda words: Span(text.index(words), text.index(words) + len(words), words)  # noqa: E731
    entities = (
        Entity("place:test-damasak", "Damasak", "place", country="NG", admin_level="city", lat=13.10417,
               lon=12.50889, attributes={"admin1_name": "Borno"}),
        Entity("generic:clan-militias", "clan militias", "armed_group", attributes={"generic": True}),
        Entity("generic:ethnic-militia", "ethnic militia", "armed_group", attributes={"generic": True}),
        Entity("dozo", "Dozo", "armed_group", attributes={"countries": ["ML", "BF", "CI"]}),
    )
    events = (
        Event("assault", at("Clan militias attacked Damasak."), mode="raid", actors=("generic:clan-militias",),
              place="place:test-damasak", acled_type="Battles", acled_subtype="Armed clash"),
        Event("assault", at("Dozo hunters fought an ethnic militia in Damasak."), mode="clash", actors=("dozo",),
              targets=("generic:ethnic-militia",), place="place:test-damasak", acled_type="Battles",
              acled_subtype="Armed clash"),
    )
    document = Document("test-identity", text, title="Test", publisher="Test Wire", published="2024-05-09")
    (path,) = write_export("acled-csv", [Analysis(document, entities, events=events)], tmp_path / "identity.csv")
    rows = {r["notes"].split()[0]: r for r in read(path)}
    assert {k: rows["Clan"][k] for k in ("actor1", "inter1", "interaction")} == {
        "actor1": "Communal Militia (Nigeria)", "inter1": "Identity militia", "interaction": "Identity militia only"}
    assert {k: rows["Dozo"][k] for k in ("actor1", "inter1", "actor2", "inter2", "interaction")} == {
        "actor1": "Dozo", "inter1": "Identity militia", "actor2": "Communal Militia (Nigeria)",
        "inter2": "Identity militia", "interaction": "Identity militia-Identity militia"}
