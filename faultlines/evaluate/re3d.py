"""Entity recognition on the re3d corpus: exact span and type, micro F1, per type and per source.

re3d (Dstl) annotates Organisation, Person, Location and Nationality mentions among others; gold is
every annotation with confidence >= 0.5, the longest span kept where gold spans nest (as a flat
tagger must). Our entities map onto those types by kind: places -> Location, persons -> Person,
communities -> Nationality, every other actor (states acting included) -> Organisation. re3d puts the article inside
organisation spans ("the United Nations"); the scorer extends ours the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.ingest import make_document
from faultlines.pipeline import Pipeline

TYPES = ("Organisation", "Person", "Location", "Nationality")
KIND_TO_TYPE = {"place": "Location", "person": "Person", "community": "Nationality"}


@dataclass(frozen=True)
class Re3dDocument:
    source: str
    id: str
    text: str
    gold: frozenset[tuple[int, int, str]]


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, per type."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[tuple[int, int, str]], predicted: set[tuple[int, int, str]]) -> None:
        for _, _, t in gold & predicted:
            self.tp[t] += 1
        for _, _, t in predicted - gold:
            self.fp[t] += 1
        for _, _, t in gold - predicted:
            self.fn[t] += 1

    def prf(self, type_: str | None = None) -> tuple[float, float, float]:
        pick = (lambda c: c[type_]) if type_ else (lambda c: sum(c.values()))
        tp, fp, fn = pick(self.tp), pick(self.fp), pick(self.fn)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def as_dict(self) -> dict[str, dict[str, float]]:
        out = {t: dict(zip(("precision", "recall", "f1"), self.prf(t))) for t in TYPES}
        out["micro"] = dict(zip(("precision", "recall", "f1"), self.prf()))
        return {k: {m: round(v, 3) for m, v in d.items()} for k, d in out.items()}


def read_re3d(root: Path, min_confidence: float = 0.5) -> Iterator[Re3dDocument]:
    """Every document of every source folder under `root`, with its gold entity spans."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        docs = _jsonl(folder / "documents.json")
        entities = _jsonl(folder / "entities.json")
        for doc in docs:
            spans = {(e["begin"], e["end"], e["type"]) for e in entities
                     if e["documentId"] == doc["_id"] and e["type"] in TYPES
                     and e["confidence"] >= min_confidence}
            yield Re3dDocument(folder.name, doc["_id"], doc["text"], frozenset(_outermost(spans)))


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _outermost(spans: set[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    return {s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)}


def predicted_spans(pipeline: Pipeline, text: str) -> set[tuple[int, int, str]]:
    """Our named mentions (not 'the group' references) as re3d-typed spans."""
    analysis = pipeline.analyze(make_document(text))
    offset = text.index(analysis.document.text[:50]) if analysis.document.text else 0
    spans = set()
    for entity in analysis.entities:
        type_ = KIND_TO_TYPE.get(entity.kind, "Organisation")
        for m in entity.mentions:
            if m.text.lower().startswith(("the ", "this ", "that ")):
                continue
            start = m.start + offset
            # re3d's organisation spans include the article: "the United Nations".
            if type_ == "Organisation" and text[max(0, start - 4):start].lower() == "the ":
                start -= 4
            spans.add((start, m.end + offset, type_))
    return spans


NER_TO_TYPE = {"ORG": "Organisation", "PERSON": "Person", "GPE": "Location", "LOC": "Location",
               "NORP": "Nationality"}


def bare_ner_spans(pipeline: Pipeline, text: str) -> set[tuple[int, int, str]]:
    """The statistical NER of the language pipeline alone: no registry, no gazetteer, no linking."""
    return {(e.start_char, e.end_char, NER_TO_TYPE[e.label_]) for e in pipeline.nlp(text).ents
            if e.label_ in NER_TO_TYPE}


def evaluate(pipeline: Pipeline, root: Path, bare: bool = False, sources: set[str] | None = None) -> dict[str, dict]:
    """Scores overall and per source folder; `bare` scores the statistical NER alone."""
    overall, by_source = Score(), {}
    for doc in read_re3d(root):
        if sources and doc.source not in sources:
            continue
        predicted = (bare_ner_spans if bare else predicted_spans)(pipeline, doc.text)
        overall.add(set(doc.gold), predicted)
        by_source.setdefault(doc.source, Score()).add(set(doc.gold), predicted)
    return {"overall": overall.as_dict(),
            "by_source": {s: score.as_dict()["micro"] for s, score in by_source.items()}}
