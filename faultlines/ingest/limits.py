"""The bounds every reader works within, so that no input can exhaust memory or hold an ingest.

    Limits()                                  the defaults below
    Limits(max_bytes=200_000_000, timeout=120, allow_private=True)

One byte limit covers a file on disk, a download, and what a compressed file or response inflates
to: each is counted while it streams and refused as soon as it passes the limit, never after.
A second limit bounds the text of one document, which is what analysis memory grows with: the
facts of a dense text take about ten times its size (docs/benchmarks.md, memory of one very long
text), so a 50 MB file is fine as a feed of many documents but not as one text.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50_000_000  # --max-size-mb: a file, a download, or decompressed data
DEFAULT_MAX_TEXT_CHARS = 10_000_000  # --max-text-mb: one document's text, in characters (under 1 GB to analyse)
FETCH_TIMEOUT = 30.0  # --fetch-timeout: seconds for one URL, redirects and retries included
FETCH_IDLE_TIMEOUT = 10.0  # seconds a server may stay silent (connect, or between two reads)
MAX_REDIRECTS = 5
MAX_JSON_DEPTH = 64  # nesting of arrays and objects; documents need 3 or 4
MAX_INT_DIGITS = 100  # digits of a JSON integer; longer ones are refused (int() of them is quadratic)
MAX_PDF_PAGES = 2_000


@dataclass(frozen=True)
class Limits:
    """Bounds for reading one source; the CLI sets them from --max-size-mb, --max-text-mb,
    --fetch-timeout and --allow-private-urls."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    timeout: float = FETCH_TIMEOUT
    idle_timeout: float = FETCH_IDLE_TIMEOUT
    max_redirects: int = MAX_REDIRECTS
    allow_private: bool = False  # fetch loopback, private and link-local addresses too

    @property
    def megabytes(self) -> str:
        return f"{self.max_bytes / 1e6:g} MB"
