"""Read a file's bytes safely and decode them to text, detecting the encoding.

Decoding order: a byte-order mark, UTF-16 without one, UTF-8, then Windows-1252 when the text
reads as Western European (charset detection alone takes short French or German texts for rare
code pages such as cp775 or cp1250), then charset detection. Bytes that are not text (a known
binary signature, control characters, no words at all) are refused whatever the file's suffix.
"""

from __future__ import annotations

import codecs
import re
import string
from itertools import islice
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
# How binary formats begin, and what to tell the user who gave one as text.
_CONVERT = "convert it to .txt, .html or .json first"
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF file", "give it the .pdf suffix to read its text layer"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .zip ...)", "a Word file is read with the .docx suffix; "
     "otherwise " + _CONVERT),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls)", "save it as .docx or .txt first"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first (only .warc.gz is read compressed)"),
    (b"\x89PNG", "a PNG image", _CONVERT),
    (b"\xff\xd8\xff", "a JPEG image", _CONVERT),
    (b"GIF8", "a GIF image", _CONVERT),
    (b"BZh", "bzip2-compressed data", "decompress it first"),
    (b"\xfd7zXZ", "xz-compressed data", "decompress it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "a program", _CONVERT),
    (b"SQLite format 3", "an SQLite database", _CONVERT),
)
# Windows-1252 reads as Western European when its non-ASCII characters are these letters and
# marks, inside mostly ASCII words. Ð ð Þ þ Ý ý are left out: in Turkish and Central European
# code pages the same bytes are common letters (ğ ş ı İ), so texts using them go to detection.
_WESTERN_LETTERS = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜßàáâãäåæçèéêëìíîïñòóôõöøùúûüÿŒœŠšŽžŸ")
_WESTERN_MARKS = set("‘’‚“”„–—…€•«»°§©®¡¿·´¨ªº™†‡‰‹›\u00a0")
WESTERN_MAX_SHARE = 0.3  # of the letters; French or Portuguese use 2-6%, Cyrillic in cp1251 ~100%
MIN_WORDS = 2  # a text file holds at least two words of two letters
_ASCII_LETTERS = string.ascii_letters
_WORD = re.compile(r"[^\W\d_]{2,}")


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
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # a file that grew since stat() is still bounded
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if len(data) > max_bytes:
        raise InputError(f"{path}: file is above the {max_bytes / 1e6:.0f} MB limit; split it, or raise "
                         "the limit with --max-size-mb")
    if not data.strip():
        raise InputError(f"{path}: file is empty; there is nothing to analyze")
    return data


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """(what it is, what to do) when the bytes begin like a known binary format."""
    if b"%PDF-" in data[:1024]:  # PDF allows junk before its header
        return BINARY_SIGNATURES[0][1:]
    for magic, kind, hint in BINARY_SIGNATURES:
        if data.startswith(magic):
            return kind, hint
    return None


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode text bytes in any common encoding; refuse bytes that are not text."""
    text = _decode(data, name)
    if sum(1 for _ in islice(_WORD.finditer(text, 0, 100_000), MIN_WORDS)) < MIN_WORDS:
        raise InputError(f"{name}: holds no words ({len(data)} bytes); it is not a text document")
    return text


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, name)
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name}: is {kind[0]}, not text; {kind[1]}")
    if _looks_binary(data):
        raise InputError(
            f"{name}: looks like a binary file, not text; convert it to .txt, .html or .json first"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding; save it as UTF-8 and retry")
    return str(best)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: starts like {encoding} text but is not ({exc.reason} at byte {exc.start}); "
                         "save it as UTF-8 and retry") from exc


def _western(data: bytes) -> str | None:
    """The text as Windows-1252 if it reads as a Western European language, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes 0x81 0x8d 0x8f 0x90 0x9d: not Windows-1252
        return None
    other = {c for c in set(text) if not c.isascii()}
    if not other <= _WESTERN_LETTERS | _WESTERN_MARKS:
        return None
    accented = sum(text.count(c) for c in other & _WESTERN_LETTERS)
    letters = accented + sum(text.count(c) for c in _ASCII_LETTERS)
    return text if letters and accented <= letters * WESTERN_MAX_SHARE else None


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


class CappedStream:
    """A binary stream that raises InputError once more than `limit` bytes have been read from it:
    a decompressing reader wrapped in it stops at the limit instead of inflating a bomb."""

    def __init__(self, raw, limit: int, name: str):
        self.raw, self.limit, self.name, self.count = raw, limit, name, 0

    def read(self, size: int | None = -1) -> bytes:
        room = self.limit + 1 - self.count  # one byte past the limit tells that it was passed
        chunk = self.raw.read(room if size is None or size < 0 else min(size, room))
        self.count += len(chunk)
        if self.count > self.limit:
            raise InputError(f"{self.name}: decompresses to more than {self.limit / 1e6:g} MB; raise the limit "
                             "with --max-size-mb if it is genuine")
        return chunk

    def tell(self) -> int:
        return self.count
