"""Export: the stored model in the files analysts' other tools read.

    write_export("stix", analyses, Path("model.stix.json"))

Each writer takes the documents' models and a path (a directory for the one-file-per-table
formats) and returns the files it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from faultlines.errors import ExportError
from faultlines.model import Analysis

# format -> (module, writer, default output name; a trailing "/" means a directory)
FORMATS: dict[str, tuple[str, str, str]] = {
    "json": ("faultlines.export.tables", "write_json", "faultlines.json"),
    "csv": ("faultlines.export.tables", "write_csv", "faultlines-csv/"),
    "parquet": ("faultlines.export.tables", "write_parquet", "faultlines-parquet/"),
    "acled-csv": ("faultlines.export.acled", "write_acled_csv", "faultlines-acled.csv"),
    "geojson": ("faultlines.export.geojson", "write_geojson", "faultlines.geojson"),
    "graphml": ("faultlines.export.network", "write_graphml", "faultlines.graphml"),
    "gexf": ("faultlines.export.network", "write_gexf", "faultlines.gexf"),
    "stix": ("faultlines.export.stix", "write_stix", "faultlines.stix.json"),
}


def write_export(fmt: str, analyses: Iterable[Analysis], out: Path | None = None) -> list[Path]:
    """Write the analyses in `fmt` to `out` (or the format's default name); the files written."""
    from importlib import import_module

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    module, name, default = FORMATS[fmt]
    out = Path(out or default.rstrip("/"))
    if default.endswith("/") and out.exists() and not out.is_dir():
        raise ExportError(f"{out}: {fmt} writes one file per table into a directory; give a directory for --out")
    if not default.endswith("/") and out.is_dir():
        raise ExportError(f"{out}: is a directory; give a file name for --out")
    writer: Callable[[Iterable[Analysis], Path], list[Path]] = getattr(import_module(module), name)
    try:
        return writer(list(analyses), out)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the {fmt} export ({exc.strerror}); check the path") from exc
