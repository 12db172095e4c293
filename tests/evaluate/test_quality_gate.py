"""Quality gate: entity recognition on the developers' part of re3d must not fall below its floor.

Floors are the scores recorded in docs/benchmarks.md minus a small tolerance; raising a floor is a
commit of its own.
"""

import pytest

from faultlines.evaluate.re3d import Score, evaluate
from tests.conftest import SHARED

RE3D = SHARED / "datasets" / "re3d"
FLOORS = {"micro": 0.405, "Organisation": 0.41, "Location": 0.465, "Person": 0.31}
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def scores(pipeline):
    if not RE3D.exists():
        pytest.skip("re3d is not present beside the repository")
    return evaluate(pipeline, RE3D)["overall"]


@pytest.mark.parametrize("type_", sorted(FLOORS))
def test_quality_gate_re3d_entities_f1(scores, type_):
    assert scores[type_]["f1"] >= FLOORS[type_] - TOLERANCE, scores[type_]


def test_quality_gate_score_arithmetic():
    score = Score()
    score.add({(0, 5, "Person"), (6, 9, "Location")}, {(0, 5, "Person"), (10, 12, "Location")})
    assert score.prf() == (0.5, 0.5, 0.5)
    assert score.prf("Person") == (1.0, 1.0, 1.0)
