"""Shared fixtures: the loaded pipeline (once per session), a fresh SQLite store, the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultlines.ingest import make_document
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
