"""The outlook: phrasings of one factor merge, assumed changes spread by sign, conflicts show."""

import networkx as nx
import pytest

from faultlines.analyze.outlook import CausalGraph, parse_assumption
from faultlines.errors import ConfigError
from faultlines.model import Analysis, CausalLink, Document, Entity, Factor, Span
from faultlines.store import Store

TALIBAN = Entity("taliban", "Taliban", "armed_group", ("Islamic Emirate",), (Span(0, 7, "Taliban"),))
ISKP = Entity("isis-k", "Islamic State Khorasan Province", "armed_group", ("ISIS-K", "ISKP"),
              (Span(0, 6, "ISIS-K"), Span(10, 19, "the group")))


def link(cause, effect, sign, cause_entity=None, effect_entity=None):
    text = f"{cause} {'raises' if sign == '+' else 'lowers'} {effect}."
    return CausalLink(Factor(cause, cause_entity), Factor(effect, effect_entity), sign, Span(0, len(text), text))


# A written example. Two documents say the same thing in different words ("division within the
# Taliban" / "Taliban internal divisions"); an agreement lowers the divisions but raises foreign
# support, and both reach ISIS-K's attacks, by paths of opposite signs.
EXAMPLE = [
    Analysis(Document("d1", "text", title="First", published="2022-01-01"), (TALIBAN, ISKP), causal_links=(
        link("division within the Taliban", "ISIS-K recruitment", "+", "taliban", "isis-k"),
        link("ISIS-K recruitment", "ISIS-K attacks", "+", "isis-k", "isis-k"),
        link("an agreement between the Taliban and the opposition", "Taliban internal divisions", "-", "taliban"),
    )),
    Analysis(Document("d2", "text", title="Second", published="2022-02-01"), (TALIBAN, ISKP), causal_links=(
        link("an agreement between the Taliban and the opposition", "foreign support for the Taliban", "+",
             "taliban", "taliban"),
        link("foreign support for the Taliban", "the group's attacks", "+", "taliban", "isis-k"),
    )),
]


@pytest.fixture
def graph():
    return CausalGraph.from_analyses(EXAMPLE)


def test_phrasings_of_one_factor_are_merged(graph):
    assert graph.find("division within the Taliban") == graph.find("Taliban internal divisions")
    # "the group" names ISIS-K in the document that says it, so both attacks factors are one.
    assert graph.find("ISIS-K attacks") == graph.find("ISKP attacks")
    assert len(graph.factors) == 5
    assert len(graph.edges) == 5


def test_assumed_change_spreads_by_sign_and_reports_conflicts(graph):
    agreement = graph.find("agreement between the Taliban and the opposition")
    found = {graph.factors[c.factor].label: c for c in graph.what_if({agreement: +1})}
    assert found["Taliban internal divisions"].direction == "down"
    assert found["ISIS-K recruitment"].direction == "down"
    assert found["foreign support for the Taliban"].direction == "up"
    attacks = found["ISIS-K attacks"]
    assert attacks.direction == "conflicting"
    assert sorted(sign for sign, _ in attacks.paths) == [-1, 1]
    assert sorted(len(path) for _, path in attacks.paths) == [2, 3]
    # Each step of an explanation cites its sentence.
    text = attacks.explain(graph)
    assert "down, because an agreement between the Taliban and the opposition lowers" in text
    assert "“foreign support for the Taliban raises the group's attacks.”" in text


def test_assuming_down_flips_every_conclusion(graph):
    divisions = graph.find("Taliban divisions")
    found = {graph.factors[c.factor].label: c.direction for c in graph.what_if({divisions: -1})}
    assert found == {"ISIS-K recruitment": "down", "ISIS-K attacks": "down"}


def test_cycles_end_and_assumed_factors_are_not_concluded():
    cyclic = Analysis(Document("d3", "text"), (TALIBAN, ISKP), causal_links=(
        link("ISIS-K attacks", "Taliban crackdown", "+", "isis-k", "taliban"),
        link("Taliban crackdown", "ISIS-K attacks", "+", "taliban", "isis-k"),
    ))
    graph = CausalGraph.from_analyses([cyclic])
    conclusions = graph.what_if({graph.find("ISIS-K attacks"): 1})
    assert [(graph.factors[c.factor].label, c.direction) for c in conclusions] == [("Taliban crackdown", "up")]


def test_about_lists_the_actors_factors(graph):
    labels = {graph.factors[k].label for k in graph.about("isis-k")}
    assert labels == {"ISIS-K recruitment", "ISIS-K attacks"}


def test_bad_assumptions_are_refused_with_a_hint(graph):
    with pytest.raises(ConfigError, match="FACTOR=up or FACTOR=down"):
        parse_assumption("division within the Taliban", graph)
    with pytest.raises(ConfigError, match="no single factor like 'rainfall'"):
        parse_assumption("rainfall=up", graph)
    assert parse_assumption("Taliban divisions = down", graph)[1] == -1


def test_graph_exports_read_back(graph, tmp_path):
    nx.write_graphml(graph.to_networkx(), tmp_path / "o.graphml")
    back = nx.read_graphml(tmp_path / "o.graphml")
    assert back.number_of_nodes() == 5 and back.number_of_edges() == 5
    signs = {(back.nodes[u]["label"], back.nodes[v]["label"]): d["sign"] for u, v, d in back.edges(data=True)}
    assert signs[("an agreement between the Taliban and the opposition", "Taliban internal divisions")] == "-"
    dot = graph.to_dot()
    assert dot.startswith("digraph outlook {") and dot.count(" -> ") == 5
    assert '[label="an agreement between the Taliban and the opposition"]' in dot


def test_outlook_of_the_stored_sample(corpus_db):
    with Store(corpus_db) as store:
        graph = CausalGraph.from_analyses(store.analyses())
    key, sign = parse_assumption("agreement between the Taliban and the opposition=up", graph)
    found = {graph.factors[c.factor].label: c for c in graph.what_if({key: sign})}
    presence = found["the chances of the presence of ISIS-K"]
    assert presence.direction == "down"
    assert "could be reduced" in presence.paths[0][1][0].best[0].evidence.text
    divisions = graph.find("division within the Taliban")
    assert "presence of the dissatisfy sector in ISIS-K" in " ".join(
        graph.factors[c.factor].label for c in graph.what_if({divisions: 1}) if c.direction == "up")
