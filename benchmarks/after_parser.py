"""What the analysis costs beyond spaCy: `python benchmarks/after_parser.py [--documents N] [--runs 3]`.

The corpus of benchmarks/build_corpus.py (short web English), in one process: the CPU seconds of
`nlp.pipe` over the texts, then of everything after it (`Pipeline._finish`: names, linking,
coreference, events, relations, claims, causal links) over the parsed documents. Prints the best of
`--runs` for each and their ratio. CPU time, not the wall clock: two versions run side by side on
a busy machine still compare (run the other version with PYTHONPATH pointing at its checkout).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from faultlines.ingest import make_document
from faultlines.pipeline import Pipeline

CORPUS = Path(__file__).resolve().parent / "corpus" / "corpus.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as lines:
        documents = [make_document(**json.loads(line)) for line in itertools.islice(lines, args.documents)]
    pipeline = Pipeline.load()
    pipeline.analyze_many(documents[:20])  # loads what loads on first use
    parse = after = float("inf")
    for _ in range(args.runs):
        started = time.process_time()
        parsed = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=64))
        parse = min(parse, time.process_time() - started)
        started = time.process_time()
        for document, doc in zip(documents, parsed, strict=True):
            pipeline._finish(document, doc)
        after = min(after, time.process_time() - started)
    print(f"{len(documents)} documents: parse {parse:.2f} s, after the parse {after:.2f} s "
          f"({after / parse:.2f} of the parse); the parse is {parse / (parse + after):.2f} of the whole")


if __name__ == "__main__":
    main()
