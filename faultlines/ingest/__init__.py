"""Ingest: read a file (or a URL) into cleaned Documents with their metadata.

    read_documents(path) -> [Document]   .txt .md .html .htm .json .jsonl .csv .warc(.gz) .rss .atom .xml
    read_documents("https://...")        a web page, fetched (when the machine has network)
    make_document(text, **metadata)      a Document whose id is the hash of its cleaned text
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from faultlines.errors import InputError
from faultlines.ingest.files import decode, read_bytes
from faultlines.ingest.html import extract_html
from faultlines.ingest.jsonfile import read_json_records
from faultlines.ingest.plaintext import TextCleaner
from faultlines.ingest.tabular import CsvLayout, read_csv_records
from faultlines.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES
DEFAULT_MAX_BYTES = 50_000_000


def document_id(text: str) -> str:
    """The id of a document: the first 16 hex digits of the SHA-256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no stray whitespace at the ends: offsets are stable."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\ufeff", "").strip()


def make_document(text: str, source_path: str | None = None, **meta: str | None) -> Document:
    """A Document from cleaned text and metadata (title, author, publisher, published, url)."""
    text = normalise_text(text)
    if not text:
        raise InputError(f"{source_path or '<input>'}: the document has no text; nothing to analyze")
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
    csv_layout: CsvLayout | None = None,
) -> list[Document]:
    """Every document in one file (or at one URL); raises InputError with a one-line reason if it cannot."""
    if is_url(path):
        from faultlines.ingest.web import fetch_url

        text, meta = fetch_url(str(path))
        return [make_document(text, source_path=str(path), **meta)]
    path = Path(path)
    suffix = suffix_of(path)
    if suffix not in SUPPORTED_SUFFIXES and path.exists() and not path.is_dir():
        raise InputError(
            f"{path}: unsupported file type '{suffix}'; use .txt, .md, .html, .json/.jsonl, .csv, "
            ".warc or an RSS/Atom feed"
        )
    name = str(path)
    data = read_bytes(path, max_bytes)
    if suffix in WARC_SUFFIXES or suffix in FEED_SUFFIXES:
        from faultlines.ingest.web import read_feed_records, read_warc_records

        records = list(read_warc_records(data, name) if suffix in WARC_SUFFIXES else read_feed_records(data, name))
        if not records:
            raise InputError(f"{name}: holds no article text; nothing to analyze")
        return [make_document(text, source_path=name, **meta) for text, meta in records]
    raw = decode(data, name)
    if suffix in CSV_SUFFIXES:
        return [make_document(text, source_path=name, **meta)
                for text, meta in read_csv_records(raw, name, csv_layout)]
    if suffix in HTML_SUFFIXES:
        text, meta = extract_html(raw, name)
        return [make_document(text, source_path=name, **meta)]
    if suffix in JSON_SUFFIXES:
        records = read_json_records(raw, name, lines=suffix != ".json")
        return [make_document(text, source_path=name, **meta) for text, meta in records]
    cleaned = (cleaner or TextCleaner()).clean(raw, markdown=suffix in {".md", ".markdown"})
    return [make_document(cleaned.text, source_path=name, **cleaned.meta)]
