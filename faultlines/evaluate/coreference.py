"""Coreference on GUM's official test documents: do pronouns and nominal mentions reach the right entity?

GUM (`../shared/datasets/gum-open-subset`, read by `faultlines.evaluate.news_entities.read_gum`)
brackets every mention of every entity, named, nominal and pronominal, in coreference chains. A
gold mention is **named** when its head word is a proper noun, a **pronoun** when its head is a
pronoun, **nominal** otherwise ("the group", "the agency", "the three remaining orbiters").

**Matching a faultlines mention to a gold mention.** A faultlines mention (an entity's mention,
offsets into the same text) *covers* a gold mention when it lies inside the gold mention and covers
its head word. Plain overlap would not do: GUM's mentions are whole noun phrases and nest ("NASA"
inside "NASA Administrator Charles Bolden", "his" inside "his deputy"), and a mention of the inner
one would count for the outer.

**Link accuracy.** The gold *referring* mentions are the pronoun and nominal mentions of a person,
organization or place whose chain has a named mention ending before they start (something to refer
back to). For each: *attempted* when some faultlines mention covers it (faultlines gave it an
entity); *correct* when one of those mentions' entities also has a mention covering a named mention
of the same gold chain (anywhere in the document). Precision = correct / attempted, recall =
correct / gold; counted by form (pronoun, nominal) and by GUM type.

**Clusters (B3 and MUC).** Over the gold mentions, of every type, that faultlines produced: each
faultlines mention is matched to the innermost gold mention it covers (the first faultlines mention
wins where two cover the same one); the key clustering is GUM's chains and the response is
faultlines' entities, both restricted to those matched mentions. B3 counts singletons; MUC does not.
What this leaves out, the mentions faultlines never produced, is what link recall measures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.evaluate import offset_in
from faultlines.evaluate.news_entities import GumDocument, GumMention, gum_split, read_gum
from faultlines.ingest import make_document
from faultlines.model import Analysis
from faultlines.pipeline import Pipeline

REFERRING_TYPES = ("person", "organization", "place")


@dataclass(frozen=True)
class Predicted:
    """One mention of one faultlines entity, as offsets into the scored text."""

    entity: str
    start: int
    end: int


def predicted_mentions(analysis: Analysis, offset: int = 0) -> list[Predicted]:
    """Every mention of every entity, named or linked by reference, in text order."""
    found = {Predicted(e.id, m.start + offset, m.end + offset) for e in analysis.entities for m in e.mentions}
    return sorted(found, key=lambda p: (p.start, p.end, p.entity))


def covers(m: Predicted, g: GumMention) -> bool:
    """A faultlines mention inside the gold mention, over its head word."""
    return g.start <= m.start and m.end <= g.end and m.start <= g.head[0] and g.head[1] <= m.end


def referring(doc: GumDocument) -> list[GumMention]:
    """Pronouns and nominals of persons, organizations and places with a named mention before them."""
    named: dict[str, list[GumMention]] = {}
    for m in doc.mentions:
        if m.form == "named":
            named.setdefault(m.chain, []).append(m)
    return [g for g in doc.mentions if g.form != "named" and g.type in REFERRING_TYPES
            and any(n.end <= g.start for n in named.get(g.chain, ()))]


@dataclass
class LinkCounts:
    """Gold referring mentions, attempted and correct, by form and by type."""

    gold: Counter[str] = field(default_factory=Counter)
    attempted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)

    def add(self, keys: tuple[str, ...], attempted: bool, correct: bool) -> None:
        for key in (*keys, "all"):
            self.gold[key] += 1
            self.attempted[key] += attempted
            self.correct[key] += correct

    def as_dict(self) -> dict[str, dict[str, float]]:
        out = {}
        for key in ("pronoun", "nominal", *REFERRING_TYPES, "all"):
            g, a, c = self.gold[key], self.attempted[key], self.correct[key]
            out[key] = {"gold": g, "attempted": a, "correct": c,
                        "precision": round(c / a, 3) if a else 0.0, "recall": round(c / g, 3) if g else 0.0}
        return out


def score_links(doc: GumDocument, predicted: list[Predicted], counts: LinkCounts,
                details: list[dict] | None = None) -> None:
    """Adds one document's referring mentions to `counts` (see the module docstring)."""
    names_of: dict[str, set[str]] = {}  # faultlines entity -> the gold chains whose names it covers
    for n in doc.mentions:
        if n.form == "named":
            for m in predicted:
                if covers(m, n):
                    names_of.setdefault(m.entity, set()).add(n.chain)
    for g in referring(doc):
        entities = {m.entity for m in predicted if covers(m, g)}
        correct = any(g.chain in names_of.get(e, ()) for e in entities)
        counts.add((g.form, g.type), bool(entities), correct)
        if details is not None and entities:
            details.append({"document": doc.id, "mention": g.text, "form": g.form, "type": g.type,
                            "entities": sorted(entities), "correct": correct})


