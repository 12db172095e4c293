"""Linking names to actors and places, with the context that decides between them."""

import pytest


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


def test_linker_faction_is_actor_and_city_is_place(analyze_text):
    a = analyze_text("The Kandahar faction of the Taliban met elders in Kandahar.")
    assert a.entity("taliban-kandahar-faction").kind == "faction"
    kandahar = [e for e in a.entities if e.kind == "place" and e.country == "AF"]
    assert [e.name for e in kandahar] and all("faction" not in e.name for e in kandahar)


def test_linker_titles_and_time_zones_are_not_actors(analyze_text):
    a = analyze_text("Published 11:58 GMT. The Emir of ISIS-K spoke to Dr. Ahmadi.")
    assert {e.id for e in a.entities if e.kind != "place"} == {"isis-k", "new:ahmadi"}
    assert a.entity("new:ahmadi").kind == "person" and a.entity("new:ahmadi").name == "Ahmadi"


def test_linker_country_list_before_a_verb_are_states(analyze_text):
    a = analyze_text("Neighboring actors such as China, Iran, and Russia are also concerned about ISIS-K.")
    assert {"state:CN", "state:IR", "state:RU"} <= {e.id for e in a.entities}


def test_linker_country_without_actor_cue_is_a_place(analyze_text):
    a = analyze_text("Thousands of fighters crossed from Pakistan into Afghanistan last year.")
    assert {e.id for e in a.entities} >= {"place:PK", "place:AF"}


def test_linker_generated_government_and_forces(analyze_text):
    a = analyze_text("Iraqi security forces and the Government of Iraq retook Mosul from ISIS.")
    assert {"military:IQ", "government:IQ", "islamic-state"} <= {e.id for e in a.entities}
    assert a.entity("military:IQ").kind == "government"


def test_linker_far_away_small_town_is_ignored(analyze_text):
    a = analyze_text("The Taliban's Mission in Kabul said the Human Rights office in Kunduz reopened.")
    assert all(e.country == "AF" for e in a.entities if e.kind == "place")


def test_linker_unknown_organisation_becomes_provisional(analyze_text):
    a = analyze_text("Fighters of the Ninawa Plains Protection Units clashed with ISIS near Mosul.")
    unit = a.entity("new:ninawa-plains-protection-units")
    assert unit is not None and unit.kind == "armed_group" and unit.attributes["provisional"]


def test_linker_time_span_picks_the_actor_of_the_day(analyze_text):
    before = analyze_text("The Afghan government said it had retaken Kunduz.", published="2019-10-01")
    after = analyze_text("The Afghan government said it had retaken Kunduz.", published="2023-05-01")
    assert "afghan-republic-government" in {e.id for e in before.entities}
    assert "government:AF" in {e.id for e in after.entities}


def test_linker_titled_and_misspelt_known_person(analyze_text):
    titled = analyze_text("President Abdel Fattah al-Burhan visited Port Sudan.")
    assert "abdel-fattah-al-burhan" in {e.id for e in titled.entities}
    misspelt = analyze_text("Commander Sanaulah Ghafari spoke.")
    assert "sanaullah-ghafari" in {e.id for e in misspelt.entities}
    assert not [e for e in misspelt.entities if e.id.startswith("new:")]


def test_linker_shared_acronym_follows_the_country_focus(analyze_text):
    somalia = analyze_text("In Mogadishu and Hiraan, the SNA fought al-Shabaab.")
    syria = analyze_text("In Afrin and Aleppo, the SNA fought the SDF.")
    assert "somali-national-army" in {e.id for e in somalia.entities}
    assert "syrian-national-army" in {e.id for e in syria.entities}


def test_linker_the_regime_is_the_government_of_the_country_in_focus(analyze_text):
    a = analyze_text("Opposition forces shelled the town, and the regime responded with airstrikes on Idlib.")
    assert any(m.text == "regime" or m.text == "the regime"
               for m in a.entity("government:SY").mentions), [e.id for e in a.entities]


def test_linker_nominal_armed_actors_are_generic(analyze_text):
    a = analyze_text("Coalition forces struck ISIL positions near Mosul.")
    generic = [e for e in a.entities if e.attributes.get("generic")]
    assert [(e.id, e.kind, e.name) for e in generic] == [("generic:coalition-forces", "armed_group",
                                                          "coalition forces")]


def test_linker_the_group_is_still_a_reference_not_a_generic_actor(analyze_text):
    a = analyze_text("Al-Shabaab lost Bulo Burde in 2023. The group then attacked Mogadishu.")
    assert not [e for e in a.entities if e.id.startswith("generic:")]
    assert len(a.entity("al-shabaab").mentions) == 2


