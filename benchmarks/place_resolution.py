"""Place recognition and resolution on the project's place reports:
`python benchmarks/place_resolution.py [--split dev|test|all] [--json PATH] [--details]`.

Prints Markdown tables for docs/benchmarks.md: recognition precision, recall and F1; accuracy
within 161 km; median error; country and admin1 accuracy; the share left without coordinates.
How each is scored: `faultlines/evaluate/places.py`. The gazetteer's size, build and load time and
memory: `python benchmarks/gazetteer_load.py`.
"""

from __future__ import annotations

from faultlines.evaluate.places import main

if __name__ == "__main__":
    main()
