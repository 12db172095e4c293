"""Time to analyse one document against its length (issue 17): 10 KB to 1 MB of conflict reports
(the project's own place and event reports, joined until long enough), one core.

    python benchmarks/length_scaling.py [--sizes 10000,100000,1000000] [--json PATH]

Time proportional to length shows as a steady characters-per-second figure down the table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import yaml

from faultlines.ingest import make_document
from faultlines.pipeline import Pipeline

REPORTS = Path(__file__).resolve().parent.parent / "tests" / "evaluate"


def report_text(size: int) -> str:
    """The reports joined by blank lines, repeated until `size` characters, cut at a paragraph."""
    texts = [d["text"] for folder, key in (("place_reports", "documents"), ("event_reports", "reports"))
             for path in sorted((REPORTS / folder).glob("*.yaml"))
             for d in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key, [])]
    text = ""
    while len(text) < size:
        text += "\n\n".join(texts) + "\n\n"
    return text[:text.rfind("\n\n", 0, size) or size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000,300000,1000000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pipeline = Pipeline.load()
    pipeline.analyze(make_document(report_text(5000)))  # warm: first-use caches and the gazetteer
    rows = []
    print("| characters | seconds | characters per second | entities | events |")
    print("|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        document = make_document(report_text(size))
        start = time.perf_counter()
        analysis = pipeline.analyze(document)
        seconds = time.perf_counter() - start
        rows.append({"characters": len(document.text), "seconds": round(seconds, 2),
                     "characters_per_second": round(len(document.text) / seconds)})
        print(f"| {len(document.text):,} | {seconds:.1f} | {len(document.text) / seconds:,.0f} | "
              f"{len(analysis.entities)} | {len(analysis.events)} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
