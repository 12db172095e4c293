"""Entity recognition on the re3d corpus: exact span and type, micro F1, per type and per source.

re3d (Dstl) annotates Organisation, Person, Location and Nationality mentions among others; gold is
every annotation with confidence >= 0.5, the longest span kept where gold spans nest (as a flat
tagger must). Our entities map onto those types by kind: places -> Location, persons -> Person,
communities -> Nationality, every other actor (states acting included) -> Organisation. re3d puts the article inside
organisation and place spans ("the United Nations"); the scorer extends both systems' the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.evaluate import offset_in
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
    """Our mentions, named and referring ("the group", "they", "we"), as re3d-typed spans."""
    analysis = pipeline.analyze(make_document(text))
    offset = offset_in(text, analysis.document.text)
    spans = set()
    for entity in analysis.entities:
        # A nominal group ("civilians", "refugees") is no nationality: re3d types it Organisation.
        generic_group = entity.kind == "community" and entity.attributes.get("sector")
        type_ = "Organisation" if generic_group else KIND_TO_TYPE.get(entity.kind, "Organisation")
        # Every mention counts, "the group" and "we" as much as a name: re3d marks them too.
        spans.update((m.start + offset, m.end + offset, type_) for m in entity.mentions)
    return spans


def with_article(text: str, spans: set[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """re3d's organisation and place spans include the article before a name ("the United
    Nations", "the Tigris River"): both systems scored get the same convention."""
    return {(start - 4, end, type_) if type_ in ("Organisation", "Location")
            and text[max(0, start - 4):start].lower() == "the " else (start, end, type_)
            for start, end, type_ in spans}


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
        predicted = with_article(doc.text, (bare_ner_spans if bare else predicted_spans)(pipeline, doc.text))
        overall.add(set(doc.gold), predicted)
        by_source.setdefault(doc.source, Score()).add(set(doc.gold), predicted)
    return {"overall": overall.as_dict(),
            "by_source": {s: score.as_dict()["micro"] for s, score in by_source.items()}}


# re3d relation types and ours; `flip` where re3d's direction is the reverse of ours
# (HasAttrOf: "people" has the attribute "Syrian"; ours: "Syrian" is an attribute of "people").
RELATION_TYPES = {"FightingAgainst": "hostile", "AlliesOf": "allied", "BelongsTo": "member_of",
                  "InChargeOf": "leads", "HasAttrOf": "attribute_of", "IsSynonymOf": "same_as"}
FLIPPED = {"HasAttrOf"}
SYMMETRIC = {"hostile", "allied", "same_as"}


@dataclass(frozen=True)
class GoldRelation:
    type: str  # ours
    source: tuple[int, int]
    target: tuple[int, int]


def read_relations(root: Path, min_confidence: float = 0.5) -> Iterator[tuple[Re3dDocument, set[GoldRelation]]]:
    """Every re3d document with its gold relations of the types we extract, one per pair for
    symmetric types (re3d records some both ways)."""
    documents = list(read_re3d(root))
    by_folder: dict[str, list[dict]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        by_folder[folder.name] = _jsonl(folder / "relations.json")
    for doc in documents:
        gold = set()
        for r in by_folder[doc.source]:
            if r["documentId"] != doc.id or r["type"] not in RELATION_TYPES or r["confidence"] < min_confidence:
                continue
            ends = [(r["sourceBegin"], r["sourceEnd"]), (r["targetBegin"], r["targetEnd"])]
            if r["type"] in FLIPPED:
                ends.reverse()
            ours = RELATION_TYPES[r["type"]]
            if ours in SYMMETRIC:
                ends.sort()
            gold.add(GoldRelation(ours, ends[0], ends[1]))
        yield doc, gold


def _any_overlap(spans: list[tuple[int, int]], gold: tuple[int, int]) -> bool:
    return any(s[0] < gold[1] and gold[0] < s[1] for s in spans)


def _spans_in(analysis, entity_id: str, evidence, offset: int) -> list[tuple[int, int]]:
    """An entity's mentions inside a fact's evidence sentence, as offsets into the raw text."""
    entity = analysis.entity(entity_id)
    if entity is None:
        return []
    return [(m.start + offset, m.end + offset) for m in entity.mentions
            if evidence.start <= m.start and m.end <= evidence.end]


def evaluate_relations(pipeline: Pipeline, root: Path, sources: set[str] | None = None) -> dict[str, dict]:
    """Precision, recall and F1 per relation type. A relation we find matches a gold one of the
    same type when, in its evidence sentence, a mention of its source overlaps the gold source
    span and a mention of its target the gold target span (either way round for symmetric types)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc, gold in read_relations(root):
        if sources and doc.source not in sources:
            continue
        analysis = pipeline.analyze(make_document(doc.text))
        offset = offset_in(doc.text, analysis.document.text)
        matched: set[GoldRelation] = set()
        for rel in analysis.relations:
            if rel.type not in RELATION_TYPES.values():
                continue
            sources_ = _spans_in(analysis, rel.source, rel.evidence, offset)
            targets = _spans_in(analysis, rel.target, rel.evidence, offset)
            hit = None
            for g in gold:
                if g.type != rel.type:
                    continue
                forward = _any_overlap(sources_, g.source) and _any_overlap(targets, g.target)
                backward = _any_overlap(sources_, g.target) and _any_overlap(targets, g.source)
                if forward or (rel.type in SYMMETRIC and backward):
                    hit = g
                    break
            if hit:
                if hit not in matched:
                    tp[rel.type] += 1
                    matched.add(hit)
            else:
                fp[rel.type] += 1
        for g in gold - matched:
            fn[g.type] += 1
    out = {}
    for t in list(RELATION_TYPES.values()) + ["micro"]:
        a, b, c = (sum(x.values()) for x in (tp, fp, fn)) if t == "micro" else (tp[t], fp[t], fn[t])
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        out[t] = {"precision": round(p, 3), "recall": round(r, 3),
                  "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3), "gold": a + c, "found": a + b}
    return out
