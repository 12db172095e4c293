"""JSON and JSON Lines: objects with `text` and optional metadata fields."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from typing import Any

import numpy as np

from faultlines.dates import parse_date
from faultlines.errors import InputError
from faultlines.ingest.limits import MAX_INT_DIGITS, MAX_JSON_DEPTH
from faultlines.ingest.records import Record, guarded

# Metadata keys a JSON document may use, and the Document field each fills.
_FIELD_NAMES = {
    "title": ("title", "headline"),
    "author": ("author", "byline", "authors"),
    "publisher": ("publisher", "source", "site", "sitename", "site_name"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate"),
    "url": ("url", "link", "canonical_url"),
    "language": ("language", "lang"),
}


def read_json_records(text: str, name: str, lines: bool) -> Iterator[Record]:
    """(record number, fields or the reason it failed) for each line of a .jsonl file or each
    object of a .json file; a bad line or object fails alone."""
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                where = f"{name}, line {number}"
                yield number, guarded(where, partial(_line_fields, line, where))
        return
    data = parse_json(text, name)
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        where = name if len(items) == 1 else f"{name}, item {index + 1}"
        yield (index + 1 if len(items) > 1 else None), guarded(where, partial(record_fields, item, where))


def _line_fields(line: str, where: str) -> tuple[str, dict[str, str]]:
    return record_fields(parse_json(line, where), where)


def parse_json(text: str, where: str) -> Any:
    """json.loads within the nesting and integer-size limits, every failure an InputError."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InputError(f"{where}: JSON nested {depth} levels deep, above the limit of {MAX_JSON_DEPTH}; "
                         "a document needs a few")
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "fix the file or save the text as .txt"
        ) from exc
    except _TooLong as exc:
        raise InputError(f"{where}: a number with {exc.args[0]} digits, above the limit of {MAX_INT_DIGITS}; "
                         "write it as a string") from None


class _TooLong(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooLong(len(digits.lstrip("-")))
    return int(digits)


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string; linear, no backtracking blow-up
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_CHUNK = 1 << 20


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings aside),
    counted without recursion and in bounded memory, so deep nesting is refused before parsing."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # too few brackets to pass the limit: the usual case costs two counts
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode()
    deepest = level = 0
    for start in range(0, len(brackets), _CHUNK):
        chunk = np.frombuffer(brackets[start:start + _CHUNK], dtype=np.uint8)
        steps = np.where((chunk == ord("[")) | (chunk == ord("{")), 1, -1).cumsum() + level
        deepest, level = max(deepest, int(steps.max())), int(steps[-1])
    return deepest


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
