"""Build the training corpora of the shipped pipeline from ../shared/datasets, as spaCy DocBins.

    python training/prepare.py [--datasets ../shared/datasets] [--out training/corpus]

- UD English EWT: words, spaces, XPOS tags, UPOS, morphology, lemmas, dependency trees, sentences.
- Universal NER (same sentences, joined on sent_id and word index): PER -> PERSON, ORG -> ORG,
  LOC -> GPE when our gazetteer knows it as a country, division or town, else LOC; OTH (train
  only) -> NORP.
- Silver labels where the data lacks a type: DATE, CARDINAL, MONEY, QUANTITY from rules.
- re3d (confidence >= 0.5, longest span where spans nest): Organisation -> ORG, Person -> PERSON,
  Location -> GPE/LOC as above, Nationality -> NORP, Temporal -> DATE, Quantity -> QUANTITY or
  CARDINAL, Money -> MONEY, Weapon -> WEAPON, MilitaryPlatform -> MILITARY_PLATFORM, Vehicle ->
  VEHICLE. re3d documents carry no trees: the tagger and parser see them as unannotated.
  One source (DEV_SOURCE) is held out of training as the NER dev set.

Everything written is derived from CC BY-SA data and stays CC BY-SA 4.0.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from faultlines.kb import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
DEV_SOURCE = "Wikipedia"
RE3D_TYPES = {
    "Organisation": "ORG", "Person": "PERSON", "Nationality": "NORP", "Temporal": "DATE",
    "Money": "MONEY", "Weapon": "WEAPON", "MilitaryPlatform": "MILITARY_PLATFORM",
    "Vehicle": "VEHICLE",
}
UNER_TYPES = {"PER": "PERSON", "ORG": "ORG", "OTH": "NORP"}
PLACE_LEVELS = {"country", "admin1", "admin2", "city"}

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                 "forty|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens")
SILVER = [
    ("DATE", re.compile(rf"\b(?:(?:\d{{1,2}} )?(?:{_MONTHS})\.?(?: \d{{1,2}}(?:st|nd|rd|th)?)?,? (?:19|20)\d\d"
                        rf"|(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?|(?:19|20)\d\d|"
                        rf"(?:last|next|this) (?:year|month|week)|yesterday|today|tomorrow)\b")),
    ("MONEY", re.compile(r"(?:[$£€]\s?\d[\d,.]*(?: (?:million|billion))?|\b\d[\d,.]* (?:dollars|euros|pounds)\b)")),
    ("QUANTITY", re.compile(r"\b\d[\d,.]* ?(?:km|kilometres|kilometers|miles|kg|tonnes|tons|metres|meters|feet)\b")),
    ("CARDINAL", re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\b", re.I)),
]


def read_conllu(path: Path) -> Iterator[tuple[str, str | None, list[list[str]]]]:
    """(sent_id, newdoc id or None, word rows) for each sentence; multiword ranges skipped."""
    sent_id, newdoc, rows = "", None, []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sent_id = line.split("= ", 1)[1]
            elif line.startswith("# newdoc id = "):
                newdoc = line.split("= ", 1)[1]
            elif not line:
                if rows:
                    yield sent_id, newdoc, rows
                sent_id, newdoc, rows = "", None, []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    rows.append(cols)
    if rows:
        yield sent_id, newdoc, rows


def read_uner(path: Path) -> dict[str, list[str]]:
    """sent_id -> one IOB2 tag per word (stray B-O read as O)."""
    tags: dict[str, list[str]] = {}
    sent_id = ""
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sent_id = line.split("= ", 1)[1]
                tags[sent_id] = []
            elif line and not line.startswith("#"):
                tag = line.split("\t")[2]
                tags[sent_id].append("O" if tag.endswith("-O") else tag)
    return tags


class Labeller:
    """Place names become GPE when the gazetteer knows them as political units, else LOC."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def place_label(self, text: str) -> str:
        for name in self.kb.candidates(text):
            place = self.kb.place(name.entity_id) if name.is_place else None
            if place and place.admin_level in PLACE_LEVELS:
                return "GPE"
        return "LOC"


def ewt_docs(vocab, conllu: Path, uner: dict[str, list[str]], labeller: Labeller) -> Iterator[Doc]:
    """One Doc per EWT document (its sentences in order), with trees and entities."""
    batch: list[tuple[str, list[list[str]]]] = []
    for sent_id, newdoc, rows in read_conllu(conllu):
        if newdoc and batch:
            yield _ewt_doc(vocab, batch, uner, labeller)
            batch = []
        batch.append((sent_id, rows))
    if batch:
        yield _ewt_doc(vocab, batch, uner, labeller)


def gum_docs(vocab, folder: Path, split: str) -> Iterator[Doc]:
    """GUM's openly licensed documents of one split (splits.md), with their trees and no entities:
    news, interviews, biographies and court text the parser and tagger lack in EWT's web English.
    The NER sees them as unannotated (GUM's entity layer is mapped in issue 16's work)."""
    lists = _gum_splits(folder / "splits.md")
    for path in sorted((folder / "dep").glob("GUM_*.conllu")):
        if path.stem in lists.get(split, set()):
            yield _ewt_doc(vocab, [(sent_id, rows) for sent_id, _, rows in read_conllu(path)], {}, None)


