"""Quality gate: event extraction on the PLOVER gold-standard records, PETRARCH's unit tests and the
project's event reports must not fall below their floors, and no sentence of them may crash.

Floors are the scores recorded in docs/benchmarks.md minus a small tolerance; raising a floor is a
commit of its own. `python benchmarks/event_extraction.py --dataset all` prints the scores.
"""

import pytest

from faultlines.evaluate.events import (
    EVENT_REPORTS,
    PETRARCH_TESTS,
    PLOVER_GSR,
    evaluate_petrarch,
    evaluate_plover,
    evaluate_reports,
)

TOLERANCE = 0.01
PLOVER_FLOORS = {"micro_f1": 0.490, "macro_f1": 0.455, "source": 0.688, "target": 0.614}
# PETRARCH's tests code a promised act as the act ("is about to restore ties": cooperate), PLOVER as
# the promise (agree); faultlines follows PLOVER, which cost 0.131 -> 0.109 here.
PETRARCH_FLOORS = {"micro_f1": 0.109}
REPORT_FLOORS = {"detection_recall": 0.757, "precision": 0.528, "actors": 0.526, "targets": 0.342,
                 "acled_type": 0.853, "acled_subtype": 0.789, "date": 0.916, "place": 0.679,
                 "fatalities": 0.779, "admin1": 0.637}


@pytest.fixture(scope="module")
def plover(pipeline):
    if not PLOVER_GSR.exists():
        pytest.skip("the PLOVER gold-standard records are not in ../shared")
    return evaluate_plover(pipeline)


@pytest.fixture(scope="module")
def reports(pipeline):
    return evaluate_reports(pipeline, EVENT_REPORTS)


def test_event_gate_plover(plover):
    assert plover["crashed"] == 0, plover["errors"]
    scores = {"micro_f1": plover["micro"]["f1"], "macro_f1": plover["macro"]["f1"],
              "source": plover["source_accuracy"]["accuracy"], "target": plover["target_accuracy"]["accuracy"]}
    for name, floor in PLOVER_FLOORS.items():
        assert scores[name] >= floor - TOLERANCE, (name, scores)


def test_event_gate_petrarch(pipeline):
    if not PETRARCH_TESTS.exists():
        pytest.skip("PETRARCH's unit tests are not in ../shared")
    result = evaluate_petrarch(pipeline)
    assert result["crashed"] == 0, result["errors"]
    assert result["micro"]["f1"] >= PETRARCH_FLOORS["micro_f1"] - TOLERANCE


def test_event_gate_reports(reports):
    assert reports["crashed"] == 0, reports["errors"]
    scores = {"detection_recall": reports["detection_recall"], "precision": reports["precision"],
              **{name: reports["fields"][name]["accuracy"] for name in REPORT_FLOORS
                 if name in reports["fields"]}}
    for name, floor in REPORT_FLOORS.items():
        assert scores[name] >= floor - TOLERANCE, (name, scores)
