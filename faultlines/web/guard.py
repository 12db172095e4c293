"""The gate every request passes before the app sees it (plain ASGI, so nothing has read the body yet):

- the Host header must name this server: the bound name, loopback, or a name the user allowed.
  A page on another site that re-points its own name at 127.0.0.1 (DNS rebinding) sends its own
  name, and is refused;
- a body over the limit is refused (413) from its Content-Length, or when the bytes read pass it;
- a body that arrives too slowly (idle between chunks, or in total) is cut off (408);
- a write (POST /analyze, /api/analyze) without the token is refused (401) before its body is read:
  the token comes in `Authorization: Bearer`, or as the first field of the form (the page's form
  puts it first), and only that first field is read before the check.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

# FastAPI's own, which its body parsing lets through (it turns any other error into a 400).
from fastapi import HTTPException

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WRITE_PATHS = frozenset({"/analyze", "/api/analyze"})
FIRST_FIELD_MAX = 16_384  # bytes read to find the form's first field (the token): headers and value


def host_name(header: str) -> str:
    """'Example.org:8000' → 'example.org'; '[::1]:8000' → '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> tuple[frozenset[str], bool]:
    """The Host names to answer, and whether any IP address is answered too: true when bound to
    every interface (0.0.0.0 or ::), where the addresses clients use are not known in advance and
    an address, unlike a name, cannot be re-pointed by DNS."""
    names = set(LOOPBACK) | {host_name(h) for h in extra if h}
    wildcard = bound in ("0.0.0.0", "::", "")
    if not wildcard:
        names.add(host_name(bound))
    return frozenset(names), wildcard


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach the address (for the warning on other binds)."""
    return host == "localhost" or (is_ip(host) and ipaddress.ip_address(host).is_loopback)


class Guard:
    """ASGI middleware; `refuse(path, status, message)` makes the response (HTML or JSON)."""

    def __init__(self, app, *, hosts: frozenset[str], any_ip: bool, token: str, body_limit: int,
                 refuse: Callable[[str, int, str], Any], idle_timeout: float = 30, body_timeout: float = 120,
                 headers: dict[str, str] | None = None, limit_label: str = ""):
        self.app, self.hosts, self.any_ip, self.token = app, hosts, any_ip, token.encode()
        self.headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        self.body_limit, self.refuse = body_limit, refuse
        self.too_big = f"the upload is over the {limit_label or f'{body_limit / 1e6:g} MB'} limit"
        self.idle_timeout, self.body_timeout = idle_timeout, body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = self._with_headers(send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        host = host_name(headers.get("host", ""))
        if host not in self.hosts and not (self.any_ip and is_ip(host)):
            return await self.refuse(path, 400, f"this server does not answer to the host name '{host[:100]}'; "
                                     "start it with --allowed-host NAME to allow a name")(scope, receive, send)
        receive = self._limited(receive)
        if scope["method"] == "POST" and path in WRITE_PATHS and not self._bearer_ok(headers):
            if path == "/api/analyze":
                return await self.refuse(path, 401, "this needs the token `faultlines serve` printed at "
                                         "start-up, as Authorization: Bearer TOKEN")(scope, receive, send)
            try:
                ok, read = await self._first_field_ok(headers.get("content-type", ""), receive)
            except HTTPException as exc:
                return await self.refuse(path, exc.status_code, exc.detail)(scope, receive, send)
            if not ok:
                return await self.refuse(path, 401, "this needs the token `faultlines serve` printed at start-up, "
                                         "as the form's first field")(scope, receive, send)
            receive = _replay(read, receive)
        # The token first (above), then the size: a stranger learns nothing but "no token".
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > self.body_limit):
            return await self.refuse(path, 413, self.too_big)(scope, receive, send)
        await self.app(scope, receive, send)

    def _with_headers(self, send):
        """`send` adding the security headers to every response, refusals included."""
        async def sending(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        return sending

    def _bearer_ok(self, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        return auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(), self.token)

    def _limited(self, receive):
        """`receive` counting the body's bytes and timing its arrival."""
        read = 0
        deadline = time.monotonic() + self.body_timeout
        done = False  # once the body is in, later waits (for a disconnect) are not timed

        async def limited():
            nonlocal read, done
            if done:
                return await receive()
            wait = min(self.idle_timeout, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), max(wait, 0.001))
            except TimeoutError:
                raise HTTPException(408, "the request body came too slowly; send it again") from None
            done = message["type"] != "http.request" or not message.get("more_body", False)
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > self.body_limit:
                    raise HTTPException(413, self.too_big)
            return message

        return limited

    async def _first_field_ok(self, content_type: str, receive) -> tuple[bool, list[dict]]:
        """Read just enough of a form to see its first field; whether it is the right token, and the
        messages read (to hand on to the app)."""
        messages: list[dict] = []
        data = b""
        boundary = re.search(r'boundary="?([^";]+)"?', content_type)
        while True:
            verdict = _token_field(data, boundary.group(1).encode() if boundary else None,
                                   content_type.startswith("multipart/form-data"))
            if verdict is not None or len(data) > FIRST_FIELD_MAX:
                break
            message = await receive()
            messages.append(message)
            data += message.get("body", b"")
            if not message.get("more_body", False) and message["type"] == "http.request":
                verdict = _token_field(data, boundary.group(1).encode() if boundary else None,
                                       content_type.startswith("multipart/form-data"), complete=True)
                break
            if message["type"] != "http.request":
                break
        return bool(verdict) and hmac.compare_digest(verdict or b"", self.token), messages


def _token_field(data: bytes, boundary: bytes | None, multipart: bool, complete: bool = False) -> bytes | None:
    """The value of the form's first field if it is `token`; b"" if the first field is something
    else; None when more bytes are needed to tell."""
    if multipart:
        if boundary is None:
            return b""
        start = b"--" + boundary + b"\r\n"
        if len(data) < len(start):
            return b"" if complete else None
        if not data.startswith(start):
            return b""
        head_end = data.find(b"\r\n\r\n", len(start))
        if head_end < 0:
            return b"" if complete else None
        if not re.search(rb'content-disposition:\s*form-data;\s*name="token"(\r\n|;|$)',
                         data[len(start):head_end + 2], re.I):
            return b""
        end = data.find(b"\r\n--" + boundary, head_end + 4)
        if end < 0:
            return b"" if complete else None
        return data[head_end + 4:end]
    # application/x-www-form-urlencoded
    if len(data) < 6 and not complete:
        return None if b"token="[:len(data)] == data else b""
    if not data.startswith(b"token="):
        return b""
    end = data.find(b"&")
    if end < 0 and not complete:
        return None
    return unquote_to_bytes(data[6:end if end >= 0 else None].replace(b"+", b" "))


def _replay(messages: list[dict], receive):
    """`receive` that hands out the messages already read, then the rest."""
    pending = list(messages)

    async def replayed():
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
