"""The web app: the store in the browser, and a JSON API under /api. `faultlines serve` runs it.

    app = create_app("faultlines.db", token="...")   # a FastAPI app; uvicorn serves it

Pages render on the server from Jinja2 templates (every text escaped; the only markup inserted as
is, the SVG pictures, passes an allow-list in `safe.py`); the map and the network have a script
of our own each (`static/`), which enhance pages that read without them, and the
Content-Security-Policy allows no script from elsewhere, inline or evaluated. Reading is open to
whoever reaches the server (it binds to 127.0.0.1 unless told otherwise) under a host name it
answers to; writing (analyze) needs the token set at start-up, checked before the body is read
(`guard.py`).

Analyses run in a worker thread, at most `max_analyses` at a time with `analysis_queue` more
waiting; past that, a 503 with Retry-After. The pipeline itself analyses one text at a time (see
`_analysed`); reading uploads and saving overlap. Everything else answers meanwhile. /map and
/network are drawn from slim models kept in memory and refreshed from the store's changes
(`views.py`).
"""

from __future__ import annotations

import csv
import dataclasses
import hmac
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import anyio
from fastapi import FastAPI, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from faultlines.dates import ISO_PARTIAL
from faultlines.errors import FaultlinesError, InputError
from faultlines.web.charts import svg_events_over_time
from faultlines.web.guard import Guard, allowed_hosts
from faultlines.web.highlight import evidence_anchor, highlighted
from faultlines.web.kept import Kept
from faultlines.web.safe import bounded_search, trusted_svg
from faultlines.web.tables import (
    CSV_COLUMNS,
    DATE_PATTERN,
    MAX_PAGE,
    EventFilters,
    EventTable,
    actor_index,
    csv_values,
    document_index,
    event_choices,
    event_rows,
    event_table,
    find_actor,
    place_index,
)
from faultlines.web.views import Views

HERE = Path(__file__).parent
UPLOAD_TYPES = {".txt", ".md", ".html", ".htm", ".json"}
DOSSIERS_KEPT = 256
TABLES_KEPT = 256  # pages of the tables (/events, /actors, ...), by store version and query
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


# ?assume=FACTOR=up&assume=...: the what-if's changes, as `faultlines outlook --assume` takes them.
Assumptions = Annotated[list[str] | None, Query(description="A change to assume, FACTOR=up or FACTOR=down "
                                                "(repeatable), e.g. 'division within the Taliban=up'")]
FORM_OVERHEAD = 65_536  # a form's field names and part headers, over the upload itself
RETRY_AFTER = "30"  # seconds, when every analysis slot is taken


