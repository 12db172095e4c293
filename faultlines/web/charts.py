"""The events-over-time chart: stacked bars by event type, drawn on the server as SVG.

Every name in it is escaped here, and the app still passes the result through `safe.trusted_svg`
before a template inserts it. Each bar links to the events page for that period.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

# Colour-blind-safe (Okabe-Ito, then greys): types past these share the last colour.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000",
           "#999999", "#666666")


def svg_events_over_time(periods: list[tuple[str, dict[str, int]]], query: dict[str, str],
                         width: int = 900, height: int = 240) -> str | None:
    """The chart, or None when there is nothing to draw. `query` is the page's other filters, kept
    in each bar's link."""
    if not periods:
        return None
    totals = {}
    for _, by_type in periods:
        for etype, n in by_type.items():
            totals[etype] = totals.get(etype, 0) + n
    types = sorted(totals, key=lambda t: (-totals[t], t))
    colour = {t: COLOURS[min(i, len(COLOURS) - 1)] for i, t in enumerate(types)}
    left, right, top, legend_h = 40, 10, 10, 18 * ((len(types) + 3) // 4)
    bottom = 30 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(sum(b.values()) for _, b in periods) or 1
    step = plot_w / len(periods)
    bar = min(40.0, max(1.0, step * 0.8))  # a lone period is a bar, not a wall
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="events over time by type" class="timeline">',
           "<title>Events over time, by type</title>",
           f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>',
           f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
           f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>']
    label_every = max(1, len(periods) // 12)
    for i, (period, by_type) in enumerate(periods):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        link = "/events?" + urlencode({**query, "date_from": period, "date_to": period})  # prefixes: all of that month
        parts = []
        for etype in types:
            n = by_type.get(etype, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour[etype]}">'
                         f"<title>{escape(period)}: {n} {escape(etype)}</title></rect>")
        if parts:
            out.append(f'<a href="{escape(link)}">{"".join(parts)}</a>')
        if i % label_every == 0:
            out.append(f'<text x="{left + i * step + step / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                       f'font-size="10">{escape(period)}</text>')
    for i, etype in enumerate(types):
        x, y = left + (i % 4) * (plot_w / 4), height - legend_h + 18 * (i // 4) + 4
        out.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colour[etype]}"/>'
                   f'<text x="{x + 14:.1f}" y="{y + 9}" font-size="11">{escape(etype)} ({totals[etype]})</text>')
    out.append("</svg>")
    return "".join(out)
