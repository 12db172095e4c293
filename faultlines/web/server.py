"""Serving the app with uvicorn, with limits on slow and idle clients.

uvicorn closes a keep-alive connection left idle, but waits forever for a request whose headers
trickle in a byte at a time; `TimedH11` closes such a connection after `header_timeout` seconds.
Bodies are timed by the app's guard (`guard.py`).
"""

from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol

from faultlines.web.guard import is_loopback

KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 100  # more at once get a 503 from uvicorn


class TimedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose next request has not fully arrived
    `header_timeout` seconds after the connection opened or the last response ended."""

    header_timeout = 10.0

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        self.loop.call_later(self.header_timeout, self._too_slow, self.cycle)

    def _too_slow(self, cycle_then) -> None:
        # A new request since arming has its own cycle; one still answering is not idle.
        waiting = self.cycle is cycle_then and (cycle_then is None or cycle_then.response_complete)
        if waiting and not self.transport.is_closing():
            self.transport.close()


def bind_warning(host: str) -> str | None:
    """A warning for an address other machines can reach, or None for loopback."""
    if is_loopback(host.strip("[]").lower()):
        return None
    return (f"warning: listening on {host}, which other machines can reach: anyone who reaches it can read the "
            "whole store (writing still needs the token), and there is no TLS. Use --host 127.0.0.1 unless you "
            "mean to share it, and --allowed-host NAME for each name clients use to reach it.")


def run(app, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", http=TimedH11,
                timeout_keep_alive=KEEP_ALIVE_SECONDS, limit_concurrency=MAX_CONNECTIONS,
                h11_max_incomplete_event_size=16_384)  # request line and headers: 16 KB at most
