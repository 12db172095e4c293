"""Linking names to actors and places, with the context that decides between them."""


def ids(analysis):
    return {e.id for e in analysis.entities}


def test_linker_country_as_place_and_as_state(analyze_text):
    a = analyze_text("The United States has warned that fighters are moving into Afghanistan.")
    assert {"state:US", "place:AF"} <= ids(a)
    assert a.entity("state:US").kind == "state"
    assert a.entity("place:AF").admin_level == "country"


def test_linker_place_in_focus_country(analyze_text):
    a = analyze_text("The Taliban said fighters attacked a checkpoint in Kunduz province.")
    place = a.entity("place:AF-KDZ")
    assert place is not None and place.country == "AF" and place.admin_level == "admin1"


def test_linker_generic_reference_to_last_group(analyze_text):
    a = analyze_text("ISIS-K was weakened in 2019. In 2021 the group claimed responsibility for 47 attacks.")
    isk = a.entity("isis-k")
    assert "the group" in [m.text for m in isk.mentions]


def test_linker_mentions_point_into_text(analyze_text):
    a = analyze_text("Mullah Baradar leads the Kandahar faction of the Taliban.")
    for entity in a.entities:
        for m in entity.mentions:
            assert a.document.text[m.start:m.end] == m.text
