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


# Roll-up (issue 18): a parent and two branches, written by hand. The Islamic State's own document
# names ISIS-K as its province; ISWAP's attack in Borno is told without naming the parent.
IS = Entity("islamic-state", "Islamic State", "armed_group", ("ISIS",), (Span(0, 4, "ISIS"),))
ISWAP = Entity("iswap", "Islamic State West Africa Province", "armed_group", ("ISWAP",), (Span(0, 5, "ISWAP"),))
BORNO = Entity("place:NG-BO", "Borno", "place", (), (Span(0, 5, "Borno"),), "NG", "admin1", 11.5, 13.0)
NIGERIAN_ARMY = Entity("military:NG", "Nigerian Army", "government", (), (Span(0, 13, "Nigerian Army"),))


@pytest.fixture
def family_corpus():
    return [
        doc("parent", "2022-01-10", entities=(IS, ISKP, TALIBAN),
            relations=[Relation("hostile", "islamic-state", "taliban", span("ISIS called the Taliban apostates.")),
                       Relation("member_of", "isis-k", "islamic-state", span("ISIS-K is a province of ISIS.")),
                       Relation("hostile", "isis-k", "taliban", span("ISIS-K fights the Taliban."))],
            claims=[Claim("islamic-state", "fighters", Quantity(10000, 10000), span("ISIS has 10,000 fighters.")),
                    fighters(4000, 4000)]),
        doc("west", "2024-05-09", entities=(ISWAP, NIGERIAN_ARMY, BORNO),
            events=[Event("assault", span("ISWAP fighters attacked an army post in Borno."), "armed_clash",
                          ("iswap",), ("military:NG",), "place:NG-BO", "2024-05-05")],
            relations=[Relation("located_in", "iswap", "place:NG-BO", span("ISWAP holds islands in Lake Chad."))],
            claims=[Claim("iswap", "fighters", Quantity(5000, 5000), span("ISWAP has 5,000 fighters."))],
            links=[CausalLink(Factor("army withdrawals"), Factor("ISWAP attacks"), "+",
                              span("Army withdrawals embolden ISWAP attacks."))]),
    ]


@pytest.mark.issue(18)
def test_dossier_without_branches_lacks_a_branch_event_and_with_them_tags_it(family_corpus):
    alone = build_dossier(IS, family_corpus)
    assert alone.branches == () and not alone.events  # ISWAP's attack is not the parent's own
    assert [(r.source, r.target) for r in alone.related()] == [("islamic-state", "taliban"),
                                                               ("isis-k", "islamic-state")]
    rolled = build_dossier(IS, family_corpus, branches=("isis-k", "iswap"))
    (attack,) = rolled.events
    assert (attack.type, attack.date, rolled.via(attack)) == ("assault", "2024-05-05", ("iswap",))
    assert attack.reports[0][0].evidence.text == "ISWAP fighters attacked an army post in Borno."
    (borno,) = rolled.presence
    assert (borno.place.id, rolled.via(borno)) == ("place:NG-BO", ("iswap",))
    (link,) = rolled.outlook
    assert rolled.via(link) == ("iswap",) and link.fact.evidence.text == "Army withdrawals embolden ISWAP attacks."
    assert rolled.branches_seen() == ["isis-k", "iswap"]
    assert {s.document_id for s in rolled.sources} == {"parent", "west"}


@pytest.mark.issue(18)
def test_rolled_up_relations_keep_their_branch_and_leave_out_the_family_itself(family_corpus):
    rolled = build_dossier(IS, family_corpus, branches=("isis-k", "iswap"))
    hostile = {(r.source, r.target): rolled.via(r) for r in rolled.relations_by_type()["hostile"]}
    assert hostile == {("islamic-state", "taliban"): (), ("isis-k", "taliban"): ("isis-k",)}
    # "ISIS-K is a province of ISIS" is the roll-up's own structure, not a relation with itself.
    assert "member_of" not in rolled.relations_by_type()


@pytest.mark.issue(18)
def test_rolled_up_strength_stays_per_branch_never_summed(family_corpus):
    rolled = build_dossier(IS, family_corpus, branches=("isis-k", "iswap"))
    assert [e.value.low for s in rolled.strength for e in s.estimates] == [10000]  # the parent's own
    by_actor = {via: [(s.attribute, s.low, s.high) for s in found] for via, found in rolled.strength_by_actor()}
    assert by_actor == {(): [("fighters", 10000, 10000)], ("isis-k",): [("fighters", 4000, 4000)],
                        ("iswap",): [("fighters", 5000, 5000)]}
    data = rolled.to_dict()
    assert [(s["via"], s["spread"]["low"]) for s in data["strength"]] == [([], 10000), (["isis-k"], 4000),
                                                                         (["iswap"], 5000)]
    assert [e["via"] for e in data["events"]] == [["iswap"]] and data["branches"] == ["isis-k", "iswap"]


@pytest.mark.issue(18)
def test_branches_of_reads_the_registry_at_every_depth():
    from faultlines.analyze.dossier import branches_of

    registry = Registry.load()
    found = branches_of(registry, "islamic-state")
    assert {"isis-k", "iswap", "islamic-state-philippines", "maute-group"} <= set(found)
    assert found.index("islamic-state-philippines") < found.index("maute-group")  # nearest first
    assert "islamic-state" not in found and "al-qaeda" not in found
    assert branches_of(registry, "isis-k") == ()


@pytest.mark.issue(18)
def test_a_groups_organs_are_not_its_branches():
    """Its news agency and the ministry it runs are listed under a group, but what they report is
    not the group's doing; armed wings, an army under its government and a UN mission under the UN
    are branches."""
    from faultlines.analyze.dossier import branches_of

    registry = Registry.load()
    assert "amaq" not in branches_of(registry, "islamic-state")  # Amaq: organisation, under an armed group
    hamas = branches_of(registry, "hamas")
    assert "gaza-health-ministry" not in hamas and "izz-ad-din-al-qassam-brigades" in hamas
    nug = [a.id for a in registry.actors.values() if a.name == "National Unity Government of Myanmar"][0]
    assert [registry.get(b).name for b in branches_of(registry, nug)] == ["People's Defence Force"]
    assert any(registry.get(b).kind == "international_org" for b in branches_of(registry, "united-nations"))


@pytest.mark.issue(18)
def test_rolled_up_dossier_of_the_stored_corpus(corpus_db):
    """The Islamic State in the sample and the bundled examples: ISWAP's attack in Damasak (Borno
    wire briefs) never names the parent; the roll-up brings it, marked as ISWAP's."""
    from faultlines.analyze.dossier import read_dossier

    registry = Registry.load()
    with Store(corpus_db) as store:
        parent = store.find_entity("Islamic State")
        alone = read_dossier(store, parent, registry)
        rolled = read_dossier(store, parent, registry, with_branches=True)
    damasak = lambda d: [m for m in d.events if "Damasak" in m.reports[0][0].evidence.text]  # noqa: E731
    assert not damasak(alone)
    (attack,) = damasak(rolled)
    assert rolled.via(attack) == ("iswap",) and "iswap" in attack.actors
    assert {"isis-k", "iswap"} <= set(rolled.branches_seen())
    assert len(rolled.sources) > len(alone.sources)
    # The sample's relations of ISIS-K come with it, marked; those of the parent stay unmarked.
    assert any(rolled.via(r) == ("isis-k",) and r.type == "hostile" for r in rolled.relations)
    assert all(rolled.via(r) == () for r in rolled.relations if "islamic-state" in (r.source, r.target))
