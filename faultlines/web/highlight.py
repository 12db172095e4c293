"""A document's text cut into pieces for display: plain text, evidence sentences (marked, with an
anchor a fact can link to) and paragraph breaks. The template escapes every piece."""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.model import Analysis


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    anchor: str | None = None  # set on evidence: the id a link to this sentence uses
    facts: int = 0  # how many facts this evidence supports


def evidence_anchor(start: int) -> str:
    return f"s{start}"


def highlighted(analysis: Analysis) -> list[list[Piece]]:
    """Paragraphs of pieces."""
    text = analysis.document.text
    counts: dict[tuple[int, int], int] = {}
    for fact in (*analysis.relations, *analysis.events, *analysis.claims, *analysis.causal_links):
        key = (fact.evidence.start, fact.evidence.end)
        counts[key] = counts.get(key, 0) + 1
    pieces: list[Piece] = []
    pos = 0
    for (start, end), n in sorted(counts.items()):
        if start < pos:  # overlapping evidence: the earlier mark holds it
            continue
        pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], evidence_anchor(start), n))
        pos = end
    pieces.append(Piece(text[pos:]))
    paragraphs: list[list[Piece]] = [[]]
    for piece in pieces:
        parts = piece.text.split("\n\n")
        for k, part in enumerate(parts):
            if k:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Piece(part, piece.anchor if k == 0 else None, piece.facts))
    return [p for p in paragraphs if p]
