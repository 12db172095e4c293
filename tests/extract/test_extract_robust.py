"""No text makes analysis fail: random and mutated real sentences through the whole pipeline, with
every extractor, must give a model whose facts point into the text and into its entities."""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.ingest import make_document
from tests.conftest import REPO, SHARED

PLOVER_GSR = SHARED / "datasets" / "plover-gsr-dev" / "PLOVER_GSR_dev.json"
REPORTS = REPO / "tests" / "evaluate" / "event_reports"


def _real_sentences() -> list[str]:
    sentences = ["In the attack on Bama, 12 people were killed.", "X, an affiliate, killed villagers."]
    for path in sorted(REPORTS.glob("*.yaml")):
        for report in yaml.safe_load(path.read_text(encoding="utf-8"))["reports"]:
            sentences += re.split(r"(?<=\.)\s+", report["text"].strip())
    if PLOVER_GSR.exists():
        sentences += [r["text"] for r in json.loads(PLOVER_GSR.read_text(encoding="utf-8"))[1:]]
    return sentences


REAL = _real_sentences()
# What news text and its scrapes are made of, in the places a pattern over numbers or names breaks.
NOISE = [",", ", ,", "(", ")", "(,)", "1,", ",000", "0", "-", "—", "'s", "’", "\n\n", "  ", "killed", "killing",
         "at least", "dozens of", "by", "and", "the", "ISIS-K", "al-Shabaab", "Borno", "\u200b", "�", "...", ":",
         "on 5 May", "on Tuesday", "2024-13-45", "31 February", "999999999999", "n't", "who", "it", "they"]


@st.composite
def mutated(draw) -> str:
    """A real sentence with words dropped, repeated, swapped or replaced by noise."""
    words = draw(st.sampled_from(REAL)).split(" ")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, max(0, len(words) - 1)))
        action = draw(st.sampled_from(["drop", "repeat", "noise", "swap", "case"]))
        if action == "drop" and len(words) > 1:
            del words[i]
        elif action == "repeat":
            words.insert(i, words[i])
        elif action == "noise":
            words.insert(i, draw(st.sampled_from(NOISE)))
        elif action == "swap" and i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
        elif action == "case":
            words[i] = words[i].upper() if draw(st.booleans()) else words[i].lower()
    return " ".join(words)


TEXTS = st.one_of(mutated(), st.text(min_size=1, max_size=200),
                  st.lists(st.sampled_from(NOISE + REAL[:50]), min_size=1, max_size=12).map(" ".join))


def check_model(analysis) -> None:
    text = analysis.document.text
    ids = {e.id for e in analysis.entities}
    for event in analysis.events:
        assert 0 <= event.evidence.start <= event.evidence.end <= len(text)
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert set(event.actors) | set(event.targets) <= ids, event
        assert event.place is None or event.place in ids
        for count in (event.fatalities, event.injured, event.abducted, event.arrested):
            assert count is None or (isinstance(count, int) and count >= 0)
    for relation in analysis.relations:
        assert {relation.source, relation.target} <= ids
    for entity in analysis.entities:
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_a_model(pipeline, text):
    if not text.strip():
        return
    check_model(pipeline.analyze(make_document(text, published="2024-05-07")))


def test_every_real_sentence_gives_a_model(pipeline):
    """Each sentence of the gold sets, alone: none may fail."""
    for analysis in pipeline.analyze_many([make_document(s, published="2024-05-07") for s in REAL]):
        check_model(analysis)
