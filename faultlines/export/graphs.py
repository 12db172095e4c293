"""Graphs as SVG: the signed causal graph (causes left, effects right, green raises, red lowers)
and the actor network (nodes linking to their dossiers, edges coloured by relation type)."""

from __future__ import annotations

from html import escape

LABEL_CHARS = 46
ROW = 34


def svg_causal_graph(links: list[tuple[str, str, str]], title: str = "", width: int = 760) -> str | None:
    """`links` are (cause, effect, sign) with sign "+" or "-"; None when there are none."""
    if not links:
        return None
    causes = list(dict.fromkeys(c for c, _, _ in links))
    effects = list(dict.fromkeys(e for _, e, _ in links))
    # A factor that is both a cause and an effect sits in the middle column.
    middle = [f for f in causes if f in effects]
    columns = [[c for c in causes if c not in middle], middle, [e for e in effects if e not in middle]]
    columns = [col for col in columns if col]
    height = ROW * max(len(col) for col in columns) + 30
    step = width / len(columns)
    box = step * 0.82
    where: dict[str, tuple[float, float]] = {}
    for i, col in enumerate(columns):
        for j, name in enumerate(col):
            where[name] = (i * step + (step - box) / 2, 20 + j * ROW)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title or "causal graph")}">',
           f"<title>{escape(title or 'causal graph')}</title>",
           '<defs><marker id="up" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" fill="#1e8449"/></marker>'
           '<marker id="down" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" fill="#b03a2e"/></marker></defs>']
    for cause, effect, sign in dict.fromkeys(links):
        (x1, y1), (x2, y2) = where[cause], where[effect]
        if x1 == x2:  # same column: curve around the boxes' right side
            x1 = x2 = x1 + box
            path = (f"M{x1:.0f},{y1 + 11:.0f} C{x1 + 40:.0f},{y1 + 11:.0f} "
                    f"{x2 + 40:.0f},{y2 + 11:.0f} {x2:.0f},{y2 + 11:.0f}")
        else:
            path = f"M{x1 + box:.0f},{y1 + 11:.0f} L{x2:.0f},{y2 + 11:.0f}"
        color, marker = ("#1e8449", "up") if sign == "+" else ("#b03a2e", "down")
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="1.4" '
                   f'marker-end="url(#{marker})"><title>{escape(cause)} {"raises" if sign == "+" else "lowers"} '
                   f"{escape(effect)}</title></path>")
    for name, (x, y) in where.items():
        label = name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"
        out.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{box:.0f}" height="22" rx="5" fill="#fbfaf7" '
                   f'stroke="#888"/><text x="{x + 6:.0f}" y="{y + 15:.0f}" font-family="sans-serif" '
                   f'font-size="10.5" fill="#222"><title>{escape(name)}</title>{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


RELATION_COLOURS = {"hostile": "#b03a2e", "rival": "#d68910", "allied": "#1e8449", "supports": "#27ae60",
                    "member_of": "#2e86c1", "leads": "#6c3483", "negotiates": "#7f8c8d", "recruits_from": "#a04000",
                    "split_from": "#566573", "located_in": "#5d6d7e", "same_as": "#aab7b8", "attribute_of": "#aab7b8",
                    "registry_parent": "#95a5a6"}
# A second cue beside colour, for readers who do not tell the colours apart (and for print).
RELATION_DASHES = {"rival": "7 3", "supports": "6 3", "negotiates": "2 3", "recruits_from": "9 3",
                   "split_from": "9 3 2 3", "registry_parent": "2 2", "located_in": "1 3", "same_as": "4 4"}
KIND_COLOURS = {"armed_group": "#922b21", "faction": "#ca6f1e", "state": "#1f618d", "government": "#2e86c1",
                "political_party": "#7d3c98", "international_org": "#148f77", "person": "#616a6b",
                "community": "#b7950b"}
LEGEND_WIDTH = 200
LEGEND_ROW = 17


