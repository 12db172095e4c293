"""Entity recognition on general web English (UNER over EWT test): `python benchmarks/general_entities.py`.

Does the knowledge base cost anything outside conflict reporting? Prints faultlines beside the
shipped pipeline's statistical NER alone, exact spans, for docs/benchmarks.md. Arguments:
[UNER_FILE] (default ../shared/datasets/uner_english_ewt/en_ewt-ud-test.iob2) [--model NAME].
"""

from __future__ import annotations

import argparse
from pathlib import Path

from faultlines.evaluate.uner import evaluate_uner
from faultlines.pipeline import Pipeline

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "datasets" / "uner_english_ewt" / "en_ewt-ud-test.iob2"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("uner", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    pipeline = Pipeline.load(args.model)
    ours, bare = evaluate_uner(pipeline, args.uner), evaluate_uner(pipeline, args.uner, bare=True)
    print("| type | faultlines P | R | F1 | bare NER P | R | F1 |\n|---|---|---|---|---|---|---|")
    for t in ("Organisation", "Person", "Location", "micro"):
        r, b = ours[t], bare[t]
        print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
              f"| {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} |")


if __name__ == "__main__":
    main()
