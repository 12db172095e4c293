"""Places given with their parents in brackets, as event notes write them."""


def place_of_event(analysis):
    [event] = [e for e in analysis.events if e.type == "assault"]
    return analysis.entity(event.place)


def test_unknown_town_lies_within_its_known_parent(analyze_text):
    a = analyze_text("Gunmen stormed a school in Kuriga (Chikun, Kaduna) on Thursday and seized 137 pupils.")
    town = place_of_event(a)
    # Chikun is a local government area of Kaduna State: the nearest known parent.
    assert (town.name, town.attributes["within_name"], town.attributes["admin1_name"], town.country) == (
        "Kuriga", "Chikun", "Kaduna", "NG")
    chikun = next(e for e in a.entities if e.name == "Chikun")
    assert chikun.kind == "place"  # a district in the brackets, not a person


def test_the_first_known_parent_is_the_nearest(analyze_text):
    a = analyze_text("Twenty-three soldiers were killed on Wednesday in an ambush near Tassia (Tera, Tillaberi).",
                     published="2024-05-07")
    town = place_of_event(a)
    assert (town.name, town.attributes["within_name"], town.country) == ("Tassia", "Téra", "NE")
    assert [e.fatalities for e in a.events] == [23]


def test_brackets_that_are_not_parents_change_nothing(analyze_text):
    a = analyze_text("The Rapid Support Forces (RSF) attacked El Fasher on Monday.")
    assert all(not e.attributes.get("within") for e in a.entities)


def test_a_namesake_is_chosen_in_the_parent_named_or_none_is(analyze_text):
    """Issue 15: a village given with its oblast went to a namesake elsewhere."""
    a = analyze_text("Russian forces shelled Novoselivka, Donetsk, on Sunday.")
    village = place_of_event(a)
    assert (village.name, village.attributes["admin1"]) == ("Novoselivka", "UA-14")
    assert village.attributes["runner_up_name"].startswith("Novoselivka")  # the choice is shown
    b = analyze_text("Russian forces shelled Novoselivka, Kharkiv, on Sunday.")
    village = place_of_event(b)  # the gazetteer has no Novoselivka in Kharkiv oblast
    assert (village.id, village.attributes["admin1"]) == ("new:novoselivka", "UA-63")