def svg_network(graph, link=lambda node: f"/actors/{node}", width: int = 1000, height: int = 680,
                centre: str | None = None) -> str | None:
    """A networkx graph of actors (node attributes `label`, `kind`, `documents`; edges with
    `relation`, `documents`) as SVG, laid out by force (fixed seed, so the same store draws the same
    picture), with a legend on the right. A node's area grows with the documents naming the actor and
    links to `link(node)`; an edge's colour and dash give its type, an arrowhead its direction (none
    on symmetric types such as hostile), its width the documents stating it. `centre` is ringed.

    For the page's script: the plot is `g.plot`, each actor `g.actor#net-actor-I`, each edge
    `line.edge#net-rel-I-J-N` between actors I and J."""
    from urllib.parse import quote

    import networkx as nx

    if graph.number_of_nodes() == 0:
        return None
    symmetric = _symmetric_relations()
    plot_width = width - LEGEND_WIDTH
    position = nx.spring_layout(nx.Graph(graph), seed=7, k=1.5 / max(1, graph.number_of_nodes()) ** 0.5)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    # Room on the right of the rightmost node for its name.
    at = {n: (40 + (p[0] - min(xs)) / span_x * (plot_width - 170), 30 + (p[1] - min(ys)) / span_y * (height - 60))
          for n, p in position.items()}
    radius = {n: _radius(graph.nodes[n].get("documents", 1)) for n in graph.nodes}
    index = {n: i for i, n in enumerate(graph.nodes)}
    edges = _drawn_edges(graph, symmetric)
    types = list(dict.fromkeys(kind for _, _, kind, _ in edges))
    arrows = {kind: f"net-arrow-{i}" for i, kind in enumerate(types) if kind not in symmetric}
    legend, legend_height = _network_legend(graph, types, arrows, plot_width, height)
    height = max(height, legend_height)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="actor network" class="network">'
           "<title>actor network</title>", "<defs>"]
    out += [f'<marker id="{marker}" markerWidth="9" markerHeight="9" refX="9" refY="4.5" orient="auto" '
            f'markerUnits="userSpaceOnUse"><path d="M0,0 L9,4.5 L0,9 z" fill="{_colour(kind)}"/></marker>'
            for kind, marker in arrows.items()]
    out.append('</defs><g class="plot">')
    out += [_actor_node(graph, node, x, y, radius[node], index[node], link(quote(node, safe="")), node == centre)
            for node, (x, y) in at.items()]
    # Edges over the actors: an arrowhead ending where a name is written stays in sight.
    out += _edge_lines(graph, edges, at, radius, index, arrows)
    out += ["</g>", *legend, "</svg>"]
    return "\n".join(out)


def _actor_node(graph, node, x: float, y: float, r: float, i: int, href: str, centre: bool) -> str:
    """One actor: a circle coloured by kind, ringed if it is the centre, and its name, linking to `href`."""
    data = graph.nodes[node]
    label, kind, documents = data.get("label", node), data.get("kind", ""), data.get("documents", 1)
    ring = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 4:.1f}" fill="none" stroke="#222" stroke-width="2" '
            'class="centre-ring"/>' if centre else "")
    return (f'<g class="actor{" centre" if centre else ""}" id="net-actor-{i}"><a href="{escape(href)}" class="node">'
            f"<title>{escape(label)}: {escape(kind.replace('_', ' ') or 'actor')}, named in "
            f"{documents} document{'' if documents == 1 else 's'}</title>{ring}"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{KIND_COLOURS.get(kind, "#34495e")}"/>'
            f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}" font-family="sans-serif" font-size="11" fill="#222">'
            f"{escape(label)}</text></a></g>")


def _symmetric_relations() -> frozenset[str]:
    """The relation types with no direction (hostile, allied, ...), as lexicons/relations.yaml marks them."""
    from faultlines.data import load_yaml

    return frozenset(name for name, spec in load_yaml("lexicons/relations.yaml").items()
                     if isinstance(spec, dict) and spec.get("symmetric"))


def _radius(documents: int) -> float:
    """A node's radius: its area grows with the documents naming the actor, up to a cap."""
    return min(5 + 2.2 * max(documents, 1) ** 0.5, 22)


def _colour(kind: str) -> str:
    return RELATION_COLOURS.get(kind, "#999")


