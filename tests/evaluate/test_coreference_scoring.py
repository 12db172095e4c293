"""The coreference scorer (faultlines/evaluate/coreference.py) on a hand-written GUM sample and
hand-made analyses: no pipeline run."""

from __future__ import annotations

from collections import Counter

import pytest

from faultlines.evaluate.coreference import (
    b3,
    matched_mentions,
    muc,
    predicted_mentions,
    referring,
    score_documents,
)
from faultlines.evaluate.news_entities import gum_split, read_gum
from faultlines.model import Analysis, Document, Entity, Span
from tests.conftest import SHARED
from tests.evaluate.test_news_entities_scoring import GUM_SAMPLE, GUM_TEXT

GUM = SHARED / "datasets" / "gum-open-subset"


@pytest.fixture()
def gum_doc(tmp_path):
    path = tmp_path / "GUM_news_tiny.conllu"
    path.write_text(GUM_SAMPLE, encoding="utf-8")
    return read_gum(path)


def analysis(*entities: tuple[str, str, list[tuple[int, int]]]) -> Analysis:
    return Analysis(Document("d", GUM_TEXT), entities=tuple(
        Entity(eid, eid, kind, mentions=tuple(Span(s, e, GUM_TEXT[s:e]) for s, e in spans))
        for eid, kind, spans in entities))


# "The Taliban's leader spoke in Kabul. He said the group would fight.\nMullah Omar founded it. His men obeyed."
TALIBAN = ("taliban", "armed_group", [(4, 11), (45, 54)])  # "Taliban", "the group"
KABUL = ("place:kabul", "place", [(30, 35), (88, 90)])  # "Kabul", and "it" wrongly
OMAR = ("new:mullah-omar", "person", [(68, 79), (92, 99)])  # "Mullah Omar", "His men" (its leader-like reading)


def test_referring_mentions_need_a_named_mention_before_them(gum_doc):
    # "The Taliban's leader" and "He" belong to a chain never named; "His men" to a chain of its own.
    assert [(m.text, m.form) for m in referring(gum_doc)] == [("the group", "nominal"), ("it", "pronoun"),
                                                              ("His", "pronoun")]


def test_link_accuracy_by_form_and_type(gum_doc):
    predicted = predicted_mentions(analysis(TALIBAN, KABUL, OMAR))
    details: list[dict] = []
    links = score_documents([(gum_doc, predicted)], details)["links"]
    # "the group" -> the Taliban (right); "it" -> Kabul (wrong); "His" not attempted: "His men" is
    # a mention of the men, not inside "His".
    assert links["nominal"] == {"gold": 1, "attempted": 1, "correct": 1, "precision": 1.0, "recall": 1.0}
    assert links["pronoun"] == {"gold": 2, "attempted": 1, "correct": 0, "precision": 0.0, "recall": 0.0}
    assert links["organization"] == {"gold": 2, "attempted": 2, "correct": 1, "precision": 0.5, "recall": 0.5}
    assert links["person"] == {"gold": 1, "attempted": 0, "correct": 0, "precision": 0.0, "recall": 0.0}
    assert links["all"] == {"gold": 3, "attempted": 2, "correct": 1, "precision": 0.5, "recall": 0.333}
    assert [(d["mention"], d["entities"], d["correct"]) for d in details] == [
        ("the group", ["taliban"], True), ("it", ["place:kabul"], False)]


def test_a_pronoun_linked_to_its_named_person_is_correct(gum_doc):
    omar = ("new:mullah-omar", "person", [(68, 79), (92, 95)])  # "His" itself
    links = score_documents([(gum_doc, predicted_mentions(analysis(omar)))])["links"]
    assert links["person"] == {"gold": 1, "attempted": 1, "correct": 1, "precision": 1.0, "recall": 1.0}
    assert links["all"]["recall"] == 0.333


def test_clusters_over_the_mentions_faultlines_produced(gum_doc):
    predicted = predicted_mentions(analysis(TALIBAN, KABUL, OMAR))
    # Taliban -> "The Taliban's" (not the outer "The Taliban's leader": its head is "leader").
    assert matched_mentions(gum_doc, predicted) == [("1", "taliban"), ("3", "place:kabul"), ("1", "taliban"),
                                                    ("4", "new:mullah-omar"), ("1", "place:kabul"),
                                                    ("5", "new:mullah-omar")]
    result = score_documents([(gum_doc, predicted)])
    # B3: precision (2 + 4 x 1/2) / 6, recall (2 x 2/3 + 1 + 1 + 1/3 + 1) / 6.
    assert result["b3"] == {"precision": 0.667, "recall": 0.778, "f1": 0.718}
    # MUC: chain 1 (3 mentions) split in 2: recall 1/2; of 3 entities of 2 mentions, one is right: 1/3.
    assert result["muc"] == {"precision": 0.333, "recall": 0.5, "f1": 0.4}
    assert result["mentions"] == {"gold": 9, "faultlines": 6, "matched": 6}


def test_b3_and_muc_of_identical_and_merged_clusterings():
    same = [("a", "x"), ("a", "x"), ("b", "y")]
    assert b3(same) == (3.0, 3.0) and muc(same) == (1, 1, 1, 1)
    merged = [("a", "x"), ("a", "x"), ("b", "x")]
    precision, recall = b3(merged)
    assert (round(precision / 3, 3), recall / 3) == (0.556, 1.0)
    assert muc(merged) == (1, 1, 1, 2)  # recall 1/1, precision 1/2


def test_gum_test_documents_referring_mentions():
    paths = gum_split(GUM) if GUM.exists() else pytest.skip(f"{GUM} is not present")
    docs = [read_gum(p) for p in paths]
    forms = Counter(m.form for doc in docs for m in referring(doc))
    assert forms == {"pronoun": 254, "nominal": 119}
    assert all(m.type in ("person", "organization", "place") for doc in docs for m in referring(doc))
