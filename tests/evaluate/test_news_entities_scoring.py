"""The news-like entity readers and scorers (faultlines/evaluate/news_entities.py): CrossNER and GUM
read from hand-written samples, scored against hand-made analyses: no pipeline run."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from faultlines.evaluate.news_entities import (
    NerDocument,
    comparable,
    crossner_documents,
    evaluate_documents,
    gum_documents,
    gum_ner_document,
    gum_split,
    read_crossner,
    read_gum,
    score_documents,
)
from faultlines.model import Analysis, Entity, Span
from tests.conftest import SHARED

CROSSNER = SHARED / "datasets" / "crossner-politics" / "test.txt"
GUM = SHARED / "datasets" / "gum-open-subset"

CROSSNER_SAMPLE = """Obama\tB-politician
met\tO
the\tO
Taliban\tB-organisation
in\tO
Doha\tB-location
before\tO
the\tO
2012\tB-election
election\tI-election
.\tO

Hamas\tB-politicalparty
ruled\tO
Gaza\tB-country
.\tO
"""

# "The Taliban's leader spoke in Kabul. He said the group would fight.\nMullah Omar founded it. His men obeyed."
# GUM's Entity= brackets: (chain-type-infstat-salience-centering-minspan-link[-identity] ... chain)
GUM_SAMPLE = """# newdoc id = GUM_news_tiny
# newpar
# sent_id = GUM_news_tiny-1
# text = The Taliban's leader spoke in Kabul.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(2-person-new-nnnnn-cf1-3-coref(1-organization-new-sssss-cf2-1-coref-Taliban
2-3\tTaliban's\t_\t_\t_\t_\t_\t_\t_\t_
2\tTaliban\tTaliban\tPROPN\tNNP\t_\t4\tnmod:poss\t_\t_
3\t's\t's\tPART\tPOS\t_\t2\tcase\t_\tEntity=1)
4\tleader\tleader\tNOUN\tNN\t_\t5\tnsubj\t_\tEntity=2)
5\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
6\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
7\tKabul\tKabul\tPROPN\tNNP\t_\t5\tobl\t_\tEntity=(3-place-new-nnnnn-cf3-1-sgl-Kabul)|SpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = GUM_news_tiny-2
# text = He said the group would fight.
1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(2-person-giv:act-nnnnn-cf1-1-ana)
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(1-organization-giv:inact-sssss-cf2-2-coref-Taliban
4\tgroup\tgroup\tNOUN\tNN\t_\t6\tnsubj\t_\tEntity=1)
5\twould\twould\tAUX\tMD\t_\t6\taux\t_\t_
6\tfight\tfight\tVERB\tVB\t_\t2\tccomp\t_\tSpaceAfter=No
6.1\tfought\t_\t_\t_\t_\t_\t_\t_\tCopyOf=6
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# newpar
# sent_id = GUM_news_tiny-3
# text = Mullah Omar founded it.
1\tMullah\tMullah\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(4-person-new-nnnnn-cf1-1,2-coref-Mullah_Omar
2\tOmar\tOmar\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=4)
3\tfounded\tfound\tVERB\tVBD\t_\t0\troot\t_\t_
4\tit\tit\tPRON\tPRP\t_\t3\tobj\t_\tEntity=(1-organization-giv:inact-sssss-cf1-1-coref-Taliban)|SpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = GUM_news_tiny-4
# text = His men obeyed.
1\tHis\the\tPRON\tPRP$\t_\t2\tnmod:poss\t_\tEntity=(5-person-new-nnnnn-cf1-2-sgl(4-person-giv:act-nnnnn-cf1-1-ana-Mullah_Omar)
2\tmen\tman\tNOUN\tNNS\t_\t3\tnsubj\t_\tEntity=5)
3\tobeyed\tobey\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_
"""
GUM_TEXT = ("The Taliban's leader spoke in Kabul. He said the group would fight.\n"
            "Mullah Omar founded it. His men obeyed.")


def need(path):
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def named(doc, spans):
    return sorted((doc.text[s:e], t) for s, e, t in spans)


class StubPipeline:
    """Answers `analyze` with hand-made entities and `nlp` with hand-made NER spans: what
    predicted_spans and bare_ner_spans read."""

    def __init__(self, entities=(), ents=()):
        self.entities, self.ents = tuple(entities), list(ents)

    def analyze(self, document):
        return Analysis(document, entities=self.entities)

    def nlp(self, text):
        return SimpleNamespace(ents=[SimpleNamespace(start_char=s, end_char=e, label_=label)
                                     for s, e, label in self.ents])


def entity(eid: str, kind: str, text: str, *spans: tuple[int, int]) -> Entity:
    return Entity(eid, eid, kind, mentions=tuple(Span(s, e, text[s:e]) for s, e in spans))


# --- CrossNER ------------------------------------------------------------------------------------


def test_crossner_reader_groups_sentences_and_maps_labels(tmp_path):
    path = write(tmp_path, "test.txt", CROSSNER_SAMPLE)
    (doc,) = read_crossner(path, group=10)
    assert doc.text == "Obama met the Taliban in Doha before the 2012 election .\nHamas ruled Gaza ."
    assert named(doc, doc.gold) == [("Doha", "Location"), ("Gaza", "Location"), ("Hamas", "Organisation"),
                                    ("Obama", "Person"), ("Taliban", "Organisation")]
    assert [doc.text[s:e] for s, e in doc.ignored] == ["2012 election"]
    first, second = read_crossner(path, group=1)
    assert second.text == "Hamas ruled Gaza ." and named(second, second.gold) == [("Gaza", "Location"),
                                                                                   ("Hamas", "Organisation")]
    assert first.ignored == frozenset({(41, 54)})


def test_crossner_scores_faultlines_and_the_bare_ner(tmp_path):
    doc = read_crossner(write(tmp_path, "test.txt", CROSSNER_SAMPLE), group=1).__next__()
    text = doc.text
    ours = StubPipeline([
        entity("obama", "person", text, (0, 5)),
        entity("taliban", "armed_group", text, (14, 21)),
        entity("place:doha", "place", text, (25, 29)),
        entity("new:doha-talks", "organisation", text, (25, 29)),  # a wrong type: a false Organisation
        entity("new:election", "organisation", text, (46, 54)),  # inside the election: not compared
    ])
    result = evaluate_documents(ours, [doc])["exact"]
    assert result["Organisation"] == {"precision": 0.5, "recall": 1.0, "f1": 0.667, "gold": 1, "predicted": 2}
    assert result["micro"] == {"precision": 0.75, "recall": 1.0, "f1": 0.857, "gold": 3, "predicted": 4}
    assert "head" not in evaluate_documents(ours, [doc])  # CrossNER spans are names: no head reading
    bare = StubPipeline(ents=[(0, 5, "PERSON"), (14, 21, "NORP"), (25, 29, "GPE"), (41, 45, "DATE")])
    result = evaluate_documents(bare, [doc], bare=True)["exact"]
    assert result["Organisation"]["recall"] == 0.0  # "Taliban" as a nationality is no organisation
    assert result["micro"] == {"precision": 1.0, "recall": 0.667, "f1": 0.8, "gold": 3, "predicted": 2}
    # "the Taliban": the article is no part of the name, for either system.
    assert comparable(doc, {(10, 21, "Organisation")}) == {(14, 21, "Organisation")}


# --- GUM -----------------------------------------------------------------------------------------


def test_gum_reader_rebuilds_the_text_and_every_mention(tmp_path):
    doc = read_gum(write(tmp_path, "GUM_news_tiny.conllu", GUM_SAMPLE))
    assert doc.id == "GUM_news_tiny" and doc.text == GUM_TEXT
    got = [(m.text, m.chain, m.type, m.form, doc.text[m.head[0]:m.head[1]]) for m in doc.mentions]
    assert got == [
        ("The Taliban's", "1", "organization", "named", "Taliban"),
        ("The Taliban's leader", "2", "person", "nominal", "leader"),
        ("Kabul", "3", "place", "named", "Kabul"),
        ("He", "2", "person", "pronoun", "He"),
        ("the group", "1", "organization", "nominal", "group"),
        ("Mullah Omar", "4", "person", "named", "Mullah"),
        ("it", "1", "organization", "pronoun", "it"),
        ("His", "4", "person", "pronoun", "His"),
        ("His men", "5", "person", "nominal", "men"),
    ]


def test_gum_gold_is_the_named_mentions_without_article_or_possessive(tmp_path):
    doc = gum_ner_document(read_gum(write(tmp_path, "GUM_news_tiny.conllu", GUM_SAMPLE)))
    assert named(doc, doc.gold) == [("Kabul", "Location"), ("Mullah Omar", "Person"), ("Taliban", "Organisation")]
    assert doc.ignored == frozenset()
    assert dict(doc.heads)[(68, 79, "Person")] == (68, 74)  # "Mullah": the head of "Mullah Omar"


def test_gum_scoring_leaves_out_references_and_nationalities(tmp_path):
    doc = gum_ner_document(read_gum(write(tmp_path, "GUM_news_tiny.conllu", GUM_SAMPLE)))
    text = doc.text
    ours = StubPipeline([
        entity("taliban", "armed_group", text, (4, 11), (45, 54)),  # "the group": a reference, not a name
        entity("place:kabul", "place", text, (30, 35), (88, 90)),  # "it": a pronoun, not a name
        entity("new:omar", "person", text, (73, 79), (92, 99)),  # "Omar" (no head); "His men": a reference
        entity("afghans", "community", text, (49, 54)),  # a Nationality: not scored here
    ])
    result = evaluate_documents(ours, [doc])
    assert result["exact"]["micro"] == {"precision": 0.667, "recall": 0.667, "f1": 0.667, "gold": 3, "predicted": 3}
    assert result["exact"]["Person"]["recall"] == 0.0
    assert result["head"]["Person"]["recall"] == 0.0  # "Omar" misses the head word, "Mullah"


def test_head_reading_counts_a_name_inside_the_noun_phrase():
    text = "Cape Canaveral, Florida"
    gold = frozenset({(0, 23, "Location"), (16, 23, "Location")})
    doc = NerDocument("d", text, gold, heads=(((0, 23, "Location"), (0, 4)), ((16, 23, "Location"), (16, 23))))
    found = {(0, 14, "Location"), (16, 23, "Location"), (5, 14, "Person")}
    exact, by_head = score_documents([(doc, found)]), score_documents([(doc, found)], by_head=True)
    assert (exact.tp["Location"], exact.fp["Location"], exact.fn["Location"]) == (1, 1, 1)
    assert (by_head.tp["Location"], by_head.fp["Location"], by_head.fn["Location"]) == (2, 0, 0)
    assert by_head.fp["Person"] == 1  # the head reading never changes a type


# --- the real files ------------------------------------------------------------------------------


def test_crossner_politics_test_file_shape():
    docs = crossner_documents(need(CROSSNER))
    # 651 sentences and 4,209 entities (README): 3,322 of the three types, 887 not scored.
    assert len(docs) == 66 and sum(d.text.count("\n") + 1 for d in docs) == 651
    assert sum(len(d.gold) for d in docs) == 3322 and sum(len(d.ignored) for d in docs) == 887
    assert Counter(t for d in docs for *_, t in d.gold) == {"Organisation": 1466, "Location": 1017, "Person": 839}
    assert all(d.text[s:e] == d.text[s:e].strip() and d.text[s:e] for d in docs for s, e, _ in d.gold)


def test_gum_official_test_documents_shape():
    paths = gum_split(need(GUM))
    # 32 test documents in splits.md; the open genres hold 12 of them (academic, bio, court,
    # interview, news, voyage: two each).
    assert len(paths) == 12 and paths[0].stem == "GUM_academic_discrimination"
    assert {p.stem.split("_")[1] for p in paths} == {"academic", "bio", "court", "interview", "news", "voyage"}
    docs = [read_gum(p) for p in paths]
    assert all(doc.text[m.start:m.end] == m.text for doc in docs for m in doc.mentions)
    assert sum(len(doc.mentions) for doc in docs) == 3142
    gold = gum_documents(GUM)
    assert Counter(t for d in gold for *_, t in d.gold) == {"Location": 272, "Person": 188, "Organisation": 102}