def _drawn_edges(graph, symmetric: frozenset[str]) -> list[tuple]:
    """(source, target, type, data) of each line to draw: a symmetric relation stated both ways
    (A hostile B, B hostile A) is one line; a loop is none."""
    seen, edges = set(), []
    for u, v, key, data in graph.edges(keys=True, data=True):
        kind = data.get("relation", key)
        ends = frozenset((u, v)) if kind in symmetric else (u, v)
        if u == v or (ends, kind) in seen:
            continue
        seen.add((ends, kind))
        edges.append((u, v, kind, data))
    return edges


def _edge_lines(graph, edges, at, radius, index, arrows) -> list[str]:
    """The edges as lines from rim to rim (an arrowhead ends at the target's rim); the lines between
    one pair of actors side by side, not on top of each other."""
    from collections import Counter

    pairs = Counter(frozenset((u, v)) for u, v, _, _ in edges)
    placed: Counter = Counter()
    out = []
    for u, v, kind, data in edges:
        a, b = sorted((u, v), key=index.get)  # one frame for the pair, whichever way the edge runs
        (xa, ya), (xb, yb) = at[a], at[b]
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5 or 1
        pair = frozenset((u, v))
        shift = (placed[pair] - (pairs[pair] - 1) / 2) * 5
        placed[pair] += 1
        (x1, y1), (x2, y2) = at[u], at[v]
        dx, dy = (x2 - x1) / length, (y2 - y1) / length
        nx_, ny_ = -(yb - ya) / length * shift, (xb - xa) / length * shift
        start, end = radius[u] + 1, radius[v] + (2 if kind in arrows else 1)
        thickness = 1 + min(data.get("documents", 1), 5) * 0.6  # more documents, thicker
        dash = f' stroke-dasharray="{RELATION_DASHES[kind]}"' if kind in RELATION_DASHES else ""
        marker = f' marker-end="url(#{arrows[kind]})"' if kind in arrows else ""
        out.append(f'<line x1="{x1 + dx * start + nx_:.1f}" y1="{y1 + dy * start + ny_:.1f}" '
                   f'x2="{x2 - dx * end + nx_:.1f}" y2="{y2 - dy * end + ny_:.1f}" stroke="{_colour(kind)}" '
                   f'stroke-width="{thickness:.1f}"{dash}{marker} class="edge edge-{escape(kind)}" '
                   f'id="net-rel-{index[u]}-{index[v]}-{len(out)}">'
                   f'<title>{escape(graph.nodes[u].get("label", u))} {escape(kind)} '
                   f'{escape(graph.nodes[v].get("label", v))}</title></line>')
    return out


