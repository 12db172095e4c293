"""Relations on Re-DocRED (revised DocRED: Wikipedia introductions), for the types Wikidata shares with us.

    python benchmarks/relation_redocred.py [--split test|dev] [--limit N] [--json PATH [--details]]

**Gold.** Each document is rebuilt from its tokens: one space between tokens and between sentences,
with each token's character offsets kept, so every mention of every annotated entity (the vertexSet)
becomes a character span. Of the 96 Wikidata properties labelled, those below say what one of our
relation types says. Their directions were checked on examples of the dev file only:

    P463  member of                  h member_of t  Zuma -> African National Congress; Kazakhstan -> Eurasian
                                                    Economic Union
    P102  member of political party  h member_of t  Joan Burton -> Labour Party
    P241  military branch            h member_of t  John Leake -> Royal Navy; Torpedo Squadron 8 -> US Navy
    P749  parent organization        h member_of t  BBC World News -> BBC (h is part of t)
    P355  subsidiary                 t member_of h  h ENASA, t Seddon Atkinson: Seddon Atkinson member_of ENASA
    P35   head of state              t leads h      h the country (Russia), t the person (Boris Yeltsin)
    P6    head of government         t leads h      h the place governed (Washington State), t the person (Jay Inslee)
    P488  chairperson                t leads h      h the body (Democratic Revolutionary Party), t its chair

P749 and P355 are each other's inverse and Re-DocRED labels both, so the same pair often comes
twice: after mapping, each (type, source entity, target entity) is one gold triple, counted once.
Only entities typed PER, ORG or LOC (their mentions' majority type) can be actors: a mapped label
with a TIME, NUM or MISC end (a product such as "Chevrolet" under P749) is left out, and counted.

Not mapped: P710 participant / P1344 participant of (each other's inverse) and P607 conflict say
that an actor took part in an event (a war, a battle, but as often a song contest or the
Olympics), never on which side. None of our types says that: `hostile` and `allied` need the
sides, `located_in` a place. So they are left out of the score; `unmapped` counts them.

**Predicted.** The pipeline analyses each rebuilt text. An entity we find matches every gold
entity one of whose mentions overlaps one of its mentions (character offsets; the analysed text
is the rebuilt one without surrounding whitespace, hence an offset). A relation we find of a
scored type, its ends matched so, is correct when a gold triple of the same type joins a gold
entity its source matches to one its target matches (either way round for symmetric types, though
none is mapped yet). Each gold triple is found at most once: a second relation hitting only triples
already found (two of our entities for one gold entity, say) is a duplicate, counted apart, neither
right nor wrong. Precision is correct / (correct + wrong); recall is correct / gold. Relations of
types with no mapped property are not scored, only counted.

**Ceilings.** Per type, how many gold triples have both ends matched by some entity of ours at all
(`both_ends_found`: no relation extractor can do better on this entity layer), how many have both
ends named in one sentence of the gold (`gold_one_sentence`: our patterns read one sentence at a
time), and both together (`both_ends_found_one_sentence`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultlines.evaluate.events import Runner
from faultlines.model import Analysis

REPO = Path(__file__).resolve().parent.parent.parent
SHARED = REPO.parent / "shared"
REDOCRED = SHARED / "datasets" / "re-docred"
SPLITS = {"dev": "dev_revised.json", "test": "test_revised.json"}
ACTOR_TYPES = frozenset({"PER", "ORG", "LOC"})
SYMMETRIC = frozenset({"hostile", "allied", "rival", "negotiates", "same_as"})  # as lexicons/relations.yaml


@dataclass(frozen=True)
class PropertyMap:
    """One Wikidata property as one of our relation types; `reverse` when Wikidata's tail is our source."""

    type: str
    reverse: bool = False


PROPERTIES: dict[str, PropertyMap] = {
    "P463": PropertyMap("member_of"),
    "P102": PropertyMap("member_of"),
    "P241": PropertyMap("member_of"),
    "P749": PropertyMap("member_of"),
    "P355": PropertyMap("member_of", reverse=True),
    "P35": PropertyMap("leads", reverse=True),
    "P6": PropertyMap("leads", reverse=True),
    "P488": PropertyMap("leads", reverse=True),
}
# Participation, not mapped (see the module docstring): the end that is the participant.
UNMAPPED = {"P710": "t", "P1344": "h", "P607": "h"}


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class GoldEntity:
    index: int  # its place in the vertexSet, which labels refer to
    name: str
    type: str
    mentions: tuple[GoldMention, ...]

    @property
    def sentences(self) -> frozenset[int]:
        return frozenset(m.sentence for m in self.mentions)


