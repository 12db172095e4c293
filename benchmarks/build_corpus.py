"""Build the corpus the ingest benchmark reads: `python benchmarks/build_corpus.py [--out DIR] [--sentences N]`.

Writes DIR/corpus.jsonl (default benchmarks/corpus/): at least 5,000 documents made from the texts
in ../shared/datasets (every EWT document cut into pieces of a few sentences, each re3d document
whole) and the bundled examples, one JSON object per line with `text`, `title` and `published`.
The texts are CC BY-SA (EWT) and the re3d sources' licences: the file stays out of the repository.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"
SENTENCES_PER_DOCUMENT = 3


def ewt_documents(conllu: Path, per_document: int = SENTENCES_PER_DOCUMENT):
    """(doc id, text) for pieces of SENTENCES_PER_DOCUMENT sentences of each EWT document."""
    doc_id, sentences = None, []
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id = "):
            yield from _pieces(doc_id, sentences, per_document)
            doc_id, sentences = line.split("= ", 1)[1], []
        elif line.startswith("# text = "):
            sentences.append(line.split("= ", 1)[1])
    yield from _pieces(doc_id, sentences, per_document)


def _pieces(doc_id, sentences, per_document):
    for k in range(0, len(sentences), per_document):
        text = " ".join(sentences[k:k + per_document])
        if doc_id and len(text.split()) >= 5:
            yield f"{doc_id}#{k // per_document}", text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "corpus")
    parser.add_argument("--sentences", type=int, default=SENTENCES_PER_DOCUMENT,
                        help="sentences per EWT piece: 3 gives 5,863 documents, 1 gives over 10,000")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    records = []
    for split in ("train", "dev", "test"):
        for doc_id, text in ewt_documents(DATASETS / "ud_english_ewt" / f"en_ewt-ud-{split}.conllu", args.sentences):
            records.append({"text": text, "title": f"EWT {doc_id}", "published": "2020-01-01"})
    for folder in sorted(p for p in (DATASETS / "re3d").iterdir() if p.is_dir()):
        for line in (folder / "documents.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                records.append({"text": d["text"], "title": f"re3d {folder.name} {d['_id']}",
                                "published": "2017-01-01"})
    from faultlines.ingest import read_documents

    for path in sorted((REPO / "examples").iterdir()):
        if path.name != "README.md":
            records += [{"text": d.text, "title": d.title, "published": d.published} for d in read_documents(path)]
    with (args.out / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    words = sum(len(r["text"].split()) for r in records)
    print(f"{args.out / 'corpus.jsonl'}: {len(records)} documents, {words} words")


if __name__ == "__main__":
    main()
