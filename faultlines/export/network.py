"""The actor network as GraphML or GEXF, for Gephi, Cytoscape, yEd or networkx.

Nodes are actors (places are left out: see the GeoJSON export); edges are relations merged across
documents, one per (source, type, target), keyed by type (attribute `relation`: GEXF reserves
`type`), with the dates first and last seen, the
number of documents and statements, and the strongest quote. Relations every statement of which
denies them are left out. The registry's parent links (an actor's `parents`: ISIS-K to the Islamic
State, a country's army to the state) are edges of their own type, `registry_parent`, from the
actor to its parent, where both are in the network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from faultlines.analyze.merge import merge_relations
from faultlines.errors import ExportError
from faultlines.export.atomic import atomic_path
from faultlines.model import Analysis

PARENT = "registry_parent"  # the edge type of a registry parent link; not a relation type


def actor_network(analyses: Iterable[Analysis]):
    """A networkx MultiDiGraph of the actors and their relations."""
    try:
        import networkx as nx
    except ImportError as exc:
        raise ExportError("network export needs networkx: pip install 'faultlines[export]'") from exc
    analyses = list(analyses)
    graph = nx.MultiDiGraph()
    mentions: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for a in analyses:
        for e in a.entities:
            if e.is_place:
                continue
            mentions[e.id] += len(e.mentions)
            documents[e.id] += 1
            graph.add_node(e.id, label=e.name, kind=e.kind, country=e.country or "",
                           aliases="; ".join(e.aliases[:12]))
    for e_id in graph.nodes:
        graph.nodes[e_id].update(mentions=mentions[e_id], documents=documents[e_id])
    for child, parent in _parent_links(analyses):
        if child in graph and parent in graph:
            # No document states it: 0 documents and statements, so filters by evidence can drop it.
            graph.add_edge(child, parent, key=PARENT, relation=PARENT, label=PARENT, source="registry",
                           documents=0, statements=0)
    for r in merge_relations(analyses):
        if r.denied or r.source not in graph or r.target not in graph:
            continue
        graph.add_edge(r.source, r.target, key=r.type, relation=r.type, label=r.type, documents=r.documents,
                       statements=r.statements, weight=r.statements, first_seen=r.first_seen or "",
                       last_seen=r.last_seen or "", modalities="; ".join(r.modalities),
                       quote=" ".join(r.quote.text.split()), document_id=r.quoted_in.document_id)
    return graph


def _parent_links(analyses: list[Analysis]) -> list[tuple[str, str]]:
    """(actor, parent) pairs the registry gives, each once."""
    return list(dict.fromkeys((e.id, parent) for a in analyses for e in a.entities if not e.is_place
                              for parent in e.attributes.get("parents") or ()))


def write_graphml(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    import networkx as nx

    with atomic_path(out) as tmp:
        nx.write_graphml(actor_network(analyses), tmp)
    return [out]


def write_gexf(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    import networkx as nx

    with atomic_path(out) as tmp:
        nx.write_gexf(actor_network(analyses), tmp)
    return [out]
