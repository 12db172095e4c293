"""CSV files: one document per row, its text in one column and its metadata in others."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from faultlines.errors import InputError
from faultlines.ingest.jsonfile import record_fields
from faultlines.ingest.limits import DEFAULT_MAX_BYTES
from faultlines.ingest.records import Record, guarded

MAX_BAD_ROWS_IN_A_ROW = 100  # then the rest of the file is taken as unreadable, not tried row by row


@dataclass(frozen=True)
class CsvLayout:
    """Which column holds the text, and which hold metadata (title, author, publisher,
    published, url, language); unnamed ones are found by the usual names (headline, date, ...)."""

    text: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # Document field -> column


def read_csv_records(text: str, name: str, layout: CsvLayout | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """(line number, fields or the reason it failed) for each row; a bad row fails alone."""
    layout = layout or CsvLayout()
    # csv's own 128 KB field limit would refuse long articles; the file size limit bounds a field.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"{name}: the header row cannot be read ({exc}); check the file") from exc
    for column in [layout.text, *layout.columns.values()]:
        if column and column not in header:
            raise InputError(f"{name}: no column '{column}' (the columns are {', '.join(header)}); "
                             "name one of them with --csv-text or --csv-column")
    number, bad = 1, 0
    while True:
        number += 1
        where = f"{name}, line {number}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader goes on at the next line
            bad += 1
            if bad > MAX_BAD_ROWS_IN_A_ROW:
                raise InputError(f"{where}: {bad} unreadable rows in a row ({exc}); check the file") from exc
            yield number, InputError(f"{where}: not a readable CSV row ({exc})")
            continue
        bad = 0
        yield number, guarded(where, partial(_row_fields, row, layout, where))


def _row_fields(row: dict, layout: CsvLayout, where: str) -> tuple[str, dict[str, str]]:
    item = {k: v for k, v in row.items() if isinstance(k, str)}
    if layout.text:
        item["text"] = item.get(layout.text) or ""
    for target, column in layout.columns.items():
        item[target] = item.get(column) or ""
    return record_fields(item, where)