def test_linker_generic_reference_prefers_the_sentence_topic(analyze_text):
    a = analyze_text("The Taliban's focus on fighting ISIS-K gives the group a chance to show its commitments.")
    group = next(m for e in a.entities for m in e.mentions if m.text == "the group")
    assert group in a.entity("taliban").mentions


def test_linker_its_leader_is_the_registry_leader_at_the_date(analyze_text):
    a = analyze_text("ISIS-K claimed the attack. Its leader called for more attacks on the Taliban.")
    assert [m.text for m in a.entity("sanaullah-ghafari").mentions] == ["Its leader"]
    assert [m.text for m in a.entity("isis-k").mentions] == ["ISIS-K"]


def test_linker_possessive_emir_follows_the_date(analyze_text):
    before = analyze_text("Al-Shabaab's emir praised the fighters.", published="2012-01-01")
    after = analyze_text("Al-Shabaab's emir praised the fighters.", published="2023-05-01")
    assert before.entity("ahmed-abdi-godane") and after.entity("ahmed-diriye")


def test_linker_its_leader_named_next_to_it_is_not_doubled(analyze_text):
    a = analyze_text("JNIM grew in 2020. Its leader, Iyad Ag Ghaly, refused talks.", published="2020-05-01")
    assert [m.text for m in a.entity("iyad-ag-ghaly").mentions] == ["Iyad Ag Ghaly"]


def test_linker_person_wins_over_a_place_word_inside_the_name(analyze_text):
    a = analyze_text("Abu Ghadiya was a commander in Syria. Iraqi Prime Minister Nouri al-Maliki spoke.")
    assert not [e for e in a.entities if e.kind == "place" and e.name.startswith("Abu")]
    assert not a.entity("people:IQ")


def place_mentions(analysis):
    return {m.text: e for e in analysis.entities if e.kind == "place" for m in e.mentions}


def test_linker_place_takes_its_direction_and_division(analyze_text):
    a = analyze_text("The ridge runs from northern Salah ad Din Province into southern Kirkuk "
                     "Province and Al-Raqqa province.")
    places = place_mentions(a)
    assert places["northern Salah ad Din Province"].id == "place:IQ-SD"
    assert places["southern Kirkuk Province"].id == "place:IQ-KI"
    assert places["Al-Raqqa province"].id == "place:SY-RA"
    assert all(p.admin_level == "admin1" for p in places.values())


def test_linker_places_joined_by_and_are_two_places(analyze_text):
    a = analyze_text("Fighting in North Waziristan and the Swat Valley intensified.")
    places = place_mentions(a)
    assert places["North Waziristan"].id == "place:region-north-waziristan"
    assert places["Swat Valley"].id == "place:region-swat"


def test_linker_town_across_the_border_is_meant(analyze_text):
    a = analyze_text("Hezbollah fired rockets at Kiryat Shmona from southern Lebanon.")
    places = place_mentions(a)
    assert places["southern Lebanon"].id == "place:LB"
    assert places["Kiryat Shmona"].country == "IL" and places["Kiryat Shmona"].lat is not None


def test_linker_sea_is_not_the_province_named_after_it(analyze_text):
    a = analyze_text("The Houthis attacked ships in the Red Sea off Hodeidah.")
    places = place_mentions(a)
    assert places["Red Sea"].id == "place:region-red-sea"
    assert places["Hodeidah"].country == "YE"


def test_linker_place_inside_a_longer_name_is_not_the_place(analyze_text):
    a = analyze_text("According to the United States Treasury Department, he fought in the 1991 "
                     "Gulf War and in the Iran-Iraq War before commanding the Baghdad Operational Command.")
    assert not [e for e in a.entities if e.kind in ("place", "state")], [e.id for e in a.entities]
    assert a.entity("new:united-states-treasury-department").kind == "government"
    assert a.entity("new:baghdad-operational-command")


def test_linker_facility_is_a_new_place_at_the_town_it_is_named_after(analyze_text):
    a = analyze_text("Water is stored behind the Samarra Barrage on the Tigris, north of Baghdad, Iraq.")
    barrage = a.entity("new:samarra-barrage")
    assert barrage.kind == "place" and barrage.country == "IQ"
    assert barrage.attributes["within_name"] == "Sāmarrā’" and barrage.attributes["approximate"]
    assert barrage.lat == pytest.approx(34.2, abs=0.1)
    assert "Samarra" not in place_mentions(a)


