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

News-like NER data (issue 16), each in its own file so that training/train.py can add it behind
a flag and runs can be compared. Labels with no counterpart here are *missing* (spaCy's "-": the
NER is neither rewarded nor penalised there) when they may hold names we label, else O:
- GUM open subset, training documents only (gum-ner-train.spacy: the trees of gum-train.spacy
  plus the entity layer): named mentions (head word a proper noun, as
  faultlines/evaluate/news_entities.py reads them), cut to the name around the head ("NASA
  Administrator Charles Bolden" -> "Charles Bolden"); person -> PERSON (plural "Americans" and
  the like: missing, they are NORP here), organization -> ORG, place -> GPE/LOC, named time ->
  DATE; named mentions of other types and proper nouns or capitalised adjectives outside a
  labelled name: missing; every other word O (GUM brackets all mentions, so the rest has no name).
- CrossNER politics, train.txt only: politician, person -> PERSON; politicalparty, organisation
  -> ORG; country -> GPE; location -> GPE/LOC; election, event, misc -> missing (they nest
  countries, dates and nationalities we label: "2012 United States presidential election").
- Broad Twitter Corpus, section G (news accounts; upstream puts all of G in training): PER ->
  PERSON, ORG -> ORG, LOC -> GPE/LOC.
- Re-DocRED dev_revised.json only (test_revised.json is the relation evaluation set), a fixed
  sample of REDOCRED_DOCS documents: PER -> PERSON, ORG -> ORG, LOC -> GPE/LOC (a nationality
  adjective under LOC, "German", is missing), TIME -> DATE, NUM and MISC -> missing.
Silver DATE/CARDINAL/MONEY/QUANTITY are added to all four where no gold or missing label lies.
With --lenient-nominals (run C of issue 16) the four are also written as *-lenient.spacy, where
two more kinds of word are missing instead of O, since re3d, the NER's domain, labels them: the
words of GUM's nominal and pronominal person and organization mentions ("the regime", "they";
re3d: "the Syrian opposition"), and a "the" directly before a gold name (re3d: "the United
Nations", where the four sources leave "the" out).

Everything written is derived from CC BY-SA data and stays CC BY-SA 4.0; the files from the MIT
datasets (CrossNER, Re-DocRED) keep their notices: NOTICE.md is written beside the corpora.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
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
GUM_TYPES = {"person": "PERSON", "organization": "ORG", "time": "DATE"}  # place: by the gazetteer
CROSSNER_TYPES = {"politician": "PERSON", "person": "PERSON", "politicalparty": "ORG",
                  "organisation": "ORG", "country": "GPE"}  # location: by the gazetteer
CROSSNER_MISSING = {"election", "event", "misc"}
BTC_TYPES = {"PER": "PERSON", "ORG": "ORG"}  # LOC: by the gazetteer
REDOCRED_TYPES = {"PER": "PERSON", "ORG": "ORG", "TIME": "DATE"}  # LOC: gazetteer; NUM, MISC: missing
REDOCRED_DOCS = 200  # of 500: about 41k words, so that Wikipedia does not outweigh re3d (x8: 72k)
# Words that may join a name's proper nouns inside a GUM mention ("Bank of England").
NAME_JOINERS = {"of", "the", "and", "&", "for", "de", "-"}
# Names whose leading "the" is missing with --lenient-nominals (re3d may put it inside the name).
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
LENIENT_SUFFIX = "-lenient"
# A nationality adjective ("German", "Iraqi", "British"): NORP here, LOC in Re-DocRED.
NATIONALITY = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|i|ic)")

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


def _with_silver(doc: Doc, gold: list[Span], missing: frozenset[int] = frozenset()) -> list[Span]:
    """Gold entities, plus rule-made ones for types the data lacks, where they do not overlap (nor
    touch a word whose label is missing)."""
    silver = []
    for label, pattern in SILVER:
        for m in pattern.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="contract")
            if span is not None and len(span):
                silver.append(span)
    taken = {i for s in gold for i in range(s.start, s.end)} | missing
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


# --- news-like NER data (issue 16) ---------------------------------------------------------------


def set_entities(doc: Doc, labelled: list[tuple[int, int, str]], missing: set[int],
                 lenient: bool = False) -> Counter:
    """Sets gold spans (word offsets; the longest where they overlap), the missing words (those not
    in a gold span) and silver labels; every other word is O. Returns the count of each label.
    `lenient`: a "the" just before a gold name is missing too (re3d may count it in the name)."""
    gold = filter_spans([Span(doc, start, end, label=label) for start, end, label in labelled])
    if lenient:
        missing = missing | {span.start - 1 for span in gold if span.label_ in NAME_LABELS
                             and span.start > 0 and doc[span.start - 1].lower_ == "the"}
    missing = missing - {i for span in gold for i in range(span.start, span.end)}
    ents = _with_silver(doc, gold, frozenset(missing))
    doc.set_ents(ents, missing=[doc[i:i + 1] for i in sorted(missing)], default="outside")
    return Counter(span.label_ for span in ents)