@dataclass(frozen=True)
class GoldTriple:
    type: str
    source: int
    target: int
    properties: tuple[str, ...]  # the Wikidata properties that gave it


@dataclass(frozen=True)
class RedocredDocument:
    title: str
    text: str
    entities: tuple[GoldEntity, ...]
    triples: tuple[GoldTriple, ...]
    not_actors: int = 0  # mapped labels left out because an end is no PER, ORG or LOC
    unmapped: Counter[str] = field(default_factory=Counter)  # UNMAPPED labels whose participant is an actor


def rebuild_text(sents: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The text of tokenised sentences, one space between tokens and between sentences, with the
    character span of every token ([sentence][token] -> (start, end))."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    at = 0
    for sentence in sents:
        spans = []
        for token in sentence:
            if parts:
                parts.append(" ")
                at += 1
            parts.append(token)
            spans.append((at, at + len(token)))
            at += len(token)
        offsets.append(spans)
    return "".join(parts), offsets


def _majority_type(mentions: list[dict]) -> str:
    # Nine entities per split mix types ("Ayyubid" ORG twice, PER once): the majority, ties to the first.
    counts = Counter(m["type"] for m in mentions)
    return max(counts, key=lambda t: (counts[t], -[m["type"] for m in mentions].index(t)))


def read_document(raw: dict[str, Any], properties: dict[str, PropertyMap] = PROPERTIES) -> RedocredDocument:
    """One Re-DocRED document: its rebuilt text, its entities as character spans, its mapped triples."""
    text, offsets = rebuild_text(raw["sents"])
    entities = []
    for i, vertex in enumerate(raw["vertexSet"]):
        mentions = tuple(GoldMention(offsets[m["sent_id"]][m["pos"][0]][0], offsets[m["sent_id"]][m["pos"][1] - 1][1],
                                     m["sent_id"]) for m in vertex)
        entities.append(GoldEntity(i, vertex[0]["name"], _majority_type(vertex), mentions))
    triples: dict[tuple[str, int, int], list[str]] = {}
    not_actors = 0
    unmapped: Counter[str] = Counter()
    for label in raw["labels"]:
        prop, h, t = label["r"], label["h"], label["t"]
        actors = entities[h].type in ACTOR_TYPES and entities[t].type in ACTOR_TYPES
        if prop in UNMAPPED and entities[h if UNMAPPED[prop] == "h" else t].type in ACTOR_TYPES:
            unmapped[prop] += 1
        if prop not in properties:
            continue
        if not actors:
            not_actors += 1
            continue
        mapped = properties[prop]
        source, target = (t, h) if mapped.reverse else (h, t)
        if mapped.type in SYMMETRIC:
            source, target = sorted((source, target))
        triples.setdefault((mapped.type, source, target), []).append(prop)
    gold = tuple(GoldTriple(k[0], k[1], k[2], tuple(sorted(set(v)))) for k, v in sorted(triples.items()))
    return RedocredDocument(raw["title"], text, tuple(entities), gold, not_actors, unmapped)


def read_redocred(path: Path, properties: dict[str, PropertyMap] = PROPERTIES) -> list[RedocredDocument]:
    """Every document of one Re-DocRED file (dev_revised.json, test_revised.json)."""
    with Path(path).open(encoding="utf-8") as f:
        return [read_document(raw, properties) for raw in json.load(f)]


def text_offset(text: str, analysed: str) -> int:
    """Where the analysed text starts in ours. make_document strips the ends; its other changes (NFC,
    no-break space to space) keep the length of Re-DocRED's tokens, which the length check makes sure of."""
    if len(analysed) != len(text.strip()):
        raise ValueError("the analysed text is not the rebuilt text stripped: mention offsets would not line up")
    return len(text) - len(text.lstrip())


def match_entities(doc: RedocredDocument, analysis: Analysis) -> dict[str, dict[int, frozenset[int]]]:
    """For each entity of ours, the gold entities it matches, each with the gold sentences where a
    mention of ours overlaps one of theirs (a state's mentions are its country's)."""
    offset = text_offset(doc.text, analysis.document.text)
    out: dict[str, dict[int, frozenset[int]]] = {}
    for entity in analysis.entities:
        # A state has no mention of its own: its country's name is its place's ("of_place").
        named = analysis.entity(entity.attributes.get("of_place", "")) or entity
        spans = [(m.start + offset, m.end + offset) for m in named.mentions]
        hits: dict[int, frozenset[int]] = {}
        for gold in doc.entities:
            sentences = frozenset(g.sentence for g in gold.mentions for s in spans if s[0] < g.end and g.start < s[1])
            if sentences:
                hits[gold.index] = sentences
        out[entity.id] = hits
    return out


@dataclass
class Tally:
    """Counts per relation type (ours), summed over documents."""

    gold: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    wrong_unknown_end: Counter[str] = field(default_factory=Counter)  # an end matches no gold entity
    duplicate: Counter[str] = field(default_factory=Counter)
    both_ends_found: Counter[str] = field(default_factory=Counter)
    gold_one_sentence: Counter[str] = field(default_factory=Counter)
    both_ends_found_one_sentence: Counter[str] = field(default_factory=Counter)
    property_gold: Counter[str] = field(default_factory=Counter)
    property_correct: Counter[str] = field(default_factory=Counter)
    property_both_ends_found: Counter[str] = field(default_factory=Counter)
    unscored: Counter[str] = field(default_factory=Counter)  # our relations of types no property maps to
    not_actors: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)


