"""The model as tables, one per record type: JSON (the contract), CSV files, Parquet files.

Each row of a fact table carries the `document_id` it was read from; nested fields are flattened
(`evidence_start`, `value_low`), lists are joined with "; ". Entities appear once, merged across
documents, with their mention and document counts; `mentions` lists every mention.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from faultlines.errors import ExportError
from faultlines.export.atomic import atomic_path
from faultlines.model import Analysis

TABLES = ("documents", "entities", "mentions", "relations", "events", "claims", "causal_links")

# Columns whose type the model fixes, so a Parquet file has it even where every value is missing
# (an export of documents that give no death toll still has an integer `fatalities`).
INTEGER_COLUMNS = {"fatalities", "injured", "abducted", "arrested", "start", "end", "evidence_start",
                   "evidence_end", "mention_count", "document_count"}
FLOAT_COLUMNS = {"lat", "lon", "confidence", "value_low", "value_high"}


def rows(analyses: Iterable[Analysis]) -> dict[str, list[dict[str, Any]]]:
    """Flat rows of every table."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    entities: dict[str, dict[str, Any]] = {}
    for a in analyses:
        doc_id = a.document.id
        tables["documents"].append(a.document.to_dict())
        for e in a.entities:
            row = entities.setdefault(e.id, {**flatten({k: v for k, v in e.to_dict().items() if k != "mentions"}),
                                             "mention_count": 0, "document_count": 0})
            row["mention_count"] += len(e.mentions)
            row["document_count"] += 1
            tables["mentions"].extend({"document_id": doc_id, "entity_id": e.id, **m.to_dict()} for m in e.mentions)
        for name in ("relations", "events", "claims", "causal_links"):
            tables[name].extend({"document_id": doc_id, **flatten(x.to_dict())} for x in getattr(a, name))
    tables["entities"] = list(entities.values())
    return tables


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}_") if key != "attributes" else {name: json.dumps(value, sort_keys=True)})
        elif isinstance(value, list | tuple):
            out[name] = "; ".join(str(x) for x in value)
        else:
            out[name] = value
    return out


def write_json(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    """A JSON array of document models, each exactly as `faultlines analyze --format json` prints it."""
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as f:
        json.dump([a.to_dict() for a in analyses], f, ensure_ascii=False, indent=1)
    return [out]


def write_csv(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    """One CSV file per table in the directory `out` (UTF-8, header row)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in rows(analyses).items():
        path = out / f"{name}.csv"
        columns = list(dict.fromkeys(k for row in table for k in row)) or ["document_id"]
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            writer.writerows(table)
        written.append(path)
    return written


def write_parquet(analyses: Iterable[Analysis], out: Path) -> list[Path]:
    """One Parquet file per table in the directory `out`."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("parquet export needs pyarrow: pip install 'faultlines[export]'") from exc
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in rows(analyses).items():
        path = out / f"{name}.parquet"
        columns = list(dict.fromkeys(k for row in table for k in row)) or ["document_id"]
        with atomic_path(path) as tmp:
            pq.write_table(pa.Table.from_pylist(table, schema=_schema(pa, table, columns)), tmp)
        written.append(path)
    return written


def _schema(pa, table: list[dict[str, Any]], columns: list[str]):
    """Column types: the model's where it fixes them (nullable integers and floats), else from the
    values (all-null columns as strings), so every file has every column."""
    fields = []
    for column in columns:
        values = [row.get(column) for row in table if row.get(column) is not None]
        if column in INTEGER_COLUMNS and all(isinstance(v, int) for v in values):
            kind = pa.int64()
        elif column in FLOAT_COLUMNS and all(isinstance(v, int | float) for v in values):
            kind = pa.float64()
        elif values and all(isinstance(v, bool) for v in values):
            kind = pa.bool_()
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = pa.int64()
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)
