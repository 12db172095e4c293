"""Event extraction on PLOVER's gold records, PETRARCH's unit tests and the project's event reports:
`python benchmarks/event_extraction.py [--dataset plover|petrarch|reports|all] [--limit N] [--json PATH]`.

Prints Markdown tables for docs/benchmarks.md: per PLOVER type, sentence-level precision, recall
and F1 with source and target accuracy (PLOVER GSR, PETRARCH); detection recall, precision and
per-field accuracy (event reports). How each is scored: `faultlines/evaluate/events.py`.
"""

from __future__ import annotations

from faultlines.evaluate.events import main

if __name__ == "__main__":
    main()
