"""The pipeline analyses a batch as it analyses each document; a bad document fails alone."""

from faultlines.engines import InProcess
from faultlines.ingest import read_documents
from faultlines.model import Document
from tests.conftest import EXAMPLES


def test_batch_analysis_equals_one_by_one(pipeline):
    documents = [d for p in sorted(EXAMPLES.iterdir()) if p.name != "README.md" for d in read_documents(p)]
    assert pipeline.analyze_many(documents) == [pipeline.analyze(d) for d in documents]


def test_a_document_that_breaks_the_pipeline_fails_alone(pipeline):
    good = read_documents(EXAMPLES / "sahel_jnim_issp.txt")[0]
    broken = Document("broken", None)  # a record without text, as a faulty reader might make
    outcomes = {o.document.id: o for o in InProcess(pipeline).run([good, broken])}
    assert outcomes[good.id].analysis is not None and outcomes[good.id].error is None
    assert outcomes["broken"].analysis is None
    assert outcomes["broken"].error.startswith("analysis failed (")
    assert outcomes["broken"].error.endswith("please report it with the document")


def test_pieces_of_a_long_text_join_into_the_whole_text():
    from faultlines.pipeline import split_pieces
    text = "\n\n".join(f"Paragraph {i}. " + "Fighting continued near the town. " * (i % 7 + 1) for i in range(400))
    pieces = list(split_pieces(text, 1000))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces) and len(pieces) > 10
    assert all(text[start:start + len(piece)] == piece for start, piece in pieces)
    # Cut between paragraphs where there are any: every piece but the last ends with a blank line.
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])
    # A text with no break at all is still cut, at the size.
    assert [len(p) for _, p in split_pieces("x" * 2500, 1000)] == [1000, 1000, 500]


def test_a_long_document_read_in_pieces_has_the_facts_of_its_paragraphs(pipeline):
    from dataclasses import replace

    from faultlines.ingest import make_document
    paragraphs = [
        "Boko Haram fighters attacked Konduga in Borno State on Monday, killing 12 villagers.",
        "Separately, JNIM claimed an ambush near Djibo in Burkina Faso that killed 9 soldiers.",
        "In Somalia, al-Shabaab shelled a base in Mogadishu on Friday.",
    ] * 20
    document = make_document("\n\n".join(paragraphs))
    whole = pipeline.analyze(document)
    pieces = replace(pipeline, piece_chars=700).analyze(document)
    assert len(document.text) > 700 * 5
    # The same actors and places named, as often, and every span points at its own words (actors
    # known only by a noun, "9 soldiers", depend on what a piece is about, as in short documents).
    def named(analysis):
        return {e.id: len(e.mentions) for e in analysis.entities if e.id.startswith(("place:", "boko", "jnim", "al-"))}
    assert named(pieces) == named(whole) and len(named(whole)) >= 7
    assert {"boko-haram", "jnim", "al-shabaab"} <= {e.id for e in pieces.entities}
    for e in pieces.entities:
        assert all(document.text[m.start:m.end] == m.text for m in e.mentions)
    assert all(document.text[f.evidence.start:f.evidence.end] == f.evidence.text
               for f in (*pieces.events, *pieces.relations, *pieces.claims))
    # The same events (the whole text merges repeated reports of one event, as pieces do within each).
    assert {(e.type, e.actors, e.place, e.fatalities) for e in pieces.events} == \
        {(e.type, e.actors, e.place, e.fatalities) for e in whole.events}
    assert any(e.fatalities == 12 and e.actors == ("boko-haram",) for e in pieces.events)
