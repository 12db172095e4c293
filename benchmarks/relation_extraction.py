"""Relations on re3d (type, and both arguments' spans): `python benchmarks/relation_extraction.py`.

Prints a Markdown table for docs/benchmarks.md: precision, recall and F1 per relation type
(FightingAgainst -> hostile, AlliesOf -> allied, BelongsTo -> member_of, InChargeOf -> leads,
HasAttrOf -> attribute_of, IsSynonymOf -> same_as), gold being re3d's relations with confidence
>= 0.5. Arguments: [RE3D_DIR] (default ../shared/datasets/re3d) [--model NAME] [--source NAME].
"""

from __future__ import annotations

import json

from re3d_args import re3d_arguments

from faultlines.evaluate.re3d import evaluate_relations
from faultlines.pipeline import Pipeline


def main() -> None:
    args = re3d_arguments(__doc__)
    result = evaluate_relations(Pipeline.load(args.model), args.re3d,
                                sources=args.sources)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print("| type | gold | found | precision | recall | F1 |\n|---|---|---|---|---|---|")
    for t, r in result.items():
        print(f"| {t} | {r['gold']} | {r['found']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")


if __name__ == "__main__":
    main()
