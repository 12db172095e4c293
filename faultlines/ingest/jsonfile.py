"""JSON and JSON Lines: objects with `text` and optional metadata fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from faultlines.dates import parse_date
from faultlines.errors import InputError

# Metadata keys a JSON document may use, and the Document field each fills.
_FIELD_NAMES = {
    "title": ("title", "headline"),
    "author": ("author", "byline", "authors"),
    "publisher": ("publisher", "source", "site", "sitename", "site_name"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate"),
    "url": ("url", "link", "canonical_url"),
    "language": ("language", "lang"),
}


def read_json_records(text: str, name: str, lines: bool) -> Iterator[tuple[str, dict[str, str]]]:
    """(text, metadata) for each object of a .json file or each line of a .jsonl file."""
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield record_fields(_parse(line, f"{name}, line {number}"), f"{name}, line {number}")
        return
    data = _parse(text, name)
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        where = name if len(items) == 1 else f"{name}, item {index + 1}"
        yield record_fields(item, where)


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "fix the file or save the text as .txt"
        ) from exc


def record_fields(item: Any, where: str) -> tuple[str, dict[str, str]]:
    """(text, metadata) of one record (a JSON object, a CSV row), by the usual field names."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected a JSON object with a \"text\" field, got {type(item).__name__}")
    text = item.get("text") or item.get("body") or item.get("content")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: the record has no \"text\" field with the document's text; add one")
    meta: dict[str, str] = {}
    for field, keys in _FIELD_NAMES.items():
        value = next((item[k] for k in keys if item.get(k)), None)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            meta[field] = str(value).strip()
    if "published" in meta:
        meta["published"] = parse_date(meta["published"]) or meta["published"]
    return text, meta
