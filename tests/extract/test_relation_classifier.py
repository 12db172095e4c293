"""The relation classifier (extract/relation_classifier.py): relations between actors of a sentence
that no pattern reads, with its own extractor name; mechanics checked on hand-made weights, facts
on sentences written for these tests (expected facts set down before they were first run)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.extract.context import Attribution, SentenceView
from faultlines.extract.relation_classifier import CLASSES, EXTRACTOR, RelationClassifier
from faultlines.extract.relations import CLASSIFIED, RelationExtractor
from faultlines.ingest import make_document
from faultlines.nlp import annotate
from faultlines.resolve.nominal import NominalActors


def named(analysis) -> set[tuple[str, str, str]]:
    """Relations by the names of their ends (new actors' ids depend on the registry)."""
    return {(r.type, analysis.entity(r.source).name, analysis.entity(r.target).name) for r in analysis.relations}


# --- on the shipped weights: facts the patterns do not read ------------------------------------

@pytest.mark.xfail(strict=True, reason="member_of is switched off: on held-out Re-DocRED dev and re3d pairs "
                                       "it was never at least half right (training/relation_classifier.py)")
def test_appositive_senior_member_is_member_of(analyze_text):
    a = analyze_text("Mousa Abu Marzouk, a senior member of Hamas, met officials in Doha.")
    assert ("member_of", "Abu Marzouk", "Hamas") in named(a)  # the registry's name for him


@pytest.mark.xfail(strict=True, reason="member_of is switched off: on held-out Re-DocRED dev and re3d pairs "
                                       "it was never at least half right (training/relation_classifier.py)")
def test_long_time_member_is_member_of(analyze_text):
    a = analyze_text("Fatou Diallo, a long-time member of the Democratic Party of Guinea, was arrested on Monday.")
    assert ("member_of", "Fatou Diallo", "Democratic Party of Guinea") in named(a)


@pytest.mark.xfail(strict=True, reason="a relative clause 'who heads Y' is rare in the training data: "
                                       "the classifier's probability stays under its threshold")
def test_who_heads_is_leads(analyze_text):
    a = analyze_text("Ismail Haniyeh, who heads Hamas, spoke to reporters in Doha.")
    assert ("leads", "Ismail Haniyeh", "Hamas") in named(a)


@pytest.mark.xfail(strict=True, reason="'X, the chairman of Y' stays under the leads threshold (0.18): "
                                       "few such appositions in the training data")
def test_chairman_after_the_name_is_leads_by_the_classifier(analyze_text):
    a = analyze_text("Mahmoud Abbas, the chairman of Fatah, spoke in Ramallah on Sunday.")
    [rel] = [r for r in a.relations if r.type == "leads"]
    assert (a.entity(rel.source).name, a.entity(rel.target).name) == ("Mahmoud Abbas", "Fatah")
    assert rel.extractor == EXTRACTOR and 0 < rel.confidence <= 1


def test_a_pattern_relation_is_not_repeated_by_the_classifier(analyze_text):
    a = analyze_text("Joan Burton is a member of the Labour Party.")
    assert [(r.type, r.extractor) for r in a.relations] == [("member_of", "relations.patterns.v1")]


def test_two_parties_side_by_side_are_not_related(analyze_text):
    a = analyze_text("The Labour Party and the Conservative Party both published manifestos on Monday.")
    assert not [r for r in a.relations if r.type in ("member_of", "leads")]


def test_leader_may_not_be_an_organisation(analyze_text):
    a = analyze_text("The Democratic Party of Guinea, a senior member of the National Alliance, met.")
    assert not [r for r in a.relations if r.type == "leads" and r.extractor == EXTRACTOR]


# --- mechanics, on hand-made weights ----------------------------------------------------------

def _view(pipeline, text: str) -> SentenceView:
    document = make_document(text)
    doc = annotate(pipeline.nlp, pipeline.kb, pipeline.nlp(document.text), pipeline.provisional)
    return SentenceView.of(pipeline.linker.resolve(document, doc), 0)


def _extractor(pipeline, weights: dict[str, dict[str, float]], threshold: float = 0.5) -> RelationExtractor:
    """A relation extractor whose classifier knows only `weights` (feature -> class -> weight)."""
    features = sorted(weights)
    w = np.zeros((len(features), len(CLASSES)))
    for i, f in enumerate(features):
        for cls, value in weights[f].items():
            w[i, CLASSES.index(cls)] = value
    bias = np.zeros(len(CLASSES))
    bias[0] = 2.0  # no relation unless a feature says otherwise
    classifier = RelationClassifier(features, w, bias, [threshold] * len(CLASSES), {"chief": "lead", "boss": "lead"})
    return RelationExtractor(Attribution(), NominalActors(pipeline.kb), classifier)


def test_second_named_leads_the_first(pipeline):
    # "Y's boss X": the person named second leads the organisation named first ("leads<").
    extractor = _extractor(pipeline, {"trigB=lead": {"leads<": 6.0}})
    view = _view(pipeline, "Hamas's boss Ismail Haniyeh spoke to reporters.")
    [rel] = [r for r in extractor.extract(view) if r.extractor == EXTRACTOR]
    assert (rel.type, rel.source, rel.target) == ("leads", view.mentions[1].entity_id, view.mentions[0].entity_id)
    assert 0.5 <= rel.confidence <= 1


def test_below_the_threshold_nothing_is_added(pipeline):
    extractor = _extractor(pipeline, {"trigB=lead": {"leads<": 2.0}}, threshold=0.9)
    view = _view(pipeline, "Hamas's boss Ismail Haniyeh spoke to reporters.")
    assert not [r for r in extractor.extract(view) if r.extractor == EXTRACTOR]


def test_kinds_the_type_forbids_are_dropped(pipeline):
    # A class that says an organisation leads a person is not a `leads` of DESIGN.md.
    extractor = _extractor(pipeline, {"trigB=lead": {"leads>": 6.0}})
    view = _view(pipeline, "Hamas's boss Ismail Haniyeh spoke to reporters.")
    assert not [r for r in extractor.extract(view) if r.extractor == EXTRACTOR]


def test_missing_weights_leave_the_patterns_alone(tmp_path):
    assert RelationClassifier.load(tmp_path / "absent.npz") is None


# --- no text makes the classifier's path fail --------------------------------------------------

NAMES = ["Nelson Chamisa", "the Movement for Democratic Change", "ISIS-K", "the Taliban", "Pakistan", "Afghan",
         "Hamas", "Ismail Haniyeh", "Joan Burton", "the Labour Party", "al-Shabaab", "Somalia"]
WORDS = ["a", "senior", "member", "of", "leader", "chairman", "'s", ",", "and", "who", "heads", "joined",
         "fought", "allied", "with", "backed", "by", "the", "(", ")", "-", "—", "\n", "president", "1,000", "."]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(NAMES + WORDS), min_size=1, max_size=30).map(" ".join) | st.text(max_size=120))