def matched_mentions(doc: GumDocument, predicted: list[Predicted]) -> list[tuple[str, str]]:
    """(gold chain, faultlines entity) for each gold mention some faultlines mention is matched to."""
    entity_of: dict[int, str] = {}
    for m in predicted:
        inside = [i for i, g in enumerate(doc.mentions) if covers(m, g)]
        if inside:
            innermost = min(inside, key=lambda i: doc.mentions[i].end - doc.mentions[i].start)
            entity_of.setdefault(innermost, m.entity)
    return [(doc.mentions[i].chain, e) for i, e in sorted(entity_of.items())]


def b3(items: list[tuple[str, str]]) -> tuple[float, float]:
    """Summed B3 precision and recall numerators over (key, response) items (divide by len(items))."""
    pairs, keys, responses = Counter(items), Counter(k for k, _ in items), Counter(r for _, r in items)
    precision = sum(n * n / responses[r] for (_, r), n in pairs.items())
    recall = sum(n * n / keys[k] for (k, _), n in pairs.items())
    return precision, recall


def muc(items: list[tuple[str, str]]) -> tuple[int, int, int, int]:
    """MUC numerators and denominators: (recall num, recall den, precision num, precision den)."""
    def links(by: int) -> tuple[int, int]:
        clusters: dict[str, set[str]] = {}
        for item in items:
            clusters.setdefault(item[by], set()).add(item[1 - by])
        sizes = Counter(item[by] for item in items)
        return sum(sizes[c] - len(parts) for c, parts in clusters.items()), sum(n - 1 for n in sizes.values())
    return (*links(0), *links(1))


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def score_documents(pairs: Iterable[tuple[GumDocument, list[Predicted]]], details: list[dict] | None = None) -> dict:
    """Link accuracy and B3/MUC over (document, faultlines mentions) pairs."""
    counts, b3_p, b3_r, n = LinkCounts(), 0.0, 0.0, 0
    muc_sums = [0, 0, 0, 0]
    produced = gold_mentions = 0
    for doc, predicted in pairs:
        score_links(doc, predicted, counts, details)
        items = matched_mentions(doc, predicted)
        # B3 and MUC per document: GUM's chain numbers and faultlines' ids are the document's own.
        p, r = b3(items)
        b3_p, b3_r, n = b3_p + p, b3_r + r, n + len(items)
        muc_sums = [a + b for a, b in zip(muc_sums, muc(items))]
        produced, gold_mentions = produced + len(predicted), gold_mentions + len(doc.mentions)
    rn, rd, pn, pd = muc_sums
    return {"links": counts.as_dict(),
            "b3": _prf(b3_p / n if n else 0.0, b3_r / n if n else 0.0),
            "muc": _prf(pn / pd if pd else 0.0, rn / rd if rd else 0.0),
            "mentions": {"gold": gold_mentions, "faultlines": produced, "matched": n}}


def analyze(pipeline: Pipeline, text: str) -> list[Predicted]:
    """faultlines' mentions of one text, as offsets into it."""
    analysis = pipeline.analyze(make_document(text))
    offset = offset_in(text, analysis.document.text)
    return predicted_mentions(analysis, offset)


def evaluate_coreference(pipeline: Pipeline, root: Path, split: str = "test",
                         details: list[dict] | None = None) -> dict:
    """Scores faultlines on one GUM split (the official test documents by default)."""
    docs = [read_gum(p) for p in gum_split(root, split)]
    result = score_documents(((doc, analyze(pipeline, doc.text)) for doc in docs), details)
    result["documents"] = len(docs)
    return result
