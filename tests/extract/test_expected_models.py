"""Documents against the models the developers wrote down for them (tests/extract/expected/).

The sample article (ISIS-K, ../shared) must reach 90% of its expected facts in every category
(the issue's bar). Every file's scores are pinned as floors, with a small tolerance; raising a
floor is a commit of its own (docs/benchmarks.md records the numbers and the command).
"""

from pathlib import Path

import pytest

from faultlines.evaluate.expected import CATEGORIES, REPO, Score, load_expected, score
from faultlines.ingest import read_documents
from tests.conftest import SHARED

EXPECTED = Path(__file__).parent / "expected"
TOLERANCE = 0.02
# (recall, precision) floors per file and category.
FLOORS = {
    # Events 15 of 16, and that one found without its actor: the parse makes "attack to the Shiite
    # mosques ... have been one of ISIS-K's major efforts" a clause of its own whose owner it
    # cannot reach (session 4's phrase rules read it from word order); issue 14 moved events onto
    # the parse.
    "sample_000.yaml": {"relations": (1.0, 0.94), "events": (0.93, 0.93), "claims": (1.0, 1.0),
                        "attributions": (1.0, 1.0), "causal_links": (1.0, 1.0)},
    "example_sahel.yaml": {"relations": (1.0, 0.77), "events": (1.0, 1.0), "claims": (1.0, 1.0),
                           "attributions": (1.0, 1.0), "causal_links": (1.0, 1.0)},
    "example_sudan.yaml": {"relations": (0.75, 1.0), "events": (1.0, 1.0), "claims": (1.0, 1.0),
                           "attributions": (1.0, 1.0), "causal_links": (1.0, 1.0)},
}

@pytest.fixture(scope="module")
def scores(pipeline):
    out = {}
    for name in FLOORS:
        expected = load_expected(EXPECTED / name)
        root = REPO if expected.get("root") == "repository" else SHARED
        path = root / expected["document"]
        if not path.exists():
            continue  # the shared sample is not beside the repository
        out[name] = score(pipeline.analyze(read_documents(path)[0]), expected)
    return out


@pytest.mark.parametrize("name", sorted(FLOORS))
@pytest.mark.parametrize("category", CATEGORIES)
def test_expected_model_floors(scores, name, category):
    if name not in scores:
        pytest.skip(f"{name}: its document is not present")
    s = scores[name][category]
    recall, precision = FLOORS[name][category]
    assert s.recall >= recall - TOLERANCE, s.misses
    assert s.precision >= precision - TOLERANCE, (s.found, s.correct)


def test_scoring_counts_a_miss_and_a_wrong_fact(analyze_text):
    analysis = analyze_text("ISIS-K and the Taliban have declared war against each other.")
    expected = {"relations": [
        {"type": "hostile", "source": "taliban", "target": "isis-k", "quote": "declared war"},
        {"type": "allied", "source": "taliban", "target": "isis-k", "quote": "declared war"},
    ]}
    s: Score = score(analysis, expected)["relations"]
    assert (s.expected, s.matched, s.found, s.correct) == (2, 1, 1, 1)
    assert s.misses == [expected["relations"][1]]
    wrong = score(analysis, {"relations": [{"type": "allied", "source": "taliban", "target": "isis-k",
                                            "quote": "declared war"}]})["relations"]
    assert (wrong.recall, wrong.precision) == (0.0, 0.0)
