"""The table pages (/events, /actors, /places, /documents): one page of rows read from the store with
LIMIT and OFFSET, and the few aggregates each shows (totals, a chart's counts), never the whole store.

Filters and sort orders come from the query string; each is checked here against a short list, so
the SQL is built only from our own fragments and every value the visitor typed is a parameter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from faultlines.dates import ISO_PARTIAL
from faultlines.errors import StoreError
from faultlines.web.highlight import evidence_anchor

PAGE_ROWS = 50
MAX_PAGE = 100_000  # an OFFSET past this is a scan for nothing
EVENT_FILTERS = ("date_from", "date_to", "type", "acled_type", "actor", "country", "min_fatalities")
EVENT_SORTS = ("date", "fatalities", "type")
DATE_PATTERN = rf"^(?:{ISO_PARTIAL.pattern})?$"  # 2024, 2024-05, 2024-05-17, or nothing


class BadFilter(StoreError):
    """A filter or sort value the page cannot use (a 400 saying which)."""


def _date_sql(backend_is_sqlite: bool) -> str:
    # An event's own date, its first half when it is a range ("2020/2024-09-05"), else the
    # document's publication date: what `analyze.merge.fact_date` does, in SQL.
    find = "instr" if backend_is_sqlite else "strpos"
    return (f"coalesce(CASE WHEN {find}(ev.date, '/') > 0 THEN substr(ev.date, 1, {find}(ev.date, '/') - 1) "
            "ELSE ev.date END, d.published)")


def _is_sqlite(store) -> bool:
    return store.db is not None


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page_number(raw: str | None) -> int:
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadFilter(f"page must be a number from 1 to {MAX_PAGE}, not '{raw}'")
    return int(raw)


@dataclass
class EventFilters:
    """What the visitor asked for, checked; `actor_id` is the actor's id once found in the store."""

    date_from: str = ""
    date_to: str = ""
    type: str = ""
    acled_type: str = ""
    actor: str = ""
    country: str = ""
    min_fatalities: int | None = None
    sort: str = "date"
    order: str = "desc"
    page: int = 1
    actor_id: str | None = None
    actor_missing: bool = False

    @classmethod
    def parse(cls, params: dict[str, str]) -> EventFilters:
        f = cls(**{k: params.get(k, "").strip() for k in EVENT_FILTERS if k != "min_fatalities"})
        raw = params.get("min_fatalities", "").strip()
        if raw:
            if not raw.isdigit() or len(raw) > 9:
                raise BadFilter(f"minimum fatalities must be a whole number, not '{raw}'")
            f.min_fatalities = int(raw)
        for name in ("date_from", "date_to"):
            value = getattr(f, name)
            if not re.fullmatch(DATE_PATTERN, value):
                raise BadFilter(f"{name.replace('_', ' ')} must be a date like 2024, 2024-05 or 2024-05-17")
        f.sort = params.get("sort") or "date"
        if f.sort not in EVENT_SORTS:
            raise BadFilter(f"events sort by {', '.join(EVENT_SORTS)}, not '{f.sort}'")
        f.order = params.get("order") or "desc"
        if f.order not in ("asc", "desc"):
            raise BadFilter(f"order is asc or desc, not '{f.order}'")
        f.page = page_number(params.get("page"))
        return f

    def query(self, **changes: Any) -> dict[str, str]:
        """The query string's parameters for these filters, with some changed (links keep the rest)."""
        values = {k: getattr(self, k) for k in (*EVENT_FILTERS, "sort", "order", "page")}
        values.update(changes)
        defaults = {"sort": "date", "order": "desc", "page": 1}
        return {k: str(v) for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}