def test_random_text_never_breaks_the_classifier(analyze_text, text):
    if not make_document_ok(text):
        return
    a = analyze_text(text)
    ids = {e.id for e in a.entities}
    for r in a.relations:
        if r.extractor == EXTRACTOR:
            assert r.type in CLASSIFIED and r.source != r.target and {r.source, r.target} <= ids
            assert 0 < r.confidence <= 1 and r.evidence.text in a.document.text


def make_document_ok(text: str) -> bool:
    """Whether ingest accepts the text at all (an empty text is refused before any extractor)."""
    try:
        make_document(text)
    except Exception:  # noqa: BLE001 - ingest's own refusal is tested elsewhere
        return False
    return True


# Written after the thresholds were set (only `leads`, person first, is added): wordings of a head
# of government the title patterns do not read.

@pytest.mark.xfail(strict=True, reason="the entity layer: 'of Iraq' after a person's name gives no mention of Iraq")
def test_prime_minister_of_a_country_after_the_name_leads_it(analyze_text):
    a = analyze_text("Prime Minister Nouri al-Maliki of Iraq met the American envoy in Baghdad.")
    assert ("leads", "Nouri al-Maliki", "Iraq") in named(a)


@pytest.mark.xfail(strict=True, reason="the entity layer: 'Prime Minister Imran Khan' is linked as a place")
def test_under_a_prime_minister_the_country_is_led_by_him(analyze_text):
    a = analyze_text("Under Prime Minister Imran Khan, Pakistan expanded its army.")
    assert ("leads", "Imran Khan", "Pakistan") in named(a)


# Written after reading what the classifier is sure of on Re-DocRED dev ("X was the constitutional
# President of Bolivia", "King Philip V of Spain"), in wordings of our own.

@pytest.mark.xfail(strict=True, reason="the entity layer: 'Fatou Diallo' as an object is no mention")
def test_elected_the_president_of_a_country(analyze_text):
    a = analyze_text("The assembly elected Fatou Diallo the president of Senegal in March.")
    assert ("leads", "Fatou Diallo", "Senegal") in named(a)


def test_king_of_a_country(analyze_text):
    a = analyze_text("King Abdullah II of Jordan received the delegation in Amman.")
    assert [(r.type, a.entity(r.source).name, a.entity(r.target).name, r.extractor) for r in a.relations] == [
        ("leads", "Abdullah II", "Jordan", EXTRACTOR)]
