"""Ingest: read a file (or a URL) into cleaned Documents with their metadata.

    read_documents(path) -> [Document]   .txt .md .html .htm .json .jsonl .csv .warc(.gz) .rss .atom .xml
                                         .pdf .docx; raises InputError with the first reason it cannot
    read_documents("https://...")        a web page, fetched (when the machine has network)
    iter_documents(path, limits)         each Document, or a ReadFailure for each record that cannot be
                                         read (a bad line of a JSONL file fails alone); never raises
    make_document(text, **metadata)      a Document whose id is the hash of its cleaned text

Every read stays within `Limits` (limits.py): bytes read, downloaded or inflated, JSON nesting and
integer size, fetch time, and the addresses a URL may reach.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from faultlines.errors import InputError
from faultlines.ingest.files import decode, read_bytes
from faultlines.ingest.html import extract_html
from faultlines.ingest.jsonfile import read_json_records
from faultlines.ingest.limits import DEFAULT_MAX_BYTES, Limits
from faultlines.ingest.plaintext import TextCleaner
from faultlines.ingest.records import Fields, Record, guarded, unexpected
from faultlines.ingest.tabular import CsvLayout, read_csv_records
from faultlines.model import Document

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "Limits", "ReadFailure", "document_id", "is_url",
           "iter_documents", "make_document", "normalise_text", "read_documents", "suffix_of"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
OFFICE_SUFFIXES = {".pdf", ".docx"}
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES
                      | OFFICE_SUFFIXES)
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: no UTF-8 form, no store takes it


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A source, or one record of it, that could not be read: `record` is the line, row, item,
    entry or archive record number, None when the whole source (or the rest of it) failed."""

    source: str
    record: int | None
    reason: str


def document_id(text: str) -> str:
    """The id of a document: the first 16 hex digits of the SHA-256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no stray whitespace at the ends: offsets are stable."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\ufeff", "").replace("\x00", "").strip()


def make_document(text: str, source_path: str | None = None, **meta: str | None) -> Document:
    """A Document from cleaned text and metadata (title, author, publisher, published, url)."""
    where = source_path or "<input>"
    if not isinstance(text, str):
        raise InputError(f"{where}: the document's text is {type(text).__name__}, not text")
    if any(isinstance(v, str) and _SURROGATE.search(v) for v in (text, *meta.values())):
        raise InputError(f"{where}: holds a lone UTF-16 surrogate (such as \\ud800), which is not a character; "
                         "fix the escape in the source")
    text = normalise_text(text)
    if not text:
        raise InputError(f"{where}: the document has no text; nothing to analyze")
    meta = {k: (v.replace("\x00", "").strip() if isinstance(v, str) else v) for k, v in meta.items()}
    return Document(
        id=document_id(text), text=text, title=meta.get("title") or None,
        author=meta.get("author") or None, publisher=meta.get("publisher") or None,
        published=meta.get("published") or None, url=meta.get("url") or None,
        language=meta.get("language") or "en", source_path=source_path,
    )


def is_url(text: str | Path) -> bool:
    return str(text).startswith(("http://", "https://"))


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def read_documents(
    path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, cleaner: TextCleaner | None = None,
    csv_layout: CsvLayout | None = None, limits: Limits | None = None,
) -> list[Document]:
    """Every document in one file (or at one URL); raises InputError with a one-line reason if any
    of it cannot be read (`iter_documents` keeps the good records of a file with bad ones)."""
    documents = []
    for item in iter_documents(path, limits or Limits(max_bytes=max_bytes), cleaner, csv_layout):
        if isinstance(item, ReadFailure):
            raise InputError(item.reason)
        documents.append(item)
    return documents


def iter_documents(
    source: str | Path, limits: Limits | None = None, cleaner: TextCleaner | None = None,
    csv_layout: CsvLayout | None = None,
) -> Iterator[Document | ReadFailure]:
    """Each document of a file or URL, or a ReadFailure for what cannot be read; nothing raises."""
    name = str(source)
    limits = limits or Limits()
    try:
        for number, fields in _records(source, limits, cleaner, csv_layout):
            if not isinstance(fields, InputError):
                fields = guarded(name, partial(_document, fields, name, number, limits.max_text_chars))
            yield ReadFailure(name, number, str(fields)) if isinstance(fields, InputError) else fields
    except InputError as exc:
        yield ReadFailure(name, None, str(exc))
    except RecursionError:
        yield ReadFailure(name, None, f"{name}: nested too deeply to read; simplify the file")
    except Exception as exc:  # noqa: BLE001 - a reader's bug must not end the ingest of the others
        yield ReadFailure(name, None, unexpected(name, exc))


def _document(fields: Fields, name: str, number: int | None, max_text_chars: int) -> Document:
    try:
        document = make_document(fields[0], source_path=name, **fields[1])
        if len(document.text) > max_text_chars:
            raise InputError(f"{name}: its text is {len(document.text):,} characters, above the limit of "
                             f"{max_text_chars:,} for one document; split it, or raise the limit with --max-text-mb")
        return document
    except InputError as exc:
        if number is None:
            raise
        raise InputError(f"{name}, record {number}" + str(exc)[len(name):]) from None


def _records(source: str | Path, limits: Limits, cleaner: TextCleaner | None,
             csv_layout: CsvLayout | None) -> Iterator[Record]:
    """(record number or None, fields or InputError) for each record of a source."""
    if is_url(source):
        from faultlines.ingest.web import fetch_url

        yield None, fetch_url(str(source), limits)
        return
    path = Path(source)
    suffix = suffix_of(path)
    if suffix not in SUPPORTED_SUFFIXES and path.exists() and not path.is_dir():
        raise InputError(
            f"{path}: unsupported file type '{suffix}'; use .txt, .md, .html, .json/.jsonl, .csv, "
            ".warc, .pdf, .docx or an RSS/Atom feed"
        )
    name = str(path)
    data = read_bytes(path, limits.max_bytes)
    if suffix in WARC_SUFFIXES or suffix in FEED_SUFFIXES:
        from faultlines.ingest.web import read_feed_records, read_warc_records

        records = read_warc_records(data, name, limits) if suffix in WARC_SUFFIXES else read_feed_records(data, name)
        found = False
        for record in records:
            found = True
            yield record
        if not found:
            raise InputError(f"{name}: holds no article text; nothing to analyze")
        return
    if suffix in OFFICE_SUFFIXES:
        from faultlines.ingest.office import read_docx, read_pdf

        yield None, read_pdf(data, name) if suffix == ".pdf" else read_docx(data, name, limits.max_bytes)
        return
    raw = decode(data, name)
    if suffix in CSV_SUFFIXES:
        yield from read_csv_records(raw, name, csv_layout, limits.max_bytes)
    elif suffix in HTML_SUFFIXES:
        yield None, extract_html(raw, name)
    elif suffix in JSON_SUFFIXES:
        yield from read_json_records(raw, name, lines=suffix != ".json")
    else:
        cleaned = (cleaner or TextCleaner()).clean(raw, markdown=suffix in {".md", ".markdown"})
        yield None, (cleaned.text, cleaned.meta)
