"""Scores and speed of a language pipeline: `python benchmarks/language_pipeline.py [--model PATH]`.

- parser and tagger: UAS, LAS, XPOS/UPOS/morphology/lemma accuracy on the UD EWT test split;
- NER: precision/recall/F1 per type on the re3d dev source (Wikipedia, never trained on) for
  Organisation, Person and Location (our GPE and LOC together), and on the UNER EWT test split
  (PER, ORG, LOC);
- speed: words per second on one core, whole pipeline, beside spaCy's blank English tokenizer
  (the upper bound) over the same texts, in the same run.
Needs `python training/prepare.py` first (it writes the evaluation corpora).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the speed goal is stated

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.scorer import Scorer  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "training" / "corpus"
SHIPPED = REPO / "faultlines" / "models" / "en_faultlines"
GROUPS = {"ORG": "Organisation", "PERSON": "Person", "GPE": "Location", "LOC": "Location"}


def examples(nlp, name: str) -> list[Example]:
    gold = list(DocBin().from_disk(CORPUS / f"{name}.spacy").get_docs(nlp.vocab))
    predicted = list(nlp.pipe([d.text for d in gold]))
    return [Example(p, g) for p, g in zip(predicted, gold, strict=True)]


def grouped_ner(exs: list[Example]) -> dict[str, dict[str, float]]:
    """Exact-span F1 with GPE and LOC counted as one Location type."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for ex in exs:
        gold = {(e.start_char, e.end_char, GROUPS[e.label_]) for e in ex.reference.ents if e.label_ in GROUPS}
        pred = {(e.start_char, e.end_char, GROUPS[e.label_]) for e in ex.predicted.ents if e.label_ in GROUPS}
        for s in gold & pred:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    out = {}
    for t in ("Organisation", "Person", "Location", None):
        a, b, c = (sum(x.values()) for x in (tp, fp, fn)) if t is None else (tp[t], fp[t], fn[t])
        p, r = (a / (a + b) if a + b else 0.0), (a / (a + c) if a + c else 0.0)
        out[t or "micro"] = {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}
    return out


def words_per_second(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return words / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(SHIPPED))
    parser.add_argument("--baseline", default=None, help="another pipeline to time side by side")
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    ewt = examples(nlp, "ewt-test")
    scores = Scorer(nlp).score(ewt)
    result = {key: round(scores[key], 4) for key in
              ("tag_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f")}
    result["ner_re3d_dev"] = grouped_ner(examples(nlp, "re3d-dev"))
    result["ner_uner_test"] = grouped_ner(ewt)
    texts = [ex.reference.text for ex in ewt]
    speed = {"blank tokenizer": words_per_second(spacy.blank("en"), texts),
             "pipeline": words_per_second(nlp, texts)}
    if args.baseline:
        speed["baseline"] = words_per_second(spacy.load(args.baseline), texts)
    result["words_per_second_one_core"] = {k: round(v) for k, v in speed.items()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
