"""Entity recognition on news-like text the pipeline was never trained on: CrossNER politics and GUM.

Both are scored like re3d (`faultlines.evaluate.re3d.Score`): exact character span and type; precision,
recall and F1 per type and micro; faultlines (`predicted_spans`) beside the statistical NER alone
(`bare_ner_spans`). Only Person, Organisation and Location are scored. Nationality is no type in
either corpus: faultlines' communities are left out, as in `uner.py`, and so are the mentions it links
by reference rather than by name (a span that is a pronoun or opens with one: "He", "its leader"),
which neither corpus marks as names. Neither corpus puts the article inside a name ("the United
States" is "United States"; GUM's mentions do, and lose it below): a predicted span's leading "the"
is dropped, for both systems (the reverse of `re3d.with_article`: the statistical NER, trained on
re3d, learnt to include it).

**CrossNER politics, test split** (`../shared/datasets/crossner-politics/test.txt`): Wikipedia
sentences, one token and one BIO label a line. politician, person -> Person; politicalparty,
organisation -> Organisation; country, location -> Location. election, event and misc are not
scored: a predicted span overlapping a gold span of theirs is left out of the comparison (the gold
names something there, of a type not scored: neither right nor wrong). The file keeps no spacing: a
sentence's text is its tokens joined by single spaces. Consecutive sentences sometimes come from the
same article (Einstein, then Einstein; Jackson, then Jackson), so they are read in documents of
`CROSSNER_GROUP` sentences, one sentence a line: the linker sees what context there is.

**GUM, official test documents** (`splits.md`, those present in `dep/`: the openly licensed genres).
The text is rebuilt from the CoNLL-U tokens, a space after each unless `SpaceAfter=No`, sentences of
a paragraph (`# newpar`) on one line. GUM brackets every mention of every entity in its `Entity=`
annotations (named, nominal and pronominal), with the entity's type and its coreference group.
GUM has no named/nominal flag (its Wikipedia identity is the entity's, on every mention, pronouns
included), so a mention is **named** when its head word (the one word whose syntactic head lies
outside the mention) is a proper noun (UPOS PROPN), a **pronoun** when the head is a PRON, and
**nominal** otherwise. Gold: the named mentions of type person -> Person, organization ->
Organisation, place -> Location, without a leading "the" or a closing possessive "'s" (GUM puts
them inside the mention, "the Smithsonian's"; neither system's names do). Every such mention is gold,
nested ones included. A predicted span overlapping a named mention of another type (an event, an
object: "Space Shuttle Atlantis") and matching no gold span is left out.

GUM's mentions are whole noun phrases, with titles, appositions and attachments ("NASA Administrator
Charles Bolden", "Cape Canaveral, Florida", "Johnson Space Center (JSC) in Houston, Texas"), and they
nest ("NASA" inside the first): no flat tagger reaches them all exactly. So GUM is also scored by
head (`head_matched`): a predicted span inside a gold span of its type that covers the gold
mention's head word counts as that span. The exact score is the reported one; the head score shows
how much of the gap is GUM's phrase boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from faultlines.evaluate import name_start
from faultlines.evaluate.re3d import Score, bare_ner_spans, predicted_spans
from faultlines.pipeline import Pipeline

SCORED = ("Person", "Organisation", "Location")
CROSSNER_TYPES = {"politician": "Person", "person": "Person", "politicalparty": "Organisation",
                  "organisation": "Organisation", "country": "Location", "location": "Location"}
CROSSNER_GROUP = 10
GUM_TYPES = {"person": "Person", "organization": "Organisation", "place": "Location"}

Span3 = tuple[int, int, str]


@dataclass(frozen=True)
class NerDocument:
    """A text, its gold spans, and the spans of names of types not scored (`ignored`)."""

    id: str
    text: str
    gold: frozenset[Span3]
    ignored: frozenset[tuple[int, int]] = frozenset()
    heads: tuple[tuple[Span3, tuple[int, int]], ...] = ()  # GUM: each gold span's head word


# --- CrossNER ------------------------------------------------------------------------------------


def read_crossner(path: Path, group: int = CROSSNER_GROUP) -> Iterator[NerDocument]:
    """Documents of `group` consecutive sentences of one CrossNER file, one sentence a line."""
    sentences = list(_crossner_sentences(path))
    for first in range(0, len(sentences), group):
        lines, gold, ignored = [], set(), set()
        for tokens in sentences[first:first + group]:
            offset = sum(len(line) + 1 for line in lines)
            text, spans = _crossner_spans(tokens)
            for start, end, label in spans:
                if label in CROSSNER_TYPES:
                    gold.add((offset + start, offset + end, CROSSNER_TYPES[label]))
                else:
                    ignored.add((offset + start, offset + end))
            lines.append(text)
        yield NerDocument(f"crossner-{first + 1}", "\n".join(lines), frozenset(gold), frozenset(ignored))


def _crossner_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip():
                word, label = line.split("\t")
                tokens.append((word, label))
            elif tokens:
                yield tokens
                tokens = []
    if tokens:
        yield tokens


def _crossner_spans(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """A sentence's text (tokens joined by spaces) and its labelled B-/I- runs as character spans."""
    text, spans, current = "", [], None
    for word, tag in tokens:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        label = tag[2:] if tag[:2] in ("B-", "I-") else None
        if current and not (tag.startswith("I-") and label == current[2]):
            spans.append(tuple(current))
            current = None
        if label and current is None:
            current = [start, len(text), label]
        elif label:
            current[1] = len(text)
    if current:
        spans.append(tuple(current))
    return text, spans


