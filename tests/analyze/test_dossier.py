"""The dossier merges what several documents say about one actor, with dates and sources."""

import pytest

from faultlines.analyze.dossier import build_dossier
from faultlines.analyze.merge import on_or_after
from faultlines.kb.registry import Registry
from faultlines.model import (
    Analysis,
    CausalLink,
    Claim,
    Document,
    Entity,
    Event,
    Factor,
    Quantity,
    Relation,
    Span,
)
from faultlines.store import Store

ISKP = Entity("isis-k", "Islamic State Khorasan Province", "armed_group", ("ISIS-K", "ISKP"),
              (Span(0, 6, "ISIS-K"),), attributes={"countries": ["AF", "PK"]})
TALIBAN = Entity("taliban", "Taliban", "armed_group", (), (Span(0, 7, "Taliban"),))
NANGARHAR = Entity("place:AF-NAN", "Nangarhar", "place", (), (Span(0, 9, "Nangarhar"),), "AF", "admin1", 34.2, 70.4)
KUNAR = Entity("place:AF-KNR", "Kunar", "place", (), (Span(0, 5, "Kunar"),), "AF", "admin1", 34.8, 71.1)


def span(text):
    return Span(0, len(text), text)


def doc(doc_id, published, *, claims=(), relations=(), events=(), links=(), entities=(ISKP, TALIBAN, NANGARHAR)):
    return Analysis(Document(doc_id, "text", title=f"Report {doc_id}", publisher="Desk", published=published),
                    tuple(entities), tuple(relations), tuple(events), tuple(claims), tuple(links))


def fighters(low, high, who=None, as_of=None, approx=False):
    return Claim("isis-k", "fighters", Quantity(low, high, approx), span(f"ISIS-K has {low} fighters."),
                 as_of=as_of, attributed_to=who, modality="reported" if who else "asserted")


@pytest.fixture
def corpus_of_three():
    return [
        doc("a", "2021-11-09",
            claims=[fighters(2200, 4000, "UN monitors"), fighters(1500, 2000, "taliban")],
            relations=[Relation("hostile", "isis-k", "taliban", span("ISIS-K fights the Taliban.")),
                       Relation("located_in", "isis-k", "place:AF-NAN", span("ISIS-K holds ground in Nangarhar."))]),
        doc("b", "2022-03-01",
            claims=[fighters(4000, 6000, "a US general", as_of="2022-02", approx=True)],
            relations=[Relation("hostile", "taliban", "isis-k", span("The Taliban raided ISIS-K cells."),
                                modality="asserted", confidence=0.8),
                       Relation("hostile", "isis-k", "taliban", span("ISIS-K may attack the Taliban."),
                                modality="hedged")],
            events=[Event("assault", span("ISIS-K attacked a mosque in Kunar."), "bombing", ("isis-k",), (),
                          "place:AF-KNR", "2022-02-20")],
            entities=(ISKP, TALIBAN, KUNAR)),
        doc("c", "2023-05-01",
            relations=[Relation("hostile", "isis-k", "taliban", span("ISIS-K declared war on the Taliban."),
                                time="2023-04")],
            links=[CausalLink(Factor("division within the Taliban", "taliban"), Factor("ISKP recruitment"), "+",
                              span("Division within the Taliban will help ISKP recruitment."))]),
    ]


def test_dossier_merges_relations_across_documents(corpus_of_three):
    d = build_dossier(ISKP, corpus_of_three)
    hostile = {(r.source, r.target): r for r in d.relations_by_type()["hostile"]}
    outgoing = hostile[("isis-k", "taliban")]
    assert (outgoing.documents, outgoing.statements) == (3, 3)
    assert (outgoing.first_seen, outgoing.last_seen) == ("2021-11-09", "2023-04")
    assert outgoing.modalities == ("asserted", "hedged")
    assert outgoing.quote.text == "ISIS-K fights the Taliban."  # asserted beats hedged
    assert hostile[("taliban", "isis-k")].documents == 1
    assert "located_in" not in d.relations_by_type()  # places are presence, not relations


def test_dossier_flags_contradicting_estimates_at_the_same_time(corpus_of_three):
    (series,) = build_dossier(ISKP, corpus_of_three).strength
    assert series.attribute == "fighters"
    assert [(e.value.low, e.attributed_to) for e in series.estimates] == [
        (2200, "UN monitors"), (1500, "Taliban"), (4000, "a US general")]
    assert (series.low, series.high) == (1500, 6000)
    # 2,200-4,000 (UN) and 1,500-2,000 (Taliban) for the same date do not overlap; the 2022 figure
    # is for another time, and ~4,000-6,000 touches 4,000 anyway.
    assert [(a.attributed_to, b.attributed_to) for a, b in series.contradictions] == [("UN monitors", "Taliban")]


def test_dossier_presence_counts_relations_and_events_with_latest_date(corpus_of_three):
    presence = {p.place.id: p for p in build_dossier(ISKP, corpus_of_three).presence}
    assert set(presence) == {"place:AF-NAN", "place:AF-KNR"}
    assert (presence["place:AF-KNR"].evidence, presence["place:AF-KNR"].latest) == (1, "2022-02-20")
    assert presence["place:AF-NAN"].quote.text == "ISIS-K holds ground in Nangarhar."


def test_dossier_events_outlook_and_sources(corpus_of_three):
    d = build_dossier(ISKP, corpus_of_three)
    assert [(x.type, x.date, len(x.sources)) for x in d.events] == [("assault", "2022-02-20", 1)]
    # The causal link names the actor by an alias only ("ISKP recruitment"), and still bears on it.
    assert [x.fact.effect.text for x in d.outlook] == ["ISKP recruitment"]
    assert [s.document_id for s in d.sources] == ["a", "b", "c"]


def test_dossier_since_leaves_out_older_facts(corpus_of_three):
    d = build_dossier(ISKP, corpus_of_three, since="2022")
    assert [e.value.low for s in d.strength for e in s.estimates] == [4000]
    assert {s.document_id for s in d.sources} == {"b", "c"}
    assert all(r.first_seen >= "2022" for r in d.relations)
    assert on_or_after("2021", "2021-06") and not on_or_after("2021-05", "2021-06")


def test_dossier_profile_from_the_registry():
    registry = Registry.load()
    d = build_dossier(ISKP, [doc("a", "2021-11-09")], registry)
    assert d.parents == ("islamic-state",)
    assert d.name("islamic-state") == "Islamic State"
    leaders = {d.name(x.person): x for x in d.leaders}
    assert leaders["Sanaullah Ghafari"].in_registry and leaders["Sanaullah Ghafari"].since == "2020-06"


def test_dossier_from_the_stored_sample(corpus_db):
    with Store(corpus_db) as store:
        actor = store.find_entity("ISKP")
        assert actor is not None and actor.id == "isis-k" and "ISIS-K" in actor.aliases
        d = build_dossier(actor, store.analyses(involving=actor.id), Registry.load())
    assert ("taliban", True) in {(r.other("isis-k"), r.source == "isis-k") for r in d.relations_by_type()["hostile"]}
    assert {"place:AF-NAN", "place:AF-URU"} <= {p.place.id for p in d.presence}
    assert any(e.value.low == 250 and e.attributed_to == "Taliban" for s in d.strength for e in s.estimates
               if s.attribute == "arrested")
    assert {"Sanaullah Ghafari"} <= {d.name(x.person) for x in d.leaders}
    assert any("Opposition" in x.fact.cause.text and x.fact.sign == "-" for x in d.outlook)
    assert len(d.sources) == 1  # only the sample names ISIS-K
