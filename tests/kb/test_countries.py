"""Actors generated for every country: their names read as English."""

import pytest

from faultlines.kb.countries import country_actors


@pytest.mark.issue(18)
def test_country_actor_names_take_the_article_where_english_does():
    names = {a.id: a.name for a in country_actors([("US", "United States"), ("PH", "Philippines"),
                                                    ("NL", "The Netherlands"), ("IQ", "Iraq")])}
    assert names["military:US"] == "Armed Forces of the United States"
    assert names["government:PH"] == "Government of the Philippines"
    assert names["police:NL"] == "Police of the Netherlands"
    assert names["military:IQ"] == "Armed Forces of Iraq"
    assert (names["state:US"], names["state:IQ"]) == ("United States", "Iraq")