def _hits(triple: GoldTriple, sources: dict[int, frozenset[int]], targets: dict[int, frozenset[int]]) -> bool:
    forward = triple.source in sources and triple.target in targets
    backward = triple.type in SYMMETRIC and triple.source in targets and triple.target in sources
    return forward or backward


def score_document(doc: RedocredDocument, analysis: Analysis | None, tally: Tally,
                   scored: frozenset[str] | None = None, details: list | None = None) -> None:
    """Add one document's counts to `tally`; no analysis (the pipeline failed) finds nothing.
    With `details`, append what was found and missed in it (for reading, not for scoring)."""
    scored = scored if scored is not None else frozenset(p.type for p in PROPERTIES.values())
    tally.not_actors += doc.not_actors
    tally.unmapped.update(doc.unmapped)
    matches = match_entities(doc, analysis) if analysis is not None else {}
    found: dict[int, frozenset[int]] = {}  # gold entity -> sentences where some entity of ours names it
    for hits in matches.values():
        for index, sentences in hits.items():
            found[index] = found.get(index, frozenset()) | sentences
    for g in doc.triples:
        tally.gold[g.type] += 1
        tally.property_gold.update(g.properties)
        source, target = doc.entities[g.source], doc.entities[g.target]
        tally.gold_one_sentence[g.type] += bool(source.sentences & target.sentences)
        if g.source in found and g.target in found:
            tally.both_ends_found[g.type] += 1
            tally.property_both_ends_found.update(g.properties)
            tally.both_ends_found_one_sentence[g.type] += bool(found[g.source] & found[g.target])
    if analysis is None:
        return
    verdicts: list[dict[str, Any]] = []
    predicted: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for rel in analysis.relations:
        if rel.type not in scored:
            tally.unscored[rel.type] += 1
            continue
        # The same pair read from two sentences is one document-level relation.
        ends = sorted((rel.source, rel.target)) if rel.type in SYMMETRIC else [rel.source, rel.target]
        predicted.setdefault((rel.type, *ends), (rel.type, rel.source, rel.target))
    matched: set[GoldTriple] = set()
    for type_, source, target in predicted.values():
        sources, targets = matches.get(source, {}), matches.get(target, {})
        hits = [g for g in doc.triples if g.type == type_ and _hits(g, sources, targets)]
        new = [g for g in hits if g not in matched]
        if new:
            matched.add(new[0])
            tally.correct[type_] += 1
            tally.property_correct.update(new[0].properties)
        elif hits:
            tally.duplicate[type_] += 1
        else:
            tally.wrong[type_] += 1
            tally.wrong_unknown_end[type_] += not sources or not targets
        verdict = "correct" if new else "duplicate" if hits else "wrong"
        verdicts.append({"type": type_, "source": _name(analysis, source), "target": _name(analysis, target),
                         "verdict": verdict})
    if details is not None and (verdicts or doc.triples):
        missed = [{"type": g.type, "source": doc.entities[g.source].name, "target": doc.entities[g.target].name,
                   "properties": list(g.properties), "both_ends_found": g.source in found and g.target in found}
                  for g in doc.triples if g not in matched]
        details.append({"title": doc.title, "predicted": verdicts, "missed": missed})


