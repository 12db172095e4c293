"""Facts across documents: one event from several reports, relations that change, estimates."""

import pandas as pd

from faultlines.analyze.dossier import build_dossier
from faultlines.analyze.merge import merge_estimates, merge_events, merge_relations, relation_histories
from faultlines.export import write_export
from faultlines.export.dossier import render
from faultlines.model import Analysis, Claim, Document, Entity, Event, Quantity, Relation, Span
from faultlines.store import Store

JNIM = Entity("jnim", "JNIM", "armed_group", mentions=(Span(0, 4, "JNIM"),))
ARMY = Entity("military:BF", "Armed Forces of Burkina Faso", "government", mentions=(Span(0, 4, "army"),))
DJIBO = Entity("place:gn:2360886", "Djibo", "place", mentions=(Span(0, 5, "Djibo"),), country="BF",
               admin_level="city", lat=14.1, lon=-1.63)
ISSP = Entity("islamic-state-sahel", "Islamic State Sahel Province", "armed_group", mentions=(Span(0, 4, "ISSP"),))


def span(text):
    return Span(0, len(text), text)


def report(doc_id, published, publisher, *events, relations=(), claims=()):
    return Analysis(Document(doc_id, "text", title=f"Report {doc_id}", publisher=publisher, published=published),
                    (JNIM, ARMY, DJIBO, ISSP), tuple(relations), tuple(events), tuple(claims))


def attack(date, fatalities=None, place="place:gn:2360886", text="JNIM attacked the army post in Djibo."):
    return Event("assault", span(text), "attack", ("jnim",), ("military:BF",), place, date, fatalities,
                 acled_type="Battles")


CORPUS = [
    report("a", "2024-09-03", "Sahel Monitor", attack("2024-09-02", 9)),
    report("b", "2024-09-04", "Wire", attack("2024-09-03", 12, place=None, text="Militants hit Djibo's army post.")),
    report("c", "2024-09-20", "Wire", attack("2024-09-18", 3),
           attack("2024-09-18", 5, text="A second attack the same day hit a convoy near Djibo.")),
]


def test_reports_of_one_event_become_one_event_with_their_sources():
    events = merge_events(CORPUS)
    assert [(e.date, len(e.reports)) for e in events] == [("2024-09-02", 2), ("2024-09-18", 1), ("2024-09-18", 1)]
    first = events[0]
    assert [s.publisher for s in first.sources] == ["Sahel Monitor", "Wire"]
    assert first.fatalities == (9, 12) and first.place == "place:gn:2360886"


def test_acled_rows_are_merged_events(tmp_path):
    (path,) = write_export("acled-csv", CORPUS, tmp_path / "acled.csv")
    table = pd.read_csv(path, keep_default_na=False)
    assert len(table) == 3
    row = table.iloc[0]
    assert (row.event_date, row.source, row.fatalities, row.location) == (
        "2024-09-02", "Sahel Monitor; Wire", 9, "Djibo")  # ACLED keeps the lowest count
    assert (row.actor1, row.actor2, row.inter1, row.inter2) == (
        "JNIM", "Armed Forces of Burkina Faso", "Rebel group", "State forces")


def test_relation_history_shows_a_change_of_stance():
    allied = Relation("allied", "jnim", "islamic-state-sahel", span("JNIM and ISSP cooperated."), time="2019")
    hostile = Relation("hostile", "islamic-state-sahel", "jnim", span("ISSP and JNIM fought near Menaka."))
    denied = Relation("allied", "jnim", "military:BF", span("JNIM denied any deal with the army."), modality="negated")
    corpus = [report("x", "2019-06-01", "Desk", relations=[allied]),
              report("y", "2022-03-01", "Desk", relations=[hostile, denied])]
    (history,) = relation_histories(corpus)
    assert (history.a, history.b, history.changed) == ("islamic-state-sahel", "jnim", True)
    assert [(p.type, p.first_seen) for p in history.periods] == [("allied", "2019"), ("hostile", "2022-03-01")]
    merged = {(r.type, r.source, r.target): r for r in merge_relations(corpus)}
    assert merged[("allied", "jnim", "military:BF")].denied
    dossier = build_dossier(JNIM, corpus)
    assert [(c.a, [p.type for p in c.periods]) for c in dossier.changes()] == [
        ("islamic-state-sahel", ["allied", "hostile"])]
    assert "CHANGED: Islamic State Sahel Province and JNIM: allied (2019) → hostile (2022-03-01)" in render(
        dossier, "text")


def test_estimates_over_time_per_subject():
    def fighters(low, high, who):
        return Claim("jnim", "fighters", Quantity(low, high), span(f"{who}: {low}"), attributed_to=who)

    corpus = [report("p", "2023-01-10", "Desk", claims=[fighters(2000, 3000, "UN panel")]),
              report("q", "2023-01-20", "Desk", claims=[fighters(6000, 6000, "military:BF")]),
              report("r", "2024-05-01", "Desk", claims=[fighters(5000, 7000, "analysts")])]
    ((subject, series),) = merge_estimates(corpus)
    assert (subject, series.attribute, series.low, series.high) == ("jnim", "fighters", 2000, 7000)
    # A speaker the document names as an entity is given by its name ("army" is the Burkina army).
    assert [e.attributed_to for e in series.estimates] == ["UN panel", "Armed Forces of Burkina Faso", "analysts"]
    assert [(a.attributed_to, b.attributed_to) for a, b in series.contradictions] == [
        ("UN panel", "Armed Forces of Burkina Faso")]
    assert [e.date for s in [series] for e in s.estimates] == ["2023-01-10", "2023-01-20", "2024-05-01"]


def test_a_provisional_actor_named_in_two_documents_is_one_entity(analyze_text, tmp_path):
    first = analyze_text("The Kunar Martyrs Brigade attacked a Taliban post in Kunar province.")
    second = analyze_text("Fighters of the Kunar Martyrs Brigade said they had killed three Taliban guards.",
                          published="2022-03-01")
    ids = [{e.id for e in a.entities if e.id.startswith("new:")} for a in (first, second)]
    assert ids[0] == ids[1] and len(ids[0]) == 1
    with Store(tmp_path / "m.db") as store:
        store.save(first)
        store.save(second)
        (entity_id,) = ids[0]
        assert store.find_entity("Kunar Martyrs Brigade").id == entity_id
        assert len(store.document_ids(involving=entity_id)) == 2
