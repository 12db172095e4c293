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
