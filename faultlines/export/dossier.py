"""A dossier as the analyst reads it: terminal text, Markdown, one self-contained HTML file, JSON.

Markdown and HTML carry the presence map and the outlook graph as SVG images inside the file, so
they open offline and can be mailed as they are. A dossier rolled up with the actor's branches says
which branch each item is about ("via ISIS-K").
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterator

from faultlines.analyze.dossier import Dossier, EstimateSeries
from faultlines.analyze.merge import Source
from faultlines.export.graphs import svg_causal_graph, svg_estimates
from faultlines.export.maps import CREDIT, MapPoint, svg_map
from faultlines.export.report import coordinates, place_tag, plural, quantity, quote, section
from faultlines.model import Entity

FORMATS = ("text", "markdown", "html", "json")
ALIASES_SHOWN = 8  # in text and Markdown; HTML and JSON list them all


def render(dossier: Dossier, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(dossier.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return to_html(dossier)
    return "\n".join(_lines(dossier, markdown=fmt == "markdown")) + "\n"


def presence_map(dossier: Dossier) -> str | None:
    # One point per place: rolled up, the actor and its branches in one place add their statements.
    places: dict[str, Entity] = {}
    counts: Counter[str] = Counter()
    for p in dossier.presence:
        if p.place.lat is not None and p.place.lon is not None:
            places.setdefault(p.place.id, p.place)
            counts[p.place.id] += p.evidence
    points = [MapPoint.of(place, counts[key]) for key, place in places.items()]
    whose = " and its branches" if dossier.branches else ""
    return svg_map(points, title=f"Where {dossier.actor.name}{whose} is reported")


def outlook_graph(dossier: Dossier) -> str | None:
    links = [(d.fact.cause.text, d.fact.effect.text, d.fact.sign) for d in dossier.outlook]
    return svg_causal_graph(links, title=f"What drives {dossier.actor.name}")


def via(d: Dossier, item) -> str:
    """" (via ISIS-K)" for an item a roll-up owes to a branch; "" for the actor's own."""
    ids = d.via(item)
    return f" (via {', '.join(d.name(x) for x in ids)})" if ids else ""


def cite(source: Source) -> str:
    """"Title (publisher, date)" or the document id when the document has no title."""
    meta = ", ".join(x for x in (source.publisher, source.published) if x)
    return f"{source.title or 'document ' + source.document_id[:12]}{f' ({meta})' if meta else ''}"


