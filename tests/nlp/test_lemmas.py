"""Dictionary forms for looking words up: the trained lemmatizer errs on rarer inflections."""

import pytest

from faultlines.nlp.lemmas import lemmas


@pytest.mark.parametrize(("word", "form"), [("beaten", "beat"), ("taken", "take"), ("driven", "drive"),
                                            ("kidnapped", "kidnap"), ("stormed", "storm"),
                                            ("militiamen", "militiaman")])
def test_an_inflected_word_offers_its_dictionary_form(pipeline, word, form):
    token = pipeline.nlp(f"They were {word} away.")[2]
    assert form in lemmas(token)
