"""Near-duplicate documents: syndicated copies of one wire story, found by MinHash over shingles.

    sig = signature(text)           # 64 numbers; two texts agree on a share of them close to the
    similarity(sig, other)          #   Jaccard similarity of their 5-word shingle sets
    band_hashes(sig)                # 16 keys; near-duplicates almost surely share at least one

Exact duplicates need none of this: a document's id is the hash of its cleaned text.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 16  # of 4 rows: texts 50% alike share a band half the time; 80% alike, 99.9%
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity from which a text is a copy of another
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20211109)  # fixed: signatures must agree across runs and machines
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    x = np.fromiter((zlib.crc32(s.encode()) % _PRIME for s in shingles), dtype=np.uint64, count=len(shingles))
    return ((np.outer(_A, x) + _B[:, None]) % _PRIME).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def band_hashes(sig: np.ndarray) -> list[str]:
    rows = PERMUTATIONS // BANDS
    return [hashlib.blake2b(sig[i * rows:(i + 1) * rows].tobytes(), digest_size=8).hexdigest() for i in range(BANDS)]
