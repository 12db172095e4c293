"""The record types serialise to the contract and back."""

from faultlines.model import Analysis, Claim, Document, Entity, Quantity, Relation, Span


def test_model_round_trip_and_whole_numbers():
    doc = Document("abc", "ISIS-K has 4000 fighters.", title="t")
    a = Analysis(doc, entities=(Entity("isis-k", "ISIS-K", "armed_group", mentions=(Span(0, 6, "ISIS-K"),)),),
                 relations=(Relation("hostile", "isis-k", "taliban", Span(0, 6, "ISIS-K")),),
                 claims=(Claim("isis-k", "fighters", Quantity(4000.0, 4000.0), Span(0, 25, doc.text)),))
    d = a.to_dict()
    assert d["claims"][0]["value"] == {"low": 4000, "high": 4000, "approx": False}
    assert isinstance(d["claims"][0]["value"]["low"], int)
    assert Analysis.from_dict(d).to_dict() == d
