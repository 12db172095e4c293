"""A small signed graph as SVG: causes on the left, effects on the right, green raises, red lowers."""

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