def _gum_splits(path: Path) -> dict[str, set[str]]:
    lists: dict[str, set[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            lists[current] = set()
        elif current and line.strip().startswith("* "):
            lists[current].add(line.strip()[2:].strip())
    return lists


def _ewt_doc(vocab, sentences, uner, labeller) -> Doc:
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts, iob = ([] for _ in range(10))
    for sent_id, rows in sentences:
        offset = len(words)
        sentence_tags = uner.get(sent_id, ["O"] * len(rows))
        for k, cols in enumerate(rows):
            words.append(cols[1])
            spaces.append("SpaceAfter=No" not in cols[9])
            lemmas.append(cols[2])
            pos.append(cols[3])
            tags.append(cols[4])
            morphs.append("" if cols[5] == "_" else cols[5])
            head = int(cols[6])
            heads.append(offset + head - 1 if head else offset + k)
            deps.append("ROOT" if cols[7] == "root" else cols[7])
            starts.append(k == 0)
            iob.append(sentence_tags[k] if k < len(sentence_tags) else "O")
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs, lemmas=lemmas,
              heads=heads, deps=deps, sent_starts=starts)
    if labeller is not None:  # without one, the entities stay unannotated (missing, not "O")
        doc.ents = _with_silver(doc, _iob_spans(doc, iob, labeller))
    return doc


def _iob_spans(doc: Doc, iob: list[str], labeller: Labeller) -> list[Span]:
    spans, start, label = [], None, None
    for i, tag in enumerate([*iob, "O"]):
        if start is not None and not tag.startswith("I-"):
            text = doc[start:i].text
            spans.append(Span(doc, start, i, label=labeller.place_label(text) if label == "LOC"
                              else UNER_TYPES[label]))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def _with_silver(doc: Doc, gold: list[Span]) -> list[Span]:
    """Gold entities, plus rule-made ones for types the data lacks, where they do not overlap."""
    silver = []
    for label, pattern in SILVER:
        for m in pattern.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="contract")
            if span is not None and len(span):
                silver.append(span)
    taken = {i for s in gold for i in range(s.start, s.end)}
    silver = [s for s in filter_spans(silver) if not taken & set(range(s.start, s.end))]
    return filter_spans([*gold, *silver])


def re3d_docs(nlp, root: Path, labeller: Labeller) -> Iterator[tuple[str, Doc]]:
    """(source, Doc) for each re3d document, with its confident entities."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        docs = [json.loads(x) for x in (folder / "documents.json").open(encoding="utf-8") if x.strip()]
        ents = [json.loads(x) for x in (folder / "entities.json").open(encoding="utf-8") if x.strip()]
        for d in docs:
            doc = nlp.make_doc(d["text"])
            spans = []
            for e in ents:
                if e["documentId"] != d["_id"] or e["confidence"] < 0.5:
                    continue
                label = _re3d_label(e, labeller)
                span = label and doc.char_span(e["begin"], e["end"], label=label, alignment_mode="expand")
                if span is not None and label:
                    spans.append(span)
            doc.ents = _with_silver(doc, _longest(spans))
            yield folder.name, doc


def _re3d_label(entity: dict, labeller: Labeller) -> str | None:
    if entity["type"] == "Location":
        return labeller.place_label(entity["value"])
    if entity["type"] == "Quantity":
        return "CARDINAL" if re.fullmatch(r"[\d,.\s]+|\w+", entity["value"]) else "QUANTITY"
    return RE3D_TYPES.get(entity["type"])


def _longest(spans: list[Span]) -> list[Span]:
    return filter_spans(spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=REPO / "training" / "corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    labeller = Labeller(KnowledgeBase.load())
    ud, uner_dir = args.datasets / "ud_english_ewt", args.datasets / "uner_english_ewt"
    re3d = list(re3d_docs(nlp, args.datasets / "re3d", labeller))
    for split in ("train", "dev", "test"):
        uner = read_uner(uner_dir / f"en_ewt-ud-{split}.iob2")
        if split != "train":  # released dev/test files have no OTH; keep labels comparable
            uner = {k: [("O" if t.endswith("OTH") else t) for t in v] for k, v in uner.items()}
        docs = list(ewt_docs(nlp.vocab, ud / f"en_ewt-ud-{split}.conllu", uner, labeller))
        DocBin(docs=docs, store_user_data=False).to_disk(args.out / f"ewt-{split}.spacy")
        print(f"ewt-{split}: {len(docs)} documents, {sum(len(d) for d in docs)} words")
    gum = args.datasets / "gum-open-subset"
    if gum.exists():
        for split in ("train", "dev"):
            docs = list(gum_docs(nlp.vocab, gum, split))
            DocBin(docs=docs, store_user_data=False).to_disk(args.out / f"gum-{split}.spacy")
            print(f"gum-{split}: {len(docs)} documents, {sum(len(d) for d in docs)} words")
    train = [d for source, d in re3d if source != DEV_SOURCE]
    dev = [d for source, d in re3d if source == DEV_SOURCE]
    DocBin(docs=train).to_disk(args.out / "re3d-train.spacy")
    DocBin(docs=dev).to_disk(args.out / "re3d-dev.spacy")
    print(f"re3d: {len(train)} training documents, {len(dev)} dev documents ({DEV_SOURCE})")


if __name__ == "__main__":
    main()
