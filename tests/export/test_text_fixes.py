"""Wording of the readable outputs (report, dossier text and HTML): no "[None, None]", no "-0.00",
singular and plural agreeing with their numbers."""

import re

import pytest

from faultlines.analyze.dossier import build_dossier
from faultlines.export.dossier import render
from faultlines.export.report import coordinates, place_tag, plural, to_markdown, to_text
from faultlines.model import Analysis, Document, Entity, Relation, Span

TEXT = "ISIS-K fights the Taliban near Null Island and in Nowhere."


def one_document() -> Analysis:
    def at(words):
        return Span(TEXT.index(words), TEXT.index(words) + len(words), words)

    entities = (
        Entity("isis-k", "ISIS-K", "armed_group", mentions=(at("ISIS-K"),)),
        Entity("taliban", "Taliban", "armed_group", mentions=(at("Taliban"),)),
        # A place at a hair south-west of 0,0, and one the resolver knows nothing about.
        Entity("place:null", "Null Island", "place", admin_level="city", lat=-0.001, lon=-0.004,
               mentions=(at("Null Island"),)),
        Entity("place:nowhere", "Nowhere", "place", mentions=(at("Nowhere"),)),
    )
    relations = (Relation("hostile", "isis-k", "taliban", Span(0, len(TEXT), TEXT)),
                 Relation("located_in", "isis-k", "place:null", Span(0, len(TEXT), TEXT)))
    return Analysis(Document("d1", TEXT, title="One", published="2024-01-01"), entities, relations=relations)



@pytest.mark.issue(18)
def test_wording_helpers():
    assert (plural(1, "statement"), plural(0, "document"), plural(2, "causal link")) == (
        "1 statement", "0 documents", "2 causal links")
    assert (place_tag(None, None), place_tag("city", None), place_tag("city", "AF")) == ("", " [city]", " [city, AF]")
    assert coordinates(-0.001, -0.004) == "0.00, 0.00" and coordinates(-1.236, 2.0) == "-1.24, 2.00"
    assert coordinates(None, 3.0) == "no coordinates"


@pytest.mark.issue(18)
@pytest.mark.parametrize("render_report", [to_text, to_markdown])
def test_report_has_no_none_and_no_negative_zero(render_report):
    out = render_report(one_document())
    assert "None" not in out and "-0.00" not in out
    assert "Null Island [city] 0.00, 0.00" in out
    assert re.search(r"Nowhere no coordinates", out)


@pytest.mark.issue(18)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_dossier_says_one_statement_in_one_document(fmt):
    a = one_document()
    out = render(build_dossier(a.entity("isis-k"), [a]), fmt)
    assert "1 statement in 1 document" in out
    assert "1 statements" not in out and "1 documents" not in out
    assert "[None" not in out and "-0.00" not in out
