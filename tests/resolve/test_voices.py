"""Issue 16: "I" and "we" are whoever speaks: a quote's speaker, a statement's minister, or the
author of a statement that speaks for itself."""

from faultlines.ingest import make_document


def referents(analysis, word):
    return {e.id for e in analysis.entities if any(m.text == word for m in e.mentions)}


def test_we_in_a_quote_is_the_speakers_group(analyze_text):
    a = analyze_text('"We will not lay down our weapons," a Houthi spokesman told reporters.')
    assert referents(a, "We") == {"houthis"} and referents(a, "our") == {"houthis"}
    b = analyze_text('"We carried out the raid," al-Shabaab said in a statement on Sunday.')
    assert referents(b, "We") == {"al-shabaab"}


def test_i_is_the_person_who_speaks(analyze_text):
    a = analyze_text("Defence Minister Ben Wallace said: I am appalled by the attack on Kabul airport.")
    person = next(e for e in a.entities if e.kind == "person")
    assert person.name == "Ben Wallace" and "I" in [m.text for m in person.mentions]
    b = analyze_text('"I was not told about the strike," Anna Keller said.')
    assert referents(b, "I") == {next(e.id for e in b.entities if e.kind == "person" and e.name == "Anna Keller")}


def test_we_in_a_statement_is_its_author(pipeline):
    text = ("The Government condemns the bombing of the market in Mogadishu. We call on all parties "
            "to respect international law, and our embassy stands ready to help.")
    a = pipeline.analyze(make_document(text, publisher="Foreign Ministry of Norway"))
    author = next(e for e in a.entities if e.id == "generic:author")
    assert author.name == "Foreign Ministry of Norway"
    assert {m.text for m in author.mentions} == {"We", "our"}
    unnamed = pipeline.analyze(make_document("We welcome the ceasefire agreed in Doha."))
    assert next(e.name for e in unnamed.entities if e.id == "generic:author") == "the document's author"


def test_a_quote_whose_speaker_has_no_side_and_the_country_us_are_left_alone(analyze_text):
    a = analyze_text('"We ran when the shelling started," a woman in Kharkiv said.')
    assert referents(a, "We") == set()
    b = analyze_text("US forces struck a depot in Syria, officials said.")
    assert "generic:author" not in {e.id for e in b.entities}