def gum_ner_docs(vocab, folder: Path, labeller: Labeller, counts: Counter,
                 lenient: bool = False) -> Iterator[Doc]:
    """GUM's training documents with their trees (as gum_docs) and their named mentions as entities.
    The dev and test documents are never read here: the test ones are news_entities' evaluation."""
    training = _gum_splits(folder / "splits.md")["train"]
    for path in sorted((folder / "dep").glob("GUM_*.conllu")):
        if path.stem not in training:
            continue
        sentences = [(sent_id, rows) for sent_id, _, rows in read_conllu(path)]
        doc = _ewt_doc(vocab, sentences, {}, None)
        words = [cols for _, rows in sentences for cols in rows]
        labelled, missing = _gum_names(doc, words, labeller, lenient)
        counts.update(set_entities(doc, labelled, missing, lenient))
        yield doc


def _gum_names(doc: Doc, words: list[list[str]], labeller: Labeller,
               lenient: bool = False) -> tuple[list, set[int]]:
    """(start, end, label) of the named person, organization, place and time mentions, and the
    missing words: names of other types, and proper nouns or capitalised adjectives no label covers;
    `lenient`: also the words of nominal and pronominal person and organization mentions."""
    labelled, missing, opened = [], set(), {}
    for i, cols in enumerate(words):
        value = next((f[len("Entity="):] for f in cols[9].split("|") if f.startswith("Entity=")), "")
        for bracket in re.finditer(r"\(([^()]+)(\)?)|(\d+)\)", value):
            if bracket.group(1):  # an opening, or a one-word mention "(id-type-...)"
                chain, kind = bracket.group(1).split("-")[:2]
                if not bracket.group(2):
                    opened.setdefault(chain, []).append((i, kind))
                    continue
                first = i
            else:
                first, kind = opened[bracket.group(3)].pop()
            head = _mention_head(doc, first, i + 1)
            if words[head][3] != "PROPN":  # nominal or pronominal: no name, its words stay O
                if lenient and kind in ("person", "organization"):  # unless re3d's "the regime" counts
                    missing.update(range(first, i + 1))  # set_entities keeps names nested in it
                continue
            if kind == "time":
                start = first + (doc[first].pos_ == "DET")
                labelled.append((start, i + 1, "DATE"))
                continue
            start, end = _name_around(doc, head, first, i + 1)
            if kind == "person" and words[head][4] == "NNPS":  # "Americans": a group, NORP here
                missing.update(range(start, end))
            elif kind == "place":
                labelled.append((start, end, labeller.place_label(doc[start:end].text)))
            elif kind in GUM_TYPES:
                labelled.append((start, end, GUM_TYPES[kind]))
            else:  # a named event, object, substance...: may hold names of types we label
                missing.update(range(start, end))
    for token in doc:
        if token.pos_ == "PROPN" or (token.pos_ == "ADJ" and token.text[:1].isupper()):
            missing.add(token.i)  # set_entities keeps only those outside a labelled name
    return labelled, missing


def _mention_head(doc: Doc, start: int, end: int) -> int:
    """The first word whose syntactic head lies outside the mention (or is the root): the same
    head, hence the same named/nominal reading, as faultlines/evaluate/news_entities.py."""
    for token in doc[start:end]:
        if token.head.i == token.i or not start <= token.head.i < end:
            return token.i
    return start


def _name_around(doc: Doc, head: int, first: int, end: int) -> tuple[int, int]:
    """The run of proper nouns around a mention's head, within the mention, with the joining words
    between two of them ("Department of the Treasury"): the name, without titles and appositions."""
    start, stop = head, head + 1
    while start > first and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while stop < end:
        after = stop
        while after < end and doc[after].lower_ in NAME_JOINERS:
            after += 1
        if after < end and doc[after].pos_ == "PROPN":
            stop = after + 1
        else:
            break
    return start, stop


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each B-/I- run of one sentence's BIO tags."""
    spans, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            spans.append((start, i, kind))
            start = None
        if tag[:2] in ("B-", "I-") and start is None:
            start, kind = i, tag[2:]
    return spans


