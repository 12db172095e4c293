"""The web app: the store in the browser, and a JSON API under /api. `faultlines serve` runs it.

    app = create_app("faultlines.db", token="...")   # a FastAPI app; uvicorn serves it

Pages render on the server from Jinja2 templates (every text escaped); there is no script at all
yet, and the Content-Security-Policy allows none from elsewhere. Reading is open to whoever reaches
the server (it binds to 127.0.0.1 unless told otherwise); writing (analyze) needs the token set at
start-up.
"""

from __future__ import annotations

import hmac
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader

from faultlines.errors import FaultlinesError
from faultlines.web.highlight import evidence_anchor, highlighted

HERE = Path(__file__).parent
UPLOAD_TYPES = {".txt", ".md", ".html", ".htm", ".json"}
DOSSIERS_KEPT = 256
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(db: str, token: str, max_upload_mb: float = 10, model: str | None = None) -> FastAPI:
    from faultlines.analyze.dossier import build_dossier
    from faultlines.export.dossier import cite, outlook_graph, presence_map, spread
    from faultlines.export.graphs import svg_estimates
    from faultlines.export.maps import CREDIT
    from faultlines.export.report import quantity
    from faultlines.kb.registry import Registry
    from faultlines.store import open_store

    app = FastAPI(title="faultlines", description="The conflict model in a faultlines store, with its evidence.",
                  version="0.1.0")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    # Every template escapes, whatever its file name: Starlette escapes only .html/.htm/.xml, and the
    # dossier body included from the export templates is a .j2.
    templates.env.autoescape = True
    # The dossier's body is the same template the HTML export uses.
    templates.env.loader = ChoiceLoader([FileSystemLoader(HERE / "templates"),
                                         PackageLoader("faultlines.export", "templates")])
    templates.env.filters.update(quantity=quantity, cite=cite)
    templates.env.globals.update(estimates_chart=svg_estimates)
    templates.env.globals.update(evidence_url=lambda source, span: f"/documents/{source.document_id}"
                                 f"#{evidence_anchor(span.start)}")
    limit = int(max_upload_mb * 1_000_000)
    # Dossiers built, by actor id, with the store version they were built from; analysts open the
    # same actors again and again, and a saved document changes the version. The least recently
    # opened goes first when it is full.
    dossiers: OrderedDict[str, tuple[tuple[int, str | None], Any]] = OrderedDict()
    registry = Registry.load()
    pipeline: dict[str, Any] = {}  # loaded on the first analysis, then kept

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def store():
        return open_store(db)

    def dossier_of(name: str):
        with store() as s:
            entity = s.find_entity(name)
            if entity is None:
                raise HTTPException(404, f"no actor called '{name}' in the store")
            version = s.version()
            cached = dossiers.get(entity.id)
            if cached is not None and cached[0] == version:
                dossiers.move_to_end(entity.id)
                return cached[1]
            built = build_dossier(entity, s.analyses(involving=entity.id), registry)
        dossiers[entity.id] = (version, built)
        dossiers.move_to_end(entity.id)
        while len(dossiers) > DOSSIERS_KEPT:
            dossiers.popitem(last=False)
        return built

    def check_token(given: str | None) -> None:
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this needs the token `faultlines serve` printed at start-up")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    # Pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str | None = None):
        with store() as s:
            summary = s.summary(top=15)
            first, last = s.date_range()
            hits = s.search(q) if q else []
            recent = s.recent_documents(10)
        return page(request, "home.html", summary=summary, q=q, hits=hits, recent=recent, first=first, last=last)

    @app.get("/actors/{name}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, name: str):
        d = dossier_of(name)
        return page(request, "actor.html", d=d, map_svg=presence_map(d), graph_svg=outlook_graph(d), spread=spread,
                    credit=CREDIT)

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str):
        with store() as s:
            analysis = s.analysis(document_id)
        if analysis is None:
            raise HTTPException(404, f"no document {document_id} in the store")
        return page(request, "document.html", a=analysis, paragraphs=highlighted(analysis))

    def network_of(types: list[str], since: str | None, min_documents: int, max_nodes: int):
        from faultlines.analyze.merge import dated_since
        from faultlines.export.network import actor_network

        with store() as s:
            graph = actor_network(a for a in s.analyses() if dated_since(a.document.published, since))
        for u, v, key, data in list(graph.edges(keys=True, data=True)):
            if (types and data["relation"] not in types) or data["documents"] < min_documents:
                graph.remove_edge(u, v, key)
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
        keep = sorted(graph.nodes, key=lambda n: -graph.degree(n))[:max_nodes]
        return graph.subgraph(keep).copy()

    def places_of(actor: str | None, event_type: str | None, since: str | None, until: str | None):
        from faultlines.analyze.merge import dated_since, fact_date
        from faultlines.export.maps import MapPoint

        counts: dict[str, list] = {}
        with store() as s:
            entity = s.find_entity(actor) if actor else None
            if actor and entity is None:
                raise HTTPException(404, f"no actor called '{actor}' in the store")
            involving = entity.id if entity else None
            for a in s.analyses(involving=involving):
                places = {e.id: e for e in a.entities if e.is_place and e.lat is not None}
                if event_type or since or until:
                    for e in a.events:
                        date = fact_date(e.date, a.document)
                        if e.place in places and (not event_type or e.type == event_type) \
                                and dated_since(date, since) and (not until or (date and date[:len(until)] <= until)):
                            counts.setdefault(e.place, [places[e.place], 0])[1] += 1
                else:
                    for place in places.values():
                        counts.setdefault(place.id, [place, 0])[1] += len(place.mentions)
        return [MapPoint.of(p, n) for p, n in counts.values()]

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, types: str = "", since: str | None = None, min_documents: int = 1,
                     max_nodes: int = 80):
        from faultlines.export.graphs import svg_network

        chosen = [t for t in types.split(",") if t]
        graph = network_of(chosen, since or None, min_documents, max_nodes)
        return page(request, "network.html", svg=svg_network(graph), types=types, since=since or "",
                    min_documents=min_documents, nodes=graph.number_of_nodes(), edges=graph.number_of_edges())

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, actor: str = "", type: str = "", since: str = "", until: str = ""):
        from faultlines.export.maps import svg_map

        points = places_of(actor or None, type or None, since or None, until or None)
        return page(request, "map.html", svg=svg_map(points, width=900, height=560, title="places"), points=points,
                    actor=actor, type=type, since=since, until=until)

    @app.get("/api/network")
    def api_network(types: str = "", since: str | None = None, min_documents: int = 1,
                    max_nodes: int = 200) -> dict[str, Any]:
        """The actor network: nodes (actors) and edges (relations merged across documents)."""
        graph = network_of([t for t in types.split(",") if t], since, min_documents, max_nodes)
        return {"nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
                "edges": [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]}

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request):
        return page(request, "analyze.html", error=None)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_page(request: Request, token_field: str = Form("", alias="token"), text: str = Form(""),
                           upload: UploadFile | None = None):
        check_token(token_field)
        try:
            analysis = await _analyze(text, upload)
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

    @app.get("/api/search")
    def api_search(q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching a full-text query."""
        with store() as s:
            return s.search(q, min(max(limit, 1), 100))

    @app.get("/api/actors/{name}", responses={404: {"description": "No such actor in the store"}})
    def api_actor(name: str) -> dict[str, Any]:
        """An actor's dossier: profile, strength, presence, relations, events, outlook, sources."""
        # Plain JSON: FastAPI's generic encoder would walk the whole dossier again.
        return Response(json.dumps(dossier_of(name).to_dict(), ensure_ascii=False), media_type="application/json")

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
        body = await _read_limited(request)
        try:
            record = json.loads(body)
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"the body is not JSON ({exc.msg}); send {{\"text\": ...}}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise HTTPException(400, "send a JSON object with a \"text\" field")
        try:
            return (await _analyze_record(record)).to_dict()
        except FaultlinesError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(templates.get_template("error.html").render(request=request, status=exc.status_code,
                                                                        message=exc.detail),
                            status_code=exc.status_code)

    @app.exception_handler(FaultlinesError)
    async def bad_input(request: Request, exc: FaultlinesError):
        # A query the store cannot run (an unbalanced quote in a search) is the asker's to fix.
        return await errors(request, HTTPException(400, str(exc)))

    async def _read_limited(request: Request) -> bytes:
        if int(request.headers.get("content-length") or 0) > limit:
            raise HTTPException(413, f"the upload is over the {limit // 1_000_000} MB limit")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise HTTPException(413, f"the upload is over the {limit // 1_000_000} MB limit")
        return body

    async def _analyze(text: str, upload: UploadFile | None):
        from faultlines.ingest import read_documents

        if upload is not None and upload.filename:
            suffix = Path(upload.filename).suffix.lower()
            if suffix not in UPLOAD_TYPES:
                raise HTTPException(415, f"'{suffix}' files are not taken; upload .txt, .md, .html or .json")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise HTTPException(413, f"the upload is over the {limit // 1_000_000} MB limit")
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                path.write_bytes(data)
                documents = read_documents(path, limit)
            return _save(_pipeline().analyze(documents[0]))
        return await _analyze_record({"text": text})

    async def _analyze_record(record: dict[str, Any]):
        from faultlines.ingest import make_document

        meta = {k: str(record[k]) for k in ("title", "author", "publisher", "published", "url") if record.get(k)}
        return _save(_pipeline().analyze(make_document(record["text"], **meta)))

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
