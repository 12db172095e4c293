"""Ingest: read a file into cleaned Documents with their metadata.

    read_documents(path) -> [Document]   .txt .md .html .htm .json .jsonl
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
from faultlines.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
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


def read_documents(
    path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, cleaner: TextCleaner | None = None
) -> list[Document]:
    """Every document in one file; raises InputError with a one-line reason if it cannot."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and path.exists() and not path.is_dir():
        raise InputError(
            f"{path}: unsupported file type '{suffix}'; use .txt, .md, .html or .json/.jsonl"
        )
    name = str(path)
    raw = decode(read_bytes(path, max_bytes), name)
    if suffix in HTML_SUFFIXES:
        text, meta = extract_html(raw, name)
        return [make_document(text, source_path=name, **meta)]
    if suffix in JSON_SUFFIXES:
        records = read_json_records(raw, name, lines=suffix != ".json")
        return [make_document(text, source_path=name, **meta) for text, meta in records]
    cleaned = (cleaner or TextCleaner()).clean(raw, markdown=suffix in {".md", ".markdown"})
    return [make_document(cleaned.text, source_path=name, **cleaned.meta)]
