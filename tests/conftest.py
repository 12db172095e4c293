"""Shared fixtures: the loaded pipeline (once per session), a fresh SQLite store, the sample, and a
store holding the sample and the bundled examples (for the cross-document views and exports)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from faultlines.ingest import make_document, read_documents
from faultlines.pipeline import Pipeline
from faultlines.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "000_e54173abc3a1bb90.txt"
EXAMPLES = REPO / "examples"


def free_port() -> int:
    """A TCP port nothing listens on, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the run: $FAULTLINES_TEST_POSTGRES if set, else a throwaway
    cluster started here (initdb, pg_ctl) on a free loopback port, stopped at the end."""
    if os.environ.get("FAULTLINES_TEST_POSTGRES"):
        yield os.environ["FAULTLINES_TEST_POSTGRES"]
        return
    initdb = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    if initdb is None:
        message = "PostgreSQL is not installed (no initdb); .ci/run installs it"
        if os.environ.get("FAULTLINES_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    bindir = Path(initdb).parent
    home = Path(tempfile.mkdtemp(prefix="faultlines-pg-"))
    # PostgreSQL refuses to run as root: run it as the postgres user the package creates.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(home, "postgres")
    data = home / "data"
    port = free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-o",
                    f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the test server, dropped afterwards."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """A fresh store of each kind: the store's tests run on both."""
    target = tmp_path / "test.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    store = Store(target)
    yield store
    store.close()
