"""Relations from sentences: stated facts, with negative cases that must not fire."""


def rels(analysis):
    return {(r.type, r.source, r.target, r.modality) for r in analysis.relations}


def test_relations_declared_war_each_other(analyze_text):
    a = analyze_text("In fact, ISIS-K and the Afghan Taliban have officially declared war against each other.")
    assert ("hostile", "isis-k", "taliban", "asserted") in rels(a)


def test_relations_led_by(analyze_text):
    a = analyze_text("There is a rivalry with the powerful Kandahar faction led by Mullah Baradar.")
    assert ("leads", "abdul-ghani-baradar", "taliban-kandahar-faction", "asserted") in rels(a)


def test_relations_elected_as_emir_is_dated(analyze_text):
    a = analyze_text("In mid-2020, ISIS-K elected Dr. Shahab al-Muhajer as its new Emir.")
    [r] = [r for r in a.relations if r.type == "leads"]
    assert (r.source, r.target, r.time) == ("sanaullah-ghafari", "isis-k", "2020")


def test_relations_hedged_hostility(analyze_text):
    a = analyze_text("The Taliban may be able to neutralize the ISIS-K.")
    assert ("hostile", "taliban", "isis-k", "hedged") in rels(a)


def test_relations_no_relation_from_mere_cooccurrence(analyze_text):
    a = analyze_text("ISIS-K and the Taliban differ in appearance and tactics.")
    assert a.relations == ()


def test_relations_leader_must_be_a_person(analyze_text):
    a = analyze_text("The Haqqani Network, led by the Taliban, grew.")
    assert not [r for r in a.relations if r.type == "leads"]


def test_relations_evidence_is_the_sentence(analyze_text):
    a = analyze_text("Calm returned. ISIS-K and the Taliban have declared war against each other.")
    [r] = a.relations
    assert r.evidence.text == "ISIS-K and the Taliban have declared war against each other."
    assert a.document.text[r.evidence.start:r.evidence.end] == r.evidence.text


def test_relations_former_commander_is_member(analyze_text):
    a = analyze_text("Al-Muhajer (ISIS-K leader) is an urban warfare expert and one of the former "
                     "commanders of the Haqqani Network.")
    assert ("member_of", "sanaullah-ghafari", "haqqani-network", "asserted") in rels(a)
    assert ("leads", "sanaullah-ghafari", "isis-k", "asserted") in rels(a)
