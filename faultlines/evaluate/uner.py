"""Entity recognition on general web English: the Universal NER layer of the English Web Treebank.

UNER annotates persons (PER), organisations (ORG) and locations (LOC) in EWT's web text (answers,
emails, reviews, blogs), not conflict reporting: the measure of whether the knowledge base and
linking cost anything outside their domain. Documents are rebuilt from their sentences, one per
line; spans are exact, scored like re3d (faultlines.evaluate.re3d.Score). Nationalities are not
annotated in UNER and are left out of both systems' spans.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faultlines.evaluate import name_start
from faultlines.evaluate.re3d import Score, bare_ner_spans, predicted_spans
from faultlines.pipeline import Pipeline

UNER_TYPES = {"PER": "Person", "ORG": "Organisation", "LOC": "Location"}


@dataclass(frozen=True)
class UnerDocument:
    id: str
    text: str
    gold: frozenset[tuple[int, int, str]]


def read_uner(path: Path) -> Iterator[UnerDocument]:
    """The documents of one UNER .iob2 file, with their gold spans as character offsets."""
    doc_id, lines, gold = "", [], set()
    for block in _sentences(path):
        if block["newdoc"] and lines:
            yield UnerDocument(doc_id, "\n".join(lines), frozenset(gold))
            lines, gold = [], set()
        doc_id = block["newdoc"] or doc_id
        offset = sum(len(line) + 1 for line in lines)
        gold |= {(offset + s, offset + e, t) for s, e, t in _spans(block["text"], block["words"])}
        lines.append(block["text"])
    if lines:
        yield UnerDocument(doc_id, "\n".join(lines), frozenset(gold))


def _sentences(path: Path) -> Iterator[dict]:
    block: dict = {"newdoc": "", "text": "", "words": []}
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id = "):
                block["newdoc"] = line.split("= ", 1)[1]
            elif line.startswith("# text = "):
                block["text"] = line.split("= ", 1)[1]
            elif line and not line.startswith("#"):
                fields = line.split("\t")
                block["words"].append((fields[1], fields[2]))
            elif not line and block["words"]:
                yield block
                block = {"newdoc": "", "text": "", "words": []}
    if block["words"]:
        yield block


def _spans(text: str, words: list[tuple[str, str]]) -> Iterator[tuple[int, int, str]]:
    """Character spans of the B-/I- runs of one sentence, found word by word in its text."""
    cursor, current = 0, None
    for word, tag in words:
        at = text.find(word, cursor)
        start, cursor = (at, at + len(word)) if at >= 0 else (cursor, cursor)
        prefix, kind = tag[:2], UNER_TYPES.get(tag[2:])
        if current and not (prefix == "I-" and kind == current[2]):
            yield (current[0], current[1], current[2])
            current = None
        if kind and current is None:
            current = [start, cursor, kind]
        elif kind:
            current[1] = cursor
    if current:
        yield (current[0], current[1], current[2])


def evaluate_uner(pipeline: Pipeline, path: Path, bare: bool = False) -> dict[str, dict[str, float]]:
    """Scores per type and micro over one UNER file; `bare` scores the statistical NER alone."""
    score = Score()
    for doc in read_uner(path):
        found = (bare_ner_spans if bare else predicted_spans)(pipeline, doc.text)
        # UNER marks names only, without their article: a pronoun or a common noun faultlines
        # resolves to its person or group ("He", "the company") is a mention re3d counts, not a name.
        found = {(name, end, type_) for start, end, type_ in found
                 if (name := name_start(doc.text, start, end)) is not None}
        score.add(set(doc.gold), {s for s in found if s[2] in UNER_TYPES.values()})
    return score.as_dict()
