"""Folding names for matching: case, diacritics, dashes and quotes, keeping offsets intact."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = "-‐‑‒–—―−"
_APOSTROPHES = "'’‘`´ʼ"
_ARTICLE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    """One character, lower-cased, without diacritics, dashes as spaces; always one character."""
    if c in _DASHES or c in "_":
        return " "
    if c in _APOSTROPHES:
        return "'"
    lower = c.lower()
    if len(lower) != 1:
        lower = c
    base = unicodedata.normalize("NFD", lower)[0]
    return base if unicodedata.category(base)[0] in "LN" else lower


@lru_cache(maxsize=65536)  # a word or a name: the same ones recur in every document
def fold(text: str) -> str:
    """The text folded character by character: same length, so offsets carry over.

    >>> fold("Sar-e-Pul's Nangarhār")
    "sar e pul's nangarhar"
    """
    return "".join(fold_char(c) for c in text)


@lru_cache(maxsize=65536)  # the same names recur in every document of a corpus
def name_key(name: str) -> str:
    """The key a name is indexed under: folded, spaces collapsed, no article or possessive."""
    key = " ".join(fold(name).split())
    key = _POSSESSIVE.sub("", _ARTICLE.sub("", key))
    return key.strip(" .,;:")
