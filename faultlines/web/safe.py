"""What the pages trust and what they bound.

Templates escape every value; the only markup inserted as is are the SVG pictures the export
modules draw (map, network, charts). `trusted_svg` checks each against an allow-list of elements,
attributes and links before a template may insert it, so a name that reached a picture unescaped
shows nothing rather than running.

Search is the one place a visitor writes a query the database runs: `check_query` bounds its
length and operators, and `bounded_search` stops it after a time limit.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

from markupsafe import Markup

from faultlines.errors import StoreError

SVG_NS = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = frozenset({"svg", "title", "desc", "g", "path", "line", "polyline", "polygon", "circle", "ellipse",
                          "rect", "text", "tspan", "a", "defs", "marker"})
SVG_ATTRIBUTES = frozenset({
    "xmlns", "viewBox", "width", "height", "role", "aria-label", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
    "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity", "class", "font-family", "font-size",
    "font-weight", "font-style", "text-anchor", "letter-spacing", "dominant-baseline", "marker-end", "id", "href",
    "transform", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits"})
LOCAL_LINK = re.compile(r"(?:/(?![/\\])|#)[^\s\"'<>`]*")  # a path on this server, or an anchor
LOCAL_URL = re.compile(r"url\(#[\w-]+\)")

MAX_QUERY_CHARS = 300
MAX_QUERY_OPERATORS = 12
OPERATOR = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b|[*^():+\"]")
SEARCH_SECONDS = 2.0
PROGRESS_STEPS = 1_000  # SQLite steps between looks at the clock: about a millisecond


def trusted_svg(svg: str | None) -> Markup | None:
    """The picture as markup a template may insert, or None if any part of it is not allowed."""
    if not svg:
        return None
    # Comments, processing instructions, CDATA and doctypes parse differently in HTML than in XML.
    if "<!" in svg or "<?" in svg:
        return None
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return None
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.removeprefix(SVG_NS) not in SVG_ELEMENTS or ("}" in tag and not tag.startswith(SVG_NS)):
            return None
        for name, value in element.attrib.items():
            if name not in SVG_ATTRIBUTES:
                return None
            if name == "href" and not LOCAL_LINK.fullmatch(value):
                return None
            if "url(" in value.lower() and not LOCAL_URL.fullmatch(value):
                return None
    return Markup(svg)


def check_query(query: str) -> str:
    """The query if its cost is bounded; a StoreError (a 400) saying what to shorten otherwise."""
    if len(query) > MAX_QUERY_CHARS:
        raise StoreError(f"the search is {len(query)} characters long; keep it under {MAX_QUERY_CHARS}")
    operators = len(OPERATOR.findall(query))
    if operators > MAX_QUERY_OPERATORS:
        raise StoreError(f"the search has {operators} operators (AND, OR, NOT, NEAR, *, quotes, brackets); "
                         f"use at most {MAX_QUERY_OPERATORS}")
    return query


def bounded_search(store, query: str, limit: int, seconds: float = SEARCH_SECONDS) -> list[dict]:
    """The store's search, stopped after `seconds`: SQLite's progress handler interrupts the query,
    PostgreSQL's statement_timeout cancels it."""
    check_query(query)
    deadline = time.monotonic() + seconds
    sqlite = store.db
    if sqlite is not None:
        # A true answer interrupts the statement.
        sqlite.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
    else:
        store.backend.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        return store.search(query, limit)
    except (StoreError, *store.backend.errors) as exc:
        if time.monotonic() > deadline or "statement timeout" in str(exc):
            raise StoreError(f"the search took over {seconds:g} s and was stopped; use fewer wildcards "
                             "or operators") from exc
        raise
    finally:
        if sqlite is not None:
            sqlite.set_progress_handler(None, 0)
