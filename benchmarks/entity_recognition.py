"""Entity recognition on re3d (exact span and type, micro F1): `python benchmarks/entity_recognition.py`.

Prints a Markdown table for docs/benchmarks.md. Gold: re3d annotations with confidence >= 0.5.
Arguments: [RE3D_DIR] (default ../shared/datasets/re3d) [--model NAME] [--source NAME]. Beside
faultlines (registry, gazetteer, linking) it scores the language pipeline's statistical NER alone.
"""

from __future__ import annotations

import json

from re3d_args import re3d_arguments

from faultlines.evaluate.re3d import TYPES, evaluate
from faultlines.pipeline import Pipeline


def main() -> None:
    args = re3d_arguments(__doc__)
    pipeline = Pipeline.load(args.model)
    sources = args.sources
    result = evaluate(pipeline, args.re3d, sources=sources)
    bare = evaluate(pipeline, args.re3d, bare=True, sources=sources)
    if args.json:
        print(json.dumps({"faultlines": result, "bare_ner": bare}, indent=2))
        return
    print("| type | faultlines P | R | F1 | bare NER P | R | F1 |\n|---|---|---|---|---|---|---|")
    for t in (*TYPES, "micro"):
        r, b = result["overall"][t], bare["overall"][t]
        print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
              f"| {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} |")
    print("\n| source | precision | recall | F1 |\n|---|---|---|---|")
    for source, r in result["by_source"].items():
        print(f"| {source} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")


if __name__ == "__main__":
    main()
