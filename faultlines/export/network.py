"""The actor network as GraphML or GEXF, for Gephi, Cytoscape, yEd or networkx.

Nodes are actors (places are left out: see the GeoJSON export); edges are relations merged across
documents, one per (source, type, target), keyed by type (attribute `relation`: GEXF reserves
`type`), with the dates first and last seen, the
number of documents and statements, and the strongest quote. Relations every statement of which
denies them are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from faultlines.analyze.merge import merge_relations
from faultlines.errors import ExportError
from faultlines.export.atomic import atomic_path
from faultlines.model import Analysis


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
    for r in merge_relations(analyses):
        if r.denied or r.source not in graph or r.target not in graph:
            continue
        graph.add_edge(r.source, r.target, key=r.type, relation=r.type, label=r.type, documents=r.documents,
                       statements=r.statements, weight=r.statements, first_seen=r.first_seen or "",
                       last_seen=r.last_seen or "", modalities="; ".join(r.modalities),
                       quote=" ".join(r.quote.text.split()), document_id=r.quoted_in.document_id)
    return graph


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
