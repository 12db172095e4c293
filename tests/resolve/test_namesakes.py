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


def test_a_place_inside_an_institutions_name_is_not_a_place(analyze_text):
    """Issue 15: "University" in "University of <X>" became a town, and X a place."""
    a = analyze_text("A lecturer at the University of Maiduguri said the attack was repelled.")
    assert not [e for e in a.entities if e.kind == "place"]
    b = analyze_text("Students at the University of Aleppo and at Kabul University protested on Monday.")
    assert not [e for e in b.entities if e.kind == "place"]


def test_words_and_surnames_are_not_small_towns(analyze_text):
    """A capitalised word or a surname that is also a small town somewhere is not the town."""
    a = analyze_text("Welcome Darin! The hottest item on Christmas wish lists is a drone, Hughes said.")
    assert not [e for e in a.entities if e.id.startswith("place:")]  # (the NER's own "Welcome Darin" aside)
    b = analyze_text("Israel struck Gaza again. Sharon has lost his patience, an aide said.")
    assert "Sharon" not in places(b) and [e for e in b.entities if e.name == "Sharon" and e.kind == "person"]


def test_a_small_town_in_the_county_the_story_is_set_in(analyze_text):
    """Issue 15: a town in a story set in one US parish went to a namesake elsewhere."""
    a = places(analyze_text("Flooding closed roads in Cameron Parish, Louisiana, on Monday. In Hackberry, "
                            "residents were told to leave."))
    assert a["Hackberry"].attributes["admin1"] == "US-LA"
    assert a["Hackberry"].attributes["admin2_name"] == "Cameron Parish"
    b = places(analyze_text("Storms hit Louisiana overnight, and in the small town of Hackberry two homes burned."))
    assert b["Hackberry"].attributes["admin1"] == "US-LA"


def test_a_village_is_the_namesake_near_the_storys_other_places(analyze_text):
    """Nearness: of a dozen Novoselivkas, the one in the oblast whose towns the story names."""
    a = places(analyze_text("Russian forces shelled Kramatorsk and Sloviansk on Tuesday. Two people were "
                            "killed in Novoselivka, officials said."))
    assert a["Novoselivka"].attributes["admin1"] == "UA-14"
    b = places(analyze_text("Drones struck Odesa and Izmail overnight; a school in Novoselivka was damaged."))
    assert b["Novoselivka"].attributes["admin1"] == "UA-51"


def test_every_chosen_place_shows_its_score_and_the_runner_up(analyze_text):
    a = places(analyze_text("Fighting was reported near Tripoli, Lebanon, and in Hyderabad on Sunday."))
    tripoli = a["Tripoli"]
    assert tripoli.country == "LB" and tripoli.attributes["score_parts"]["parent"] > 0
    assert tripoli.attributes["score"] > tripoli.attributes["runner_up_score"]
    assert "LY" in tripoli.attributes["runner_up_name"]


def test_a_village_the_gazetteer_lacks_takes_the_storys_country(analyze_text):
    """Issue 15: villages the gazetteer lacks were left with no country at all."""
    a = analyze_text("Rebels burned homes in Kalengera overnight, officials in Goma said. The Congolese "
                     "army said the Democratic Republic of the Congo would not negotiate.")
    kalengera = places(a)["Kalengera"]
    assert (kalengera.country, kalengera.lat) == ("CD", None)
    assert kalengera.attributes["country_from"] == "document"
    b = analyze_text("Insurgents raided Ntchinga village, residents told reporters in Pemba, Mozambique. "
                     "Mozambique's army later retook it.")
    assert places(b)["Ntchinga"].country == "MZ"


def test_a_province_named_like_its_capital(analyze_text):
    """Issue 15: an oblast named like its capital went to the city."""
    a = places(analyze_text("Russian troops advanced in the Kharkiv region on Friday, and a drone hit Kupiansk."))
    assert a["Kharkivska"].id == "place:UA-63"
    b = places(analyze_text("Shelling damaged a school in Kharkiv on Friday."))
    assert b["Kharkiv"].admin_level == "city"


def test_diseases_and_communities_named_like_places_are_not_places(analyze_text):
    a = analyze_text("Health workers fought Lassa fever and the Zika virus while Druze and Alawite families "
                     "fled, a doctor said.")
    assert not [e for e in a.entities if e.kind == "place"]


