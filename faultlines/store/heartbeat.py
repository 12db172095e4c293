"""An ingest run kept alive in the store while it works, however long one document takes.

    with Heartbeat(store, owner, every=30):
        analyse_everything()

Other ingests take over the claims of a run whose heartbeat is older than the claim timeout
(`CLAIM_TIMEOUT`), as they would from a run that was killed. A heartbeat that only beat as
documents got done would let a batch slower than that timeout be taken over while it is still at
work; this one beats from a small process of its own, on its own connection, at an interval well
under the timeout, until it is stopped or the ingest is gone.

A process, not a thread: once a process has a second thread, spaCy in it runs a fifth slower
(measured: the C library's allocator takes locks once threads exist), and the ingest analyses in
its own process when it has one worker.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faultlines.store import Store

log = logging.getLogger(__name__)
START_TIMEOUT = 60  # seconds for the heartbeat's process to start and beat once


class Heartbeat:
    """Renews `owner`'s heartbeat in the store every `every` seconds from a process of its own.

    The process beats until it is stopped, or its standard input closes: when the ingest dies in
    any way, the pipe's end closes with it (and with the workers, which die with the ingest), so
    it never outlives the run."""

    def __init__(self, store: Store, owner: str, every: float):
        self.command = [sys.executable, "-m", "faultlines.store.heartbeat", store.target, owner, str(every)]
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> Heartbeat:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start beating; return once the first beat is in the store."""
        self._process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        if not ready or not self._process.stdout.readline():
            log.warning("the ingest heartbeat has not beaten after %s s; the run goes on", START_TIMEOUT)

    def stop(self) -> None:
        """Stop beating, and return once the process is gone."""
        if self._process is not None:
            # Closing the pipe is not enough: worker processes forked since hold its end too.
            self._process.stdin.close()
            self._process.terminate()
            self._process.wait()
            self._process.stdout.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None


def main(target: str, owner: str, every: float) -> None:
    """The heartbeat's process: beat now, then every `every` seconds, until standard input closes."""
    from faultlines.store import Store

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingest's to handle; it stops us
    connection, told = None, False
    while True:
        try:
            connection = connection or Store(target)
            connection.heartbeat(owner)
            if not told:
                sys.stdout.write("beating\n")
                sys.stdout.flush()
                told = True
        except Exception as exc:  # noqa: BLE001 - whatever failed, the next beat tries again
            # A locked file or a lost server: try again next time, on a new connection. The
            # claims stay safe as long as one beat in the timeout gets through.
            log.warning("ingest heartbeat failed (%s); trying again in %s s", exc, every)
            _close(connection)
            connection = None
        ready, _, _ = select.select([sys.stdin], [], [], every)
        if ready and not os.read(sys.stdin.fileno(), 1):  # closed: the ingest is done or gone
            break
    _close(connection)


def _close(connection: Store | None) -> None:
    if connection is not None:
        try:
            connection.close()
        except connection.backend.errors:
            pass  # a broken connection may fail to close too; it is dropped all the same


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