def _lines(d: Dossier, markdown: bool) -> Iterator[str]:
    a = d.actor
    h1, h2, item = ("# ", "## ", "- ") if markdown else ("", "", "  ")
    sub = "  " if markdown else "      "
    yield f"{h1}{a.name} [{a.kind}]"
    if d.since:
        yield f"{'*' if markdown else ''}facts dated since {d.since}{'*' if markdown else ''}"
    if d.branches:
        seen = d.branches_seen()
        yield f"{'*' if markdown else ''}with its branches ({len(d.branches)}); facts about " \
              f"{', '.join(d.name(x) for x in seen) or 'none of them'}{'*' if markdown else ''}"
    yield from section(h2, "Profile", markdown)
    if a.aliases:
        more = f" (and {len(a.aliases) - ALIASES_SHOWN} more)" if len(a.aliases) > ALIASES_SHOWN else ""
        yield f"{item}Also called: {', '.join(a.aliases[:ALIASES_SHOWN])}{more}"
    if countries := a.attributes.get("countries"):
        yield f"{item}Operates in: {', '.join(countries)}"
    for label, ids in (("Part of", d.parents), ("Affiliates", d.affiliates), ("Its parts", d.parts)):
        if ids:
            yield f"{item}{label}: {', '.join(d.name(x) for x in ids)}"
    for leader in d.leaders:
        span = f"{leader.since or '?'}–{leader.until or ''}" if leader.since or leader.until else "dates unknown"
        said = "; ".join([*(["registry"] if leader.in_registry else []), *(cite(s) for s in leader.sources)])
        yield f"{item}Leader: {d.name(leader.person)} ({span}) — {said}"

    groups = d.strength_by_actor()
    count = sum(len(s.estimates) for _, found in groups for s in found)
    yield from section(h2, f"Strength ({plural(count, 'estimate')})", markdown)
    for branch, found in groups:
        for series in found:
            tag = f" (via {', '.join(d.name(x) for x in branch)})" if branch else ""
            yield f"{item}{series.attribute}{tag}: {spread(series)}"
            for e in series.estimates:
                who = f", according to {e.attributed_to}" if e.attributed_to else ""
                yield f"{sub}{e.date or 'undated'}: {quantity(e.value)}{' ' + e.unit if e.unit else ''} " \
                      f"[{e.modality}{who}] — {cite(e.source)}"
                yield f"{sub}  {quote(e.evidence)}"
            for x, y in series.contradictions:
                yield f"{sub}CONTRADICTION: {quantity(x.value)} ({x.attributed_to or cite(x.source)}) vs " \
                      f"{quantity(y.value)} ({y.attributed_to or cite(y.source)}) for {x.date}"

    yield from section(h2, f"Presence ({plural(len(d.presence), 'place')})", markdown)
    svg = presence_map(d) if markdown else None
    if svg:
        yield f"![Map of {a.name}'s reported presence]({_data_uri(svg)})"
        yield f"*{CREDIT}*"
    for p in d.presence:
        yield f"{item}{p.place.name}{place_tag(p.place.admin_level, p.place.country)} " \
              f"{coordinates(p.place.lat, p.place.lon)} — {plural(p.evidence, 'statement')} in " \
              f"{plural(p.documents, 'document')}, latest {p.latest or 'undated'}{via(d, p)}"
        yield f"{sub}{quote(p.quote)}"

    related = d.related()
    yield from section(h2, f"Relations ({len(related)})", markdown)
    for change in d.changes():
        steps = " → ".join(f"{p.type} ({p.first_seen or 'undated'})" for p in change.periods)
        yield f"{item}CHANGED: {d.name(change.a)} and {d.name(change.b)}: {steps}"
    for rel_type, found in d.relations_by_type().items():
        yield f"{item}{rel_type}"
        for r in found:
            arrow = f"{d.name(r.source)} —{r.type}→ {d.name(r.target)}"
            seen = r.first_seen if r.first_seen == r.last_seen else f"{r.first_seen}…{r.last_seen}"
            denied = " DENIED" if r.denied else ""
            yield f"{sub}{arrow}{denied} ({seen or 'undated'}; {plural(r.statements, 'statement')} in " \
                  f"{plural(r.documents, 'document')}; {', '.join(r.modalities)}){via(d, r)}"
            yield f"{sub}  {quote(r.quote)} — {cite(r.quoted_in)}"

    yield from section(h2, f"Events ({len(d.events)})", markdown)
    for m in d.events:
        who = ", ".join(d.name(x) for x in m.actors) or "unknown actor"
        whom = f" → {', '.join(d.name(x) for x in m.targets)}" if m.targets else ""
        where = f" at {d.name(m.place)}" if m.place else ""
        kind = f"{m.type}/{m.mode}" if m.mode else m.type
        dead = f", {'–'.join(str(n) for n in sorted(set(m.fatalities)))} killed" if m.fatalities else ""
        sources = "; ".join(cite(s) for s in m.sources)
        yield f"{item}{m.date or 'undated'} {kind}: {who}{whom}{where}{dead} [{m.reports[0][0].modality}]" \
              f"{via(d, m)} — {sources}"
        for e, _ in m.reports:
            yield f"{sub}{quote(e.evidence)}"

    yield from section(h2, f"Outlook ({plural(len(d.outlook), 'causal link')})", markdown)
    svg = outlook_graph(d) if markdown else None
    if svg:
        yield f"![What raises and lowers {a.name}]({_data_uri(svg)})"
    for dated in d.outlook:
        c = dated.fact
        verb = "raises" if c.sign == "+" else "lowers"
        yield f"{item}{c.cause.text} {verb} {c.effect.text} [{c.modality}]{via(d, dated)} — {cite(dated.source)}"
        yield f"{sub}{quote(c.evidence)}"

    yield from section(h2, f"Sources ({len(d.sources)})", markdown)
    for s in d.sources:
        by = f" by {s.author}" if s.author else ""
        yield f"{item}{cite(s)}{by}{' — ' + s.url if s.url else ''} `{s.document_id[:12]}`"


def spread(series: EstimateSeries) -> str:
    n = len(series.estimates)
    flags = f"; {plural(len(series.contradictions), 'contradiction')}" if series.contradictions else ""
    fmt = lambda x: f"{x:,.0f}" if x is not None else "?"  # noqa: E731
    return f"{plural(n, 'estimate')}, {fmt(series.low)} to {fmt(series.high)}{flags}"


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def to_html(d: Dossier) -> str:
    """One self-contained HTML file: no script, styles inline, every text escaped."""
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("faultlines.export", "templates"),
                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["quantity"] = quantity
    env.filters["cite"] = cite
    env.globals["estimates_chart"] = svg_estimates
    return env.get_template("dossier.html.j2").render(
        d=d, map_svg=presence_map(d), graph_svg=outlook_graph(d), credit=CREDIT, spread=spread)