def _read_bio(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Each sentence of a token<TAB>tag file, blank lines between sentences."""
    rows: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word, tag = line.split("\t")[:2]
            rows.append((word, tag.strip()))
        elif rows:
            yield rows
            rows = []
    if rows:
        yield rows


def bio_docs(vocab, path: Path, labeller: Labeller, types: dict[str, str], missing_types: set[str],
             counts: Counter, lenient: bool = False) -> Iterator[Doc]:
    """One Doc per sentence (or tweet) of a BIO file; the words are joined by single spaces, as the
    file keeps no spacing. A "location" or "LOC" goes to GPE/LOC by the gazetteer."""
    for rows in _read_bio(path):
        doc = Doc(vocab, words=[w for w, _ in rows])
        labelled, missing = [], set()
        for start, end, kind in _bio_spans([t for _, t in rows]):
            if kind in types:
                labelled.append((start, end, types[kind]))
            elif kind in ("location", "LOC"):
                labelled.append((start, end, labeller.place_label(doc[start:end].text)))
            elif kind in missing_types:
                missing.update(range(start, end))
        counts.update(set_entities(doc, labelled, missing, lenient))
        yield doc


def redocred_docs(vocab, path: Path, labeller: Labeller, sample: int, counts: Counter,
                  lenient: bool = False) -> Iterator[Doc]:
    """A fixed sample of Re-DocRED dev documents (seed 0), with every entity mention."""
    documents = json.loads(path.read_text(encoding="utf-8"))
    chosen = sorted(random.Random(0).sample(range(len(documents)), min(sample, len(documents))))
    for k in chosen:
        d = documents[k]
        offsets = [sum(len(s) for s in d["sents"][:n]) for n in range(len(d["sents"]))]
        doc = Doc(vocab, words=[w for sentence in d["sents"] for w in sentence])
        labelled, missing = [], set()
        for entity in d["vertexSet"]:
            for m in entity:
                start, end = offsets[m["sent_id"]] + m["pos"][0], offsets[m["sent_id"]] + m["pos"][1]
                label = _redocred_label(m, doc[start:end].text, labeller)
                if label:
                    labelled.append((start, end, label))
                else:
                    missing.update(range(start, end))
        counts.update(set_entities(doc, labelled, missing, lenient))
        yield doc


def _redocred_label(mention: dict, text: str, labeller: Labeller) -> str | None:
    """Our label for a Re-DocRED mention, None where it is missing."""
    if mention["type"] == "LOC":
        label = labeller.place_label(text)
        return None if label == "LOC" and NATIONALITY.fullmatch(text) else label
    return REDOCRED_TYPES.get(mention["type"])


def write_notice(datasets: Path, out: Path) -> None:
    """The MIT datasets' licences go with the files converted from them."""
    parts = ["Files derived from MIT-licensed datasets (crossner-train.spacy from CrossNER,",
             "redocred-train.spacy from Re-DocRED) keep their notices; their texts are from English",
             "Wikipedia (CC BY-SA). The other data's credits: training/MODEL_LICENSE.md.", ""]
    for name, folder in (("CrossNER", "crossner-politics"), ("Re-DocRED", "re-docred")):
        licence = datasets / folder / "LICENSE"
        if licence.exists():
            parts += [f"## {name}", "", licence.read_text(encoding="utf-8").strip(), ""]
    (out / "NOTICE.md").write_text("\n".join(parts), encoding="utf-8")


def _save(docs: list[Doc], path: Path, counts: Counter) -> None:
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    labels = ", ".join(f"{k} {v}" for k, v in counts.most_common())
    print(f"{path.stem}: {len(docs)} documents, {sum(len(d) for d in docs)} words; entities: {labels}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=REPO / "training" / "corpus")
    parser.add_argument("--redocred-docs", type=int, default=REDOCRED_DOCS,
                        help="how many Re-DocRED dev documents to sample (fixed seed)")
    parser.add_argument("--lenient-nominals", action="store_true",
                        help="also write the news-like files as *-lenient.spacy: GUM's nominal person and "
                             "organization mentions and a \"the\" before a name missing instead of O")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    labeller = Labeller(KnowledgeBase.load())
    variants = [(False, "")] + [(True, LENIENT_SUFFIX)] * args.lenient_nominals
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
        for lenient, suffix in variants:
            counts = Counter()
            _save(list(gum_ner_docs(nlp.vocab, gum, labeller, counts, lenient)),
                  args.out / f"gum-ner-train{suffix}.spacy", counts)
    crossner = args.datasets / "crossner-politics" / "train.txt"
    if crossner.exists():  # dev.txt is for tuning, test.txt is news_entities' evaluation
        for lenient, suffix in variants:
            counts = Counter()
            docs = list(bio_docs(nlp.vocab, crossner, labeller, CROSSNER_TYPES, CROSSNER_MISSING, counts, lenient))
            _save(docs, args.out / f"crossner-train{suffix}.spacy", counts)
    btc = args.datasets / "broad-twitter-corpus" / "sections" / "g.conll"
    if btc.exists():
        for lenient, suffix in variants:
            counts = Counter()
            _save(list(bio_docs(nlp.vocab, btc, labeller, BTC_TYPES, set(), counts, lenient)),
                  args.out / f"btc-train{suffix}.spacy", counts)
    redocred = args.datasets / "re-docred" / "dev_revised.json"
    if redocred.exists():  # never test_revised.json: the relation benchmark's set
        for lenient, suffix in variants:
            counts = Counter()
            docs = list(redocred_docs(nlp.vocab, redocred, labeller, args.redocred_docs, counts, lenient))
            _save(docs, args.out / f"redocred-train{suffix}.spacy", counts)
    write_notice(args.datasets, args.out)
    train = [d for source, d in re3d if source != DEV_SOURCE]
    dev = [d for source, d in re3d if source == DEV_SOURCE]
    DocBin(docs=train).to_disk(args.out / "re3d-train.spacy")
    DocBin(docs=dev).to_disk(args.out / "re3d-dev.spacy")
    print(f"re3d: {len(train)} training documents, {len(dev)} dev documents ({DEV_SOURCE})")


if __name__ == "__main__":
    main()
