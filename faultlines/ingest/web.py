"""Documents from the web: WARC archives, RSS/Atom feed files, and URLs fetched politely.

A URL is fetched within bounds (see `limits.py`): the body is streamed and refused once it passes
the byte limit; one deadline covers the whole fetch, redirects and retries included, and a server
silent for the idle timeout is left; redirects are followed by hand, only to http(s), and no
address (the first or a redirect's) may resolve to a loopback, private, link-local or reserved
address unless `Limits.allow_private` is set (`--allow-private-urls`).

Each host is resolved once, and the connection goes to the very addresses that were checked (the
name kept in the Host header and, for https, in SNI and the certificate check): a DNS server that
answers a public address to the check and a private one to the connection (DNS rebinding) gets
nowhere.
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import socket
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from urllib.parse import urljoin, urlsplit

from faultlines.dates import parse_date
from faultlines.errors import InputError
from faultlines.ingest.files import CappedStream, decode
from faultlines.ingest.html import extract_html
from faultlines.ingest.limits import Limits
from faultlines.ingest.records import Fields, Record, guarded

USER_AGENT = "faultlines/0.1 (conflict research; fetches each page once)"
FETCH_RETRIES = 2  # after the first try, with 1 s then 2 s pauses; only for timeouts and 5xx


def read_warc_records(data: bytes, name: str, limits: Limits | None = None) -> Iterator[Record]:
    """(record number, fields or the reason it failed) of each HTML response in a WARC file;
    pages without article text are skipped (an archive holds many navigation pages)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limits = limits or Limits()
    if not data.startswith((b"WARC/", b"\x1f\x8b")):
        raise InputError(f"{name}: not a readable WARC file (no WARC header); check that it is .warc or .warc.gz")
    stream = io.BytesIO(data)
    if data.startswith(b"\x1f\x8b"):  # inflated here, under the limit, rather than by warcio unbounded
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(data)).read(5)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{name}: not a readable .warc.gz file ({exc}); check the file") from exc
        if head != b"WARC/":  # checked first: warcio would search megabytes of a bomb for a header line
            raise InputError(f"{name}: not a readable WARC file (no WARC header once decompressed); check that "
                             "it is .warc or .warc.gz")
        stream = CappedStream(gzip.GzipFile(fileobj=stream), limits.max_bytes, name)
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type != "response" or not record.http_headers:
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or ""):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{name}, record {number} ({url})"
            fields = guarded(where, partial(_warc_page, record, url, where, limits.max_bytes))
            if fields is not None:
                yield number, fields
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:  # truncated or corrupt
        after = f" after record {number}" if number else ""
        raise InputError(f"{name}: not a readable WARC file{after} ({type(exc).__name__}: {exc}); check that "
                         "it is .warc or .warc.gz") from exc


def _warc_page(record, url: str, where: str, max_bytes: int) -> Fields | None:
    payload = record.content_stream().read(max_bytes + 1)  # content-encoding inflates here: bounded
    if len(payload) > max_bytes:
        raise InputError(f"{where}: the page is larger than {max_bytes / 1e6:g} MB; raise the limit with "
                         "--max-size-mb if it is genuine")
    try:
        text, meta = extract_html(payload.decode("utf-8", errors="replace"), where)
    except InputError:
        return None  # a page without article text: navigation, not a document
    meta.setdefault("url", url)
    return text, meta