def test_linker_district_of_a_city_is_a_place_within_it(analyze_text):
    a = analyze_text("He was killed by US forces in the Doura district of Baghdad in 2006.")
    doura = a.entity("new:doura")
    assert doura.name == "Doura" and doura.country == "IQ"
    assert doura.attributes["within_name"] == "Baghdad"
    assert [m.text for m in doura.mentions] == ["Doura district of Baghdad"]


def test_linker_place_the_ner_found_is_kept_though_its_namesake_is_far(analyze_text):
    # Sa'dah in Yemen is not meant in a story about western Iraq; the village is still a place.
    a = analyze_text("Marines in Anbar cleared Husaybah and Karabilah. The assault on Sadah began "
                     "on 5 November near the Syrian border of Iraq.")
    sadah = a.entity("new:sadah")
    assert sadah is not None and sadah.kind == "place" and sadah.lat is None
    assert not [e for e in a.entities if e.country == "YE"]


def test_linker_meeting_keeps_its_place_and_is_no_actor(analyze_text):
    a = analyze_text("Donors pledged $6 billion at the Brussels Conference on Syria.")
    assert "Brussels" in place_mentions(a)
    assert not [e for e in a.entities if "Conference" in e.name]


def test_linker_country_before_its_officials_is_the_state(analyze_text):
    a = analyze_text("U.S. officials reported that the operation killed 139 insurgents in Iraq.")
    assert not [m for e in a.entities if e.kind == "place" for m in e.mentions if m.text == "U.S."]


def test_linker_arabic_article_is_optional_in_town_names(analyze_text):
    a = analyze_text("Protesters gathered in Amarah and al-Hilla, south of Baghdad, Iraq.")
    places = place_mentions(a)
    assert places["Amarah"].country == "IQ" and places["Amarah"].admin_level == "city"
    assert places["Amarah"].lat == pytest.approx(31.8, abs=0.2)
    assert places["al-Hilla"].country == "IQ"


def test_linker_native_script_name_in_an_english_sentence(analyze_text):
    a = analyze_text("Kata'ib Hezbollah (كتائب حزب الله) claimed the drone attack.")
    kh = a.entity("kataib-hezbollah")
    assert kh is not None and "كتائب حزب الله" in [m.text for m in kh.mentions]


def test_linker_person_named_like_a_far_town_is_a_person(analyze_text):
    a = analyze_text("Musharraf told Clinton he could not use Pakistani soil. Later Bush was "
                     "obsessing about Iraq, and Elizabeth sent the memo.")
    persons = {m.text for e in a.entities if e.kind == "person" for m in e.mentions}
    assert {"Clinton", "Bush"} <= persons
    assert not [e for e in a.entities if e.kind == "place" and e.country not in ("PK", "IQ")]


def test_linker_big_city_the_ner_calls_a_person_stays_a_city(analyze_text):
    a = analyze_text("Fighting raged in El Fasher, Sudan. Talks in Jeddah were mediated by Saudi Arabia.")
    assert place_mentions(a)["Jeddah"].country == "SA"


def test_linker_pronouns_and_god_are_not_persons(analyze_text):
    a = analyze_text("I welcome the report. He said the attack was planned. They thanked God.")
    assert not [e for e in a.entities if e.kind == "person"], [e.id for e in a.entities]


def test_linker_a_longer_name_is_another_person(analyze_text):
    a = analyze_text("Zakaria Amara, 20, and Asad Ansari, 21, were arrested in Mississauga, Canada.")
    assert not a.entity("bashar-al-assad")
    assert a.entity("new:asad-ansari").kind == "person"


def test_linker_person_mention_takes_title_but_not_job_line(analyze_text):
    a = analyze_text("His deputy is Major General Hassan Karim.\nLet me know.\nJanette Elbertson "
                     "Administrative Coordinator\nEnron")
    names = {e.name: [m.text for m in e.mentions] for e in a.entities if e.kind == "person"}
    assert names["Hassan Karim"] == ["Major General Hassan Karim"]
    assert "Janette Elbertson" in names


def test_linker_town_of_and_arabic_article_with_a_space(analyze_text):
    a = analyze_text("Militants attacked the town of Palma in Cabo Delgado, Mozambique. RSF fighters "
                     "took El Geneina in West Darfur, Sudan.")
    places = place_mentions(a)
    assert places["the town of Palma"].country == "MZ" and places["the town of Palma"].lat is not None
    assert places["El Geneina"].country == "SD" and not places["El Geneina"].attributes.get("provisional")


