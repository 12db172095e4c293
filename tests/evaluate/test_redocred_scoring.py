"""The Re-DocRED relation scorer itself (faultlines/evaluate/redocred.py), on a hand-made document in
Re-DocRED's format and hand-made analyses: no pipeline run. One test reads the real test file."""

from __future__ import annotations

import pytest

from faultlines.evaluate.redocred import (
    PROPERTIES,
    REDOCRED,
    SPLITS,
    GoldTriple,
    PropertyMap,
    Tally,
    read_document,
    read_redocred,
    rebuild_text,
    score_document,
    summary,
    text_offset,
)
from faultlines.ingest import make_document
from faultlines.model import Analysis, Document, Entity, Relation, Span

SENTS = [
    ["Vladimir", "Putin", "is", "a", "member", "of", "United", "Russia", "."],
    ["He", "is", "the", "president", "of", "Russia", "."],
    ["Gazprom", "Neft", "is", "a", "subsidiary", "of", "Gazprom", "."],
    ["Russia", "fought", "in", "the", "Chechen", "War", "."],
]


def vertex(name: str, type_: str, *places: tuple[int, int, int]) -> list[dict]:
    return [{"name": name, "type": type_, "sent_id": s, "pos": [a, b]} for s, a, b in places]


RAW = {
    "title": "Vladimir Putin",
    "sents": SENTS,
    "vertexSet": [
        vertex("Vladimir Putin", "PER", (0, 0, 2)),  # 0
        vertex("United Russia", "ORG", (0, 6, 8)),  # 1
        vertex("Russia", "LOC", (1, 5, 6), (3, 0, 1)),  # 2
        vertex("Gazprom Neft", "ORG", (2, 0, 2)),  # 3
        vertex("Gazprom", "ORG", (2, 6, 7)),  # 4
        vertex("Chechen War", "MISC", (3, 4, 6)),  # 5
    ],
    "labels": [
        {"h": 0, "t": 1, "r": "P102", "evidence": [0]},  # Putin member of the party
        {"h": 2, "t": 0, "r": "P35", "evidence": [1]},  # Russia's head of state is Putin: Putin leads Russia
        {"h": 3, "t": 4, "r": "P749", "evidence": [2]},  # Gazprom Neft's parent is Gazprom
        {"h": 4, "t": 3, "r": "P355", "evidence": [2]},  # the same pair, the other way round
        {"h": 2, "t": 5, "r": "P607", "evidence": [3]},  # participation: not mapped, counted
        {"h": 5, "t": 2, "r": "P710", "evidence": [3]},
        {"h": 2, "t": 5, "r": "P463", "evidence": [3]},  # mapped, but a MISC end is no actor
        {"h": 4, "t": 0, "r": "P571", "evidence": [3]},  # not mapped at all
    ],
}
DOC = read_document(RAW)
TEXT = DOC.text


def span(phrase: str, after: str = "") -> Span:
    start = TEXT.index(phrase, TEXT.index(after) + len(after) if after else 0)
    return Span(start, start + len(phrase), phrase)


def entity(eid: str, kind: str, *mentions: Span) -> Entity:
    return Entity(eid, mentions[0].text, kind, mentions=mentions)


def rel(type_: str, source: str, target: str) -> Relation:
    return Relation(type_, source, target, Span(0, 10, "evidence."))


PUTIN = entity("putin", "person", span("Vladimir Putin"), span("He"))
PARTY = entity("united-russia", "political_party", span("United Russia"))
RUSSIA = entity("russia", "state", span("Russia", after="president of "), span("Russia", after="Gazprom . "))
NEFT = entity("gazprom-neft", "organisation", span("Gazprom Neft"))
GAZPROM = entity("gazprom", "organisation", span("Gazprom", after="subsidiary of "))
ENTITIES = (PUTIN, PARTY, RUSSIA, NEFT, GAZPROM)


def analysis(*relations: Relation, entities=ENTITIES, text: str = TEXT) -> Analysis:
    return Analysis(Document("d", text), entities=tuple(entities), relations=relations)


def scored(*relations: Relation, entities=ENTITIES) -> dict:
    tally = Tally()
    score_document(DOC, analysis(*relations, entities=entities), tally)
    return summary(tally, ("member_of", "leads"))


