"""Entity recognition on news-like text never trained on (CrossNER politics, GUM): `python benchmarks/news_entities.py`.

Prints Markdown tables for docs/benchmarks.md: faultlines beside the shipped pipeline's statistical
NER alone, Person / Organisation / Location, exact spans (and, for GUM, by head word: see
faultlines/evaluate/news_entities.py). Arguments: [--crossner FILE] (default
../shared/datasets/crossner-politics/test.txt) [--gum DIR] (default ../shared/datasets/gum-open-subset,
official test documents) [--group N] (CrossNER sentences per document, default 10) [--model NAME] [--json].
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from faultlines.evaluate.news_entities import (
    CROSSNER_GROUP,
    SCORED,
    crossner_documents,
    evaluate_documents,
    gum_documents,
)
from faultlines.pipeline import Pipeline

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def table(title: str, ours: dict, bare: dict) -> str:
    lines = [f"**{title}**", "", "| type | gold | faultlines P | R | F1 | bare NER P | R | F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for t in (*SCORED, "micro"):
        r, b = ours[t], bare[t]
        lines.append(f"| {t} | {r['gold']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
                     f"| {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crossner", type=Path, default=DATASETS / "crossner-politics" / "test.txt")
    parser.add_argument("--gum", type=Path, default=DATASETS / "gum-open-subset")
    parser.add_argument("--group", type=int, default=CROSSNER_GROUP)
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pipeline = Pipeline.load(args.model)
    results = {}
    for name, docs in (("crossner", crossner_documents(args.crossner, args.group)), ("gum", gum_documents(args.gum))):
        results[name] = {"documents": len(docs), "faultlines": evaluate_documents(pipeline, docs),
                         "bare_ner": evaluate_documents(pipeline, docs, bare=True)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    crossner, gum = results["crossner"], results["gum"]
    print(table(f"CrossNER politics, test ({crossner['documents']} documents of {args.group} sentences), exact span",
                crossner["faultlines"]["exact"], crossner["bare_ner"]["exact"]))
    print()
    print(table(f"GUM, official test documents ({gum['documents']}), named mentions, exact span",
                gum["faultlines"]["exact"], gum["bare_ner"]["exact"]))
    print()
    print(table("GUM, the same, by head word", gum["faultlines"]["head"], gum["bare_ner"]["head"]))


if __name__ == "__main__":
    main()
