"""CSV files: one document per row, its text in one column and its metadata in others."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from faultlines.errors import InputError
from faultlines.ingest.jsonfile import record_fields


@dataclass(frozen=True)
class CsvLayout:
    """Which column holds the text, and which hold metadata (title, author, publisher,
    published, url, language); unnamed ones are found by the usual names (headline, date, ...)."""

    text: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # Document field -> column


def read_csv_records(text: str, name: str, layout: CsvLayout | None = None) -> Iterator[tuple[str, dict[str, str]]]:
    layout = layout or CsvLayout()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = reader.fieldnames or []
    for column in [layout.text, *layout.columns.values()]:
        if column and column not in header:
            raise InputError(f"{name}: no column '{column}' (the columns are {', '.join(header)}); "
                             "name one of them with --csv-text or --csv-column")
    for number, row in enumerate(reader, start=2):
        item = {k: v for k, v in row.items() if k is not None}
        if layout.text:
            item["text"] = item.get(layout.text) or ""
        for target, column in layout.columns.items():
            item[target] = item.get(column) or ""
        yield record_fields(item, f"{name}, line {number}")
