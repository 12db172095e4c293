"""Documents from the web: WARC archives, RSS/Atom feed files, and URLs fetched politely."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import datetime

from faultlines.dates import parse_date
from faultlines.errors import InputError
from faultlines.ingest.html import extract_html

USER_AGENT = "faultlines/0.1 (conflict research; fetches each page once)"
FETCH_TIMEOUT = 20.0  # seconds per request
FETCH_RETRIES = 2  # after the first try, with 1 s then 2 s pauses; only for timeouts and 5xx


def read_warc_records(data: bytes, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(text, metadata) of each HTML response in a WARC file; pages without article text are
    skipped (an archive holds many navigation pages)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not data.startswith((b"WARC/", b"\x1f\x8b")):
        raise InputError(f"{name}: not a readable WARC file (no WARC header); check that it is .warc or .warc.gz")
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or not record.http_headers:
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or ""):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            html = record.content_stream().read().decode("utf-8", errors="replace")
            try:
                text, meta = extract_html(html, f"{name} ({url})")
            except InputError:
                continue
            meta.setdefault("url", url)
            yield text, meta
    except ArchiveLoadFailed as exc:
        raise InputError(f"{name}: not a readable WARC file ({exc}); check that it is .warc or .warc.gz") from exc


def read_feed_records(data: bytes, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(text, metadata) of each entry of an RSS or Atom file, from its content or summary."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        raise InputError(f"{name}: not a readable RSS or Atom feed ({feed.bozo_exception}); check the file")
    publisher = feed.feed.get("title") or ""
    for entry in feed.entries:
        html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        text = _html_text(html)
        if not text:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = {"title": entry.get("title") or "", "author": entry.get("author") or "",
                "publisher": publisher, "url": entry.get("link") or "",
                "published": datetime(*published[:3]).date().isoformat() if published else ""}
        yield text, {k: v for k, v in meta.items() if v}


def fetch_url(url: str) -> tuple[str, dict[str, str]]:
    """(text, metadata) of the article at a URL; one-line InputError if it cannot be had."""
    import httpx

    delay = 1.0
    for attempt in range(FETCH_RETRIES + 1):
        try:
            response = httpx.get(url, headers={"User-Agent": USER_AGENT}, timeout=FETCH_TIMEOUT,
                                 follow_redirects=True)
        except httpx.TransportError as exc:
            if attempt == FETCH_RETRIES:
                raise InputError(f"{url}: cannot be fetched ({exc.__class__.__name__}); check the address "
                                 "and the network") from exc
        else:
            if response.status_code < 500 or attempt == FETCH_RETRIES:
                break
        time.sleep(delay)
        delay *= 2
    if response.status_code >= 400:
        raise InputError(f"{url}: the server answered {response.status_code}; check the address")
    if "html" not in response.headers.get("content-type", "html"):
        raise InputError(f"{url}: is {response.headers['content-type']}, not a web page; save it and "
                         "ingest the file")
    text, meta = extract_html(response.text, url)
    meta.setdefault("url", str(response.url))
    meta["published"] = meta.get("published") or parse_date(response.headers.get("last-modified")) or ""
    return text, {k: v for k, v in meta.items() if v}


def _html_text(html: str) -> str:
    """Plain text of a feed entry's HTML, one paragraph per block."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    root = lxml.html.fromstring(f"<div>{html}</div>")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n\n" + (block.tail or "")
    return "\n\n".join(p.strip() for p in root.text_content().split("\n\n") if p.strip())
