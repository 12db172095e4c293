"""Shared fixtures: the loaded pipeline (once per session), a fresh SQLite store, the sample, and a
store holding the sample and the bundled examples (for the cross-document views and exports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultlines.ingest import make_document, read_documents
from faultlines.pipeline import Pipeline
from faultlines.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "000_e54173abc3a1bb90.txt"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.load()


@pytest.fixture(scope="session")
def kb(pipeline):
    return pipeline.kb


@pytest.fixture
def fresh_store(tmp_path) -> Store:
    store = Store(tmp_path / "test.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip("the shared sample article is not present")
    return SAMPLE


@pytest.fixture
def analyze_text(pipeline):
    """Analyze a text written in the test, published on a given date."""

    def run(text: str, published: str | None = "2021-11-09"):
        return pipeline.analyze(make_document(text, published=published))

    return run


@pytest.fixture(scope="session")
def corpus_db(pipeline, sample_path, tmp_path_factory) -> Path:
    """A SQLite store of the sample article and every bundled example, analysed once per run."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Store(path) as store:
        for source in [sample_path, *sorted(p for p in EXAMPLES.iterdir() if p.name != "README.md")]:
            for document in read_documents(source):
                store.save(pipeline.analyze(document))
    return path


@pytest.fixture(scope="session")
def corpus(corpus_db) -> list:
    """The stored models of `corpus_db`, as `Store.analyses()` gives them."""
    with Store(corpus_db) as store:
        return list(store.analyses())
