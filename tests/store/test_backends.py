"""The store's behaviour, on SQLite and on a real PostgreSQL server alike."""

import pytest

from faultlines.analyze.dossier import build_dossier
from faultlines.corpus import ingest
from faultlines.engines import InProcess
from faultlines.errors import StoreError
from faultlines.ingest import make_document
from faultlines.model import Analysis, Document, Relation, Span
from tests.conftest import EXAMPLES

TEXT = ("ISIS-K and the Taliban have declared war against each other in Nangarhar. According to the UN, "
        "ISIS-K has between 1,500 and 2,200 fighters.")


def test_saved_analysis_comes_back_equal(any_store, analyze_text):
    analysis = analyze_text(TEXT)
    any_store.save(analysis)
    assert any_store.analysis(analysis.document.id) == analysis
    any_store.save(analysis)  # saving again replaces, never duplicates
    assert any_store.counts()["documents"] == 1
    assert any_store.counts()["relations"] == len(analysis.relations) > 0


def test_many_analyses_read_in_batches_come_back_equal(any_store, analyze_text, monkeypatch):
    import faultlines.store as store_module

    monkeypatch.setattr(store_module, "READ_BATCH", 2)  # three batches for five documents
    texts = [TEXT, "JNIM attacked an army post in Djibo, Burkina Faso.", "Nothing to name here.",
             "Al-Shabaab fighters ambushed AU troops near Mogadishu.", TEXT.replace("UN", "the Taliban")]
    saved = [analyze_text(t, published=f"2024-0{i + 1}-01") for i, t in enumerate(texts)]
    any_store.save_batch(saved)
    assert list(any_store.analyses()) == saved  # oldest publication first, as saved here
    assert [a.document.id for a in any_store.analyses(involving="isis-k")] == \
        [saved[0].document.id, saved[4].document.id]


def test_failed_batch_leaves_nothing(any_store, analyze_text):
    good = analyze_text(TEXT)
    bad = Analysis(Document("bad", "text"), relations=(Relation("hostile", "nobody", "nothing", Span(0, 4, "text")),))
    with pytest.raises(StoreError, match="could not save documents .* nothing of them was written") as err:
        any_store.save_batch([good, bad])
    assert "\n" not in str(err.value)
    assert any_store.counts() == dict.fromkeys(any_store.counts(), 0)


def test_queries_summary_search_and_lookup(any_store, analyze_text):
    analysis = analyze_text(TEXT)
    any_store.save(analysis)
    summary = any_store.summary()
    assert summary["actors"][0]["name"] == "Islamic State Khorasan Province"
    assert ("hostile", "Islamic State Khorasan Province", "Taliban") in {
        (r["type"], r["source"], r["target"]) for r in summary["relations"]}
    assert [h["id"] for h in any_store.search("Nangarhar")] == [analysis.document.id]
    assert "[Nangarhar]" in any_store.search("Nangarhar")[0]["snippet"]
    assert any_store.find_entity("ISKP").id == "isis-k"
    assert "ISIS-K" in any_store.find_entity("isis-k").aliases
    assert any_store.document_ids(involving="taliban") == [analysis.document.id]
    assert any_store.known([analysis.document.id, "other"]) == {analysis.document.id}


def test_duplicates_and_bands(any_store, analyze_text):
    original = analyze_text(TEXT)
    copy = make_document(TEXT + " Reporting by a correspondent.")
    any_store.save_batch([original], [(copy, original.document.id)], {original.document.id: ["a", "b", "c"]})
    assert any_store.duplicates() == {copy.id: original.document.id}
    assert any_store.band_matches(["x", "b", "c"]) == [original.document.id]
    assert any_store.band_matches(["x", "y", "z"]) == []
    assert any_store.analysis(copy.id).relations == ()


def test_ingest_and_dossier_on_either_store(any_store, pipeline):
    summary = ingest([EXAMPLES], any_store, InProcess(pipeline))
    assert (summary.new, len(summary.failed)) == (7, 0)
    jnim = any_store.find_entity("JNIM")
    dossier = build_dossier(jnim, any_store.analyses(involving=jnim.id))
    assert ("jnim", "wagner-group") in {(r.source, r.target) for r in dossier.relations if r.type == "hostile"}
    assert [d.document_id for d in dossier.sources] == any_store.document_ids(involving="jnim")