# --- GUM -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GumMention:
    """One bracketed mention of GUM's entity layer."""

    chain: str  # GUM's entity number in its document: the mentions sharing it corefer
    type: str  # person, organization, place, event, time, object, abstract, substance, animal, plant
    form: str  # "named", "pronoun" or "nominal", by the head word's part of speech
    start: int
    end: int
    head: tuple[int, int]  # the head word's characters
    text: str


@dataclass(frozen=True)
class GumDocument:
    id: str
    text: str
    mentions: tuple[GumMention, ...]


@dataclass
class _Word:
    sentence: int
    id: int
    upos: str
    head: int
    start: int
    end: int


def gum_split(root: Path, split: str = "test") -> list[Path]:
    """The CoNLL-U files of one official split (`splits.md`) that `root/dep` holds, in list order."""
    names, current = [], None
    for line in (root / "splits.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif current == split and line.strip().startswith("* "):
            names.append(line.strip()[2:].strip())
    return [root / "dep" / f"{n}.conllu" for n in names if (root / "dep" / f"{n}.conllu").exists()]


def read_gum(path: Path) -> GumDocument:
    """One GUM document: its text rebuilt from the tokens, and every mention of its entity layer."""
    text, words, brackets = "", [], []
    doc_id, sentence = path.stem, 0
    for rows in _conllu_sentences(path):
        if rows and rows[0][0] == "#newdoc":
            doc_id = rows[0][1] or doc_id
        new_paragraph = any(r[0] == "#newpar" for r in rows)
        rows = [r for r in rows if not r[0].startswith("#")]
        if text and new_paragraph:
            text = text.rstrip(" ") + "\n"
        text, placed = _place_words(text, rows)
        for cols, (start, end) in placed:
            words.append(_Word(sentence, int(cols[0]), cols[3], int(cols[6]) if cols[6].isdigit() else 0,
                               start, end))
            brackets.append(_entity_field(cols[9]))
        sentence += 1
    text = text.rstrip(" ")
    return GumDocument(doc_id, text, tuple(_mentions(text, words, brackets)))


def _conllu_sentences(path: Path) -> Iterator[list[list[str]]]:
    """Each sentence's rows (tab-split), led by ["#newdoc", id] and ["#newpar"] markers if any."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id = "):
                rows.append(["#newdoc", line.split("= ", 1)[1].strip()])
            elif line.startswith("# newpar") and not line.startswith("# newpar_"):
                rows.append(["#newpar"])
            elif line and not line.startswith("#"):
                rows.append(line.split("\t"))
            elif not line and any(not r[0].startswith("#") for r in rows):
                yield rows
                rows = []
    if any(not r[0].startswith("#") for r in rows):
        yield rows


def _place_words(text: str, rows: list[list[str]]) -> tuple[str, list[tuple[list[str], tuple[int, int]]]]:
    """Appends one sentence's surface tokens to `text`; each word with its characters. A multiword
    token ("Sapir’s" = "Sapir" + "’s") is written once, its words found inside it."""
    placed, i = [], 0
    while i < len(rows):
        cols = rows[i]
        if "." in cols[0]:  # an empty node: no text
            i += 1
            continue
        if "-" in cols[0]:
            first, last = (int(x) for x in cols[0].split("-"))
            parts = [r for r in rows[i + 1:] if "." not in r[0]][:last - first + 1]
            start, cursor = len(text), 0
            for part in parts:
                at = cols[1].find(part[1], cursor)
                span = (start + at, start + at + len(part[1])) if at >= 0 else (start, start + len(cols[1]))
                cursor = at + len(part[1]) if at >= 0 else cursor
                placed.append((part, span))
            text += cols[1]
            i += 1 + len(parts)
        else:
            placed.append((cols, (len(text), len(text) + len(cols[1]))))
            text += cols[1]
            i += 1
        text += "" if "SpaceAfter=No" in cols[9].split("|") else " "
    return text, placed


_BRACKET = re.compile(r"\(([^()]+)(\)?)|(\d+)\)")


def _entity_field(misc: str) -> list[tuple[str, str, str | None]]:
    """The brackets on one word: ("open", chain, type), ("single", chain, type), ("close", chain, None)."""
    value = next((f[len("Entity="):] for f in misc.split("|") if f.startswith("Entity=")), "")
    out = []
    for m in _BRACKET.finditer(value):
        if m.group(3):
            out.append(("close", m.group(3), None))
        else:
            chain, type_ = m.group(1).split("-")[:2]
            out.append(("single" if m.group(2) else "open", chain, type_))
    return out


def _mentions(text: str, words: list[_Word], brackets: list[list]) -> Iterator[GumMention]:
    index = {(w.sentence, w.id): i for i, w in enumerate(words)}
    open_: dict[str, list[tuple[int, str]]] = {}
    for i, marks in enumerate(brackets):
        for kind, chain, type_ in marks:
            if kind == "open":
                open_.setdefault(chain, []).append((i, type_))
                continue
            first, type_ = (i, type_) if kind == "single" else open_[chain].pop()
            head = _head(words, index, first, i)
            upos = words[head].upos
            form = "named" if upos == "PROPN" else "pronoun" if upos == "PRON" else "nominal"
            start, end = words[first].start, words[i].end
            yield GumMention(chain, type_, form, start, end, (words[head].start, words[head].end),
                             text[start:end])
    if any(open_.values()):
        raise ValueError(f"unclosed GUM mentions: {open_}")


def _head(words: list[_Word], index: dict[tuple[int, int], int], first: int, last: int) -> int:
    """The first word of the mention whose syntactic head is outside it (the root counts as outside)."""
    for i in range(first, last + 1):
        w = words[i]
        at = index.get((w.sentence, w.head)) if w.head else None
        if at is None or not first <= at <= last:
            return i
    return first


def gum_ner_document(doc: GumDocument) -> NerDocument:
    """GUM's named person, organization and place mentions as gold spans, each with its head word."""
    gold, ignored, heads = set(), set(), []
    for m in doc.mentions:
        if m.form != "named":
            continue
        start, end = _name_span(m)
        if m.type in GUM_TYPES:
            gold.add((start, end, GUM_TYPES[m.type]))
            heads.append(((start, end, GUM_TYPES[m.type]), m.head))
        else:
            ignored.add((start, end))
    return NerDocument(doc.id, doc.text, frozenset(gold), frozenset(ignored), tuple(sorted(set(heads))))


def _name_span(m: GumMention) -> tuple[int, int]:
    """A named mention without the article before it and the possessive after it ("the Smithsonian's"
    -> "Smithsonian"): GUM's mention is the noun phrase, a tagger's name is the name."""
    start, end = m.start, m.end
    if m.text.lower().startswith("the ") and m.head[0] >= start + 4:
        start += 4
    if m.text.endswith(("'s", "’s")) and m.head[1] <= end - 2:
        end -= 2
    return start, end


def head_matched(doc: NerDocument, found: set[Span3]) -> set[Span3]:
    """The lenient reading, for GUM: a predicted span lying inside a gold span of its type and covering
    that gold mention's head word counts as that gold span (the innermost, where they nest)."""
    out = set()
    for span in found:
        if span in doc.gold:
            out.add(span)
            continue
        start, end, type_ = span
        around = [g for g, (hs, he) in doc.heads
                  if g[2] == type_ and g[0] <= start and end <= g[1] and start <= hs and he <= end]
        out.add(min(around, key=lambda g: g[1] - g[0]) if around else span)
    return out


# --- scoring -------------------------------------------------------------------------------------



def comparable(doc: NerDocument, found: set[Span3]) -> set[Span3]:
    """The predicted spans scored: of the three types, no reference by pronoun or common noun ("the
    town"), without a leading "the",
    and none on a name of a type not scored unless it is also a gold span."""
    kept = set()
    for start, end, type_ in found:
        # Both corpora's names leave the article out (re3d's put it in: re3d.with_article).
        name = name_start(doc.text, start, end) if type_ in SCORED else None
        if name is None:
            continue
        start = name
        if (start, end, type_) not in doc.gold and any(s < end and start < e for s, e in doc.ignored):
            continue
        kept.add((start, end, type_))
    return kept


def score_documents(pairs: Iterable[tuple[NerDocument, set[Span3]]], by_head: bool = False) -> Score:
    """Sums the exact-span counts over (document, predicted spans) pairs; `by_head` reads each
    prediction by `head_matched` first."""
    score = Score()
    for doc, found in pairs:
        kept = comparable(doc, found)
        score.add(set(doc.gold), head_matched(doc, kept) if by_head else kept)
    return score


def as_table(score: Score) -> dict[str, dict[str, float]]:
    """P/R/F1 per scored type and micro, with the gold and predicted counts."""
    out = {t: v for t, v in score.as_dict().items() if t in SCORED or t == "micro"}
    for t in out:
        pick = (lambda c: sum(c.values())) if t == "micro" else (lambda c, t=t: c[t])
        out[t]["gold"] = pick(score.tp) + pick(score.fn)
        out[t]["predicted"] = pick(score.tp) + pick(score.fp)
    return out


def system_spans(pipeline: Pipeline, docs: Iterable[NerDocument], bare: bool = False,
                 ) -> list[tuple[NerDocument, set[Span3]]]:
    """Each document with the spans faultlines (or, `bare`, the statistical NER alone) finds in it."""
    system: Callable[[Pipeline, str], set[Span3]] = bare_ner_spans if bare else predicted_spans
    return [(doc, system(pipeline, doc.text)) for doc in docs]


def evaluate_documents(pipeline: Pipeline, docs: Iterable[NerDocument], bare: bool = False) -> dict:
    """{"exact": table} and, where the gold knows its heads (GUM), {"head": table}: see `as_table`."""
    pairs = system_spans(pipeline, docs, bare)
    out = {"exact": as_table(score_documents(pairs))}
    if any(doc.heads for doc, _ in pairs):
        out["head"] = as_table(score_documents(pairs, by_head=True))
    return out


def crossner_documents(path: Path, group: int = CROSSNER_GROUP) -> list[NerDocument]:
    return list(read_crossner(path, group))


def gum_documents(root: Path, split: str = "test") -> list[NerDocument]:
    return [gum_ner_document(read_gum(p)) for p in gum_split(root, split)]