def test_wire_datelines_without_a_parent_or_with_a_date(analyze_text):
    a = places(analyze_text("BEIRUT (AP) — Government forces captured a hilltop on Thursday."))
    assert a["Beirut"].country == "LB"
    b = places(analyze_text("MAIDUGURI, Nigeria, April 15 (Reuters) - Gunmen killed four farmers on Monday."))
    assert b["Maiduguri"].attributes["admin1"] == "NG-BO"


def countries_named(analysis):
    """The countries named, as places or as the states that act ("troops from Chad")."""
    return {e.country for e in analysis.entities
            if e.kind == "state" or (e.kind == "place" and e.admin_level == "country")}


def test_a_dateline_country_said_ambiguously_is_the_one_that_holds_the_town(analyze_text):
    """"GOMA, Congo (AP)" placed nothing: "Congo" was only the Republic of the Congo, which has no Goma."""
    a = analyze_text("BUNIA, Congo (AP) — Militiamen attacked a camp for displaced people on Sunday, killing 12, "
                     "a local official said.")
    assert places(a)["Bunia"].country == "CD" and countries_named(a) == {"CD"}


def test_congo_alone_is_the_congo_of_the_story(analyze_text):
    a = analyze_text("Rebels advanced on Butembo and Beni on Sunday as Congo's army withdrew from the area.")
    assert countries_named(a) == {"CD"}
    b = analyze_text("Brazzaville and Pointe-Noire were calm on Sunday as Congo voted for a new parliament.")
    assert countries_named(b) == {"CG"}


def test_a_bare_dateline_opening_a_report_places_it(analyze_text):
    """Datelines without an agency or a parent ("JALINGO —", "BAIDOA, April 4 -") were skipped."""
    a = places(analyze_text("BOR — Cattle raiders killed 14 people in Jonglei state on Sunday, officials said."))
    assert a["Bor"].country == "SS"
    b = places(analyze_text("KISMAYO, March 3 - Al Shabaab fighters attacked an army base outside the port on Friday."))
    assert b["Kismayo"].country == "SO"
    c = analyze_text("BREAKING — Police said two men were arrested after the shooting on Monday.")
    assert not [e for e in c.entities if e.kind == "place"]


def test_the_dateline_steers_the_towns_of_the_story(analyze_text):
    """"TACLOBAN CITY, Leyte —" placed nothing (a province for parent, "City" after the name), and
    the towns of the report went to their namesakes in Argentina and the United States."""
    a = places(analyze_text("ORMOC CITY, Leyte — Residents of Basey and Santa Fe rebuilt their homes after the storm, "
                            "the mayor said on Wednesday."))
    assert (a["Ormoc"].country, a["Basey"].country, a["Santa Fe"].country) == ("PH", "PH", "PH")


def test_a_name_listed_with_countries_is_a_country(analyze_text):
    """In a story about Nigeria, "Niger" beside other countries was Niger State."""
    a = analyze_text("Nigeria's army said troops from Chad, Niger and Cameroon would join the offensive in Borno "
                     "state, where Boko Haram attacked Maiduguri and Bama.")
    assert "NE" in countries_named(a) and "place:NG-NI" not in {e.id for e in a.entities}
    b = analyze_text("Officials in Texas and Florida met envoys from Georgia and Armenia in Austin on Monday.")
    assert countries_named(b) >= {"GE", "AM"}
    c = places(analyze_text("Storms hit Texas, Alabama and Georgia on Sunday, and Florida braced for floods."))
    assert c["Georgia"].id == "place:US-GA"


def test_places_listed_together_lie_in_one_country(analyze_text):
    """A Cameroonian statement's "the Far North, Adamawa and East regions" was Adamawa State in
    Nigeria, the story's other country."""
    a = places(analyze_text("Nigeria's army said Boko Haram fighters attacked Maiduguri, Bama and Gwoza in Nigeria on "
                            "Sunday. In Cameroon, the governor told residents of the Far North, Adamawa and East "
                            "regions to stay indoors."))
    assert a["Adamawa"].id == "place:CM-AD"
    b = places(analyze_text("Pakistan's army said floods had reached Lahore, Multan and Bahawalpur in Pakistan. In "
                            "India, officials in Amritsar warned that Punjab and Haryana would be next."))
    assert b["Punjab"].id == "place:IN-PB"
