"""Files written whole or not at all.

    with atomic_path(out) as tmp:
        write_the_file(tmp)

The writer fills a temporary file next to `out`, which replaces `out` in one rename once it is
complete. Killed halfway (or failing), the previous `out` is left as it was, never a truncated
file; at worst a hidden `.name.*.tmp` file stays behind after `kill -9`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    out = Path(out)
    # Same directory, so the rename never crosses file systems; the real suffix kept last, for
    # writers that choose a format from it (networkx compresses a .gz).
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp{out.suffix}")
    # Created empty first, with the permissions a plain open() would give (umask applied).
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield tmp
        _sync(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomically(out: Path, text: str) -> None:
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _sync(path: Path) -> None:
    """On disk before the rename: after a power cut the new name must not point to missing data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
