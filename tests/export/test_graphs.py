"""The actor network drawn as SVG (`svg_network`): arrows on directed relations only, a legend of
what is drawn, nodes sized by the documents naming them, names escaped, and a picture the web pages
accept as it is."""

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from faultlines.export.graphs import svg_network
from faultlines.web.safe import trusted_svg

NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture
def graph():
    g = nx.MultiDiGraph()
    g.add_node("isis-k", label="ISIS-K", kind="armed_group", documents=9)
    g.add_node("taliban", label="Taliban", kind="armed_group", documents=4)
    g.add_node("ghafari", label="Sanaullah Ghafari", kind="person", documents=1)
    g.add_node("haqqani", label="Haqqani Network", kind="faction", documents=2)
    g.add_edge("isis-k", "taliban", key="hostile", relation="hostile", documents=3)
    g.add_edge("taliban", "isis-k", key="hostile", relation="hostile", documents=1)  # the same, stated both ways
    g.add_edge("ghafari", "isis-k", key="leads", relation="leads", documents=1)
    g.add_edge("ghafari", "haqqani", key="member_of", relation="member_of", documents=1)
    g.add_edge("isis-k", "taliban", key="recruits_from", relation="recruits_from", documents=1)
    return g


def drawn(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def edges(root: ET.Element) -> dict[str, list[ET.Element]]:
    out: dict[str, list[ET.Element]] = {}
    for line in root.iterfind(".//s:g[@class='plot']/s:line", NS):
        out.setdefault(line.get("class").split()[1].removeprefix("edge-"), []).append(line)
    return out


def test_graphs_network_arrows_only_on_directed_relations(graph):
    root = drawn(svg_network(graph))
    lines = edges(root)
    assert set(lines) == {"hostile", "leads", "member_of", "recruits_from"}
    assert len(lines["hostile"]) == 1  # one line for a symmetric relation stated both ways
    assert lines["hostile"][0].get("marker-end") is None
    markers = {m.get("id") for m in root.iterfind(".//s:defs/s:marker", NS)}
    for kind in ("leads", "member_of", "recruits_from"):
        (line,) = lines[kind]
        assert line.get("marker-end") in {f"url(#{m})" for m in markers}, kind
    # The leads arrow points at ISIS-K: its line ends nearer ISIS-K's circle than it starts.
    circles = {a.get("href"): a.find("s:circle", NS) for a in root.iterfind(".//s:a[@class='node']", NS)}
    cx, cy = (float(circles["/actors/isis-k"].get(a)) for a in ("cx", "cy"))
    (line,) = lines["leads"]
    x1, y1, x2, y2 = (float(line.get(a)) for a in ("x1", "y1", "x2", "y2"))
    assert (x2 - cx) ** 2 + (y2 - cy) ** 2 < (x1 - cx) ** 2 + (y1 - cy) ** 2
    # Two relations between ISIS-K and the Taliban sit side by side, not on one another.
    hostile, recruits = lines["hostile"][0], lines["recruits_from"][0]
    assert (hostile.get("x1"), hostile.get("y1")) != (recruits.get("x1"), recruits.get("y1"))


def test_graphs_network_legend_names_what_is_drawn(graph):
    root = drawn(svg_network(graph))
    legend = root.find(".//s:g[@class='legend']", NS)
    texts = ["".join(t.itertext()) for t in legend.iter(f"{{{NS['s']}}}text")]
    relations = [t.removesuffix(" →") for t in texts[1:5]]
    assert texts[0] == "Relations" and set(relations) == {"hostile", "leads", "member_of", "recruits_from"}
    assert "leads →" in texts and "hostile" in texts  # the arrow in the legend too, where there is one
    assert {"armed group", "person", "faction"} <= set(texts) and "state" not in texts
    assert "Size: documents naming it" in texts and {"1 document", "9 documents"} <= set(texts)
    # Only the types present: a graph of hostile relations lists hostile alone.
    graph.remove_edges_from([(u, v, k) for u, v, k in graph.edges(keys=True) if k != "hostile"])
    only = drawn(svg_network(graph)).find(".//s:g[@class='legend']", NS)
    assert [t.text for t in only.iterfind(".//s:g[@class='legend-entry legend-relation legend-hostile']/s:text",
                                          NS)] == ["hostile"]
    assert "leads" not in svg_network(graph).split('class="legend"')[1]


def test_graphs_network_sizes_nodes_by_documents_and_rings_the_centre(graph):
    root = drawn(svg_network(graph, centre="taliban"))
    radius = {g.get("id"): float(g.find("s:a/s:circle[last()]", NS).get("r"))
              for g in root.iterfind(".//s:g[@class='plot']/s:g", NS)}
    actors = {a.get("href").rsplit("/", 1)[1]: g.get("id") for g in root.iterfind(".//s:g[@class='plot']/s:g", NS)
              for a in g.iterfind("s:a", NS)}
    assert radius[actors["isis-k"]] > radius[actors["taliban"]] > radius[actors["ghafari"]]
    centre = root.find(".//s:g[@class='actor centre']", NS)
    assert centre is not None and centre.find("s:a", NS).get("href") == "/actors/taliban"
    assert len(root.findall(".//s:circle[@class='centre-ring']", NS)) == 1


def test_graphs_network_names_escaped_and_picture_trusted(graph):
    graph.nodes["taliban"]["label"] = '<script>alert("x")</script> & co'
    graph.add_node("a b/c", label="Space and slash", kind="state", documents=1)
    graph.add_edge("a b/c", "taliban", key="supports", relation="supports", documents=2)
    svg = svg_network(graph)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'href="/actors/a%20b%2Fc"' in svg
    assert trusted_svg(svg) is not None  # every element and attribute on the pages' allow-list
    # Edge ids name the actors they join, for the page's script.
    root = drawn(svg)
    ids = {g.get("id") for g in root.iterfind(".//s:g[@class='plot']/s:g", NS)}
    for line in root.iterfind(".//s:g[@class='plot']/s:line", NS):
        _, _, i, j, _ = line.get("id").split("-")
        assert {f"net-actor-{i}", f"net-actor-{j}"} <= ids


def test_graphs_network_empty_is_none():
    assert svg_network(nx.MultiDiGraph()) is None
