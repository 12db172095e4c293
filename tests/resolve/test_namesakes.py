"""Which namesake a place name means (issue 15): the story's country, the level the words ask for."""


def places(analysis):
    return {e.name: e for e in analysis.entities if e.kind in ("place", "state")}


def test_us_states_among_us_states_and_the_country_among_countries(analyze_text):
    a = places(analyze_text("Protests spread from Texas and Florida to Georgia and Alabama on Sunday."))
    assert (a["Florida"].id, a["Georgia"].id) == ("place:US-FL", "place:US-GA")
    b = places(analyze_text("Russia and Georgia fought a war in 2008."))
    assert b["Georgia"].country == "GE" and b["Georgia"].admin_level in ("country", None)


def test_english_forms_and_continents(analyze_text):
    a = places(analyze_text("Pilgrims travelled to Mecca on Friday."))
    assert a["Makkah"].country == "SA"
    b = places(analyze_text("Jihadist groups are expanding across Africa and into Europe."))
    assert (b["Africa"].admin_level, b["Europe"].admin_level) == ("region", "region")
    assert b["Africa"].lat is not None


def test_datelines_place_the_report(analyze_text):
    """Issue 15: "CITY, N.J. (AP)" datelines were skipped."""
    a = analyze_text("TRENTON, N.J. (AP) — Police arrested two men after a shooting on Monday.")
    assert (places(a)["Trenton"].attributes["admin1"], places(a)["New Jersey"].id) == ("US-NJ", "place:US-NJ")
    assert not [e for e in a.entities if e.name == "N.J."]
    b = analyze_text("KABUL, Afghanistan (AP) — A suicide bomber killed six people on Monday, police said.")
    [event] = b.events
    assert b.entity(event.place).name == "Kabul" and b.entity(event.place).country == "AF"


def test_broadcasters_are_sources_not_places(analyze_text):
    """Issue 15: a broadcaster's initials became a place."""
    a = analyze_text("The BBC and CNN reported the attack on Sunday.")
    assert {e.id for e in a.entities} >= {"bbc", "cnn"} and not [e for e in a.entities if e.kind == "place"]
    b = analyze_text("Al Jazeera said the strike hit a school in Gaza.")
    assert "al-jazeera" in {e.id for e in b.entities}
