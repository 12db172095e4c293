"""Quality gate for issue 16's measures on text the pipeline never saw: entity mentions on
CrossNER politics and GUM's test documents, pronoun links on GUM, relations on Re-DocRED.

Floors are the scores in docs/benchmarks.md (#entities-coreference-and-relations-issue-16) minus a
tolerance; raising one is a commit of its own. The benchmarks print the scores:
`python benchmarks/news_entities.py`, `python benchmarks/coreference.py`,
`python benchmarks/relation_redocred.py`.
"""

import pytest

from faultlines.evaluate.coreference import evaluate_coreference
from faultlines.evaluate.news_entities import crossner_documents, evaluate_documents, gum_documents
from faultlines.evaluate.redocred import REDOCRED
from faultlines.evaluate.redocred import evaluate as evaluate_redocred
from tests.conftest import SHARED

TOLERANCE = 0.01
DATASETS = SHARED / "datasets"
ENTITY_FLOORS = {"crossner": 0.559, "gum": 0.512}  # micro F1, exact span
PRONOUN_FLOORS = {"precision": 0.541, "recall": 0.260}  # GUM test, pronouns
RELATION_FLOOR = 0.042  # Re-DocRED test, micro F1 of member_of and leads (patterns and classifier)


@pytest.mark.parametrize("dataset", sorted(ENTITY_FLOORS))
def test_entities_in_unseen_news(pipeline, dataset):
    if not DATASETS.exists():
        pytest.skip("../shared/datasets is not present")
    docs = (crossner_documents(DATASETS / "crossner-politics" / "test.txt") if dataset == "crossner"
            else gum_documents(DATASETS / "gum-open-subset"))
    ours = evaluate_documents(pipeline, docs)["exact"]["micro"]["f1"]
    bare = evaluate_documents(pipeline, docs, bare=True)["exact"]["micro"]["f1"]
    assert ours >= ENTITY_FLOORS[dataset] - TOLERANCE and ours > bare, (ours, bare)


def test_pronouns_reach_their_person(pipeline):
    if not DATASETS.exists():
        pytest.skip("../shared/datasets is not present")
    links = evaluate_coreference(pipeline, DATASETS / "gum-open-subset")["links"]["pronoun"]
    for name, floor in PRONOUN_FLOORS.items():
        assert links[name] >= floor - TOLERANCE, (name, links)


def test_relations_on_redocred(pipeline):
    if not REDOCRED.exists():
        pytest.skip("Re-DocRED is not present")
    result = evaluate_redocred(pipeline, "test")
    assert result["crashed"] == 0 and result["micro"]["f1"] >= RELATION_FLOOR - TOLERANCE / 2, result["micro"]
