"""The NLP stage: sentences, and known names marked as entities on token boundaries."""

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.nlp import annotate, positions


def test_names_marked_without_punctuation_or_possessive(pipeline):
    doc = annotate(pipeline.nlp, pipeline.kb,
                   "ISIS-K's fighters moved from Kunar, Nangarhar and Sar-e-Pul. The Taliban's response was slow.")
    assert [e.text for e in doc.ents] == ["ISIS-K", "Kunar", "Nangarhar", "Sar-e-Pul", "Taliban"]


def test_names_longest_match_wins(pipeline):
    doc = annotate(pipeline.nlp, pipeline.kb, "Tehreek-e-Taliban Pakistan and the Kandahar faction met.")
    assert [e.text for e in doc.ents] == ["Tehreek-e-Taliban Pakistan", "Kandahar faction"]


def test_names_sentence_ends_after_acronym_with_letter(pipeline):
    doc = annotate(pipeline.nlp, pipeline.kb, "The Taliban may neutralize ISIS-K. In fact, ISIS is weak.")
    assert [s.text for s in doc.sents] == ["The Taliban may neutralize ISIS-K.", "In fact, ISIS is weak."]


def test_names_acronym_with_a_letter_is_one_word_for_the_parser(pipeline):
    doc = annotate(pipeline.nlp, pipeline.kb, "ISIS-K has been fighting the Taliban since 2015.")
    assert doc[0].text == "ISIS-K" and doc[0].dep_ == "nsubj" and doc[0].head.text == "fighting"


def test_names_kind_of_an_unknown_organisation(pipeline):
    from spacy.tokens import Span

    rules = pipeline.provisional
    for text, kind in [("Jaysh al-Nasr", "armed_group"), ("Board of Inquiry", "organisation"),
                       ("Kunar Brigade", "armed_group"), ("Ministry of Defence", "government"),
                       ("Battle of Mosul", "event"), ("Samarra Barrage", "place")]:
        doc = pipeline.nlp.make_doc(text)
        assert rules.kind_of(Span(doc, 0, len(doc), label="ORG")) == kind, text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["The", "the", "THIS", "group", "its", "leader", "-", "'s", "Its", "x"]),
                max_size=20))
def test_cue_words_are_found_at_every_place_and_only_there(words):
    doc = spacy.blank("en")(" ".join(words))
    cues = frozenset({"the", "this", "its"})
    assert positions(doc, cues) == [t.i for t in doc if t.lower_ in cues]
