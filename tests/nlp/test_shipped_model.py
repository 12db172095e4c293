"""The pipeline shipped in the package loads offline and produces tags, a parse and entities."""

import json

import pytest

from faultlines.nlp import SHIPPED, load_language


@pytest.fixture(scope="module")
def nlp():
    assert SHIPPED.exists(), "the trained pipeline is missing from faultlines/models/en_faultlines"
    return load_language()


def test_shipped_model_components_and_licence(nlp):
    assert {"tagger", "morphologizer", "parser", "ner"} <= set(nlp.pipe_names)
    meta = json.loads((SHIPPED / "meta.json").read_text())
    assert meta["license"] == "CC BY-SA 4.0"
    assert (SHIPPED / "LICENSE.md").read_text().count("CC BY-SA 4.0") >= 1
    labels = set(nlp.get_pipe("ner").labels)
    assert {"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "CARDINAL", "QUANTITY", "MONEY", "WEAPON",
            "MILITARY_PLATFORM", "VEHICLE"} <= labels


def test_shipped_model_parses_a_news_sentence(nlp):
    doc = nlp("The rebels captured the town of Goma in January 2025, officials said.")
    root = [t for t in doc if t.dep_ == "ROOT"]
    assert len(root) == 1 and root[0].tag_.startswith("VB")
    assert doc[1].pos_ == "NOUN" and doc[1].lemma_ == "rebel"
    assert any(e.label_ == "DATE" and "2025" in e.text for e in doc.ents)


def test_shipped_model_sentences_follow_the_rules(nlp):
    doc = nlp("The Taliban may neutralize ISIS-K. In fact, ISIS is weak.")
    assert [s.text for s in doc.sents] == ["The Taliban may neutralize ISIS-K.", "In fact, ISIS is weak."]


def test_shipped_model_can_be_swapped_for_blank():
    assert load_language("blank").pipe_names == ["sentencizer"]


def test_shipped_model_finds_vehicles_without_overriding_the_ner(nlp):
    doc = nlp("Gunmen in two pickup trucks attacked a police vehicle and a fuel tanker near Djibo on Monday.")
    assert [e.text for e in doc.ents if e.label_ == "VEHICLE"] == ["pickup trucks", "police vehicle", "fuel tanker"]
    found = {e.text: e.label_ for e in doc.ents}
    assert found["two"] == "CARDINAL" and found["Djibo"] in ("GPE", "LOC")  # the NER's own entities stay
    assert nlp.pipe_names[-1] == "vehicle_ruler" and nlp.get_pipe("vehicle_ruler").overwrite is False