def create_app(db: str, token: str, max_upload_mb: float = 10, model: str | None = None, *,
               host: str = "127.0.0.1", allowed_host_names: Iterable[str] = (), max_analyses: int = 1,
               analysis_queue: int = 4, idle_timeout: float = 30, body_timeout: float = 120) -> FastAPI:
    """The app over the store at `db`. It answers to the host names `host` (the address it is bound
    to), loopback and `allowed_host_names`; any IP address too when bound to every interface."""
    from faultlines.analyze.dossier import branches_of, read_dossier
    from faultlines.analyze.outlook import CausalGraph, actor_outlook
    from faultlines.export.dossier import cite, outlook_graph, presence_map, spread
    from faultlines.export.graphs import svg_estimates
    from faultlines.export.maps import CREDIT
    from faultlines.export.report import quantity
    from faultlines.kb.registry import Registry
    from faultlines.store import open_store

    # The API's documentation is a page of our own, drawn from the OpenAPI description: FastAPI's
    # /docs and /redoc load scripts from a CDN, which the CSP blocks and an offline machine lacks.
    app = FastAPI(title="faultlines", description="The conflict model in a faultlines store, with its evidence.",
                  version="0.1.0", docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    # Every template escapes, whatever its file name: Starlette escapes only .html/.htm/.xml, and the
    # dossier body included from the export templates is a .j2.
    templates.env.autoescape = True
    # The dossier's body is the same template the HTML export uses.
    templates.env.loader = ChoiceLoader([FileSystemLoader(HERE / "templates"),
                                         PackageLoader("faultlines.export", "templates")])
    templates.env.filters.update(quantity=quantity, cite=cite)
    # The one kind of markup inserted as is: pictures, checked against an allow-list first.
    templates.env.globals.update(estimates_chart=lambda series: trusted_svg(svg_estimates(series)))
    templates.env.globals.update(evidence_url=lambda source, span: f"/documents/{source.document_id}"
                                 f"#{evidence_anchor(span.start)}")
    limit = int(max_upload_mb * 1_000_000)
    # Dossiers built, by actor id: analysts open the same actors again and again, and a saved
    # document changes the store's version. The causal graph of the whole store, for what-ifs.
    dossiers, causal = Kept(DOSSIERS_KEPT), Kept(1)
    registry = Registry.load()
    pipeline: dict[str, Any] = {}  # loaded on the first analysis, then kept
    pipeline_lock = threading.Lock()  # see _analysed
    views = app.state.views = Views()  # on app.state for tests and tools
    # One analysis holds a core for seconds to minutes: a few run at once, a few more wait, the
    # rest are told to come back.
    analysis_slots = anyio.CapacityLimiter(max(1, max_analyses))
    admitted = {"n": 0}

    def refuse(path: str, status: int, message: str) -> Response:
        if path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status)
        return HTMLResponse(templates.get_template("error.html").render(status=status, message=message),
                            status_code=status)

    hosts, any_ip = allowed_hosts(host, allowed_host_names)
    app.add_middleware(Guard, hosts=hosts, any_ip=any_ip, token=token, body_limit=limit + FORM_OVERHEAD,
                       refuse=refuse, limit_label=f"{max_upload_mb:g} MB", idle_timeout=idle_timeout,
                       body_timeout=body_timeout,
                       headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                "Referrer-Policy": "no-referrer"})

    def store():
        return open_store(db)

    def dossier_of(name: str, with_branches: bool = False):
        with store() as s:
            entity = s.find_entity(name)
            if entity is None:
                raise HTTPException(404, f"no actor called '{name}' in the store")
            return dossiers.get(s.version(), (entity.id, with_branches),
                                lambda: read_dossier(s, entity, registry, with_branches=with_branches))

    def outlook_of(name: str, assume: list[str], with_branches: bool):
        """The actor's outlook under the assumptions; the causal graph of the whole store is kept
        until the store changes (a what-if is tried again and again, one factor at a time)."""
        with store() as s:
            entity = s.find_entity(name)
            if entity is None:
                raise HTTPException(404, f"no actor called '{name}' in the store")
            graph = causal.get(s.version(), "store", lambda: CausalGraph.from_analyses(s.analyses()))
        actors = (entity.id, *branches_of(registry, entity.id)) if with_branches else (entity.id,)
        return entity, actor_outlook(graph, actors, assume)

    def check_token(given: str | None) -> None:
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this needs the token `faultlines serve` printed at start-up")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    # Pages

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return page(request, "api.html", operations=api_operations(app.openapi()))

    @app.get("/redoc", include_in_schema=False)
    def api_docs_elsewhere():
        return RedirectResponse("/docs", status_code=308)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str | None = None):
        with store() as s:
            summary = s.summary(top=15)
            first, last = s.date_range()
            hits = bounded_search(s, q, 20) if q else []
            recent = s.recent_documents(10)
        return page(request, "home.html", summary=summary, q=q, hits=hits, recent=recent, first=first, last=last)

    # Pictures of a kept dossier or events table, drawn once per object kept (a new store version
    # builds new ones): a dossier's map clips every country's outline to its frame, near a second
    # for an actor named all over the world; the events chart was half of the page's time.
    drawings: OrderedDict[tuple[int, str], tuple[Any, Any]] = OrderedDict()

    def drawn(of: Any, what: str, draw: Callable[[], Any]) -> Any:
        kept = drawings.get((id(of), what))
        if kept is None or kept[0] is not of:  # `of` is held too, so its id is not reused meanwhile
            kept = drawings[(id(of), what)] = (of, draw())
            while len(drawings) > DOSSIERS_KEPT + TABLES_KEPT:
                drawings.popitem(last=False)
        return kept[1]

    @app.get("/actors/{name}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, name: str, branches: str = ""):
        d = dossier_of(name, rolled_up(branches))
        pictures = drawn(d, "pictures", lambda: {"map_svg": trusted_svg(presence_map(d)),
                                                 "graph_svg": trusted_svg(outlook_graph(d))})
        return page(request, "actor.html", d=d, **pictures, spread=spread, credit=CREDIT,
                    branch_count=len(branches_of(registry, d.actor.id)))

    @app.get("/actors/{name}/outlook", response_class=HTMLResponse, include_in_schema=False)
    def outlook_page(request: Request, name: str, assume: Assumptions = None, branches: str = ""):
        entity, found = outlook_of(name, assume or [], rolled_up(branches))
        return page(request, "outlook.html", actor=entity, o=found, branches=rolled_up(branches),
                    names={b: (registry.get(b).name if registry.get(b) else b) for b in found.actors})

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str):
        with store() as s:
            analysis = s.analysis(document_id)
        if analysis is None:
            raise HTTPException(404, f"no document {document_id} in the store")
        return page(request, "document.html", a=analysis, paragraphs=highlighted(analysis))

    max_depth = 3  # relations out from a centred actor; a few more reach most of a connected network

    def network_of(types: list[str], since: str | None, min_documents: int, max_nodes: int,
                   actor: str | None = None, depth: int = 1):
        """The store's version, the actor network as filtered, and the actor it is centred on (None for
        the whole network): then only that actor and those within `depth` relations of it, either way."""
        import networkx as nx

        from faultlines.analyze.merge import dated_since
        from faultlines.export.network import actor_network

        with store() as s:
            entity = s.find_entity(actor) if actor else None
            if actor and entity is None:
                raise HTTPException(404, f"no actor called '{actor}' in the store")
            version, analyses = views.analyses(s)
        centre = entity.id if entity else None

        def filtered():  # shared by the whole network and every actor's neighbourhood; not to be changed
            graph = actor_network(a for a in analyses if dated_since(a.document.published, since))
            for u, v, key, data in list(graph.edges(keys=True, data=True)):
                if (types and data["relation"] not in types) or data["documents"] < min_documents:
                    graph.remove_edge(u, v, key)
            return graph

        def build():
            graph = views.cached(version, ("network", tuple(types), since, min_documents), filtered)
            if centre is None:
                keep = sorted((n for n in graph.nodes if graph.degree(n)), key=lambda n: -graph.degree(n))[:max_nodes]
            else:  # the nearest first, so a cap drops the farthest
                steps = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre,
                                                              cutoff=depth) if centre in graph else {}
                keep = sorted(steps, key=lambda n: (steps[n], -graph.degree(n)))[:max_nodes]
            # In the whole network's order, not a set's (as `subgraph` of a few nodes gives), so the
            # layout's fixed seed draws the same picture in every process.
            kept, part = set(keep), nx.MultiDiGraph()
            part.add_nodes_from((n, {**data}) for n, data in graph.nodes(data=True) if n in kept)
            part.add_edges_from((u, v, key, {**data}) for u, v, key, data in graph.edges(keys=True, data=True)
                                if u in kept and v in kept)
            return part

        key = ("network", tuple(types), since, min_documents, max_nodes, centre, depth if centre else None)
        return version, views.cached(version, key, build), entity

    def places_of(actor: str | None, event_type: str | None, since: str | None, until: str | None):
        """The store's version and its located places (`mapdata.MapPlace`) for the filters, with quotes."""
        from faultlines.web.mapdata import map_places, with_quotes
        from faultlines.web.tables import BadFilter

        for name, value in (("since", since), ("until", until)):
            if value and not ISO_PARTIAL.fullmatch(value):
                raise BadFilter(f"'{name}' must be a date like 2024, 2024-05 or 2024-05-17, not '{value}'")
        with store() as s:
            entity = s.find_entity(actor) if actor else None
            if actor and entity is None:
                raise HTTPException(404, f"no actor called '{actor}' in the store")
            version, analyses = views.analyses(s)
        involving = entity.id if entity else None

        def build():
            with store() as s:
                return with_quotes(s, sorted(map_places(analyses, involving, event_type, since, until),
                                             key=lambda p: (-p.point.weight, p.point.name)))

        return version, views.cached(version, ("places", involving, event_type, since, until), build)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, types: str = "", since: str | None = None, min_documents: int = 1,
                     max_nodes: int = 80, actor: str = "", depth: int = 1):
        from faultlines.export.graphs import svg_network

        chosen = [t for t in types.split(",") if t]
        depth = min(max(depth, 1), max_depth)
        version, graph, entity = network_of(chosen, since or None, min_documents, max_nodes, actor or None, depth)
        centre = entity.id if entity else None
        # The force layout is the slow part: drawn once per store version and filters.
        key = ("network-svg", tuple(chosen), since or None, min_documents, max_nodes, centre, depth)
        svg = views.cached(version, key, lambda: trusted_svg(svg_network(graph, centre=centre)))
        filters = {k: v for k, v in (("types", types), ("since", since), ("min_documents", min_documents))
                   if v and v != 1}
        around = {n: "/network?" + urlencode({**filters, "actor": centre, "depth": n})
                  for n in range(1, max_depth + 1)} if centre else {}
        return page(request, "network.html", svg=svg, types=types, since=since or "", min_documents=min_documents,
                    actor=actor, depth=depth, centre=entity, around=around,
                    whole="/network" + (f"?{urlencode(filters)}" if filters else ""),
                    nodes=graph.number_of_nodes(), edges=graph.number_of_edges())

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, actor: str = "", type: str = "", since: str = "", until: str = ""):
        from faultlines.export.maps import MapFrame, svg_map
        from faultlines.web.mapdata import MAP_SIZE

        version, places = places_of(actor or None, type or None, since or None, until or None)
        points = [p.point for p in places]
        width, height = MAP_SIZE

        def render() -> str:
            svg = trusted_svg(svg_map(points, width=width, height=height, title="places", zoomable=True))
            # The frame lets the page's script place points on the same picture (pan, zoom, clusters).
            frame = MapFrame.around(points, width, height) if points else None
            return templates.get_template("map.html").render(
                svg=svg, places=places, frame=frame, counted=_counted(type, since, until), actor=actor, type=type,
                since=since, until=until)

        # The whole page, kept per store version and filters: the world's outlines and every place's
        # quotes make megabytes of HTML, which took longer to render than anything else in a request.
        return HTMLResponse(views.cached(version, ("map-page", actor, type, since, until), render))

    def _counted(event_type: str, since: str, until: str) -> str:
        return "events" if event_type or since or until else "mentions"

    from faultlines.web.mapdata import MapAnswer  # the answer's description, for the OpenAPI page

    @app.get("/api/map", response_model=MapAnswer,
             responses={400: {"description": "A date that is not one"}, 404: {"description": "No such actor"}})
    def api_map(actor: str = Query("", description="Places in the documents that involve this actor"),
                type: str = Query("", description="Places of events of this type (assault, ...)"),
                since: str = Query("", description="Places of events on or after this date (2024, 2024-05, ...)",
                                   json_schema_extra={"pattern": DATE_PATTERN}),
                until: str = Query("", description="Places of events up to this date",
                                   json_schema_extra={"pattern": DATE_PATTERN})):
        """Located places, what the map shows: point, precision, what they lie in, how often the documents
        name them (or tell of events there, when an event filter is set) and quotes linking to the documents."""
        # The date pattern is described, not enforced by FastAPI (a 422): a date that is not one is a 400, as on /map.
        version, places = places_of(actor or None, type or None, since or None, until or None)
        counted = _counted(type, since, until)
        body = views.cached(version, ("map-json", actor, type, since, until), lambda: json.dumps(
            {"places": [p.to_dict(counted) for p in places]}, ensure_ascii=False))
        return Response(body, media_type="application/json")  # built once per version; FastAPI would walk it again

    # Tables: a page of rows and the aggregates shown, read per request (`tables.py`).

    # Tables built, by query: on a large store the totals, the chart and the actors' mention
    # counts scan their whole table, and analysts page back and forth.
    tables = Kept(TABLES_KEPT)

    def kept_table(s, key: tuple, build):
        return tables.get(s.version(), key, build)

    def event_table_of(params: dict[str, str]) -> EventTable:
        f = EventFilters.parse(params)
        key = ("events", *sorted(f.query().items()))

        def build():
            table = event_table(s, f)
            table.choices = event_choices(s)
            return table

        with store() as s:
            return kept_table(s, key, build)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request):
        table = event_table_of(dict(request.query_params))
        chart = drawn(table, "chart", lambda: trusted_svg(svg_events_over_time(
            table.periods, table.filters.query(page="", sort="", order=""))))
        return page(request, "events.html", t=table, f=table.filters, chart=chart, link=table.filters.query,
                    urlencode=urlencode)

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(request: Request):
        f = EventFilters.parse(dict(request.query_params))

        def rows():
            with store() as s:
                find_actor(s, f)
                found = event_rows(s, f, limit=None)
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for row in found:
                writer.writerow(csv_values(row))
            return out.getvalue()

        return Response(rows(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/events", responses={400: {"description": "A filter, sort or page the table cannot use"}})
    def api_events(date_from: str = Query("", pattern=DATE_PATTERN),
                   date_to: str = Query("", pattern=DATE_PATTERN), type: str = "", acled_type: str = "",
                   actor: str = "", country: str = "", min_fatalities: int | None = Query(None, ge=0, le=999_999_999),
                   sort: Literal["date", "fatalities", "type"] = "date", order: Literal["asc", "desc"] = "desc",
                   page: int = Query(1, ge=1, le=MAX_PAGE)) -> dict[str, Any]:
        """Events, filtered and sorted, 50 a page, with the totals of every event the filters keep
        (the sum of known fatality tolls, and how many events have none) and counts by period and type."""
        # The typed values FastAPI checked, not the raw query ("40.0" is a valid int here).
        table = event_table_of({"date_from": date_from, "date_to": date_to, "type": type, "acled_type": acled_type,
                                "actor": actor, "country": country, "sort": sort, "order": order, "page": str(page),
                                "min_fatalities": "" if min_fatalities is None else str(min_fatalities)})
        return {"total": table.total, "page": table.filters.page, "pages": table.pages,
                "fatalities": table.fatalities, "unknown_fatalities": table.unknown_tolls,
                "periods": [{"period": p, "types": by_type} for p, by_type in table.periods],
                "events": [dataclasses.asdict(r) for r in table.rows]}

    def index_page(request: Request, name: str, keys: tuple[str, ...], read) -> HTMLResponse:
        """An index page (`name`.html) of what `read` gives for the query's `keys`, kept per store version."""
        params = {k: v for k, v in request.query_params.items() if k in keys and v}
        with store() as s:
            listing = kept_table(s, (name, *sorted(params.items())), lambda: read(s, params))
        return page(request, f"{name}.html", t=listing, params=params, urlencode=urlencode)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_index(request: Request):
        return index_page(request, "actors", ("kind", "sort", "page"), actor_index)

    @app.get("/places", response_class=HTMLResponse, include_in_schema=False)
    def places_index(request: Request):
        return index_page(request, "places", ("country", "sort", "page"), place_index)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_index(request: Request):
        return index_page(request, "documents", ("sort", "page"), document_index)

    @app.get("/api/network", responses={404: {"description": "No such actor in the store (with `actor`)"}})
    def api_network(types: str = Query("", description="Relation types to keep, comma-separated (hostile,allied)"),
                    since: str | None = Query(None, description="Only documents published since (2021, 2021-06)"),
                    min_documents: int = Query(1, description="Only relations stated in at least this many documents"),
                    max_nodes: int = Query(200, description="At most this many actors (the best connected, or the "
                                           "nearest to `actor`)"),
                    actor: str | None = Query(None, description="Centre on this actor (id, name or alias): only it and "
                                              "the actors within `depth` relations of it, either way"),
                    depth: int = Query(1, ge=1, le=max_depth, description="With `actor`: how many relations out")
                    ) -> dict[str, Any]:
        """The actor network: nodes (actors) and edges (relations merged across documents); with
        `actor`, that actor's neighbourhood (`/api/network?actor=ISIS-K&depth=2`)."""
        _, graph, _ = network_of([t for t in types.split(",") if t], since, min_documents, max_nodes, actor, depth)
        return {"nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
                "edges": [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]}

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request):
        return page(request, "analyze.html", error=None)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_page(request: Request, token_field: str = Form("", alias="token"), text: str = Form(""),
                           upload: UploadFile | None = None, title: str = Form(""), publisher: str = Form(""),
                           published: str = Form(""), url: str = Form("")):
        auth = request.headers.get("authorization", "")  # curl and scripts may send the header instead
        check_token(auth[7:].strip() if auth.startswith("Bearer ") else token_field)
        # What the form says of the document (title, source, date) is its metadata, over a file's own.
        meta = {k: v.strip() for k, v in (("title", title), ("publisher", publisher), ("published", published),
                                          ("url", url)) if v.strip()}
        try:
            if "published" in meta and not ISO_PARTIAL.fullmatch(meta["published"]):
                raise InputError(f"the date '{meta['published']}' is not a date: write it as 2024-05-17, "
                                 "2024-05 or 2024")
            analysis = await _analyze(text, upload, meta)
        except FaultlinesError as exc:
            return HTMLResponse(templates.get_template("analyze.html").render(request=request, error=str(exc)),
                                status_code=400)
        return page(request, "document.html", a=analysis, paragraphs=highlighted(analysis))

    # API

    @app.get("/api/summary")
    def api_summary() -> dict[str, Any]:
        """Counts, the most-named actors and places, the main relations."""
        with store() as s:
            return s.summary()

    @app.get("/api/search", responses={400: {"description": "A query too long, with too many operators, or "
                                                          "stopped after its time limit"}})
    def api_search(q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching a full-text query."""
        with store() as s:
            return bounded_search(s, q, min(max(limit, 1), 100))

    @app.get("/api/actors/{name}", responses={404: {"description": "No such actor in the store"}})
    def api_actor(name: str, branches: str = Query("", description="1: roll up the actor's branches, each item "
                                                                   "marked with the branch it is about (via)")
                  ) -> dict[str, Any]:
        """An actor's dossier: profile, strength, presence, relations, events, outlook, sources."""
        # Plain JSON: FastAPI's generic encoder would walk the whole dossier again.
        return Response(json.dumps(dossier_of(name, rolled_up(branches)).to_dict(), ensure_ascii=False),
                        media_type="application/json")

    @app.get("/api/actors/{name}/outlook", responses={400: {"description": "An assumption that names no single "
                                                                          "factor, or says neither up nor down"},
                                                      404: {"description": "No such actor in the store"}})
    def api_actor_outlook(name: str, assume: Assumptions = None,
                          branches: str = Query("", description="1: the factors of the actor's branches too")
                          ) -> dict[str, Any]:
        """What if: the causal factors bearing on an actor, their links, and what follows from the
        changes assumed, each conclusion with its paths and the sentences they come from;
        conclusions reached by paths of both signs are "conflicting"."""
        return outlook_of(name, assume or [], rolled_up(branches))[1].to_dict()

    @app.get("/api/documents/{document_id}", responses={404: {"description": "No such document in the store"}})
    def api_document(document_id: str) -> dict[str, Any]:
        """One document's model, as `faultlines analyze --format json` prints it."""
        with store() as s:
            analysis = s.analysis(document_id)
        if analysis is None:
            raise HTTPException(404, f"no document {document_id} in the store")
        return analysis.to_dict()

    @app.post("/api/analyze", responses={400: {"description": "Not a JSON object with a text"},
                                         401: {"description": "Missing or wrong token"},
                                         413: {"description": "Over the upload limit"}})
    async def api_analyze(request: Request) -> dict[str, Any]:
        """Analyze a text (JSON: text and optional title, author, publisher, published, url) and store
        its model. Needs `Authorization: Bearer TOKEN`."""
        auth = request.headers.get("authorization", "")
        check_token(auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None)
        record = _json_record(await _read_limited(request))
        try:
            return (await _analyze_record(record)).to_dict()
        except FaultlinesError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.exception_handler(StarletteHTTPException)  # Starlette's too: an unknown path gets the page
    async def errors(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return HTMLResponse(templates.get_template("error.html").render(request=request, status=exc.status_code,
                                                                        message=exc.detail),
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(FaultlinesError)
    async def bad_input(request: Request, exc: FaultlinesError):
        # A query the store cannot run (an unbalanced quote in a search) is the asker's to fix.
        return await errors(request, HTTPException(400, str(exc)))

    async def _read_limited(request: Request) -> bytes:
        if int(request.headers.get("content-length") or 0) > limit:
            raise HTTPException(413, f"the upload is over the {max_upload_mb:g} MB limit")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise HTTPException(413, f"the upload is over the {max_upload_mb:g} MB limit")
        return body

    def _json_record(body: bytes) -> dict[str, Any]:
        """The request's JSON object, or a 400 saying what is wrong with it."""
        try:
            record = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise HTTPException(400, f"the body is not UTF-8 (byte {exc.start}); send JSON in UTF-8") from exc
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"the body is not JSON ({exc.msg}); send {{\"text\": ...}}") from exc
        except (RecursionError, ValueError) as exc:  # nested too deep; a number too long to read
            raise HTTPException(400, f"the body is JSON this cannot read ({type(exc).__name__}); "
                                "send a flat object with a \"text\" field") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise HTTPException(400, "send a JSON object with a \"text\" field")
        for key in ("title", "author", "publisher", "published", "url"):
            if record.get(key) is not None and not isinstance(record[key], str | int | float):
                raise HTTPException(400, f"\"{key}\" must be a string, not {type(record[key]).__name__}")
        return record

    async def _in_worker(work):
        """`work()` in a worker thread, the event loop free meanwhile; a 503 when every slot and
        every place in the queue is taken."""
        if admitted["n"] >= analysis_slots.total_tokens + analysis_queue:
            raise HTTPException(503, "the server is busy with other analyses; try again in a minute",
                                headers={"Retry-After": RETRY_AFTER})
        admitted["n"] += 1
        try:
            return await anyio.to_thread.run_sync(work, limiter=analysis_slots)
        finally:
            admitted["n"] -= 1

    async def _analyze(text: str, upload: UploadFile | None, meta: dict[str, str] | None = None):
        from faultlines.ingest import read_documents

        if upload is not None and upload.filename:
            suffix = Path(upload.filename).suffix.lower()
            if suffix not in UPLOAD_TYPES:
                raise HTTPException(415, f"'{suffix}' files are not taken; upload .txt, .md, .html or .json")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise HTTPException(413, f"the upload is over the {max_upload_mb:g} MB limit")

            def work():
                import tempfile

                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"upload{suffix}"
                    path.write_bytes(data)
                    documents = read_documents(path, limit)
                if not documents:
                    raise HTTPException(400, f"no document could be read from {upload.filename!r}")
                return _save(_analysed(dataclasses.replace(documents[0], **(meta or {}))))

            return await _in_worker(work)
        return await _analyze_record({"text": text, **(meta or {})})

    async def _analyze_record(record: dict[str, Any]):
        from faultlines.ingest import make_document

        meta = {k: str(record[k]) for k in ("title", "author", "publisher", "published", "url") if record.get(k)}
        document = make_document(record["text"], **meta)
        return await _in_worker(lambda: _save(_analysed(document)))

    def _analysed(document):
        # One analysis at a time in the one pipeline: spaCy does not promise that a Language may be
        # used from several threads at once, and the pipeline keeps shared state (the vocabulary's
        # strings, the knowledge base's caches). Nothing is lost: under the GIL, 4 threads analysed
        # no faster than one. Reading uploads and saving, around it, still overlap.
        with pipeline_lock:
            return _pipeline().analyze(document)

    def _pipeline():
        from faultlines.pipeline import Pipeline

        if "loaded" not in pipeline:
            pipeline["loaded"] = Pipeline.load(model)
        return pipeline["loaded"]

    def _save(analysis):
        with store() as s:
            s.save(analysis)
        return analysis

    return app


def rolled_up(branches: str) -> bool:
    """?branches=1 (or any value but empty and 0): the dossier with the actor's branches."""
    return branches.strip() not in ("", "0")


def api_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations as the /docs page lists them: method, path, summary, parameters (name,
    where, type, required) and the answers' status codes, from the OpenAPI description."""
    out = []
    for path, methods in sorted(spec.get("paths", {}).items()):
        for method, op in methods.items():
            params = [{"name": p.get("name", ""), "in": p.get("in", ""), "required": bool(p.get("required")),
                       "type": _schema_type(p.get("schema", {})), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = list((op.get("requestBody") or {}).get("content", {}))
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "parameters": params, "body": body,
                        "responses": sorted(op.get("responses", {}))})
    return out


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    return schema.get("type", schema.get("$ref", "").rsplit("/", 1)[-1] or "any")

