"""Serving the app with uvicorn, with limits on slow and idle clients.

uvicorn closes a keep-alive connection left idle, but waits forever for a request whose headers
trickle in a byte at a time, and for a client that does not read its response (the response waits
for room in the send buffer, holding a connection slot). `TimedH11` closes the first after
`header_timeout` seconds, and cuts the second once the response has waited `write_timeout` seconds
without the client reading. Bodies are timed by the app's guard (`guard.py`).
"""

from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol

from faultlines.web.guard import is_loopback

KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 100  # more at once get a 503 from uvicorn


class TimedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose next request has not fully arrived
    `header_timeout` seconds after the connection opened or the last response ended, and one whose
    client has left the response unread for `write_timeout` seconds."""

    header_timeout = 10.0
    write_timeout = 30.0  # a client reading less than 48 KB (the send buffer's span) in this long is cut
    _stalled = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def pause_writing(self) -> None:
        """The send buffer is full: the client has stopped reading, or reads slowly."""
        super().pause_writing()
        self._stalled = self.loop.call_later(self.write_timeout, self._not_reading)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def _not_reading(self) -> None:
        if self.flow.write_paused:
            # close() would wait for the buffer to drain, which is what never happens.
            self.transport.abort()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        self.loop.call_later(self.header_timeout, self._too_slow, self.cycle)

    def _too_slow(self, cycle_then) -> None:
        # A new request since arming has its own cycle; one still answering is not idle.
        waiting = self.cycle is cycle_then and (cycle_then is None or cycle_then.response_complete)
        if not waiting:
            return
        if self.transport.get_write_buffer_size():
            self.transport.abort()  # the end of the last response is still unread: closing would wait on it
        elif not self.transport.is_closing():
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