def test_linker_district_the_ner_calls_an_organisation_is_a_place(analyze_text):
    a = analyze_text("Islamic State fighters attacked the prison in the Ghwayran district of "
                     "Al-Hasakah, Syria, in January 2022.")
    assert not [e for e in a.entities if "Ghwayran" in e.name and e.kind != "place"]


def test_linker_known_person_after_a_common_noun(analyze_text):
    a = analyze_text("Al-Shabaab's leader succeeded his predecessor Ahmed Abdi Godane in 2014.")
    assert a.entity("ahmed-abdi-godane") is not None


def test_linker_nationality_inside_an_organisation_name_is_part_of_it(analyze_text):
    a = analyze_text("IP addresses assigned to the Syrian Computer Society were seized by the operator.")
    society = [e for e in a.entities if e.name == "Syrian Computer Society"]
    assert society and society[0].kind == "organisation"  # not an armed group, not Syrians
    assert not a.entity("people:SY")


def test_linker_battles_are_events_and_headline_capitals_name_nothing(analyze_text):
    a = analyze_text("The Battle of Mosul lasted nine months.\nTALIBAN SEIZE KUNDUZ AS AFGHAN ARMY RETREATS")
    assert not [e for e in a.entities if e.id.startswith("new:")], [e.id for e in a.entities]
    assert {"taliban", "place:AF-KDZ", "military:AF"} <= {e.id for e in a.entities}


def test_linker_acronym_in_running_text_is_no_place_and_rivers_keep_their_noun(analyze_text):
    a = analyze_text("Iraqi SWAT forces raided a house in Ramadi near the Tigris river, while "
                     "the army fought in Swat and the Hamrin mountains.")
    places = place_mentions(a)
    assert "SWAT" not in places and places["Swat"].country == "PK"
    assert places["Tigris river"].id == "place:region-tigris"
    assert places["Hamrin mountains"].country == "IQ"


def test_linker_he_and_his_opening_a_sentence_refer_to_the_last_person(analyze_text):
    a = analyze_text("Abboud Qanbar is an Iraqi general. He was appointed by Prime Minister Nouri "
                     "al-Maliki. His deputy is Staff Colonel Abd Alamir. It is unclear why.",
                     published="2007-02-01")
    qanbar = a.entity("new:abboud-qanbar")
    assert [m.text for m in qanbar.mentions] == ["Abboud Qanbar", "He", "His"]  # a chain
    assert a.entity("nouri-al-maliki") is not None
    assert not [e for e in a.entities if any(m.text == "It" for m in e.mentions)]


def test_linker_nationality_and_title_before_a_known_person(analyze_text):
    a = analyze_text("Iraqi Prime Minister Nouri al-Maliki spoke in Baghdad.", published="2010-05-01")
    assert [m.text for m in a.entity("nouri-al-maliki").mentions] == ["Iraqi Prime Minister Nouri al-Maliki"]


def test_linker_the_group_reaches_back_through_its_paragraph_only(analyze_text):
    story = ("JNIM was founded in 2017. Analysts describe a long war. Fighting spread across "
             "Burkina Faso. Many civilians fled. The group now controls much of the countryside.")
    same = analyze_text(story)
    assert "The group" in [m.text for m in same.entity("jnim").mentions]
    apart = analyze_text(story.replace("Fighting", "\n\nFighting"))
    assert "The group" not in [m.text for m in apart.entity("jnim").mentions]


def test_linker_an_office_is_its_holder_of_the_day_and_a_name_after_its_comma_the_person(analyze_text):
    a = analyze_text("The Minister for Central Asia, Jane Doe, visited Kabul. The Minister for the "
                     "Middle East said the attack was appalling.", published="2016-03-01")
    assert "Jane Doe" in {e.name for e in a.entities if e.kind == "person"}
    assert [m.text for m in a.entity("tobias-ellwood").mentions] == ["The Minister for the Middle East"]
    later = analyze_text("The Minister for the Middle East said the attack was appalling.",
                         published="2023-03-01")
    assert not later.entity("tobias-ellwood")  # not in office then: the office stays unnamed
    assert [e.name for e in later.entities] == ["Minister for the Middle East"]


def test_linker_an_office_of_a_state_with_its_complement_is_one_organisation(analyze_text):
    a = analyze_text("He was listed by the United States Department of the Treasury, and the "
                     "Ministry of Defence of Iraq confirmed it.")
    names = {e.name: e.kind for e in a.entities}
    assert names.get("United States Department of the Treasury") == "government"
    assert names.get("Ministry of Defence of Iraq") == "government"
    assert not [e for e in a.entities if e.id in ("state:US", "place:US")]
