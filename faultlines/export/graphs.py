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
                    "split_from": "#566573"}


def svg_network(graph, link=lambda node: f"/actors/{node}", width: int = 960, height: int = 680) -> str | None:
    """A networkx graph of actors (attribute `label`; edges with `relation`) as SVG, laid out by
    force (fixed seed, so the same store draws the same picture); each node links to `link(node)`."""
    from urllib.parse import quote

    import networkx as nx

    if graph.number_of_nodes() == 0:
        return None
    position = nx.spring_layout(nx.Graph(graph), seed=7, k=1.5 / max(1, graph.number_of_nodes()) ** 0.5)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    at = {n: (60 + (p[0] - min(xs)) / span_x * (width - 200), 30 + (p[1] - min(ys)) / span_y * (height - 60))
          for n, p in position.items()}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="actor network"><title>actor network</title>']
    for u, v, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at[u], at[v]
        kind = data.get("relation", "")
        thickness = 1 + min(data.get("documents", 1), 5) * 0.6  # more documents, thicker
        out.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                   f'stroke="{RELATION_COLOURS.get(kind, "#999")}" stroke-width="{thickness:.1f}" '
                   f'class="edge edge-{escape(kind)}"><title>{escape(graph.nodes[u].get("label", u))} {escape(kind)} '
                   f'{escape(graph.nodes[v].get("label", v))}</title></line>')
    for node, (x, y) in at.items():
        label = graph.nodes[node].get("label", node)
        out.append(f'<a href="{escape(link(quote(node, safe="")))}" class="node">'
                   f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="#34495e"/>'
                   f'<text x="{x + 8:.0f}" y="{y + 4:.0f}" font-family="sans-serif" font-size="11" '
                   f'fill="#222">{escape(label)}</text></a>')
    out.append("</svg>")
    return "\n".join(out)


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