def _event_where(store, f: EventFilters) -> tuple[str, list[Any]]:
    date = _date_sql(_is_sqlite(store))
    where, params = [], []
    if f.date_from:
        # A partial date is kept when it may fall in the range: "2024" for from 2024-06.
        where.append(f"{date} >= substr(?, 1, length({date}))")
        params.append(f.date_from)
    if f.date_to:
        where.append(f"substr({date}, 1, ?) <= ?")
        params += [len(f.date_to), f.date_to]
    if f.type:
        where.append("ev.type = ?")
        params.append(f.type)
    if f.acled_type:
        where.append("ev.acled_type = ?")
        params.append(f.acled_type)
    if f.actor:
        # Actors and targets are JSON lists of ids: a quoted id is one whole element.
        pattern = f'%"{_like_literal(f.actor_id or f.actor)}"%'
        where.append("(ev.actors LIKE ? ESCAPE '\\' OR ev.targets LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if f.country:
        where.append("p.country = ?")
        params.append(f.country)
    if f.min_fatalities is not None:
        where.append("ev.fatalities >= ?")
        params.append(f.min_fatalities)
    return (" WHERE " + " AND ".join(where)) if where else "", params


EVENTS_FROM = "FROM events ev JOIN documents d ON d.id = ev.document_id LEFT JOIN entities p ON p.id = ev.place"


@dataclass
class EventRow:
    id: int
    document_id: str
    document_title: str | None
    date: str | None
    type: str
    acled_type: str | None
    actors: list[tuple[str, str | None]]  # (name, id to link to, or None when not an actor page)
    targets: list[tuple[str, str | None]]
    place: str | None
    admin1: str | None
    country: str | None
    fatalities: int | None
    modality: str
    evidence: str
    evidence_url: str


@dataclass
class EventTable:
    filters: EventFilters
    rows: list[EventRow]
    total: int
    fatalities: int  # the sum of the known tolls
    unknown_tolls: int  # events whose toll is not known
    periods: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    left_out: int = 0  # events the chart cannot place (no date, or only a year on a monthly chart)
    choices: dict[str, list[str]] = field(default_factory=dict)  # what the filter form offers

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_ROWS))


def find_actor(store, f: EventFilters) -> None:
    if f.actor:
        entity = store.find_entity(f.actor)
        f.actor_id = entity.id if entity else None
        f.actor_missing = entity is None


def event_rows(store, f: EventFilters, limit: int | None = PAGE_ROWS, offset: int = 0) -> list[EventRow]:
    """The filtered events in the asked order, `limit` of them from `offset` (all when None)."""
    where, params = _event_where(store, f)
    date = _date_sql(_is_sqlite(store))
    order = "DESC" if f.order == "desc" else "ASC"
    key = {"date": date, "fatalities": "ev.fatalities", "type": "ev.type"}[f.sort]
    # Unknown values last either way (SQLite and PostgreSQL put NULLs at opposite ends).
    sql = (f"SELECT ev.id, ev.document_id, d.title, {date}, ev.type, ev.acled_type, ev.actors, ev.targets, "
           "p.name, p.country, p.attributes, p.admin_level, ev.fatalities, ev.modality, ev.evidence_start, "
           f"ev.evidence_text {EVENTS_FROM}{where} ORDER BY ({key}) IS NULL, {key} {order}, {date} DESC, ev.id")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    raw = store.backend.execute(sql, params).fetchall()
    names = _names(store, {i for r in raw for column in (6, 7) for i in json.loads(r[column])})
    rows = []
    for (eid, doc, title, day, etype, acled, actors, targets, place, country, attrs, level, deaths, modality,
         start, evidence) in raw:
        attributes = json.loads(attrs or "{}")
        rows.append(EventRow(
            eid, doc, title, day, etype, acled, [names.get(i, (i, None)) for i in json.loads(actors)],
            [names.get(i, (i, None)) for i in json.loads(targets)], place,
            attributes.get("admin1_name") or (place if level == "admin1" else None), country, deaths, modality,
            evidence, f"/documents/{doc}#{evidence_anchor(start)}"))
    return rows


