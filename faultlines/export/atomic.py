"""Files written whole or not at all.

    with atomic_path(out) as tmp:
        write_the_file(tmp)

The writer fills a temporary file next to `out`, which replaces `out` in one rename once it is
complete. Killed halfway (or failing), the previous `out` is left as it was, never a truncated
file; at worst a hidden `.name.*.tmp` file stays behind after `kill -9`, and the next export to
the same `out` removes it once it is stale: untouched for `STALE_AFTER` seconds and not locked by
a live writer (each writer holds an exclusive lock on its temporary file while it writes).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows has none: the age alone then tells a stale file
    fcntl = None

# A writer touches its file as it writes, so one untouched for this long was left by a killed
# export; the lock check below still spares a live writer that stalled longer than that.
STALE_AFTER = 15 * 60


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    out = Path(out)
    # Same directory, so the rename never crosses file systems; the real suffix kept last, for
    # writers that choose a format from it (networkx compresses a .gz).
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp{out.suffix}")
    remove_stale_temporaries(out)
    # Created empty first, with the permissions a plain open() would give (umask applied), and
    # locked until renamed, so that another export to `out` never takes it for a stale one.
    lock = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield tmp
        _sync(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(lock)


def remove_stale_temporaries(out: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files of `out` that killed exports left behind; return them."""
    out = Path(out)
    own = re.compile(rf"\.{re.escape(out.name)}\.[0-9a-f]{{8}}\.tmp{re.escape(out.suffix)}")
    try:
        candidates = [p for p in out.parent.iterdir() if own.fullmatch(p.name)]
    except OSError:
        return []  # no directory yet: nothing left behind
    removed = []
    for path in candidates:
        if _is_stale(path, time.time() - older_than):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _is_stale(path: Path, cutoff: float) -> bool:
    try:
        if path.stat().st_mtime > cutoff:
            return False
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # renamed or removed meanwhile by its writer
    try:
        if fcntl is None:
            return True
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False  # a live writer holds it
    finally:
        os.close(fd)


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
