"""Coreference on GUM's official test documents: `python benchmarks/coreference.py`.

Do pronouns and nominal mentions ("he", "the agency") reach the entity their chain names? Prints
Markdown tables for docs/benchmarks.md: link accuracy by form and by type, then B3 and MUC over the
mentions faultlines produced (rules: faultlines/evaluate/coreference.py). Arguments: [GUM_DIR]
(default ../shared/datasets/gum-open-subset) [--model NAME] [--details] [--json].
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from faultlines.evaluate.coreference import evaluate_coreference
from faultlines.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "gum-open-subset"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gum", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--model", default=None)
    parser.add_argument("--details", action="store_true", help="also list every referring mention faultlines linked")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    details: list[dict] = []
    result = evaluate_coreference(Pipeline.load(args.model), args.gum, details=details)
    if args.json:
        print(json.dumps({**result, **({"details": details} if args.details else {})}, indent=2))
        return
    print(f"**Link accuracy, GUM test ({result['documents']} documents)**\n")
    print("| referring mentions | gold | attempted | correct | precision | recall |\n|---|---|---|---|---|---|")
    for key, r in result["links"].items():
        print(f"| {key} | {r['gold']} | {r['attempted']} | {r['correct']} | {r['precision']:.3f} | {r['recall']:.3f} |")
    m = result["mentions"]
    print(f"\n**Clusters over the {m['matched']} gold mentions faultlines produced** "
          f"(of {m['gold']} gold mentions; {m['faultlines']} faultlines mentions)\n")
    print("| measure | precision | recall | F1 |\n|---|---|---|---|")
    for key in ("b3", "muc"):
        r = result[key]
        print(f"| {key.upper()} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
    if args.details:
        print("\n| document | mention | form | type | entities | correct |\n|---|---|---|---|---|---|")
        for d in details:
            print(f"| {d['document']} | {d['mention']} | {d['form']} | {d['type']} | {', '.join(d['entities'])} "
                  f"| {'yes' if d['correct'] else 'no'} |")


if __name__ == "__main__":
    main()
