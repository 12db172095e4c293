"""Number claims: values, ranges, vague amounts, subjects, attribution and time."""


def claims(analysis):
    return [(c.subject, c.attribute, c.value.low, c.value.high, c.value.approx) for c in analysis.claims]


def test_claims_range_with_attribution(analyze_text):
    a = analyze_text("According to various estimates, there are between 2,200 and even 4,000 ISIS-K "
                     "fighters in Afghanistan.")
    [c] = a.claims
    assert (c.subject, c.attribute, c.value.low, c.value.high) == ("isis-k", "fighters", 2200, 4000)
    assert c.attributed_to == "various estimates"
    assert c.as_of == "2021-11-09"


def test_claims_subject_shared_by_joined_verbs(analyze_text):
    # The Taliban is named nearer the number, but ISIS-K is the one "estimated to have" fighters.
    a = analyze_text("ISIS-K has been fighting the Taliban since 2015 and is estimated to have "
                     "between 4,000 and 6,000 fighters.")
    assert claims(a) == [("isis-k", "fighters", 4000, 6000, False)]


def test_claims_range_with_an_en_dash_is_a_number_not_an_actor(analyze_text):
    a = analyze_text("JNIM is estimated to have 4,000–6,000 fighters.")
    assert claims(a) == [("jnim", "fighters", 4000, 6000, False)]
    assert [e.id for e in a.entities] == ["jnim"]


def test_claims_source_entity_and_verb_attribute(analyze_text):
    a = analyze_text("According to the Taliban's announcement, the group has arrested 250 ISIS-K members "
                     "across Afghanistan.")
    [c] = a.claims
    assert (c.subject, c.attribute, c.value.low, c.attributed_to, c.modality) == (
        "isis-k", "arrested", 250, "taliban", "reported")


def test_claims_claimed_responsibility_with_dates(analyze_text):
    a = analyze_text("ISIS-K was weakened. In the first two months of 2021 alone, the group claimed "
                     "responsibility for 47 attacks.")
    [c] = a.claims
    assert (c.subject, c.attribute, c.value.low, c.modality, c.as_of) == (
        "isis-k", "attacks", 47, "claimed", "2021-01/2021-02")


def test_claims_vague_quantities(analyze_text):
    a = analyze_text("ISIS-K has several thousand member fighters. Dozens of Taliban fighters defected.")
    assert ("isis-k", "fighters", 3000, 9000, True) in claims(a)
    assert ("taliban", "defected", 24, 99, True) in claims(a)


def test_claims_member_count_of_coalition(analyze_text):
    a = analyze_text("However, the 83-member Global Coalition for the Defeat of ISIS-K is crucial.")
    assert claims(a) == [("global-coalition-against-daesh", "members", 83, 83, False)]


def test_claims_years_and_bare_numbers_are_not_claims(analyze_text):
    a = analyze_text("ISIS-K began its activities in 2014. In 2019 the government claimed victory.")
    assert a.claims == ()