def _names(store, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """Each entity's name, and its id where it has an actor page (not places)."""
    found: dict[str, tuple[str, str | None]] = {}
    ids_list = sorted(ids)
    for i in range(0, len(ids_list), 500):
        chunk = ids_list[i:i + 500]
        for eid, name, kind in store.backend.execute(
                f"SELECT id, name, kind FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            found[eid] = (name, eid if kind != "place" else None)
    return found


def event_table(store, f: EventFilters) -> EventTable:
    """One page of events, the totals of every event the filters keep, and the chart's counts."""
    find_actor(store, f)
    where, params = _event_where(store, f)
    total, deaths, unknown = store.backend.execute(
        "SELECT count(*), coalesce(sum(ev.fatalities), 0), "
        f"coalesce(sum(CASE WHEN ev.fatalities IS NULL THEN 1 ELSE 0 END), 0) {EVENTS_FROM}{where}",
        params).fetchone()
    table = EventTable(f, event_rows(store, f, PAGE_ROWS, (f.page - 1) * PAGE_ROWS), total, deaths, unknown)
    date = _date_sql(_is_sqlite(store))
    counts = store.backend.execute(
        f"SELECT substr({date}, 1, 7) AS period, ev.type, count(*) {EVENTS_FROM}{where} "
        f"GROUP BY substr({date}, 1, 7), ev.type", params).fetchall()
    table.periods, table.left_out = chart_periods(counts)
    return table


def chart_periods(counts: list[tuple[str | None, str, int]]) -> tuple[list[tuple[str, dict[str, int]]], int]:
    """(period, counts by type) for every month from the first to the last, or every year when the
    events span more than three years; and how many events have no place on that axis."""
    dated = [(p, t, n) for p, t, n in counts if p and p[:4].isdigit()]
    left_out = sum(n for p, t, n in counts if not (p and p[:4].isdigit()))
    if not dated:
        return [], left_out
    years = sorted({p[:4] for p, _, _ in dated})
    by_year = int(years[-1]) - int(years[0]) > 3 or all(len(p) < 7 for p, _, _ in dated)
    buckets: dict[str, dict[str, int]] = {}
    for period, etype, n in dated:
        if by_year:
            key = period[:4]
        elif len(period) < 7:
            left_out += n  # only a year: no month to draw it in
            continue
        else:
            key = period
        buckets.setdefault(key, {})
        buckets[key][etype] = buckets[key].get(etype, 0) + n
    if not buckets:
        return [], left_out
    first, last = min(buckets), max(buckets)
    axis = [str(y) for y in range(int(first), int(last) + 1)] if by_year else _months(first, last)
    return [(p, buckets.get(p, {})) for p in axis], left_out


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def event_choices(store) -> dict[str, list[str]]:
    """The values the filter form offers: event types, ACLED types and countries present."""
    q = store.backend.execute
    return {
        "types": [r[0] for r in q("SELECT DISTINCT type FROM events ORDER BY type")],
        "acled_types": [r[0] for r in q("SELECT DISTINCT acled_type FROM events WHERE acled_type IS NOT NULL "
                                        "ORDER BY acled_type")],
        "countries": [r[0] for r in q("SELECT DISTINCT p.country FROM events ev JOIN entities p ON p.id = ev.place "
                                      "WHERE p.country IS NOT NULL ORDER BY p.country")],
    }


CSV_COLUMNS = ("event_id", "date", "type", "acled_type", "actors", "targets", "place", "admin1", "country",
               "fatalities", "modality", "document_id", "evidence_url", "evidence")


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, - or @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_values(row: EventRow) -> list[str]:
    return [csv_cell(v) for v in (
        row.id, row.date, row.type, row.acled_type, "; ".join(n for n, _ in row.actors),
        "; ".join(n for n, _ in row.targets), row.place, row.admin1, row.country, row.fatalities, row.modality,
        row.document_id, row.evidence_url, row.evidence)]


# Index pages


@dataclass
class IndexPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    choices: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_ROWS))


def _sort(params: dict[str, str], allowed: dict[str, str], default: str) -> tuple[str, str]:
    sort = params.get("sort") or default
    if sort not in allowed:
        raise BadFilter(f"this list sorts by {', '.join(allowed)}, not '{sort}'")
    return sort, allowed[sort]


