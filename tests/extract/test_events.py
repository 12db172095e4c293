"""Events: type, mode, actors, targets, place, date, fatalities, source, and what must not fire."""


def events(analysis):
    return [(e.type, e.mode, e.actors, e.targets) for e in analysis.events]


def test_events_leadership_change_is_dated(analyze_text):
    a = analyze_text("In mid-2020, ISIS-K elected Dr. Shahab al-Muhajer as its new Emir.")
    [e] = a.events
    assert (e.type, e.actors, e.targets, e.date) == ("leadership_change", ("isis-k",), ("sanaullah-ghafari",), "2020")
    assert e.acled_type == "Strategic developments"


def test_events_claim_of_responsibility_is_said_by_the_actor(analyze_text):
    a = analyze_text("On 3 March 2021, al-Shabaab claimed responsibility for the bombing in Mogadishu.")
    e = next(e for e in a.events if e.type == "claim_of_responsibility")
    assert e.actors == ("al-shabaab",) and e.modality == "claimed" and e.attributed_to == "al-shabaab"


def test_events_assault_on_a_community_at_a_place(analyze_text):
    a = analyze_text("Attacks on Shiite mosques in Kandahar have been one of ISIS-K's major efforts.")
    [e] = [e for e in a.events if e.type == "assault"]
    assert e.targets == ("shia-muslims",)
    assert a.entity(e.place).name.startswith("Kandah")
    assert e.acled_type == "Violence against civilians"


def test_events_arrest_with_reported_source(analyze_text):
    a = analyze_text("According to the Taliban's announcement, the group has arrested 250 ISIS-K members "
                     "across Afghanistan.")
    [e] = [e for e in a.events if e.type == "coerce"]
    assert (e.mode, e.actors, e.targets, e.place) == ("arrest", ("taliban",), ("isis-k",), "place:AF")
    assert (e.modality, e.attributed_to) == ("reported", "taliban")


def test_events_passive_voice_actor_after_by(analyze_text):
    a = analyze_text("Five journalists were arrested by the Rapid Support Forces in Khartoum.")
    [e] = [e for e in a.events if e.type == "coerce"]
    assert e.actors == ("rapid-support-forces",)


def test_events_fatalities_and_bombing_mode(analyze_text):
    a = analyze_text("A suicide bombing by al-Shabaab in Mogadishu on 14 October 2017 left 587 people "
                     "killed, officials said.")
    [e] = [e for e in a.events if e.type == "assault"]
    assert (e.mode, e.fatalities, e.acled_type) == ("bombing", 587, "Explosions/Remote violence")
    assert e.actors == ("al-shabaab",) and e.date == "2017-10-14"


def test_events_defection_of_listed_groups(analyze_text):
    a = analyze_text("Some former members of the Afghan army and the National Directorate of Security "
                     "are joining ISIS for revenge.")
    [e] = [e for e in a.events if e.type == "defection"]
    assert {"military:AF", "national-directorate-of-security"} <= set(e.actors)
    assert e.targets == ("islamic-state",)


def test_events_future_interval_and_hedge(analyze_text):
    a = analyze_text('The United States has warned that ISIS-K remains a "serious threat" and that the '
                     "group could rebuild its capabilities within two years.")
    [e] = a.events
    assert (e.type, e.mode, e.actors) == ("mobilize", "rebuild", ("isis-k",))
    assert (e.date, e.modality, e.attributed_to) == ("2021-11-09/2023-11-09", "hedged", "state:US")


def test_events_absence_of_airstrikes_is_no_event(analyze_text):
    a = analyze_text("However, in the absence of airstrikes, the Taliban may be able to neutralize ISIS-K.")
    assert not [e for e in a.events if e.type == "assault"]


def test_events_denial_is_a_rejection_by_the_speaker(analyze_text):
    a = analyze_text("Hamas denied any involvement in the attack.")
    [e] = [e for e in a.events if e.type == "reject"]
    assert (e.actors, e.attributed_to, e.modality) == (("hamas",), "hamas", "asserted")


def test_events_none_in_a_sentence_without_a_trigger(analyze_text):
    a = analyze_text("The Taliban and ISIS differ in appearance and tactics.")
    assert a.events == ()