# --- reading -----------------------------------------------------------------------------------


def test_redocred_rebuilds_text_with_token_offsets():
    text, offsets = rebuild_text([["A", "b", "."], ["C", "."]])
    assert text == "A b . C ."
    assert offsets == [[(0, 1), (2, 3), (4, 5)], [(6, 7), (8, 9)]]


def test_redocred_mentions_become_character_spans():
    assert TEXT.startswith("Vladimir Putin is a member of United Russia . He is")
    for gold in DOC.entities:
        assert all(TEXT[m.start:m.end] == gold.name for m in gold.mentions)
    assert [m.sentence for m in DOC.entities[2].mentions] == [1, 3]


def test_redocred_maps_properties_with_their_direction():
    assert set(DOC.triples) == {
        GoldTriple("member_of", 0, 1, ("P102",)),
        GoldTriple("leads", 0, 2, ("P35",)),  # reversed: the person (tail) leads the country (head)
        GoldTriple("member_of", 3, 4, ("P355", "P749")),  # subsidiary reversed meets parent: one triple
    }
    assert DOC.not_actors == 1  # P463 to the MISC "Chechen War"
    assert DOC.unmapped == {"P607": 1, "P710": 1}


def test_redocred_entity_type_is_the_majority_of_its_mentions():
    raw = {**RAW, "vertexSet": [vertex("Ayyubid", "ORG", (0, 0, 1), (1, 0, 1)) + vertex("Ayyubid", "PER", (2, 0, 1))],
           "labels": []}
    assert read_document(raw).entities[0].type == "ORG"


def test_redocred_text_offset_undoes_stripping():
    assert text_offset(TEXT, TEXT) == 0
    assert text_offset("  A b .", "A b .") == 2
    with pytest.raises(ValueError):
        text_offset("A b .", "A b")


# --- scoring -----------------------------------------------------------------------------------


def test_redocred_true_and_false_positives():
    result = scored(
        rel("member_of", "putin", "united-russia"),  # right
        rel("leads", "putin", "russia"),  # right
        rel("member_of", "gazprom", "gazprom-neft"),  # reversed: the parent is no member of its subsidiary
        rel("member_of", "russia", "united-russia"),  # both ends gold entities, no such triple
        rel("allied", "putin", "russia"),  # no property maps to allied: counted, not scored
    )
    member, leads, micro = result["types"]["member_of"], result["types"]["leads"], result["micro"]
    assert (member["gold"], member["predicted"], member["correct"], member["wrong"]) == (2, 3, 1, 2)
    assert (member["precision"], member["recall"], member["f1"]) == (0.333, 0.5, 0.4)
    assert (leads["gold"], leads["correct"], leads["wrong"], leads["recall"]) == (1, 1, 0, 1.0)
    assert (micro["gold"], micro["correct"], micro["wrong"]) == (3, 2, 2)
    assert (micro["precision"], micro["recall"], micro["f1"]) == (0.5, 0.667, 0.571)
    assert micro["wrong_unknown_end"] == 0
    assert result["unscored_predictions"] == {"allied": 1}
    assert result["properties"]["P355"] == {"type": "member_of", "reverse": True, "gold": 1, "correct": 0,
                                            "both_ends_found": 1}
    assert result["properties"]["P102"]["correct"] == 1


def test_redocred_reversed_gold_direction_is_right_only_one_way():
    assert scored(rel("member_of", "gazprom-neft", "gazprom"))["types"]["member_of"]["correct"] == 1
    assert scored(rel("member_of", "gazprom", "gazprom-neft"))["types"]["member_of"]["wrong"] == 1
    assert scored(rel("leads", "russia", "putin"))["types"]["leads"]["wrong"] == 1


def test_redocred_each_gold_triple_is_found_once():
    putin_again = entity("putin-2", "person", span("Putin"))  # a second entity of ours for the same person
    result = scored(rel("member_of", "putin", "united-russia"), rel("member_of", "putin", "united-russia"),
                    rel("member_of", "putin-2", "united-russia"), entities=(*ENTITIES, putin_again))
    member = result["types"]["member_of"]
    # The same pair twice is one relation; the second entity's is a duplicate, neither right nor wrong.
    assert (member["predicted"], member["correct"], member["wrong"], member["duplicate"]) == (2, 1, 0, 1)
    assert member["precision"] == 1.0 and member["recall"] == 0.5