def _named_entities(store, columns: str, where: str, args: list, order: str, page: int) -> tuple[int, list]:
    """How many named entities match `where`, and one page of them: `columns`, then their
    mentions and the documents naming them."""
    named = f"FROM mentions m JOIN entities e ON e.id = m.entity_id {where}"
    total = store.backend.execute(f"SELECT count(DISTINCT m.entity_id) {named}", args).fetchone()[0]
    rows = store.backend.execute(
        f"SELECT {columns}, count(*) n, count(DISTINCT m.document_id) docs {named} GROUP BY {columns} "
        f"ORDER BY {order} LIMIT ? OFFSET ?", [*args, PAGE_ROWS, (page - 1) * PAGE_ROWS])
    return total, list(rows)


def actor_index(store, params: dict[str, str]) -> IndexPage:
    """Actors (every entity but places) with their mentions and documents, a page at a time."""
    page = page_number(params.get("page"))
    _, order = _sort(params, {"mentions": "n DESC, e.name", "documents": "docs DESC, e.name",
                              "name": "e.name, e.id"}, "mentions")
    kind = params.get("kind", "")
    where, args = "WHERE e.kind != 'place'", []
    if kind:
        where += " AND e.kind = ?"
        args.append(kind)
    total, rows = _named_entities(store, "e.id, e.name, e.kind, e.country", where, args, order, page)
    kinds = [r[0] for r in store.backend.execute("SELECT DISTINCT kind FROM entities WHERE kind != 'place' "
                                                 "ORDER BY kind")]
    return IndexPage([dict(zip(("id", "name", "kind", "country", "mentions", "documents"), r)) for r in rows],
                     total, page, kinds)


def place_index(store, params: dict[str, str]) -> IndexPage:
    """Places with their level, country, first-level division and mentions, a page at a time."""
    page = page_number(params.get("page"))
    _, order = _sort(params, {"mentions": "n DESC, e.name", "name": "e.name, e.id",
                              "country": "e.country, e.name"}, "mentions")
    country = params.get("country", "")
    where, args = "WHERE e.kind = 'place'", []
    if country:
        where += " AND e.country = ?"
        args.append(country)
    total, rows = _named_entities(store, "e.id, e.name, e.admin_level, e.country, e.attributes, e.lat",
                                  where, args, order, page)
    countries = [r[0] for r in store.backend.execute("SELECT DISTINCT country FROM entities WHERE kind = 'place' "
                                                     "AND country IS NOT NULL ORDER BY country")]
    out = []
    for eid, name, level, ctry, attrs, lat, n, docs in rows:
        out.append({"id": eid, "name": name, "level": level, "country": ctry, "mentions": n, "documents": docs,
                    "admin1": json.loads(attrs or "{}").get("admin1_name"), "located": lat is not None})
    return IndexPage(out, total, page, countries)


def document_index(store, params: dict[str, str]) -> IndexPage:
    """Documents with their metadata and how many facts of each kind they hold, a page at a time."""
    page = page_number(params.get("page"))
    _, order = _sort(params, {"published": "coalesce(d.published, '') DESC, d.id",
                              "title": "coalesce(d.title, d.id), d.id", "events": "events DESC, d.id"}, "published")
    q = store.backend.execute
    total = q("SELECT count(*) FROM documents").fetchone()[0]
    # The counts run per row of this page only, each through its table's document index.
    counts = ", ".join(f"(SELECT count(*) FROM {t} x WHERE x.document_id = d.id) AS {t}"
                       for t in ("events", "relations", "claims", "causal_links"))
    rows = q(f"SELECT d.id, d.title, d.publisher, d.published, d.duplicate_of, {counts} FROM documents d "
             f"ORDER BY {order} LIMIT ? OFFSET ?", [PAGE_ROWS, (page - 1) * PAGE_ROWS])
    names = ("id", "title", "publisher", "published", "duplicate_of", "events", "relations", "claims", "causes")
    return IndexPage([dict(zip(names, r)) for r in rows], total, page)