def _network_legend(graph, types: list[str], arrows: dict[str, str], left: int,
                    height: int) -> tuple[list[str], int]:
    """The legend's markup, at `left` (relation types present, actor kinds present, what size
    means), and the height it needs."""
    rows: list[str] = []
    y = 10

    def heading(text: str) -> None:
        nonlocal y
        y += LEGEND_ROW + 6
        rows.append(f'<text x="12" y="{y}" font-family="sans-serif" font-size="12" font-weight="600" '
                    f'fill="#222">{text}</text>')

    def entry(sample: str, text: str, classes: str) -> None:
        nonlocal y
        y += LEGEND_ROW
        rows.append(f'<g class="legend-entry {classes}">{sample}<text x="58" y="{y + 4}" font-family="sans-serif" '
                    f'font-size="11" fill="#222">{text}</text></g>')

    heading("Relations")
    for kind in types:
        dash = f' stroke-dasharray="{RELATION_DASHES[kind]}"' if kind in RELATION_DASHES else ""
        marker = f' marker-end="url(#{arrows[kind]})"' if kind in arrows else ""
        entry(f'<line x1="12" y1="{y + LEGEND_ROW}" x2="50" y2="{y + LEGEND_ROW}" stroke="{_colour(kind)}" '
              f'stroke-width="2"{dash}{marker}/>', escape(kind) + (" →" if kind in arrows else ""),
              f"legend-relation legend-{escape(kind)}")
    notes = ["→ from who leads, joins, backs…", "to whom; no arrow: both ways"] if arrows else []
    for note in [*notes, "thicker: stated in more documents"]:
        y += LEGEND_ROW - 3
        rows.append(f'<text x="12" y="{y + 4}" font-family="sans-serif" font-size="10" fill="#555">{note}</text>')
    heading("Actors (colour: kind)")
    kinds = sorted({graph.nodes[n].get("kind", "") for n in graph.nodes})
    for kind in kinds:
        entry(f'<circle cx="31" cy="{y + LEGEND_ROW}" r="6" fill="{KIND_COLOURS.get(kind, "#34495e")}"/>',
              escape(kind.replace("_", " ") or "other"), "legend-kind")
    heading("Size: documents naming it")
    counts = sorted({max(graph.nodes[n].get("documents", 1), 1) for n in graph.nodes})
    for documents in dict.fromkeys((counts[0], counts[len(counts) // 2], counts[-1])):
        r = _radius(documents)
        y += max(LEGEND_ROW, 2 * r + 4) - LEGEND_ROW
        entry(f'<circle cx="31" cy="{y + LEGEND_ROW}" r="{r:.1f}" fill="none" stroke="#34495e"/>',
              f"{documents} document{'' if documents == 1 else 's'}", "legend-size")
    needed = y + LEGEND_ROW + 10
    box = (f'<rect x="0" y="0" width="{LEGEND_WIDTH}" height="{max(height, needed)}" fill="#fbfaf7" '
           'stroke="#ddd"/>')
    return [f'<g class="legend" transform="translate({left} 0)">', box, *rows, "</g>"], needed


def svg_estimates(series, width: int = 640, height: int = 150) -> str | None:
    """One attribute's estimates over time (an EstimateSeries): a bar from low to high at each date,
    a dot where the estimate is one number; contradicting estimates in red. None when undated."""
    from datetime import date

    from faultlines.dates import first_day

    dated = [(date.fromisoformat(first_day(e.date)), e) for e in series.estimates
             if e.date and first_day(e.date) and e.value.low is not None]
    if not dated:
        return None
    disputed = {id(x) for pair in series.contradictions for x in pair}
    days = [d.toordinal() for d, _ in dated]
    highs = [e.value.high if e.value.high is not None else e.value.low for _, e in dated]
    top = max(highs) * 1.1 or 1
    first, last = min(days), max(days)
    span = (last - first) or 1
    x = lambda day: 50 + (day - first) / span * (width - 90) if last > first else width / 2  # noqa: E731
    y = lambda v: height - 25 - v / top * (height - 45)  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(series.attribute)} over time">',
           f'<line x1="45" y1="{height - 25}" x2="{width - 20}" y2="{height - 25}" stroke="#999"/>',
           f'<text x="45" y="{height - 8}" font-family="sans-serif" font-size="10" fill="#666">'
           f'{date.fromordinal(first).isoformat()}</text>',
           f'<text x="{width - 20}" y="{height - 8}" font-family="sans-serif" font-size="10" fill="#666" '
           f'text-anchor="end">{date.fromordinal(last).isoformat()}</text>',
           f'<text x="40" y="{y(top / 1.1) + 4:.0f}" font-family="sans-serif" font-size="10" fill="#666" '
           f'text-anchor="end">{top / 1.1:,.0f}</text>',
           f'<text x="40" y="{height - 25}" font-family="sans-serif" font-size="10" fill="#666" '
           'text-anchor="end">0</text>']
    same_day: dict[int, int] = {}
    for (day, e), high in zip(dated, highs):
        k = same_day[day.toordinal()] = same_day.get(day.toordinal(), -1) + 1  # side by side on one date
        cx, colour = x(day.toordinal()) + 9 * k, "#b03a2e" if id(e) in disputed else "#2e4053"
        who = e.attributed_to or e.source.title or e.source.document_id
        tip = f"{escape(series.attribute)} {e.value.low:,.0f}–{high:,.0f}, {e.date}, {escape(who)}"
        if high > e.value.low:
            out.append(f'<line x1="{cx:.0f}" y1="{y(e.value.low):.0f}" x2="{cx:.0f}" y2="{y(high):.0f}" '
                       f'stroke="{colour}" stroke-width="6" stroke-linecap="round"><title>{tip}</title></line>')
        else:
            out.append(f'<circle cx="{cx:.0f}" cy="{y(high):.0f}" r="4" fill="{colour}"><title>{tip}</title></circle>')
    out.append("</svg>")
    return "\n".join(out)
