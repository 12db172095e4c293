"""PDF and Word (.docx) files: their text layer, or a one-line reason why there is none.

PDF text comes from pypdf, page by page; a PDF whose pages hold no text (scanned pages, images)
is refused with the advice to run OCR first. A .docx is a ZIP of XML parts: the paragraphs of
word/document.xml are read here, each part capped in size while it inflates, and XML with a
DOCTYPE (the door to entity expansion) is refused.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from xml.etree import ElementTree

from faultlines.dates import parse_date
from faultlines.errors import InputError
from faultlines.ingest.limits import MAX_PDF_PAGES
from faultlines.ingest.records import Fields

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE = {  # docProps/core.xml element -> Document field
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/terms/}created": "published",
}


def read_pdf(data: bytes, name: str) -> Fields:
    """The text of a PDF's pages, pages separated by blank lines, and its title and author."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings about sloppy files are not the user's
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is encrypted with a password; save an unprotected copy first")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(f"{name}: the PDF has {len(reader.pages)} pages, above the limit of {MAX_PDF_PAGES}; "
                             "split it")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata or {}
        meta = {"title": str(info.get("/Title") or "").strip(), "author": str(info.get("/Author") or "").strip()}
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {str(exc)[:120]}); check the file, "
                         "or save its text as .txt") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text:
        raise InputError(f"{name}: the PDF has no text layer (scanned pages or images); run OCR on it first "
                         "(for example with ocrmypdf) and ingest the result")
    return text, {k: v for k, v in meta.items() if v}


def read_docx(data: bytes, name: str, max_bytes: int) -> Fields:
    """The paragraphs of a Word document, separated by blank lines, and its title, author, date."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{name}: not a readable .docx file (not a ZIP archive); save it again from Word "
                         "or as .txt") from exc
    with archive:
        body = _part(archive, "word/document.xml", name, max_bytes)
        if body is None:
            raise InputError(f"{name}: not a Word document (no word/document.xml); save it as .docx or .txt")
        root = _xml(body, name)
        paragraphs = []
        for paragraph in root.iter(f"{_W}p"):
            parts = []
            for node in paragraph.iter():
                if node.tag == f"{_W}t":
                    parts.append(node.text or "")
                elif node.tag == f"{_W}tab":
                    parts.append("\t")
                elif node.tag in (f"{_W}br", f"{_W}cr"):
                    parts.append("\n")
            paragraphs.append("".join(parts).strip())
        text = "\n\n".join(p for p in paragraphs if p)
        if not text:
            raise InputError(f"{name}: the Word document holds no text; nothing to analyze")
        meta: dict[str, str] = {}
        core = _part(archive, "docProps/core.xml", name, max_bytes)
        if core is not None:
            for node in _xml(core, name):
                if node.tag in _CORE and (node.text or "").strip():
                    meta[_CORE[node.tag]] = node.text.strip()
        if "published" in meta:
            meta["published"] = parse_date(meta["published"]) or ""
    return text, {k: v for k, v in meta.items() if v}


def _part(archive: zipfile.ZipFile, member: str, name: str, max_bytes: int) -> bytes | None:
    """One member of the archive, inflated no further than the limit."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    too_big = InputError(f"{name}: {member} inflates to more than {max_bytes / 1e6:g} MB; raise the limit with "
                         "--max-size-mb if it is genuine")
    if info.file_size > max_bytes:
        raise too_big
    try:
        with archive.open(info) as f:
            data = f.read(max_bytes + 1)  # the declared size may lie: read no more than the limit
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, zlib.error) as exc:
        raise InputError(f"{name}: {member} cannot be unpacked ({exc}); save the document again") from exc
    if len(data) > max_bytes:
        raise too_big
    return data


def _xml(data: bytes, name: str) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # XML keywords are case-sensitive
        raise InputError(f"{name}: the document's XML declares entities; refused (a Word file never does)")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError(f"{name}: the document's XML is broken ({exc}); save it again from Word") from exc
