"""Read a file's bytes safely and decode them to text, detecting the encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from faultlines.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in text files (tab, newlines, form feed are fine).
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)).replace(b"\x1b", b"")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists, is a file, is not empty and not too large."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory, not a document; give one file, "
            "or use `faultlines ingest` for a directory"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path}: file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit; "
            "split it, or raise the limit with --max-size-mb"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if not data.strip():
        raise InputError(f"{path}: file is empty; there is nothing to analyze")
    return data


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode text bytes in any common encoding; refuse bytes that are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16)
    if _looks_binary(data):
        raise InputError(
            f"{name}: looks like a binary file, not text; convert it to .txt, .html or .json first"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding; save it as UTF-8 and retry")
    return str(best)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII-range text leaves every other byte NUL."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0) / (len(head) / 2)
    odd_nuls = head[1::2].count(0) / (len(head) / 2)
    if odd_nuls > 0.9 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.9 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    controls = sum(head.count(bytes([b])) for b in _BINARY_BYTES)
    return b"\x00" in head or controls > len(head) * 0.01
