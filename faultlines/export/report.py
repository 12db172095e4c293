"""Readable reports of one document's model: terminal text and Markdown, from the same sections."""

from __future__ import annotations

import json
from collections.abc import Iterator

from faultlines.model import Analysis, Claim, Quantity, Span

QUOTE_CHARS = 110


def to_json(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2)


def to_text(analysis: Analysis) -> str:
    return "\n".join(_lines(analysis, markdown=False)) + "\n"


def to_markdown(analysis: Analysis) -> str:
    return "\n".join(_lines(analysis, markdown=True)) + "\n"


def quote(span: Span, limit: int = QUOTE_CHARS) -> str:
    """A short evidence quote: the sentence, cut at a word boundary."""
    text = " ".join(span.text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


def _lines(a: Analysis, markdown: bool) -> Iterator[str]:
    d = a.document
    name = lambda eid: (a.entity(eid).name if a.entity(eid) else eid) if eid else "—"  # noqa: E731
    source = lambda who: f" (according to {name(who) if a.entity(who) else who})" if who else ""  # noqa: E731
    h1, h2, item = ("# ", "## ", "- ") if markdown else ("", "", "  ")
    yield f"{h1}{d.title or 'Untitled document'}"
    meta = [x for x in (d.author and f"by {d.author}", d.publisher, d.published, d.url) if x]
    yield (f"*{' · '.join(meta)}*" if markdown else " · ".join(meta)) if meta else ""
    yield f"{'`' if markdown else ''}document {d.id}{'`' if markdown else ''}"
    actors = [e for e in a.entities if e.kind != "place"]
    places = [e for e in a.entities if e.kind == "place"]

    yield from section(h2, f"Actors ({len(actors)})", markdown)
    for e in sorted(actors, key=lambda e: -len(e.mentions)):
        aliases = f" — also {', '.join(e.aliases[:4])}" if e.aliases else ""
        yield f"{item}{e.name} [{e.kind}] ×{len(e.mentions)}{aliases}"

    yield from section(h2, f"Relations ({len(a.relations)})", markdown)
    for r in a.relations:
        when = f" ({r.time})" if r.time else ""
        yield f"{item}{name(r.source)} —{r.type}→ {name(r.target)}{when} [{r.modality}]{source(r.attributed_to)}"
        yield f"{'  ' if markdown else '      '}{quote(r.evidence)}"

    yield from section(h2, f"Places ({len(places)})", markdown)
    for e in sorted(places, key=lambda e: -len(e.mentions)):
        yield f"{item}{e.name}{place_tag(e.admin_level, e.country)} {coordinates(e.lat, e.lon)} ×{len(e.mentions)}"

    yield from section(h2, f"Numbers ({len(a.claims)})", markdown)
    for c in a.claims:
        when = f" as of {c.as_of}" if c.as_of else ""
        yield f"{item}{name(c.subject)}: {c.attribute} {_value(c)}{when} [{c.modality}]{source(c.attributed_to)}"
        yield f"{'  ' if markdown else '      '}{quote(c.evidence)}"

    yield from section(h2, f"Events ({len(a.events)})", markdown)
    for e in a.events:
        who = ", ".join(name(x) for x in e.actors) or "unknown actor"
        whom = f" → {', '.join(name(x) for x in e.targets)}" if e.targets else ""
        kind = f"{e.type}/{e.mode}" if e.mode else e.type
        where = f" at {name(e.place)}" if e.place else ""
        when = f" on {e.date}" + (" (report date)" if e.date_source == "published" else "") if e.date else ""
        counts = "".join(f", {n} {what}" for n, what in ((e.fatalities, "killed"), (e.injured, "injured"),
                                                         (e.abducted, "abducted"), (e.arrested, "arrested"))
                         if n is not None)
        acled = f" · {e.acled_type}" + (f" / {e.acled_subtype}" if e.acled_subtype else "") if e.acled_type else ""
        yield f"{item}{kind}: {who}{whom}{where}{when}{counts}{acled} [{e.modality}]{source(e.attributed_to)}"
        yield f"{'  ' if markdown else '      '}{quote(e.evidence)}"

    yield from section(h2, f"Causal links ({len(a.causal_links)})", markdown)
    for link in a.causal_links:
        yield f"{item}{link.cause.text} →({link.sign}) {link.effect.text} [{link.modality}]{source(link.attributed_to)}"
        yield f"{'  ' if markdown else '      '}{quote(link.evidence)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 statement", "3 statements" ("1 causal link", "2 people" with `many`)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def place_tag(level: str | None, country: str | None) -> str:
    """" [city, AF]" with what is known of a place's level and country; "" when neither is."""
    known = [x for x in (level, country) if x]
    return f" [{', '.join(known)}]" if known else ""


def coordinates(lat: float | None, lon: float | None) -> str:
    """"34.20, 70.40"; a value that rounds to zero prints as 0.00, never -0.00."""
    if lat is None or lon is None:
        return "no coordinates"
    # round() keeps the sign of a tiny negative (-0.0); adding 0.0 turns -0.0 into 0.0.
    return f"{round(lat, 2) + 0.0:.2f}, {round(lon, 2) + 0.0:.2f}"


def section(h2: str, title: str, markdown: bool) -> Iterator[str]:
    yield ""
    yield f"{h2}{title}" if markdown else title.upper()


def _value(c: Claim) -> str:
    return quantity(c.value)


def quantity(q: Quantity) -> str:
    """"2,200–4,000", "~3,000", "more than 250", "up to 10"."""
    low, high = q.low, q.high
    fmt = lambda x: f"{x:,.0f}" if x is not None else "?"  # noqa: E731
    text = fmt(low) if low == high else (f"more than {fmt(low)}" if high is None else
                                         f"up to {fmt(high)}" if low is None else f"{fmt(low)}–{fmt(high)}")
    return ("~" if q.approx else "") + text