def read_feed_records(data: bytes, name: str) -> Iterator[Record]:
    """(entry number, fields or the reason it failed) of each entry of an RSS or Atom file."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        raise InputError(f"{name}: not a readable RSS or Atom feed ({feed.bozo_exception}); check the file")
    publisher = feed.feed.get("title") or ""
    for number, entry in enumerate(feed.entries, start=1):
        fields = guarded(f"{name}, entry {number}", partial(_feed_entry, entry, publisher))
        if fields is not None:
            yield number, fields


def _feed_entry(entry, publisher: str) -> Fields | None:
    html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    text = _html_text(html)
    if not text:
        return None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    meta = {"title": entry.get("title") or "", "author": entry.get("author") or "",
            "publisher": publisher, "url": entry.get("link") or "",
            "published": datetime(*published[:3]).date().isoformat() if published else ""}
    return text, {k: v for k, v in meta.items() if v}


def fetch_url(url: str, limits: Limits | None = None) -> Fields:
    """(text, metadata) of the article at a URL; one-line InputError if it cannot be had."""
    import httpx

    limits = limits or Limits()
    deadline = time.monotonic() + limits.timeout
    delay = 1.0
    with httpx.Client(headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                      follow_redirects=False) as client:
        for attempt in range(FETCH_RETRIES + 1):
            try:
                final, status, content_type, last_modified, body = _get(client, url, limits, deadline)
            except httpx.TimeoutException as exc:
                if attempt == FETCH_RETRIES or time.monotonic() + delay >= deadline:
                    raise InputError(f"{url}: the server stopped answering ({type(exc).__name__}); try again "
                                     "later, or raise --fetch-timeout") from exc
            except httpx.TransportError as exc:
                if attempt == FETCH_RETRIES or time.monotonic() + delay >= deadline:
                    raise InputError(f"{url}: cannot be fetched ({type(exc).__name__}); check the address "
                                     "and the network") from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise InputError(f"{url}: not a valid web address ({exc}); check it") from exc
            else:
                if status < 500 or attempt == FETCH_RETRIES or time.monotonic() + delay >= deadline:
                    break
            time.sleep(delay)
            delay *= 2
    if status >= 400:
        raise InputError(f"{url}: the server answered {status}; check the address")
    if _is_pdf(content_type):
        from faultlines.ingest.office import read_pdf

        text, meta = read_pdf(body, url)  # a report published as a PDF: read as a PDF file is
    elif "html" in content_type:
        text, meta = extract_html(_page_text(body, content_type, url), url)
    else:
        raise InputError(f"{url}: is {content_type}, not a web page or a PDF; save it and ingest the file")
    meta.setdefault("url", final)
    meta["published"] = meta.get("published") or parse_date(last_modified) or ""
    return text, {k: v for k, v in meta.items() if v}


def _is_pdf(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/pdf"


def _get(client, url: str, limits: Limits, deadline: float) -> tuple[str, int, str, str, bytes]:
    """(final URL, status, content type, last-modified, body), following redirects by hand."""
    import httpx

    visited: list[str] = []
    start = url
    for _ in range(limits.max_redirects + 1):
        addresses = check_address(url, limits.allow_private)
        timeout = httpx.Timeout(max(0.1, min(limits.idle_timeout, deadline - time.monotonic())))
        with stream_from(client, url, addresses, timeout) as response:
            if response.is_redirect:
                target = urljoin(url, response.headers.get("location", ""))
                if target == url or target in visited:
                    raise InputError(f"{start}: redirects in a loop ({url} back to {target}); check the address")
                visited.append(url)
                url = target
                continue
            content_type = response.headers.get("content-type", "text/html")
            if response.status_code >= 400 or not ("html" in content_type or _is_pdf(content_type)):
                return url, response.status_code, content_type, "", b""
            body = _read_body(response, url, limits, deadline)
            return url, response.status_code, content_type, response.headers.get("last-modified", ""), body
    raise InputError(f"{start}: more than {limits.max_redirects} redirects; check the address")


def _read_body(response, url: str, limits: Limits, deadline: float) -> bytes:
    """The body, streamed: refused as soon as it passes the byte limit or the deadline."""
    too_big = InputError(f"{url}: the page is larger than {limits.megabytes}; raise the limit with "
                         "--max-size-mb if it is genuine")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise too_big
    chunks, size = [], 0
    for chunk in response.iter_bytes():  # decompressed, a network read at a time
        size += len(chunk)
        if size > limits.max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise InputError(f"{url}: took more than {limits.timeout:g} s to download; try again later, or "
                             "raise --fetch-timeout")
        chunks.append(chunk)
    return b"".join(chunks)


@contextmanager
def stream_from(client, url: str, addresses: list[str], timeout) -> Iterator:
    """The streamed response to a GET of `url` from the first of `addresses` that accepts the
    connection, never from wherever the host's name resolves now."""
    import httpx

    target = httpx.URL(url)
    pinned = {"headers": {"Host": target.netloc.decode("ascii")},
              "extensions": {"sni_hostname": target.raw_host.decode("ascii")}, "timeout": timeout}
    for i, address in enumerate(addresses):
        request = client.build_request("GET", target.copy_with(host=address), **pinned)
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError:
            if i == len(addresses) - 1:
                raise
            continue  # the next address of the host, as a plain connect would try it
        try:
            yield response
        finally:
            response.close()
        return


def check_address(url: str, allow_private: bool = False) -> list[str]:
    """The addresses to connect to for a URL, resolved once; refuse a URL that is not http(s), or
    whose host resolves to a non-public address (unless `allow_private`)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed [IPv6 address
        raise InputError(f"{url}: not a valid web address ({exc}); check it") from exc
    if parts.scheme not in ("http", "https"):
        raise InputError(f"{url}: only http and https addresses are fetched")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is not a number
        raise InputError(f"{url}: not a valid web address ({exc}); check it") from exc
    if not host:
        raise InputError(f"{url}: the address names no host; check it")
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"{url}: the host '{host}' cannot be found; check the address and the network") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise InputError(f"{url}: the host '{host}' has no address; check the address and the network")
    for found in addresses if not allow_private else ():
        address = ipaddress.ip_address(found.split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global or address.is_multicast:
            raise InputError(f"{url}: '{host}' is a local or private address ({address}); faultlines fetches "
                             "only public addresses unless given --allow-private-urls")
    return addresses


def _page_text(body: bytes, content_type: str, url: str) -> str:
    charset = next((p.split("=", 1)[1].strip(" \"'") for p in content_type.split(";")
                    if p.strip().lower().startswith("charset=")), None)
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, url)


def _html_text(html: str) -> str:
    """Plain text of a feed entry's HTML, one paragraph per block."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    root = lxml.html.fromstring(f"<div>{html}</div>")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n\n" + (block.tail or "")
    return "\n\n".join(p.strip() for p in root.text_content().split("\n\n") if p.strip())
