"""Relations on Re-DocRED (Wikipedia, Wikidata properties mapped to member_of and leads):
`python benchmarks/relation_redocred.py [--split test|dev] [--limit N] [--json PATH [--details]]`.

Prints Markdown tables for docs/benchmarks.md: precision, recall and F1 per relation type and
micro-averaged, the ceilings the entity layer and sentence-level reading set on recall, and the
counts per Wikidata property. How each is scored: `faultlines/evaluate/redocred.py`. The reported
number is the test split; the dev split is for checking the mapping, not for tuning extraction.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from faultlines.evaluate.redocred import REDOCRED, SPLITS, evaluate, markdown


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=tuple(SPLITS), default="test")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the scores here")
    parser.add_argument("--details", action="store_true", help="with --json: each document's found and missed")
    parser.add_argument("--model", default=None, help="language pipeline (default: the shipped one)")
    args = parser.parse_args(argv)
    path = REDOCRED / SPLITS[args.split]
    if not path.exists():
        sys.exit(f"{path.name} is not in {REDOCRED.name}/ next to the repository: nothing to score")

    from faultlines.pipeline import Pipeline

    try:
        pipeline = Pipeline.load(args.model)
    except Exception as exc:  # noqa: BLE001 - say so in one line: nothing can be scored
        sys.exit(f"the pipeline does not load, nothing scored: {type(exc).__name__}: {exc}")
    details: list | None = [] if args.details else None
    result = evaluate(pipeline, args.split, args.limit, progress=True, details=details)
    for error in result["errors"]:
        print(f"  crashed: {error}", file=sys.stderr)
    print(markdown(result))
    if details is not None:
        result["details"] = details
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