def test_redocred_an_end_that_is_no_gold_entity_is_wrong():
    office = entity("presidency", "organisation", span("president"))
    result = scored(rel("leads", "putin", "presidency"), entities=(*ENTITIES, office))
    assert result["types"]["leads"]["wrong"] == 1 and result["types"]["leads"]["wrong_unknown_end"] == 1


def test_redocred_symmetric_types_match_either_way_round():
    # No mapped property is symmetric yet; a made-up one shows the rule the scorer applies.
    doc = read_document({**RAW, "labels": [{"h": 4, "t": 3, "r": "PX", "evidence": [2]}]},
                        {"PX": PropertyMap("allied")})
    assert doc.triples == (GoldTriple("allied", 3, 4, ("PX",)),)
    for source, target in (("gazprom", "gazprom-neft"), ("gazprom-neft", "gazprom")):
        tally = Tally()
        score_document(doc, analysis(rel("allied", source, target)), tally, scored=frozenset({"allied"}))
        assert tally.correct["allied"] == 1 and tally.wrong["allied"] == 0


def test_redocred_ceilings_on_recall():
    member, leads = (scored()["types"][t] for t in ("member_of", "leads"))
    assert member["both_ends_found"] == 2 and leads["both_ends_found"] == 1
    # Putin is named in sentence 0, Russia in 1 and 3: the leads triple spans sentences.
    assert member["gold_one_sentence"] == 2 and leads["gold_one_sentence"] == 0
    assert member["both_ends_found_one_sentence"] == 2 and leads["both_ends_found_one_sentence"] == 0
    without_party = scored(entities=(PUTIN, RUSSIA, NEFT, GAZPROM))["types"]["member_of"]
    assert without_party["both_ends_found"] == 1


def test_redocred_a_crashed_document_finds_nothing():
    tally = Tally()
    score_document(DOC, None, tally)
    micro = summary(tally, ("member_of", "leads"))["micro"]
    assert (micro["gold"], micro["predicted"], micro["recall"], micro["both_ends_found"]) == (3, 0, 0.0, 0)


def test_redocred_offsets_follow_a_stripped_analysis():
    # A document opening on a no-break-space token: make_document strips it, so our mentions count
    # from "Vladimir", two characters into the rebuilt text.
    shifted = [[{**m, "pos": [m["pos"][0] + 1, m["pos"][1] + 1]} if m["sent_id"] == 0 else m for m in v]
               for v in RAW["vertexSet"]]
    doc = read_document({**RAW, "sents": [["\u00a0", *SENTS[0]], *SENTS[1:]], "vertexSet": shifted})
    assert doc.text == "\u00a0 " + TEXT
    assert make_document(doc.text).text == TEXT
    tally = Tally()
    score_document(doc, analysis(rel("member_of", "putin", "united-russia")), tally)
    assert tally.correct["member_of"] == 1


# --- the real file ------------------------------------------------------------------------------


def test_redocred_test_file_reads_with_mapped_triples():
    path = REDOCRED / SPLITS["test"]
    if not path.exists():
        pytest.skip(f"{path} is not present")
    docs = read_redocred(path)
    assert len(docs) == 500
    assert sum(len(d.entities) for d in docs) == 9779
    # Names keep Wikipedia's spacing ("Coca-Cola"), the rebuilt text the tokens' ("Coca - Cola").
    spans = [(d.text[e.mentions[0].start:e.mentions[0].end], e.name) for d in docs for e in d.entities]
    assert sum(a == b for a, b in spans) == 9514
    assert sum(a.replace(" ", "") == b.replace(" ", "") for a, b in spans) == 9777
    by_type = {t: sum(g.type == t for d in docs for g in d.triples) for t in ("member_of", "leads")}
    assert by_type == {"member_of": 401, "leads": 137}
    assert all(actor_pair(d, g) for d in docs for g in d.triples)
    assert sum(d.not_actors for d in docs) == 53
    assert {g.type for d in docs for g in d.triples} <= {m.type for m in PROPERTIES.values()}


def actor_pair(doc, triple) -> bool:
    return {doc.entities[triple.source].type, doc.entities[triple.target].type} <= {"PER", "ORG", "LOC"}
