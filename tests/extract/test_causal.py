"""Causal links: cause and effect phrases, their entities, sign and modality."""


def links(analysis):
    return [(c.cause.entity, c.effect.entity, c.sign, c.modality) for c in analysis.causal_links]


def test_causal_future_lead_to(analyze_text):
    a = analyze_text("In fact, any division and dissatisfaction within the Taliban will lead to a greater "
                     "presence of ISIS-K.")
    [c] = a.causal_links
    assert (c.cause.text, c.effect.text) == ("any division and dissatisfaction within the Taliban",
                                             "a greater presence of ISIS-K")
    assert links(a) == [("taliban", "isis-k", "+", "future")]


def test_causal_conditional_reduction_is_negative(analyze_text):
    a = analyze_text("In the case of an agreement between the Taliban and the opposition, the chances of "
                     "the presence of ISIS-K could be reduced.")
    [c] = a.causal_links
    assert c.cause.text == "an agreement between the Taliban and the opposition"
    assert links(a) == [("taliban", "isis-k", "-", "conditional")]


def test_causal_benefit_links_the_group_to_its_antecedent(analyze_text):
    a = analyze_text("The recent escape of thousands of ISIS-K members from prison has also benefited the group.")
    assert links(a) == [("isis-k", "isis-k", "+", "asserted")]


def test_causal_opportunity_for(analyze_text):
    a = analyze_text("The expulsion of Uyghur fighters by the Taliban would be an ideal opportunity for "
                     "ISIS-K to recruit them.")
    [c] = a.causal_links
    assert (c.effect.entity, c.sign) == ("isis-k", "+")


def test_causal_depends_on_puts_the_cause_after(analyze_text):
    a = analyze_text("Therefore, the future of ISIS in Afghanistan largely depends on its ability to attract "
                     "more members.")
    [c] = a.causal_links
    assert c.effect.text == "the future of ISIS in Afghanistan"
    assert c.cause.text.startswith("its ability to attract more members")


def test_causal_threat_and_opportunity_are_two_links(analyze_text):
    a = analyze_text("In fact, ISIS-K is both a threat and an opportunity for the Taliban.")
    assert sorted(links(a)) == [("isis-k", "taliban", "+", "asserted"), ("isis-k", "taliban", "-", "asserted")]


def test_causal_means_after_by_is_the_cause(analyze_text):
    a = analyze_text("The Taliban leadership must prevent internal divisions by promising to create a more "
                     "inclusive government.")
    [c] = a.causal_links
    assert (c.cause.text, c.effect.text, c.sign) == (
        "promising to create a more inclusive government", "internal divisions", "-")


def test_causal_negated(analyze_text):
    a = analyze_text("The Taliban does not want to strengthen the recruitment of ISIS-K members.")
    assert [c.modality for c in a.causal_links] == ["negated"]


def test_causal_reported_by_a_speaker(analyze_text):
    a = analyze_text("The UN warned that the fighting in El Fasher could lead to famine.")
    [c] = a.causal_links
    assert (c.sign, c.attributed_to, c.effect.text) == ("+", "united-nations", "famine")


def test_causal_none_without_a_connector(analyze_text):
    assert analyze_text("ISIS-K has the ambition of dominating the world.").causal_links == ()