def _name(analysis: Analysis, entity_id: str) -> str:
    entity = analysis.entity(entity_id)
    return entity.name if entity else entity_id


def _prf(correct: int, wrong: int, gold: int) -> dict[str, float]:
    p = correct / (correct + wrong) if correct + wrong else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def summary(tally: Tally, types: Iterable[str]) -> dict[str, Any]:
    """Scores per type and micro-averaged, with the ceilings and the property breakdown."""
    def row(pick) -> dict[str, Any]:
        c = {k: pick(getattr(tally, k)) for k in ("gold", "correct", "wrong", "wrong_unknown_end", "duplicate",
                                                  "both_ends_found", "gold_one_sentence",
                                                  "both_ends_found_one_sentence")}
        return {**c, "predicted": c["correct"] + c["wrong"] + c["duplicate"],
                **_prf(c["correct"], c["wrong"], c["gold"])}

    types = list(types)
    return {
        "types": {t: row(lambda c, t=t: c[t]) for t in types},
        "micro": row(lambda c: sum(c[t] for t in types)),
        "properties": {p: {"type": m.type, "reverse": m.reverse, "gold": tally.property_gold[p],
                           "correct": tally.property_correct[p],
                           "both_ends_found": tally.property_both_ends_found[p]} for p, m in PROPERTIES.items()},
        "not_actors": tally.not_actors,
        "unmapped": {p: tally.unmapped[p] for p in UNMAPPED},
        "unscored_predictions": dict(tally.unscored.most_common()),
    }


def evaluate(pipeline: Any, split: str = "test", limit: int | None = None, path: Path | None = None,
             progress: bool = False, details: list | None = None) -> dict[str, Any]:
    """Run the pipeline on one Re-DocRED split and score it; a document the pipeline fails on finds
    nothing and is counted as crashed."""
    docs = read_redocred(path or REDOCRED / SPLITS[split])
    docs = docs[:limit] if limit else docs
    runner = Runner(pipeline, progress=progress)
    tally = Tally()
    for i, doc in enumerate(docs):
        score_document(doc, runner.analyze(f"{split}:{i}:{doc.title}", doc.text), tally, details=details)
    types = dict.fromkeys(p.type for p in PROPERTIES.values())
    return {"split": split, "documents": len(docs), "crashed": runner.crashed, "errors": runner.errors,
            **summary(tally, types)}


def markdown(result: dict[str, Any]) -> str:
    """The result as Markdown tables: scores, ceilings, per property, what was left out."""
    r = result
    lines = [f"### Re-DocRED {r['split']}: relations between actors", "",
             f"{r['documents']} documents, {r['crashed']} crashed; {r['not_actors']} mapped labels left out "
             "(an end is not PER, ORG or LOC)", "",
             "| type | gold | predicted | correct | wrong | duplicate | precision | recall | F1 |",
             "|---|---|---|---|---|---|---|---|---|"]
    rows = [*r["types"].items(), ("**micro**", r["micro"])]
    for t, d in rows:
        lines.append(f"| {t} | {d['gold']} | {d['predicted']} | {d['correct']} | {d['wrong']} | {d['duplicate']} "
                     f"| {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} |")
    lines += ["", "| type | gold | both ends found | gold ends in one sentence | both found in one sentence "
              "| wrong with an end no gold entity |", "|---|---|---|---|---|---|"]
    for t, d in rows:
        lines.append(f"| {t} | {d['gold']} | {d['both_ends_found']} | {d['gold_one_sentence']} "
                     f"| {d['both_ends_found_one_sentence']} | {d['wrong_unknown_end']} |")
    lines += ["", "| property | as | gold triples | correct | both ends found |", "|---|---|---|---|---|"]
    for p, d in r["properties"].items():
        as_ = f"{d['type']} ({'t -> h' if d['reverse'] else 'h -> t'})"
        lines.append(f"| {p} | {as_} | {d['gold']} | {d['correct']} | {d['both_ends_found']} |")
    unmapped = ", ".join(f"{p} {n}" for p, n in r["unmapped"].items())
    others = ", ".join(f"{t} {n}" for t, n in r["unscored_predictions"].items()) or "none"
    lines += ["", f"Not scored: participation labels whose participant is an actor ({unmapped}); "
              f"our relations of other types ({others})."]
    return "\n".join(lines)
