"""Quality gate: place recognition and resolution on the project's place reports must not fall
below their floors, and no report may crash.

Floors are the scores recorded in docs/benchmarks.md (#places-issue-15) minus a small tolerance;
raising a floor is a commit of its own. `python benchmarks/place_resolution.py` prints the scores.
"""

import pytest

from faultlines.evaluate.places import PLACE_REPORTS, evaluate_places

TOLERANCE = 0.01
FLOORS = {
    "dev": {"precision": 0.974, "recall": 0.870, "near": 0.913, "near_all": 0.841, "country": 0.963,
            "admin1": 0.879, "located": 0.951},
    "test": {"precision": 0.965, "recall": 0.893, "near": 0.902, "near_all": 0.852, "country": 0.962,
             "admin1": 0.877, "located": 0.941},
}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_place_gate(pipeline, split):
    result = evaluate_places(pipeline, PLACE_REPORTS, split)
    assert result["crashed"] == 0, result["errors"]
    scores = {"precision": result["precision"], "recall": result["recall"],
              **{name: result["fields"][name]["accuracy"] for name in ("near", "near_all", "country", "admin1",
                                                                        "located")}}
    for name, floor in FLOORS[split].items():
        assert scores[name] >= floor - TOLERANCE, (split, name, scores)
